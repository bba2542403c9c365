package runtime

import (
	"math"
	"testing"
)

// The expected values are worked out by hand from the binary16 layout
// (1 sign, 5 exponent bits biased by 15, 10 mantissa bits).
func TestF16ToF32(t *testing.T) {
	cases := []struct {
		bits uint16
		want float64
	}{
		{0x3C00, 1},
		{0xC000, -2},
		{0x3555, 0.333251953125}, // 2^-2 * (1 + 0x155/1024)
		{0x7BFF, 65504},          // largest finite
		{0x0400, 1.0 / 16384},    // smallest normal, 2^-14
		{0x0001, 1.0 / 16777216}, // smallest subnormal, 2^-24
		{0x03FF, 1023.0 / 16777216},
		{0x8001, -1.0 / 16777216},
		{0x0000, 0},
		{0x7C00, math.Inf(1)},
		{0xFC00, math.Inf(-1)},
	}
	for _, c := range cases {
		if got := f16ToF32(c.bits); float64(got) != c.want {
			t.Errorf("f16 %#04x = %v, want %v", c.bits, got, c.want)
		}
	}
	if z := f16ToF32(0x8000); z != 0 || !math.Signbit(float64(z)) {
		t.Errorf("f16 0x8000 = %v, want -0", z)
	}
	for _, nan := range []uint16{0x7E00, 0x7C01, 0xFE00} {
		if got := f16ToF32(nan); !math.IsNaN(float64(got)) {
			t.Errorf("f16 %#04x = %v, want NaN", nan, got)
		}
	}
}

func TestBF16ToF32(t *testing.T) {
	cases := []struct {
		bits uint16
		want float64
	}{
		{0x3F80, 1},
		{0xC000, -2},
		{0x3FC0, 1.5},
		{0x4049, 3.140625},             // 2 * (1 + 0x49/128)
		{0x0001, math.Ldexp(1, -133)},  // smallest subnormal
		{0x0080, math.Ldexp(1, -126)},  // smallest normal
		{0x7F7F, math.Ldexp(255, 120)}, // largest finite: (2 - 2^-7) * 2^127
		{0x7F80, math.Inf(1)},
		{0xFF80, math.Inf(-1)},
	}
	for _, c := range cases {
		if got := bf16ToF32(c.bits); float64(got) != c.want {
			t.Errorf("bf16 %#04x = %v, want %v", c.bits, got, c.want)
		}
	}
	if got := bf16ToF32(0x7FC0); !math.IsNaN(float64(got)) {
		t.Errorf("bf16 0x7FC0 = %v, want NaN", got)
	}
}

// Every one of the 65536 binary16 values must survive a round trip through
// float64 arithmetic: check the conversion against the defining formula.
func TestF16AllValues(t *testing.T) {
	for h := 0; h < 1<<16; h++ {
		exp, man := (h>>10)&0x1f, h&0x3ff
		var want float64
		switch {
		case exp == 0x1f:
			continue // covered above
		case exp == 0:
			want = math.Ldexp(float64(man), -24)
		default:
			want = math.Ldexp(1+float64(man)/1024, exp-15)
		}
		if h&0x8000 != 0 {
			want = -want
		}
		if got := f16ToF32(uint16(h)); float64(got) != want {
			t.Fatalf("f16 %#04x = %v, want %v", h, got, want)
		}
	}
}
