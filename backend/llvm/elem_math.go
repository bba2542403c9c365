package llvm

import (
	"math"
	"math/big"

	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"
)

// Float64 building blocks of the elementwise kernels whose interpreter
// definitions (float64 math.Log, math.Pow, math.Sin, math.Cos, rounded once
// to float32) are cheapest to match by computing in double precision: the
// inputs are float32, so a double result with ~1e-14 relative error rounds
// to the interpreter's float32 but for inputs within 1e-14 of a rounding
// boundary. The ops are memory-bound at float32 width, so the wider
// arithmetic costs little. No libm: range reductions and elemSeries of our own.
//
// The elemSeries are Taylor/atanh elemSeries truncated where the next term is below
// 1e-13 relative on the reduced range, far below float32's 6e-8: no fitted
// coefficients are needed at this precision.

const (
	// elemShifter52 is 1.5·2^52: adding it to |v| < 2^51 rounds v to an integer
	// held in the low mantissa bits.
	elemShifter52 = 6755399441055744.0
	// elemSqrt2 is where the mantissa is halved so that it lies in
	// [√½, √2), keeping s = (m-1)/(m+1) within ±0.1716.
	elemSqrt2 = 1.41421356
	// elemSinHuge: above it the kernels flag the element and the launcher
	// computes it with math.Sin/math.Cos (the double-precision reduction
	// below is accurate up to about 2^50; float32 arguments this large have
	// no meaningful phase anyway, but the interpreter defines them).
	elemSinHuge = 1 << 40
)

// elemExpClamp bounds exp's argument: e^±200 is far outside float32's range
// in both directions, yet 2^k stays a normal double.
const elemExpClamp = 200

// elemLn2Hi and elemLn2Lo split ln 2 so that k·elemLn2Hi is exact for |k| < 2^21 and
// elemLn2Hi + elemLn2Lo is ln 2 to ~2^-85.
var elemLn2Hi, elemLn2Lo = elemSplitConst("0.693147180559945309417232121458176568075500134360255254120680009", 21)

// elemPiO2Hi and elemPiO2Lo split π/2 into two doubles (the nearest one and the
// rest): with fused multiply-adds x - k·elemPiO2Hi - k·elemPiO2Lo is then accurate
// to ~1e-16 for |k| up to 2^49.
var elemPiO2Hi, elemPiO2Lo = elemSplitConst("1.57079632679489661923132169163975144209858469968755291048747229615", 0)

// elemSplitConst returns hi, the double nearest the decimal constant s with
// its low drop mantissa bits cleared, and lo, the double nearest s - hi.
func elemSplitConst(s string, drop uint) (hi, lo float64) {
	v, _, err := big.ParseFloat(s, 10, 256, big.ToNearestEven)
	if err != nil {
		panic(err)
	}
	h, _ := v.Float64()
	hi = math.Float64frombits(math.Float64bits(h) &^ (1<<drop - 1))
	lo, _ = new(big.Float).SetPrec(256).Sub(v, big.NewFloat(hi)).Float64()
	return hi, lo
}

// elemSeries returns the Taylor coefficients 1/k! for k = from, from+step,
// ..., n of them; alternate gives them the signs -, +, -, ... (those of sin
// and cos after their first term).
func elemSeries(from, step, n int, alternate bool) []float64 {
	c := make([]float64, n)
	for i := range c {
		k := from + i*step
		f := 1.0
		for j := 2; j <= k; j++ {
			f *= float64(j)
		}
		c[i] = 1 / f
		if alternate && i%2 == 0 {
			c[i] = -c[i]
		}
	}
	return c
}

var (
	// e^r = Σ r^k/k!, k = 0..12, for |r| <= ln2/2.
	elemExpC = elemSeries(0, 1, 13, false)
	// sin r = r + r³·S(r²), S = -1/3!, 1/5!, ... (to r^15); cos r =
	// 1 + r²·C(r²), C = -1/2!, 1/4!, ... (to r^16); |r| <= π/4.
	elemSinS = elemSeries(3, 2, 7, true)
	elemCosC = elemSeries(2, 2, 8, true)
	// log m = s·(2 + s²·Q(s²)), Q = 2/3, 2/5, ..., 2/19, s = (m-1)/(m+1).
	elemLogQ = func() []float64 {
		q := make([]float64, 9)
		for i := range q {
			q[i] = 2 / float64(2*i+3)
		}
		return q
	}()
)

