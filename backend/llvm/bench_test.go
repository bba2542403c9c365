package llvm

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

var siluBench struct {
	once         sync.Once
	kernel, loop float64 // seconds per element
	err          error
}

// BenchmarkSiLU compares the silu kernel with a plain Go loop (float64 math,
// as the interpreter computes it) over 1<<20 floats. Both are timed inside the
// harness program (best of 20 runs), once per benchmark process; the metrics
// are nanoseconds per element and the speedup.
func BenchmarkSiLU(b *testing.B) {
	requireNative(b)
	siluBench.once.Do(func() {
		ks := []Kernel{{Name: "silu", Op: "silu"}}
		text, err := Emit(ks)
		if err != nil {
			siluBench.err = err
			return
		}
		obj, err := Compile(context.Background(), text, TargetCPU)
		if err != nil {
			siluBench.err = err
			return
		}
		out := goRun(b, buildHarness(b, ks, obj), "bench", fmt.Sprint(1<<20), "20")
		if _, siluBench.err = fmt.Sscan(out, &siluBench.kernel, &siluBench.loop); siluBench.err == nil {
			b.Logf("silu over 1<<20 floats: kernel %.3f ns/elem, Go loop %.3f ns/elem, ratio %.1fx",
				siluBench.kernel*1e9, siluBench.loop*1e9, siluBench.loop/siluBench.kernel)
		}
	})
	if siluBench.err != nil {
		b.Fatal(siluBench.err)
	}
	b.ReportMetric(siluBench.kernel*1e9, "kernel-ns/elem")
	b.ReportMetric(siluBench.loop*1e9, "go-ns/elem")
	b.ReportMetric(siluBench.loop/siluBench.kernel, "speedup")
}
