package llvm

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"testing"

	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/runtime"
)

// Tests of the elementwise and row kernels (elem_*.go) against float64
// math written here, independently of the interpreter's code, plus
// bitwise thread-count independence.

// elemTestKernels lists every kernel of the family by test symbol stem.
func elemTestKernels() map[string]func(m *llvmir.Module, name, variant string) error {
	ks := map[string]func(m *llvmir.Module, name, variant string) error{}
	for op := range elemUnary {
		ks["u_"+op] = func(m *llvmir.Module, name, v string) error { return EmitUnary(m, name, op, v) }
	}
	for op := range elemBinary {
		ks["b_"+op] = func(m *llvmir.Module, name, v string) error { return EmitBinary(m, name, op, v) }
	}
	ks["cast_f2i"] = func(m *llvmir.Module, name, v string) error { return EmitCast(m, name, true, v) }
	ks["cast_i2f"] = func(m *llvmir.Module, name, v string) error { return EmitCast(m, name, false, v) }
	for _, kind := range []string{"rms_norm", "layer_norm", "l2_norm"} {
		for _, w := range []bool{false, true} {
			for _, b := range []bool{false, true} {
				ks[fmt.Sprintf("norm_%s_%v_%v", kind, w, b)] = func(m *llvmir.Module, name, v string) error {
					return EmitNorm(m, name, kind, w, b, v)
				}
			}
		}
	}
	ks["softmax"] = EmitSoftmax
	for _, kind := range []string{"sum", "mean", "max"} {
		for _, row := range []bool{false, true} {
			ks[fmt.Sprintf("red_%s_%v", kind, row)] = func(m *llvmir.Module, name, v string) error { return EmitReduce(m, name, kind, row, v) }
		}
	}
	for _, row := range []bool{false, true} {
		ks[fmt.Sprintf("cumsum_%v", row)] = func(m *llvmir.Module, name, v string) error { return EmitCumsum(m, name, row, v) }
	}
	ks["take"] = EmitTake
	for _, in := range []bool{false, true} {
		ks[fmt.Sprintf("rope_%v", in)] = func(m *llvmir.Module, name, v string) error { return EmitRoPE(m, name, in, v) }
	}
	return ks
}

func elemSym(stem, variant string) string { return "seqc_t_" + stem + VariantSuffix(variant) }

var elemLib struct {
	once sync.Once
	lib  *native.Library
}

// elemTestLib compiles every kernel of the family for both variants into
// one library, once per process.
func elemTestLib(t testing.TB) *native.Library {
	t.Helper()
	requireJIT(t)
	elemLib.once.Do(func() {
		m := llvmir.NewModule()
		m.TargetTriple, m.DataLayout = TargetTriple, DataLayout
		ks := elemTestKernels()
		stems := make([]string, 0, len(ks))
		for s := range ks {
			stems = append(stems, s)
		}
		sort.Strings(stems)
		for _, v := range []string{V3, V4} {
			for _, s := range stems {
				if err := ks[s](m, elemSym(s, v), v); err != nil {
					t.Fatal(err)
				}
			}
		}
		elemLib.lib = selLoad(t, m.String())
	})
	if elemLib.lib == nil {
		t.Fatal("the elementwise test library failed to build (see the first test that built it)")
	}
	return elemLib.lib
}

func elemFn(t testing.TB, stem, variant string) native.Fn {
	t.Helper()
	fn, err := elemTestLib(t).Func(elemSym(stem, variant))
	if err != nil {
		t.Fatal(err)
	}
	return fn
}

// elemVariants are the variants this host runs.
func elemVariants() []string { return selVariants() }

// elemManyThreads lets every launch use several goroutines, however small.
func elemManyThreads(t *testing.T) {
	old := runtime.MinWorkPerThread
	runtime.MinWorkPerThread = 1
	t.Cleanup(func() { runtime.MinWorkPerThread = old })
}

