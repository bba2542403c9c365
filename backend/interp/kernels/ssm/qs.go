package ssm

import (
	"errors"
	"fmt"

	"github.com/seqc-dev/seqc/runtime"
)

// QS is the quasiseparable (Hydra) mixer of NUMERICS §5.3: a forward and a
// backward diagonal SSM, each read one step away from the diagonal, plus a
// free diagonal:
//
//	y_i = sum_{j<i} sum_n cf_{i-1}[n] (prod_{k=j+1..i-1} af_k[n]) bf_j[n] x_j
//	    + sum_{j>i} sum_n cb_{i+1}[n] (prod_{k=i+1..j-1} ab_k[n]) bb_j[n] x_j
//	    + d_i x_i
//
// All operands are indexed by their original time position. This equals
// shift(ssm_f(x)) + flip(shift(ssm_b(flip(x)))) + d*x, where shift moves one
// step later in time and fills 0. Only real views are supported.
type QS struct {
	B, L, C, N int
	X          View // [B, L, C]
	Af, Bf, Cf View // [B, L, C, N]
	Ab, Bb, Cb View // [B, L, C, N]
	Diag       View // [B, L, C]
	Y          View // [B, L, C] output (written, not accumulated)
	Threads    int  // <= 0: GOMAXPROCS
}

func (q *QS) validate() error {
	if q == nil {
		return errors.New("ssm: nil QS")
	}
	if q.B < 1 || q.C < 1 || q.N < 1 || q.L < 0 {
		return fmt.Errorf("ssm: QS: bad sizes B=%d L=%d C=%d N=%d (need B, C, N >= 1, L >= 0)", q.B, q.L, q.C, q.N)
	}
	for _, v := range []struct {
		name string
		v    *View
		n    int
	}{
		{"X", &q.X, 1}, {"Diag", &q.Diag, 1}, {"Y", &q.Y, 1},
		{"Af", &q.Af, q.N}, {"Bf", &q.Bf, q.N}, {"Cf", &q.Cf, q.N},
		{"Ab", &q.Ab, q.N}, {"Bb", &q.Bb, q.N}, {"Cb", &q.Cb, q.N},
	} {
		if v.v.Complex {
			return fmt.Errorf("ssm: QS: %s is complex; the quasiseparable mixer is real only", v.name)
		}
		if err := v.v.check("QS "+v.name, q.B, q.L, q.C, v.n); err != nil {
			return err
		}
	}
	return nil
}

// qsData is the gathered working set of one (b, c) pair of a QS.
type qsData struct {
	L, N       int
	x, d, y    []float64 // [L]
	af, bf, cf operand[float64]
	ab, bb, cb operand[float64]
	h, v       []float64 // [N] scratch
}

func newQSData(q *QS) *qsData {
	op := func(v *View) operand[float64] { return newOperand[float64](v, q.L, q.N) }
	return &qsData{L: q.L, N: q.N, x: make([]float64, q.L), d: make([]float64, q.L), y: make([]float64, q.L),
		af: op(&q.Af), bf: op(&q.Bf), cf: op(&q.Cf), ab: op(&q.Ab), bb: op(&q.Bb), cb: op(&q.Cb),
		h: make([]float64, q.N), v: make([]float64, q.N)}
}

// forEachQS gathers every (b, c) pair, runs kernel on it and scatters y; the
// pairs are shared out between workers.
func forEachQS(q *QS, newKernel func() func(*qsData)) {
	runtime.ParallelFor(q.B*q.C, q.Threads, func(lo, hi int) {
		w := newQSData(q)
		kernel := newKernel()
		for u := lo; u < hi; u++ {
			b, c := u/q.C, u%q.C
			gather(w.x, &q.X, b, c, q.L, 1)
			gather(w.d, &q.Diag, b, c, q.L, 1)
			w.af.load(&q.Af, b, c)
			w.bf.load(&q.Bf, b, c)
			w.cf.load(&q.Cf, b, c)
			w.ab.load(&q.Ab, b, c)
			w.bb.load(&q.Bb, b, c)
			w.cb.load(&q.Cb, b, c)
			kernel(w)
			scatter(&q.Y, w.y, b, c, q.L)
		}
	})
}

