package ssm

import "gonum.org/v1/gonum/dsp/fourier"

// fastSize returns the smallest n >= m whose only prime factors are 2, 3 and
// 5: gonum's FFTPACK handles those radices directly and falls back to a slow
// generic pass for any other factor.
func fastSize(m int) int {
	best := 1
	for best < m {
		best *= 2
	}
	for p3 := 1; p3 < best; p3 *= 3 {
		for p35 := p3; p35 < best; p35 *= 5 {
			n := p35
			for n < m {
				n *= 2
			}
			best = min(best, n)
		}
	}
	return best
}

// realConv computes linear convolutions of real float64 sequences through a
// real FFT of a fixed size n. It owns its buffers: one per goroutine.
type realConv struct {
	fft    *fourier.FFT
	n      int
	buf    []float64    // [n]
	fx, fk []complex128 // [n/2+1]
}

func newRealConv(n int) *realConv {
	return &realConv{fft: fourier.NewFFT(n), n: n, buf: make([]float64, n),
		fx: make([]complex128, n/2+1), fk: make([]complex128, n/2+1)}
}

// spectrum stores into dst (len n/2+1) the DFT of src zero-padded to n.
func (r *realConv) spectrum(dst []complex128, src []float64) {
	copy(r.buf, src)
	clear(r.buf[len(src):])
	r.fft.Coefficients(dst, r.buf)
}

// apply returns the length-n circular convolution of x with the sequence whose
// spectrum is fk; it is the linear convolution when n >= len(x) + len(k) - 1.
// The result lives in r's buffer until the next call.
func (r *realConv) apply(fk []complex128, x []float64) []float64 {
	r.spectrum(r.fx, x)
	for i, v := range fk {
		r.fx[i] *= v
	}
	r.fft.Sequence(r.buf, r.fx)
	// gonum's transforms are unnormalised: forward then inverse scales by n.
	inv := 1 / float64(r.n)
	for i := range r.buf {
		r.buf[i] *= inv
	}
	return r.buf
}

// setKernel transforms the kernel used by conv.
func (r *realConv) setKernel(k []float64) { r.spectrum(r.fk, k) }

// conv sets y[i] = sum_{j<=i} k[i-j] x[j] for i < len(y), k from setKernel.
func (r *realConv) conv(y, x []float64) { copy(y, r.apply(r.fk, x)) }

// cmplxConv is realConv for complex sequences.
type cmplxConv struct {
	fft         *fourier.CmplxFFT
	n           int
	buf, fx, fk []complex128 // [n]
}

func newCmplxConv(n int) *cmplxConv {
	return &cmplxConv{fft: fourier.NewCmplxFFT(n), n: n, buf: make([]complex128, n),
		fx: make([]complex128, n), fk: make([]complex128, n)}
}

func (r *cmplxConv) spectrum(dst, src []complex128) {
	copy(r.buf, src)
	clear(r.buf[len(src):])
	r.fft.Coefficients(dst, r.buf)
}

func (r *cmplxConv) setKernel(k []complex128) { r.spectrum(r.fk, k) }

func (r *cmplxConv) conv(y, x []complex128) {
	r.spectrum(r.fx, x)
	for i, v := range r.fk {
		r.fx[i] *= v
	}
	r.fft.Sequence(r.buf, r.fx)
	inv := complex(1/float64(r.n), 0)
	for i := range y {
		y[i] = r.buf[i] * inv
	}
}

// convolver is the causal convolution used by FFTConv, real or complex:
// after setKernel(k), conv(y, x) sets y[i] = sum_{j<=i} k[i-j] x[j].
// kernelSpectrum exposes the transformed kernel so a SpectrumCache can keep
// it between calls.
type convolver[T scalar] interface {
	setKernel(k []T)
	conv(y, x []T)
	kernelSpectrum() []complex128
}

func (r *realConv) kernelSpectrum() []complex128  { return r.fk }
func (r *cmplxConv) kernelSpectrum() []complex128 { return r.fk }

func newConvolver[T scalar](n int) convolver[T] {
	var z T
	if _, ok := any(z).(float64); ok {
		return any(newRealConv(n)).(convolver[T])
	}
	return any(newCmplxConv(n)).(convolver[T])
}
