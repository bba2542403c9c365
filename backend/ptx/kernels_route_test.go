package ptx

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// TestTopKKernel: the k largest along the middle axis in the interpreter's
// order — a stable sort, descending, NaN above every number, ties (±0
// included) by the lower index — against sort.SliceStable here.
func TestTopKKernel(t *testing.T) {
	needEmu(t)
	name := "seqc_ptx_test_topk"
	r := loadEmu(t, kernelDef{topKSpec(name), func(tg Target, m *Module) error { return EmitTopK(tg, m, name) }})
	rng := rand.New(rand.NewPCG(31, 31))
	nan, negz := float32(math.NaN()), float32(math.Copysign(0, -1))
	specials := []float32{nan, 0, negz, 1, 1, -1, float32(math.Inf(1)), float32(math.Inf(-1)), nan, 2}
	for _, c := range []struct{ outer, size, inner, k int }{{3, 10, 2, 4}, {1, 7, 1, 7}, {2, 300, 3, 2}, {5, 4, 1, 1}} {
		x := randF(rng, c.outer*c.size*c.inner, 1)
		for i := range x {
			if rng.IntN(3) == 0 {
				x[i] = specials[rng.IntN(len(specials))]
			}
		}
		vals, idxs := make([]float32, c.outer*c.k*c.inner), make([]int32, c.outer*c.k*c.inner)
		l := &Launch{Grid: Grid{CeilDiv(c.outer*c.inner, elemBlock), 1}, Ints: []int64{int64(c.outer * c.inner), int64(c.size), int64(c.inner), int64(c.k)},
			Bufs: []Buf{{x, In}, {vals, Out}, {int32Buf(idxs), Out}}}
		if err := r.launch(name, l, 2); err != nil {
			t.Fatal(err)
		}
		greater := func(a, b float32) bool {
			an, bn := a != a, b != b
			if an || bn {
				return an && !bn
			}
			return a > b
		}
		for o := 0; o < c.outer; o++ {
			for i := 0; i < c.inner; i++ {
				at := func(tt int) int { return (o*c.size+tt)*c.inner + i }
				order := make([]int, c.size)
				for tt := range order {
					order[tt] = tt
				}
				sort.SliceStable(order, func(p, q int) bool { return greater(x[at(order[p])], x[at(order[q])]) })
				for j := 0; j < c.k; j++ {
					dst := (o*c.k+j)*c.inner + i
					if idxs[dst] != int32(order[j]) || math.Float32bits(vals[dst]) != math.Float32bits(x[at(order[j])]) {
						t.Fatalf("%+v row (%d, %d) pick %d: (%v, %d), want (%v, %d)", c, o, i, j, vals[dst], idxs[dst], x[at(order[j])], order[j])
					}
				}
			}
		}
	}
}
