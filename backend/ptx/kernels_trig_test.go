package ptx

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/seqc-dev/seqc/backend/llvm"
)

// sin, cos and log's kernels (llvm.ScalarMath: an exact argument reduction
// for sin and cos, the LLVM backend's float64 log), emulated, against Go's
// float64 math rounded once to float32 — the interpreter's definition,
// computed here, never by the code under test.

// trigDefs are the three unary kernels under test.
func trigDefs() []kernelDef {
	var defs []kernelDef
	for _, op := range []string{"sin", "cos", "log"} {
		name, op := "t_u_"+op, op
		defs = append(defs, kernelDef{unarySpec(name), func(t Target, m *Module) error { return EmitUnary(t, m, name, op) }})
	}
	return defs
}

// ulpOrd maps a float32 to an integer that counts ulps monotonically
// (−0 and +0 both 0).
func ulpOrd(v float32) int64 {
	b := math.Float32bits(v)
	if b&0x80000000 != 0 {
		return -int64(b & 0x7fffffff)
	}
	return int64(b)
}

// ulpDist is the number of float32 steps between a and b: 0 when both are
// NaN, MaxInt64 when only one is.
func ulpDist(a, b float32) int64 {
	na, nb := a != a, b != b
	switch {
	case na && nb:
		return 0
	case na || nb:
		return math.MaxInt64
	}
	d := ulpOrd(a) - ulpOrd(b)
	if d < 0 {
		d = -d
	}
	return d
}

// trigHard are float32s nearest a multiple of π/2 relative to their size:
// the three smallest |x·2/π − k| of each binade from 2^−1 to 2^127 that
// reaches below 2^−24 (found by walking every mantissa with a 128-bit
// fixed-point x·2/π mod 1; the smallest, 0x6f79be45 ≈ 7.73e28, has
// |x·2/π − k| ≈ 2^−29.9), where the reduction cancels the most bits.
var trigHard = []uint32{
	0x6f79be45, 0x50a3e87f, 0x6ff9be45, 0x5123e87f, 0x437ce5f1, 0x7079be45, 0x6a1976f1, 0x53b146a6,
	0x65898498, 0x51a3e87f, 0x43fce5f1, 0x77584625, 0x4c2332e9, 0x4096cbe4, 0x6c55da58, 0x70f9be45,
	0x6a9976f1, 0x5c07bcd0, 0x543146a6, 0x66098498, 0x5223e87f, 0x474d246f, 0x723fa09a, 0x447ce5f1,
	0x4a2562ae,
}

// trigInputs are the sin and cos test inputs: random in several ranges,
// the float32s nearest kπ/2 (and their neighbours) for k up to 2^20 and
// for random larger k, huge values up to MaxFloat32, subnormals, every
// 1021st bit pattern (all exponents), the hard cases above, both signs,
// and the special values.
func trigInputs(rng *rand.Rand) []float32 {
	var xs []float32
	add := func(v float32) { xs = append(xs, v, -v) }
	for _, s := range []float64{1, math.Pi / 4, 10, 1e3, 1e5, 1e8} {
		for i := 0; i < 20000; i++ {
			add(float32(rng.Float64() * s))
		}
	}
	near := func(k float64) {
		x := float32(k * math.Pi / 2)
		for d := -2; d <= 2; d++ {
			add(math.Float32frombits(uint32(int64(math.Float32bits(x)) + int64(d))))
		}
	}
	for k := 1; k <= 1<<20; k += 1 + k/4096 {
		near(float64(k))
	}
	for i := 0; i < 20000; i++ {
		near(math.Round(math.Exp2(20 + 20*rng.Float64())))
	}
	for i := 0; i < 50000; i++ {
		add(float32(math.Exp2(math.Log2(1e10) + rng.Float64()*(128-math.Log2(1e10)))))
	}
	for _, v := range []float32{1e10, 1e20, 1e30, 1e38, 3.4e38, math.MaxFloat32, 1 << 24, 1 << 25, 1 << 40, 1 << 100} {
		add(v)
		add(math.Float32frombits(math.Float32bits(v) - 1))
	}
	for i := 0; i < 2000; i++ {
		add(math.Float32frombits(1 + rng.Uint32N(0x7fffff)))
	}
	for b := uint64(0); b < 1<<32; b += 1021 {
		xs = append(xs, math.Float32frombits(uint32(b)))
	}
	for _, b := range trigHard {
		for d := -1; d <= 1; d++ {
			add(math.Float32frombits(uint32(int64(b) + int64(d))))
		}
	}
	inf := float32(math.Inf(1))
	return append(xs, 0, float32(math.Copysign(0, -1)), math.SmallestNonzeroFloat32, 0x1p-126, inf, -inf, float32(math.NaN()))
}

