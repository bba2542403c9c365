package ssm

import (
	"math"
	"math/cmplx"
	"math/rand"
	"testing"
)

// opSpec describes how a test operand is stored.
type opSpec struct {
	cplx   bool
	lti    bool // SL = 0
	group  int  // channels per distinct channel offset (CO[c] = (c/group)*stride); <= 1: all distinct
	nBcast bool // SN = 0
	bBcast bool // SB = 0
}

// mkView allocates a view of the logical [B, L, C, N] array described by s,
// with a random amount of padding before and after, filled by gen.
func mkView(rng *rand.Rand, B, L, C, N int, s opSpec, gen func() (float64, float64)) View {
	w := 1
	if s.cplx {
		w = 2
	}
	g := max(s.group, 1)
	nb, nl, nc, nn := B, L, (C+g-1)/g, N
	if s.bBcast {
		nb = 1
	}
	if s.lti {
		nl = 1
	}
	if s.nBcast {
		nn = 1
	}
	sn := w
	sc := nn * sn
	sl := nc * sc
	sb := nl * sl
	pre, post := rng.Intn(4), rng.Intn(4)
	data := make([]float32, pre+nb*sb+post)
	for i := range data {
		data[i] = float32(math.NaN()) // padding must never be read
	}
	v := View{Data: data, Off: pre, SB: sb, SL: sl, SN: sn, CO: make([]int, C), Complex: s.cplx}
	for c := range v.CO {
		v.CO[c] = (c / g) * sc
	}
	for i := 0; i < nb*sb; i += w {
		re, im := gen()
		data[pre+i] = float32(re)
		if s.cplx {
			data[pre+i+1] = float32(im)
		}
	}
	if s.bBcast {
		v.SB = 0
	}
	if s.lti {
		v.SL = 0
	}
	if s.nBcast {
		v.SN = 0
	}
	return v
}

// rd reads element (b, t, c, n) of v, independently of the code under test.
func rd(v *View, b, t, c, n int) complex128 {
	i := v.Off + b*v.SB + t*v.SL + v.CO[c] + n*v.SN
	if v.Complex {
		return complex(float64(v.Data[i]), float64(v.Data[i+1]))
	}
	return complex(float64(v.Data[i]), 0)
}

// probCfg describes a random Problem.
type probCfg struct {
	name          string
	B, L, C, N    int
	X, A, Bm, Cm  opSpec
	h0, ht        bool
	decay         float64 // |a| = exp(-decay * U(0,1))
	negA          bool    // real a of random sign
	unitB, unitCm bool    // Bm, Cm all ones (S5)
}

func (pc probCfg) build(rng *rand.Rand) *Problem {
	normal := func() (float64, float64) { return rng.NormFloat64(), rng.NormFloat64() }
	one := func() (float64, float64) { return 1, 0 }
	decay := pc.decay
	if decay == 0 {
		decay = 0.5
	}
	aGen := func() (float64, float64) {
		r := math.Exp(-decay * rng.Float64())
		if pc.A.cplx {
			z := cmplx.Rect(r, (2*rng.Float64()-1)*math.Pi)
			return real(z), imag(z)
		}
		if pc.negA && rng.Intn(2) == 0 {
			r = -r
		}
		return r, 0
	}
	bGen, cGen := normal, normal
	if pc.unitB {
		bGen = one
	}
	if pc.unitCm {
		cGen = one
	}
	p := &Problem{B: pc.B, L: pc.L, C: pc.C, N: pc.N}
	p.X = mkView(rng, pc.B, pc.L, pc.C, 1, pc.X, normal)
	p.A = mkView(rng, pc.B, pc.L, pc.C, pc.N, pc.A, aGen)
	p.Bm = mkView(rng, pc.B, pc.L, pc.C, pc.N, pc.Bm, bGen)
	p.Cm = mkView(rng, pc.B, pc.L, pc.C, pc.N, pc.Cm, cGen)
	p.Y = mkView(rng, pc.B, pc.L, pc.C, 1, opSpec{cplx: p.computeComplex()}, func() (float64, float64) { return 0, 0 })
	if pc.h0 {
		p.H0 = make([]float32, p.stateLen())
		for i := range p.H0 {
			p.H0[i] = float32(rng.NormFloat64())
		}
	}
	if pc.ht {
		p.HT = make([]float32, p.stateLen())
	}
	return p
}

