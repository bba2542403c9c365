#!/bin/sh
# The native selective scan (backend/llvm, BenchmarkSelectiveScan) against the
# hand-written C anchor ../shared/anchors/selective_scan.c, variant dblk_poly
# (Mamba-1 scan, D 1536, N 16, L 2048, batch 1, D skip and silu(z) gate), on
# 1 and 2 threads, in one run: this VM is noisy, so compare ratios of runs
# made in the same minute. Each side is run twice, interleaved, and the best
# time of each is kept.
#
# The anchor computes softplus(delta + bias) inside its loop; seqc's op takes
# delta with bias and softplus already applied (the model's GEMM epilogue
# does that). Both ways are reported: "scan" is the op alone, "softplus+scan"
# adds a separate softplus pass over delta, the anchor's full work.
#
# Run from anywhere: sh scripts/bench_llvm_scan.sh
set -eu
cd "$(dirname "$0")/.."
anchor=../shared/anchors/selective_scan.c
if [ ! -f "$anchor" ]; then
	echo "bench_llvm_scan: $anchor not found (expected next to the repository)" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O3 -march=native -ffast-math -fopenmp "$anchor" -lm -o "$tmp/ss_fast"
go test -c -o "$tmp/llvm.test" ./backend/llvm

run_anchor() {
	for t in 1 2; do
		OMP_NUM_THREADS=$t "$tmp/ss_fast" 1536 16 2048 9 dblk_poly |
			awk -v t="$t" '$1 == "dblk_poly" { print "anchor", t, $6 }' >>"$tmp/times"
	done
}
run_seqc() {
	# go test -c binaries run in the package directory, like go test.
	(cd backend/llvm && "$tmp/llvm.test" -test.run '^$' -test.bench 'BenchmarkSelectiveScan$' \
		-test.benchtime 10x -test.count 2) |
		awk '/^BenchmarkSelectiveScan\// {
			name = $1; sub(/^BenchmarkSelectiveScan\//, "", name); sub(/-[0-9]+$/, "", name)
			kind = "scan"; if (name ~ /^softplus\+scan\//) { kind = "softplus+scan"; sub(/^softplus\+scan\//, "", name) }
			sub(/^threads=/, "", name)
			print kind, name, $3 / 1e6 }' >>"$tmp/times"
}
: >"$tmp/times"
run_anchor
run_seqc
run_anchor
run_seqc

awk '
	{ k = $1 " " $2; if (!(k in best) || $3 < best[k]) best[k] = $3 }
	END {
		printf "selective scan D=1536 N=16 L=2048 B=1, best of runs (ms); anchor = dblk_poly, gcc -O3 -march=native -ffast-math\n"
		printf "%8s %10s %15s %10s %12s %20s\n", "threads", "seqc scan", "softplus+scan", "anchor", "scan/anchor", "softplus+scan/anchor"
		for (t = 1; t <= 2; t++) {
			a = best["anchor " t]; s = best["scan " t]; f = best["softplus+scan " t]
			printf "%8d %10.2f %15.2f %10.2f %12.2f %20.2f\n", t, s, f, a, s / a, f / a
		}
	}' "$tmp/times"
