package main

import (
	"bytes"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/seqc-dev/seqc/runtime"
)

// TestARNetForecast sets AR-Net's weights to known AR(3) coefficients and
// checks one-step predictions, recursive multi-step forecasts and the
// reported coefficients against the AR recursion computed here.
func TestARNetForecast(t *testing.T) {
	dir := t.TempDir()
	coef := []float32{0.5, -0.3, 0.2} // lag 1, 2, 3
	const bias = 0.1
	w := runtime.New(runtime.F32, 1, 3)
	for j := range coef {
		w.F[j] = coef[2-j] // the weight row is oldest lag first
	}
	b := runtime.New(runtime.F32, 1)
	b.F[0] = bias
	if err := runtime.WriteSafetensors(filepath.Join(dir, "w.safetensors"), map[string]*runtime.Tensor{"layers.0.0.weight": w, "layers.0.0.bias": b}, nil); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	const B, L = 2, 20
	series := runtime.New(runtime.F32, B, L)
	for i := range series.F {
		series.F[i] = float32(rng.NormFloat64())
	}
	if err := runtime.WriteNpy(filepath.Join(dir, "x.npy"), series); err != nil {
		t.Fatal(err)
	}
	ar := func(x []float64, t int) float64 {
		s := bias
		for k := 1; k <= 3; k++ {
			s += float64(coef[k-1]) * x[t-k]
		}
		return s
	}
	seqc := func(args ...string) {
		t.Helper()
		base := []string{"run", "examples/arnet/arnet.seq", "--set", "ar_order=3", "--weights", filepath.Join(dir, "w.safetensors"), "--output-dir", dir, "-q"}
		var stderr bytes.Buffer
		if code := run(append(base, args...), &bytes.Buffer{}, &stderr); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
	seqc("--input", filepath.Join(dir, "x.npy"))
	pred := readNpy(t, filepath.Join(dir, "output.npy"))
	seqc("--input", filepath.Join(dir, "x.npy"), "--horizon", "6")
	fc := readNpy(t, filepath.Join(dir, "forecast.npy"))
	seqc("--coefficients")
	got := readNpy(t, filepath.Join(dir, "coefficients.npy"))
	for i, c := range coef {
		if got.F[i] != c {
			t.Errorf("coefficient %d = %g, want %g", i+1, got.F[i], c)
		}
	}
	for bi := 0; bi < B; bi++ {
		x := make([]float64, L, L+6)
		for i := range x {
			x[i] = float64(series.F[bi*L+i])
		}
		for tt := 3; tt < L; tt++ {
			if d := math.Abs(float64(pred.F[bi*(L-3)+tt-3]) - ar(x, tt)); d > 1e-5 {
				t.Fatalf("one-step prediction of x[%d]: off by %g", tt, d)
			}
		}
		for h := 0; h < 6; h++ {
			next := ar(x, len(x))
			if d := math.Abs(float64(fc.F[bi*6+h]) - next); d > 1e-5 {
				t.Fatalf("forecast step %d: got %g, want %g", h+1, fc.F[bi*6+h], next)
			}
			x = append(x, next)
		}
	}
}
