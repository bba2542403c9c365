package llvm

import (
	"math"

	"github.com/seqc-dev/seqc/internal/mathf"

	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"
)

// Polynomial approximations, emitted inline so that no libm call remains.
// The coefficients are float32 roundings of weighted minimax fits (Lawson
// iteration over dense Chebyshev grids, in float64) of the functions named
// below; with float32 coefficients each fit's own relative error is under 0.15
// ulp of float32 (TestPolynomialFits).

// exp(r) ≈ 1 + r + r²·P(r) on |r| ≤ ln2/2: the exp of internal/mathf, which
// the interpreter's kernels call, so both compute e^x with one algorithm and
// one set of constants.
var expP = []float32{mathf.ExpP0, mathf.ExpP1, mathf.ExpP2, mathf.ExpP3, mathf.ExpP4}

// log1p(t) ≈ w·Q(w²) with w = 2t/(2+t), for t in [0, 1] (w ≤ 2/3): Q is the
// series of 2·atanh(w/2)/w.
var log1pQ = []float32{1.0000000040e+00, 8.3332893165e-02, 1.2507786996e-02, 2.1844114517e-03, 5.5037177943e-04}

// tanh(x) ≈ x + x³·T(x²) for |x| < tanhSmall.
var tanhT = []float32{-3.3333281942e-01, 1.3331442197e-01, -5.3739714984e-02, 2.0639086904e-02, -5.7049866024e-03}

const (
	tanhSmall = 0.625

	// exp's argument is clamped to [expLo, expHi] before range reduction
	// (internal/mathf says why the clamp changes no result).
	expLo = mathf.ExpLo
	expHi = mathf.ExpHi

	log2e = mathf.Log2E
	ln2Hi = mathf.Ln2Hi
	ln2Lo = mathf.Ln2Lo

	// shifter is 1.5·2^23: adding it to |v| < 2^22 rounds v to an integer
	// that then sits in the low mantissa bits.
	shifter     = mathf.Shifter
	shifterBits = mathf.ShifterBits

	softplusThreshold = 20 // PyTorch's: softplus(x) = x above it
	siluZeroBelow     = expLo
)

// expParts returns p, s1 and s2 with exp(x) ≈ p·s1·s2, where p = exp(r) for the
// reduced argument |r| ≤ ln2/2 and s1·s2 = 2^k is split into two normal powers
// of two. Multiplying p·s1 is exact; the final ·s2 then rounds once, which
// gives correctly scaled subnormal results and overflows to +Inf on its own.
// NaN propagates through p.
func (g *bld) expParts(x llvalue.Value) (p, s1, s2 llvalue.Value) {
	xc := g.sel(g.cmp(llenum.FPredOLT, x, g.f(expLo)), g.f(expLo), x)
	xc = g.sel(g.cmp(llenum.FPredOGT, xc, g.f(expHi)), g.f(expHi), xc)
	z := g.fma(xc, g.f(log2e), g.f(shifter)) // round(x/ln2) + shifter
	kf := g.sub(z, g.f(shifter))
	r := g.fma(kf, g.f(-ln2Hi), xc)
	r = g.fma(kf, g.f(-ln2Lo), r)
	q := g.poly(r, expP...)
	p = g.add(g.fma(q, g.mul(r, r), r), g.f(1))
	k := g.isub(g.bits(z), g.i(shifterBits))
	k1 := g.ashr(k, g.i(1))
	k2 := g.isub(k, k1)
	s1 = g.float(g.shl(g.iadd(k1, g.i(127)), g.i(23)))
	s2 = g.float(g.shl(g.iadd(k2, g.i(127)), g.i(23)))
	return p, s1, s2
}

// exp computes e^x: +Inf above ~88.72, +0 (through subnormals) below ~-103.97.
func (g *bld) exp(x llvalue.Value) llvalue.Value {
	p, s1, s2 := g.expParts(x)
	return g.mul(g.mul(p, s1), s2)
}

