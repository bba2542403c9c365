package attn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Independent float64 references, written straight from the equations in
// NUMERICS §6–7 with no shared code or loop structure from the kernels.

// naiveAttention returns softmax(q kᵀ·scale + mask) v per (b, i, h), with
// fully masked rows set to zero.
func naiveAttention(a *Attention) []float64 {
	out := make([]float64, a.B*a.Lq*a.Hq*a.Dv)
	group := a.Hq / a.Hk
	for b := 0; b < a.B; b++ {
		for h := 0; h < a.Hq; h++ {
			kh := h / group
			for i := 0; i < a.Lq; i++ {
				s := make([]float64, a.Lk)
				m := math.Inf(-1)
				for j := 0; j < a.Lk; j++ {
					masked := a.Causal && j > a.Lk-a.Lq+i
					if a.KeyPad != nil && a.KeyPad[b*a.Lk+j] != 0 {
						masked = true
					}
					if masked {
						s[j] = math.Inf(-1)
						continue
					}
					var acc float64
					for e := 0; e < a.D; e++ {
						acc += float64(a.Q[((b*a.Lq+i)*a.Hq+h)*a.D+e]) * float64(a.K[((b*a.Lk+j)*a.Hk+kh)*a.D+e])
					}
					s[j] = acc * float64(a.Scale)
					m = math.Max(m, s[j])
				}
				if math.IsInf(m, -1) {
					continue
				}
				var z float64
				for j := range s {
					s[j] = math.Exp(s[j] - m)
					z += s[j]
				}
				for e := 0; e < a.Dv; e++ {
					var acc float64
					for j := range s {
						acc += s[j] * float64(a.V[((b*a.Lk+j)*a.Hk+kh)*a.Dv+e])
					}
					out[((b*a.Lq+i)*a.Hq+h)*a.Dv+e] = acc / z
				}
			}
		}
	}
	return out
}

// naiveRoPE applies the textbook formulas: half layout
// x' = x·cos(cat(f, f)) + rotate_half(x)·sin(cat(f, f)) with
// rotate_half([x1, x2]) = [−x2, x1]; interleaved layout multiplies the complex
// number x_{2i} + i·x_{2i+1} by e^{i·pos·f_i}.
func naiveRoPE(x []float32, B, L, H, D, pos0 int, theta float64, interleaved bool) []float64 {
	out := make([]float64, len(x))
	half := D / 2
	for b := 0; b < B; b++ {
		for l := 0; l < L; l++ {
			pos := float64(pos0 + l)
			for h := 0; h < H; h++ {
				base := ((b*L+l)*H + h) * D
				v := func(d int) float64 { return float64(x[base+d]) }
				for d := 0; d < D; d++ {
					if interleaved {
						i := d / 2
						ang := pos * math.Pow(theta, -2*float64(i)/float64(D))
						z := complex(v(2*i), v(2*i+1)) * complex(math.Cos(ang), math.Sin(ang))
						if d%2 == 0 {
							out[base+d] = real(z)
						} else {
							out[base+d] = imag(z)
						}
						continue
					}
					i := d % half // cat(freqs, freqs)
					ang := pos * math.Pow(theta, -2*float64(i)/float64(D))
					var rot float64
					if d < half {
						rot = -v(d + half)
					} else {
						rot = v(d - half)
					}
					out[base+d] = v(d)*math.Cos(ang) + rot*math.Sin(ang)
				}
			}
		}
	}
	return out
}

// naiveDelta runs the DeltaRule recurrence in float64 with explicit index
// arithmetic and returns the outputs and final states.
func naiveDelta(d *DeltaRule) (out, ht []float64) {
	B, T, H, K, V, N := d.B, d.T, d.H, d.K, d.V, d.N
	out = make([]float64, B*T*H*V)
	ht = make([]float64, B*H*K*V)
	for b := 0; b < B; b++ {
		for h := 0; h < H; h++ {
			S := make([][]float64, K)
			for r := range S {
				S[r] = make([]float64, V)
				if d.H0 != nil {
					for c := range S[r] {
						S[r][c] = float64(d.H0[((b*H+h)*K+r)*V+c])
					}
				}
			}
			for t := 0; t < T; t++ {
				if d.G != nil {
					decay := math.Exp(float64(d.G[(b*T+t)*H+h]))
					for r := range S {
						for c := range S[r] {
							S[r][c] *= decay
						}
					}
				}
				for j := 0; j < N; j++ {
					s := t*N + j
					k := func(r int) float64 { return float64(d.Kk[((b*T*N+s)*H+h)*K+r]) }
					beta := float64(d.Beta[(b*T*N+s)*H+h])
					// err = v − Sᵀk, then S = S + β k errᵀ
					errv := make([]float64, V)
					for c := 0; c < V; c++ {
						pred := 0.0
						for r := 0; r < K; r++ {
							pred += S[r][c] * k(r)
						}
						errv[c] = float64(d.Vv[((b*T*N+s)*H+h)*V+c]) - pred
					}
					for r := 0; r < K; r++ {
						for c := 0; c < V; c++ {
							S[r][c] += beta * k(r) * errv[c]
						}
					}
				}
				for c := 0; c < V; c++ {
					acc := 0.0
					for r := 0; r < K; r++ {
						acc += S[r][c] * float64(d.Q[((b*T+t)*H+h)*K+r]) * float64(d.Scale)
					}
					out[((b*T+t)*H+h)*V+c] = acc
				}
			}
			for r := 0; r < K; r++ {
				for c := 0; c < V; c++ {
					ht[((b*H+h)*K+r)*V+c] = S[r][c]
				}
			}
		}
	}
	return out, ht
}

// randn returns n standard normal float32 values.
func randn(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return x
}

// to64 widens x to float64.
func to64(x []float32) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return y
}

// assertClose fails t unless |got−want| <= atol + rtol·|want| everywhere,
// reporting the worst element.
func assertClose(t *testing.T, name string, got []float32, want []float64, atol, rtol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: length %d, want %d", name, len(got), len(want))
	}
	worst, at, bad := 0.0, -1, 0
	for i := range got {
		g := float64(got[i])
		diff := math.Abs(g - want[i])
		if math.IsNaN(g) || diff > atol+rtol*math.Abs(want[i]) {
			bad++
		}
		if math.IsNaN(g) || diff > worst {
			worst, at = diff, i
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d elements out of tolerance; worst at %d: got %v want %v (|diff| %.3g)",
			name, bad, len(got), at, got[at], want[at], worst)
	}
}

// assertIdentical fails t unless got and want are bit-identical.
func assertIdentical(t *testing.T, name string, got, want []float32) {
	t.Helper()
	for i := range got {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("%s: element %d differs: %v vs %v", name, i, got[i], want[i])
		}
	}
}
