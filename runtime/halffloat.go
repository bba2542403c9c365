package runtime

import "math"

// f16ToF32 converts an IEEE 754 binary16 value to float32. Every binary16
// value is exactly representable in float32, so the conversion is exact,
// including subnormals, signed zeros, infinities and NaN payloads.
func f16ToF32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	man := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // infinity (man == 0) or NaN; keep the payload
		return math.Float32frombits(sign | 0x7f800000 | man<<13)
	case exp == 0 && man == 0:
		return math.Float32frombits(sign)
	case exp == 0:
		// Subnormal: man * 2^-24. Both factors are exact in float32 and
		// man < 2^10, so the product is exact too.
		v := float32(man) * (1.0 / (1 << 24))
		if sign != 0 {
			v = -v
		}
		return v
	default:
		// Normal: rebias the exponent from 15 to 127 and widen the mantissa.
		return math.Float32frombits(sign | (exp+127-15)<<23 | man<<13)
	}
}

// bf16ToF32 converts a bfloat16 value to float32. bfloat16 is the top half
// of a float32, so the conversion is a shift and always exact.
func bf16ToF32(b uint16) float32 {
	return math.Float32frombits(uint32(b) << 16)
}
