package driver

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/runtime"
)

// Regression tests for issue 12 (hostile input never crashes, hangs or
// gives silently wrong results), the items the driver answers for.

const charlm = "../../golden/reference/mamba_charlm"

// TestParamCount64 (item 10): the parameter count is 64-bit, and a model
// whose count overflows even that is an error, never a negative number.
func TestParamCount64(t *testing.T) {
	r, err := Check(Config{Path: "../../examples/mamba/mamba_lm.seq", Set: map[string]string{"d_model": "100000", "n_layer": "2"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Params != 130050300000 {
		t.Errorf("%d parameters, want 130050300000", r.Params)
	}
	_, err = Check(Config{Path: "../../examples/mamba/mamba_lm.seq", Set: map[string]string{"d_model": "1000000000"}})
	if err == nil || !strings.Contains(err.Error(), "more parameters than a 64-bit count holds") {
		t.Errorf("d_model=1e9: %v", err)
	}
}

// TestConfigDuplicateKeys (item 10): a --config with a key twice is an
// error naming the key.
func TestConfigDuplicateKeys(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(p, []byte(`{"d_model": 16, "n_layer": 2, "d_model": 32}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(Config{Path: "../../examples/mamba/mamba_lm.seq", ConfigFile: p})
	if err == nil || !strings.Contains(err.Error(), `duplicate key "d_model"`) || !strings.Contains(err.Error(), p) {
		t.Errorf("got %v", err)
	}
}

// TestMemoryBudget (item 6): sizes are checked before anything is
// allocated: the parameters of seqc init, the activations of a run, the
// inputs, the state and tokens of generation.
func TestMemoryBudget(t *testing.T) {
	var me *runtime.MemoryError
	m, err := Load(Config{Path: "../../examples/mamba/mamba_lm.seq", Set: map[string]string{"d_model": "100000", "n_layer": "2"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := InitWeightsBudget(m, 1, runtime.NewBudget(1<<30)); !errors.As(err, &me) || !strings.Contains(err.Error(), "484.5 GiB") || !strings.Contains(err.Error(), "d_model=100000") {
		t.Errorf("init of a 130e9-parameter model: %v", err)
	}
	// A run whose activations do not fit: refused before it runs.
	rc := RunConfig{Config: Config{Path: "../../examples/mamba/mamba_lm.seq", ConfigFile: charlm + "/config.json", Budget: runtime.NewBudget(4 << 20)},
		Weights: charlm + "/weights.safetensors", Inputs: []string{charlm + "/input_ids.npy"}}
	if _, err := Run(context.Background(), rc); !errors.As(err, &me) {
		t.Errorf("a run over the budget: %v", err)
	}
	rc.Budget = runtime.NewBudget(1 << 30)
	if _, err := Run(context.Background(), rc); err != nil {
		t.Errorf("a run within the budget: %v", err)
	}
	// Generation: a KV cache for 1e9 tokens, 100 000 beams.
	lm, err := Compile(Config{Path: "../../examples/llama/llama.seq", ConfigFile: "../../golden/reference/llama_charlm/config.json"})
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckGenerateMemory(lm, 4, 1_000_000_000, 1, runtime.NewBudget(16<<30)); !errors.As(err, &me) {
		t.Errorf("1e9 tokens of a LLaMA: %v", err)
	}
	if err := CheckGenerateMemory(lm, 4, 16, 100_000, runtime.NewBudget(1<<30)); !errors.As(err, &me) || !strings.Contains(err.Error(), "100000 beams") {
		t.Errorf("100 000 beams: %v", err)
	}
	if err := CheckGenerateMemory(lm, 4, 64, 4, runtime.NewBudget(1<<30)); err != nil {
		t.Errorf("a small beam search: %v", err)
	}
}

// TestCheckFiniteRun (item 12): seqc run --check-finite names the first op
// that produced a non-finite value, with its .seq position.
func TestCheckFiniteRun(t *testing.T) {
	dir := t.TempDir()
	x := runtime.New(runtime.F32, 1, 4, 8)
	for i := range x.F {
		x.F[i] = 3e38
	}
	in := filepath.Join(dir, "x.npy")
	if err := runtime.WriteNpy(in, x); err != nil {
		t.Fatal(err)
	}
	m, err := Load(Config{Path: "../../examples/s4d/s4d.seq", Set: map[string]string{"d_model": "8", "d_state": "4"}})
	if err != nil {
		t.Fatal(err)
	}
	w, err := InitWeights(m, 1)
	if err != nil {
		t.Fatal(err)
	}
	wp := filepath.Join(dir, "w.safetensors")
	if err := runtime.WriteSafetensors(wp, w, nil); err != nil {
		t.Fatal(err)
	}
	rc := RunConfig{Config: Config{Path: "../../examples/s4d/s4d.seq", Set: map[string]string{"d_model": "8", "d_state": "4"}},
		Weights: wp, Inputs: []string{in}, CheckFinite: true}
	_, err = Run(context.Background(), rc)
	var nf *backend.NonFiniteError
	if !errors.As(err, &nf) || !strings.Contains(err.Error(), ".seq:") {
		t.Errorf("got %v, want the first op with a non-finite value and its position", err)
	}
	rc.CheckFinite = false
	if _, err := Run(context.Background(), rc); err != nil {
		t.Errorf("without --check-finite: %v", err)
	}
}
