"""What the PyTorch comparison scripts share: the best time of a few runs,
and the ns/op of a seqc Go benchmark per threads=N sub-benchmark."""
import re
import subprocess
import time


def best_of(fn, n=3):
    fn()
    best = float("inf")
    for _ in range(n):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def go_bench_seconds(pkg, bench):
    """Seconds per op of each threads=N sub-benchmark of bench in pkg, by N."""
    out = subprocess.run(["go", "test", pkg, "-run", "^$", "-bench", bench, "-benchtime", "5x"],
                         capture_output=True, text=True, check=True).stdout
    return {int(m.group(1)): int(m.group(2)) / 1e9 for m in re.finditer(r"threads=(\d+)-\d+\s+\d+\s+(\d+) ns/op", out)}
