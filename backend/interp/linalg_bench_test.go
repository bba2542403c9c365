package interp

import (
	"fmt"
	"testing"
)

// BenchmarkLinear times the dense layer every model spends most of its time
// in: x[m×k] · Wᵀ (W is [n×k], PyTorch's layout), at the shape of a Mamba
// in_proj (L 2048, d_model 768 → 2·d_inner 3072). scripts/bench_gemm.py
// runs it next to PyTorch's linear on the same shapes.
func BenchmarkLinear(b *testing.B) {
	const m, k, n = 2048, 768, 3072
	x := make([]float32, m*k)
	w := make([]float32, n*k)
	c := make([]float32, m*n)
	for i := range x {
		x[i] = float32(i%13) * 0.01
	}
	for i := range w {
		w[i] = float32(i%7) * 0.01
	}
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
			gemmRows(threads, m, n, k, x, w, true, nil, c) // touch c once before timing
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				gemmRows(threads, m, n, k, x, w, true, nil, c)
			}
			b.ReportMetric(2*float64(m)*float64(n)*float64(k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
