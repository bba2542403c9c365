package driver

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// TestTutorialDefaults checks the defaults docs/tutorial.md states: shift,
// cumsum and flip along axis 1 (shift by one), softmax along the last axis,
// norms without a weight that only normalise, with eps 1e-5 (l2_norm 1e-6).
func TestTutorialDefaults(t *testing.T) {
	src := `model D() {
    forward(x: f32[B, L, 4]) -> (s: f32[B, L, 4], c: f32[B, L, 4], f: f32[B, L, 4], m: f32[B, L, 4], r: f32[B, L, 4], n: f32[B, L, 4], l: f32[B, L, 4]) {
        return shift(x), cumsum(x), flip(x), softmax(x), rms_norm(x), layer_norm(x), l2_norm(x)
    }
}
`
	path := filepath.Join(t.TempDir(), "d.seq")
	os.WriteFile(path, []byte(src), 0o644)
	m, err := Load(Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	attrs := map[string]ir.Attrs{}
	args := map[string]int{}
	for _, op := range m.Func("forward").Body {
		attrs[op.Kind], args[op.Kind] = op.Attrs, len(op.Args)
	}
	for kind, axis := range map[string]int{"shift": 1, "cumsum": 1, "flip": 1, "softmax": -1} {
		if got := attrs[kind].Int("axis"); got != axis {
			t.Errorf("%s(x) works along axis %d, the tutorial says %d", kind, got, axis)
		}
	}
	if n := attrs["shift"].Int("n"); n != 1 {
		t.Errorf("shift(x) shifts by %d, the tutorial says 1", n)
	}
	for kind, eps := range map[string]float64{"rms_norm": 1e-5, "layer_norm": 1e-5, "l2_norm": 1e-6} {
		if got := attrs[kind].Float("eps"); got != eps || args[kind] != 1 {
			t.Errorf("%s(x): eps %g and %d arguments, the tutorial says eps %g and no weight", kind, got, args[kind], eps)
		}
	}

	// The numbers: a norm without a weight only normalises, shift(x) is x one position later.
	x, _ := NewArray(ArraySpec{Shape: []int{1, 3, 4}, Seed: 2})
	exec, err := backend.Prepare(context.Background(), "", m, nil, "", backend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	outs, err := exec.Run(context.Background(), "forward", []*runtime.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	shift, rms, ln := outs[0], outs[4], outs[5]
	for pos := range 3 {
		row := x.F[pos*4 : pos*4+4]
		var mean, sq float64
		for _, v := range row {
			mean += float64(v) / 4
			sq += float64(v) * float64(v) / 4
		}
		variance := sq - mean*mean
		for i, v := range row {
			want := 0.0
			if pos > 0 {
				want = float64(x.F[(pos-1)*4+i])
			}
			check := func(name string, got, want float64) {
				if math.Abs(got-want) > 1e-4 {
					t.Errorf("%s at position %d, %d: %g, want %g", name, pos, i, got, want)
				}
			}
			check("shift(x)", float64(shift.F[pos*4+i]), want)
			check("rms_norm(x)", float64(rms.F[pos*4+i]), float64(v)/math.Sqrt(sq+1e-5))
			check("layer_norm(x)", float64(ln.F[pos*4+i]), (float64(v)-mean)/math.Sqrt(variance+1e-5))
		}
	}
}
