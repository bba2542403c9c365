package mathf

import (
	"math"
	"testing"
)

// exp32 must be within one float32 ulp of the exact e^x over its whole range,
// including the subnormal tail, and handle the special values.
func TestExp32(t *testing.T) {
	worst := 0.0
	for i := 0; i <= 2000000; i++ {
		x := float32(-110 + 200*float64(i)/2000000)
		got := float64(Exp(x))
		want := math.Exp(float64(x))
		if want > math.MaxFloat32 {
			if !math.IsInf(got, 1) {
				t.Fatalf("Exp(%v) = %v, want +Inf", x, got)
			}
			continue
		}
		// One ulp of the float32 nearest want (subnormals have a fixed ulp).
		w := float32(want)
		ulp := float64(math.Nextafter32(w, float32(math.Inf(1))) - w)
		if w == 0 {
			ulp = float64(math.SmallestNonzeroFloat32)
		}
		if d := math.Abs(got-want) / ulp; d > 1 {
			t.Fatalf("Exp(%v) = %v, want %v (%.2f ulp)", x, got, want, d)
		} else if d > worst {
			worst = d
		}
	}
	t.Logf("worst error %.3f ulp", worst)
	for _, c := range []struct{ x, want float32 }{
		{0, 1},
		{float32(math.Inf(-1)), 0},
		{float32(math.Inf(1)), float32(math.Inf(1))},
		{-200, 0},
	} {
		if got := Exp(c.x); got != c.want {
			t.Errorf("Exp(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if got := Exp(float32(math.NaN())); got == got {
		t.Errorf("Exp(NaN) = %v", got)
	}
}