// elemRefUnary is each unary op in float64 (the exact function, rounded
// once to float32 by the caller).
func elemRefUnary(op string, x float64) float64 {
	sig := func(x float64) float64 {
		if x >= 0 {
			return 1 / (1 + math.Exp(-x))
		}
		return math.Exp(x) / (1 + math.Exp(x))
	}
	switch op {
	case "neg":
		return -x
	case "exp":
		return math.Exp(x)
	case "log":
		return math.Log(x)
	case "sqrt":
		return math.Sqrt(x)
	case "rsqrt":
		return 1 / math.Sqrt(x)
	case "tanh":
		return math.Tanh(x)
	case "sigmoid":
		return sig(x)
	case "silu":
		return x * sig(x)
	case "gelu":
		return 0.5 * x * math.Erfc(-x/math.Sqrt2)
	case "gelu_tanh":
		return x * sig(2*math.Sqrt(2/math.Pi)*(x+0.044715*x*x*x))
	case "softplus":
		if x > 20 {
			return x
		}
		return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x)))
	case "relu":
		if x > 0 || math.IsNaN(x) {
			return x
		}
		return 0
	case "abs":
		return math.Abs(x)
	case "sin":
		return math.Sin(x)
	case "cos":
		return math.Cos(x)
	case "square":
		return x * x
	case "logsigmoid":
		return math.Min(x, 0) - math.Log1p(math.Exp(-math.Abs(x)))
	case "recip":
		return 1 / x
	case "conj":
		return x
	}
	panic("no reference for " + op)
}

// elemULP bounds each unary op's error in float32 ulps against the
// rounded float64 function: 0 for the exact ops and for those computed in
// float64 (log, sin, cos: a double result rounds to the same float32 but
// within ~1e-14 of a tie, which the sample does not hit); the polynomial
// ops keep the bounds measured in e2e_test.go and gemm_test.go;
// logsigmoid is -softplus(-x).
var elemULP = map[string]int64{
	"neg": 0, "relu": 0, "abs": 0, "square": 0, "sqrt": 0, "recip": 0, "conj": 0,
	"log": 0, "sin": 0, "cos": 0,
	"rsqrt": 1, "exp": 1, "tanh": 1, "sigmoid": 2, "silu": 3, "softplus": 3, "logsigmoid": 3,
	"gelu": 4, "gelu_tanh": 4,
}

// elemInputs are the unary ops' sample: specials, a stride through every
// binade, uniform values at several scales and (for sin and cos) arguments
// up to float32's largest.
func elemInputs(op string) []float32 {
	xs := append([]float32{}, specials()...)
	for u := uint64(0); u < 1<<32; u += 0x40003 {
		xs = append(xs, math.Float32frombits(uint32(u)))
	}
	r := rng(11)
	for _, s := range []float64{1, 8, 30, 100} {
		for i := 0; i < 5000; i++ {
			xs = append(xs, r.uniform(-s, s))
		}
	}
	if op == "sin" || op == "cos" {
		for _, v := range []float32{1e5, -1e5, 1e7, 12345678, 1e9, 1e11, 0x1p40, -0x1p40, 0x1.000002p40, 1e12, -1e20, 3e38} {
			xs = append(xs, v)
		}
		for i := 0; i < 2000; i++ {
			xs = append(xs, r.uniform(-1e6, 1e6), r.uniform(-1e12, 1e12))
		}
	}
	return xs
}

func TestElemUnary(t *testing.T) {
	var report []string
	for _, v := range elemVariants() {
		for _, op := range elemSortedKeys(elemUnary) {
			fn := elemFn(t, "u_"+op, v)
			xs := elemInputs(op)
			worst, at := int64(0), float32(0)
			// Whole, and starting at every offset of a vector (the tail).
			for _, off := range []int{0, 1, 5, 13} {
				x := xs[off:]
				y := make([]float32, len(x)+8)
				for i := range y {
					y[i] = 12345
				}
				if err := RunUnary(fn, op, 1, x, y[:len(x)]); err != nil {
					t.Fatal(err)
				}
				for i, yv := range y[len(x):] {
					if yv != 12345 {
						t.Fatalf("%s %s: wrote past the end (%d)", v, op, i)
					}
				}
				nbad := 0
				for i, xv := range x {
					want := float32(elemRefUnary(op, float64(xv)))
					got := y[i]
					d := ulpDist(got, want)
					if elemULP[op] == 0 && d == 0 && want == want && math.Float32bits(got) != math.Float32bits(want) {
						d = 1 // exact: the sign of zero too
					}
					if d < 0 || d > elemULP[op] {
						if nbad++; nbad <= 5 {
							t.Errorf("%s %s(%g) = %g, want %g (%d ulp, bound %d)", v, op, xv, got, want, d, elemULP[op])
						}
					} else if d > worst {
						worst, at = d, xv
					}
				}
			}
			report = append(report, fmt.Sprintf("%s %-10s max %d ulp (at %g)", v, op, worst, at))
		}
	}
	t.Logf("unary kernels against float64:\n%s", strings.Join(report, "\n"))
}

func elemSortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// elemRefBinary is each binary op in float64.
func elemRefBinary(op string, a, b float32) float32 {
	x, y := float64(a), float64(b)
	switch op {
	case "add":
		return float32(x + y)
	case "sub":
		return float32(x - y)
	case "mul":
		return float32(x * y)
	case "div":
		return float32(x / y)
	case "pow":
		return float32(math.Pow(x, y))
	case "maximum":
		return float32(max(x, y))
	case "minimum":
		return float32(min(x, y))
	}
	panic(op)
}

