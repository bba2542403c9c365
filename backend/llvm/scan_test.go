package llvm

import (
	"fmt"
	"math"
	"math/rand"
	"sync"
	"testing"

	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/runtime"
)

// scanTestSpecs are the scan kernels of the test library: every Vec
// pattern at a state size below, at and above the vector width, and the
// quasiseparable mixer.
func scanTestSpecs() []ScanSpec {
	var ss []ScanSpec
	for _, n := range []int{1, 3, 16, 19, 40, 150} {
		for m := 0; m < 8; m++ {
			if n == 1 && m != 0 {
				continue // nothing varies along a state of one
			}
			ss = append(ss, ScanSpec{N: n, Vec: [6]bool{m&1 != 0, m&2 != 0, m&4 != 0}})
		}
	}
	for _, n := range []int{1, 5, 16, 40} {
		ss = append(ss, ScanSpec{N: n, QS: true, Vec: [6]bool{true, true, true, true, true, true}},
			ScanSpec{N: n, QS: true, Vec: [6]bool{false, true, true, true, false, true}})
	}
	// Channels across the lanes: each pattern on each operand, with states
	// of 1 (a minGRU), 2 and 4.
	T, U, B := PatTable, PatUnit, PatBcast
	for _, n := range []int{1, 2, 4} {
		for _, c := range []struct {
			vec [6]bool
			pat [7]ScanPattern
		}{
			{[6]bool{}, [7]ScanPattern{U, U, B}},
			{[6]bool{}, [7]ScanPattern{T, B, U}},
			{[6]bool{true, false, true}, [7]ScanPattern{T, U, T}},
			{[6]bool{false, true, true}, [7]ScanPattern{B, T, B}},
		} {
			if n == 1 {
				c.vec = [6]bool{}
			}
			ss = append(ss, ScanSpec{N: n, Vec: c.vec, Chan: true, Pat: c.pat})
		}
		qv := [6]bool{true, true, false, false, true, true}
		if n == 1 {
			qv = [6]bool{}
		}
		ss = append(ss, ScanSpec{N: n, QS: true, Vec: qv, Chan: true, Pat: [7]ScanPattern{T, T, U, B, T, T, U}},
			ScanSpec{N: n, QS: true, Chan: true, Pat: [7]ScanPattern{U, B, U, U, U, B, B}})
	}
	return ss
}

func scanName(s ScanSpec, variant string) string {
	v := 0
	for i, b := range s.Vec {
		if b {
			v |= 1 << i
		}
	}
	pat := ""
	if s.Chan {
		pat = "_chan"
		for _, p := range s.Pat {
			pat += fmt.Sprint(p)
		}
	}
	return fmt.Sprintf("seqc_scant_n%d_qs%v_v%d%s%s", s.N, s.QS, v, pat, VariantSuffix(variant))
}

var scanLib struct {
	once sync.Once
	lib  *native.Library
}

// scanTestLib is the library of scanTestSpecs' kernels for both variants.
func scanTestLib(t testing.TB) *native.Library {
	t.Helper()
	requireJIT(t)
	scanLib.once.Do(func() {
		m := llvmir.NewModule()
		m.TargetTriple, m.DataLayout = TargetTriple, DataLayout
		for _, v := range []string{V3, V4} {
			for _, s := range scanTestSpecs() {
				if err := EmitScan(m, scanName(s, v), s, v); err != nil {
					t.Fatal(err)
				}
			}
		}
		scanLib.lib = selLoad(t, m.String())
	})
	if scanLib.lib == nil {
		t.Fatal("scan test library failed to build (see the first test that built it)")
	}
	return scanLib.lib
}

func scanFn(t testing.TB, s ScanSpec, v string) native.Fn {
	t.Helper()
	fn, err := scanTestLib(t).Func(scanName(s, v))
	if err != nil {
		t.Fatal(err)
	}
	return fn
}

// scanTensor is a tensor of a logical [B, L, C1, C2, N] operand, some of
// whose axes are 1 (broadcast).
type scanTensor struct {
	shape []int
	data  []float32
}

// at reads the element at logical index idx (right-aligned broadcasting,
// size-1 axes never advance): the definition, written independently of
// NewScanView.
func (s *scanTensor) at(idx ...int) float64 {
	off, stride := 0, 1
	for i := len(s.shape) - 1; i >= 0; i-- {
		j := idx[len(idx)-len(s.shape)+i]
		if s.shape[i] == 1 {
			j = 0
		}
		off += j * stride
		stride *= s.shape[i]
	}
	return float64(s.data[off])
}