// refScan is the float64 reference: the recurrence of the Problem doc comment
// evaluated in complex128 straight from the views. It returns y [B, L, C] and
// the final state [B, C, N].
func refScan(p *Problem) (y, hT []complex128) {
	y = make([]complex128, p.B*p.L*p.C)
	hT = make([]complex128, p.B*p.C*p.N)
	sc := p.StateComplex()
	for b := 0; b < p.B; b++ {
		for c := 0; c < p.C; c++ {
			h := hT[(b*p.C+c)*p.N:][:p.N]
			if p.H0 != nil {
				for n := range h {
					i := (b*p.C+c)*p.N + n
					if sc {
						h[n] = complex(float64(p.H0[2*i]), float64(p.H0[2*i+1]))
					} else {
						h[n] = complex(float64(p.H0[i]), 0)
					}
				}
			}
			for t := 0; t < p.L; t++ {
				x := rd(&p.X, b, t, c, 0)
				var acc complex128
				for n := range h {
					h[n] = rd(&p.A, b, t, c, n)*h[n] + rd(&p.Bm, b, t, c, n)*x
					acc += rd(&p.Cm, b, t, c, n) * h[n]
				}
				y[(b*p.L+t)*p.C+c] = acc
			}
		}
	}
	return y, hT
}

// readY returns the [B, L, C] output of p as complex128.
func readY(p *Problem) []complex128 {
	y := make([]complex128, p.B*p.L*p.C)
	for b := 0; b < p.B; b++ {
		for t := 0; t < p.L; t++ {
			for c := 0; c < p.C; c++ {
				y[(b*p.L+t)*p.C+c] = rd(&p.Y, b, t, c, 0)
			}
		}
	}
	return y
}

// readHT returns p.HT as complex128 [B, C, N].
func readHT(p *Problem) []complex128 {
	h := make([]complex128, p.B*p.C*p.N)
	for i := range h {
		if p.StateComplex() {
			h[i] = complex(float64(p.HT[2*i]), float64(p.HT[2*i+1]))
		} else {
			h[i] = complex(float64(p.HT[i]), 0)
		}
	}
	return h
}

// resetOutputs poisons Y and HT so that a mode that fails to write shows up.
func resetOutputs(p *Problem) {
	for i := range p.Y.Data {
		p.Y.Data[i] = float32(math.NaN())
	}
	for i := range p.HT {
		p.HT[i] = float32(math.NaN())
	}
}

// checkClose fails when |got - want| > tol * max(1, max|want|) anywhere, or
// when got is not finite.
func checkClose(t *testing.T, what string, got, want []complex128, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: len %d, want %d", what, len(got), len(want))
	}
	scale := 1.0
	for _, w := range want {
		scale = max(scale, cmplx.Abs(w))
	}
	worst, at := 0.0, -1
	for i := range got {
		if cmplx.IsNaN(got[i]) || cmplx.IsInf(got[i]) {
			t.Fatalf("%s: element %d is %v", what, i, got[i])
		}
		if e := cmplx.Abs(got[i] - want[i]); e > worst {
			worst, at = e, i
		}
	}
	if worst > tol*scale {
		t.Fatalf("%s: max error %.3g at %d (got %v, want %v), tolerance %.3g", what, worst, at, got[at], want[at], tol*scale)
	}
}

// reals converts float64 values to complex128 for checkClose.
func reals[F float32 | float64](v []F) []complex128 {
	out := make([]complex128, len(v))
	for i, x := range v {
		out[i] = complex(float64(x), 0)
	}
	return out
}

func randSlice(rng *rand.Rand, n int, f func() float64) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(f())
	}
	return s
}
