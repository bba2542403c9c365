//go:build linux

package reliability

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seqc-dev/seqc/examples/llama/llamalm"
	"github.com/seqc-dev/seqc/examples/mamba/mambalm"
	"github.com/seqc-dev/seqc/runtime"
)

// The generated-package half of the corpus: misuses of a package seqc build
// wrote (examples/mamba/mambalm, examples/llama/llamalm), each an error
// from the call, never a panic (which would end this test binary), a hang
// or a state left half-advanced.

const (
	mambaWeights = "golden/reference/mamba_charlm/weights.safetensors"
	llamaWeights = "golden/reference/llama_charlm/weights.safetensors"
)

// noPanic runs fn and fails the test, instead of dying, if it panics or
// takes longer than a bound.
func noPanic(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		fn()
	}()
	select {
	case p := <-done:
		if p != nil {
			t.Errorf("%s: panic: %v", what, p)
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("%s: still running after 60 s (a hang)", what)
	}
}

func ids(vals ...int32) *runtime.Tensor {
	return &runtime.Tensor{DType: runtime.I32, Shape: []int{1, len(vals)}, I: vals}
}

// TestAPIInputs (item 1): tensors whose data does not match their shape,
// ids out of the vocabulary, wrong dtypes and nil tensors are errors from
// Forward, Prefill and Step, with the tensor's name.
func TestAPIInputs(t *testing.T) {
	ctx := context.Background()
	m, err := mambalm.Load(mambaWeights, mambalm.WithThreads(4))
	if err != nil {
		t.Fatal(err)
	}
	bad := map[string]*runtime.Tensor{
		"one value short":     {DType: runtime.I32, Shape: []int{2, 64}, I: make([]int32, 127)},
		"one value long":      {DType: runtime.I32, Shape: []int{2, 64}, I: make([]int32, 129)},
		"no data":             {DType: runtime.I32, Shape: []int{4, 512}},
		"float ids":           {DType: runtime.F32, Shape: []int{1, 4}, F: make([]float32, 4)},
		"negative dimension":  {DType: runtime.I32, Shape: []int{1, -4}},
		"overflowing shape":   {DType: runtime.I32, Shape: []int{1 << 40, 1 << 40}},
		"rank 3":              {DType: runtime.I32, Shape: []int{1, 2, 2}, I: make([]int32, 4)},
		"id past the vocab":   ids(1, 2, 256),
		"negative id":         ids(-1),
		"huge id":             ids(1 << 30),
		"nil":                 nil,
		"unknown dtype":       {DType: runtime.DType(9), Shape: []int{1, 1}},
		"complex ids":         {DType: runtime.C64, Shape: []int{1, 1}, F: make([]float32, 2)},
		"empty but long data": {DType: runtime.I32, Shape: []int{1, 0}, I: make([]int32, 3)},
	}
	for name, x := range bad {
		noPanic(t, "Forward with "+name, func() {
			if _, err := m.Forward(ctx, x); err == nil {
				t.Errorf("Forward with %s: no error", name)
			} else if !strings.Contains(err.Error(), "input_ids") && !strings.Contains(err.Error(), "out of range") {
				t.Errorf("Forward with %s: the error does not name the input: %v", name, err)
			}
		})
		noPanic(t, "Prefill with "+name, func() {
			st, err := m.NewState(1)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := m.Prefill(ctx, st, x); err == nil {
				t.Errorf("Prefill with %s: no error", name)
			}
			if _, err := m.Step(ctx, st, x); err == nil {
				t.Errorf("Step with %s: no error", name)
			}
			if st.Pos() != 0 {
				t.Errorf("failed calls with %s moved the state to %d", name, st.Pos())
			}
		})
	}
	noPanic(t, "NewState(0) and NewState(-1)", func() {
		for _, b := range []int{0, -1} {
			if _, err := m.NewState(b); err == nil {
				t.Errorf("NewState(%d): no error", b)
			}
		}
	})
}