// scanCase is one problem: x [B, L, C1, C2] and operands over [B, L, C1,
// C2, N].
type scanCase struct {
	B, L, C1, C2, N int
	x               *scanTensor
	ops             []*scanTensor // ssm: a, b, c; QS: af, bf, cf, ab, bb, cb, d
	h0              []float32
}

// newScanCase draws operand shapes from the spec: an operand broadcasts
// over n exactly when its Vec is false, and over each other axis at random
// (bcast), so every view pattern is exercised. Decays are in (lo, 1).
func newScanCase(rng *rand.Rand, s ScanSpec, B, L, C1, C2 int, bcast float64, lo float64) *scanCase {
	p := &scanCase{B: B, L: L, C1: C1, C2: C2, N: s.N}
	uni := func(n int, a, b float64) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(a + (b-a)*rng.Float64())
		}
		return v
	}
	// mk draws operand i's shape: each axis broadcast with probability
	// bcast, or, with channels across the lanes, the channel axes laid out
	// as the spec's pattern says (a table: a channel axis broadcast, or the
	// state axis between channels).
	mk := func(i int, vec bool, hasN bool, a, b float64) *scanTensor {
		sh := []int{B, L, C1, C2}
		for i := range sh {
			if rng.Float64() < bcast {
				sh[i] = 1
			}
		}
		if s.Chan {
			switch sh[2], sh[3] = C1, C2; s.Pat[i] {
			case PatBcast:
				sh[2], sh[3] = 1, 1
			case PatTable:
				if !vec || s.N == 1 {
					sh[3] = 1
				}
			}
		}
		if hasN {
			if vec {
				sh = append(sh, s.N)
			} else {
				sh = append(sh, 1)
			}
		}
		n := 1
		for _, d := range sh {
			n *= d
		}
		return &scanTensor{shape: sh, data: uni(n, a, b)}
	}
	p.x = &scanTensor{shape: []int{B, L, C1, C2}, data: uni(B*L*C1*C2, -1, 1)}
	nops := 3
	if s.QS {
		nops = 6
	}
	for i := 0; i < nops; i++ {
		if i%3 == 0 {
			p.ops = append(p.ops, mk(i, s.Vec[i], true, lo, 1))
		} else {
			p.ops = append(p.ops, mk(i, s.Vec[i], true, -1, 1))
		}
	}
	if s.QS {
		p.ops = append(p.ops, mk(6, false, false, -1, 1))
	} else {
		p.h0 = uni(B*C1*C2*s.N, -1, 1)
	}
	return p
}

// reference computes y (and for ssm the final state) in float64 from the
// definition, with magnitudes: the same recurrence over absolute values.
func (p *scanCase) reference(s ScanSpec, h0 bool) (y, ymag, hT, hmag []float64) {
	C := p.C1 * p.C2
	y, ymag = make([]float64, p.B*p.L*C), make([]float64, p.B*p.L*C)
	hT, hmag = make([]float64, p.B*C*p.N), make([]float64, p.B*C*p.N)
	for b := 0; b < p.B; b++ {
		for c1 := 0; c1 < p.C1; c1++ {
			for c2 := 0; c2 < p.C2; c2++ {
				ch := c1*p.C2 + c2
				// scan runs one direction over operands ops[0:3] and
				// returns s_t and its magnitude per t.
				scan := func(ops []*scanTensor, fwd bool, init []float64) ([]float64, []float64, []float64, []float64) {
					h, ha := make([]float64, p.N), make([]float64, p.N)
					for n := range h {
						if init != nil {
							h[n], ha[n] = init[n], math.Abs(init[n])
						}
					}
					sv, sm := make([]float64, p.L), make([]float64, p.L)
					for i := 0; i < p.L; i++ {
						t := i
						if !fwd {
							t = p.L - 1 - i
						}
						x := p.x.at(b, t, c1, c2)
						for n := 0; n < p.N; n++ {
							a, bb, cc := ops[0].at(b, t, c1, c2, n), ops[1].at(b, t, c1, c2, n), ops[2].at(b, t, c1, c2, n)
							h[n] = a*h[n] + bb*x
							ha[n] = math.Abs(a)*ha[n] + math.Abs(bb*x)
							sv[t] += cc * h[n]
							sm[t] += math.Abs(cc) * ha[n]
						}
					}
					return sv, sm, h, ha
				}
				if !s.QS {
					var init []float64
					if h0 {
						init = make([]float64, p.N)
						for n := range init {
							init[n] = float64(p.h0[(b*C+ch)*p.N+n])
						}
					}
					sv, sm, h, ha := scan(p.ops[0:3], true, init)
					for t := 0; t < p.L; t++ {
						y[(b*p.L+t)*C+ch], ymag[(b*p.L+t)*C+ch] = sv[t], sm[t]
					}
					copy(hT[(b*C+ch)*p.N:], h)
					copy(hmag[(b*C+ch)*p.N:], ha)
					continue
				}
				fv, fm, _, _ := scan(p.ops[0:3], true, nil)
				bv, bm, _, _ := scan(p.ops[3:6], false, nil)
				for t := 0; t < p.L; t++ {
					dx := p.ops[6].at(b, t, c1, c2) * p.x.at(b, t, c1, c2)
					v, m := dx, math.Abs(dx)
					if t > 0 {
						v, m = v+fv[t-1], m+fm[t-1]
					}
					if t < p.L-1 {
						v, m = v+bv[t+1], m+bm[t+1]
					}
					y[(b*p.L+t)*C+ch], ymag[(b*p.L+t)*C+ch] = v, m
				}
			}
		}
	}
	return y, ymag, hT, hmag
}

