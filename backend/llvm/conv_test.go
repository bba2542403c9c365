package llvm

import (
	"fmt"
	"math"
	"math/rand"
	"sync"
	"testing"
	"unsafe"

	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/runtime"
)

// convTestSpecs are the conv kernels of the test library.
func convTestSpecs() []ConvSpec {
	var ss []ConvSpec
	for _, w := range []int{1, 2, 4, 7} {
		ss = append(ss, ConvSpec{W: w}, ConvSpec{W: w, Bias: true, Act: "silu"})
	}
	for _, act := range GEMMActs {
		ss = append(ss, ConvSpec{W: 3, Bias: true, Act: act})
	}
	return ss
}

func convName(s ConvSpec, variant string) string {
	act := s.Act
	if act == "" {
		act = "none"
	}
	return fmt.Sprintf("seqc_convt_w%d_b%v_%s%s", s.W, s.Bias, act, VariantSuffix(variant))
}

// convModule emits the conv and shift test kernels for both variants.
func convModule(t testing.TB) string {
	t.Helper()
	m := llvmir.NewModule()
	m.TargetTriple, m.DataLayout = TargetTriple, DataLayout
	seen := map[string]bool{}
	for _, v := range []string{V3, V4} {
		for _, s := range convTestSpecs() {
			if seen[convName(s, v)] {
				continue
			}
			seen[convName(s, v)] = true
			if err := EmitConv(m, convName(s, v), s, v); err != nil {
				t.Fatal(err)
			}
		}
		if err := EmitShift(m, "seqc_shiftt"+VariantSuffix(v), v); err != nil {
			t.Fatal(err)
		}
	}
	return m.String()
}

var convLib struct {
	once sync.Once
	lib  *native.Library
}

func convTestLib(t testing.TB) *native.Library {
	t.Helper()
	requireJIT(t)
	convLib.once.Do(func() { convLib.lib = selLoad(t, convModule(t)) })
	if convLib.lib == nil {
		t.Fatal("conv test library failed to build (see the first test that built it)")
	}
	return convLib.lib
}

func convFn(t testing.TB, name string) native.Fn {
	t.Helper()
	fn, err := convTestLib(t).Func(name)
	if err != nil {
		t.Fatal(err)
	}
	return fn
}

// convActs are the activations in float64, from their definitions.
var convActs = map[string]func(float64) float64{
	"":        func(x float64) float64 { return x },
	"silu":    func(x float64) float64 { return x / (1 + math.Exp(-x)) },
	"sigmoid": func(x float64) float64 { return 1 / (1 + math.Exp(-x)) },
	"tanh":    math.Tanh,
	"relu":    func(x float64) float64 { return math.Max(x, 0) },
	"softplus": func(x float64) float64 {
		if x > 20 {
			return x
		}
		return math.Log1p(math.Exp(x))
	},
	"gelu":      func(x float64) float64 { return 0.5 * x * (1 + math.Erf(x/math.Sqrt2)) },
	"gelu_tanh": func(x float64) float64 { return 0.5 * x * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(x+0.044715*x*x*x))) },
}

// convReference is the convolution from its definition in float64: the
// pre-activation sum, the output, and the sum of the terms' magnitudes.
func convReference(s ConvSpec, a *ConvArgs) (y, mag []float64) {
	lout := a.Lout(s.W)
	y, mag = make([]float64, a.B*lout*a.C), make([]float64, a.B*lout*a.C)
	for b := 0; b < a.B; b++ {
		for t := 0; t < lout; t++ {
			for c := 0; c < a.C; c++ {
				acc, m := 0.0, 0.0
				if s.Bias {
					acc, m = float64(a.Bias[c]), math.Abs(float64(a.Bias[c]))
				}
				for k := 0; k < s.W; k++ {
					r := t - a.PL + k
					var x float64
					switch {
					case r >= 0 && r < a.Lin:
						x = float64(a.X[(b*a.Lin+r)*a.C+c])
					case r < 0 && a.Prefix != nil:
						x = float64(a.Prefix[(b*a.PL+a.PL+r)*a.C+c])
					default:
						continue
					}
					acc += float64(a.W[c*s.W+k]) * x
					m += math.Abs(float64(a.W[c*s.W+k]) * x)
				}
				i := (b*lout+t)*a.C + c
				y[i], mag[i] = convActs[s.Act](acc), m
			}
		}
	}
	return y, mag
}

func convRandom(rng *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(rng.NormFloat64())
	}
	return v
}

func newConvArgs(rng *rand.Rand, s ConvSpec, B, Lin, C, PL, PR int, prefix bool) *ConvArgs {
	a := &ConvArgs{B: B, Lin: Lin, C: C, PL: PL, PR: PR, X: convRandom(rng, B*Lin*C), W: convRandom(rng, C*s.W)}
	if s.Bias {
		a.Bias = convRandom(rng, C)
	}
	if prefix {
		a.Prefix = convRandom(rng, B*PL*C)
	}
	a.Y = make([]float32, B*max(a.Lout(s.W), 0)*C)
	for i := range a.Y {
		a.Y[i] = float32(math.NaN()) // must be overwritten
	}
	return a
}

