#!/bin/sh
# The native conv and recurrent-ssm kernels (backend/llvm conv.go, scan.go)
# against their peers, in one run (this VM is noisy: compare ratios of runs
# made in the same minute):
#
#   - conv at Mamba-130m's shape (1536 channels, 4 taps, bias, silu, L 2048,
#     batch 1; BenchmarkConvMamba) against the interpreter, and its traffic
#     (x read and y written once, 25 MB) against STREAM's copy
#     (../shared/anchors/stream.c) with arrays in DRAM and with arrays of
#     the conv's own size (which fit the L3 cache);
#   - the generic recurrent ssm (256 channels, N 16, L 2048, time-varying
#     a, b, c; BenchmarkScanSSM) against the interpreter, and its traffic
#     (100 MB read) against STREAM's read-only sum.
#
# Times are the best of many runs of each benchmark; each side runs twice,
# interleaved, and the best is kept. "kernel" is the kernel alone; "llvm"
# and "go" the op through the llvm backend and the interpreter, including
# the run's own work (the output buffer, the executor), alike for both.
#
# Run from anywhere: sh scripts/bench_llvm_conv.sh
set -eu
cd "$(dirname "$0")/.."
anchor=../shared/anchors/stream.c
if [ ! -f "$anchor" ]; then
	echo "bench_llvm_conv: $anchor not found (expected next to the repository)" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O3 -march=native -fopenmp "$anchor" -o "$tmp/stream"
go test -c -o "$tmp/llvm.test" ./backend/llvm

run_stream() {
	for t in 1 2; do
		# DRAM: 256 MiB arrays. Conv-sized: 12.6 MB arrays, the conv's x and y.
		OMP_NUM_THREADS=$t "$tmp/stream" $((1 << 25)) 8 |
			awk -v t="$t" '$1 == "copy" { print "stream-copy-dram", t, $3 } $1 == "read_sum" { print "stream-read-dram", t, $3 }' >>"$tmp/rates"
		OMP_NUM_THREADS=$t "$tmp/stream" 1572864 40 |
			awk -v t="$t" '$1 == "copy" { print "stream-copy-l3", t, $3 }' >>"$tmp/rates"
	done
}
run_seqc() {
	# go test -c binaries run in the package directory, like go test.
	(cd backend/llvm && "$tmp/llvm.test" -test.run '^$' -test.bench 'BenchmarkConvMamba$|BenchmarkScanSSM$' \
		-test.benchtime 30x) |
		awk '/^Benchmark(ConvMamba|ScanSSM)\// {
			name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
			split(name, p, "/"); sub(/^threads=/, "", p[3])
			for (i = 1; i <= NF; i++) { if ($(i+1) == "best-ms") ms = $i; if ($(i+1) == "GB/s") gbs = $i }
			print p[1] "-" p[2], p[3], ms, gbs }' >>"$tmp/times"
}
: >"$tmp/rates"
: >"$tmp/times"
run_stream
run_seqc
run_stream
run_seqc

awk '
	FNR == NR { k = $1 " " $2; if (!(k in rate) || $3 > rate[k]) rate[k] = $3; next }
	{ k = $1 " " $2; if (!(k in ms) || $3 < ms[k]) { ms[k] = $3; gbs[k] = $4 } }
	END {
		for (t = 1; t <= 2; t++) {
			printf "threads=%d\n", t
			printf "  STREAM copy: DRAM %.1f GB/s, conv-sized arrays %.1f GB/s; read-only sum: DRAM %.1f GB/s\n",
				rate["stream-copy-dram " t], rate["stream-copy-l3 " t], rate["stream-read-dram " t]
			split("ConvMamba ScanSSM", ks, " ")
			for (i = 1; i <= 2; i++) {
				b = ks[i]
				printf "  %-9s kernel %7.2f ms (%5.1f GB/s)   llvm op %7.2f ms   interpreter op %7.2f ms   interpreter/llvm %5.1fx   interpreter/kernel %5.1fx\n",
					b, ms[b "-kernel " t], gbs[b "-kernel " t], ms[b "-llvm " t], ms[b "-go " t],
					ms[b "-go " t] / ms[b "-llvm " t], ms[b "-go " t] / ms[b "-kernel " t]
			}
			printf "  conv kernel / STREAM copy: %.2f of DRAM, %.2f of conv-sized; scan kernel / STREAM read: %.2f of DRAM\n",
				gbs["ConvMamba-kernel " t] / rate["stream-copy-dram " t], gbs["ConvMamba-kernel " t] / rate["stream-copy-l3 " t],
				gbs["ScanSSM-kernel " t] / rate["stream-read-dram " t]
		}
	}' "$tmp/rates" "$tmp/times"