// QSScan evaluates the mixer with one forward and one backward sequential
// scan, O(L·N) per channel. The forward scan's output at t lands on t+1 and
// the backward scan's output at t lands on t-1, which is the shift.
func QSScan(q *QS) error {
	if err := q.validate(); err != nil {
		return err
	}
	forEachQS(q, func() func(*qsData) { return qsScanChannel })
	return nil
}

func qsScanChannel(w *qsData) {
	h := w.h
	for t := range w.y {
		w.y[t] = w.d[t] * w.x[t]
	}
	clear(h)
	for t := 0; t < w.L-1; t++ { // the last forward output would land past the end
		a, b, c := w.af.row(t)[:len(h)], w.bf.row(t)[:len(h)], w.cf.row(t)[:len(h)]
		x := w.x[t]
		var s float64
		for n, hv := range h {
			hv = a[n]*hv + b[n]*x
			h[n] = hv
			s += c[n] * hv
		}
		w.y[t+1] += s
		if t%flushEvery == flushEvery-1 {
			flushTiny(h)
		}
	}
	clear(h)
	// Backward: h_t = ab_t h_{t+1} + bb_t x_t, read as cb_t · h_t into y_{t-1}.
	for t := w.L - 1; t > 0; t-- {
		a, b, c := w.ab.row(t)[:len(h)], w.bb.row(t)[:len(h)], w.cb.row(t)[:len(h)]
		x := w.x[t]
		var s float64
		for n, hv := range h {
			hv = a[n]*hv + b[n]*x
			h[n] = hv
			s += c[n] * hv
		}
		w.y[t-1] += s
		if t%flushEvery == 0 {
			flushTiny(h)
		}
	}
}

// QSQuadratic evaluates the mixer through its materialised L×L matrix M
// (O(L²·N) per channel), the independent form QSScan is checked against.
func QSQuadratic(q *QS) error {
	if err := q.validate(); err != nil {
		return err
	}
	forEachQS(q, func() func(*qsData) {
		m := make([]float64, q.L*q.L)
		return func(w *qsData) { qsQuadChannel(w, m) }
	})
	return nil
}

func qsQuadChannel(w *qsData, m []float64) {
	l, v := w.L, w.v
	dot := func(c []float64) float64 {
		var s float64
		for n, cv := range c[:len(v)] {
			s += cv * v[n]
		}
		return s
	}
	for j := 0; j < l; j++ {
		m[j*l+j] = w.d[j]
		// Below the diagonal: v = (prod_{k=j+1..i-1} af_k) ∘ bf_j, grown as i increases.
		copy(v, w.bf.row(j))
		for i := j + 1; i < l; i++ {
			if i > j+1 {
				a := w.af.row(i - 1)
				for n := range v {
					v[n] *= a[n]
				}
				if (i-j)%flushEvery == 0 {
					flushTiny(v)
				}
			}
			m[i*l+j] = dot(w.cf.row(i - 1))
		}
		// Above: v = (prod_{k=i+1..j-1} ab_k) ∘ bb_j, grown as i decreases.
		copy(v, w.bb.row(j))
		for i := j - 1; i >= 0; i-- {
			if i < j-1 {
				a := w.ab.row(i + 1)
				for n := range v {
					v[n] *= a[n]
				}
				if (j-i)%flushEvery == 0 {
					flushTiny(v)
				}
			}
			m[i*l+j] = dot(w.cb.row(i + 1))
		}
	}
	for i := 0; i < l; i++ {
		var s float64
		for j, mij := range m[i*l : (i+1)*l] {
			s += mij * w.x[j]
		}
		w.y[i] = s
	}
}
