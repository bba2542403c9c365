package llvm

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	llvmir "github.com/llir/llvm/ir"
	"golang.org/x/sys/cpu"

	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/runtime"
)

// hostHasV4 reports whether this machine runs x86-64-v4 code (AVX-512 F, BW,
// CD, DQ, VL; the V4 selective scan uses vreduceps from DQ).
func hostHasV4() bool {
	x := cpu.X86
	return x.HasAVX512F && x.HasAVX512BW && x.HasAVX512CD && x.HasAVX512DQ && x.HasAVX512VL
}

// selVariants are the variants the tests run here.
func selVariants() []string {
	if hostHasV4() {
		return []string{V3, V4}
	}
	return []string{V3}
}

// selTestSpecs are the kernels of the test library: every N and G with no
// options and with all of them, and each other option subset at N = 16.
func selTestSpecs() []SelectiveSpec {
	var ss []SelectiveSpec
	for _, n := range []int{1, 4, 16} {
		for _, g := range []int{1, 2} {
			ss = append(ss, SelectiveSpec{N: n, G: g}, SelectiveSpec{N: n, G: g, Skip: true, Gate: true, State: true})
		}
	}
	for m := 1; m < 7; m++ {
		ss = append(ss, SelectiveSpec{N: 16, G: 1, Skip: m&1 != 0, Gate: m&2 != 0, State: m&4 != 0})
	}
	return ss
}

// selName is the symbol of a test kernel.
func selName(s SelectiveSpec, variant string) string {
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	return fmt.Sprintf("seqc_sel_n%d_g%d_s%dz%dh%d%s", s.N, s.G, b(s.Skip), b(s.Gate), b(s.State), VariantSuffix(variant))
}

// selModule emits every test kernel, for both variants, into one module,
// with the softplus kernel of BenchmarkSelectiveScan.
func selModule(t testing.TB, specs []SelectiveSpec) string {
	t.Helper()
	m := llvmir.NewModule()
	m.TargetTriple, m.DataLayout = TargetTriple, DataLayout
	for _, v := range []string{V3, V4} {
		for _, s := range specs {
			if err := EmitSelective(m, selName(s, v), s, v); err != nil {
				t.Fatal(err)
			}
		}
		emitSelSoftplus(m, selSoftplusName(v), v)
	}
	return m.String()
}

// selLoad compiles, links and loads a module in a temporary directory (the
// shared object may be deleted once loaded). The tests load one module, once
// per process: llc takes about two seconds over all the test kernels.
func selLoad(t testing.TB, text string) *native.Library {
	t.Helper()
	ctx := context.Background()
	obj, err := Compile(ctx, text, V3)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "seqc-sel-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "sel.so")
	if err := LinkShared(ctx, obj, path); err != nil {
		t.Fatal(err)
	}
	lib, err := native.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

var selLib struct {
	once sync.Once
	lib  *native.Library
}

// selTestLib is the library of selTestSpecs' kernels.
func selTestLib(t testing.TB) *native.Library {
	t.Helper()
	requireJIT(t)
	selLib.once.Do(func() {
		selLib.lib = selLoad(t, selModule(t, selTestSpecs()))
	})
	if selLib.lib == nil {
		t.Fatal("selective-scan test library failed to build (see the first test that built it)")
	}
	return selLib.lib
}

func selKernel(t testing.TB, s SelectiveSpec, variant string, D int, a, dskip []float32) *SelectiveKernel {
	t.Helper()
	fn, err := selTestLib(t).Func(selName(s, variant))
	if err != nil {
		t.Fatal(err)
	}
	k, err := NewSelectiveKernel(fn, s, variant, D, a, dskip)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// selProblem is one set of inputs.
type selProblem struct {
	s          SelectiveSpec
	B, L, D    int
	a, dskip   []float32
	u, dt, z   []float32
	bm, cm, h0 []float32
}

func newSelProblem(rng *rand.Rand, s SelectiveSpec, B, L, D int) *selProblem {
	uni := func(n int, lo, hi float64) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(lo + (hi-lo)*rng.Float64())
		}
		return v
	}
	p := &selProblem{s: s, B: B, L: L, D: D}
	// A like Mamba's S4D-real init, -(n+1), jittered; every 7th channel
	// decays slowly (dt·A near 0, dA near 1), the case where errors live
	// longest.
	p.a = make([]float32, D*s.N)
	for d := 0; d < D; d++ {
		for n := 0; n < s.N; n++ {
			v := -float64(n+1) * (0.5 + rng.Float64())
			if d%7 == 3 {
				v *= 0.01
			}
			p.a[d*s.N+n] = float32(v)
		}
	}
	p.u = uni(B*L*D, -1, 1)
	p.dt = make([]float32, B*L*D)
	for i := range p.dt { // softplus of a typical pre-activation
		p.dt[i] = float32(math.Log1p(math.Exp(-4 + 4*rng.Float64())))
	}
	p.bm, p.cm = uni(B*L*s.G*s.N, -1, 1), uni(B*L*s.G*s.N, -1, 1)
	if s.Skip {
		p.dskip = uni(D, -1, 1)
	}
	if s.Gate {
		p.z = uni(B*L*D, -4, 4)
	}
	if s.State {
		p.h0 = uni(B*D*s.N, -1, 1)
	}
	return p
}

