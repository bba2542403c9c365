package ssm

import "math"

// The fused selective scan takes one exp per (t, d, n); math.Exp (float64,
// not inlined, with full special-case handling) would cost more than the rest
// of the scan together. exp2f is a float32 2^x that the compiler inlines into
// the scan loop; callers multiply A by log2(e) once, outside the time loop,
// and keep arguments inside [exp2Lo, exp2Hi], where no branch is needed.
const (
	log2e = 1.44269504088896341
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
	// Inside [exp2Lo, exp2Hi] the result and its scale 2^k are normal
	// float32 numbers.
	exp2Lo = -125
	exp2Hi = 127
)

// exp2f returns 2^x for x in [exp2Lo, exp2Hi] (see exp2Range for others).
func exp2f(x float32) float32 {
	t := x + exp2Magic
	f := x - (t - exp2Magic) // x = k + f, k = round(x), |f| <= 1/2
	p := (((((exp2P6*f+exp2P5)*f+exp2P4)*f+exp2P3)*f+exp2P2)*f+exp2P1)*f + exp2P0
	// The low bits of t hold k; shifting (k + 127) into the exponent field
	// gives 2^k, the magic's own bits falling off the top.
	return p * math.Float32frombits((math.Float32bits(t)+127)<<23)
}

// exp32 is exp for one float32 outside the hot loop, for any argument.
func exp32(x float32) float32 {
	x2 := x * log2e
	if !(x2 >= exp2Lo && x2 <= exp2Hi) {
		return float32(math.Exp(float64(x)))
	}
	return exp2f(x2)
}
