package llvm

import (
	"fmt"
	"math"
	"sync"
	"unsafe"

	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/runtime"
)

// sbView is a strided float32 view of a logical [B, L, channels, N]
// operand (x and y use [B, L, channels]): element (b, t, c, n) is at
// b·SB + t·SL + CO[c] + n·SN (floats; complex views hold (re, im) pairs
// and their strides count floats). It is the interpreter's ssm view
// (backend/interp/views.go), so both read the same elements.
type sbView struct {
	Data       []float32
	SB, SL, SN int
	CO         []int
	Complex    bool
}

// newSBView views t broadcast to the logical shape (t has the same rank,
// each axis equal or 1: a size-1 axis never advances).
func newSBView(t *runtime.Tensor, logical []int, hasN bool) sbView {
	w := 1
	if t.DType == runtime.C64 {
		w = 2
	}
	st := make([]int, len(logical))
	stride := w
	for i := len(t.Shape) - 1; i >= 0; i-- {
		if t.Shape[i] != 1 {
			st[i] = stride
		}
		stride *= t.Shape[i]
	}
	end := len(logical)
	v := sbView{Data: t.F, SB: st[0], SL: st[1], Complex: t.DType == runtime.C64}
	if hasN {
		end--
		v.SN = st[end]
	}
	dims, strides := logical[2:end], st[2:end]
	n := 1
	for _, d := range dims {
		n *= d
	}
	v.CO = make([]int, n)
	idx := make([]int, len(dims))
	for c := 0; c < n; c++ {
		o := 0
		for a, i := range idx {
			o += i * strides[a]
		}
		v.CO[c] = o
		for a := len(dims) - 1; a >= 0; a-- {
			idx[a]++
			if idx[a] < dims[a] {
				break
			}
			idx[a] = 0
		}
	}
	return v
}

// at is element (b, t, c, n) as a complex number (imaginary part 0 for a
// real view).
func (v *sbView) at(b, t, c, n int) complex128 {
	i := b*v.SB + t*v.SL + v.CO[c] + n*v.SN
	if v.Complex {
		return complex(float64(v.Data[i]), float64(v.Data[i+1]))
	}
	return complex(float64(v.Data[i]), 0)
}

// sbScratchPool keeps per-goroutine scratch buffers between calls: the
// chunk matrices, FFT buffers and kernel tables are large, and fresh
// memory is slow to touch.
var sbScratchPool struct {
	sync.Mutex
	free [][]float32
}

// sbTake returns a 64-byte aligned buffer of at least n floats.
func sbTake(n int) []float32 {
	sbScratchPool.Lock()
	defer sbScratchPool.Unlock()
	best := -1
	for i, b := range sbScratchPool.free {
		if cap(b) >= n && (best < 0 || cap(b) < cap(sbScratchPool.free[best])) {
			best = i
		}
	}
	if best >= 0 {
		b := sbScratchPool.free[best]
		sbScratchPool.free = append(sbScratchPool.free[:best], sbScratchPool.free[best+1:]...)
		return b[:n]
	}
	return gemmAlloc(max(n, 1))[:n]
}

// sbKeepMax is the largest buffer (in floats, 32 MiB) the pool keeps:
// bigger ones (a long quadratic block) go back to the garbage collector.
const sbKeepMax = 8 << 20

// sbGive returns a buffer to the pool, which keeps the largest few.
func sbGive(b []float32) {
	if cap(b) > sbKeepMax {
		return
	}
	sbScratchPool.Lock()
	defer sbScratchPool.Unlock()
	sbScratchPool.free = append(sbScratchPool.free, b[:cap(b)])
	const keep = 8
	if len(sbScratchPool.free) > keep {
		small := 0
		for i, f := range sbScratchPool.free {
			if cap(f) < cap(sbScratchPool.free[small]) {
				small = i
			}
		}
		sbScratchPool.free = append(sbScratchPool.free[:small], sbScratchPool.free[small+1:]...)
	}
}

func sbPtr(v []float32) unsafe.Pointer {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Pointer(&v[0])
}

func sbRound(n, m int) int { return (n + m - 1) / m * m }

// sbSSD is one real problem of the SSD shape: a scalar decay per (b, t,
// group), groups of P consecutive channels sharing A, Bm and Cm.
type sbSSD struct {
	B, L, N, P, C int
	X, Y          []float32 // [B, L, C], contiguous
	A, Bm, Cm     sbView
	Groups        [][4]int64 // per group: channel offsets of A, Bm, Cm, and its first channel
	H0, HT        []float32  // [B, C, N] or nil
}