// logistic returns, for e = exp(-|x|) = p·s1·s2, the shared pieces of sigmoid
// and silu: the denominator 1+e, whether x < 0, p·s1 and s2.
func (g *bld) logistic(x llvalue.Value) (den, neg, ps1, s2 llvalue.Value) {
	p, s1, s2 := g.expParts(g.neg(g.abs(x)))
	ps1 = g.mul(p, s1)
	den = g.add(g.f(1), g.mul(ps1, s2))
	neg = g.cmp(llenum.FPredOLT, x, g.f(0))
	return den, neg, ps1, s2
}

// sigmoid computes 1/(1+e^-x) as 1/(1+e) for x ≥ 0 and e/(1+e) for x < 0,
// with e = exp(-|x|) ≤ 1, so nothing overflows; the e/(1+e) branch applies
// the last power of two after dividing, keeping subnormal results accurate.
func (g *bld) sigmoid(x llvalue.Value) llvalue.Value {
	den, neg, ps1, s2 := g.logistic(x)
	num := g.sel(neg, ps1, g.f(1))
	sc := g.sel(neg, s2, g.f(1))
	return g.mul(g.div(num, den), sc)
}

// silu computes x·sigmoid(x) the same way as sigmoid, scaling x·e rather than
// e. Like x·sigmoid(x) in float64 (the interpreter's definition), it gives -0
// far below zero and NaN at -Inf (-Inf·0).
func (g *bld) silu(x llvalue.Value) llvalue.Value {
	den, neg, ps1, s2 := g.logistic(x)
	num := g.sel(neg, g.mul(x, ps1), x)
	sc := g.sel(neg, s2, g.f(1))
	r := g.mul(g.div(num, den), sc)
	r = g.sel(g.cmp(llenum.FPredOLT, x, g.f(siluZeroBelow)), g.f(float32(math.Copysign(0, -1))), r)
	return g.sel(g.cmp(llenum.FPredOEQ, x, g.f(float32(math.Inf(-1)))), g.f(float32(math.NaN())), r)
}

// tanh uses an odd polynomial for |x| < tanhSmall and
// sign(x)·(1 - 2/(e^{2|x|}+1)) above it, which saturates to ±1 as e^{2|x|}
// overflows.
func (g *bld) tanh(x llvalue.Value) llvalue.Value {
	ax := g.abs(x)
	e := g.exp(g.add(ax, ax))
	big := g.sub(g.f(1), g.div(g.f(2), g.add(e, g.f(1))))
	big = g.float(g.ior(g.bits(big), g.iand(g.bits(x), g.i(math.MinInt32))))
	x2 := g.mul(x, x)
	small := g.fma(g.mul(x, x2), g.poly(x2, tanhT...), x)
	return g.sel(g.cmp(llenum.FPredOLT, ax, g.f(tanhSmall)), small, big)
}

// softplus computes log(1+e^x) as max(x,0) + log1p(exp(-|x|)), and x itself
// above softplusThreshold as PyTorch does.
func (g *bld) softplus(x llvalue.Value) llvalue.Value {
	t := g.exp(g.neg(g.abs(x))) // in [0, 1]
	// w = 2t/(2+t), with the rounding error of 2+t (exact by Fast2Sum) and
	// of the quotient (exact by fma) folded back in: w is then within about
	// half an ulp, where a plain division would be about an ulp off.
	d := g.add(t, g.f(2))
	dl := g.sub(t, g.sub(d, g.f(2)))
	tt := g.add(t, t)
	w0 := g.div(tt, d)
	rem := g.fma(g.neg(w0), d, tt)
	rem = g.fma(g.neg(w0), dl, rem)
	w := g.add(w0, g.div(rem, d))
	l := g.mul(w, g.poly(g.mul(w, w), log1pQ...))
	mx := g.sel(g.cmp(llenum.FPredOGT, x, g.f(0)), x, g.f(0))
	r := g.add(mx, l)
	return g.sel(g.cmp(llenum.FPredOGT, x, g.f(softplusThreshold)), x, r)
}