// elemBroadcastIndex returns the flat index into a contiguous tensor of shape in
// of output element idx of shape out (right-aligned NumPy broadcasting).
func elemBroadcastIndex(out, in []int, idx int) int {
	coords := make([]int, len(out))
	for i := len(out) - 1; i >= 0; i-- {
		coords[i] = idx % out[i]
		idx /= out[i]
	}
	flat := 0
	off := len(out) - len(in)
	for i, d := range in {
		c := coords[off+i]
		if d == 1 {
			c = 0
		}
		flat = flat*d + c
	}
	return flat
}

func elemNumel(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// elemShapes are broadcasts the launcher must reduce: equal shapes,
// biases, gates, scalars, middle axes, leading ones, empty tensors and
// ranks that merge down to four axes.
var elemShapes = [][3][]int{
	{{1000}, {1000}, {1000}},
	{{3, 5, 17}, {3, 5, 17}, {17}},
	{{3, 5, 17}, {3, 5, 1}, {3, 5, 17}},
	{{2, 7, 33}, {}, {2, 7, 33}},
	{{2, 7, 33}, {2, 7, 33}, {1}},
	{{}, {}, {}},
	{{1, 1, 1}, {1}, {1, 1, 1}},
	{{4, 3, 6, 5}, {4, 1, 6, 5}, {3, 1, 5}},
	{{2, 3, 4, 5, 6}, {2, 3, 4, 5, 6}, {3, 1, 1, 6}},
	{{2, 3, 4, 5, 6, 7}, {1, 3, 4, 1, 6, 7}, {2, 3, 4, 5, 6, 7}},
	{{5, 0, 3}, {5, 0, 3}, {3}},
	{{2, 1, 40}, {2, 1, 40}, {40}},
	{{9, 130}, {9, 1}, {1, 130}},
	{{3000}, {3000}, {}},
}

func TestElemBinary(t *testing.T) {
	elemManyThreads(t)
	r := rng(5)
	for _, v := range elemVariants() {
		for _, op := range elemSortedKeys(elemBinary) {
			fn := elemFn(t, "b_"+op, v)
			for _, sh := range elemShapes {
				out, as, bs := sh[0], sh[1], sh[2]
				p, ok := PlanBroadcast(out, as, bs)
				if !ok {
					t.Fatalf("PlanBroadcast(%v, %v, %v) refused", out, as, bs)
				}
				a, b := make([]float32, elemNumel(as)), make([]float32, elemNumel(bs))
				for i := range a {
					a[i] = r.uniform(-3, 3)
				}
				for i := range b {
					b[i] = r.uniform(-3, 3)
				}
				for _, threads := range []int{1, 2, 3} {
					y := make([]float32, elemNumel(out))
					RunBinary(fn, threads, elemCostCheap, p, a, b, y)
					for i := range y {
						x1, x2 := a[elemBroadcastIndex(out, as, i)], b[elemBroadcastIndex(out, bs, i)]
						want := elemRefBinary(op, x1, x2)
						if d := ulpDist(y[i], want); d != 0 && !(op == "pow" && d == 1) {
							t.Fatalf("%s %s %v·%v→%v threads %d [%d]: %s(%g, %g) = %g, want %g", v, op, as, bs, out, threads, i, op, x1, x2, y[i], want)
						}
					}
				}
			}
		}
	}
	// The specials, pairwise (pow's special cases above all), same shape.
	sp := append(specials(), -2, 2, 3, -3, 0.5, -0.5, 2.5, -2.5, 1<<24, 1<<25, -(1<<24)-2, 1e-3, 7, -7)
	var a, b []float32
	for _, x := range sp {
		for _, y := range sp {
			a, b = append(a, x), append(b, y)
		}
	}
	for _, v := range elemVariants() {
		for _, op := range elemSortedKeys(elemBinary) {
			fn := elemFn(t, "b_"+op, v)
			p, _ := PlanBroadcast([]int{len(a)}, []int{len(a)}, []int{len(b)})
			y := make([]float32, len(a))
			RunBinary(fn, 1, elemCostCheap, p, a, b, y)
			for i := range y {
				want := elemRefBinary(op, a[i], b[i])
				d := ulpDist(y[i], want)
				if d == 0 && want == want && math.Float32bits(y[i]) != math.Float32bits(want) {
					d = 1
				}
				if d != 0 && !(op == "pow" && d == 1 && !math.IsInf(float64(want), 0) && want != 0) {
					t.Errorf("%s %s(%g, %g) = %g, want %g", v, op, a[i], b[i], y[i], want)
				}
			}
		}
	}
}

func TestPlanBroadcast(t *testing.T) {
	for _, c := range []struct {
		out, a, b []int
		want      BroadcastPlan
		ok        bool
	}{
		{[]int{6, 7}, []int{6, 7}, []int{6, 7}, BroadcastPlan{1, 1, 1, 42, [4]int{0, 0, 0, 1}, [4]int{0, 0, 0, 1}}, true},
		{[]int{2, 3, 4}, []int{2, 3, 4}, []int{4}, BroadcastPlan{1, 1, 6, 4, [4]int{0, 0, 4, 1}, [4]int{0, 0, 0, 1}}, true},
		{[]int{2, 3, 4}, []int{2, 3, 1}, []int{2, 3, 4}, BroadcastPlan{1, 1, 6, 4, [4]int{0, 0, 1, 0}, [4]int{0, 0, 4, 1}}, true},
		{[]int{}, []int{}, []int{}, BroadcastPlan{1, 1, 1, 1, [4]int{}, [4]int{}}, true},
		{[]int{2, 1, 3}, []int{2, 1, 3}, []int{1}, BroadcastPlan{1, 1, 1, 6, [4]int{0, 0, 0, 1}, [4]int{}}, true},
		// Five axes that alternate between the operands cannot merge.
		{[]int{2, 3, 2, 3, 2}, []int{2, 1, 2, 1, 2}, []int{3, 1, 3, 1}, BroadcastPlan{}, false},
	} {
		got, ok := PlanBroadcast(c.out, c.a, c.b)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("PlanBroadcast(%v, %v, %v) = %+v, %v; want %+v, %v", c.out, c.a, c.b, got, ok, c.want, c.ok)
		}
	}
}