// TestConvMatchesReference compares every test kernel with the float64
// definition over shapes with and without lane tails, paddings causal,
// "same" and asymmetric, lengths shorter than the kernel, with and without
// a prefix, within a few float32 ulps of the terms' magnitude (the sum
// rounds once per tap; the activations are within 3 ulp).
func TestConvMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, v := range selVariants() {
		worst := 0.0
		for _, s := range convTestSpecs() {
			fn := convFn(t, convName(s, v))
			for _, C := range []int{1, 5, 16, 17, 40} {
				for _, pad := range [][2]int{{s.W - 1, 0}, {s.W / 2, s.W / 2}, {0, 0}, {1, 2}} {
					for _, L := range []int{0, 1, 3, 150, 300} {
						for _, prefix := range []bool{false, true} {
							if prefix && pad[0] == 0 || s.W-1 > L+pad[0]+pad[1] {
								continue
							}
							a := newConvArgs(rng, s, 2, L, C, pad[0], pad[1], prefix)
							if err := RunConv(fn, s, v, 1, a); err != nil {
								t.Fatal(err)
							}
							want, mag := convReference(s, a)
							for i, g := range a.Y {
								// The activation's slope is at most ~1.1
								// (gelu); 8 ulp of the magnitude covers the
								// W roundings of the sum and the
								// activation's own few ulp.
								tol := 8*0x1p-24*(mag[i]+math.Abs(want[i])) + 1e-30
								err := math.Abs(float64(g) - want[i])
								if !(err <= tol) {
									t.Fatalf("%s %+v C=%d pad=%v L=%d prefix=%v: y[%d] = %g, want %g", v, s, C, pad, L, prefix, i, g, want[i])
								}
								worst = math.Max(worst, err/(0x1p-24*(mag[i]+math.Abs(want[i]))+1e-30))
							}
						}
					}
				}
			}
		}
		t.Logf("%s: worst error %.2f ε·magnitude", v, worst)
	}
}

// TestConvSkipsPadding: a padded tap is skipped, not multiplied by zero,
// so an infinite weight on it leaves the output finite, as in the
// interpreter.
func TestConvSkipsPadding(t *testing.T) {
	s := ConvSpec{W: 4}
	for _, v := range selVariants() {
		fn := convFn(t, convName(s, v))
		a := &ConvArgs{B: 1, Lin: 4, C: 1, PL: 3, X: []float32{1, 2, 3, 4}, W: []float32{float32(math.Inf(1)), 1, 1, 1}, Y: make([]float32, 4)}
		if err := RunConv(fn, s, v, 1, a); err != nil {
			t.Fatal(err)
		}
		if a.Y[0] != 1 || a.Y[1] != 3 || a.Y[2] != 6 || !math.IsInf(float64(a.Y[3]), 1) {
			t.Errorf("%s: y = %v, want [1 3 6 +Inf]", v, a.Y)
		}
	}
}

// TestConvThreads: 1, 2 and 3 goroutines give the same bits, in long runs
// (split by time chunks) and short ones (split by channel groups).
func TestConvThreads(t *testing.T) {
	defer func(w int) { runtime.MinWorkPerThread = w }(runtime.MinWorkPerThread)
	runtime.MinWorkPerThread = 1
	rng := rand.New(rand.NewSource(2))
	s := ConvSpec{W: 4, Bias: true, Act: "silu"}
	for _, v := range selVariants() {
		fn := convFn(t, convName(s, v))
		for _, sh := range [][3]int{{2, 700, 40}, {1, 1, 200}, {3, 2, 97}} {
			a := newConvArgs(rng, s, sh[0], sh[1], sh[2], 3, 0, true)
			if err := RunConv(fn, s, v, 1, a); err != nil {
				t.Fatal(err)
			}
			y1 := append([]float32(nil), a.Y...)
			for _, th := range []int{2, 3} {
				if err := RunConv(fn, s, v, th, a); err != nil {
					t.Fatal(err)
				}
				for i := range y1 {
					if math.Float32bits(y1[i]) != math.Float32bits(a.Y[i]) {
						t.Fatalf("%s %v threads=%d: y[%d] = %g, threads=1 gives %g", v, sh, th, i, a.Y[i], y1[i])
					}
				}
			}
		}
	}
}

func TestConvRejects(t *testing.T) {
	m := llvmir.NewModule()
	for _, s := range []ConvSpec{{W: 0}, {W: ConvMaxW + 1}, {W: 2, Act: "nope"}} {
		if err := EmitConv(m, "k", s, V4); err == nil {
			t.Errorf("EmitConv(%+v) accepted", s)
		}
	}
	if err := EmitConv(m, "k", ConvSpec{W: 2}, "x86-64"); err == nil {
		t.Error("unknown variant accepted")
	}
	s := ConvSpec{W: 2}
	if err := EmitConv(m, "k", s, V3); err != nil {
		t.Fatal(err)
	}
	if err := EmitConv(m, "k", s, V3); err == nil {
		t.Error("a second kernel with the same name was accepted")
	}
}

