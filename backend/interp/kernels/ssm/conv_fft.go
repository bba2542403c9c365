package ssm

import "github.com/seqc-dev/seqc/runtime"

// ConvFFT computes the same result as ConvDirect through a real FFT in
// float64, O((Lin+W) log(Lin+W)) per (b, c) instead of O(Lout·W): the choice
// for long kernels (W comparable to L, as for an explicit SSM kernel).
//
// With the reversed kernel wr[m] = w[W-1-m], the full linear convolution
// f = x * wr satisfies y[t] = bias + f[t + W-1 - PadLeft], where f is zero
// outside [0, Lin+W-2]. Work is split over channels; each worker transforms a
// channel's kernel once and reuses it for every batch.
func ConvFFT(c *Conv) error {
	if err := c.validate(); err != nil {
		return err
	}
	if c.Lin == 0 { // no input: the output is the bias (or padding only); nothing to transform
		return ConvDirect(c)
	}
	c = c.undilated()
	lout := c.Lout()
	full := c.Lin + c.W - 1
	n := fastSize(full)
	runtime.ParallelFor(c.C, c.Threads, func(lo, hi int) {
		rc := newRealConv(n)
		wr := make([]float64, c.W)
		xs := make([]float64, c.Lin)
		fk := make([]complex128, n/2+1)
		for ch := lo; ch < hi; ch++ {
			for k := range wr {
				wr[k] = float64(c.Wt[ch*c.W+c.W-1-k])
			}
			rc.spectrum(fk, wr)
			bias := 0.0
			if c.Bias != nil {
				bias = float64(c.Bias[ch])
			}
			for b := 0; b < c.B; b++ {
				for s := range xs {
					xs[s] = float64(c.X[(b*c.Lin+s)*c.C+ch])
				}
				f := rc.apply(fk, xs)
				for t := 0; t < lout; t++ {
					v := bias
					if i := t + c.W - 1 - c.PadLeft; i >= 0 && i < full {
						v += f[i]
					}
					c.Y[(b*lout+t)*c.C+ch] = float32(v)
				}
			}
		}
	})
	return nil
}
