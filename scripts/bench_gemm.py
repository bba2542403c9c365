#!/usr/bin/python3
"""Dense layer x[2048×768] · Wᵀ (W [3072×768], a Mamba in_proj at L 2048):
seqc's interpreter (gonum float32 BLAS) against PyTorch's linear (Debian's
python3-torch, CPU), on 1 and 2 threads, in one script. GEMMs are most of a
whole model's time on the interpreter, so this ratio bounds the rest.
Run from the repository root: python3 scripts/bench_gemm.py"""
import sys

import torch
import torch.nn.functional as F

from benchlib import best_of, go_bench_seconds

M, K, N = 2048, 768, 3072


def loaded_blas():
    # Debian's torch calls the system libblas.so.3: netlib's reference BLAS
    # unless libopenblas0-pthread (or another provider) is installed.
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "blas" in line}
    return ", ".join(sorted(libs)) or "none found"


def main():
    torch.manual_seed(0)
    x, w = torch.randn(M, K), torch.randn(N, K)
    flop = 2 * M * N * K
    ours = go_bench_seconds("./backend/interp", "BenchmarkLinear")
    F.linear(x[:2], w)  # loads the BLAS
    print(f"linear {M}x{K} · ({N}x{K})ᵀ, float32, torch {torch.__version__}, BLAS {loaded_blas()}")
    print(f"{'threads':>8} {'seqc ms':>10} {'GFLOP/s':>8} {'torch ms':>10} {'GFLOP/s':>8} {'seqc/torch':>11}")
    for threads in (1, 2):
        torch.set_num_threads(threads)
        t = best_of(lambda: F.linear(x, w), n=5)
        s = ours.get(threads, float("nan"))
        print(f"{threads:>8} {s * 1e3:>10.1f} {flop / s / 1e9:>8.1f} {t * 1e3:>10.1f} {flop / t / 1e9:>8.1f} {s / t:>11.2f}")


if __name__ == "__main__":
    sys.exit(main())
