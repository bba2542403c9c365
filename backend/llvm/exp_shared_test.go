package llvm

import (
	"math"
	"testing"

	"github.com/seqc-dev/seqc/internal/mathf"
)

// TestExpSharedWithInterpreter: the emitted exp is internal/mathf's Exp, the
// one the interpreter's kernels call: the same algorithm and constants give
// the same bits for every input of a dense sweep, the specials and the
// overflow and subnormal edges.
func TestExpSharedWithInterpreter(t *testing.T) {
	var xs []float32
	for i := 0; i <= 400000; i++ {
		xs = append(xs, float32(-110+200*float64(i)/400000))
	}
	xs = append(xs, 0, float32(math.Copysign(0, -1)), 88.72, 88.73, -103.9, -104, -150,
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), math.MaxFloat32, -math.MaxFloat32)
	for _, v := range elemVariants() {
		fn := elemFn(t, "u_exp", v)
		y := make([]float32, len(xs))
		if err := RunUnary(fn, "exp", 1, xs, y); err != nil {
			t.Fatal(err)
		}
		bad := 0
		for i, x := range xs {
			want := mathf.Exp(x)
			if math.Float32bits(y[i]) != math.Float32bits(want) && !(want != want && y[i] != y[i]) {
				if bad++; bad <= 5 {
					t.Errorf("%s: exp(%g) = %g (%#x), mathf.Exp gives %g (%#x)", v, x, y[i], math.Float32bits(y[i]), want, math.Float32bits(want))
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d inputs differ", v, bad, len(xs))
		}
	}
}
