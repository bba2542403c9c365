#!/bin/sh
# The elementwise and row kernels of the LLVM backend (BenchmarkElementwise,
# BenchmarkRMSNorm in backend/llvm) against the machine's bandwidth (the
# STREAM anchor ../shared/anchors/stream.c) and against the interpreter, in
# one run. This VM is noisy: each side runs three times, interleaved, and the
# best of each is kept; compare the ratios, which come from the same minutes.
#
# GB/s counts the bytes an op must move (inputs read once, output written
# once), STREAM's convention: add moves 12 bytes per element like STREAM's
# add, a unary op or rms_norm 8 like STREAM's scale. Both sides report their
# fastest repetition (best-GB/s; STREAM's "best").
#
#   kernel/...   the launcher on warm buffers (16M floats: memory-bound)
#   llvm/, go/   the op inside a model run, timed alone (its output buffer
#                from the run's pool, the launch, the work), the llvm kernel
#                and the interpreter's implementation
#
# Run from anywhere: sh scripts/bench_llvm_elem.sh
set -eu
cd "$(dirname "$0")/.."
anchor=../shared/anchors/stream.c
if [ ! -f "$anchor" ]; then
	echo "bench_llvm_elem: $anchor not found (expected next to the repository)" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O3 -march=native -fopenmp "$anchor" -o "$tmp/stream"
go test -c -o "$tmp/llvm.test" ./backend/llvm

run_stream() {
	for t in 1 2; do
		OMP_NUM_THREADS=$t "$tmp/stream" $((1 << 24)) 20 |
			awk -v t="$t" '$2 == "best" { print "stream/" $1 "/threads=" t, $3 }' >>"$tmp/gbs"
	done
}
run_seqc() {
	# go test -c binaries run in the package directory, like go test.
	(cd backend/llvm && "$tmp/llvm.test" -test.run '^$' -test.bench 'BenchmarkElementwise|BenchmarkRMSNorm' \
		-test.benchtime 0.3s) |
		awk '/^Benchmark/ {
			name = $1; sub(/-[0-9]+$/, "", name)
			for (i = 2; i <= NF; i++) { if ($(i) == "best-GB/s") g = $(i-1); if ($(i) == "best-ns/call") c = $(i-1) }
			print name, g, c }' >>"$tmp/gbs"
}
: >"$tmp/gbs"
for round in 1 2 3; do
	run_stream
	run_seqc
done

awk '
	{ if (!($1 in best) || $2 > best[$1]) { best[$1] = $2; call[$1] = $3 } }
	function b(k) { return (k in best) ? best[k] : 0 }
	function r(x, y) { return y > 0 ? x / y : 0 }
	END {
		printf "STREAM best GB/s: 1 thread add %.1f scale %.1f triad %.1f; 2 threads add %.1f scale %.1f triad %.1f\n",
			b("stream/add/threads=1"), b("stream/scale/threads=1"), b("stream/triad/threads=1"),
			b("stream/add/threads=2"), b("stream/scale/threads=2"), b("stream/triad/threads=2")
		printf "\nkernels on 16M floats (memory), best GB/s and ratio to STREAM (add for add, scale for the rest)\n"
		printf "%-24s %9s %9s %9s %9s\n", "kernel", "1 thread", "/STREAM", "2 threads", "/STREAM"
		n = split("add add_bias silu exp gelu", ops, " ")
		for (i = 1; i <= n; i++) {
			o = ops[i]; s = (o == "add") ? "add" : "scale"
			k1 = "BenchmarkElementwise/kernel/" o "/n=16777216/threads=1"; k2 = "BenchmarkElementwise/kernel/" o "/n=16777216/threads=2"
			printf "%-24s %9.1f %9.2f %9.1f %9.2f\n", o, b(k1), r(b(k1), b("stream/" s "/threads=1")), b(k2), r(b(k2), b("stream/" s "/threads=2"))
		}
		k1 = "BenchmarkRMSNorm/kernel/n=16777216/threads=1"; k2 = "BenchmarkRMSNorm/kernel/n=16777216/threads=2"
		printf "%-24s %9.1f %9.2f %9.1f %9.2f\n", "rms_norm (d 768)", b(k1), r(b(k1), b("stream/scale/threads=1")), b(k2), r(b(k2), b("stream/scale/threads=2"))

		printf "\nstep mode (768 floats, one token): ns per kernel call (fastest), 1 thread\n"
		n = split("add add_bias silu exp gelu", ops, " ")
		for (i = 1; i <= n; i++) {
			k = "BenchmarkElementwise/kernel/" ops[i] "/n=768/threads=1"
			printf "%-24s %9.0f\n", ops[i], call[k]
		}
		printf "%-24s %9.0f\n", "rms_norm", call["BenchmarkRMSNorm/kernel/n=768/threads=1"]

		printf "\ninside a model run, 1 thread: best GB/s, llvm kernel vs the interpreter\n"
		printf "%-24s %9s %9s %9s\n", "op, floats", "llvm", "go", "llvm/go"
		m = split("768 65536 16777216", ns, " ")
		for (j = 1; j <= m; j++) {
			for (i = 1; i <= 3; i++) {
				o = (i == 1) ? "add" : (i == 2) ? "silu" : "rms_norm"
				if (o == "rms_norm") { kl = "BenchmarkRMSNorm/llvm/n=" ns[j]; kg = "BenchmarkRMSNorm/go/n=" ns[j] }
				else { kl = "BenchmarkElementwise/llvm/" o "/n=" ns[j]; kg = "BenchmarkElementwise/go/" o "/n=" ns[j] }
				printf "%-24s %9.2f %9.2f %9.1f\n", o ", " ns[j], b(kl), b(kg), r(b(kl), b(kg))
			}
		}
	}' "$tmp/gbs"