// logd returns ln x in double precision for float lanes x (g is the float
// builder on the same block): -Inf at ±0, NaN below zero and for NaN, +Inf
// at +Inf; subnormal inputs are scaled into the normal range first.
func (e *elemEmit) logd(g *bld, x llvalue.Value) llvalue.Value {
	d := e.dbl(g.b, g.lanes)
	sub := g.cmp(llenum.FPredOLT, x, g.f(0x1p-126))
	xs := g.sel(sub, g.mul(x, g.f(0x1p24)), x)
	bits := g.bits(xs)
	ex := g.isub(g.b.NewLShr(bits, g.i(23)), g.sel(sub, g.i(127+24), g.i(127)))
	m := g.float(g.ior(g.iand(bits, g.i(0x7fffff)), g.i(0x3f800000)))
	big := g.cmp(llenum.FPredOGT, m, g.f(elemSqrt2))
	m = g.sel(big, g.mul(m, g.f(0.5)), m)
	ex = g.sel(big, g.iadd(ex, g.i(1)), ex)
	md := d.ext(m)
	s := d.div(d.sub(md, d.c(1)), d.add(md, d.c(1)))
	s2 := d.mul(s, s)
	lm := d.mul(s, d.fma(s2, d.poly(s2, elemLogQ...), d.c(2)))
	r := d.fma(g.b.NewSIToFP(ex, d.ft), d.c(math.Ln2), lm)
	r = d.sel(g.cmp(llenum.FPredOEQ, x, g.f(0)), d.c(math.Inf(-1)), r)
	r = d.sel(g.cmp(llenum.FPredOEQ, x, g.f(float32(math.Inf(1)))), d.c(math.Inf(1)), r)
	return d.sel(g.cmp(llenum.FPredULT, x, g.f(0)), d.c(math.NaN()), r) // x < 0 or NaN
}

// expd returns e^t for double lanes t: exact to ~1e-15 relative wherever the
// result is a float32 (and well beyond), 0 and +Inf-bound values far
// outside; NaN passes through.
func (d *elemDbl) expd(t llvalue.Value) llvalue.Value {
	tc := d.sel(d.cmp(llenum.FPredOLT, t, d.c(-elemExpClamp)), d.c(-elemExpClamp), t)
	tc = d.sel(d.cmp(llenum.FPredOGT, tc, d.c(elemExpClamp)), d.c(elemExpClamp), tc)
	z := d.fma(tc, d.c(math.Log2E), d.c(elemShifter52))
	kf := d.sub(z, d.c(elemShifter52))
	r := d.fma(kf, d.c(-elemLn2Hi), tc)
	r = d.fma(kf, d.c(-elemLn2Lo), r)
	p := d.poly(r, elemExpC...)
	k := d.b.NewSub(d.bits(z), d.bits(d.c(elemShifter52)))
	scale := d.float(d.b.NewShl(d.b.NewAdd(k, d.ci(1023)), d.ci(52)))
	return d.mul(p, scale)
}

// sincosd returns sin x or cos x (cos when wantCos) in double precision for
// float lanes x, and the lanes whose |x| exceeds elemSinHuge (or is infinite),
// which the caller must recompute.
func (e *elemEmit) sincosd(g *bld, x llvalue.Value, wantCos bool) (r, huge llvalue.Value) {
	d := e.dbl(g.b, g.lanes)
	xd := d.ext(x)
	z := d.fma(xd, d.c(2/math.Pi), d.c(elemShifter52))
	kf := d.sub(z, d.c(elemShifter52))
	red := d.fma(kf, d.c(-elemPiO2Hi), xd)
	red = d.fma(kf, d.c(-elemPiO2Lo), red)
	q := d.b.NewSub(d.bits(z), d.bits(d.c(elemShifter52)))
	huge = g.cmp(llenum.FPredOGT, g.abs(x), g.f(elemSinHuge))
	return d.sinCosQuadrant(red, q, wantCos), huge
}

