#!/bin/sh
# The block forms of the ssm mixer on the LLVM backend (backend/llvm
# ssmblock*.go) against the interpreter, in one run (this VM is noisy:
# compare ratios of runs made in the same minute):
#
#   - the op alone (BenchmarkSSMBlockSSD, BenchmarkSSMBlockConv): the
#     chunked SSD form at Mamba-2's shape (8 heads × 64 channels, d_state 64,
#     chunks of 16, 64 and 256) and the quadratic form, against the
#     interpreter's ssm.Chunked; the FFT convolution at S4D's (256
#     channels, 32 complex state pairs), against ssm.FFTConv with its
#     spectrum cache warm;
#   - whole mixers through `seqc bench` (every algorithm, best of 3): the
#     Mamba-2 mixer (d_model 256, d_state 64, headdim 64) and the S4D layer
#     (d_model 256, d_state 64) at L 1024 and 4096, --backend go and llvm.
#
# Every measurement runs twice, interleaved, and the best is kept.
#
# Run from anywhere: sh scripts/bench_llvm_ssmblock.sh
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/llvm.test" ./backend/llvm
go build -o "$tmp/seqc" ./cmd/seqc

run_ops() {
	# go test -c binaries run in the package directory, like go test.
	(cd backend/llvm && "$tmp/llvm.test" -test.run '^$' -test.bench 'BenchmarkSSMBlock(SSD|Conv)$' -test.benchtime 5x -test.count 2) |
		awk '/^BenchmarkSSMBlock/ { name = $1; sub(/-[0-9]+$/, "", name); sub(/^BenchmarkSSMBlock/, "", name); print name, $3 / 1e6 }' >>"$tmp/ops"
}
run_models() {
	for be in go llvm; do
		"$tmp/seqc" bench examples/mamba/mamba2_mixer.seq --set d_model=256 --set d_state=64 --set headdim=64 \
			--lengths 1024,4096 --max-quadratic 1024 --backend "$be" |
			awk -v be="$be" '$1 ~ /^[0-9]+$/ { print "mamba2", be, $1, $2, $3, $4, $5, $6 }' >>"$tmp/models"
		"$tmp/seqc" bench examples/s4d/s4d.seq --set d_model=256 --set d_state=64 \
			--lengths 1024,4096 --max-quadratic 1 --backend "$be" |
			awk -v be="$be" '$1 ~ /^[0-9]+$/ { print "s4d", be, $1, $2, $3, $4, $5, $6 }' >>"$tmp/models"
	done
}
: >"$tmp/ops"
: >"$tmp/models"
run_ops
run_models
run_ops
run_models

echo "ssm op alone, ms (best of 4 runs); interp/llvm"
awk '
	{ split($1, p, "/"); impl = p[length(p)]; key = $1; sub("/" impl "$", "", key)
	  k = key SUBSEP impl; if (!(k in t) || $2 < t[k]) t[k] = $2; keys[key] = 1 }
	END { for (key in keys) {
		l = t[key, "llvm"]; g = t[key, "interp"]
		if (g != "") printf "  %-42s llvm %9.3f  interp %9.3f  %6.1fx\n", key, l, g, g / l
		else printf "  %-42s llvm %9.3f\n", key, l } }' "$tmp/ops" | sort

echo "whole mixers, ms per forward (seqc bench, best of 2 runs); go/llvm"
awk '
	{ k = $1 SUBSEP $3; for (i = 4; i <= 8; i++) { m = k SUBSEP $2 SUBSEP i; if (!(m in t) || t[m] == "-" || ($i != "-" && $i + 0 < t[m] + 0)) t[m] = $i }; seen[k] = 1 }
	END { split("auto scan chunked quadratic conv", names, " ")
		for (k in seen) { split(k, q, SUBSEP); line = sprintf("  %-7s L %5d:", q[1], q[2])
			for (i = 4; i <= 8; i++) { g = t[k, "go", i]; l = t[k, "llvm", i]
				if (g == "-" || l == "-" || l == 0) continue
				line = line sprintf("  %s %.1f/%.1f (%.1fx)", names[i - 3], g, l, g / l) }
			print line } }' "$tmp/models" | sort