// sbSSDWork is the rough cost of the SSD form, for the thread count.
func sbSSDWork(p *sbSSD, q int) int {
	return p.B * p.C * max(p.L, 1) * (p.N + q)
}

// sbPanel is the number of rows of W (a chunk's masked C Bᵀ) computed and
// used at a time: one panel for the usual chunks, and a long quadratic
// block needs sbPanel·L floats of scratch, not L².
const sbPanel = 128

// runSSD computes p in chunks of q steps (q >= L: the quadratic form) on
// up to threads goroutines, one kernel call each over a range of (batch,
// group) items.
func runSSD(fn native.Fn, variant string, threads int, p *sbSSD, q int) error {
	if q < 1 {
		return fmt.Errorf("llvm: ssm: chunk %d", q)
	}
	if p.B == 0 || p.C == 0 || p.L == 0 {
		return fmt.Errorf("llvm: ssm: empty problem reached the SSD kernel")
	}
	q = min(q, p.L)
	lanes := VariantLanes(variant)
	G := len(p.Groups)
	qp, pp := sbRound(q, lanes), sbRound(p.P, lanes)
	var ints [sdInts]int64
	ints[0] = sbSelSSD
	ints[sdL], ints[sdN], ints[sdP], ints[sdQ], ints[sdC], ints[sdG] = int64(p.L), int64(p.N), int64(p.P), int64(q), int64(p.C), int64(G)
	ints[sdSBA], ints[sdSLA] = int64(p.A.SB), int64(p.A.SL)
	ints[sdSBB], ints[sdSLB], ints[sdSNB] = int64(p.Bm.SB), int64(p.Bm.SL), int64(p.Bm.SN)
	ints[sdSBC], ints[sdSLC], ints[sdSNC] = int64(p.Cm.SB), int64(p.Cm.SL), int64(p.Cm.SN)
	if p.H0 != nil {
		ints[sdFlags] |= 1
	}
	if p.HT != nil {
		ints[sdFlags] |= 2
	}
	ints[sdLdq], ints[sdLdp] = int64(qp), int64(pp)
	R := min(q, sbPanel)
	ints[sdR] = int64(R)
	off := 0
	alloc := func(n int) int64 {
		o := off
		off += sbRound(n, 16)
		return int64(o)
	}
	ints[sdOffBT] = alloc(p.N * qp)
	ints[sdOffW] = alloc(R * qp)
	ints[sdOffST] = alloc(p.N * pp)
	ints[sdOffL] = alloc(qp)
	ints[sdOffPre] = alloc(qp)
	ints[sdOffA] = alloc(qp)
	scratch := off
	var base native.Ptrs
	base[sdPX], base[sdPA], base[sdPB], base[sdPC], base[sdPY] = sbPtr(p.X), sbPtr(p.A.Data), sbPtr(p.Bm.Data), sbPtr(p.Cm.Data), sbPtr(p.Y)
	base[sdPH0], base[sdPHT] = sbPtr(p.H0), sbPtr(p.HT)
	base[sdPGroups] = unsafe.Pointer(&p.Groups[0])
	units := p.B * G
	t := runtime.ThreadsFor(threads, sbSSDWork(p, q))
	runtime.ParallelFor(units, t, func(lo, hi int) {
		buf := sbTake(scratch)
		ptrs := base
		ptrs[sdPScratch] = sbPtr(buf)
		fn.Call(lo, hi, ints[:], &ptrs)
		sbGive(buf)
	})
	return nil
}

// sbTwiddles caches cos and -sin of 2πk/n (k < n) per FFT size, computed
// in float64 and rounded once.
var sbTwiddles struct {
	sync.Mutex
	byN map[int][]float32
}

func sbTwiddle(n int) []float32 {
	sbTwiddles.Lock()
	defer sbTwiddles.Unlock()
	if t, ok := sbTwiddles.byN[n]; ok {
		return t
	}
	if sbTwiddles.byN == nil {
		sbTwiddles.byN = map[int][]float32{}
	}
	t := make([]float32, 2*n)
	for k := 0; k < n; k++ {
		s, c := math.Sincos(2 * math.Pi * float64(k) / float64(n))
		t[k], t[n+k] = float32(c), float32(-s)
	}
	sbTwiddles.byN[n] = t
	return t
}

// sbFFTSize is the power of two used for a linear convolution of length l.
func sbFFTSize(l int) int {
	n := 1
	for n < 2*l-1 {
		n *= 2
	}
	return n
}

