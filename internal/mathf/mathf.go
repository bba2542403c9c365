// Package mathf holds the float32 exponential every kernel shares: the
// pure-Go kernels call it, and backend/llvm emits the same algorithm with the
// same constants as vector code, so the interpreter and the native kernels
// compute e^x one way (math.Exp is float64, not inlined, and would cost more
// than the rest of a scan or an attention row).
//
// The algorithm: clamp x to [ExpLo, ExpHi], reduce x = k·ln2 + r with
// |r| ≤ ln2/2 (Cody–Waite: ln2 split in two), evaluate e^r = 1 + r + r²·P(r)
// with the minimax polynomial P, and scale by 2^k in two halves so that
// subnormal results round once and overflow gives +Inf.
package mathf

import "math"

// The coefficients of P, float32 roundings of a weighted minimax fit of
// (e^r - 1 - r)/r² on |r| ≤ ln2/2 (backend/llvm's TestPolynomialFits checks
// the fit to well under a float32 ulp).
const (
	ExpP0 = 4.9999993449e-01
	ExpP1 = 1.6666520645e-01
	ExpP2 = 4.1668387886e-02
	ExpP3 = 8.3687152281e-03
	ExpP4 = 1.3814602070e-03
)

const (
	// ExpLo and ExpHi clamp exp's argument before the reduction: e^ExpHi
	// overflows float32 and e^ExpLo is far below its smallest subnormal, so
	// the clamp changes no result while keeping 2^k in range.
	ExpLo = -115
	ExpHi = 89

	// Log2E is 1/ln2: x·Log2E is the power of two of e^x.
	Log2E = 1.44269504088896341
	// Ln2Hi + Ln2Lo = ln2; Ln2Hi has 15 significant bits, so k·Ln2Hi is
	// exact for |k| < 2^9.
	Ln2Hi = 0.693145751953125
	Ln2Lo = 1.42860682030941723212e-06

	// Shifter is 1.5·2^23: adding it to |v| < 2^22 rounds v to an integer
	// that then sits in the low mantissa bits (ShifterBits are its bits).
	Shifter     = 12582912.0
	ShifterBits = 0x4B400000

	// Inside [Exp2Lo, Exp2Hi] Exp2's result and its scale 2^k are normal
	// float32 numbers.
	Exp2Lo = -125
	Exp2Hi = 127
)

// fma32 is a fused multiply-add in float32: the product of two float32
// numbers is exact in float64, so one float64 FMA rounds only the sum.
func fma32(a, b, c float32) float32 { return float32(math.FMA(float64(a), float64(b), float64(c))) }

// Exp returns e^x for any float32 x within one ulp, as backend/llvm's
// emitted exp computes it: +Inf above ~88.72, +0 (through subnormals) below
// ~-103.97, NaN for NaN.
func Exp(x float32) float32 {
	if x != x {
		return x
	}
	xc := min(max(x, ExpLo), ExpHi)
	z := fma32(xc, Log2E, Shifter) // round(x/ln2) + Shifter
	kf := z - Shifter
	r := fma32(kf, -Ln2Hi, xc)
	r = fma32(kf, -Ln2Lo, r)
	q := fma32(fma32(fma32(fma32(ExpP4, r, ExpP3), r, ExpP2), r, ExpP1), r, ExpP0)
	p := fma32(q, r*r, r) + 1
	k := int32(math.Float32bits(z) - ShifterBits)
	k1 := k >> 1
	k2 := k - k1
	s1 := math.Float32frombits(uint32(k1+127) << 23)
	s2 := math.Float32frombits(uint32(k2+127) << 23)
	return p * s1 * s2
}

// Exp2 returns 2^x for x in [Exp2Lo, Exp2Hi] with Exp's polynomial; it
// inlines into hot loops, so callers check the range once outside them
// (scale by Log2E for e^x).
func Exp2(x float32) float32 {
	t := x + Shifter
	kf := t - Shifter // round(x)
	r := (x - kf) * math.Ln2
	p := ((((ExpP4*r+ExpP3)*r+ExpP2)*r+ExpP1)*r+ExpP0)*(r*r) + r + 1
	// The low bits of t hold k; shifting (k + 127) into the exponent field
	// gives 2^k, the shifter's own bits falling off the top.
	return p * math.Float32frombits((math.Float32bits(t)+127)<<23)
}
