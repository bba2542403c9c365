package interp_test

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

type testModel struct {
	file string
	set  map[string]string
}

var streamModels = map[string]testModel{
	"mamba_lm":     {"../../examples/mamba/mamba_lm.seq", map[string]string{"d_model": "16", "n_layer": "2", "vocab_size": "32", "pad_vocab_size_multiple": "1", "d_state": "4"}},
	"mamba2":       {"../../examples/mamba/mamba2_mixer.seq", map[string]string{"d_model": "16", "headdim": "8", "d_state": "8", "ngroups": "2"}},
	"s4d":          {"../../examples/s4d/s4d.seq", map[string]string{"d_model": "8", "d_state": "8"}},
	"s5":           {"../../examples/s5/s5_block.seq", map[string]string{"H": "8", "P": "4"}},
	"llama":        {"../../examples/llama/llama.seq", map[string]string{"vocab_size": "32", "hidden_size": "16", "intermediate_size": "24", "num_hidden_layers": "2", "num_attention_heads": "4", "num_key_value_heads": "2"}},
	"lstm":         {"../../examples/rnn/lstm.seq", map[string]string{"input_size": "3", "hidden_size": "5"}},
	"gru":          {"../../examples/rnn/gru.seq", map[string]string{"input_size": "3", "hidden_size": "5"}},
	"deltaproduct": {"../../examples/linear_attention/deltaproduct.seq", nil},
	"gla":          {"../../examples/linear_attention/gla.seq", nil},
}

func build(t *testing.T, tm testModel, o interp.Options) *interp.Model {
	t.Helper()
	m, err := driver.Compile(driver.Config{Path: tm.file, Set: tm.set})
	if err != nil {
		t.Fatal(err)
	}
	w, err := driver.InitWeights(m, 7)
	if err != nil {
		t.Fatal(err)
	}
	md, err := interp.New(m, w, "init", o)
	if err != nil {
		t.Fatal(err)
	}
	return md
}

// randomInputs makes inputs for f with B and the sequence symbol bound.
func randomInputs(t *testing.T, f *ir.Func, b, l int, rng *rand.Rand) []*runtime.Tensor {
	t.Helper()
	env := map[string]int{"B": b}
	for _, v := range f.Inputs {
		for ax, d := range v.Type.Shape {
			if !d.IsConst() && d.Mul == 1 && d.Div == 1 && d.Add == 0 {
				if _, ok := env[d.Sym]; !ok {
					if ax == 1 {
						env[d.Sym] = l
					} else {
						env[d.Sym] = 2 + rng.IntN(2)
					}
				}
			}
		}
	}
	out := make([]*runtime.Tensor, len(f.Inputs))
	for i, v := range f.Inputs {
		shape, err := v.Type.Shape.Eval(env)
		if err != nil {
			t.Fatal(err)
		}
		x := runtime.New(runtime.DType(v.Type.DType), shape...)
		for j := range x.F {
			x.F[j] = float32(rng.NormFloat64())
		}
		for j := range x.I {
			x.I[j] = int32(rng.IntN(16))
		}
		if v.Name == "g" || v.Name == "gk" { // log-space gates are <= 0
			for j := range x.F {
				x.F[j] = -float32(math.Abs(float64(x.F[j]))) * 0.3
			}
		}
		if v.Name == "beta" {
			for j := range x.F {
				x.F[j] = float32(1 / (1 + math.Exp(-float64(x.F[j]))))
			}
		}
		if v.Name == "k" { // delta rules need bounded keys
			for j := range x.F {
				x.F[j] *= 0.25
			}
		}
		out[i] = x
	}
	return out
}

func close(t *testing.T, what string, got, want *runtime.Tensor, tol float64) {
	t.Helper()
	if !runtime.ShapeEqual(got.Shape, want.Shape) {
		t.Fatalf("%s: shape %s, want %s", what, got.ShapeString(), want.ShapeString())
	}
	for i := range want.F {
		g, w := float64(got.F[i]), float64(want.F[i])
		if math.IsNaN(g) || math.Abs(g-w) > tol*(1+math.Abs(w)) {
			t.Fatalf("%s: element %d: %g, want %g", what, i, g, w)
		}
	}
}