// GELU (exact, erf form) is x·Φ(x), Φ the standard normal CDF. With
// a = |x| and Q(a) = Φ(-a), gelu(x) = x - a·Q(a) for x ≥ 0 and -a·Q(a) for
// x < 0: neither form cancels, so the small tails keep their relative
// accuracy (unlike 0.5·x·(1+erf(x/√2)), which loses every digit below
// x ≈ -5 in float32). Two approximations, both our own fits like the ones
// above (checked by TestGELUPolynomialFits):
//
//   - |x| < geluSmall: Φ(x) - 1/2 = x·S(x²).
//   - otherwise: a·Q(a) = exp(-a²/2)·G(t) with t = geluK/(geluK+a), where
//     G(t) = a·Q(a)·exp(a²/2) is nearly flat (0.26 to 0.40), evaluated in
//     u = geluA·t + geluB ∈ [-1, 1] for a in [geluSmall, geluClamp].

// S(u) ≈ (Φ(√u) - 1/2)/√u on u in [0, geluSmall²].
var geluS = []float32{3.9894229174e-01, -6.6490381956e-02, 9.9735315889e-03, -1.1871381430e-03, 1.1477862427e-04, -8.3885888671e-06}

// G ≈ a·Φ(-a)·exp(a²/2) as a polynomial in u.
var geluG = []float32{3.6850425601e-01, -6.3588231802e-02, -5.2699089050e-02, -2.2573146969e-02, -4.8167849891e-03,
	8.8681263151e-05, 2.6472806348e-04, 8.9598916020e-06, -1.4910431673e-05, -1.2869766408e-07}

const (
	geluSmall = 0.75
	geluK     = 3
	geluA     = 3.1355931759e+00
	geluB     = -1.5084745884e+00
	// a·Q(a) underflows float32 from a ≈ 14.2 on; clamping a at geluClamp
	// keeps a² finite (no Inf - Inf in its error term).
	geluClamp = 15.5
	// Above geluBig, Q(x) < 2^-70 and x·Φ(x) rounds to x; returning x also
	// keeps +Inf.
	geluBig = 10

	// gelu_tanh's z = 2·√(2/π)·(x + 0.044715·x³) (see geluTanh).
	geluTanhC1 = 1.5957691216057307117597842397375 // 2·√(2/π)
	geluTanhC3 = geluTanhC1 * 0.044715
	// Below geluTanhLo the result underflows to -0 (σ(z) < 2^-200); the clamp
	// keeps x³ finite.
	geluTanhLo = -20
)

// geluTanhSplit are geluTanhC1 and geluTanhC3 as float32 hi + lo pairs.
var geluTanhSplit = func() [4]float32 {
	h1, h3 := float32(geluTanhC1), float32(geluTanhC3)
	return [4]float32{h1, float32(geluTanhC1 - float64(h1)), h3, float32(geluTanhC3 - float64(h3))}
}()

