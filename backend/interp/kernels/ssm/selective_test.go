package ssm

import (
	"github.com/seqc-dev/seqc/internal/mathf"

	"fmt"
	"math"
	"math/rand"
	"testing"
)

func randSelective(rng *rand.Rand, B, L, D, N, G int, skip, gate, state bool) *Selective {
	s := &Selective{B: B, L: L, D: D, N: N, G: G}
	bld, bgn := B*L*D, B*L*G*N
	s.U = randSlice(rng, bld, rng.NormFloat64)
	// softplus of a typical dt projection: (0, ~0.5]
	s.Delta = randSlice(rng, bld, func() float64 { return math.Log1p(math.Exp(rng.NormFloat64() - 2)) })
	s.A = randSlice(rng, D*N, func() float64 { return -math.Exp(2 * rng.Float64()) })
	s.Bm = randSlice(rng, bgn, rng.NormFloat64)
	s.Cm = randSlice(rng, bgn, rng.NormFloat64)
	s.Y = make([]float32, bld)
	if skip {
		s.Dskip = randSlice(rng, D, rng.NormFloat64)
	}
	if gate {
		s.Z = randSlice(rng, bld, func() float64 { return 3 * rng.NormFloat64() })
	}
	if state {
		s.H0 = randSlice(rng, B*D*N, rng.NormFloat64)
		s.HT = make([]float32, B*D*N)
	}
	return s
}

// refSelective evaluates the Selective equations in float64.
func refSelective(s *Selective) (y, hT []float64) {
	y = make([]float64, s.B*s.L*s.D)
	hT = make([]float64, s.B*s.D*s.N)
	for b := 0; b < s.B; b++ {
		for d := 0; d < s.D; d++ {
			g := d / (s.D / s.G)
			h := hT[(b*s.D+d)*s.N:][:s.N]
			if s.H0 != nil {
				for n := range h {
					h[n] = float64(s.H0[(b*s.D+d)*s.N+n])
				}
			}
			for t := 0; t < s.L; t++ {
				i := (b*s.L+t)*s.D + d
				dt, u := float64(s.Delta[i]), float64(s.U[i])
				var acc float64
				for n := range h {
					bc := ((b*s.L+t)*s.G+g)*s.N + n
					h[n] = math.Exp(dt*float64(s.A[d*s.N+n]))*h[n] + dt*float64(s.Bm[bc])*u
					acc += float64(s.Cm[bc]) * h[n]
				}
				if s.Dskip != nil {
					acc += float64(s.Dskip[d]) * u
				}
				if s.Z != nil {
					z := float64(s.Z[i])
					acc *= z / (1 + math.Exp(-z))
				}
				y[i] = acc
			}
		}
	}
	return y, hT
}

// selectiveAsProblem builds the generic Problem of s: materialised decays
// exp(delta*A) [B,L,D,N], x = delta*u, and Bm, Cm read in place through a
// channel table that maps channel d to its group.
func selectiveAsProblem(s *Selective) *Problem {
	p := &Problem{B: s.B, L: s.L, C: s.D, N: s.N, H0: s.H0, Threads: 1}
	if s.HT != nil {
		p.HT = make([]float32, len(s.HT))
	}
	x := make([]float32, s.B*s.L*s.D)
	a := make([]float32, s.B*s.L*s.D*s.N)
	for i := range x {
		d := i % s.D
		x[i] = s.Delta[i] * s.U[i]
		for n := 0; n < s.N; n++ {
			a[i*s.N+n] = float32(math.Exp(float64(s.Delta[i] * s.A[d*s.N+n])))
		}
	}
	dco, nco, gco := make([]int, s.D), make([]int, s.D), make([]int, s.D)
	for d := range dco {
		dco[d], nco[d], gco[d] = d, d*s.N, (d/(s.D/s.G))*s.N
	}
	p.X = View{Data: x, SB: s.L * s.D, SL: s.D, CO: dco}
	p.Y = View{Data: make([]float32, len(x)), SB: s.L * s.D, SL: s.D, CO: dco}
	p.A = View{Data: a, SB: s.L * s.D * s.N, SL: s.D * s.N, CO: nco, SN: 1}
	p.Bm = View{Data: s.Bm, SB: s.L * s.G * s.N, SL: s.G * s.N, CO: gco, SN: 1}
	p.Cm = View{Data: s.Cm, SB: s.L * s.G * s.N, SL: s.G * s.N, CO: gco, SN: 1}
	return p
}

