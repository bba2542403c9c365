package ssm

import "github.com/seqc-dev/seqc/runtime"

// scalar is the arithmetic of the generic modes: float64 for real problems,
// complex128 for complex ones. Each gets its own compiled instantiation.
type scalar interface{ ~float64 | ~complex128 }

// chanData is the working set of one (b, c) pair of a Problem, gathered from the
// strided float32 views into contiguous slices of T, so that the mode kernels
// are plain loops over dense memory and know nothing about views.
type chanData[T scalar] struct {
	L, N      int
	b, c      int // the pair loaded last
	x         []T // [L]
	a, bm, cm operand[T]
	h0        []T  // [N], nil when the problem has no initial state
	h         []T  // [N] final state, written by the kernel when wantHT
	wantHT    bool // the problem asks for HT
	y         []T  // [L] output, written by the kernel
}

func newChanData[T scalar](p *Problem) *chanData[T] {
	w := &chanData[T]{L: p.L, N: p.N, x: make([]T, p.L), y: make([]T, p.L), h: make([]T, p.N), wantHT: p.HT != nil,
		a: newOperand[T](&p.A, p.L, p.N), bm: newOperand[T](&p.Bm, p.L, p.N), cm: newOperand[T](&p.Cm, p.L, p.N)}
	if p.H0 != nil {
		w.h0 = make([]T, p.N)
	}
	return w
}

// load gathers the operands of channel (b, c).
func (w *chanData[T]) load(p *Problem, b, c int) {
	w.b, w.c = b, c
	gather(w.x, &p.X, b, c, p.L, 1)
	w.a.load(&p.A, b, c)
	w.bm.load(&p.Bm, b, c)
	w.cm.load(&p.Cm, b, c)
	if w.h0 != nil {
		loadState(w.h0, p.H0, (b*p.C+c)*p.N, p.StateComplex())
	}
}

// store writes y (and the final state when wanted) of channel (b, c).
func (w *chanData[T]) store(p *Problem, b, c int) {
	scatter(&p.Y, w.y, b, c, p.L)
	if w.wantHT {
		storeState(p.HT, w.h, (b*p.C+c)*p.N, p.StateComplex())
	}
}

// operand is one [B, L, C, N] operand of one channel, gathered as rows × n
// contiguous values. An operand constant in time (SL == 0) is gathered as a
// single row and read with row stride 0.
type operand[T scalar] struct {
	d    []T
	s, n int // row stride (0 or n), row length
}

func newOperand[T scalar](v *View, l, n int) operand[T] {
	switch {
	case l == 0:
		return operand[T]{n: n} // nothing is read; a broadcast row might not even exist
	case v.SL == 0:
		return operand[T]{d: make([]T, n), n: n}
	}
	return operand[T]{d: make([]T, l*n), s: n, n: n}
}

// row returns the n values at time t.
func (o *operand[T]) row(t int) []T { return o.d[t*o.s : t*o.s+o.n] }

func (o *operand[T]) load(v *View, b, c int) {
	gather(o.d, v, b, c, len(o.d)/o.n, o.n)
}

// forEachChannel runs a kernel on every (b, c) pair, in parallel over pairs.
// newKernel is called once per worker so that a kernel can own scratch memory
// (FFT plans, matrices) without sharing it between goroutines. With cMajor
// the pairs are visited channel by channel, so that consecutive calls of one
// worker see the same channel for successive batches.
func forEachChannel[T scalar](p *Problem, cMajor bool, newKernel func() func(*chanData[T])) {
	runtime.ParallelFor(p.B*p.C, runtime.ThreadsFor(p.Threads, p.B*p.C*max(p.L, 1)*p.N), func(lo, hi int) {
		w := newChanData[T](p)
		kernel := newKernel()
		for u := lo; u < hi; u++ {
			b, c := u/p.C, u%p.C
			if cMajor {
				b, c = u%p.B, u/p.B
			}
			w.load(p, b, c)
			kernel(w)
			w.store(p, b, c)
		}
	})
}

// runModes dispatches a mode to its real or complex instantiation.
func runModes(p *Problem, cMajor bool, real func() func(*chanData[float64]), cmplx func() func(*chanData[complex128])) {
	if p.computeComplex() {
		forEachChannel(p, cMajor, cmplx)
	} else {
		forEachChannel(p, cMajor, real)
	}
}

// gather copies rows × n elements of channel (b, c) of v into dst, row-major,
// reading time rows 0..rows-1.
func gather[T scalar](dst []T, v *View, b, c, rows, n int) {
	switch d := any(dst).(type) {
	case []float64:
		i := 0
		for r := 0; r < rows; r++ {
			base := v.index(b, r, c, 0)
			for k := 0; k < n; k++ {
				d[i] = float64(v.Data[base+k*v.SN])
				i++
			}
		}
	case []complex128:
		i := 0
		for r := 0; r < rows; r++ {
			base := v.index(b, r, c, 0)
			for k := 0; k < n; k++ {
				j := base + k*v.SN
				im := 0.0
				if v.Complex {
					im = float64(v.Data[j+1])
				}
				d[i] = complex(float64(v.Data[j]), im)
				i++
			}
		}
	}
}

// scatter writes the series src (length l) to channel (b, c) of the [B, L, C]
// view v; a complex src goes to a complex view, whose validity Validate checked.
func scatter[T scalar](v *View, src []T, b, c, l int) {
	switch s := any(src).(type) {
	case []float64:
		for t := 0; t < l; t++ {
			v.Data[v.index(b, t, c, 0)] = float32(s[t])
		}
	case []complex128:
		for t := 0; t < l; t++ {
			i := v.index(b, t, c, 0)
			v.Data[i] = float32(real(s[t]))
			v.Data[i+1] = float32(imag(s[t]))
		}
	}
}

// loadState reads len(dst) state entries starting at entry off of a contiguous
// state array, interleaved (re, im) when cplx.
func loadState[T scalar](dst []T, src []float32, off int, cplx bool) {
	switch d := any(dst).(type) {
	case []float64:
		for i := range d {
			d[i] = float64(src[off+i])
		}
	case []complex128:
		for i := range d {
			if cplx {
				d[i] = complex(float64(src[2*(off+i)]), float64(src[2*(off+i)+1]))
			} else {
				d[i] = complex(float64(src[off+i]), 0)
			}
		}
	}
}

// storeState is the inverse of loadState. A complex T with a real state
// layout happens only when Cm alone is complex; the state is then real and
// its imaginary part is zero.
func storeState[T scalar](dst []float32, src []T, off int, cplx bool) {
	switch s := any(src).(type) {
	case []float64:
		for i, v := range s {
			dst[off+i] = float32(v)
		}
	case []complex128:
		for i, v := range s {
			if cplx {
				dst[2*(off+i)] = float32(real(v))
				dst[2*(off+i)+1] = float32(imag(v))
			} else {
				dst[off+i] = float32(real(v))
			}
		}
	}
}
