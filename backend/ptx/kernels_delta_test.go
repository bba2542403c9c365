package ptx

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDeltaKernel: the recurrent delta rule, emulated, against the
// recurrence in float64 (gated, two Householder steps per token, an
// initial and a final state, V past one block of columns).
func TestDeltaKernel(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(11, 11))
	const kd, scale = 5, 0.4
	name := "seqc_ptx_test_delta"
	masked := "seqc_ptx_test_delta_masked"
	r := loadEmu(t, kernelDef{deltaSpec(name), func(tg Target, m *Module) error { return EmitDelta(tg, m, name, kd, false, scale) }},
		kernelDef{deltaSpec(masked), func(tg Target, m *Module) error { return EmitDelta(tg, m, masked, 8, true, scale) }})
	for _, c := range []struct {
		B, T, H, V, N int
		gated, h0     bool
		kernel        string // masked: kd = 5 of 8 rows
	}{{2, 7, 3, 70, 2, true, true, name}, {1, 9, 2, 3, 1, false, false, name}, {1, 0, 1, 4, 1, true, true, name}, {2, 6, 2, 66, 2, true, true, masked}} {
		tn := c.T * c.N
		q, k, v := randF(rng, c.B*c.T*c.H*kd, 1), randF(rng, c.B*tn*c.H*kd, 0.5), randF(rng, c.B*tn*c.H*c.V, 1)
		beta, g := randF(rng, c.B*tn*c.H, 1), randF(rng, c.B*c.T*c.H, 1)
		for i := range beta {
			beta[i] = float32(1 / (1 + math.Exp(-float64(beta[i]))))
		}
		for i := range g {
			g[i] = -float32(math.Abs(float64(g[i])))
		}
		var h0 []float32
		var has0, hasG int64
		if c.h0 {
			h0, has0 = randF(rng, c.B*c.H*kd*c.V, 1), 1
		}
		if !c.gated {
			g = nil
		} else {
			hasG = 1
		}
		out, ht := make([]float32, c.B*c.T*c.H*c.V), make([]float32, c.B*c.H*kd*c.V)
		bufs := []Buf{{q, In}, {k, In}, {v, In}, {beta, In}, {g, In}, {h0, In}, {out, Out}, {ht, Out}}
		l := &Launch{Grid: Grid{CeilDiv(c.V, deltaBlock), c.B * c.H}, Ints: []int64{int64(c.T), int64(c.H), int64(c.V), int64(c.N), hasG, has0, 1, kd}, Bufs: bufs}
		if err := r.launch(c.kernel, l, 2); err != nil {
			t.Fatal(err)
		}
		want, wantH := make([]float64, len(out)), make([]float64, len(ht))
		for b := 0; b < c.B; b++ {
			for h := 0; h < c.H; h++ {
				s := make([]float64, kd*c.V) // S[r][col]
				for i := range s {
					if c.h0 {
						s[i] = float64(h0[(b*c.H+h)*kd*c.V+i])
					}
				}
				for tt := 0; tt < c.T; tt++ {
					if c.gated {
						e := math.Exp(float64(g[(b*c.T+tt)*c.H+h]))
						for i := range s {
							s[i] *= e
						}
					}
					for j := 0; j < c.N; j++ {
						st := (b*tn+tt*c.N+j)*c.H + h
						kr, vr, bt := k[st*kd:][:kd], v[st*c.V:][:c.V], float64(beta[st])
						for col := 0; col < c.V; col++ {
							stk := 0.0
							for rr := 0; rr < kd; rr++ {
								stk += s[rr*c.V+col] * float64(kr[rr])
							}
							u := bt * (float64(vr[col]) - stk)
							for rr := 0; rr < kd; rr++ {
								s[rr*c.V+col] += float64(kr[rr]) * u
							}
						}
					}
					row := (b*c.T+tt)*c.H + h
					for col := 0; col < c.V; col++ {
						o := 0.0
						for rr := 0; rr < kd; rr++ {
							o += float64(q[row*kd+rr]) * scale * s[rr*c.V+col]
						}
						want[row*c.V+col] = o
					}
				}
				copy(wantH[(b*c.H+h)*kd*c.V:], s)
			}
		}
		near(t, "delta out", out, want, 1e-5)
		near(t, "delta state", ht, wantH, 1e-5)
	}
}
