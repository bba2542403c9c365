package attn

import (
	"fmt"
	"math"

	"github.com/seqc-dev/seqc/runtime"
)

// RoPE applies rotary position embeddings in place to x, laid out
// [B, L, H, D], for positions pos0 .. pos0+L-1 (the same positions for every
// batch row and head). With inv_freq_i = theta^(-2i/D) for i < D/2, dimension
// pair i at position p is rotated by the angle p·inv_freq_i. The angles and
// the rotation are computed in float64 and rounded once, so large positions
// keep their precision (HF computes them in float32 and drifts slightly).
//
// interleaved selects which dimensions form pair i:
//
//   - false: (x_i, x_{i+D/2}), the halves of HF LLaMA / GPT-NeoX rotate_half,
//     x' = x·cos + rotate_half(x)·sin with cos, sin over cat(freqs, freqs).
//   - true: (x_{2i}, x_{2i+1}), the complex pairs of Meta LLaMA / GPT-J.
//
// Both rotate each pair (a, b) to (a·cos − b·sin, a·sin + b·cos), so they
// differ only by the per-head permutation that lists the even dimensions and
// then the odd ones: half(P x) = P interleaved(x). D must be even and theta
// positive.
func RoPE(x []float32, B, L, H, D, pos0 int, theta float64, interleaved bool) error {
	if B < 0 || L < 0 || H < 0 || D < 2 || D%2 != 0 {
		return fmt.Errorf("attn: bad RoPE sizes B=%d L=%d H=%d D=%d (D must be even and >= 2)", B, L, H, D)
	}
	if !(theta > 0) || math.IsInf(theta, 0) {
		return fmt.Errorf("attn: RoPE theta %v, want finite and > 0", theta)
	}
	if err := checkLen("RoPE x", x, B, L, H, D); err != nil {
		return err
	}
	half := D / 2
	// One cos/sin table for all batch rows and heads: L·D/2 angles.
	cos := make([]float64, L*half)
	sin := make([]float64, L*half)
	invFreq := make([]float64, half)
	for i := range invFreq {
		invFreq[i] = math.Pow(theta, -float64(2*i)/float64(D))
	}
	for t := range L {
		p := float64(pos0 + t)
		for i, f := range invFreq {
			sin[t*half+i], cos[t*half+i] = math.Sincos(p * f)
		}
	}
	// Rotate every (batch, position) row; the work per element is independent,
	// so the split cannot change the result.
	runtime.ParallelFor(B*L, runtime.ThreadsFor(0, B*L*H*D*8), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			t := r % L
			c, s := cos[t*half:][:half], sin[t*half:][:half]
			for h := range H {
				v := x[(r*H+h)*D:][:D]
				for i := range half {
					ia, ib := i, i+half
					if interleaved {
						ia, ib = 2*i, 2*i+1
					}
					a, b := float64(v[ia]), float64(v[ib])
					v[ia] = float32(a*c[i] - b*s[i])
					v[ib] = float32(a*s[i] + b*c[i])
				}
			}
		}
	})
	return nil
}