// sbConv is one time-invariant problem as a causal convolution: per
// (batch, channel) the kernel K_l = sum_n c[n] a[n]^l b[n].
type sbConv struct {
	B, L, C, N int
	X, Y       []float32 // [B, L, C] (interleaved pairs when complex)
	XC, YC     bool
	KC         bool // the kernel is complex (any of a, b, c is)
	PerBatch   bool // a, b or c varies over the batch
	A, Bm, Cm  sbView
}

// blocks is the number of kernel blocks (lanes channels each).
func (p *sbConv) blocks(lanes int) int {
	nb := (p.C + lanes - 1) / lanes
	if p.PerBatch {
		return p.B * nb
	}
	return nb
}

// kernelsLen is the length of the kernels table.
func (p *sbConv) kernelsLen(lanes int) int { return p.blocks(lanes) * 2 * p.L * lanes }

// spectraLen is the length of the spectra table.
func (p *sbConv) spectraLen(lanes int) int { return p.blocks(lanes) * 2 * sbFFTSize(p.L) * lanes }

// kernels writes the time-domain kernels into out, [blocks][2][L][lanes]
// (the imaginary plane zero for real kernels, lanes past the last channel
// zero), computed in float64 by running powers (flushed like the
// interpreter's) and rounded once.
func (p *sbConv) kernels(out []float32, lanes, threads int) {
	nb := (p.C + lanes - 1) / lanes
	blocks := p.blocks(lanes)
	clear(out)
	runtime.ParallelFor(blocks*lanes, runtime.ThreadsFor(threads, blocks*lanes*p.L*p.N*4), func(lo, hi int) {
		v := make([]complex128, p.N)
		a := make([]complex128, p.N)
		for u := lo; u < hi; u++ {
			blk, lane := u/lanes, u%lanes
			b, cb := 0, blk
			if p.PerBatch {
				b, cb = blk/nb, blk%nb
			}
			c := cb*lanes + lane
			if c >= p.C {
				continue
			}
			for n := range v {
				v[n] = p.Cm.at(b, 0, c, n) * p.Bm.at(b, 0, c, n)
				a[n] = p.A.at(b, 0, c, n)
			}
			re := out[blk*2*p.L*lanes:]
			im := re[p.L*lanes:]
			for t := 0; t < p.L; t++ {
				var s complex128
				for n, vn := range v {
					s += vn
					v[n] = vn * a[n]
				}
				re[t*lanes+lane], im[t*lanes+lane] = float32(real(s)), float32(imag(s))
				if t%32 == 31 {
					sbFlush64(v)
				}
			}
		}
	})
}

// sbFlush64 is the interpreter's flush of running float64 products
// (values under 2^-900 set to 0), keeping them out of the subnormals.
func sbFlush64(v []complex128) {
	const tiny = 0x1p-900
	for i, x := range v {
		re, im := real(x), imag(x)
		if math.Abs(re) < tiny || math.Abs(im) < tiny {
			if math.Abs(re) < tiny {
				re = 0
			}
			if math.Abs(im) < tiny {
				im = 0
			}
			v[i] = complex(re, im)
		}
	}
}

// sbDirectMax is the longest sequence the direct convolution takes with a
// real kernel and real x (half that when either is complex, four
// multiply-adds a term): its L²/2 multiply-adds per channel beat two FFTs
// of at least 2L points up to about here (measured on AVX-512).
var sbDirectMax = 96

// direct reports whether p runs as the direct convolution.
func (p *sbConv) direct() bool {
	if p.XC || p.KC {
		return p.L <= sbDirectMax/2
	}
	return p.L <= sbDirectMax
}

func (p *sbConv) flags() int64 {
	var f int64
	if p.XC {
		f |= cvXComplex
	}
	if p.YC {
		f |= cvYComplex
	}
	if p.KC {
		f |= cvKComplex
	}
	if p.PerBatch {
		f |= cvPerBatch
	}
	return f
}

// spectra transforms kernels (from kernels) into their spectra scaled by
// 1/n, [blocks][n][2][lanes], in out.
func spectra(fn native.Fn, variant string, threads int, p *sbConv, k, out []float32) {
	lanes := VariantLanes(variant)
	n := sbFFTSize(p.L)
	blocks := p.blocks(lanes)
	tw := sbTwiddle(n)
	var ints [cvInts]int64
	ints[0], ints[cvL], ints[cvNFFT], ints[cvFlags] = sbSelSpectrum, int64(p.L), int64(n), p.flags()
	var base native.Ptrs
	base[cvPX], base[cvPK], base[cvPTw] = sbPtr(k), sbPtr(out), sbPtr(tw)
	runtime.ParallelFor(blocks, runtime.ThreadsFor(threads, blocks*n*lanes*8), func(lo, hi int) {
		buf := sbTake(4 * n * lanes)
		ptrs := base
		ptrs[cvPScratch] = sbPtr(buf)
		fn.Call(lo, hi, ints[:], &ptrs)
		sbGive(buf)
	})
}