func TestSelective(t *testing.T) {
	rng := rand.New(rand.NewSource(10))
	for _, tc := range []struct {
		B, L, D, N, G     int
		skip, gate, state bool
	}{
		{1, 1, 3, 4, 1, false, false, false},
		{2, 37, 8, 5, 2, true, true, true},
		{3, 300, 40, 16, 1, true, true, true}, // D not a multiple of the tile
		{1, 64, 34, 3, 17, true, false, true},
	} {
		name := fmt.Sprintf("%+v", tc)
		s := randSelective(rng, tc.B, tc.L, tc.D, tc.N, tc.G, tc.skip, tc.gate, tc.state)
		if err := SelectiveScan(s); err != nil {
			t.Fatal(err)
		}
		wantY, wantH := refSelective(s)
		checkClose(t, name+" y vs float64 ref", reals(s.Y), reals(wantY), 1e-4)
		if s.HT != nil {
			checkClose(t, name+" HT vs float64 ref", reals(s.HT), reals(wantH), 1e-4)
		}

		p := selectiveAsProblem(s)
		if err := Scan(p); err != nil {
			t.Fatal(err)
		}
		y := make([]float64, len(s.Y))
		for i, v := range p.Y.Data {
			d := i % s.D
			y[i] = float64(v)
			if s.Dskip != nil {
				y[i] += float64(s.Dskip[d] * s.U[i])
			}
			if s.Z != nil {
				z := float64(s.Z[i])
				y[i] *= z / (1 + math.Exp(-z))
			}
		}
		checkClose(t, name+" y vs generic Scan", reals(s.Y), reals(y), 1e-4)
		if s.HT != nil {
			checkClose(t, name+" HT vs generic Scan", reals(s.HT), reals(p.HT), 1e-4)
		}
	}
}

func TestSelectiveThreads(t *testing.T) {
	defer forceThreads()()
	rng := rand.New(rand.NewSource(11))
	s := randSelective(rng, 2, 50, 70, 6, 2, true, true, true)
	var y1, h1 []float32
	for _, th := range []int{1, 2, 3} {
		s.Threads = th
		if err := SelectiveScan(s); err != nil {
			t.Fatal(err)
		}
		if th == 1 {
			y1, h1 = append([]float32(nil), s.Y...), append([]float32(nil), s.HT...)
		} else if !bitsEqual(y1, s.Y) || !bitsEqual(h1, s.HT) {
			t.Fatalf("threads=%d differs from threads=1", th)
		}
	}
}

func TestSelectiveErrors(t *testing.T) {
	rng := rand.New(rand.NewSource(12))
	for _, tc := range []struct {
		name   string
		break_ func(s *Selective)
	}{
		{"G does not divide D", func(s *Selective) { s.G = 3 }},
		{"short U", func(s *Selective) { s.U = s.U[1:] }},
		{"short A", func(s *Selective) { s.A = s.A[1:] }},
		{"long Bm", func(s *Selective) { s.Bm = append(s.Bm, 0) }},
		{"short Dskip", func(s *Selective) { s.Dskip = s.Dskip[1:] }},
		{"short H0", func(s *Selective) { s.H0 = s.H0[1:] }},
		{"zero N", func(s *Selective) { s.N = 0 }},
	} {
		s := randSelective(rng, 2, 5, 4, 3, 2, true, true, true)
		tc.break_(s)
		if err := SelectiveScan(s); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
	if err := SelectiveScan(nil); err == nil {
		t.Error("nil accepted")
	}
}

// TestExp checks exp2f on its range and exp32 everywhere against math.
func TestExp(t *testing.T) {
	for x := float64(mathf.Exp2Lo); x <= mathf.Exp2Hi; x += 0.00731 {
		want := math.Exp2(float64(float32(x)))
		if got := float64(mathf.Exp2(float32(x))); math.Abs(got-want) > 2.5e-7*want {
			t.Fatalf("mathf.Exp2(%v) = %v, want %v (rel %.3g)", x, got, want, math.Abs(got-want)/want)
		}
	}
	for _, x := range []float32{0, 1, -1, 0.5, -0.5, 1e-30, -88, -87.5, -100, 88.5, 89, 100} {
		want := math.Exp(float64(x))
		got := float64(mathf.Exp(x))
		if want > math.MaxFloat32 {
			if !math.IsInf(got, 1) {
				t.Fatalf("mathf.Exp(%v) = %v, want +Inf", x, got)
			}
		} else if math.Abs(got-want) > 1e-6*want+1e-44 {
			t.Fatalf("mathf.Exp(%v) = %v, want %v", x, got, want)
		}
	}
	if v := mathf.Exp(float32(math.NaN())); v == v {
		t.Fatalf("mathf.Exp(NaN) = %v", v)
	}
}

// TestSelectiveExtreme drives exponents outside exp2f's range (huge delta,
// positive A) through the fallback, channel by channel.
func TestSelectiveExtreme(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	s := randSelective(rng, 1, 20, 6, 5, 1, true, false, true)
	for i := range s.Delta {
		if i%7 == 0 {
			s.Delta[i] = 500 // exp(500·A) underflows to 0
		}
	}
	s.A[3] = 0.05 // one growing mode: exp(500·0.05) is large but finite
	if err := SelectiveScan(s); err != nil {
		t.Fatal(err)
	}
	wantY, wantH := refSelective(s)
	checkClose(t, "y", reals(s.Y), reals(wantY), 1e-4)
	checkClose(t, "HT", reals(s.HT), reals(wantH), 1e-4)
}