// TestPrefillStepEqualsForward: Prefill(a) then Step over b gives the
// forward outputs of a ++ b; a snapshot restored replays identically.
func TestPrefillStepEqualsForward(t *testing.T) {
	ctx := context.Background()
	for name, tm := range streamModels {
		t.Run(name, func(t *testing.T) {
			md := build(t, tm, interp.Options{})
			f := md.M.Func("forward")
			rng := rand.New(rand.NewPCG(1, 2))
			for _, b := range []int{1, 3} {
				l := 11
				in := randomInputs(t, f, b, l, rng)
				want, err := md.Run(ctx, "forward", in)
				if err != nil {
					t.Fatal(err)
				}
				st, err := md.NewState("forward", interp.Stream{})
				if err != nil {
					t.Fatal(err)
				}
				plan := st.Plan()
				slice := func(lo, hi int) []*runtime.Tensor {
					out := make([]*runtime.Tensor, len(in))
					for i, x := range in {
						ax := plan.InputAxis[i]
						if ax < 0 {
							out[i] = x
							continue
						}
						per := x.Shape[ax] / l
						s, err := runtime.SliceAxis(x, ax, lo*per, hi*per)
						if err != nil {
							t.Fatal(err)
						}
						out[i] = s
					}
					return out
				}
				var parts [][]*runtime.Tensor
				first, err := md.Prefill(ctx, st, slice(0, 4))
				if err != nil {
					t.Fatal(err)
				}
				parts = append(parts, first)
				snap := st.Snapshot()
				var replay [][]*runtime.Tensor
				for pass := 0; pass < 2; pass++ {
					if pass == 1 {
						if err := st.Restore(snap); err != nil {
							t.Fatal(err)
						}
					}
					for p := 4; p < l; p++ {
						o, err := md.Step(ctx, st, slice(p, p+1))
						if err != nil {
							t.Fatal(err)
						}
						if pass == 0 {
							parts = append(parts, o)
						} else {
							replay = append(replay, o)
						}
					}
				}
				for p := range replay {
					for i := range replay[p] {
						if !equalBits(replay[p][i], parts[p+1][i]) {
							t.Fatalf("restored snapshot replays differently at step %d", p)
						}
					}
				}
				for i := range f.Outputs {
					ax := plan.OutAxis[i]
					if ax < 0 {
						close(t, f.OutNames[i], parts[len(parts)-1][i], want[i], 1e-4)
						continue
					}
					cols := make([]*runtime.Tensor, len(parts))
					for p := range parts {
						cols[p] = parts[p][i]
					}
					got, err := runtime.Concat(cols, ax)
					if err != nil {
						t.Fatal(err)
					}
					close(t, f.OutNames[i], got, want[i], 1e-4)
				}
			}
		})
	}
}

func equalBits(a, b *runtime.Tensor) bool {
	if len(a.F) != len(b.F) {
		return false
	}
	for i := range a.F {
		if math.Float32bits(a.F[i]) != math.Float32bits(b.F[i]) {
			return false
		}
	}
	return true
}

// TestModesAgree runs models at odd lengths and batch sizes in every
// applicable mode and chunk sizes that do not divide the length.
func TestModesAgree(t *testing.T) {
	ctx := context.Background()
	models := map[string]testModel{
		"mamba":  {"../../examples/mamba/mamba_mixer.seq", map[string]string{"d_model": "8", "d_state": "4"}},
		"mamba2": streamModels["mamba2"],
		"hydra":  {"../../examples/hydra/hydra.seq", map[string]string{"d_model": "8", "headdim": "4", "d_state": "4"}},
		"s4d":    streamModels["s4d"],
		"s5":     streamModels["s5"],
		"gla":    streamModels["gla"],
	}
	for name, tm := range models {
		t.Run(name, func(t *testing.T) {
			ref := build(t, tm, interp.Options{Mode: "scan"})
			f := ref.M.Func("forward")
			rng := rand.New(rand.NewPCG(3, 4))
			for _, l := range []int{1, 7, 63} {
				for _, b := range []int{1, 3} {
					in := randomInputs(t, f, b, l, rng)
					want, err := ref.Run(ctx, "forward", in)
					if err != nil {
						t.Fatal(err)
					}
					for _, mode := range ir.ApplicableModes(ref.M) {
						for _, chunk := range []int{5, 16} {
							md := build(t, tm, interp.Options{Mode: mode, Chunk: chunk})
							got, err := md.Run(ctx, "forward", in)
							if err != nil {
								t.Fatalf("mode %s: %v", mode, err)
							}
							for i := range got {
								close(t, mode+" "+f.OutNames[i], got[i], want[i], 2e-4)
							}
						}
					}
				}
			}
		})
	}
}

