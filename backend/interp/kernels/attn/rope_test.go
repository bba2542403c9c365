package attn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func TestRoPEMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, c := range []struct{ B, L, H, D, pos0 int }{
		{2, 9, 3, 8, 0}, {1, 5, 2, 2, 7}, {3, 4, 1, 64, 4090}, {1, 3, 2, 6, -5},
	} {
		for _, inter := range []bool{false, true} {
			x := randn(rng, c.B*c.L*c.H*c.D)
			want := naiveRoPE(x, c.B, c.L, c.H, c.D, c.pos0, 10000, inter)
			if err := RoPE(x, c.B, c.L, c.H, c.D, c.pos0, 10000, inter); err != nil {
				t.Fatal(err)
			}
			// Angles are float64 on both sides: only the final rounding differs.
			assertClose(t, fmt.Sprintf("%+v interleaved=%v", c, inter), x, want, 1e-6, 1e-6)
		}
	}
}

// evensThenOdds permutes each head's D dims of x [.., D] to
// (x_0, x_2, …, x_{D−2}, x_1, x_3, …, x_{D−1}).
func evensThenOdds(x []float32, D int) []float32 {
	y := make([]float32, len(x))
	for h := 0; h < len(x); h += D {
		for i := 0; i < D/2; i++ {
			y[h+i] = x[h+2*i]
			y[h+D/2+i] = x[h+2*i+1]
		}
	}
	return y
}

// Half-split RoPE on permuted dims is interleaved RoPE, permuted: the reason
// HF permutes the rows of Meta's W_q and W_k when converting LLaMA.
func TestRoPELayoutsDifferByPermutation(t *testing.T) {
	const B, L, H, D = 2, 7, 3, 16
	rng := rand.New(rand.NewPCG(13, 14))
	x := randn(rng, B*L*H*D)
	half := evensThenOdds(x, D)
	inter := append([]float32(nil), x...)
	if err := RoPE(half, B, L, H, D, 3, 500000, false); err != nil {
		t.Fatal(err)
	}
	if err := RoPE(inter, B, L, H, D, 3, 500000, true); err != nil {
		t.Fatal(err)
	}
	// Each pair meets the same float64 arithmetic in both layouts.
	assertIdentical(t, "half(Px) vs P·interleaved(x)", half, evensThenOdds(inter, D))
	// And the layouts really do differ without the permutation.
	plain := append([]float32(nil), x...)
	if err := RoPE(plain, B, L, H, D, 3, 500000, false); err != nil {
		t.Fatal(err)
	}
	same := true
	for i := range plain {
		same = same && plain[i] == inter[i]
	}
	if same {
		t.Fatal("half and interleaved RoPE agree on unpermuted input")
	}
}

// ⟨R_m q, R_n k⟩ = ⟨R_{m−n} q, k⟩: scores depend only on relative position.
func TestRoPERelativePosition(t *testing.T) {
	const D = 32
	rng := rand.New(rand.NewPCG(15, 16))
	for _, inter := range []bool{false, true} {
		for _, mn := range [][2]int{{37, 11}, {3, 20}, {1000, 999}, {5, 5}} {
			m, n := mn[0], mn[1]
			q, k := randn(rng, D), randn(rng, D)
			rq, rk := append([]float32(nil), q...), append([]float32(nil), k...)
			rel := append([]float32(nil), q...)
			for _, step := range []struct {
				x   []float32
				pos int
			}{{rq, m}, {rk, n}, {rel, m - n}} {
				if err := RoPE(step.x, 1, 1, 1, D, step.pos, 10000, inter); err != nil {
					t.Fatal(err)
				}
			}
			got, want := 0.0, 0.0
			for i := range D {
				got += float64(rq[i]) * float64(rk[i])
				want += float64(rel[i]) * float64(k[i])
			}
			if math.Abs(got-want) > 1e-5*(1+math.Abs(want)) {
				t.Errorf("interleaved=%v m=%d n=%d: ⟨R_m q, R_n k⟩ = %v, ⟨R_{m-n} q, k⟩ = %v", inter, m, n, got, want)
			}
		}
	}
}

func TestRoPEErrors(t *testing.T) {
	x := make([]float32, 2*3*4)
	for name, err := range map[string]error{
		"odd D":     RoPE(make([]float32, 2*3*3), 1, 2, 3, 3, 0, 10000, false),
		"theta":     RoPE(x, 1, 2, 3, 4, 0, 0, false),
		"theta inf": RoPE(x, 1, 2, 3, 4, 0, math.Inf(1), false),
		"length":    RoPE(x[1:], 1, 2, 3, 4, 0, 10000, true),
		"negative":  RoPE(x, -1, 2, 3, 4, 0, 10000, true),
	} {
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
