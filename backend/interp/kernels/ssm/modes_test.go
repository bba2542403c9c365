package ssm

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// modeConfigs covers the structures the compiler feeds to the modes.
var modeConfigs = []probCfg{
	{name: "real-tv", C: 3, N: 4, h0: true, ht: true, negA: true},
	{name: "real-bcast", C: 4, N: 3, h0: true, ht: true,
		A: opSpec{lti: true}, Bm: opSpec{group: 4}, Cm: opSpec{bBcast: true}},
	// Mamba-2/SSD: 2 heads of 3 channels, scalar decay per head, B and C
	// shared by all heads: the matrix-product fast path of Chunked.
	{name: "ssd", C: 6, N: 5, h0: true, ht: true,
		A: opSpec{group: 3, nBcast: true}, Bm: opSpec{group: 6}, Cm: opSpec{group: 6}},
	{name: "ssd-nostate", C: 4, N: 2, ht: true, negA: true,
		A: opSpec{group: 2, nBcast: true}, Bm: opSpec{group: 2}},
	{name: "lti-real", C: 3, N: 4, h0: true, ht: true,
		A: opSpec{lti: true}, Bm: opSpec{lti: true, group: 3}, Cm: opSpec{lti: true}},
	// S4D: complex A, B, C constant in time and shared by the batch, real x.
	{name: "s4d", C: 4, N: 6, h0: true, ht: true, A: opSpec{cplx: true, lti: true, bBcast: true},
		Bm: opSpec{cplx: true, lti: true, bBcast: true}, Cm: opSpec{cplx: true, lti: true, bBcast: true}},
	// S5-like: complex x and A, N = 1, B = C = 1.
	{name: "s5", C: 3, N: 1, h0: true, ht: true, unitB: true, unitCm: true, X: opSpec{cplx: true},
		A: opSpec{cplx: true, lti: true, bBcast: true}, Bm: opSpec{lti: true, bBcast: true}, Cm: opSpec{lti: true, bBcast: true}},
	{name: "complex-tv", C: 2, N: 3, h0: true, ht: true,
		A: opSpec{cplx: true}, Cm: opSpec{cplx: true}},
	// Real state read out by a complex Cm: complex output, real HT layout.
	{name: "cm-complex", C: 2, N: 3, h0: true, ht: true, Cm: opSpec{cplx: true, lti: true}},
}

type mode struct {
	name string
	run  func(*Problem) error
}

func modesFor(p *Problem) []mode {
	ms := []mode{{"Scan", Scan}}
	for _, q := range []int{1, 5, 16, 64} {
		ms = append(ms, mode{fmt.Sprintf("Chunked%d", q), func(p *Problem) error { return Chunked(p, q) }})
	}
	if p.L <= 300 {
		ms = append(ms, mode{"Quadratic", Quadratic})
	}
	if p.TimeInvariant() {
		ms = append(ms, mode{"FFTConv", FFTConv})
	}
	return ms
}

// TestModesAgree checks every mode against the float64 reference (and so
// against each other) on y and HT.
func TestModesAgree(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, pc := range modeConfigs {
		for _, L := range []int{1, 7, 63, 1031} {
			for _, B := range []int{1, 3} {
				pc := pc
				pc.L, pc.B = L, B
				p := pc.build(rng)
				wantY, wantH := refScan(p)
				for _, m := range modesFor(p) {
					if m.name == "Chunked1" && L > 100 {
						continue // O(L) chunks of one step: covered by the short cases
					}
					resetOutputs(p)
					p.Threads = 1 + (L+B)%2
					if err := m.run(p); err != nil {
						t.Fatalf("%s L=%d B=%d %s: %v", pc.name, L, B, m.name, err)
					}
					what := fmt.Sprintf("%s L=%d B=%d %s", pc.name, L, B, m.name)
					checkClose(t, what+" y", readY(p), wantY, 2e-5)
					if p.HT != nil {
						checkClose(t, what+" HT", readHT(p), wantH, 2e-5)
					}
				}
			}
		}
	}
}

// TestQuadraticMatrix checks Quadratic against the explicit sum over j of
// the matrix entries, each decay product formed from scratch.
func TestQuadraticMatrix(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	pc := modeConfigs[0]
	pc.B, pc.L = 2, 9
	p := pc.build(rng)
	want := make([]complex128, p.B*p.L*p.C)
	for b := 0; b < p.B; b++ {
		for c := 0; c < p.C; c++ {
			for i := 0; i < p.L; i++ {
				var s complex128
				for n := 0; n < p.N; n++ {
					for j := 0; j <= i; j++ {
						m := rd(&p.Cm, b, i, c, n) * rd(&p.Bm, b, j, c, n)
						for k := j + 1; k <= i; k++ {
							m *= rd(&p.A, b, k, c, n)
						}
						s += m * rd(&p.X, b, j, c, 0)
					}
					h0 := complex(float64(p.H0[(b*p.C+c)*p.N+n]), 0) * rd(&p.Cm, b, i, c, n)
					for k := 0; k <= i; k++ {
						h0 *= rd(&p.A, b, k, c, n)
					}
					s += h0
				}
				want[(b*p.L+i)*p.C+c] = s
			}
		}
	}
	if err := Quadratic(p); err != nil {
		t.Fatal(err)
	}
	checkClose(t, "Quadratic vs explicit M", readY(p), want, 1e-5)
}

