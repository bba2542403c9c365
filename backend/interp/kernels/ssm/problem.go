package ssm

import (
	"errors"
	"fmt"
)

// Problem is one diagonal state-space scan:
//
//	h_t[b,c,n] = a_t[b,c,n] * h_{t-1}[b,c,n] + b_t[b,c,n] * x_t[b,c]      (h_{-1} = H0, or 0)
//	y_t[b,c]   = sum_n c_t[b,c,n] * h_t[b,c,n]
//
// Arithmetic is complex when any operand is complex (the state is complex when
// X, A or Bm is; Y is complex when the state or Cm is). The modes accumulate in
// float64 (complex128), which costs little next to the strided float32 loads.
type Problem struct {
	B, L, C, N int
	X          View // [B, L, C]
	A, Bm, Cm  View // [B, L, C, N]
	Y          View // [B, L, C] output (written, not accumulated; must not overlap an input)
	// H0 is the optional initial state, contiguous [B, C, N] (interleaved
	// (re, im) pairs when the state is complex); nil means zero.
	H0 []float32
	// HT is the optional final state output, same layout as H0; nil means not wanted.
	HT      []float32
	Threads int // <= 0: GOMAXPROCS
	// Spectra, when set, caches FFTConv's transformed kernels across calls;
	// set it only when A, Bm and Cm are the same on every call.
	Spectra *SpectrumCache
}

// StateComplex reports whether the state h is complex, i.e. whether X, A or Bm is.
func (p *Problem) StateComplex() bool {
	return p.X.Complex || p.A.Complex || p.Bm.Complex
}

// computeComplex reports whether the modes must run in complex arithmetic:
// when the state or the output is complex.
func (p *Problem) computeComplex() bool {
	return p.StateComplex() || p.Cm.Complex
}

// TimeInvariant reports whether A, Bm and Cm are constant along time (all
// have SL == 0), the condition for FFTConv.
func (p *Problem) TimeInvariant() bool {
	return p.A.SL == 0 && p.Bm.SL == 0 && p.Cm.SL == 0
}

// stateLen is the number of float32s of H0 and HT.
func (p *Problem) stateLen() int {
	n := p.B * p.C * p.N
	if p.StateComplex() {
		n *= 2
	}
	return n
}

// Validate checks the sizes, that every view lies inside its Data, that Y is
// complex exactly when the arithmetic is, and the lengths of H0 and HT.
func (p *Problem) Validate() error {
	if p == nil {
		return errors.New("ssm: nil Problem")
	}
	if p.B < 1 || p.C < 1 || p.N < 1 || p.L < 0 {
		return fmt.Errorf("ssm: bad sizes B=%d L=%d C=%d N=%d (need B, C, N >= 1, L >= 0)", p.B, p.L, p.C, p.N)
	}
	if err := p.X.check("X", p.B, p.L, p.C, 1); err != nil {
		return err
	}
	if err := p.Y.check("Y", p.B, p.L, p.C, 1); err != nil {
		return err
	}
	for _, v := range []struct {
		name string
		v    *View
	}{{"A", &p.A}, {"Bm", &p.Bm}, {"Cm", &p.Cm}} {
		if err := v.v.check(v.name, p.B, p.L, p.C, p.N); err != nil {
			return err
		}
	}
	if p.Y.Complex != p.computeComplex() {
		return fmt.Errorf("ssm: Y.Complex = %v, but the output is complex = %v (state complex %v, Cm complex %v)",
			p.Y.Complex, p.computeComplex(), p.StateComplex(), p.Cm.Complex)
	}
	if p.H0 != nil && len(p.H0) != p.stateLen() {
		return fmt.Errorf("ssm: len(H0) = %d, want %d", len(p.H0), p.stateLen())
	}
	if p.HT != nil && len(p.HT) != p.stateLen() {
		return fmt.Errorf("ssm: len(HT) = %d, want %d", len(p.HT), p.stateLen())
	}
	return nil
}