// TestAPIState (items 2 and 3): a state belongs to the model that made it;
// nil, another model's, another load's and a zero State are errors; a
// failed or cancelled call leaves the state as it was; a snapshot of
// another stream is refused naming both functions once each.
func TestAPIState(t *testing.T) {
	ctx := context.Background()
	mamba, err := mambalm.Load(mambaWeights)
	if err != nil {
		t.Fatal(err)
	}
	mamba2, err := mambalm.Load(mambaWeights)
	if err != nil {
		t.Fatal(err)
	}
	llama, err := llamalm.Load(llamaWeights)
	if err != nil {
		t.Fatal(err)
	}
	mst, _ := mamba.NewState(1)
	lst, _ := llama.NewState(1)
	noPanic(t, "misused states", func() {
		if _, err := llama.Step(ctx, mst, ids(1)); err == nil {
			t.Error("llama stepped a Mamba state")
		}
		if _, err := mamba2.Step(ctx, mst, ids(1)); err == nil {
			t.Error("another load of the model stepped the state")
		}
		if _, err := mamba.Step(ctx, nil, ids(1)); err == nil {
			t.Error("Step(nil) succeeded")
		}
		if _, err := mamba.Prefill(ctx, &mambalm.State{}, ids(1)); err == nil {
			t.Error("Prefill with a zero State succeeded")
		}
		if err := mst.Restore(lst.Snapshot()); err == nil || !strings.Contains(err.Error(), "another model") {
			t.Errorf("a Mamba state restoring a LLaMA snapshot: %v", err)
		}
		if err := mst.Restore(nil); err == nil {
			t.Error("Restore(nil) succeeded")
		}
	})
	if mst.Pos() != 0 {
		t.Fatalf("misuse moved the state to %d", mst.Pos())
	}

	// A failed chunk (an id out of range at its end, a cancelled context)
	// leaves the state exactly as it was.
	prompt := ids('f', 'u', 'n', 'c', ' ')
	clean, _ := llama.NewState(1)
	if _, err := llama.Prefill(ctx, clean, prompt); err != nil {
		t.Fatal(err)
	}
	want, err := llama.Step(ctx, clean, ids('('))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := llama.NewState(1)
	if _, err := llama.Prefill(ctx, st, prompt); err != nil {
		t.Fatal(err)
	}
	noPanic(t, "failed chunks", func() {
		if _, err := llama.Prefill(ctx, st, ids('x', 'y', 999)); err == nil {
			t.Error("a chunk with an id out of range succeeded")
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := llama.Prefill(cancelled, st, ids('x', 'y')); !errors.Is(err, context.Canceled) {
			t.Errorf("a cancelled Prefill: %v", err)
		}
	})
	if st.Pos() != len(prompt.I) {
		t.Fatalf("failed calls moved the state to %d, want %d", st.Pos(), len(prompt.I))
	}
	got, err := llama.Step(ctx, st, ids('('))
	if err != nil {
		t.Fatal(err)
	}
	for i := range want.F {
		if got.F[i] != want.F[i] {
			t.Fatalf("after failed calls the logits differ at %d: %v, want %v", i, got.F[i], want.F[i])
		}
	}
}

// TestAPILoad (items 6, 9, 10): loading refuses special files without
// hanging, an unexpected huge tensor without decoding it, weights over the
// memory budget, and configs with duplicate keys or of a device.
func TestAPILoad(t *testing.T) {
	dir := t.TempDir()
	makeFixtures(t, dir, nil)
	noPanic(t, "loading hostile files", func() {
		for _, p := range []string{filepath.Join(dir, "fifo"), "/dev/zero", filepath.Join(dir, "idx"), filepath.Join(dir, "trunc.safetensors"), filepath.Join(dir, "garbage.safetensors")} {
			if _, err := mambalm.Load(p); err == nil {
				t.Errorf("Load(%s) succeeded", p)
			}
		}
		var me *runtime.MemoryError
		if _, err := mambalm.Load(mambaWeights, mambalm.WithMaxMemory(1<<20)); !errors.As(err, &me) {
			t.Errorf("weights over WithMaxMemory: %v", err)
		}
		// An unexpected tensor of 2 GiB: refused by name, never decoded.
		if _, err := mambalm.Load(filepath.Join(dir, "extra.safetensors")); err == nil || !strings.Contains(err.Error(), "unexpected tensor unexpected.huge") {
			t.Errorf("a checkpoint with an unexpected 2 GiB tensor: %v", err)
		}
		for _, p := range []string{filepath.Join(dir, "dup.json"), filepath.Join(dir, "fifo"), "/dev/zero", filepath.Join(dir, "notjson.json")} {
			if _, err := mambalm.LoadConfig(p); err == nil {
				t.Errorf("LoadConfig(%s) succeeded", p)
			}
		}
		cfg := filepath.Join(dir, "cfg.json")
		os.WriteFile(cfg, []byte(`{"d_model": 128, "d_model": 128}`), 0o644)
		if _, err := mambalm.LoadConfig(cfg); err == nil || !strings.Contains(err.Error(), "duplicate key") {
			t.Errorf("a config with a key twice: %v", err)
		}
	})
	// A run whose activations would not fit: refused before it runs.
	m, err := mambalm.Load(mambaWeights, mambalm.WithMaxMemory(8<<20))
	if err != nil {
		t.Fatal(err)
	}
	noPanic(t, "a run over the budget", func() {
		x := runtime.New(runtime.I32, 16, 4096)
		var me *runtime.MemoryError
		if _, err := m.Forward(context.Background(), x); !errors.As(err, &me) {
			t.Errorf("a forward over WithMaxMemory: %v", err)
		}
		st, _ := m.NewState(16)
		if _, err := m.Prefill(context.Background(), st, x); !errors.As(err, &me) {
			t.Errorf("a prefill over WithMaxMemory: %v", err)
		}
		if _, err := m.Forward(context.Background(), ids(1, 2, 3)); err != nil {
			t.Errorf("a small forward within the budget: %v", err)
		}
	})
}