// TestLongChunked runs a selective (time-varying) problem of 16384 steps with
// strong decay (a = exp(-5 U(0,1))) through Chunked: products of thousands of
// decays underflow to zero, and nothing may overflow or turn into NaN.
func TestLongChunked(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for _, pc := range []probCfg{
		{name: "generic", C: 2, N: 4},
		{name: "ssd", C: 4, N: 4, A: opSpec{group: 2, nBcast: true}, Bm: opSpec{group: 4}, Cm: opSpec{group: 4}},
	} {
		pc.B, pc.L, pc.decay, pc.h0, pc.ht = 1, 16384, 5, true, true
		p := pc.build(rng)
		if err := Scan(p); err != nil {
			t.Fatal(err)
		}
		scanY, scanH := readY(p), readHT(p)
		wantY, wantH := refScan(p)
		checkClose(t, pc.name+" Scan y", scanY, wantY, 2e-5)
		for _, q := range []int{64, 100} {
			resetOutputs(p)
			if err := Chunked(p, q); err != nil {
				t.Fatal(err)
			}
			for i, v := range p.Y.Data[p.Y.Off : p.Y.Off+p.L*p.C] {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					t.Fatalf("%s chunk %d: y[%d] = %v", pc.name, q, i, v)
				}
			}
			checkClose(t, fmt.Sprintf("%s Chunked%d vs Scan y", pc.name, q), readY(p), scanY, 2e-5)
			checkClose(t, fmt.Sprintf("%s Chunked%d vs Scan HT", pc.name, q), readHT(p), scanH, 2e-5)
			checkClose(t, fmt.Sprintf("%s Chunked%d vs ref HT", pc.name, q), readHT(p), wantH, 2e-5)
		}
	}
}

// TestModesThreads checks that 1, 2 and 3 threads give bit-identical output.
func TestModesThreads(t *testing.T) {
	defer forceThreads()()
	rng := rand.New(rand.NewSource(4))
	for _, pc := range modeConfigs {
		pc.B, pc.L = 3, 40
		p := pc.build(rng)
		for _, m := range modesFor(p) {
			var first []float32
			var firstH []float32
			for _, th := range []int{1, 2, 3} {
				resetOutputs(p)
				p.Threads = th
				if err := m.run(p); err != nil {
					t.Fatal(err)
				}
				if th == 1 {
					first = append([]float32(nil), p.Y.Data...)
					firstH = append([]float32(nil), p.HT...)
					continue
				}
				if !bitsEqual(first, p.Y.Data) || !bitsEqual(firstH, p.HT) {
					t.Fatalf("%s %s: threads=%d differs from threads=1", pc.name, m.name, th)
				}
			}
		}
	}
}

func bitsEqual(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}

func TestProblemErrors(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	good := func() *Problem {
		pc := modeConfigs[0]
		pc.B, pc.L = 2, 5
		return pc.build(rng)
	}
	for _, tc := range []struct {
		name   string
		break_ func(p *Problem)
	}{
		{"short CO", func(p *Problem) { p.A.CO = p.A.CO[:1] }},
		{"out of bounds", func(p *Problem) { p.Bm.Off += len(p.Bm.Data) }},
		{"negative offset", func(p *Problem) { p.X.Off = -1 }},
		{"complex Y for real problem", func(p *Problem) { p.Y.Complex = true }},
		{"H0 length", func(p *Problem) { p.H0 = make([]float32, 3) }},
		{"HT length", func(p *Problem) { p.HT = make([]float32, 1) }},
		{"zero N", func(p *Problem) { p.N = 0 }},
		{"complex state, real Y", func(p *Problem) { p.A.Complex = true }},
	} {
		p := good()
		tc.break_(p)
		for _, m := range []mode{{"Scan", Scan}, {"Quadratic", Quadratic}, {"FFTConv", FFTConv},
			{"Chunked", func(p *Problem) error { return Chunked(p, 4) }}} {
			if err := m.run(p); err == nil {
				t.Errorf("%s: %s accepted a bad problem", tc.name, m.name)
			}
		}
	}
	p := good()
	if err := Chunked(p, 0); err == nil {
		t.Error("Chunked accepted chunk 0")
	}
	if err := FFTConv(p); err == nil {
		t.Error("FFTConv accepted a time-varying problem")
	}
}

