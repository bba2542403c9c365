// Package mathf holds the float32 elementary functions the pure-Go kernels
// share: math.Exp is float64, not inlined, and would cost more than the rest
// of a scan or an attention row.
package mathf

import "math"

const (
	// Log2E scales e^x to 2^(x·Log2E) for Exp2.
	Log2E = 1.44269504088896341
	// exp2Magic is 1.5·2^23: adding it to a float32 of magnitude < 2^22
	// rounds it to an integer held in the low mantissa bits.
	exp2Magic = 12582912
	// 2^f on [-0.5, 0.5]: Chebyshev interpolant of degree 6, relative error
	// 2.5e-9 in exact arithmetic, 1.1e-7 (about one ulp) evaluated in float32.
	exp2P0 = 1.0
	exp2P1 = 6.9314720670e-01
	exp2P2 = 2.4022650922e-01
	exp2P3 = 5.5503272267e-02
	exp2P4 = 9.6180566785e-03
	exp2P5 = 1.3400428177e-03
	exp2P6 = 1.5461444699e-04
	// Inside [Exp2Lo, Exp2Hi] the result and its scale 2^k are normal
	// float32 numbers.
	Exp2Lo = -125
	Exp2Hi = 127
)

// Exp2 returns 2^x for x in [Exp2Lo, Exp2Hi]; it inlines into hot loops, so
// callers check the range once outside them (scale by Log2E for e^x).
func Exp2(x float32) float32 {
	t := x + exp2Magic
	f := x - (t - exp2Magic) // x = k + f, k = round(x), |f| <= 1/2
	p := (((((exp2P6*f+exp2P5)*f+exp2P4)*f+exp2P3)*f+exp2P2)*f+exp2P1)*f + exp2P0
	// The low bits of t hold k; shifting (k + 127) into the exponent field
	// gives 2^k, the magic's own bits falling off the top.
	return p * math.Float32frombits((math.Float32bits(t)+127)<<23)
}

// Exp returns e^x for any float32 x, within one ulp: range reduction to
// 2^n·e^r and a degree-7 polynomial in float64.
func Exp(x float32) float32 {
	switch {
	case x != x:
		return x // NaN
	case x > 88.8:
		return float32(math.Inf(1)) // e^88.73 is the largest float32
	case x < -104:
		return 0 // below half the smallest float32 subnormal; also -Inf
	}
	t := float64(x) * math.Log2E
	// Round to nearest; the offset keeps the truncation a floor for negative t.
	n := int(t+0.5+256) - 256
	r := float64(x) - float64(n)*math.Ln2
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720+r*(1.0/5040)))))))
	// n is in [-150, 128], so 2^n is a normal float64 and the product is exact.
	return float32(p * math.Float64frombits(uint64(n+1023)<<52))
}
