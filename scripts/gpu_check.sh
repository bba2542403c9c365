#!/usr/bin/env bash
# The PTX backend on a real NVIDIA GPU (docs/ptx.md).
#
#   scripts/gpu_check.sh            on a machine with an NVIDIA GPU and driver: every reference
#                                   case on --backend ptx, in every mode and streamed, against
#                                   its fixtures; then the benchmark table of issue 15
#   scripts/gpu_check.sh --prepare  on a machine with Go and LLVM 14 (no GPU needed): builds
#                                   bin/gpu/ (the reference test binary, gpubench, the PTX
#                                   cache) for a GPU machine that has neither Go nor llc
#
# Without an NVIDIA GPU and driver it says so and exits 0. It needs no CUDA toolkit: the
# driver (libcuda.so.1) is loaded at run time and JIT-compiles the PTX.
#
# A dry run of the whole script on a CPU (the emulated kernels, no kernel benchmarks):
#   SEQC_GPU_CHECK_BACKEND=ptx-emu scripts/gpu_check.sh
# or the ptx backend's GPU path (runner, copies, resident activations) over the simulated
# driver, whose launches run the emulated kernels:
#   SEQC_PTX_SIMULATE=1 scripts/gpu_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/bin/gpu
export SEQC_CACHE="${SEQC_CACHE:-$out/cache}"
be=${SEQC_GPU_CHECK_BACKEND:-ptx}

prepare() {
	mkdir -p "$out"
	# Static, cgo-free binaries: they run on any Linux x86-64 with a driver;
	# without symbol tables, so bin/gpu stays well under what a device
	# run may carry (64 MiB).
	CGO_ENABLED=0 go test -c -ldflags='-s -w' -o "$out/seqc.test" ./cmd/seqc
	CGO_ENABLED=0 go build -ldflags='-s -w' -o "$out/gpubench" ./backend/ptx/gpubench
	# The PTX of every reference model and of the benchmarks, into the cache.
	go test ./cmd/seqc -run '^TestReferencePTXBuilds$' -count=1
	go run ./backend/ptx/gpubench -prepare
	# The calibration problems' PTX: calibrating over the simulated driver
	# compiles (and caches) what the GPU's calibration will load.
	SEQC_PTX_SIMULATE=1 go run ./backend/ptx/gpubench -calibrate "$out/calibration-simulated.json" >/dev/null
	echo "gpu_check: prepared $out (test binary, gpubench, PTX cache)"
}

if [ "${1:-}" = "--prepare" ]; then
	prepare
	exit 0
fi

sim=false
if [ "$be" = ptx ] && [ "${SEQC_PTX_SIMULATE:-}" = 1 ]; then
	sim=true
fi
if [ "$be" != ptx ] || $sim; then
	echo "gpu_check: dry run on backend $be$($sim && echo ' over the simulated CUDA driver') (no GPU needed)"
elif ! command -v nvidia-smi >/dev/null 2>&1; then
	echo "gpu_check: no NVIDIA GPU here (nvidia-smi not found): nothing to check on hardware."
	echo "gpu_check: the PTX kernels are checked on the CPU by make test (backend ptx-emu)."
	exit 0
elif ! { ldconfig -p 2>/dev/null | grep -q 'libcuda\.so\.1'; } && ! ls /usr/lib*/libcuda.so.1 /usr/lib/*/libcuda.so.1 >/dev/null 2>&1; then
	echo "gpu_check: nvidia-smi is here but the driver library libcuda.so.1 is not: nothing to check."
	exit 0
else
	nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
fi

start=$(date +%s)
if command -v go >/dev/null 2>&1; then
	mkdir -p "$out"
	go test -c -o "$out/seqc.test" ./cmd/seqc
	go build -o "$out/gpubench" ./backend/ptx/gpubench
elif [ ! -x "$out/seqc.test" ] || [ ! -x "$out/gpubench" ]; then
	echo "gpu_check: no Go toolchain here and no prepared binaries in $out: run scripts/gpu_check.sh --prepare on a machine with Go and LLVM 14 and bring bin/gpu along." >&2
	exit 2
fi

# The driver path on one kernel first: a broken binding fails here in
# seconds, with the driver's words, not in the middle of the reference runs.
if [ "$be" = ptx ] && ! $sim; then
	if ! timeout 60 "$out/gpubench" -smoke; then
		echo "gpu_check: the smoke check failed: the driver path (backend/ptx/cuda.go, gpu_run.go) does not work on this GPU; see the error above" >&2
		exit 1
	fi
fi

# Every reference case on ptx, every mode, passes on and off, streamed.
status=0
log=$out/reference.log
(cd cmd/seqc && SEQC_REFERENCE_BACKEND=$be timeout 330 "$out/seqc.test" -test.run '^TestReferenceOn$' -test.v -test.timeout 320s) >"$log" 2>&1 || status=$?
pass=$(grep -c -- '--- PASS: TestReferenceOn/.*/--backend' "$log" || true)
fail=$(grep -c -- '--- FAIL: TestReferenceOn/.*/--backend' "$log" || true)
echo "gpu_check: reference runs on $be: $pass passed, $fail failed (log: $log)"
if [ "$status" -ne 0 ]; then
	grep -E -- '--- FAIL|reference_backend_test|panic|Error' "$log" | head -40 || true
fi

# The benchmark table (the kernel benchmarks need the GPU).
kernels=true
{ [ "$be" = ptx ] && ! $sim; } || kernels=false
timeout 150 "$out/gpubench" -backend "$be" -kernels="$kernels" -steps 64 || status=$?

# ptx's cost model measured on this GPU (select_modes' costs; a later
# session makes it ptx's defaults).
if [ "$be" = ptx ]; then
	timeout 90 "$out/gpubench" -calibrate "$out/calibration-ptx.json" || status=$?
fi
echo "gpu_check: done in $(( $(date +%s) - start ))s"
exit "$status"
