package ssm

import (
	"fmt"

	"github.com/seqc-dev/seqc/runtime"
)

// Conv is a depthwise 1-D convolution along time: x [B, Lin, C], Wt [C, W],
// Bias [C] or nil, y [B, Lout, C] with Lout = Lin + PadLeft + PadRight - W + 1
// and
//
//	y[b,t,c] = bias[c] + sum_{k<W} w[c,k] * x[b, t - PadLeft + k, c]   (x outside [0, Lin) is 0).
//
// Causal (Mamba) is PadLeft = W-1, PadRight = 0; "same" (Hydra, W = 7) is
// PadLeft = PadRight = W/2. All arrays are contiguous. With Dilation D > 1
// the taps are D positions apart (x[b, t - PadLeft + k·D, c]) and the
// kernel spans D·(W-1)+1 positions, which replace W in Lout.
type Conv struct {
	B, Lin, C, W, PadLeft, PadRight int
	Dilation                        int // taps this many positions apart; 0 or 1: adjacent
	X, Wt, Bias, Y                  []float32
	Threads                         int // <= 0: GOMAXPROCS
}

// dil is the dilation (at least 1).
func (c *Conv) dil() int { return max(1, c.Dilation) }

// Span is the number of positions the kernel covers, Dilation·(W-1)+1.
func (c *Conv) Span() int { return c.dil()*(c.W-1) + 1 }

// Lout is the output length Lin + PadLeft + PadRight - Span + 1.
func (c *Conv) Lout() int { return c.Lin + c.PadLeft + c.PadRight - c.Span() + 1 }

// undilated is the same convolution with the kernel's taps spread out and
// zeros between them (for the FFT form).
func (c *Conv) undilated() *Conv {
	if c.dil() == 1 {
		return c
	}
	u := *c
	d, span := c.dil(), c.Span()
	u.W, u.Dilation, u.Wt = span, 1, make([]float32, c.C*span)
	for ch := 0; ch < c.C; ch++ {
		for k := 0; k < c.W; k++ {
			u.Wt[ch*span+k*d] = c.Wt[ch*c.W+k]
		}
	}
	return &u
}

func (c *Conv) validate() error {
	if c == nil {
		return fmt.Errorf("ssm: nil Conv")
	}
	if c.B < 1 || c.Lin < 0 || c.C < 1 || c.W < 1 || c.PadLeft < 0 || c.PadRight < 0 || c.Lout() < 0 {
		return fmt.Errorf("ssm: Conv: bad sizes B=%d Lin=%d C=%d W=%d pad=(%d,%d)", c.B, c.Lin, c.C, c.W, c.PadLeft, c.PadRight)
	}
	if len(c.X) != c.B*c.Lin*c.C {
		return fmt.Errorf("ssm: Conv: len(X) = %d, want %d", len(c.X), c.B*c.Lin*c.C)
	}
	if len(c.Wt) != c.C*c.W {
		return fmt.Errorf("ssm: Conv: len(Wt) = %d, want %d", len(c.Wt), c.C*c.W)
	}
	if c.Bias != nil && len(c.Bias) != c.C {
		return fmt.Errorf("ssm: Conv: len(Bias) = %d, want %d", len(c.Bias), c.C)
	}
	if len(c.Y) != c.B*c.Lout()*c.C {
		return fmt.Errorf("ssm: Conv: len(Y) = %d, want %d", len(c.Y), c.B*c.Lout()*c.C)
	}
	return nil
}

// ConvDirect computes the convolution by its definition, O(W) per output,
// accumulating each output row in float64. Work is split over (b, t) rows;
// every output is still summed in the same order.
func ConvDirect(c *Conv) error {
	if err := c.validate(); err != nil {
		return err
	}
	// Transposed weights [W, C], so that the inner loop runs along the
	// contiguous channel axis of x and y.
	wt := make([]float32, c.W*c.C)
	for ch := 0; ch < c.C; ch++ {
		for k := 0; k < c.W; k++ {
			wt[k*c.C+ch] = c.Wt[ch*c.W+k]
		}
	}
	lout, d := c.Lout(), c.dil()
	runtime.ParallelFor(c.B*lout, runtime.ThreadsFor(c.Threads, c.B*lout*c.C*c.W), func(lo, hi int) {
		acc := make([]float64, c.C)
		for r := lo; r < hi; r++ {
			b, t := r/lout, r%lout
			if c.Bias != nil {
				for ch, v := range c.Bias {
					acc[ch] = float64(v)
				}
			} else {
				clear(acc)
			}
			for k := 0; k < c.W; k++ {
				s := t - c.PadLeft + k*d
				if s < 0 || s >= c.Lin {
					continue
				}
				xr := c.X[(b*c.Lin+s)*c.C:][:len(acc)]
				wr := wt[k*c.C:][:len(acc)]
				for ch, xv := range xr {
					acc[ch] += float64(wr[ch]) * float64(xv)
				}
			}
			yr := c.Y[(b*lout+t)*c.C:][:len(acc)]
			for ch, v := range acc {
				yr[ch] = float32(v)
			}
		}
	})
	return nil
}