// selReference is NUMERICS §1.2 in float64, written from the formula:
//
//	h = exp(dt·A)·h + dt·B·u,  y = Σ_n C·h + Dskip·u,  y *= z·sigmoid(z)
//
// Besides y and the final state it returns error scales: ymag and hmag are
// the same recurrence and sums over the absolute values of every term, so
// that cancellation cannot hide an error behind a small result.
func selReference(p *selProblem) (y, ymag, hT, hmag []float64) {
	s, B, L, D, N := p.s, p.B, p.L, p.D, p.s.N
	y, ymag = make([]float64, B*L*D), make([]float64, B*L*D)
	hT, hmag = make([]float64, B*D*N), make([]float64, B*D*N)
	dg := D / s.G
	for b := 0; b < B; b++ {
		for d := 0; d < D; d++ {
			g := d / dg
			h, ha := make([]float64, N), make([]float64, N)
			if p.h0 != nil {
				for n := range h {
					h[n] = float64(p.h0[(b*D+d)*N+n])
					ha[n] = math.Abs(h[n])
				}
			}
			for t := 0; t < L; t++ {
				x := (b*L+t)*D + d
				dt, u := float64(p.dt[x]), float64(p.u[x])
				bc := ((b*L+t)*s.G + g) * N
				var acc, mag float64
				for n := 0; n < N; n++ {
					dA := math.Exp(dt * float64(p.a[d*N+n]))
					in := dt * float64(p.bm[bc+n]) * u
					h[n] = dA*h[n] + in
					ha[n] = dA*ha[n] + math.Abs(in)
					c := float64(p.cm[bc+n])
					acc += c * h[n]
					mag += math.Abs(c) * ha[n]
				}
				if s.Skip {
					acc += float64(p.dskip[d]) * u
					mag += math.Abs(float64(p.dskip[d]) * u)
				}
				if s.Gate {
					z := float64(p.z[x])
					sz := z / (1 + math.Exp(-z))
					acc *= sz
					mag *= math.Abs(sz)
				}
				y[x], ymag[x] = acc, mag
			}
			copy(hT[(b*D+d)*N:], h)
			copy(hmag[(b*D+d)*N:], ha)
		}
	}
	return y, ymag, hT, hmag
}

