package ssm

// Scan evaluates the problem by the sequential recurrence, O(L·N) per channel.
func Scan(p *Problem) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if !p.computeComplex() && !p.TimeInvariant() { // time-invariant channels gather one row: the channel loop is faster
		scanRealTimeMajor(p)
		return nil
	}
	runModes(p, false,
		func() func(*chanData[float64]) { return scanChannel[float64] },
		func() func(*chanData[complex128]) { return scanChannel[complex128] })
	return nil
}

// scanChannel runs the recurrence on one gathered channel, leaving the final
// state in w.h.
func scanChannel[T scalar](w *chanData[T]) {
	h := w.h
	if w.h0 != nil {
		copy(h, w.h0)
	} else {
		clear(h)
	}
	for t := 0; t < w.L; t++ {
		a := w.a.row(t)[:len(h)]
		b := w.bm.row(t)[:len(h)]
		c := w.cm.row(t)[:len(h)]
		x := w.x[t]
		var acc T
		for n, hv := range h {
			hv = a[n]*hv + b[n]*x
			h[n] = hv
			acc += c[n] * hv
		}
		w.y[t] = acc
		if t%flushEvery == flushEvery-1 {
			flushTiny(h)
		}
	}
}