// args builds the kernel's arguments.
func (p *scanCase) args(s ScanSpec, h0, hT bool) *ScanArgs {
	C := p.C1 * p.C2
	logical := []int{p.B, p.L, p.C1, p.C2, p.N}
	a := &ScanArgs{B: p.B, L: p.L, C: C, X: p.x.data, Y: make([]float32, p.B*p.L*C)}
	for i := range a.Y {
		a.Y[i] = float32(math.NaN()) // must be overwritten
	}
	for i, o := range p.ops {
		hasN := !(s.QS && i == 6)
		lg := logical
		if !hasN {
			lg = logical[:4]
		}
		v, vec := NewScanView(o.data, o.shape, lg, hasN)
		if hasN && vec != s.Vec[i] && p.N > 1 {
			panic("operand's state axis disagrees with the spec")
		}
		if s.Chan && !patternFits(v.CO, s.Pat[i]) {
			panic(fmt.Sprintf("operand %d's channel offsets %v do not follow pattern %d", i, v.CO, s.Pat[i]))
		}
		a.Ops = append(a.Ops, v)
	}
	if h0 {
		a.H0 = p.h0
	}
	if hT {
		a.HT = make([]float32, p.B*C*p.N)
		for i := range a.HT {
			a.HT[i] = float32(math.NaN())
		}
	}
	return a
}

// scanTol is the accepted error relative to the magnitude of the terms, in
// float32 epsilons: each step rounds b·x, the fma and the products and sums
// of the readout (a few ε of the term's magnitude), and an error made at
// one step is carried by later ones with factors |a| < 1; with the decays
// of these tests (memories of a few steps) it stays at a few ε. Measured:
// see the logs.
const scanTol = 24 * 0x1p-24

func scanCompare(t *testing.T, what string, got []float32, want, mag []float64, tol float64) float64 {
	t.Helper()
	worst := 0.0
	for i, g := range got {
		err := math.Abs(float64(g) - want[i])
		scaled := err / (mag[i]*0x1p-24 + 1e-30)
		if !(err <= tol*mag[i]+1e-30) {
			t.Errorf("%s[%d] = %g, want %g (error %.3g = %.1f ε·magnitude %.3g)", what, i, g, want[i], err, scaled, mag[i])
			return worst
		}
		worst = math.Max(worst, scaled)
	}
	return worst
}

// TestScanMatchesReference compares every test kernel with the float64
// definition over random broadcast patterns, channel counts, lengths (0
// included), with and without initial and final states.
func TestScanMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, v := range selVariants() {
		worst := 0.0
		for _, s := range scanTestSpecs() {
			fn := scanFn(t, s, v)
			for _, sh := range [][4]int{{1, 1, 1, 1}, {2, 5, 3, 1}, {1, 40, 2, 3}, {2, 17, 7, 5}} {
				for _, L := range []int{0, 1, 2, 33, 70} {
					for _, states := range []int{0, 1, 2, 3} {
						if s.QS && states != 0 {
							continue
						}
						h0, hT := states&1 != 0, states&2 != 0
						p := newScanCase(rng, s, sh[0], L, sh[2], sh[3], 0.3, 0.3)
						a := p.args(s, h0, hT)
						var err error
						if s.QS {
							err = RunQS(fn, s, v, 1, a)
						} else {
							err = RunScan(fn, s, v, 1, a)
						}
						if err != nil {
							t.Fatal(err)
						}
						wy, my, wh, mh := p.reference(s, h0)
						name := fmt.Sprintf("%s %+v B=%d L=%d C=%dx%d h0=%v", v, s, sh[0], L, sh[2], sh[3], h0)
						worst = math.Max(worst, scanCompare(t, name+" y", a.Y, wy, my, scanTol))
						if hT {
							worst = math.Max(worst, scanCompare(t, name+" HT", a.HT, wh, mh, scanTol))
						}
						if t.Failed() {
							return
						}
					}
				}
			}
		}
		t.Logf("%s: worst error %.2f ε·magnitude", v, worst)
	}
}