// run calls the kernel on p and returns y and HT (nil without State).
func (p *selProblem) run(t testing.TB, k *SelectiveKernel, threads int) (y, hT []float32) {
	t.Helper()
	y = make([]float32, p.B*p.L*p.D)
	for i := range y {
		y[i] = float32(math.NaN()) // must be overwritten
	}
	args := &SelectiveArgs{U: p.u, Delta: p.dt, Bm: p.bm, Cm: p.cm, Z: p.z, Y: y, H0: p.h0}
	if p.s.State {
		hT = make([]float32, p.B*p.D*p.s.N)
		for i := range hT {
			hT[i] = float32(math.NaN()) // must be overwritten
		}
		args.HT = hT
	}
	if err := k.Run(threads, p.B, p.L, args); err != nil {
		t.Fatal(err)
	}
	return y, hT
}

// selTol is the accepted error relative to the magnitude of the terms
// (ymag, hmag), in float32 epsilons (2^-24). Each step rounds a handful of
// float32 operations on each term (dt·A and its scaling by log2 e, which
// move exp(dt·A) by up to |dt·A|·2^-23 relative, the exp polynomial,
// dA·h + dt·B·u, C·h, the sum over n, the skip and the gate): a few ε of the
// term's magnitude. Later steps carry an error with factors dA ≤ 1, and for
// large |dt·A|, where the argument's rounding matters most, dA is small, so
// the errors stay bounded whatever L. Measured: at most 7 ε (the worst
// cases are logged) over the grid below; 20 ε leaves room for other data
// while any indexing or formula mistake exceeds it by orders of magnitude.
const selTol = 20 * 0x1p-24

// selTolLong is the tolerance of TestSelectiveScanLongMemory, where every
// decay is close to 1 for thousands of steps: an unbiased exp keeps the
// error at 2-3 ε there, while one that rounds its reduced argument one way
// (vreduceps in round-down mode) or quantizes it (f = 1 + x for small
// negative x) measured 27-36 ε.
const selTolLong = 8 * 0x1p-24

// selCompare checks got against the float64 reference and returns the worst
// error in units of ε·magnitude.
func selCompare(t *testing.T, what string, got []float32, want, mag []float64, tol float64) float64 {
	t.Helper()
	worst := 0.0
	for i, g := range got {
		err := math.Abs(float64(g) - want[i])
		// 1e-30 absorbs flushed tiny states (|h| < 2^-100, selTiny).
		scaled := err / (mag[i]*0x1p-24 + 1e-30)
		if !(err <= tol*mag[i]+1e-30) {
			t.Errorf("%s[%d] = %g, want %g (error %.3g = %.1f ε·magnitude %.3g)", what, i, g, want[i], err, scaled, mag[i])
			return worst
		}
		worst = math.Max(worst, scaled)
	}
	return worst
}

