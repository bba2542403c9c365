package ssm

import "math"

// Decaying states and running products of decays can fall into the subnormal
// range, where x86 arithmetic is one to two orders of magnitude slower. Worse,
// once |a| > 1/2 the smallest subnormal times a rounds back to itself, so a
// product never reaches 0 and every later step stays slow (an S4D kernel of
// length 4096 spent 90% of its time there). The loops therefore flush values
// below a threshold to zero every few steps. The thresholds are far below
// anything that can reach a float32 output: a float64 value under 2^-900
// times any float32 operand is under 2^-770, and the float32 state of the
// selective scan is flushed under 2^-100, where its contribution is ~30
// orders of magnitude below the outputs of a live sequence.
//
// Between two flushes a value shrinks by at most 2^-flushEvery (for |a| > 1/2;
// smaller factors round a subnormal to 0 on their own), so it is caught while
// still normal.
const (
	flushEvery   = 32
	tiny64       = 0x1p-900
	flushEvery32 = 16
	tiny32       = 0x1p-100
)

// flushTiny sets the parts of v smaller in magnitude than tiny64 to zero.
func flushTiny[T scalar](v []T) {
	switch s := any(v).(type) {
	case []float64:
		for i, x := range s {
			if math.Abs(x) < tiny64 {
				s[i] = 0
			}
		}
	case []complex128:
		for i, x := range s {
			re, im := real(x), imag(x)
			if math.Abs(re) < tiny64 || math.Abs(im) < tiny64 {
				if math.Abs(re) < tiny64 {
					re = 0
				}
				if math.Abs(im) < tiny64 {
					im = 0
				}
				s[i] = complex(re, im)
			}
		}
	}
}

// flushTiny32 is flushTiny for the float32 state of the selective scan.
func flushTiny32(v []float32) {
	for i, x := range v {
		if x < tiny32 && x > -tiny32 {
			v[i] = 0
		}
	}
}

// flushOne is flushTiny for a single value.
func flushOne[T scalar](x T) T {
	v := [1]T{x}
	flushTiny(v[:])
	return v[0]
}