// TestScanLongMemory runs 8192 steps with decays within 1e-3 of 1 (memories
// of thousands of steps), where rounding errors live longest: the float32
// state keeps the outputs within scanTolLong of the float64 definition,
// several times inside the conformance tolerance (2e-4 of the output's
// scale).
func TestScanLongMemory(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for _, v := range selVariants() {
		for _, s := range []ScanSpec{{N: 16, Vec: [6]bool{true, true, true}}, {N: 16, QS: true, Vec: [6]bool{true, true, true, true, true, true}}} {
			p := newScanCase(rng, s, 1, 8192, 5, 1, 0, 0.999)
			a := p.args(s, !s.QS, !s.QS)
			var err error
			if s.QS {
				err = RunQS(scanFn(t, s, v), s, v, 1, a)
			} else {
				err = RunScan(scanFn(t, s, v), s, v, 1, a)
			}
			if err != nil {
				t.Fatal(err)
			}
			wy, my, wh, mh := p.reference(s, !s.QS)
			ey := scanCompare(t, v+" y", a.Y, wy, my, scanTolLong)
			eh := 0.0
			if !s.QS {
				eh = scanCompare(t, v+" HT", a.HT, wh, mh, scanTolLong)
			}
			// Against the output's scale, as the conformance harness
			// measures.
			scale, worst := 0.0, 0.0
			for i, w := range wy {
				scale = math.Max(scale, math.Abs(w))
				worst = math.Max(worst, math.Abs(float64(a.Y[i])-w))
			}
			t.Logf("%s QS=%v: worst error y %.1f ε, HT %.1f ε of the magnitude; %.2g of the output's scale", v, s.QS, ey, eh, worst/scale)
		}
	}
}

// scanTolLong bounds TestScanLongMemory's errors: an error made at a step
// decays by ~1e-3 per step, so it is carried ~1000 steps; measured errors
// stay well below this bound, which is still 30 times inside the
// conformance tolerance.
const scanTolLong = 100 * 0x1p-24

// TestScanState checks streaming: L steps in two calls, the second starting
// from the first's final state (updated in place), give the bits of one
// call; L = 0 copies H0 to HT, or zeros it without H0.
func TestScanState(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for _, v := range selVariants() {
		for _, s := range []ScanSpec{{N: 16, Vec: [6]bool{true, true, false}}, {N: 19, Vec: [6]bool{false, true, true}},
			{N: 2, Vec: [6]bool{true, false, true}, Chan: true, Pat: [7]ScanPattern{PatTable, PatUnit, PatTable}}} {
			const B, L, L1, C1 = 2, 100, 37, 9
			p := newScanCase(rng, s, B, L, C1, 1, 0, 0.5)
			// Operands with every axis, so that a chunk is a slice along L.
			a := p.args(s, true, true)
			fn := scanFn(t, s, v)
			if err := RunScan(fn, s, v, 1, a); err != nil {
				t.Fatal(err)
			}
			part := func(from, to int) *scanCase {
				q := *p
				q.L = to - from
				cut := func(x *scanTensor) *scanTensor {
					if x.shape[1] == 1 {
						return x
					}
					per := len(x.data) / x.shape[0] / x.shape[1]
					var d []float32
					for b := 0; b < x.shape[0]; b++ {
						d = append(d, x.data[(b*x.shape[1]+from)*per:(b*x.shape[1]+to)*per]...)
					}
					sh := append([]int{}, x.shape...)
					sh[1] = to - from
					return &scanTensor{shape: sh, data: d}
				}
				q.x = cut(p.x)
				q.ops = nil
				for _, o := range p.ops {
					q.ops = append(q.ops, cut(o))
				}
				return &q
			}
			a1 := part(0, L1).args(s, true, true)
			if err := RunScan(fn, s, v, 1, a1); err != nil {
				t.Fatal(err)
			}
			a2 := part(L1, L).args(s, false, false)
			a2.H0, a2.HT = a1.HT, a1.HT // in place
			if err := RunScan(fn, s, v, 1, a2); err != nil {
				t.Fatal(err)
			}
			C := C1
			for b := 0; b < B; b++ {
				for i := 0; i < L*C; i++ {
					tt := i / C
					var got float32
					if tt < L1 {
						got = a1.Y[(b*L1)*C+i]
					} else {
						got = a2.Y[(b*(L-L1))*C+i-L1*C]
					}
					if want := a.Y[b*L*C+i]; math.Float32bits(got) != math.Float32bits(want) {
						t.Fatalf("%s %+v: streamed y[%d][%d] = %g, one call %g", v, s, b, i, got, want)
					}
				}
			}
			for i := range a.HT {
				if math.Float32bits(a.HT[i]) != math.Float32bits(a1.HT[i]) {
					t.Fatalf("%s %+v: streamed HT[%d] = %g, one call %g", v, s, i, a1.HT[i], a.HT[i])
				}
			}
			// L = 0.
			z := part(0, 0)
			az := z.args(s, true, true)
			if err := RunScan(fn, s, v, 1, az); err != nil {
				t.Fatal(err)
			}
			for i := range az.HT {
				if az.HT[i] != p.h0[i] {
					t.Fatalf("%s: L=0 HT[%d] = %g, want H0 = %g", v, i, az.HT[i], p.h0[i])
				}
			}
			az = z.args(s, false, true)
			if err := RunScan(fn, s, v, 1, az); err != nil {
				t.Fatal(err)
			}
			for i := range az.HT {
				if az.HT[i] != 0 {
					t.Fatalf("%s: L=0 without H0: HT[%d] = %g, want 0", v, i, az.HT[i])
				}
			}
		}
	}
}

