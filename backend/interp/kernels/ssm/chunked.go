package ssm

import "fmt"

// Chunked evaluates the problem in the chunked (SSD) form: the sequence is cut
// into chunks of `chunk` steps (the last one may be shorter); inside a chunk
// the output is a quadratic form in the chunk's inputs, and one state per
// channel is passed from chunk to chunk.
//
// Decay products are always running products over the segment they cover
// (prod_{k=j+1..i} a_k built step by step), never a quotient of prefix products
// or the exp of a difference of cumulative sums, so a long sequence with strong
// decay cannot overflow or produce 0/0.
//
// When the decay does not vary over N (A.SN == 0 or N == 1; Mamba-2's scalar
// decay per head) the intra-chunk part is computed as matrix products shared by
// all channels with the same A, Bm and Cm; otherwise each channel runs a
// generic form that costs O(chunk·N) per step.
func Chunked(p *Problem, chunk int) error {
	if chunk < 1 {
		return fmt.Errorf("ssm: Chunked: chunk = %d, want >= 1", chunk)
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if p.A.SN == 0 || p.N == 1 {
		if p.computeComplex() {
			chunkedSSD[complex128](p, chunk)
		} else {
			chunkedSSD[float64](p, chunk)
		}
		return nil
	}
	runModes(p, false,
		func() func(*chanData[float64]) { return newChunkKernel[float64](chunk, p.N) },
		func() func(*chanData[complex128]) { return newChunkKernel[complex128](chunk, p.N) })
	return nil
}

// newChunkKernel returns the generic per-channel chunked kernel. Within a chunk
// [s, e) every "column" (the incoming state, then b_j x_j for each j) is carried
// forward to the chunk end by multiplying with a_i step by step, adding
// c_i · v to y_i on the way; what arrives at e-1 is that column's share of the
// outgoing state. This is O(chunk·N) per step instead of the scan's O(N): the
// price of a form whose chunks are independent given their incoming state.
func newChunkKernel[T scalar](q, n int) func(*chanData[T]) {
	v := make([]T, n)
	next := make([]T, n)
	return func(w *chanData[T]) {
		h := w.h
		if w.h0 != nil {
			copy(h, w.h0)
		} else {
			clear(h)
		}
		// carry multiplies v by a_i and adds c_i · v to y_i for i in [from, e).
		carry := func(from, e int) {
			for i := from; i < e; i++ {
				a := w.a.row(i)
				c := w.cm.row(i)
				var s T
				for k := range v {
					v[k] *= a[k]
					s += c[k] * v[k]
				}
				w.y[i] += s
				if (i-from)%flushEvery == flushEvery-1 {
					flushTiny(v)
				}
			}
		}
		for s := 0; s < w.L; s += q {
			e := min(s+q, w.L)
			clear(w.y[s:e])
			copy(v, h)
			carry(s, e) // state passed in from the previous chunk
			copy(next, v)
			for j := s; j < e; j++ {
				b := w.bm.row(j)
				c := w.cm.row(j)
				x := w.x[j]
				var d T
				for k := range v {
					v[k] = b[k] * x
					d += c[k] * v[k]
				}
				w.y[j] += d
				carry(j+1, e)
				for k := range v {
					next[k] += v[k]
				}
			}
			copy(h, next)
			flushTiny(h)
		}
	}
}
