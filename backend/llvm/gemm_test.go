package llvm

import (
	"context"
	"fmt"
	"math"
	"os"
	"strconv"
	"sync"
	"testing"
	"unsafe"

	llvmir "github.com/llir/llvm/ir"
	"golang.org/x/sys/cpu"

	"github.com/seqc-dev/seqc/backend/llvm/native"
)

// gemmHostV4 reports whether this machine runs x86-64-v4 code.
func gemmHostV4() bool {
	x := cpu.X86
	return x.HasAVX512F && x.HasAVX512BW && x.HasAVX512CD && x.HasAVX512DQ && x.HasAVX512VL
}

// gemmVariants are the variants to run here (V4 only on an AVX-512 host).
func gemmTestVariants(t testing.TB) []string {
	if gemmHostV4() {
		return []string{V3, V4}
	}
	t.Logf("host lacks AVX-512 (x86-64-v4): checking the V3 kernels only")
	return []string{V3}
}

// gemmSym is a test kernel's symbol.
func gemmSym(s GEMMSpec, variant string) string {
	act := s.Act
	if act == "" {
		act = "none"
	}
	b := 0
	if s.Bias {
		b = 1
	}
	return fmt.Sprintf("seqc_gemm_n%d_k%d_b%d_%s%s", s.N, s.K, b, act, VariantSuffix(variant))
}

