#!/usr/bin/python3
"""Selective scan (Mamba-1, d_inner 1536, d_state 16, L 2048, batch 1):
seqc's interpreter kernel against a well-written PyTorch eager implementation
(Debian's python3-torch, CPU), on 1 and 2 threads, in one script.
Run from the repository root: python3 scripts/bench_selective_scan.py"""
import sys

import torch
import torch.nn.functional as F

from benchlib import best_of, go_bench_seconds

D, N, L = 1536, 16, 2048


def torch_scan(u, delta, A, B, C, Dskip, z):
    # Precompute the decays and inputs for all positions at once, then one
    # vectorised update per position: the fast eager formulation.
    dA = torch.exp(delta[:, :, None] * A)                   # (L, D, N)
    dBu = (delta * u)[:, :, None] * B[:, None, :]          # (L, D, N)
    h = torch.zeros(D, N)
    ys = torch.empty(L, D)
    for t in range(L):
        h = torch.addcmul(dBu[t], dA[t], h)
        ys[t] = h @ C[t]
    return (ys + u * Dskip) * F.silu(z)


def main():
    torch.manual_seed(0)
    u, z = torch.randn(L, D), torch.randn(L, D)
    delta = F.softplus(torch.randn(L, D) - 2)
    A = -torch.arange(1, N + 1, dtype=torch.float32).repeat(D, 1)
    B, C, Dskip = torch.randn(L, N), torch.randn(L, N), torch.ones(D)
    ours = go_bench_seconds("./backend/interp/kernels/ssm", "BenchmarkSelectiveScan")
    print(f"selective scan d_inner={D} d_state={N} L={L} batch 1 (torch {torch.__version__})")
    print(f"{'threads':>8} {'seqc ms':>10} {'torch ms':>10} {'seqc/torch':>11}")
    for threads in (1, 2):
        torch.set_num_threads(threads)
        t = best_of(lambda: torch_scan(u, delta, A, B, C, Dskip, z))
        s = ours.get(threads, float("nan"))
        print(f"{threads:>8} {s * 1e3:>10.1f} {t * 1e3:>10.1f} {s / t:>11.2f}")


if __name__ == "__main__":
    sys.exit(main())
