package ssm

import (
	"errors"
	"sync"
)

// FFTConv evaluates a time-invariant problem (TimeInvariant) as a causal
// convolution. Per (b, c) it forms the kernel
//
//	K_l = sum_n c[n] a[n]^l b[n],   l < L
//
// by running powers (a Vandermonde product, O(L·N)), convolves x with K through
// an FFT of size >= 2L-1 (linear, not circular; float64 or complex128), and
// adds the initial-state term c · a^{i+1} h0. HT = a^L h0 + sum_j a^{L-1-j} b x_j.
// It returns an error for a time-varying problem.
func FFTConv(p *Problem) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if !p.TimeInvariant() {
		return errors.New("ssm: FFTConv needs a time-invariant problem (A, Bm and Cm with SL == 0)")
	}
	n := fastSize(2*p.L - 1)
	// When A, Bm and Cm do not vary over the batch, the kernel of channel c
	// is the same for every b: visit the pairs channel-major and transform it
	// once per channel and worker.
	shared := p.A.SB == 0 && p.Bm.SB == 0 && p.Cm.SB == 0
	var spectra [][]complex128
	published := false
	if shared && p.Spectra != nil {
		spectra, published = p.Spectra.forLength(p.L, p.C)
	}
	runModes(p, shared,
		func() func(*chanData[float64]) { return newFFTKernel[float64](p.L, p.N, n, shared, spectra) },
		func() func(*chanData[complex128]) { return newFFTKernel[complex128](p.L, p.N, n, shared, spectra) })
	if spectra != nil && !published {
		p.Spectra.publish(p.L, spectra)
	}
	return nil
}

// SpectrumCache keeps the transformed kernel of every channel between
// FFTConv calls, for problems whose A, Bm and Cm are the same on every call
// (they depend on the weights only): the kernel's O(L·N) generation and its
// FFT then happen once per length. The caller guarantees that sameness. It is
// safe for concurrent use: a call fills a private table and publishes it when
// done, and published tables are only read. It keeps the few most recent
// lengths.
type SpectrumCache struct {
	mu    sync.Mutex
	byLen map[int][][]complex128
	order []int
}

// maxCachedLengths bounds the memory a cache holds (C·n complex values per length).
const maxCachedLengths = 4

// forLength returns the published table for length l, or a private one to
// fill (published false).
func (s *SpectrumCache) forLength(l, c int) ([][]complex128, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sp, ok := s.byLen[l]; ok {
		return sp, true
	}
	return make([][]complex128, c), false
}

// publish makes a filled table the one for length l.
func (s *SpectrumCache) publish(l int, sp [][]complex128) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byLen == nil {
		s.byLen = map[int][][]complex128{}
	}
	if _, ok := s.byLen[l]; ok {
		return
	}
	if len(s.order) == maxCachedLengths {
		delete(s.byLen, s.order[0])
		s.order = s.order[1:]
	}
	s.byLen[l] = sp
	s.order = append(s.order, l)
}

func newFFTKernel[T scalar](l, n, size int, shared bool, spectra [][]complex128) func(*chanData[T]) {
	if l == 0 {
		return func(w *chanData[T]) {
			if w.wantHT {
				finalState(w, make([]T, n))
			}
		}
	}
	cv := newConvolver[T](size)
	k := make([]T, l)
	v := make([]T, n)
	lastC := -1
	return func(w *chanData[T]) {
		a, b, c := w.a.row(0), w.bm.row(0), w.cm.row(0)
		cached := spectra != nil && spectra[w.c] != nil
		if cached && w.c != lastC {
			copy(cv.kernelSpectrum(), spectra[w.c])
			lastC = w.c
		}
		if !cached && (!shared || w.c != lastC) {
			for i := range v {
				v[i] = c[i] * b[i]
			}
			for t := range k {
				var s T
				for i, vi := range v {
					s += vi
					v[i] = vi * a[i]
				}
				k[t] = s
				if t%flushEvery == flushEvery-1 {
					flushTiny(v)
				}
			}
			cv.setKernel(k)
			lastC = w.c
			if spectra != nil {
				spectra[w.c] = append([]complex128(nil), cv.kernelSpectrum()...)
			}
		}
		cv.conv(w.y, w.x)
		if w.h0 != nil {
			for i := range v {
				v[i] = c[i] * w.h0[i]
			}
			for t := range w.y {
				var s T
				for i, vi := range v {
					vi *= a[i]
					v[i] = vi
					s += vi
				}
				w.y[t] += s
				if t%flushEvery == flushEvery-1 {
					flushTiny(v)
				}
			}
		}
		if w.wantHT {
			finalState(w, v)
		}
	}
}