// gemmLibrary emits every spec for every variant into one module and loads
// it (one llc run).
func gemmLibrary(t testing.TB, specs []GEMMSpec, variants []string) *native.Library {
	t.Helper()
	m := llvmir.NewModule()
	m.TargetTriple, m.DataLayout = TargetTriple, DataLayout
	seen := map[string]bool{}
	for _, v := range variants {
		for _, s := range specs {
			name := gemmSym(s, v)
			if seen[name] {
				continue
			}
			seen[name] = true
			if err := EmitGEMM(m, name, s, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	lib, err := LoadText(context.Background(), m.String())
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// gemmActRef is the activation in float64. gelu and gelu_tanh use forms
// that are exact in float64 where the interpreter's 0.5·x·(1 + erf(...))
// and 0.5·x·(1 + tanh(...)) cancel (x below about -5); the functions are
// the same.
func gemmActRef(act string, x float64) float64 {
	sigmoid := func(x float64) float64 {
		if x >= 0 {
			return 1 / (1 + math.Exp(-x))
		}
		e := math.Exp(x)
		return e / (1 + e)
	}
	switch act {
	case "":
		return x
	case "relu":
		return math.Max(x, 0)
	case "sigmoid":
		return sigmoid(x)
	case "silu":
		return x * sigmoid(x)
	case "tanh":
		return math.Tanh(x)
	case "softplus":
		if x > 20 {
			return x
		}
		return math.Log1p(math.Exp(x))
	case "gelu":
		return 0.5 * x * math.Erfc(-x/math.Sqrt2)
	case "gelu_tanh":
		return x * sigmoid(2*math.Sqrt(2/math.Pi)*(x+0.044715*x*x*x))
	}
	panic("no reference for act " + act)
}

// gemmActULP is each activation's error bound in float32 ulps on exact
// inputs: the elementwise kernels' measured bounds (e2e_test.go) for the
// functions they share; gelu's and gelu_tanh's measured maxima, 4 ulp over
// every 13th float32 in [-16, 11] (168M inputs, 71 and 21 of them at 4 ulp,
// 99.99% within 1) and over TestGEMMActivations' sample with
// SEQC_LLVM_SWEEP=64.
var gemmActULP = map[string]int64{
	"": 0, "relu": 0, "sigmoid": 2, "silu": 3, "tanh": 1, "softplus": 3, "gelu": 4, "gelu_tanh": 4,
}

// gemmRand returns n floats uniform in [lo, hi).
func gemmRand(r *rng, n int, lo, hi float64) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = r.uniform(lo, hi)
	}
	return v
}

// gemmRef is the float64 product: ref[m·N+n] = Σ_k x·w + bias, and
// mag = Σ_k |x·w| + |bias|, the scale of its rounding error.
func gemmRef(s GEMMSpec, M int, x, w, bias []float32) (ref, mag []float64) {
	ref, mag = make([]float64, M*s.N), make([]float64, M*s.N)
	for m := 0; m < M; m++ {
		xr := x[m*s.K : (m+1)*s.K]
		for n := 0; n < s.N; n++ {
			wr := w[n*s.K : (n+1)*s.K]
			var sum, abs float64
			for k, xv := range xr {
				p := float64(xv) * float64(wr[k])
				sum += p
				abs += math.Abs(p)
			}
			if s.Bias {
				sum += float64(bias[n])
				abs += math.Abs(float64(bias[n]))
			}
			ref[m*s.N+n], mag[m*s.N+n] = sum, abs
		}
	}
	return ref, mag
}

// ulp32 is the spacing of float32 at |v| (the smallest subnormal near 0).
func ulp32(v float64) float64 {
	f := float32(math.Abs(v))
	if math.IsInf(float64(f), 0) {
		return math.Inf(1)
	}
	return float64(math.Nextafter32(f, float32(math.Inf(1))) - f)
}

// gemmTestSpecs are the shapes of TestGEMMNumeric: every N and every K of
// the list, each N with three K (odd and even, below and above a tile and
// a k chunk), bias alternating, every activation on several shapes.
func gemmTestSpecs() []GEMMSpec {
	sizes := []int{1, 3, 7, 16, 33, 100, 768}
	var specs []GEMMSpec
	i := 0
	for ni, n := range sizes {
		for _, d := range []int{0, 3, 5} {
			k := sizes[(ni+d)%len(sizes)]
			specs = append(specs, GEMMSpec{N: n, K: k, Bias: i%2 == 0, Act: GEMMActs[i%len(GEMMActs)]})
			i++
		}
	}
	// Large K with a partial last chunk and several N blocks.
	specs = append(specs, GEMMSpec{N: 1000, K: 600, Bias: true, Act: "silu"})
	return specs
}

var gemmTestMs = []int{0, 1, 2, 5, 17, 64, 100, 257}

// gemmNoMinWork lets every test product split over all threads.
func gemmNoMinWork(t *testing.T) {
	old := GEMMMinWork
	GEMMMinWork = 0
	t.Cleanup(func() { GEMMMinWork = old })
}

func TestGEMMNumeric(t *testing.T) {
	requireJIT(t)
	t.Setenv("SEQC_CACHE", t.TempDir())
	gemmNoMinWork(t)
	variants := gemmTestVariants(t)
	specs := gemmTestSpecs()
	lib := gemmLibrary(t, specs, variants)
	ws := NewGEMMWorkspace()
	const guard = 37
	sentinel := math.Float32frombits(0x7fa5a5a5)
	r := rng(1)
	for _, s := range specs {
		w := gemmRand(&r, s.N*s.K, -1, 1)
		bias := gemmRand(&r, s.N, -1, 1)
		if !s.Bias {
			bias = nil
		}
		for _, M := range gemmTestMs {
			x := gemmRand(&r, M*s.K, -1, 1)
			ref, mag := gemmRef(s, M, x, w, bias)
			var first []float32 // bits every variant and thread count must give
			for _, v := range variants {
				fn, err := lib.Func(gemmSym(s, v))
				if err != nil {
					t.Fatal(err)
				}
				wp := PackGEMMWeight(w, s, v)
				for _, threads := range []int{1, 2, 3} {
					y := make([]float32, M*s.N+guard)
					for i := range y {
						y[i] = sentinel
					}
					RunGEMM(fn, ws, threads, s, v, M, x, wp, bias, y)
					tag := fmt.Sprintf("%s M=%d threads=%d", gemmSym(s, v), M, threads)
					for i := M * s.N; i < len(y); i++ {
						if math.Float32bits(y[i]) != math.Float32bits(sentinel) {
							t.Fatalf("%s: wrote past y (index %d)", tag, i)
						}
					}
					y = y[:M*s.N]
					if first == nil {
						first = y
						checkGEMM(t, tag, s, y, ref, mag)
						continue
					}
					for i := range y {
						if math.Float32bits(y[i]) != math.Float32bits(first[i]) {
							t.Fatalf("%s: y[%d] = %g (%#x), want the bits of variant %s on 1 thread, %g (%#x)",
								tag, i, y[i], math.Float32bits(y[i]), variants[0], first[i], math.Float32bits(first[i]))
						}
					}
				}
			}
		}
	}
}

// checkGEMM compares y with the float64 reference: the product's rounding
// error is at most (K+2)·2^-24·Σ|x·w| (one fma rounding per k, the bias
// add, the final value); the activations change by at most 1.13 times
// their argument's change (the largest slope among them, gelu's), plus
// their own error on exact input.
func checkGEMM(t *testing.T, tag string, s GEMMSpec, y []float32, ref, mag []float64) {
	t.Helper()
	const slope = 1.13
	for i, got := range y {
		want := gemmActRef(s.Act, ref[i])
		tol := slope*float64(s.K+2)*0x1p-24*mag[i] + float64(gemmActULP[s.Act]+1)*ulp32(want)
		if d := math.Abs(float64(got) - want); !(d <= tol) {
			t.Fatalf("%s: y[%d] (row %d, col %d) = %g, want %g ± %.3g (pre-activation %g)", tag, i, i/s.N, i%s.N, got, want, tol, ref[i])
		}
	}
}

// TestGEMMActivations checks each fused activation on exact inputs:
// Y = act(X·1ᵀ) with K = 1 and W all ones is act(x) in every column (17
// columns: a full vector and a masked one on V4, a partial panel on V3).
func TestGEMMActivations(t *testing.T) {
	requireJIT(t)
	t.Setenv("SEQC_CACHE", t.TempDir())
	variants := gemmTestVariants(t)
	var specs []GEMMSpec
	for _, a := range GEMMActs {
		specs = append(specs, GEMMSpec{N: 17, K: 1, Act: a})
	}
	lib := gemmLibrary(t, specs, variants)
	xs := specials()
	for _, v := range []float32{-15.5, -15.17, -14.2, -10, -9.99, -5, -0.75, 0.75, -0.7499999, 0.7499999, 5.3, 9.99, 10, 10.01, 15.5, 1e-3, -1e-3, 1e-20, -1e-20} {
		xs = append(xs, v, math.Nextafter32(v, 0), math.Nextafter32(v, 100*v))
	}
	r := rng(7)
	sweep := 1 // SEQC_LLVM_SWEEP=k multiplies the random sample, as in TestKernelsNumeric
	if k, err := strconv.Atoi(os.Getenv("SEQC_LLVM_SWEEP")); err == nil && k > 1 {
		sweep = k
	}
	for i := 0; i < sweep<<16; i++ {
		xs = append(xs, r.uniform(-22, 14))
	}
	for i := 0; i < 1<<13; i++ {
		xs = append(xs, r.uniform(-1, 1), float32(math.Ldexp(float64(r.uniform(-1, 1)), int(r.next()%60)-30)))
	}
	for i := -2000; i <= 2000; i++ { // dense around 0 and the branch points
		xs = append(xs, float32(i)/1000, float32(i)/100)
	}
	M := len(xs)
	ws := NewGEMMWorkspace()
	for _, v := range variants {
		for _, s := range specs {
			fn, err := lib.Func(gemmSym(s, v))
			if err != nil {
				t.Fatal(err)
			}
			w := make([]float32, s.N)
			for i := range w {
				w[i] = 1
			}
			y := make([]float32, M*s.N)
			RunGEMM(fn, ws, 2, s, v, M, xs, PackGEMMWeight(w, s, v), nil, y)
			var worst int64
			var worstX float32
			for m, x := range xs {
				want := float32(gemmActRef(s.Act, float64(x)))
				for n := 0; n < s.N; n++ {
					got := y[m*s.N+n]
					d := ulpDist(got, want)
					if d < 0 || d > gemmActULP[s.Act] {
						t.Fatalf("%s: act(%g) = %g (%#x), want %g (%#x): %d ulp, bound %d",
							gemmSym(s, v), x, got, math.Float32bits(got), want, math.Float32bits(want), d, gemmActULP[s.Act])
					}
					if d > worst {
						worst, worstX = d, x
					}
				}
			}
			t.Logf("%s: max error %d ulp (at %g) over %d inputs", gemmSym(s, v), worst, worstX, M)
		}
	}
}

// TestGEMMStrided calls a kernel directly on a sub-block with row strides
// larger than the matrix widths, and checks that nothing outside the rows
// and panels asked for is written.
func TestGEMMStrided(t *testing.T) {
	requireJIT(t)
	t.Setenv("SEQC_CACHE", t.TempDir())
	variants := gemmTestVariants(t)
	s := GEMMSpec{N: 70, K: 45, Bias: true, Act: "relu"}
	lib := gemmLibrary(t, []GEMMSpec{s}, variants)
	r := rng(3)
	const M, ldx, ldy = 40, 50, 83
	x := gemmRand(&r, M*ldx, -1, 1)
	w := gemmRand(&r, s.N*s.K, -1, 1)
	bias := gemmRand(&r, s.N, -1, 1)
	xc := make([]float32, M*s.K) // contiguous copy for the reference
	for m := 0; m < M; m++ {
		copy(xc[m*s.K:], x[m*ldx:m*ldx+s.K])
	}
	ref, mag := gemmRef(s, M, xc, w, bias)
	for _, v := range variants {
		fn, err := lib.Func(gemmSym(s, v))
		if err != nil {
			t.Fatal(err)
		}
		nr := GEMMPanelWidth(s, v)
		panels := GEMMPanels(s, v)
		wp := PackGEMMWeight(w, s, v)
		scratch := gemmAlloc(GEMMScratchLen(s, v))
		for _, c := range []struct{ lo, hi, j0, j1 int }{{3, 37, 0, panels}, {5, 8, 1, panels}, {0, 40, 0, 1}, {7, 9, 0, panels}} {
			y := make([]float32, M*ldy)
			for i := range y {
				y[i] = -7
			}
			var p native.Ptrs
			p[0], p[1], p[2], p[3], p[4] = unsafe.Pointer(&x[0]), unsafe.Pointer(&wp[0]), unsafe.Pointer(&bias[0]), unsafe.Pointer(&y[0]), unsafe.Pointer(&scratch[0])
			fn.Call(c.lo, c.hi, []int64{int64(c.j0), int64(c.j1), ldx, ldy}, &p)
			for m := 0; m < M; m++ {
				for col := 0; col < ldy; col++ {
					got := y[m*ldy+col]
					inside := m >= c.lo && m < c.hi && col >= c.j0*nr && col < min(c.j1*nr, s.N)
					if !inside {
						if got != -7 {
							t.Fatalf("%s %+v: y[%d][%d] = %g written outside the block", v, c, m, col, got)
						}
						continue
					}
					want := gemmActRef(s.Act, ref[m*s.N+col])
					tol := float64(s.K+2)*0x1p-24*mag[m*s.N+col] + ulp32(want)
					if math.Abs(float64(got)-want) > tol {
						t.Fatalf("%s %+v: y[%d][%d] = %g, want %g", v, c, m, col, got, want)
					}
				}
			}
		}
	}
}

// TestGEMMEmptyK checks K = 0: y = act(bias).
func TestGEMMEmptyK(t *testing.T) {
	requireJIT(t)
	t.Setenv("SEQC_CACHE", t.TempDir())
	variants := gemmTestVariants(t)
	s := GEMMSpec{N: 20, K: 0, Bias: true, Act: "relu"}
	lib := gemmLibrary(t, []GEMMSpec{s}, variants)
	bias := make([]float32, s.N)
	for i := range bias {
		bias[i] = float32(i) - 10
	}
	for _, v := range variants {
		fn, err := lib.Func(gemmSym(s, v))
		if err != nil {
			t.Fatal(err)
		}
		for _, M := range []int{1, 9} {
			y := make([]float32, M*s.N)
			RunGEMM(fn, nil, 2, s, v, M, nil, PackGEMMWeight(nil, s, v), bias, y)
			for i, got := range y {
				if want := max(bias[i%s.N], 0); got != want {
					t.Fatalf("%s M=%d: y[%d] = %g, want %g", v, M, i, got, want)
				}
			}
		}
	}
}

func TestPackGEMMWeight(t *testing.T) {
	s := GEMMSpec{N: 37, K: 5}
	w := make([]float32, s.N*s.K)
	for i := range w {
		w[i] = float32(i + 1)
	}
	for _, v := range []string{V3, V4} {
		p := PackGEMMWeight(w, s, v)
		nr := GEMMPanelWidth(s, v)
		if len(p) != GEMMPanels(s, v)*s.K*nr || uintptr(unsafe.Pointer(&p[0]))%gemmAlign != 0 {
			t.Fatalf("%s: len %d, want %d, 64-byte aligned", v, len(p), GEMMPanels(s, v)*s.K*nr)
		}
		for j := 0; j < GEMMPanels(s, v); j++ {
			for k := 0; k < s.K; k++ {
				for c := 0; c < nr; c++ {
					var want float32
					if n := j*nr + c; n < s.N {
						want = w[n*s.K+k]
					}
					if got := p[j*s.K*nr+k*nr+c]; got != want {
						t.Fatalf("%s: panel %d k %d col %d = %g, want %g", v, j, k, c, got, want)
					}
				}
			}
		}
	}
}

func TestEmitGEMMErrors(t *testing.T) {
	m := llvmir.NewModule()
	for _, c := range []struct {
		name    string
		s       GEMMSpec
		variant string
	}{
		{"k", GEMMSpec{N: 1, K: 1, Act: "swish"}, V4},
		{"k", GEMMSpec{N: -1, K: 1}, V4},
		{"k", GEMMSpec{N: 1, K: 1}, "x86-64"},
		{"not a name", GEMMSpec{N: 1, K: 1}, V3},
	} {
		if err := EmitGEMM(m, c.name, c.s, c.variant); err == nil {
			t.Errorf("EmitGEMM(%q, %+v, %s) succeeded", c.name, c.s, c.variant)
		}
	}
	if err := EmitGEMM(m, "k", GEMMSpec{N: 4, K: 4}, V3); err != nil {
		t.Fatal(err)
	}
	if err := EmitGEMM(m, "k", GEMMSpec{N: 4, K: 4}, V4); err == nil {
		t.Error("a second kernel named k was emitted")
	}
}

// TestGELUPolynomialFits checks gelu's fits like TestPolynomialFits: in
// float64 with the float32 coefficients, under 0.5 float32 ulp.
func TestGELUPolynomialFits(t *testing.T) {
	horner := func(c []float32, x float64) float64 {
		p := 0.0
		for k := len(c) - 1; k >= 0; k-- {
			p = p*x + float64(c[k])
		}
		return p
	}
	const n = 20000
	worstS, worstG := 0.0, 0.0
	for i := 0; i <= n; i++ {
		x := geluSmall * float64(i) / n
		want := 0.5 * math.Erf(x/math.Sqrt2)
		if x > 0 {
			worstS = math.Max(worstS, math.Abs(x*horner(geluS, x*x)-want)/want)
		}
		a := geluSmall + (geluClamp-geluSmall)*float64(i)/n
		tt := geluK / (geluK + a)
		wantG := a * 0.5 * math.Erfc(a/math.Sqrt2) * math.Exp(a*a/2)
		gotG := horner(geluG, float64(float32(geluA))*tt+float64(float32(geluB)))
		worstG = math.Max(worstG, math.Abs(gotG-wantG)/wantG)
	}
	t.Logf("gelu S: %.3f ulp, G: %.3f ulp", worstS/0x1p-24, worstG/0x1p-24)
	if worstS > 0.5*0x1p-24 || worstG > 0.5*0x1p-24 {
		t.Errorf("gelu fits: S %.3f ulp, G %.3f ulp, want < 0.5", worstS/0x1p-24, worstG/0x1p-24)
	}
}

// TestGEMMConcurrent runs RunGEMM from several goroutines at once (the
// worker pool is shared, workspaces are not) and checks every result.
func TestGEMMConcurrent(t *testing.T) {
	requireJIT(t)
	t.Setenv("SEQC_CACHE", t.TempDir())
	gemmNoMinWork(t)
	v := gemmTestVariants(t)[0]
	s := GEMMSpec{N: 100, K: 33, Bias: true}
	lib := gemmLibrary(t, []GEMMSpec{s}, []string{v})
	fn, err := lib.Func(gemmSym(s, v))
	if err != nil {
		t.Fatal(err)
	}
	r := rng(11)
	w, bias := gemmRand(&r, s.N*s.K, -1, 1), gemmRand(&r, s.N, -1, 1)
	wp := PackGEMMWeight(w, s, v)
	const M = 40
	x := gemmRand(&r, M*s.K, -1, 1)
	want := make([]float32, M*s.N)
	RunGEMM(fn, nil, 1, s, v, M, x, wp, bias, want)
	errs := make(chan string, 8)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ws := NewGEMMWorkspace()
			y := make([]float32, M*s.N)
			for i := 0; i < 50; i++ {
				m := []int{1, 3, M}[i%3]
				RunGEMM(fn, ws, 2+i%2, s, v, m, x, wp, bias, y)
				for j := 0; j < m*s.N; j++ {
					if y[j] != want[j] {
						errs <- fmt.Sprintf("goroutine %d, call %d (M=%d): y[%d] = %g, want %g", g, i, m, j, y[j], want[j])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