func TestElemCast(t *testing.T) {
	for _, v := range elemVariants() {
		f2i, i2f := elemFn(t, "cast_f2i", v), elemFn(t, "cast_i2f", v)
		xs := []float32{0, float32(math.Copysign(0, -1)), 1.5, -1.5, 2.9999, -2.9999, 1e9, -1e9, 0x1p31, -0x1p31, 2147483520, -2147483520, 1e-30}
		r := rng(3)
		for i := 0; i < 1000; i++ {
			xs = append(xs, r.uniform(-1e6, 1e6))
		}
		y := make([]int32, len(xs))
		if err := RunCast(f2i, true, 1, xs, nil, nil, y); err != nil {
			t.Fatal(err)
		}
		for i, x := range xs {
			want := int32(math.Trunc(float64(x)))
			if float64(x) >= 1<<31 {
				want = math.MinInt32 // Go's amd64 conversion of 2^31
			}
			if y[i] != want {
				t.Errorf("%s int32(%g) = %d, want %d", v, x, y[i], want)
			}
		}
		for _, bad := range []float32{float32(math.NaN()), 0x1p32, -0x1.000002p31, float32(math.Inf(1))} {
			in := append(append([]float32{}, xs...), bad)
			if err := RunCast(f2i, true, 2, in, nil, nil, make([]int32, len(in))); err == nil || !strings.Contains(err.Error(), "cannot cast") {
				t.Errorf("%s cast of %g: err %v, want cannot cast", v, bad, err)
			}
		}
		is := []int32{0, 1, -1, 16777217, -16777217, math.MaxInt32, math.MinInt32}
		for i := 0; i < 100; i++ {
			is = append(is, int32(r.next()))
		}
		yf := make([]float32, len(is))
		if err := RunCast(i2f, false, 1, nil, is, yf, nil); err != nil {
			t.Fatal(err)
		}
		for i, x := range is {
			if yf[i] != float32(x) {
				t.Errorf("%s float32(%d) = %g, want %g", v, x, yf[i], float32(x))
			}
		}
	}
}

// elemRows makes rows×d floats: normal-ish values, a row with a large mean
// against its spread, and rows with specials.
func elemRows(r *rng, rows, d int) []float32 {
	x := make([]float32, rows*d)
	for i := range x {
		x[i] = r.uniform(-2, 2)
	}
	if rows > 1 {
		for j := 0; j < d; j++ {
			x[d+j] = 1000 + r.uniform(-0.01, 0.01)
		}
	}
	return x
}

