#!/bin/sh
# The native scan region kernel (backend/llvm scanregion*.go: a whole scan,
# here std/rnn's LSTM cell) against its peer and the machine's limits, in
# one run (this VM is noisy: compare ratios of runs made in the same
# minute):
#
#   - BenchmarkScanLSTM (hidden 256, L 1024, batch 1, one thread): "scan"
#     is the cell's scan alone, "layer" the whole one-layer LSTM of
#     examples/rnn/lstm.seq with input 256; each on the llvm backend and on
#     the interpreter, in microseconds per step and their ratio;
#   - the bound of a step: the cell's GEMV reads W_hh (4h x h floats, 1 MiB)
#     once per step, at the read bandwidth of a 1 MiB array (STREAM's
#     read-only sum, ../shared/anchors/stream.c), and does 2·4h·h flops, at
#     the FMA peak (../shared/anchors/fma_peak.c).
#
# Times are the best of the runs of each; each side runs twice,
# interleaved, and the best is kept.
#
# Run from anywhere: sh scripts/bench_llvm_scanregion.sh
set -eu
cd "$(dirname "$0")/.."
anchors=../shared/anchors
for f in stream.c fma_peak.c; do
	if [ ! -f "$anchors/$f" ]; then
		echo "bench_llvm_scanregion: $anchors/$f not found (expected next to the repository)" >&2
		exit 1
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O3 -march=native -fopenmp "$anchors/stream.c" -o "$tmp/stream"
gcc -O3 -march=native -fopenmp "$anchors/fma_peak.c" -o "$tmp/fma_peak"
go test -c -o "$tmp/llvm.test" ./backend/llvm

run_anchors() {
	# 131072 doubles: a 1 MiB array, W_hh's size.
	OMP_NUM_THREADS=1 "$tmp/stream" 131072 400 | awk '$1 == "read_sum" { print "read", $3 }' >>"$tmp/limits"
	OMP_NUM_THREADS=1 "$tmp/fma_peak" 3 | awk '/zmm/ { print "fma", $5 }' >>"$tmp/limits"
}
run_seqc() {
	# go test -c binaries run in the package directory, like go test.
	(cd backend/llvm && "$tmp/llvm.test" -test.run '^$' -test.bench 'BenchmarkScanLSTM$' -test.benchtime 10x) |
		awk '/^BenchmarkScanLSTM\// {
			name = $1; sub(/-[0-9]+$/, "", name); sub(/^BenchmarkScanLSTM\//, "", name)
			for (i = 1; i <= NF; i++) { if ($(i+1) == "llvm-µs/step") l = $i; if ($(i+1) == "go-µs/step") g = $i }
			print name, l, g }' >>"$tmp/times"
}
: >"$tmp/limits"
: >"$tmp/times"
run_anchors
run_seqc
run_anchors
run_seqc

awk '
	FNR == NR { if (!($1 in lim) || $2 > lim[$1]) lim[$1] = $2; next }
	{ if (!($1 in l) || $2 < l[$1]) l[$1] = $2; if (!($1 in g) || $3 < g[$1]) g[$1] = $3 }
	END {
		h = 256
		mem = 4 * h * h * 4 / (lim["read"] * 1e3)  # µs to read W_hh
		fma = 2 * 4 * h * h / (lim["fma"] * 1e3)   # µs of FMAs at peak
		printf "limits (1 thread): 1 MiB read %.1f GB/s, FMA peak %.1f GFLOP/s: a step reads W_hh in %.2f µs, its FMAs take %.2f µs\n",
			lim["read"], lim["fma"], mem, fma
		split("scan layer", ks, " ")
		for (i = 1; i <= 2; i++) {
			k = ks[i]
			printf "%-5s llvm %7.2f µs/step   interpreter %7.2f µs/step   interpreter/llvm %5.1fx", k, l[k], g[k], g[k] / l[k]
			if (k == "scan")
				printf "   llvm at %.0f%% of the read bound", 100 * mem / l[k]
			printf "\n"
		}
	}' "$tmp/limits" "$tmp/times"