// logInputs are log's: random positives over every exponent, values near 1,
// subnormals, every 1021st bit pattern (negatives and NaNs among them),
// ±0, ±Inf, NaN.
func logInputs(rng *rand.Rand) []float32 {
	var xs []float32
	for i := 0; i < 200000; i++ {
		xs = append(xs, math.Float32frombits(rng.Uint32N(0x7f800000)))
	}
	for i := 0; i < 20000; i++ {
		xs = append(xs, 1+float32(rng.NormFloat64()*1e-3), math.Float32frombits(0x3f800000+uint32(i)-10000))
	}
	for i := 0; i < 5000; i++ {
		xs = append(xs, math.Float32frombits(1+rng.Uint32N(0x7fffff)), -rng.Float32()*100)
	}
	for b := uint64(0); b < 1<<32; b += 1021 {
		xs = append(xs, math.Float32frombits(uint32(b)))
	}
	inf := float32(math.Inf(1))
	return append(xs, 0, float32(math.Copysign(0, -1)), math.SmallestNonzeroFloat32, 0x1p-126, 1, 2, math.MaxFloat32,
		inf, -inf, float32(math.NaN()), -1)
}

// runUnary runs kernel name on x through r.
func runUnary(t *testing.T, r runner, name string, x []float32) []float32 {
	t.Helper()
	y := make([]float32, len(x))
	g, err := Grid1D(CeilDiv(len(x), elemBlock))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.launch(name, &Launch{Grid: g, Ints: []int64{int64(len(x))}, Bufs: []Buf{{x, In}, {y, Out}}, Work: len(x)}, 4); err != nil {
		t.Fatal(err)
	}
	return y
}

// ulpReport compares got with float32(f(float64(x))) per range of |x| and
// fails past maxUlp anywhere, or on a wrong signed zero.
func ulpReport(t *testing.T, op string, x, got []float32, f func(float64) float64, maxUlp int64) {
	t.Helper()
	type stat struct {
		n, off int
		worst  int64
		at     float32
	}
	bucket := func(v float32) string {
		a := math.Abs(float64(v))
		switch {
		case a != a || math.IsInf(a, 0) || a == 0:
			return "special"
		case a < 0x1p-126:
			return "subnormal"
		case a < 1:
			return "(0, 1)"
		case a < 1<<20:
			return "[1, 2^20)"
		case a < 1e10:
			return "[2^20, 1e10)"
		default:
			return "[1e10, max]"
		}
	}
	stats := map[string]*stat{}
	order := []string{"special", "subnormal", "(0, 1)", "[1, 2^20)", "[2^20, 1e10)", "[1e10, max]"}
	for _, k := range order {
		stats[k] = &stat{}
	}
	for i, v := range x {
		want := float32(f(float64(v)))
		d := ulpDist(got[i], want)
		s := stats[bucket(v)]
		s.n++
		if d != 0 {
			s.off++
		}
		if d > s.worst {
			s.worst, s.at = d, v
		}
		if d > maxUlp {
			t.Errorf("%s(%g) [%#08x] = %g [%#08x], want %g [%#08x]: %d ulps", op, v, math.Float32bits(v), got[i], math.Float32bits(got[i]),
				want, math.Float32bits(want), d)
		}
		if want == 0 && math.Float32bits(got[i]) != math.Float32bits(want) {
			t.Errorf("%s(%g) = %g, want %g (the sign of zero)", op, v, got[i], want)
		}
	}
	for _, k := range order {
		s := stats[k]
		t.Logf("%s %-13s %8d inputs, %5d not the interpreter's bits, max %d ulp (at %g)", op, k, s.n, s.off, s.worst, s.at)
	}
}

// TestTrigLogKernels: sin and cos within 1 ulp of float32(math.Sin/Cos) on
// every input (no host fallback exists on the GPU), log within 1 ulp of
// float32(math.Log).
func TestTrigLogKernels(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(31, 41))
	r := loadEmu(t, trigDefs()...)
	xs := trigInputs(rng)
	ulpReport(t, "sin", xs, runUnary(t, r, "t_u_sin", xs), math.Sin, 1)
	ulpReport(t, "cos", xs, runUnary(t, r, "t_u_cos", xs), math.Cos, 1)
	ls := logInputs(rng)
	ulpReport(t, "log", ls, runUnary(t, r, "t_u_log", ls), math.Log, 1)
}

// TestTrigLogKernelsPTX: the kernels build for nvptx64 with no .extern
// (CompilePTX checks), no approximate or flushing instruction, no local
// memory, and the float64 instructions the math is written with.
func TestTrigLogKernelsPTX(t *testing.T) {
	if _, err := llvm.LookupLLC(); err != nil {
		t.Skip(err)
	}
	for _, d := range trigDefs() {
		ptx := checkKernelPTX(t, d, false)
		needPTX(t, d, ptx, "fma.rn.f64", "cvt.rn.f32.f64")
		if d.spec.Name == "t_u_log" {
			needPTX(t, d, ptx, "div.rn.f64")
		}
	}
}