// elemClose checks got against want with a bound of ulps float32 ulps of
// scale (the row's largest magnitude): the norms round a few times in
// float32 after float64 statistics.
func elemClose(got float32, want, scale float64, ulps float64) bool {
	if math.IsNaN(want) {
		return got != got
	}
	if math.IsInf(want, 0) {
		return float64(got) == want
	}
	return math.Abs(float64(got)-want) <= ulps*ulp32(math.Max(math.Abs(want), scale*0x1p-20))
}

func TestElemNorm(t *testing.T) {
	elemManyThreads(t)
	r := rng(9)
	for _, v := range elemVariants() {
		for _, kind := range []string{"rms_norm", "layer_norm", "l2_norm"} {
			for _, hasW := range []bool{false, true} {
				for _, hasB := range []bool{false, true} {
					fn := elemFn(t, fmt.Sprintf("norm_%s_%v_%v", kind, hasW, hasB), v)
					for _, d := range []int{1, 7, 16, 33, 100, 768, 4099} {
						rows := 5
						x := elemRows(&r, rows, d)
						var w, b []float32
						if hasW {
							w = gemmRand(&r, d, -2, 2)
						}
						if hasB {
							b = gemmRand(&r, d, -2, 2)
						}
						eps := 1e-5
						var first []float32
						for _, threads := range []int{1, 2, 4} {
							y := make([]float32, rows*d)
							RunNorm(fn, threads, rows, d, eps, x, w, b, y)
							if first == nil {
								first = y
							} else if !elemSameBits(first, y) {
								t.Fatalf("%s %s d %d: threads %d changed the result", v, kind, d, threads)
							}
						}
						for rI := 0; rI < rows; rI++ {
							row := x[rI*d : (rI+1)*d]
							mean, ss := 0.0, 0.0
							if kind == "layer_norm" {
								for _, xv := range row {
									mean += float64(xv)
								}
								mean /= float64(d)
							}
							for _, xv := range row {
								ss += (float64(xv) - mean) * (float64(xv) - mean)
							}
							if kind != "l2_norm" {
								ss /= float64(d)
							}
							scale := 1 / math.Sqrt(ss+eps)
							// The kernel rounds (x - mean)·scale·w in float32 before
							// adding the bias: the bound is in ulps of the larger of
							// that term and the result.
							ref, mag := make([]float64, d), make([]float64, d)
							for j, xv := range row {
								yv := (float64(xv) - mean) * scale
								if w != nil {
									yv *= float64(w[j])
								}
								mag[j] = math.Abs(yv)
								if b != nil {
									yv += float64(b[j])
								}
								ref[j] = yv
							}
							for j := range ref {
								if got := first[rI*d+j]; !elemClose(got, ref[j], mag[j]*0x1p20, 4) {
									t.Fatalf("%s %s w %v b %v d %d row %d [%d] = %g, want %g", v, kind, hasW, hasB, d, rI, j, got, ref[j])
								}
							}
						}
					}
				}
			}
		}
	}
}

