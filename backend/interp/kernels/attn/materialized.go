package attn

import (
	"github.com/seqc-dev/seqc/runtime"

	"github.com/seqc-dev/seqc/internal/mathf"
)

// Materialized computes a by building each query's full score row: scores,
// subtract the row maximum (so no exp overflows), exponentiate, normalize, and
// multiply by V. It holds one Lk-long row per worker, never the Lq x Lk matrix,
// and serves as the straightforward reference for Flash.
func Materialized(a *Attention) error {
	if err := a.Validate(); err != nil {
		return err
	}
	runtime.ParallelFor(a.B*a.Hq, runtime.ThreadsFor(a.Threads, a.B*a.Hq*a.Lq*a.Lk*(a.D+a.Dv)), func(lo, hi int) {
		row := make([]float32, a.Lk)
		for p := lo; p < hi; p++ {
			a.materializedHead(a.view(p), row)
		}
	})
	return nil
}

// materializedHead computes every query row of one (batch, head) pair.
func (a *Attention) materializedHead(hv headView, row []float32) {
	for i := 0; i < a.Lq; i++ {
		out := a.Out[hv.out+i*hv.outs:][:a.Dv]
		clear(out)
		lim := a.keyLimit(i)
		s := row[:lim]
		a.scoreRun(hv, a.Q[hv.q+i*hv.qs:][:a.D], 0, lim, s)
		m := negInf
		for _, v := range s {
			m = max(m, v)
		}
		if m == negInf {
			continue // every key masked: the row stays zero
		}
		// Masked keys become weight e^(-inf) = 0 and are skipped below.
		var l float32
		for j, v := range s {
			s[j] = mathf.Exp(v - m)
			l += s[j]
		}
		a.accumulateRun(hv, s, 0, lim, out)
		scal(1/l, out)
	}
}