// TestThreadsDeterministic: results do not depend on the thread count.
func TestThreadsDeterministic(t *testing.T) {
	defer forceThreads()()
	ctx := context.Background()
	tm := streamModels["mamba_lm"]
	one, two := build(t, tm, interp.Options{Threads: 1}), build(t, tm, interp.Options{Threads: 2})
	in := randomInputs(t, one.M.Func("forward"), 3, 40, rand.New(rand.NewPCG(5, 6)))
	a, _ := one.Run(ctx, "forward", in)
	b, _ := two.Run(ctx, "forward", in)
	if !equalBits(a[0], b[0]) {
		t.Fatal("1 and 2 threads give different bits")
	}
}

// TestConcurrentRuns: one Model serves concurrent Run calls (run with -race).
func TestConcurrentRuns(t *testing.T) {
	ctx := context.Background()
	md := build(t, streamModels["llama"], interp.Options{})
	in := randomInputs(t, md.M.Func("forward"), 2, 9, rand.New(rand.NewPCG(7, 8)))
	want, err := md.Run(ctx, "forward", in)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := md.Run(ctx, "forward", in)
			if err != nil || !equalBits(got[0], want[0]) {
				errs <- "concurrent run differs"
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatal(<-errs)
	}
}

// TestWeightErrors: missing, unexpected and mis-shaped tensors are all
// named in one error.
func TestWeightErrors(t *testing.T) {
	m, err := driver.Compile(driver.Config{Path: streamModels["mamba_lm"].file, Set: streamModels["mamba_lm"].set})
	if err != nil {
		t.Fatal(err)
	}
	w, _ := driver.InitWeights(m, 1)
	delete(w, "backbone.norm_f.weight")
	w["extra.weight"] = runtime.New(runtime.F32, 3)
	w["backbone.layers.0.mixer.D"] = runtime.New(runtime.F32, 5)
	_, err = interp.New(m, w, "w.safetensors", interp.Options{})
	if err == nil {
		t.Fatal("bad weights accepted")
	}
	for _, s := range []string{"backbone.norm_f.weight", "extra.weight", "backbone.layers.0.mixer.D", "[5]", "[32]"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error does not mention %s:\n%v", s, err)
		}
	}
	// The tied lm_head.weight may be absent, and the step form refuses non-causal models.
	hm, err := driver.Compile(driver.Config{Path: "../../examples/hydra/hydra.seq", Set: map[string]string{"d_model": "8", "headdim": "4", "d_state": "4"}})
	if err != nil {
		t.Fatal(err)
	}
	hw, _ := driver.InitWeights(hm, 1)
	md, err := interp.New(hm, hw, "init", interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := md.NewState("forward", interp.Stream{}); err == nil || !strings.Contains(err.Error(), "not causal") {
		t.Errorf("hydra streamed: %v", err)
	}
}

// TestConcurrentLTI: concurrent runs of a time-invariant SSM share the
// cached kernel spectra safely (run with -race).
func TestConcurrentLTI(t *testing.T) {
	ctx := context.Background()
	md := build(t, streamModels["s4d"], interp.Options{Mode: "conv"})
	in := randomInputs(t, md.M.Func("forward"), 2, 33, rand.New(rand.NewPCG(3, 3)))
	var wg sync.WaitGroup
	outs := make([]*runtime.Tensor, 6)
	for g := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o, err := md.Run(ctx, "forward", in)
			if err == nil {
				outs[g] = o[0]
			}
		}()
	}
	wg.Wait()
	for g := range outs {
		if outs[g] == nil || !equalBits(outs[g], outs[0]) {
			t.Fatalf("concurrent run %d differs or failed", g)
		}
	}
}

// TestStepErrors: misuse of the step API is an error, never a panic.
func TestStepErrors(t *testing.T) {
	ctx := context.Background()
	for name, tm := range streamModels {
		md := build(t, tm, interp.Options{})
		in := randomInputs(t, md.M.Func("forward"), 1, 2, rand.New(rand.NewPCG(1, 2)))
		st, err := md.NewState("forward", interp.Stream{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := md.Step(ctx, st, in); err == nil || !strings.Contains(err.Error(), "step takes one position, got 2") {
			t.Errorf("%s: Step on two positions: %v", name, err)
		}
		if _, err := md.Step(ctx, nil, in); err == nil || !strings.Contains(err.Error(), "nil state") {
			t.Errorf("%s: Step with a nil state: %v", name, err)
		}
		if _, err := md.Prefill(ctx, nil, in); err == nil || !strings.Contains(err.Error(), "nil state") {
			t.Errorf("%s: Prefill with a nil state: %v", name, err)
		}
		if st.Pos() != 0 {
			t.Errorf("%s: failed calls moved the state to %d", name, st.Pos())
		}
	}
}
