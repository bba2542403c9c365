package ssm

// Quadratic evaluates the problem through its materialised mixer matrix
//
//	M[i,j] = sum_n c_i[n] (prod_{k=j+1..i} a_k[n]) b_j[n]     (j <= i)
//
// per (b, c), and y = M x plus the initial-state term
// c_i · (prod_{k=0..i} a_k) h0. It costs O(L²·N) time and O(L²) memory per
// worker; it exists as the independent "attention-like" form that the other
// modes are checked against, and for short sequences.
func Quadratic(p *Problem) error {
	if err := p.Validate(); err != nil {
		return err
	}
	runModes(p, false,
		func() func(*chanData[float64]) { return newQuadKernel[float64](p.L, p.N) },
		func() func(*chanData[complex128]) { return newQuadKernel[complex128](p.L, p.N) })
	return nil
}

func newQuadKernel[T scalar](l, n int) func(*chanData[T]) {
	m := make([]T, l*l)
	v := make([]T, n)
	return func(w *chanData[T]) {
		clear(m)
		// Column j: v runs through prod_{k=j+1..i} a_k ∘ b_j as i grows, so
		// each decay product is a running product over its own segment.
		for j := 0; j < l; j++ {
			copy(v, w.bm.row(j))
			for i := j; i < l; i++ {
				a := w.a.row(i)
				c := w.cm.row(i)
				var s T
				for k := range v {
					if i > j {
						v[k] *= a[k]
					}
					s += c[k] * v[k]
				}
				m[i*l+j] = s
				if (i-j)%flushEvery == flushEvery-1 {
					flushTiny(v)
				}
			}
		}
		for i := 0; i < l; i++ {
			row := m[i*l : i*l+i+1]
			var s T
			for j, mij := range row {
				s += mij * w.x[j]
			}
			w.y[i] = s
		}
		if w.h0 != nil {
			copy(v, w.h0)
			for i := 0; i < l; i++ {
				a := w.a.row(i)
				c := w.cm.row(i)
				var s T
				for k := range v {
					v[k] *= a[k]
					s += c[k] * v[k]
				}
				w.y[i] += s
				if i%flushEvery == flushEvery-1 {
					flushTiny(v)
				}
			}
		}
		if w.wantHT {
			finalState(w, v)
		}
	}
}

// finalState writes into w.h the state after the last step,
//
//	h_{L-1} = (prod_{k=0..L-1} a_k) h0 + sum_j (prod_{k=j+1..L-1} a_k) b_j x_j,
//
// accumulating backwards in time so that every product is a running product
// (no division by a prefix). r is scratch of length N.
func finalState[T scalar](w *chanData[T], r []T) {
	clear(w.h)
	for k := range r {
		r[k] = 1
	}
	for j := w.L - 1; j >= 0; j-- {
		b := w.bm.row(j)
		a := w.a.row(j)
		x := w.x[j]
		for k := range r {
			w.h[k] += r[k] * b[k] * x
			r[k] *= a[k]
		}
		if j%flushEvery == 0 {
			flushTiny(r)
		}
	}
	if w.h0 != nil {
		for k := range r {
			w.h[k] += r[k] * w.h0[k]
		}
	}
}