// gelu computes x·Φ(x) (PyTorch's gelu with approximate="none"): -0 far below
// zero, NaN at -Inf (-Inf·0, like the interpreter's float64 formula).
func (g *bld) gelu(x llvalue.Value) llvalue.Value {
	a := g.abs(x)
	// |x| < geluSmall: x·Φ(x) = x·(1/2 + h), one rounding after h.
	h := g.mul(x, g.poly(g.mul(x, x), geluS...))
	small := g.fma(x, h, g.mul(x, g.f(0.5)))
	// a·Q(a) = exp(-a²/2)·G(t). a² = hh + l exactly; exp(-l/2) ≈ 1 - l/2
	// restores the part of a² that float32 drops (up to 2^-18 relative at
	// a = 14, i.e. 64 ulp of the result). The last power of two (s2) is
	// applied last so that subnormal results round once.
	ac := g.sel(g.cmp(llenum.FPredOGT, a, g.f(geluClamp)), g.f(geluClamp), a)
	hh := g.mul(ac, ac)
	l := g.fma(ac, ac, g.neg(hh))
	p, s1, s2 := g.expParts(g.mul(hh, g.f(-0.5)))
	e := g.mul(p, s1)
	e = g.fma(e, g.mul(l, g.f(-0.5)), e)
	t := g.div(g.f(geluK), g.add(ac, g.f(geluK)))
	q := g.mul(g.mul(e, g.poly(g.fma(t, g.f(geluA), g.f(geluB)), geluG...)), s2)
	large := g.sel(g.cmp(llenum.FPredOLT, x, g.f(0)), g.neg(q), g.sub(x, q))
	r := g.sel(g.cmp(llenum.FPredOLT, a, g.f(geluSmall)), small, large)
	r = g.sel(g.cmp(llenum.FPredOGT, x, g.f(geluBig)), x, r)
	return g.sel(g.cmp(llenum.FPredOEQ, x, g.f(float32(math.Inf(-1)))), g.f(float32(math.NaN())), r)
}

// geluTanh computes PyTorch's gelu with approximate="tanh",
// 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), as the identical x·σ(z) with
// z = 2·√(2/π)·(x + 0.044715·x³), which does not cancel for negative x.
// σ(z) for z ≪ 0 is about e^z, so an error of δ in z becomes a relative
// error of |z|·δ: z is carried as a float32 pair zh + zl (products split
// exactly with fma), and σ(zh + zl) = σ(zh)·(1 + (1 - σ(zh))·zl) to first
// order. Like gelu it gives -0 far below zero and NaN at -Inf.
func (g *bld) geluTanh(x llvalue.Value) llvalue.Value {
	c := geluTanhSplit
	xc := g.sel(g.cmp(llenum.FPredOLT, x, g.f(geluTanhLo)), g.f(geluTanhLo), x)
	xc = g.sel(g.cmp(llenum.FPredOGT, xc, g.f(geluBig)), g.f(geluBig), xc)
	x2h := g.mul(xc, xc)
	x2l := g.fma(xc, xc, g.neg(x2h))
	x3h := g.mul(x2h, xc)
	x3l := g.fma(x2l, xc, g.fma(x2h, xc, g.neg(x3h)))
	p1h := g.mul(g.f(c[0]), xc)
	p1l := g.fma(g.f(c[1]), xc, g.fma(g.f(c[0]), xc, g.neg(p1h)))
	p3h := g.mul(g.f(c[2]), x3h)
	p3l := g.fma(g.f(c[3]), x3h, g.fma(g.f(c[2]), x3l, g.fma(g.f(c[2]), x3h, g.neg(p3h))))
	// Two-sum of the high parts (either may be the larger).
	zh := g.add(p1h, p3h)
	bv := g.sub(zh, p1h)
	zl := g.add(g.add(g.sub(p1h, g.sub(zh, bv)), g.sub(p3h, bv)), g.add(p1l, p3l))
	// σ(zh) as sigmoid computes it, keeping its last power of two (sc) for
	// the very end so that subnormal results round once.
	den, neg, ps1, s2 := g.logistic(zh)
	sc := g.sel(neg, s2, g.f(1))
	sg0 := g.div(g.sel(neg, ps1, g.f(1)), den)
	sg := g.mul(sg0, sc)
	r := g.mul(g.mul(xc, g.fma(sg0, g.mul(g.sub(g.f(1), sg), zl), sg0)), sc)
	r = g.sel(g.cmp(llenum.FPredOGT, x, g.f(geluBig)), x, r)
	return g.sel(g.cmp(llenum.FPredOEQ, x, g.f(float32(math.Inf(-1)))), g.f(float32(math.NaN())), r)
}
