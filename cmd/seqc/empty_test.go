package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// TestEmptySequence runs every causal reference model on its inputs cut to
// zero positions, whole and streamed: both must succeed, give sequence
// outputs of length zero, and agree on the other outputs (final states that
// no position has touched).
func TestEmptySequence(t *testing.T) {
	ctx := context.Background()
	for _, c := range readModels(t) {
		t.Run(c.name, func(t *testing.T) {
			m, err := driver.Compile(c.config())
			if err != nil {
				t.Fatal(err)
			}
			f := m.Func("forward")
			plan, err := ir.StepPlan(f)
			if err != nil {
				t.Skipf("not causal: %v", err)
			}
			md, err := driver.LoadModel(ctx, m, flagValue(c.args, "weights")[0], "", backend.Options{})
			if err != nil {
				t.Fatal(err)
			}
			inputs, err := driver.ReadInputs(f, flagValue(c.args, "input"))
			if err != nil {
				t.Fatal(err)
			}
			for i, x := range inputs {
				if ax := plan.InputAxis[i]; ax >= 0 {
					if inputs[i], err = runtime.SliceAxis(x, ax, 0, 0); err != nil {
						t.Fatal(err)
					}
				}
			}
			whole, err := md.Run(ctx, "forward", inputs)
			if err != nil {
				t.Fatalf("forward: %v", err)
			}
			streamed, err := driver.Stream(ctx, md, f, inputs, driver.StreamOptions{})
			if err != nil {
				t.Fatalf("step: %v", err)
			}
			for i, name := range f.OutNames {
				w, s := whole[i], streamed[i]
				if ax := plan.OutAxis[i]; ax >= 0 && w.Shape[ax] != 0 {
					t.Errorf("%s: forward gives %v, want length 0 on axis %d", name, w.Shape, ax)
				}
				if !slices.Equal(w.Shape, s.Shape) {
					t.Errorf("%s: forward gives %v, step %v", name, w.Shape, s.Shape)
					continue
				}
				for j, v := range w.F {
					if s.F[j] != v {
						t.Errorf("%s[%d]: forward %g, step %g", name, j, v, s.F[j])
						break
					}
				}
			}
		})
	}
}

// TestInputTooShort: a series shorter than AR-Net's lag window is an input
// error naming the convolution and the size it would get, not a crash.
func TestInputTooShort(t *testing.T) {
	short := filepath.Join(t.TempDir(), "short.npy")
	if err := runtime.WriteNpy(short, runtime.New(runtime.F32, 2, 3)); err != nil {
		t.Fatal(err)
	}
	code, out, errs := seqc(t, "run", "examples/arnet/arnet.seq", "--config", "golden/reference/arnet/config.json",
		"--weights", "golden/reference/arnet/weights.safetensors", "--input", short, "--output", filepath.Join(t.TempDir(), "y.npy"))
	want := "arnet.seq:35:17: conv: the inputs are too short: f32[B, L-15, 1] has size L-15 = -12 with L=3"
	if code != exitBadInput || !strings.Contains(errs, want) {
		t.Errorf("exit %d, want %d with %q; got:\n%s%s", code, exitBadInput, want, out, errs)
	}
}