// runConv computes y = K * x with the prepared table: spectra when fft
// (from spectra), else time-domain kernels (from kernels).
func runConv(fn native.Fn, variant string, threads int, p *sbConv, table []float32, fft bool) {
	lanes := VariantLanes(variant)
	nb := (p.C + lanes - 1) / lanes
	var ints [cvInts]int64
	ints[cvL], ints[cvC], ints[cvNB], ints[cvFlags] = int64(p.L), int64(p.C), int64(nb), p.flags()
	var base native.Ptrs
	base[cvPX], base[cvPK], base[cvPY] = sbPtr(p.X), sbPtr(table), sbPtr(p.Y)
	scratch := 2 * p.L * lanes
	work := p.B * nb * p.L * p.L * lanes
	if fft {
		n := sbFFTSize(p.L)
		ints[0], ints[cvNFFT] = sbSelConvFFT, int64(n)
		base[cvPTw] = sbPtr(sbTwiddle(n))
		scratch = 4 * n * lanes
		work = p.B * nb * n * lanes * 16
	} else {
		ints[0] = sbSelConvDir
	}
	runtime.ParallelFor(p.B*nb, runtime.ThreadsFor(threads, work), func(lo, hi int) {
		buf := sbTake(scratch)
		ptrs := base
		ptrs[cvPScratch] = sbPtr(buf)
		fn.Call(lo, hi, ints[:], &ptrs)
		sbGive(buf)
	})
}

// convState adds the initial state's term c·a^{t+1}·h0 to y and writes the
// final state a^L h0 + sum_j a^{L-1-j} b x_j into hT (when not nil), in
// float64 as the interpreter does; h0 and hT are [B, C, N], interleaved
// pairs when stateC. These run only in streams and for ops with an initial
// or final state, where L is usually short.
func convState(p *sbConv, threads int, h0, hT []float32, stateC bool) {
	load := func(s []float32, i int) complex128 {
		if stateC {
			return complex(float64(s[2*i]), float64(s[2*i+1]))
		}
		return complex(float64(s[i]), 0)
	}
	xat := func(b, t, c int) complex128 {
		i := (b*p.L+t)*p.C + c
		if p.XC {
			return complex(float64(p.X[2*i]), float64(p.X[2*i+1]))
		}
		return complex(float64(p.X[i]), 0)
	}
	runtime.ParallelFor(p.B*p.C, runtime.ThreadsFor(threads, p.B*p.C*max(p.L, 1)*p.N*4), func(lo, hi int) {
		v := make([]complex128, p.N)
		r := make([]complex128, p.N)
		h := make([]complex128, p.N)
		for u := lo; u < hi; u++ {
			b, c := u/p.C, u%p.C
			if h0 != nil {
				for n := range v {
					v[n] = p.Cm.at(b, 0, c, n) * load(h0, (b*p.C+c)*p.N+n)
				}
				for t := 0; t < p.L; t++ {
					var s complex128
					for n, vn := range v {
						vn *= p.A.at(b, 0, c, n)
						v[n] = vn
						s += vn
					}
					i := (b*p.L+t)*p.C + c
					if p.YC {
						p.Y[2*i] = float32(float64(p.Y[2*i]) + real(s))
						p.Y[2*i+1] = float32(float64(p.Y[2*i+1]) + imag(s))
					} else {
						p.Y[i] = float32(float64(p.Y[i]) + real(s))
					}
					if t%32 == 31 {
						sbFlush64(v)
					}
				}
			}
			if hT == nil {
				continue
			}
			for n := range r {
				r[n], h[n] = 1, 0
			}
			for j := p.L - 1; j >= 0; j-- {
				x := xat(b, j, c)
				for n := range r {
					h[n] += r[n] * p.Bm.at(b, 0, c, n) * x
					r[n] *= p.A.at(b, 0, c, n)
				}
				if j%32 == 0 {
					sbFlush64(r)
				}
			}
			for n := range h {
				if h0 != nil {
					h[n] += r[n] * load(h0, (b*p.C+c)*p.N+n)
				}
				i := (b*p.C+c)*p.N + n
				if stateC {
					hT[2*i], hT[2*i+1] = float32(real(h[n])), float32(imag(h[n]))
				} else {
					hT[i] = float32(real(h[n]))
				}
			}
		}
	})
}
