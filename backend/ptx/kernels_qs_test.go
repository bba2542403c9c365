package ptx

import (
	"math/rand/v2"
	"testing"
)

// TestQSKernel: the quasiseparable scan, emulated (its own kernel and the
// masked one), against the mixer's definition in float64: the forward sum
// over j < i and the backward sum over j > i, each term a product of
// decays, with operands broadcasting on different axes.
func TestQSKernel(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(12, 12))
	const n = 3
	name, masked := "seqc_ptx_test_qs", "seqc_ptx_test_qs_masked"
	r := loadEmu(t, kernelDef{qsSpec(name), func(tg Target, m *Module) error { return EmitQS(tg, m, name, n, false) }},
		kernelDef{qsSpec(masked), func(tg Target, m *Module) error { return EmitQS(tg, m, masked, 8, true) }})
	B, L, H, P := 2, 9, 3, 130 // P past one block of 128 channels
	xl := []int{B, L, H, P}
	C := H * P
	// af bf cf ab bb cb d, as [B|1, L|1, H|1, P|1, N|1].
	shapes := [][]int{{B, L, H, 1, 1}, {B, L, 1, 1, n}, {1, 1, H, P, n}, {B, L, 1, P, 1}, {1, L, H, 1, n}, {B, 1, 1, 1, n}, {1, 1, H, 1, 1}}
	x := randF(rng, B*L*C, 1)
	ops := make([][]float32, qsOperands)
	for o, s := range shapes {
		cnt := 1
		for _, d := range s {
			cnt *= d
		}
		ops[o] = randF(rng, cnt, 0.9)
	}
	at := func(o, b, tt, h, p, i int) float64 {
		s, idx, off := shapes[o], []int{b, tt, h, p, i}, 0
		for ax := range s {
			v := idx[ax]
			if s[ax] == 1 {
				v = 0
			}
			off = off*s[ax] + v
		}
		return float64(ops[o][off])
	}
	want := make([]float64, len(x))
	for b := 0; b < B; b++ {
		for h := 0; h < H; h++ {
			for p := 0; p < P; p++ {
				c := h*P + p
				xv := func(tt int) float64 { return float64(x[(b*L+tt)*C+c]) }
				for i := 0; i < L; i++ {
					y := at(6, b, i, h, p, 0) * xv(i)
					for j := 0; j < L; j++ {
						for s := 0; s < n; s++ {
							switch {
							case j < i: // cf_{i-1} (Π_{k=j+1..i-1} af_k) bf_j x_j
								prod := 1.0
								for k := j + 1; k <= i-1; k++ {
									prod *= at(0, b, k, h, p, s)
								}
								y += at(2, b, i-1, h, p, s) * prod * at(1, b, j, h, p, s) * xv(j)
							case j > i: // cb_{i+1} (Π_{k=i+1..j-1} ab_k) bb_j x_j
								prod := 1.0
								for k := i + 1; k <= j-1; k++ {
									prod *= at(3, b, k, h, p, s)
								}
								y += at(5, b, i+1, h, p, s) * prod * at(4, b, j, h, p, s) * xv(j)
							}
						}
					}
					want[(b*L+i)*C+c] = y
				}
			}
		}
	}
	for _, kern := range []string{name, masked} {
		ints := make([]int64, 3+3*qsOperands)
		ints[0], ints[1], ints[2] = int64(L), int64(C), n
		offs := make([]int32, qsOperands*C)
		bufs := make([]Buf, qsPtrs)
		for o := range shapes {
			ints[3+3*o], ints[4+3*o], ints[5+3*o] = ssmOperand(shapes[o], xl, offs[o*C:(o+1)*C])
			bufs[qsOp0+o] = Buf{ops[o], In}
		}
		y := make([]float32, len(x))
		bufs[qsX], bufs[qsOff], bufs[qsY] = Buf{x, In}, Buf{int32Buf(offs), In}, Buf{y, Out}
		if err := r.launch(kern, &Launch{Grid: Grid{CeilDiv(C, selBlock), B}, Ints: ints, Bufs: bufs}, 2); err != nil {
			t.Fatal(err)
		}
		near(t, kern, y, want, 1e-5)
	}
}
