package llvm

import (
	"math"
	"math/big"

	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// sin and cos for the GPU (ScalarMath): the CPU kernels' sincosd reduces
// with a two-part π/2 and flags |x| > elemSinHuge for the launcher to
// recompute on the host, which a GPU kernel cannot do cheaply (its results
// stay on the device). Here the reduction is exact for every finite
// float32 instead (Payne–Hanek), so no element needs a fallback:
//
// |x| = m·2^e with m < 2^24 an integer. 2/π = Σ_j c_j·2^(−24(j+1)) with
// 24-bit integer chunks c_j, so |x|·2/π = Σ_j m·c_j·2^(e−24j−24), every
// product m·c_j below 2^48: exact in float64, and so is each term (a power
// of two times it). Terms whose scale e−24j−24 is ≥ 2 are multiples of 4
// and drop out (the quadrant only needs |x|·2/π mod 4); the first kept
// chunk is j0 = max(e−2, 0)/24, its scale s = e−24·j0−24 ≤ 1. Six terms
// T0..T5 are kept: what the rest adds is below m·2^(s−120) ≤ 2^(s−96).
// T0, T1 and T2 (below 2^49, 2^25 and 2 respectively) each lose their
// nearest integer exactly; the three fractions are added with TwoSum
// (exact), T3..T5 and the TwoSum errors into a low part, and the
// renormalised high part loses its nearest integer again. The fraction f
// (|f| ≤ ½ + tiny) then has an absolute error below 2^−74, against the
// smallest |f| any float32 reaches, about 2^−30 (the float32 nearest a
// multiple of π/2): a relative error under 2^−40, then r = f·π/2 and the
// float64 Taylor polynomials of sincosd on |r| ≤ π/4 (~1e−16). Rounded
// once to float32, the result is the correctly rounded sin or cos but for
// values within ~2^−40 relative of a rounding boundary.
//
// The chunks are selected by j0 ∈ {0..4} with selects (no table in
// memory: the module stays free of globals on both targets), and the
// powers of two are built from their exponent bits.

// trigChunkBits is the width of a 2/π chunk: 24-bit chunks times the
// 24-bit mantissa stay below 2^48, exact in float64.
const trigChunkBits = 24

// trigChunks are 2/π's bits after the binary point, 24 at a time:
// c_j = ⌊2/π·2^(24(j+1))⌋ mod 2^24, j = 0..9 (the largest float32
// exponent needs j0 = 4 and six chunks from there).
var trigChunks = func() []float64 {
	const prec = 512
	// π = 16·atan(1/5) − 4·atan(1/239) (Machin), each atan by its series.
	atanInv := func(n int64) *big.Float {
		sum := new(big.Float).SetPrec(prec)
		nn := new(big.Float).SetPrec(prec).SetInt64(n)
		n2 := new(big.Float).SetPrec(prec).Mul(nn, nn)
		pow := new(big.Float).SetPrec(prec).Quo(big.NewFloat(1).SetPrec(prec), nn) // 1/n^(2k+1)
		eps := new(big.Float).SetPrec(prec).SetMantExp(big.NewFloat(1), -prec-8)
		for k := int64(0); pow.Cmp(eps) > 0; k++ {
			t := new(big.Float).SetPrec(prec).Quo(pow, new(big.Float).SetPrec(prec).SetInt64(2*k+1))
			if k%2 == 0 {
				sum.Add(sum, t)
			} else {
				sum.Sub(sum, t)
			}
			pow.Quo(pow, n2)
		}
		return sum
	}
	pi := new(big.Float).SetPrec(prec).Mul(atanInv(5), big.NewFloat(16))
	pi.Sub(pi, new(big.Float).SetPrec(prec).Mul(atanInv(239), big.NewFloat(4)))
	v := new(big.Float).SetPrec(prec).Quo(big.NewFloat(2).SetPrec(prec), pi)
	c := make([]float64, 10)
	for j := range c {
		v.SetMantExp(v, trigChunkBits)
		i, _ := v.Int(nil)
		c[j] = float64(i.Int64())
		v.Sub(v, new(big.Float).SetPrec(prec).SetInt(i))
	}
	return c
}()

// twoSum returns a+b rounded and its rounding error, exactly (Knuth's
// TwoSum: six additions, valid in round to nearest without contraction,
// which llc does not do without fast-math flags).
func (d *elemDbl) twoSum(a, b llvalue.Value) (s, err llvalue.Value) {
	s = d.add(a, b)
	bb := d.sub(s, a)
	err = d.add(d.sub(a, d.sub(s, bb)), d.sub(b, bb))
	return s, err
}

// roundInt returns v rounded to the nearest integer as a double and as an
// i64, for |v| < 2^51 (the 1.5·2^52 shifter).
func (d *elemDbl) roundInt(v llvalue.Value) (f, i llvalue.Value) {
	z := d.add(v, d.c(elemShifter52))
	return d.sub(z, d.c(elemShifter52)), d.b.NewSub(d.bits(z), d.bits(d.c(elemShifter52)))
}

// sincosExact returns sin x or cos x (cos when wantCos) for float lanes x,
// rounded to float: the exact reduction above, NaN for ±Inf and NaN,
// sin(−0) = −0.
func (e *elemEmit) sincosExact(g *bld, x llvalue.Value, wantCos bool) llvalue.Value {
	d := e.dbl(g.b, g.lanes)
	b := g.b
	ax := g.abs(x)
	bits := g.bits(ax)
	// |x| = m·2^ex, m an integer below 2^24 (subnormals: ex = −149).
	bexp := b.NewLShr(bits, g.i(23))
	frac := g.iand(bits, g.i(0x7fffff))
	normal := b.NewICmp(llenum.IPredNE, bexp, g.i(0))
	m := g.sel(normal, g.ior(frac, g.i(0x800000)), frac)
	ex := g.sel(normal, g.isub(bexp, g.i(150)), g.i(-149))
	// j0 = max(ex−2, 0)/24 ∈ {0..4} (Inf and NaN too: their exponent 105
	// gives 4), s = ex − 24·j0 − 24.
	t := g.isub(ex, g.i(2))
	t = g.sel(b.NewICmp(llenum.IPredSLT, t, g.i(0)), g.i(0), t)
	j0 := b.NewUDiv(t, g.i(trigChunkBits))
	s := g.isub(g.isub(ex, b.NewMul(j0, g.i(trigChunkBits))), g.i(trigChunkBits))
	md := b.NewSIToFP(m, d.ft)
	// T_i = m·c_(j0+i)·2^(s−24i): the product exact, the scale a power of
	// two (its exponent s−24i ≥ −293 keeps it normal).
	term := func(i int) llvalue.Value {
		c := d.c(trigChunks[i])
		for j := 1; j <= 4; j++ {
			c = d.sel(b.NewICmp(llenum.IPredEQ, j0, g.i(int32(j))), d.c(trigChunks[j+i]), c)
		}
		ebits := b.NewZExt(g.iadd(s, g.i(int32(1023-trigChunkBits*i))), d.it)
		scale := d.float(b.NewShl(ebits, d.ci(52)))
		return d.mul(d.mul(md, c), scale)
	}
	var T [6]llvalue.Value
	for i := range T {
		T[i] = term(i)
	}
	// Each of T0, T1, T2 loses its nearest integer exactly (T − n has
	// T's lowest bit and magnitude ≤ ½).
	var F [3]llvalue.Value
	var q llvalue.Value = d.ci(0)
	for i := range F {
		nf, ni := d.roundInt(T[i])
		F[i] = d.sub(T[i], nf)
		q = d.b.NewAdd(q, ni)
	}
	h1, l1 := d.twoSum(F[0], F[1])
	h2, l2 := d.twoSum(h1, F[2])
	lo := d.add(d.add(d.add(l1, l2), T[3]), d.add(T[4], T[5]))
	// |h2| ≤ 1.5: its nearest integer leaves it exactly (Sterbenz).
	nf, ni := d.roundInt(h2)
	q = d.b.NewAdd(q, ni)
	f := d.add(d.sub(h2, nf), lo)
	// r = f·π/2 with π/2 as hi + lo: the product within an ulp of exact.
	r := d.fma(f, d.c(elemPiO2Hi), d.mul(f, d.c(elemPiO2Lo)))
	y := d.trunc(d.sinCosQuadrant(r, q, wantCos))
	if !wantCos {
		// sin is odd: sin(−0) = −0 comes from sin(+0) = +0 negated.
		y = g.sel(b.NewICmp(llenum.IPredSLT, g.bits(x), g.i(0)), g.neg(y), y)
	}
	// ±Inf and NaN (|x| not below +Inf) give NaN.
	return g.sel(g.cmp(llenum.FPredUGE, ax, g.f(float32(math.Inf(1)))), g.f(float32(math.NaN())), y)
}

// scalarElemEmit is an elemEmit holding no kernel, only the intrinsics
// of in, so that ScalarMath can call the float64 helpers (logd, the
// elemDbl builder) on scalars.
func scalarElemEmit(in *intrinsics) *elemEmit {
	return &elemEmit{selEmit: &selEmit{lanes: 1, in: in,
		vt: lltypes.NewVector(1, lltypes.Float), mt: lltypes.NewVector(1, lltypes.I1)},
		dt: lltypes.NewVector(1, lltypes.Double), it: lltypes.NewVector(1, lltypes.I32)}
}