// TestEmptySequence: L = 0 writes nothing and passes H0 through to HT.
func TestEmptySequence(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	pc := modeConfigs[5] // s4d: LTI, so every mode applies
	pc.B, pc.L = 2, 0
	p := pc.build(rng)
	for _, m := range modesFor(p) {
		resetOutputs(p)
		if err := m.run(p); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
		if !bitsEqual(p.HT, p.H0) {
			t.Fatalf("%s: HT != H0 for L = 0", m.name)
		}
	}
}

// TestSubnormal: an impulse followed by a long run of zeros makes states and
// kernels decay through the subnormal range; the modes flush them (see
// denormal.go) and must still agree with the reference.
func TestSubnormal(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for _, pc := range []probCfg{
		{name: "real", C: 2, N: 4, decay: 3, ht: true},
		{name: "s4d", C: 2, N: 4, decay: 3, ht: true, A: opSpec{cplx: true, lti: true},
			Bm: opSpec{cplx: true, lti: true}, Cm: opSpec{cplx: true, lti: true}},
	} {
		pc.B, pc.L = 1, 3000
		p := pc.build(rng)
		for t := 1; t < p.L; t++ {
			for c := 0; c < p.C; c++ {
				i := p.X.index(0, t, c, 0)
				p.X.Data[i] = 0
				if p.X.Complex {
					p.X.Data[i+1] = 0
				}
			}
		}
		wantY, wantH := refScan(p)
		for _, m := range modesFor(p) {
			if m.name == "Chunked1" {
				continue
			}
			resetOutputs(p)
			if err := m.run(p); err != nil {
				t.Fatal(err)
			}
			checkClose(t, pc.name+" "+m.name+" y", readY(p), wantY, 2e-5)
			checkClose(t, pc.name+" "+m.name+" HT", readHT(p), wantH, 2e-5)
		}
	}
}

// TestSpectrumCache: a cached FFTConv gives the same bits as an uncached one
// on every later call, for two lengths, and the cache fills.
func TestSpectrumCache(t *testing.T) {
	for it, l := range []int{37, 64, 37} {
		// The same A, B, C on every call (the cache's contract), new inputs each time.
		p := ltiProblemForCache(rand.New(rand.NewSource(11)), l)
		xr := rand.New(rand.NewSource(int64(100 + it)))
		for i := range p.X.Data {
			p.X.Data[i] = float32(xr.NormFloat64())
		}
		q := *p
		want := make([]float32, len(p.Y.Data))
		q.Y.Data = want
		if err := FFTConv(&q); err != nil {
			t.Fatal(err)
		}
		p.Spectra = cacheForTest
		if err := FFTConv(p); err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if want[i] != p.Y.Data[i] {
				t.Fatalf("L=%d: cached FFTConv differs at %d: %g vs %g", l, i, p.Y.Data[i], want[i])
			}
		}
	}
	if len(cacheForTest.byLen) != 2 {
		t.Errorf("cache holds %d lengths, want 2", len(cacheForTest.byLen))
	}
}

var cacheForTest = &SpectrumCache{}

// ltiProblemForCache builds an S4D-like complex LTI problem whose A, B, C
// are shared across the batch (the condition for caching).
func ltiProblemForCache(rng *rand.Rand, l int) *Problem {
	const b, c, n = 2, 3, 4
	cplx := func(k int) []float32 {
		v := make([]float32, 2*k)
		for i := range v {
			v[i] = float32(rng.NormFloat64()) * 0.5
		}
		return v
	}
	a := cplx(c * n)
	for i := 0; i < c*n; i++ { // |a| < 1
		a[2*i] = 0.9 * float32(math.Tanh(float64(a[2*i])))
		a[2*i+1] = 0.3 * float32(math.Tanh(float64(a[2*i+1])))
	}
	co := make([]int, c)
	for i := range co {
		co[i] = 2 * i * n
	}
	x := make([]float32, b*l*c)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	xco := make([]int, c)
	for i := range xco {
		xco[i] = i
	}
	yco := make([]int, c)
	for i := range yco {
		yco[i] = 2 * i
	}
	return &Problem{B: b, L: l, C: c, N: n,
		X:  View{Data: x, SB: l * c, SL: c, CO: xco},
		A:  View{Data: a, CO: co, SN: 2, Complex: true},
		Bm: View{Data: cplx(c * n), CO: co, SN: 2, Complex: true},
		Cm: View{Data: cplx(c * n), CO: co, SN: 2, Complex: true},
		Y:  View{Data: make([]float32, 2*b*l*c), SB: 2 * l * c, SL: 2 * c, CO: yco, Complex: true},
	}
}
