package ptx

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestGEMVKernel: the few-row linear kernel against float64 math, with a
// bias and an activation, at sizes across its 8-column blocks and
// 32-lane strides (K below, at and past 32; N past a block).
func TestGEMVKernel(t *testing.T) {
	needEmu(t)
	name := "seqc_ptx_test_gemv"
	r := loadEmu(t, kernelDef{gemvSpec(name), func(tg Target, m *Module) error { return EmitGEMV(tg, m, name, true, "silu") }})
	rng := rand.New(rand.NewPCG(41, 41))
	for _, c := range []struct{ m, n, k int }{{1, 1, 1}, {1, 9, 33}, {2, 70, 100}, {4, 17, 32}, {3, 8, 257}} {
		x, w, b := randF(rng, c.m*c.k, 1), randF(rng, c.n*c.k, 1), randF(rng, c.n, 1)
		y := make([]float32, c.m*c.n)
		for i := range y {
			y[i] = float32(1e30) // every element must be written
		}
		l := &Launch{Grid: Grid{CeilDiv(c.n, gemvCols), 1}, Ints: []int64{int64(c.m), int64(c.n), int64(c.k)},
			Bufs: []Buf{{x, In}, {w, Weight}, {b, Weight}, {y, Out}}}
		if err := r.launch(name, l, 2); err != nil {
			t.Fatal(err)
		}
		want := make([]float64, len(y))
		for i := 0; i < c.m; i++ {
			for j := 0; j < c.n; j++ {
				s := float64(b[j])
				for kk := 0; kk < c.k; kk++ {
					s += float64(x[i*c.k+kk]) * float64(w[j*c.k+kk])
				}
				want[i*c.n+j] = silu64(s)
			}
		}
		near(t, fmt.Sprintf("gemv %+v", c), y, want, 1e-5)
	}
}

// TestGEMVPTX: the GEMV's PTX builds with no .extern and no local memory
// (the per-row sums stay in registers) and barriers between its phases.
func TestGEMVPTX(t *testing.T) {
	name := keyf("gemv", true, "silu")
	checkKernelPTX(t, kernelDef{gemvSpec(name), func(tg Target, m *Module) error { return EmitGEMV(tg, m, name, true, "silu") }}, true)
}