func elemSameBits(a, b []float32) bool {
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

func TestElemSoftmax(t *testing.T) {
	elemManyThreads(t)
	r := rng(21)
	inf := float32(math.Inf(1))
	for _, v := range elemVariants() {
		fn := elemFn(t, "softmax", v)
		for _, d := range []int{1, 2, 15, 16, 17, 64, 100, 1000, 50257} {
			rows := 6
			x := make([]float32, rows*d)
			for i := range x {
				x[i] = r.uniform(-20, 20)
			}
			x[d] = -inf // a -Inf entry
			for j := 0; j < d; j++ {
				x[2*d+j] = -inf // a row of -Inf: NaN
			}
			x[3*d+d/2] = float32(math.NaN())
			x[4*d] = inf
			var first []float32
			for _, threads := range []int{1, 2, 3} {
				y := make([]float32, len(x))
				RunSoftmax(fn, threads, rows, d, x, y)
				if first == nil {
					first = y
				} else if !elemSameBits(first, y) {
					t.Fatalf("%s d %d: threads %d changed the result", v, d, threads)
				}
			}
			for rI := 0; rI < rows; rI++ {
				row := x[rI*d : (rI+1)*d]
				m := math.Inf(-1)
				for _, xv := range row {
					m = math.Max(m, float64(xv))
				}
				s := 0.0
				for _, xv := range row {
					s += math.Exp(float64(xv) - m)
				}
				for j, xv := range row {
					want := math.Exp(float64(xv)-m) / s
					if got := first[rI*d+j]; !elemClose(got, want, 0, 4) {
						t.Fatalf("%s d %d row %d [%d] = %g, want %g", v, d, rI, j, got, want)
					}
				}
			}
		}
	}
}

func TestElemReduce(t *testing.T) {
	elemManyThreads(t)
	r := rng(31)
	for _, v := range elemVariants() {
		for _, kind := range []string{"sum", "mean", "max"} {
			for _, sh := range [][3]int{{3, 7, 1}, {2, 1000, 1}, {4, 0, 1}, {1, 1, 1}, {2, 5, 3}, {3, 17, 64}, {2, 9, 65}, {1, 100, 200}, {3, 0, 5}, {5, 3, 1000}} {
				outer, size, inner := sh[0], sh[1], sh[2]
				x := make([]float32, outer*size*inner)
				for i := range x {
					x[i] = r.uniform(-100, 100)
				}
				if len(x) > 3 {
					x[1] = float32(math.Copysign(0, -1))
					x[2] = float32(math.Inf(-1))
				}
				if len(x) > 40 {
					x[40] = float32(math.NaN())
				}
				forms := []bool{false}
				if inner == 1 {
					forms = append(forms, true)
				}
				for _, row := range forms {
					fn := elemFn(t, fmt.Sprintf("red_%s_%v", kind, row), v)
					var first []float32
					for _, threads := range []int{1, 2, 3} {
						out := make([]float32, outer*inner)
						RunReduce(fn, row, v, threads, outer, size, inner, x, out)
						if first == nil {
							first = out
						} else if !elemSameBits(first, out) {
							t.Fatalf("%s %s %v: threads %d changed the result", v, kind, sh, threads)
						}
					}
					for o := 0; o < outer; o++ {
						for i := 0; i < inner; i++ {
							acc, abs := 0.0, 0.0
							if kind == "max" {
								acc = math.Inf(-1)
							}
							for s := 0; s < size; s++ {
								xv := float64(x[(o*size+s)*inner+i])
								if kind == "max" {
									acc = math.Max(acc, xv)
								} else {
									acc += xv
									abs += math.Abs(xv)
								}
							}
							if kind == "mean" {
								acc /= float64(size)
								abs /= float64(size)
							}
							got := first[o*inner+i]
							ok := elemClose(got, acc, 0, 1)
							if kind == "max" {
								ok = ulpDist(got, float32(acc)) == 0 && math.Signbit(float64(got)) == math.Signbit(acc)
							} else if !ok && !math.IsNaN(acc) {
								ok = math.Abs(float64(got)-acc) <= ulp32(acc)+abs*0x1p-45
							}
							if !ok {
								t.Fatalf("%s %s row %v %v [%d, %d] = %g, want %g", v, kind, row, sh, o, i, got, acc)
							}
						}
					}
				}
			}
		}
	}
}

func TestElemCumsum(t *testing.T) {
	elemManyThreads(t)
	r := rng(41)
	for _, v := range elemVariants() {
		for _, sh := range [][3]int{{3, 50, 1}, {2, 9, 7}, {2, 13, 64}, {1, 6, 200}, {4, 0, 3}, {2, 5, 1}} {
			outer, size, inner := sh[0], sh[1], sh[2]
			x := make([]float32, outer*size*inner)
			for i := range x {
				x[i] = r.uniform(-10, 10)
			}
			forms := []bool{false}
			if inner == 1 {
				forms = append(forms, true)
			}
			for _, row := range forms {
				fn := elemFn(t, fmt.Sprintf("cumsum_%v", row), v)
				// Whole, then streamed in chunks carrying the sums: the
				// interpreter's rule, a float64 sum per chunk started from the
				// float32 carry.
				for _, bounds := range [][]int{{0, size}, {0, min(1, size), min(3, size), min(3, size), size}} {
					var carry []float32
					y := make([]float32, len(x))
					ref := make([]float32, len(x))
					refCarry := make([]float32, outer*inner)
					for ci := 0; ci+1 < len(bounds); ci++ {
						lo, hi := bounds[ci], bounds[ci+1]
						n := hi - lo
						xc := make([]float32, outer*n*inner)
						for o := 0; o < outer; o++ {
							copy(xc[o*n*inner:(o+1)*n*inner], x[(o*size+lo)*inner:(o*size+hi)*inner])
						}
						yc := make([]float32, len(xc))
						next := make([]float32, outer*inner)
						RunCumsum(fn, row, v, 2, outer, n, inner, xc, yc, carry, next)
						carry = next
						for o := 0; o < outer; o++ {
							copy(y[(o*size+lo)*inner:(o*size+hi)*inner], yc[o*n*inner:(o+1)*n*inner])
							for i := 0; i < inner; i++ {
								acc := float64(refCarry[o*inner+i])
								for s := lo; s < hi; s++ {
									acc += float64(x[(o*size+s)*inner+i])
									ref[(o*size+s)*inner+i] = float32(acc)
								}
								refCarry[o*inner+i] = float32(acc)
							}
						}
					}
					if !elemSameBits(y, ref) || !elemSameBits(carry, refCarry) {
						t.Fatalf("%s cumsum row %v %v chunks %v: differs from the float64 running sums", v, row, sh, bounds)
					}
				}
			}
		}
	}
}

func TestElemTake(t *testing.T) {
	elemManyThreads(t)
	r := rng(51)
	for _, v := range elemVariants() {
		fn := elemFn(t, "take", v)
		for _, width := range []int{1, 7, 16, 33, 768} {
			rows := 11
			tab := gemmRand(&r, rows*width, -1, 1)
			ids := make([]int32, 37)
			for i := range ids {
				ids[i] = int32(r.next() % uint64(rows))
			}
			for _, threads := range []int{1, 2} {
				out := make([]float32, len(ids)*width)
				if err := RunTake(fn, threads, rows, width, tab, ids, out); err != nil {
					t.Fatal(err)
				}
				for i, id := range ids {
					if !elemSameBits(out[i*width:(i+1)*width], tab[int(id)*width:(int(id)+1)*width]) {
						t.Fatalf("%s width %d: row %d is not table row %d", v, width, i, id)
					}
				}
			}
			for _, bad := range []int32{-1, int32(rows), math.MaxInt32, math.MinInt32} {
				ids[20] = bad
				err := RunTake(fn, 2, rows, width, tab, ids, make([]float32, len(ids)*width))
				want := fmt.Sprintf("index %d out of range for a table of %d rows (position 20)", bad, rows)
				if err == nil || err.Error() != want {
					t.Errorf("%s id %d: err %v, want %q", v, bad, err, want)
				}
			}
		}
	}
}

func TestElemRoPE(t *testing.T) {
	elemManyThreads(t)
	r := rng(61)
	for _, v := range elemVariants() {
		for _, inter := range []bool{false, true} {
			fn := elemFn(t, fmt.Sprintf("rope_%v", inter), v)
			for _, c := range []struct{ B, L, H, D, pos0 int }{
				{1, 1, 1, 2, 0}, {2, 5, 3, 8, 0}, {1, 7, 2, 34, 3}, {2, 3, 4, 64, 100}, {1, 4, 2, 128, 9000},
				{1, 3, 1, 256, 1 << 14}, {1, 2, 2, 48, 123456}, // past the cached table
			} {
				theta := 10000.0
				x := gemmRand(&r, c.B*c.L*c.H*c.D, -3, 3)
				cos, sin := RoPEAngles(theta, c.D, c.pos0, c.L)
				var first []float32
				for _, threads := range []int{1, 2, 3} {
					y := make([]float32, len(x))
					RunRoPE(fn, threads, c.B, c.L, c.H, c.D, cos, sin, x, y)
					if first == nil {
						first = y
					} else if !elemSameBits(first, y) {
						t.Fatalf("%s %+v: threads %d changed the result", v, c, threads)
					}
				}
				half := c.D / 2
				for b := 0; b < c.B; b++ {
					for l := 0; l < c.L; l++ {
						for h := 0; h < c.H; h++ {
							base := ((b*c.L+l)*c.H + h) * c.D
							for i := 0; i < half; i++ {
								ang := float64(c.pos0+l) * math.Pow(theta, -float64(2*i)/float64(c.D))
								s, co := math.Sincos(ang)
								ia, ib := base+i, base+i+half
								if inter {
									ia, ib = base+2*i, base+2*i+1
								}
								xa, xb := float64(x[ia]), float64(x[ib])
								wa, wb := float32(xa*co-xb*s), float32(xa*s+xb*co)
								if first[ia] != wa || first[ib] != wb {
									t.Fatalf("%s interleaved %v %+v at b %d l %d h %d i %d: (%g, %g), want (%g, %g)", v, inter, c, b, l, h, i, first[ia], first[ib], wa, wb)
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestElemThreadsBitwise runs the elementwise launchers at several thread
// counts on sizes that split mid-vector and compares bit for bit.
func TestElemThreadsBitwise(t *testing.T) {
	elemManyThreads(t)
	r := rng(71)
	n := 100003
	x := make([]float32, n)
	for i := range x {
		x[i] = r.uniform(-50, 50)
	}
	for _, v := range elemVariants() {
		for _, op := range elemSortedKeys(elemUnary) {
			fn := elemFn(t, "u_"+op, v)
			var first []float32
			for _, threads := range []int{1, 2, 3, 5} {
				y := make([]float32, n)
				if err := RunUnary(fn, op, threads, x, y); err != nil {
					t.Fatal(err)
				}
				if first == nil {
					first = y
				} else if !elemSameBits(first, y) {
					t.Fatalf("%s %s: threads %d changed the result", v, op, threads)
				}
			}
		}
		fn := elemFn(t, "b_mul", v)
		p, _ := PlanBroadcast([]int{n}, []int{n}, []int{1})
		var first []float32
		for _, threads := range []int{1, 2, 3} {
			y := make([]float32, n)
			RunBinary(fn, threads, elemCostCheap, p, x, x[:1], y)
			if first == nil {
				first = y
			} else if !elemSameBits(first, y) {
				t.Fatalf("%s mul: threads %d changed the result", v, threads)
			}
		}
	}
}

// TestEmitElemErrors: bad names, variants and ops are errors, not panics.
func TestEmitElemErrors(t *testing.T) {
	m := llvmir.NewModule()
	for _, err := range []error{
		EmitUnary(m, "ok", "nope", V3),
		EmitBinary(m, "ok", "nope", V3),
		EmitNorm(m, "ok", "nope", false, false, V3),
		EmitReduce(m, "ok", "nope", true, V3),
		EmitUnary(m, "bad name", "exp", V3),
		EmitUnary(m, "ok2", "exp", "x86-64"),
	} {
		if err == nil {
			t.Error("no error")
		}
	}
	if err := EmitSoftmax(m, "dup", V3); err != nil {
		t.Fatal(err)
	}
	if err := EmitSoftmax(m, "dup", V3); err == nil {
		t.Error("a second function of the same name: no error")
	}
}

// TestElemLaunchAllocs: a single-thread launch allocates nothing, so that
// a step-mode call costs the cgo crossing and the kernel alone.
func TestElemLaunchAllocs(t *testing.T) {
	v := HostVariant()
	x, y, w, c := make([]float32, 768), make([]float32, 768), make([]float32, 768), make([]float32, 768)
	yi := make([]int32, 768)
	ids := []int32{0, 1}
	cos, sin := RoPEAngles(10000, 64, 5, 1)
	un, bin, norm, sm := elemFn(t, "u_silu", v), elemFn(t, "b_add", v), elemFn(t, "norm_rms_norm_true_false", v), elemFn(t, "softmax", v)
	red, cum, take, rope := elemFn(t, "red_sum_false", v), elemFn(t, "cumsum_false", v), elemFn(t, "take", v), elemFn(t, "rope_false", v)
	f2i, sinFn := elemFn(t, "cast_f2i", v), elemFn(t, "u_sin", v)
	p, _ := PlanBroadcast([]int{1, 768}, []int{1, 768}, []int{768})
	for name, f := range map[string]func(){
		"unary":   func() { _ = RunUnary(un, "silu", 1, x, y) },
		"sin":     func() { _ = RunUnary(sinFn, "sin", 1, x, y) },
		"binary":  func() { RunBinary(bin, 1, elemCostCheap, p, x, w, y) },
		"norm":    func() { RunNorm(norm, 1, 1, 768, 1e-5, x, w, nil, y) },
		"softmax": func() { RunSoftmax(sm, 1, 1, 768, x, y) },
		"reduce":  func() { RunReduce(red, false, v, 1, 1, 1, 768, x, y) },
		"cumsum":  func() { RunCumsum(cum, false, v, 1, 1, 1, 768, x, y, w, c) },
		"take":    func() { _ = RunTake(take, 1, 2, 384, x, ids, y) },
		"rope":    func() { RunRoPE(rope, 1, 1, 1, 12, 64, cos, sin, x, y) },
		"cast":    func() { _ = RunCast(f2i, true, 1, x, nil, nil, yi) },
	} {
		if a := testing.AllocsPerRun(20, f); a != 0 {
			t.Errorf("%s: %v allocations per single-thread launch", name, a)
		}
	}
}

// TestRoPEAnglesConcurrent: streams at different positions share one
// table that grows while others read it.
func TestRoPEAnglesConcurrent(t *testing.T) {
	const theta, D = 1234.5, 6
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for pos := g; pos < 3000; pos += 7 * (g + 1) {
				cos, sin := RoPEAngles(theta, D, pos, 3)
				for l := 0; l < 3; l++ {
					for i := 0; i < D/2; i++ {
						s, c := math.Sincos(float64(pos+l) * math.Pow(theta, -float64(2*i)/D))
						if cos[l*D/2+i] != c || sin[l*D/2+i] != s {
							errs <- fmt.Sprintf("position %d pair %d: (%g, %g), want (%g, %g)", pos+l, i, cos[l*D/2+i], sin[l*D/2+i], c, s)
							return
						}
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