// sinCosQuadrant is sin or cos (wantCos) of r + q·π/2 for double lanes r,
// |r| ≤ π/4, and integer lanes q: the polynomials of sin r and cos r, the
// quadrant's parity picking one and its second bit the sign.
func (d *elemDbl) sinCosQuadrant(r, q llvalue.Value, wantCos bool) llvalue.Value {
	r2 := d.mul(r, r)
	sn := d.fma(d.mul(r, r2), d.poly(r2, elemSinS...), r)
	sn = d.sel(d.cmp(llenum.FPredOEQ, r, d.c(0)), r, sn) // sin(-0) = -0
	cs := d.fma(r2, d.poly(r2, elemCosC...), d.c(1))
	if wantCos {
		q = d.b.NewAdd(q, d.ci(1)) // cos x = sin(x + π/2)
	}
	odd := d.b.NewICmp(llenum.IPredNE, d.b.NewAnd(q, d.ci(1)), d.ci(0))
	neg := d.b.NewICmp(llenum.IPredNE, d.b.NewAnd(q, d.ci(2)), d.ci(0))
	v := d.sel(odd, cs, sn)
	return d.sel(neg, d.b.NewFNeg(v), v)
}

// powd is the interpreter's pow (Go's math.Pow on float64 operands,
// rounded to float32) for float lanes x and y, special cases included,
// returned as float lanes.
func (e *elemEmit) powd(g *bld, x, y llvalue.Value) llvalue.Value {
	d := e.dbl(g.b, g.lanes)
	xd, yd := d.ext(x), d.ext(y)
	ax := g.abs(x)
	r := d.expd(d.mul(yd, e.logd(g, ax)))
	r = d.sel(g.cmp(llenum.FPredOEQ, ax, g.f(1)), d.c(1), r) // ±1 to ±Inf (x = -1 with odd y below)
	// y is an integer below 2^24 (beyond it every float is an even integer).
	small := g.cmp(llenum.FPredOLT, g.abs(y), g.f(1<<24))
	yi := g.b.NewFPToSI(g.sel(small, y, g.f(0)), g.it)
	isInt := g.cmp(llenum.FPredOEQ, g.b.NewSIToFP(yi, g.ft), y)
	odd := g.b.NewAnd(g.b.NewAnd(small, isInt), g.b.NewICmp(llenum.IPredNE, g.iand(yi, g.i(1)), g.i(0)))
	nonInt := g.b.NewAnd(small, g.cmp(llenum.FPredUNE, g.b.NewSIToFP(yi, g.ft), y))
	signed := g.b.NewICmp(llenum.IPredSLT, g.bits(x), g.i(0))
	r = d.sel(g.b.NewAnd(signed, odd), d.b.NewFNeg(r), r)
	// x > 0 finite and y = ±1/2: Go takes Sqrt(x) and 1/Sqrt(x).
	fin := g.cmp(llenum.FPredOLT, ax, g.f(float32(math.Inf(1))))
	pos := g.b.NewAnd(g.cmp(llenum.FPredOGT, x, g.f(0)), fin)
	sq := d.sqrt(xd)
	r = d.sel(g.b.NewAnd(pos, g.cmp(llenum.FPredOEQ, y, g.f(0.5))), sq, r)
	r = d.sel(g.b.NewAnd(pos, g.cmp(llenum.FPredOEQ, y, g.f(-0.5))), d.div(d.c(1), sq), r)
	// Finite x < 0 with finite non-integer y.
	negFin := g.b.NewAnd(g.cmp(llenum.FPredOLT, x, g.f(0)), fin)
	r = d.sel(g.b.NewAnd(negFin, nonInt), d.c(math.NaN()), r)
	r = d.sel(g.cmp(llenum.FPredUNO, x, y), d.c(math.NaN()), r)
	r = d.sel(g.cmp(llenum.FPredOEQ, y, g.f(1)), xd, r)
	one := g.b.NewOr(g.cmp(llenum.FPredOEQ, x, g.f(1)), g.cmp(llenum.FPredOEQ, y, g.f(0)))
	r = d.sel(one, d.c(1), r)
	return d.trunc(r)
}