// TestShiftMatchesDefinition checks the shift bit for bit against its
// definition over the window rows followed by x: y the first size rows,
// the new window the last n; with and without a window, n below, at and
// above size, rows with and without lane tails, NaN payloads included.
func TestShiftMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	randWords := func(n int) []uint32 {
		v := make([]uint32, n)
		for i := range v {
			v[i] = rng.Uint32() // any bits: NaN payloads must survive
		}
		return v
	}
	ptr := func(v []uint32) unsafe.Pointer {
		if len(v) == 0 {
			return nil
		}
		return unsafe.Pointer(&v[0])
	}
	for _, v := range selVariants() {
		fn := convFn(t, "seqc_shiftt"+VariantSuffix(v))
		for _, outer := range []int{1, 3} {
			for _, size := range []int{0, 1, 2, 5, 40} {
				for _, inner := range []int{1, 7, 16, 35} {
					for _, n := range []int{0, 1, 2, 6} {
						for _, win := range []bool{false, true} {
							x, y := randWords(outer*size*inner), randWords(outer*size*inner)
							var w, nw []uint32
							if win {
								w, nw = randWords(outer*n*inner), randWords(outer*n*inner)
							}
							a := &ShiftArgs{Outer: outer, Size: size, Inner: inner, N: n, X: ptr(x), Y: ptr(y), Win: ptr(w), NewWin: ptr(nw)}
							if err := RunShift(fn, 2, a); err != nil {
								t.Fatal(err)
							}
							for o := 0; o < outer; o++ {
								src := make([]uint32, 0, (n+size)*inner)
								if win {
									src = append(src, w[o*n*inner:(o+1)*n*inner]...)
								} else {
									src = append(src, make([]uint32, n*inner)...)
								}
								src = append(src, x[o*size*inner:(o+1)*size*inner]...)
								name := fmt.Sprintf("%s outer=%d size=%d inner=%d n=%d win=%v", v, outer, size, inner, n, win)
								for i, want := range src[:size*inner] {
									if got := y[o*size*inner+i]; got != want {
										t.Fatalf("%s: y[%d][%d] = %#x, want %#x", name, o, i, got, want)
									}
								}
								if win {
									for i, want := range src[size*inner:] {
										if got := nw[o*n*inner+i]; got != want {
											t.Fatalf("%s: new window[%d][%d] = %#x, want %#x", name, o, i, got, want)
										}
									}
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestConvSiLUSpecials runs the fused silu over special and extreme
// inputs (through a 1-tap identity conv): NaN stays NaN, silu(+Inf) = +Inf,
// silu(-Inf) = NaN (-Inf·0, as the interpreter's x·sigmoid(x) gives), far
// below zero -0 or a tiny value, and everything else within a few ulp of
// the float64 definition, plus |x|·2^-23 relative where silu(x) ≪ |x|
// (the rounding of the exponent's argument).
func TestConvSiLUSpecials(t *testing.T) {
	s := ConvSpec{W: 1, Bias: true, Act: "silu"}
	var x []float32
	for v := -120.0; v <= 120; v += 0.173 {
		x = append(x, float32(v))
	}
	inf := float32(math.Inf(1))
	x = append(x, 0, float32(math.Copysign(0, -1)), 1e-30, -1e-30, 1e-45, 3e38, -3e38, inf, -inf, float32(math.NaN()))
	for _, v := range selVariants() {
		fn := convFn(t, convName(s, v))
		a := &ConvArgs{B: 1, Lin: len(x), C: 1, X: x, W: []float32{1}, Bias: []float32{0}, Y: make([]float32, len(x))}
		if err := RunConv(fn, s, v, 1, a); err != nil {
			t.Fatal(err)
		}
		for i, xv := range x {
			got, xf := float64(a.Y[i]), float64(xv)
			want := xf / (1 + math.Exp(-xf))
			switch {
			case math.IsNaN(xf) || math.IsInf(xf, -1):
				if !math.IsNaN(got) {
					t.Errorf("%s: silu(%g) = %g, want NaN", v, xf, got)
				}
			case math.IsInf(xf, 1):
				if !math.IsInf(got, 1) {
					t.Errorf("%s: silu(+Inf) = %g", v, got)
				}
			case xf < -80:
				if math.Abs(got) > 1e-30 {
					t.Errorf("%s: silu(%g) = %g, want ~0", v, xf, got)
				}
			default:
				bound := (4 + 2*math.Abs(xf)) * 0x1p-24 * math.Abs(want)
				if math.Abs(got-want) > bound+1e-44 {
					t.Errorf("%s: silu(%g) = %g, want %g", v, xf, got, want)
				}
			}
		}
	}
}
