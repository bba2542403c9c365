package interp_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/interp"
	ssmk "github.com/seqc-dev/seqc/backend/interp/kernels/ssm"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// Regression tests for issue 12 (hostile input never crashes, hangs or
// corrupts state), the items the interpreter answers for.

// TestBadInputsAreErrors (item 1): a tensor whose data does not match its
// shape, ids outside the vocabulary, and the wrong dtype are errors from
// Run, Prefill and Step, never a panic in a kernel's worker goroutine.
func TestBadInputsAreErrors(t *testing.T) {
	ctx := context.Background()
	md := build(t, streamModels["mamba_lm"], interp.Options{Threads: 4})
	good := func() *runtime.Tensor { return runtime.New(runtime.I32, 1, 8) }
	cases := []struct {
		name string
		in   *runtime.Tensor
		want string
	}{
		{"one id short", &runtime.Tensor{DType: runtime.I32, Shape: []int{1, 8}, I: make([]int32, 7)}, "needs 8 values, has 7"},
		{"one id long", &runtime.Tensor{DType: runtime.I32, Shape: []int{1, 8}, I: make([]int32, 9)}, "needs 8 values, has 9"},
		{"floats for ids", &runtime.Tensor{DType: runtime.F32, Shape: []int{1, 8}, F: make([]float32, 8)}, "input input_ids is f32"},
		{"negative dimension", &runtime.Tensor{DType: runtime.I32, Shape: []int{1, -8}}, "negative dimension"},
		{"nil tensor", nil, "missing"},
		{"id past the vocabulary", func() *runtime.Tensor { x := good(); x.I[5] = 32; return x }(), "index 32 out of range for a table of 32 rows (position 5)"},
		{"negative id", func() *runtime.Tensor { x := good(); x.I[0] = -1; return x }(), "index -1 out of range"},
	}
	for _, c := range cases {
		_, err := md.Run(ctx, "forward", []*runtime.Tensor{c.in})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Run with %s: %v, want an error with %q", c.name, err, c.want)
		}
		var ie *interp.InternalError
		if errors.As(err, &ie) {
			t.Errorf("Run with %s: an internal error, want a bad-input error: %v", c.name, err)
		}
		st, err := md.NewState("forward", interp.Stream{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := md.Prefill(ctx, st, []*runtime.Tensor{c.in}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Prefill with %s: %v, want an error with %q", c.name, err, c.want)
		}
		if st.Pos() != 0 {
			t.Errorf("Prefill with %s moved the state to %d", c.name, st.Pos())
		}
	}
	// The id error names the op's position in the .seq file.
	x := good()
	x.I[3] = 1000
	if _, err := md.Run(ctx, "forward", []*runtime.Tensor{x}); err == nil || !strings.Contains(err.Error(), ".seq:") || !strings.Contains(err.Error(), "take") {
		t.Errorf("an id out of range: %v, want the take op's .seq position", err)
	}
}

// TestFailedChunkLeavesState (item 2): a Prefill or Step that fails (a bad
// chunk, an id out of range found in a later layer, a cancelled context)
// leaves the state exactly as before it: the next steps give the logits of
// a stream that never saw the failed call.
func TestFailedChunkLeavesState(t *testing.T) {
	for _, name := range []string{"mamba_lm", "llama"} {
		md := build(t, streamModels[name], interp.Options{})
		f := md.M.Func("forward")
		rng := rand.New(rand.NewPCG(3, 4))
		in := randomInputs(t, f, 1, 6, rng)[0]
		ctx := context.Background()
		feed := func(st backend.State, lo, hi int) []*runtime.Tensor {
			t.Helper()
			chunk, err := runtime.SliceAxis(in, 1, lo, hi)
			if err != nil {
				t.Fatal(err)
			}
			out, err := md.Prefill(ctx, st, []*runtime.Tensor{chunk})
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		clean, _ := md.NewState("forward", interp.Stream{})
		feed(clean, 0, 3)
		want := feed(clean, 3, 6)

		st, _ := md.NewState("forward", interp.Stream{})
		feed(st, 0, 3)
		bad := runtime.New(runtime.I32, 1, 2)
		bad.I[1] = 1 << 20 // fails in the embedding, after nothing; the state must not move
		if _, err := md.Prefill(ctx, st, []*runtime.Tensor{bad}); err == nil {
			t.Fatalf("%s: a chunk with an id out of range succeeded", name)
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		chunk, _ := runtime.SliceAxis(in, 1, 3, 5)
		if _, err := md.Prefill(cancelled, st, []*runtime.Tensor{chunk}); !errors.Is(err, context.Canceled) {
			t.Fatalf("%s: a cancelled Prefill: %v", name, err)
		}
		if st.Pos() != 3 {
			t.Fatalf("%s: failed calls moved the state to %d, want 3", name, st.Pos())
		}
		got := feed(st, 3, 6)
		close(t, name+": logits after failed calls", got[0], want[0], 0)
	}
}

// TestStateBelongsToModel (item 3): a state is accepted only by the model
// that made it; another model's (or another load's) state, and nil, are
// errors.
func TestStateBelongsToModel(t *testing.T) {
	ctx := context.Background()
	llama := build(t, streamModels["llama"], interp.Options{})
	mamba := build(t, streamModels["mamba_lm"], interp.Options{})
	mamba2 := build(t, streamModels["mamba_lm"], interp.Options{}) // the same model, loaded again
	st, err := mamba.NewState("forward", interp.Stream{})
	if err != nil {
		t.Fatal(err)
	}
	ids := runtime.New(runtime.I32, 1, 1)
	for name, md := range map[string]*interp.Model{"llama": llama, "another load": mamba2} {
		if _, err := md.Step(ctx, st, []*runtime.Tensor{ids}); err == nil || !strings.Contains(err.Error(), "another model") {
			t.Errorf("%s stepped a state of another model: %v", name, err)
		}
	}
	if _, err := mamba.Step(ctx, nil, []*runtime.Tensor{ids}); err == nil || !strings.Contains(err.Error(), "nil state") {
		t.Errorf("Step with a nil state: %v", err)
	}
	if _, err := mamba.Step(ctx, st, []*runtime.Tensor{ids}); err != nil {
		t.Errorf("the owner's Step failed: %v", err)
	}
}

// TestFFTConvNonFinite (item 12): a NaN or Inf at the last position of the
// input of an FFT-convolution form stays at the positions causality puts it
// (the run falls back to the causal scan for that call), for S4D and S5
// (the conv mode of an SSM) and Mamba-2 (the FFT form of its conv1d).
func TestFFTConvNonFinite(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"s4d", "s5", "mamba2"} {
		conv := build(t, streamModels[name], interp.Options{Mode: "conv"})
		scan := build(t, streamModels[name], interp.Options{Mode: "scan"})
		f := conv.M.Func("forward")
		rng := rand.New(rand.NewPCG(5, 6))
		in := randomInputs(t, f, 2, 16, rng)
		for _, bad := range []float32{float32(math.NaN()), float32(math.Inf(1))} {
			x := in[0].Clone()
			per := len(x.F) / (x.Shape[0] * x.Shape[1])
			x.F[len(x.F)/2-1] = bad // the last position of the first sequence
			got, err := conv.Run(ctx, "forward", []*runtime.Tensor{x})
			if err != nil {
				t.Fatal(err)
			}
			want, err := scan.Run(ctx, "forward", []*runtime.Tensor{x})
			if err != nil {
				t.Fatal(err)
			}
			y := got[0].F
			for i := 0; i < (x.Shape[1]-1)*per; i++ { // every earlier position of the first sequence
				if math.IsNaN(float64(y[i])) || math.IsInf(float64(y[i]), 0) {
					t.Fatalf("%s: %v at the last position made element %d (position %d) %v", name, bad, i, i/per, y[i])
				}
			}
			for i := len(y) / 2; i < len(y); i++ { // the other sequence
				if math.IsNaN(float64(y[i])) {
					t.Fatalf("%s: %v in one sequence reached the other", name, bad)
				}
			}
			close(t, name+" conv vs scan, before the bad position", &runtime.Tensor{DType: runtime.F32, Shape: []int{len(y) / 2}, F: y[:(x.Shape[1]-1)*per]},
				&runtime.Tensor{DType: runtime.F32, Shape: []int{len(y) / 2}, F: want[0].F[:(x.Shape[1]-1)*per]}, 1e-3)
		}
	}
}

// TestCheckFinite (item 12): under backend.WithCheckFinite a run fails at
// the first op that produces a NaN or an infinity, naming its .seq
// position; a NaN in an input is reported as the input's.
func TestCheckFinite(t *testing.T) {
	md := build(t, streamModels["s4d"], interp.Options{})
	f := md.M.Func("forward")
	in := randomInputs(t, f, 1, 4, rand.New(rand.NewPCG(1, 1)))
	ctx := backend.WithCheckFinite(context.Background())
	if _, err := md.Run(ctx, "forward", in); err != nil {
		t.Fatalf("finite inputs: %v", err)
	}
	x := in[0].Clone()
	x.F[5] = float32(math.Inf(-1))
	_, err := md.Run(ctx, "forward", []*runtime.Tensor{x})
	var nf *backend.NonFiniteError
	if !errors.As(err, &nf) || !nf.Input || !strings.Contains(err.Error(), "input input") {
		t.Fatalf("an infinite input: %v", err)
	}
	// Huge but finite inputs overflow inside the model: the op is named.
	for i := range x.F {
		x.F[i] = 3e38
	}
	_, err = md.Run(ctx, "forward", []*runtime.Tensor{x})
	if !errors.As(err, &nf) || nf.Input || !strings.Contains(err.Error(), ".seq:") || !strings.Contains(err.Error(), "produced the non-finite value") {
		t.Fatalf("an overflow inside the model: %v", err)
	}
	// Without the check, the same run succeeds (with non-finite outputs).
	if _, err := md.Run(context.Background(), "forward", []*runtime.Tensor{x}); err != nil {
		t.Fatalf("unchecked run: %v", err)
	}
}

// TestShiftInt and TestConvFFTEmpty: two interpreter bugs the LLVM
// kernels' tests found (shift of an i32 tensor copied float data; the FFT
// conv of an empty sequence with padding indexed past its input).
func TestShiftInt(t *testing.T) {
	m, err := ir.Parse("module M\n\nfunc forward(%1 x: i32[B, L]) -> (y: i32[B, L]) {\n  %2 = shift %1 {axis=1, n=1} : i32[B, L]\n  return %2\n}\n")
	if err != nil {
		t.Fatal(err)
	}
	md, err := interp.New(m, nil, "none", interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	x := runtime.New(runtime.I32, 1, 3)
	copy(x.I, []int32{7, 8, 9})
	out, err := md.Run(context.Background(), "forward", []*runtime.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	if got := out[0].I; got[0] != 0 || got[1] != 7 || got[2] != 8 {
		t.Errorf("shift of [7 8 9] = %v, want [0 7 8]", got)
	}
}

func TestConvFFTEmpty(t *testing.T) {
	c := &ssmk.Conv{B: 1, Lin: 0, C: 2, W: 3, PadLeft: 2, PadRight: 2, X: nil, Wt: make([]float32, 6), Bias: []float32{1, 2}}
	c.Y = make([]float32, c.Lout()*2)
	if err := ssmk.ConvFFT(c); err != nil {
		t.Fatal(err)
	}
	for i, v := range c.Y {
		if v != c.Bias[i%2] {
			t.Fatalf("y = %v, want the bias at every position", c.Y)
		}
	}
}
