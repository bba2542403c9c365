package llvm

import (
	"math"
	"testing"
)

// TestPolynomialFits checks, in float64, that the float32 coefficients of each
// polynomial approximate their function on its interval to well under one
// float32 ulp (2^-24 relative), leaving the error budget to the float32
// arithmetic.
func TestPolynomialFits(t *testing.T) {
	horner := func(c []float32, x float64) float64 {
		p := 0.0
		for k := len(c) - 1; k >= 0; k-- {
			p = p*x + float64(c[k])
		}
		return p
	}
	const n = 20000
	for _, tc := range []struct {
		name   string
		lo, hi float64
		approx func(x float64) float64
		exact  func(x float64) float64
	}{
		{"exp", -math.Ln2 / 2, math.Ln2 / 2,
			func(r float64) float64 { return 1 + r + r*r*horner(expP, r) }, math.Exp},
		{"log1p", 0, 1,
			func(t float64) float64 { w := 2 * t / (2 + t); return w * horner(log1pQ, w*w) }, math.Log1p},
		{"tanh", -tanhSmall, tanhSmall,
			func(x float64) float64 { return x + x*x*x*horner(tanhT, x*x) }, math.Tanh},
	} {
		worst := 0.0
		for i := 0; i <= n; i++ {
			x := tc.lo + (tc.hi-tc.lo)*float64(i)/n
			want := tc.exact(x)
			if want == 0 {
				continue
			}
			worst = math.Max(worst, math.Abs(tc.approx(x)-want)/math.Abs(want))
		}
		ulps := worst / 0x1p-24
		t.Logf("%s: max relative error %.3g = %.3f float32 ulp", tc.name, worst, ulps)
		if ulps > 0.25 {
			t.Errorf("%s: fit error %.3f ulp, want < 0.25", tc.name, ulps)
		}
	}
}
