package attn

import "math"

// exp32 returns e^x rounded to float32, within one ulp (within half an ulp
// before the final rounding to float32 in all but rare ties).
//
// It exists because softmax spends a quarter of its time in math.Exp, which
// computes a full float64 result that is then thrown away. Here x is reduced
// to x = n·ln2 + r with |r| <= ln2/2, e^r comes from a degree-7 Taylor
// polynomial evaluated in float64 (truncation error below 1e-8, far under a
// float32 ulp), and 2^n is applied exactly through the exponent bits. Being
// plain Go, it also gives the same bits on every platform.
func exp32(x float32) float32 {
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