// TestScanThreads checks that 1, 2 and 3 goroutines give the same bits.
func TestScanThreads(t *testing.T) {
	defer func(w int) { runtime.MinWorkPerThread = w }(runtime.MinWorkPerThread)
	runtime.MinWorkPerThread = 1
	rng := rand.New(rand.NewSource(3))
	for _, v := range selVariants() {
		for _, s := range []ScanSpec{{N: 16, Vec: [6]bool{true, true, true}}, {N: 5, QS: true, Vec: [6]bool{true, true, true, true, true, true}},
			{N: 1, Chan: true, Pat: [7]ScanPattern{PatUnit, PatUnit, PatBcast}},
			{N: 4, QS: true, Chan: true, Pat: [7]ScanPattern{PatUnit, PatBcast, PatUnit, PatUnit, PatUnit, PatBcast, PatBcast}}} {
			p := newScanCase(rng, s, 2, 50, 17, 3, 0.2, 0.5)
			run := func(th int) *ScanArgs {
				a := p.args(s, !s.QS, !s.QS)
				var err error
				if s.QS {
					err = RunQS(scanFn(t, s, v), s, v, th, a)
				} else {
					err = RunScan(scanFn(t, s, v), s, v, th, a)
				}
				if err != nil {
					t.Fatal(err)
				}
				return a
			}
			a1 := run(1)
			for _, th := range []int{2, 3} {
				a := run(th)
				for i := range a.Y {
					if math.Float32bits(a.Y[i]) != math.Float32bits(a1.Y[i]) {
						t.Fatalf("%s %+v threads=%d: y[%d] = %g, threads=1 gives %g", v, s, th, i, a.Y[i], a1.Y[i])
					}
				}
				for i := range a.HT {
					if math.Float32bits(a.HT[i]) != math.Float32bits(a1.HT[i]) {
						t.Fatalf("%s %+v threads=%d: HT[%d] = %g, threads=1 gives %g", v, s, th, i, a.HT[i], a1.HT[i])
					}
				}
			}
		}
	}
}

func TestScanRejects(t *testing.T) {
	m := llvmir.NewModule()
	for _, s := range []ScanSpec{{N: 0}, {N: ScanMaxN + 1}} {
		if err := EmitScan(m, "k", s, V4); err == nil {
			t.Errorf("EmitScan(%+v) accepted", s)
		}
	}
	if err := EmitScan(m, "k", ScanSpec{N: 2}, "x86-64"); err == nil {
		t.Error("unknown variant accepted")
	}
	// A view reaching past its data is refused before any kernel runs.
	requireJIT(t)
	s := ScanSpec{N: 16, Vec: [6]bool{true, true, true}}
	p := newScanCase(rand.New(rand.NewSource(5)), s, 1, 4, 2, 1, 0, 0.5)
	a := p.args(s, false, false)
	a.Ops[1].CO[1] += 1000
	if err := RunScan(scanFn(t, s, HostVariant()), s, HostVariant(), 1, a); err == nil {
		t.Error("an out-of-range view was accepted")
	}
}
