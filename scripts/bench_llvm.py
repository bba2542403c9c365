#!/usr/bin/python3
"""make bench-llvm: the LLVM backend against its peers, every ratio of the
table in the README, in one run (this VM is noisy: compare ratios of runs
made in the same minute, never bare times).

  selective scan D 1536 N 16 L 2048  vs  ../shared/anchors/selective_scan.c dblk_poly   (time ratio, want <= 1)
  sgemm 2048x768 · (3072x768)ᵀ       vs  OpenBLAS through PyTorch, best core type      (GFLOP/s ratio, want >= 0.8)
  Mamba mixer d_model 768, L 2048    vs  the interpreter                                (speedup, want >= 5)
  causal attention H 8, d 64, L 2048 vs  PyTorch 1.13 eager                             (speedup, want >= 3)
  char-LM greedy generation          vs  the interpreter                                (tokens/s ratio, want >= 5)
  Mamba-130m-shaped step, batch 1    vs  params x 4 B / STREAM bandwidth                (time ratio, want <= 1.5)

Each comparison is its own script or Go benchmark; this one runs them and
prints the summary. Run from the repository root: python3 scripts/bench_llvm.py"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANCHORS = os.path.join(ROOT, "..", "shared", "anchors")


def run(cmd, **kw):
    print("$", " ".join(cmd), flush=True)
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, **kw)
    out = p.stdout + p.stderr
    print(out, flush=True)
    return out


def go_bench(pkg, pattern, benchtime="5x"):
    out = run(["go", "test", pkg, "-run", "^$", "-bench", pattern, "-benchtime", benchtime, "-count", "1"])
    res = {}
    for line in out.splitlines():
        m = re.match(r"(Benchmark\S+?)-\d+\s+\d+\s+(\d+) ns/op(.*)", line)
        if m:
            metrics = {u: float(v) for v, u in re.findall(r"([\d.]+) (\S+)", m.group(3))}
            metrics["ns/op"] = float(m.group(2))
            res[m.group(1)] = metrics
    return res


def stream_gbs(threads):
    """STREAM read bandwidth (the read_sum kernel: a step reads each weight once)."""
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "stream")
        subprocess.run(["gcc", "-O3", "-march=native", "-fopenmp", os.path.join(ANCHORS, "stream.c"), "-o", exe], check=True)
        out = subprocess.run([exe, str(1 << 25), "9"], capture_output=True, text=True,
                             env=dict(os.environ, OMP_NUM_THREADS=str(threads))).stdout
        print(out)
        m = re.search(r"read_sum\s+best\s+([\d.]+) GB/s", out)
        return float(m.group(1)) if m else float("nan")


def main():
    rows = []
    # 1. The selective scan against the hand-written C anchor.
    out = run(["sh", "scripts/bench_llvm_scan.sh"])
    for t in (1, 2):
        m = re.search(r"^\s*%d\s.*?([\d.]+)\s*$" % t, out, re.M)
        rows.append(("selective scan, %d thread%s (seqc/anchor time)" % (t, "s" * (t > 1)), m.group(1) if m else "?", "<= 1.0"))
    # 2. sgemm against OpenBLAS.
    out = run([sys.executable, "scripts/bench_llvm_gemm.py"])
    for m in re.finditer(r"^\s*(linear|gemv)\s+(\d)\s.*?([\d.]+)\s*$", out, re.M | re.I):
        rows.append(("%s, %s thread(s) (seqc/OpenBLAS GFLOP/s)" % (m.group(1), m.group(2)), m.group(3), ">= 0.8"))
    # 3, 6. Model-level Go benchmarks.
    res = go_bench("./internal/driver", "MambaMixer|MambaStep", "5x")
    mix_go = res.get("BenchmarkMambaMixer/backend=go", {}).get("ms/forward")
    mix_llvm = res.get("BenchmarkMambaMixer/backend=llvm", {}).get("ms/forward")
    if mix_go and mix_llvm:
        rows.append(("Mamba mixer d768 L2048 (interpreter/llvm time)", "%.2f" % (mix_go / mix_llvm), ">= 5"))
    step = res.get("BenchmarkMambaStep/backend=llvm", {})
    if step:
        bw = stream_gbs(2)
        bound_ms = step["param-MB"] / 1e3 / bw * 1e3
        rows.append(("Mamba-130m step (llvm time / params·4B over STREAM %.0f GB/s)" % bw, "%.2f" % (step["ms/step"] / bound_ms), "<= 1.5"))
    # 4. Attention against torch eager.
    if os.path.exists(os.path.join(ROOT, "scripts", "bench_llvm_attn.py")):
        out = run([sys.executable, "scripts/bench_llvm_attn.py"])
        for m in re.finditer(r"^attention\s+(\d)\s.*?([\d.]+)x?\s*$", out, re.M | re.I):
            rows.append(("causal attention H8 d64 L2048, %s thread(s) (torch eager/seqc time)" % m.group(1), m.group(2), ">= 3"))
    # 5. Char-LM generation.
    res = go_bench("./decode", "Generate", "3x")
    for lm in ("mamba", "llama"):
        g = res.get("BenchmarkGenerate/%s/backend=go" % lm, {}).get("tokens/s")
        n = res.get("BenchmarkGenerate/%s/backend=llvm" % lm, {}).get("tokens/s")
        if g and n:
            rows.append(("%s char-LM greedy (llvm/interpreter tokens/s)" % lm, "%.2f" % (n / g), ">= 5"))
    print("\n%-75s %8s %8s" % ("comparison", "ratio", "target"))
    for name, ratio, target in rows:
        print("%-75s %8s %8s" % (name, ratio, target))


if __name__ == "__main__":
    sys.exit(main())
