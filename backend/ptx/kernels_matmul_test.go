package ptx

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestMatmulKernel: the batched matmul kernel against float64 products
// written here, at sizes across the 64×64 tile and the 16-wide K slice,
// with batch axes broadcast from either side (size 1, missing) and
// merged (several axes that chain).
func TestMatmulKernel(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(7, 7))
	name := "seqc_ptx_test_matmul"
	r := loadEmu(t, kernelDef{matmulSpec(name), func(tg Target, m *Module) error { return EmitMatmul(tg, m, name) }})
	for _, c := range []struct {
		ab, bb, ob []int // batch axes of a, b and the result
		m, k, n    int
	}{
		{nil, nil, nil, 1, 1, 1},
		{nil, nil, nil, 65, 17, 70},
		{[]int{3}, []int{3}, []int{3}, 5, 33, 7},
		{[]int{2, 3}, nil, []int{2, 3}, 3, 9, 66}, // b shared by every product
		{nil, []int{4}, []int{4}, 64, 16, 64},     // a shared
		{[]int{2, 1}, []int{1, 3}, []int{2, 3}, 130, 5, 3},
		{[]int{2, 4, 1, 5}, []int{3, 5}, []int{2, 4, 3, 5}, 2, 3, 4}, // four axes, merged to three
		{[]int{1, 1}, []int{2, 3}, []int{2, 3}, 1, 100, 1},           // a decode step against a batch
	} {
		nb := 1
		for _, d := range c.ob {
			nb *= d
		}
		na, nbb := 1, 1
		for _, d := range c.ab {
			na *= d
		}
		for _, d := range c.bb {
			nbb *= d
		}
		a, b := randF(rng, na*c.m*c.k, 1), randF(rng, nbb*c.k*c.n, 1)
		y := make([]float32, nb*c.m*c.n)
		out := append(append([]int{}, c.ob...), c.m, c.n)
		l, ok := matmulLaunch(out, append(append([]int{}, c.ab...), c.m, c.k), append(append([]int{}, c.bb...), c.k, c.n),
			Buf{a, In}, Buf{b, In}, y)
		if !ok {
			t.Fatalf("%+v: the kernel refuses it", c)
		}
		for _, threads := range []int{1, 2} {
			if err := r.launch(name, l, threads); err != nil {
				t.Fatal(err)
			}
			want := make([]float64, len(y))
			for z := 0; z < nb; z++ {
				// The operands' matrices: each batch axis of the result
				// read back through the operand's own (broadcast) axes.
				idx := make([]int, len(c.ob))
				rem := z
				for d := len(c.ob) - 1; d >= 0; d-- {
					idx[d], rem = rem%c.ob[d], rem/c.ob[d]
				}
				flat := func(shape []int) int {
					f, off := 0, len(c.ob)-len(shape)
					for d, s := range shape {
						i := idx[off+d]
						if s == 1 {
							i = 0
						}
						f = f*s + i
					}
					return f
				}
				za, zb := flat(c.ab), flat(c.bb)
				for i := 0; i < c.m; i++ {
					for j := 0; j < c.n; j++ {
						s := 0.0
						for kk := 0; kk < c.k; kk++ {
							s += float64(a[(za*c.m+i)*c.k+kk]) * float64(b[(zb*c.k+kk)*c.n+j])
						}
						want[(z*c.m+i)*c.n+j] = s
					}
				}
			}
			near(t, fmt.Sprintf("matmul %+v", c), y, want, 1e-5)
		}
	}
}

// TestMatmulBatch: the merged batch axes of a few broadcasts, and more
// than three axes that do not merge refused.
func TestMatmulBatch(t *testing.T) {
	for _, c := range []struct {
		out, a, b []int
		d, sa, sb [3]int
		ok        bool
	}{
		{nil, nil, nil, [3]int{1, 1, 1}, [3]int{}, [3]int{}, true},
		{[]int{2, 3}, []int{2, 3}, []int{2, 3}, [3]int{1, 1, 6}, [3]int{0, 0, 1}, [3]int{0, 0, 1}, true},
		{[]int{2, 3}, []int{2, 1}, []int{3}, [3]int{1, 2, 3}, [3]int{0, 1, 0}, [3]int{0, 0, 1}, true},
		{[]int{2, 1, 3}, nil, []int{2, 1, 3}, [3]int{1, 1, 6}, [3]int{}, [3]int{0, 0, 1}, true},
		{[]int{2, 3, 2, 3}, []int{2, 1, 2, 1}, []int{3, 1, 3}, [3]int{}, [3]int{}, [3]int{}, false},
	} {
		d, sa, sb, ok := matmulBatch(c.out, c.a, c.b)
		if ok != c.ok || (ok && (d != c.d || sa != c.sa || sb != c.sb)) {
			t.Errorf("matmulBatch(%v, %v, %v) = %v %v %v %v, want %v %v %v %v", c.out, c.a, c.b, d, sa, sb, ok, c.d, c.sa, c.sb, c.ok)
		}
	}
}

// TestMatmulPTX: the kernel's PTX builds with no .extern, no local
// memory (the accumulators are registers) and IEEE rounding only.
func TestMatmulPTX(t *testing.T) {
	checkKernelPTX(t, kernelDef{matmulSpec("seqc_ptx_matmul"), func(tg Target, m *Module) error { return EmitMatmul(tg, m, "seqc_ptx_matmul") }}, true)
}