// TestSelectiveScanMatchesReference compares every test kernel, on both
// variants where the host runs them, with the float64 reference over batch
// sizes, lengths (0 included), channel counts with and without lane tails,
// and groups, within selTol.
func TestSelectiveScanMatchesReference(t *testing.T) {
	selTestLib(t)
	rng := rand.New(rand.NewSource(1))
	for _, v := range selVariants() {
		worst := 0.0
		for _, s := range selTestSpecs() {
			for _, D := range []int{1, 5, 16, 17, 40} {
				if D%s.G != 0 {
					continue
				}
				for _, B := range []int{1, 2} {
					for _, L := range []int{0, 1, 3, 64, 100} {
						p := newSelProblem(rng, s, B, L, D)
						k := selKernel(t, s, v, D, p.a, p.dskip)
						y, hT := p.run(t, k, 1)
						wy, my, wh, mh := selReference(p)
						name := fmt.Sprintf("%s %+v B=%d L=%d D=%d", v, s, B, L, D)
						worst = math.Max(worst, selCompare(t, name+" y", y, wy, my, selTol))
						if s.State {
							worst = math.Max(worst, selCompare(t, name+" HT", hT, wh, mh, selTol))
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

// TestSelectiveScanLongMemory runs 8192 steps with decays dA close to 1
// (A scaled by 1e-3: memories of thousands of steps), where a systematic
// error in the exp would add up (selTolLong).
func TestSelectiveScanLongMemory(t *testing.T) {
	selTestLib(t)
	rng := rand.New(rand.NewSource(4))
	s := SelectiveSpec{N: 16, G: 1, Skip: true, Gate: true, State: true}
	const L, D = 8192, 17
	p := newSelProblem(rng, s, 1, L, D)
	for i := range p.a {
		p.a[i] *= 1e-3
	}
	wy, my, wh, mh := selReference(p)
	for _, v := range selVariants() {
		y, hT := p.run(t, selKernel(t, s, v, D, p.a, p.dskip), 1)
		ey := selCompare(t, v+" y", y, wy, my, selTolLong)
		eh := selCompare(t, v+" HT", hT, wh, mh, selTolLong)
		t.Logf("%s: worst error y %.2f ε, HT %.2f ε", v, ey, eh)
	}
}

// TestSelectiveScanState checks streaming: L steps in two calls, the second
// starting from the first's final state (updated in place), give the bits of
// one call; and that L = 0 copies H0 to HT, or zeros it without H0.
func TestSelectiveScanState(t *testing.T) {
	selTestLib(t)
	rng := rand.New(rand.NewSource(2))
	s := SelectiveSpec{N: 16, G: 1, Skip: true, Gate: true, State: true}
	for _, v := range selVariants() {
		for _, D := range []int{17, 40} {
			const B, L, L1 = 2, 100, 37
			p := newSelProblem(rng, s, B, L, D)
			k := selKernel(t, s, v, D, p.a, p.dskip)
			y, hT := p.run(t, k, 1)

			// The same inputs cut at step L1.
			cut := func(x []float32, per, from, to int) []float32 {
				var out []float32
				for b := 0; b < B; b++ {
					out = append(out, x[(b*L+from)*per:(b*L+to)*per]...)
				}
				return out
			}
			part := func(from, to int, h0 []float32) *selProblem {
				q := *p
				q.L = to - from
				q.u, q.dt, q.z = cut(p.u, D, from, to), cut(p.dt, D, from, to), cut(p.z, D, from, to)
				q.bm, q.cm = cut(p.bm, s.N, from, to), cut(p.cm, s.N, from, to)
				q.h0 = h0
				return &q
			}
			y1, h1 := part(0, L1, p.h0).run(t, k, 1)
			// The second call updates the state in place (H0 = HT).
			q := part(L1, L, h1)
			y2 := make([]float32, B*(L-L1)*D)
			if err := k.Run(1, B, L-L1, &SelectiveArgs{U: q.u, Delta: q.dt, Bm: q.bm, Cm: q.cm, Z: q.z, Y: y2, H0: h1, HT: h1}); err != nil {
				t.Fatal(err)
			}
			h2 := h1
			ys := append(cut(y, D, 0, L1), cut(y, D, L1, L)...)
			got := append(y1, y2...)
			for i := range ys {
				if math.Float32bits(ys[i]) != math.Float32bits(got[i]) {
					t.Fatalf("%s D=%d: streamed y differs at %d: %g, one call %g", v, D, i, got[i], ys[i])
				}
			}
			for i := range hT {
				if math.Float32bits(hT[i]) != math.Float32bits(h2[i]) {
					t.Fatalf("%s D=%d: streamed HT differs at %d: %g, one call %g", v, D, i, h2[i], hT[i])
				}
			}

			// L = 0: HT = H0; without H0, HT = 0.
			_, h0 := part(0, 0, p.h0).run(t, k, 1)
			for i := range h0 {
				if h0[i] != p.h0[i] {
					t.Fatalf("%s D=%d: L=0 HT[%d] = %g, want H0 = %g", v, D, i, h0[i], p.h0[i])
				}
			}
			_, hz := part(0, 0, nil).run(t, k, 1)
			for i := range hz {
				if hz[i] != 0 {
					t.Fatalf("%s D=%d: L=0 without H0: HT[%d] = %g, want 0", v, D, i, hz[i])
				}
			}
		}
	}
}

// TestSelectiveScanThreads checks that 1, 2 and 3 goroutines give the same
// bits.
func TestSelectiveScanThreads(t *testing.T) {
	selTestLib(t)
	defer func(w int) { runtime.MinWorkPerThread = w }(runtime.MinWorkPerThread)
	runtime.MinWorkPerThread = 1 // let small problems use every thread
	rng := rand.New(rand.NewSource(3))
	for _, v := range selVariants() {
		for _, s := range []SelectiveSpec{{N: 16, G: 1, Skip: true, Gate: true, State: true}, {N: 4, G: 2, Skip: true, Gate: true, State: true}} {
			p := newSelProblem(rng, s, 2, 64, 40)
			k := selKernel(t, s, v, 40, p.a, p.dskip)
			y1, h1 := p.run(t, k, 1)
			for _, th := range []int{2, 3} {
				y, h := p.run(t, k, th)
				for i := range y {
					if math.Float32bits(y[i]) != math.Float32bits(y1[i]) {
						t.Fatalf("%s %+v threads=%d: y[%d] = %g, threads=1 gives %g", v, s, th, i, y[i], y1[i])
					}
				}
				for i := range h {
					if math.Float32bits(h[i]) != math.Float32bits(h1[i]) {
						t.Fatalf("%s %+v threads=%d: HT[%d] = %g, threads=1 gives %g", v, s, th, i, h[i], h1[i])
					}
				}
			}
		}
	}
}

// TestSelectiveScanExp checks the decay exp(dt·A) alone over its whole range,
// through a one-step scan with h0 = 1 and no input, whose final state is
// HT = dA: the error against float64 exp, and the special cases: 0 far
// below, +Inf far above, NaN in, NaN out.
func TestSelectiveScanExp(t *testing.T) {
	selTestLib(t)
	s := SelectiveSpec{N: 1, G: 1, Skip: true, Gate: true, State: true}
	var a []float32
	for x := -110.0; x <= 90; x += 0.0137 {
		a = append(a, float32(x))
	}
	a = append(a, -1e4, -1e30, float32(math.Inf(-1)), 1e4, float32(math.Inf(1)), float32(math.NaN()), 0, -0x1p-30)
	D := len(a)
	fill := func(v float32) []float32 {
		x := make([]float32, D)
		for i := range x {
			x[i] = v
		}
		return x
	}
	for _, v := range selVariants() {
		k := selKernel(t, s, v, D, a, fill(0))
		hT := make([]float32, D)
		err := k.Run(1, 1, 1, &SelectiveArgs{U: fill(0), Delta: fill(1), Bm: []float32{0}, Cm: []float32{1},
			Z: fill(1), Y: make([]float32, D), H0: fill(1), HT: hT})
		if err != nil {
			t.Fatal(err)
		}
		worst := 0.0
		for d, av := range a {
			got := float64(hT[d])
			x := float64(av)
			want := math.Exp(x)
			switch {
			case math.IsNaN(x):
				if !math.IsNaN(got) {
					t.Errorf("%s: exp(NaN) = %g, want NaN", v, got)
				}
			case want > math.MaxFloat32:
				if !math.IsInf(got, 1) {
					t.Errorf("%s: exp(%g) = %g, want +Inf", v, x, got)
				}
			case want < 0x1p-125:
				// V3 flushes results below 2^-125.5 to 0 (selEmit.exp2);
				// V4 rounds into the subnormals.
				if math.Abs(got-want) > 0x1p-125 {
					t.Errorf("%s: exp(%g) = %g, want %g", v, x, got, want)
				}
			default:
				// The argument dt·A·log2(e) is rounded to float32 twice
				// (A·log2 e once per model, then ·dt), which moves the
				// result by up to |x|·2^-23 relative; the exp itself is
				// within 2 ulp.
				rel := math.Abs(got-want) / want
				bound := (2 + 2*math.Abs(x)) * 0x1p-24
				if rel > bound {
					t.Errorf("%s: exp(%g) = %g, want %g (relative error %.3g > %.3g)", v, x, got, want, rel, bound)
				}
				worst = math.Max(worst, rel/((1+math.Abs(x))*0x1p-24))
			}
		}
		t.Logf("%s: exp worst error %.2f ε·(1+|x|)", v, worst)
	}
}

// TestSelectiveExp2Fit checks, in float64, the exp2 polynomials on their
// intervals.
func TestSelectiveExp2Fit(t *testing.T) {
	for _, tc := range []struct {
		name   string
		c      []float32
		lo, hi float64
	}{{"Q", selExp2Q, -0.5, 0.5}} {
		worst := 0.0
		for i := 0; i <= 100000; i++ {
			f := tc.lo + (tc.hi-tc.lo)*float64(i)/100000
			p := 0.0
			for k := len(tc.c) - 1; k >= 0; k-- {
				p = p*f + float64(tc.c[k])
			}
			worst = math.Max(worst, math.Abs(p/math.Exp2(f)-1))
		}
		t.Logf("exp2 %s: max relative error %.3g = %.3f float32 ulp", tc.name, worst, worst/0x1p-24)
		if worst > 0.1*0x1p-24 {
			t.Errorf("exp2 %s: fit error %.3g, want < 0.1 ulp", tc.name, worst)
		}
	}
}

func TestSelectiveRejects(t *testing.T) {
	m := llvmir.NewModule()
	for _, tc := range []struct {
		s       SelectiveSpec
		name, v string
	}{
		{SelectiveSpec{N: 0, G: 1}, "k", V4},
		{SelectiveSpec{N: SelectiveMaxN + 1, G: 1}, "k", V4},
		{SelectiveSpec{N: 4, G: 0}, "k", V4},
		{SelectiveSpec{N: 4, G: 1}, "k", "x86-64"},
		{SelectiveSpec{N: 4, G: 1}, "not-a-name", V3},
	} {
		if err := EmitSelective(m, tc.name, tc.s, tc.v); err == nil {
			t.Errorf("EmitSelective(%q, %+v, %s) accepted", tc.name, tc.s, tc.v)
		}
	}
	s := SelectiveSpec{N: 4, G: 2}
	if err := EmitSelective(m, "k", s, V3); err != nil {
		t.Fatal(err)
	}
	if err := EmitSelective(m, "k", s, V3); err == nil {
		t.Error("a second kernel with the same name was accepted")
	}
	if _, err := SelectiveConsts(s, V3, 5, make([]float32, 20), nil); err == nil {
		t.Error("D not a multiple of G accepted")
	}
	if _, err := SelectiveConsts(s, V3, 4, make([]float32, 15), nil); err == nil {
		t.Error("short A accepted")
	}
}

// selAsm compiles IR text to assembly with the flags of Compile.
func selAsm(t *testing.T, text string) string {
	t.Helper()
	llc, err := LookupLLC()
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.ll")
	if err := os.WriteFile(in, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(llc, "-O3", "-relocation-model=pic", "-filetype=asm", "-mcpu="+V3, "-o", "-", in).CombinedOutput()
	if err != nil {
		t.Fatalf("llc: %v\n%s", err, out)
	}
	return string(out)
}

// selLoopAsm returns the instructions of the loop whose header block is
// named label in function fn: llc marks the header "# %label" and every other
// block of the loop "in Loop: Header=<header's block>".
func selLoopAsm(t *testing.T, asm, fn, label string) []string {
	t.Helper()
	lines := strings.Split(asm, "\n")
	start := -1
	for i, l := range lines {
		if strings.HasPrefix(l, fn+":") {
			start = i
			break
		}
	}
	if start < 0 {
		t.Fatalf("no function %s in the assembly", fn)
	}
	hdr := ""
	for _, l := range lines[start:] {
		if strings.HasPrefix(l, ".LBB") && strings.HasSuffix(strings.TrimSpace(l), "# %"+label) {
			hdr = "BB" + strings.TrimPrefix(l[:strings.IndexByte(l, ':')], ".LBB")
			break
		}
	}
	if hdr == "" {
		t.Fatalf("no loop %s in %s", label, fn)
	}
	var body []string
	in := false
	for _, l := range lines[start:] {
		f := strings.Fields(l)
		switch {
		case len(f) == 0:
		case strings.HasPrefix(l, ".LBB") || strings.HasPrefix(l, "# %bb."):
			in = strings.HasPrefix(l, ".L"+hdr+":") // the header; other blocks say so below
		case f[0] == "#":
			if strings.Contains(l, "in Loop: Header="+hdr+" ") {
				in = true
			}
		case strings.HasPrefix(f[0], "."):
			if strings.HasPrefix(f[0], ".Lfunc_end") {
				return body
			}
		default:
			if in {
				body = append(body, strings.TrimSpace(l))
			}
		}
	}
	return body
}

// TestSelectiveAsm checks the V4 time loop as llc emits it: zmm FMAs, one
// vscalefps and one vreduceps per state entry, no calls, no narrower
// vectors, and at most a few spills.
func TestSelectiveAsm(t *testing.T) {
	s := SelectiveSpec{N: 16, G: 1, Skip: true, Gate: true}
	m := llvmir.NewModule()
	m.TargetTriple, m.DataLayout = TargetTriple, DataLayout
	if err := EmitSelective(m, "sel_v4", s, V4); err != nil {
		t.Fatal(err)
	}
	body := selLoopAsm(t, selAsm(t, m.String()), "sel_v4", "full.loop")
	count := func(pred func(string) bool) int {
		c := 0
		for _, l := range body {
			if pred(l) {
				c++
			}
		}
		return c
	}
	has := func(s string) func(string) bool { return func(l string) bool { return strings.Contains(l, s) } }
	fma := count(func(l string) bool { return strings.HasPrefix(l, "vfmadd") && strings.Contains(l, "zmm") })
	calls := count(func(l string) bool { return strings.HasPrefix(l, "call") })
	scalef, reduce := count(has("vscalefps")), count(has("vreduceps"))
	narrow := count(func(l string) bool {
		return strings.HasPrefix(l, "v") && strings.Contains(l, "ps") && strings.Contains(l, "%ymm")
	})
	spills := count(func(l string) bool { return strings.Contains(l, "Spill") || strings.Contains(l, "Reload") })
	t.Logf("v4 time loop: %d instructions, %d zmm FMAs, %d vscalefps, %d vreduceps, %d spills/reloads", len(body), fma, scalef, reduce, spills)
	if calls != 0 {
		t.Errorf("time loop has %d calls", calls)
	}
	// Per state entry: 6 for the exp polynomial, 1 for the state update,
	// 1 for the readout (the first of each partial sum is a multiply).
	if want := 8*s.N - 4; fma < want {
		t.Errorf("time loop has %d zmm FMAs, want >= %d", fma, want)
	}
	if scalef != s.N || reduce != s.N {
		t.Errorf("time loop has %d vscalefps and %d vreduceps, want %d of each", scalef, reduce, s.N)
	}
	if pf := count(has("prefetch")); pf < 3 {
		t.Errorf("time loop has %d prefetches, want u, delta and y (and z) ahead", pf)
	}
	if narrow != 0 {
		t.Errorf("time loop has %d ymm float instructions", narrow)
	}
	if spills > 8 {
		t.Errorf("time loop has %d spills and reloads, want <= 8:\n%s", spills, strings.Join(body, "\n"))
	}
}
