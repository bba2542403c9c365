package driver

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/seqc-dev/seqc/runtime"
)

// quietProgress is a Progress that counts but never draws (the counts are
// what the tests read).
func quietProgress() *Progress {
	return NewProgress(&syncBuffer{}, ProgressOptions{Delay: time.Hour}, "", 0, "")
}

// TestInitProgress: initialising reports every parameter byte, and the
// weights are the same with a progress line as without.
func TestInitProgress(t *testing.T) {
	m, err := Load(Config{Path: "../../examples/mamba/mamba_lm.seq", Set: map[string]string{"d_model": "16", "n_layer": "2", "vocab_size": "8"}})
	if err != nil {
		t.Fatal(err)
	}
	p := quietProgress()
	w, err := InitWeightsProgress(m, 7, nil, p)
	p.Done()
	if err != nil {
		t.Fatal(err)
	}
	_, bytes, _ := ParamCount(m)
	if p.total != bytes || p.done != bytes || p.unit != "bytes" || p.label != "initialising "+m.Name {
		t.Errorf("progress %q %d/%d %s, want %d bytes", p.label, p.done, p.total, p.unit, bytes)
	}
	plain, _ := InitWeights(m, 7)
	if !reflect.DeepEqual(w, plain) {
		t.Error("the weights differ with a progress line")
	}
}

// TestRunProgress: a streamed run reports every position; a whole one says
// what it runs.
func TestRunProgress(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Path: "../../examples/custom/mingru.seq"}
	m, err := Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := InitWeights(m, 1)
	weights, input := filepath.Join(dir, "w.safetensors"), filepath.Join(dir, "x.npy")
	if err := runtime.WriteSafetensors(weights, w, nil); err != nil {
		t.Fatal(err)
	}
	x, _ := NewArray(ArraySpec{Shape: []int{2, 13, 8}})
	if err := runtime.WriteNpy(input, x); err != nil {
		t.Fatal(err)
	}
	p := quietProgress()
	outs, err := Run(context.Background(), RunConfig{Config: cfg, Weights: weights, Inputs: []string{input}, Step: true, Prefill: 3, Progress: p})
	p.Done()
	if err != nil {
		t.Fatal(err)
	}
	if p.label != "streaming forward" || p.unit != "positions" || p.total != 13 || p.done != 13 {
		t.Errorf("progress %q %d/%d %s, want 13/13 positions", p.label, p.done, p.total, p.unit)
	}
	p = quietProgress()
	whole, err := Run(context.Background(), RunConfig{Config: cfg, Weights: weights, Inputs: []string{input}, Progress: p})
	p.Done()
	if err != nil {
		t.Fatal(err)
	}
	if p.label != "running forward" {
		t.Errorf("a whole run's progress says %q", p.label)
	}
	if d := maxDiff(outs[0].Tensor, whole[0].Tensor); d > 1e-5 {
		t.Errorf("streamed and whole runs differ by %g", d)
	}
}

func maxDiff(a, b *runtime.Tensor) float64 {
	d := 0.0
	for i := range a.F {
		d = max(d, float64(a.F[i]-b.F[i]), float64(b.F[i]-a.F[i]))
	}
	return d
}
