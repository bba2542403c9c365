package ssm

import "github.com/seqc-dev/seqc/runtime"

// scanBlock is the number of channels a worker advances together through
// time in scanRealTimeMajor.
const scanBlock = 64

// scanRealTimeMajor is Scan for real problems: time in the outer loop and a
// block of channels inside, reading the float32 views in place rather than
// gathering each channel's L×N operands first. Operands shared by several
// channels (a GLA head's keys, a Mamba-2 head's B and C) are then read from
// cache instead of copied once per channel. The arithmetic and its order are
// those of scanChannel (float64 state, the same flush schedule), so the
// results are the same bits.
func scanRealTimeMajor(p *Problem) {
	blocks := (p.C + scanBlock - 1) / scanBlock
	n := p.N
	runtime.ParallelFor(p.B*blocks, runtime.ThreadsFor(p.Threads, p.B*p.C*max(p.L, 1)*n), func(lo, hi int) {
		h := make([]float64, scanBlock*n)
		for u := lo; u < hi; u++ {
			b, c0 := u/blocks, (u%blocks)*scanBlock
			c1 := min(p.C, c0+scanBlock)
			for c := c0; c < c1; c++ {
				hc := h[(c-c0)*n : (c-c0+1)*n]
				if p.H0 != nil {
					for k := range hc {
						hc[k] = float64(p.H0[(b*p.C+c)*n+k])
					}
				} else {
					clear(hc)
				}
			}
			for t := 0; t < p.L; t++ {
				xt := p.X.Off + b*p.X.SB + t*p.X.SL
				at := p.A.Off + b*p.A.SB + t*p.A.SL
				bt := p.Bm.Off + b*p.Bm.SB + t*p.Bm.SL
				ct := p.Cm.Off + b*p.Cm.SB + t*p.Cm.SL
				yt := p.Y.Off + b*p.Y.SB + t*p.Y.SL
				for c := c0; c < c1; c++ {
					hc := h[(c-c0)*n : (c-c0+1)*n]
					x := float64(p.X.Data[xt+p.X.CO[c]])
					ai, bi, ci := at+p.A.CO[c], bt+p.Bm.CO[c], ct+p.Cm.CO[c]
					var acc float64
					for k := range hc {
						hv := float64(p.A.Data[ai+k*p.A.SN])*hc[k] + float64(p.Bm.Data[bi+k*p.Bm.SN])*x
						hc[k] = hv
						acc += float64(p.Cm.Data[ci+k*p.Cm.SN]) * hv
					}
					p.Y.Data[yt+p.Y.CO[c]] = float32(acc)
				}
				if t%flushEvery == flushEvery-1 {
					flushTiny(h[:(c1-c0)*n])
				}
			}
			if p.HT != nil {
				for c := c0; c < c1; c++ {
					for k, v := range h[(c-c0)*n : (c-c0+1)*n] {
						p.HT[(b*p.C+c)*n+k] = float32(v)
					}
				}
			}
		}
	})
}
