package driver

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/seqc-dev/seqc/backend"
	_ "github.com/seqc-dev/seqc/backend/all" // every backend this build has
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// RunConfig says what `seqc run` runs.
type RunConfig struct {
	Config
	Weights string          // checkpoint: .safetensors, an index.json, or a folder
	Inputs  []string        // [NAME=]FILE.npy, by name or in argument order
	Func    string          // function to run; "" = forward
	Step    bool            // run the derived step form position by position
	Prefill int             // in step mode, positions fed at once before stepping
	Stream  string          // in step mode, the streamed input ("" = the only one that can)
	Horizon int             // recursive multi-step forecast of this many values (the model's next function)
	Stats   *backend.Stats  // filled with the run's statistics when set (whole-sequence runs)
	Modes   *ir.ModeReport  // filled with which mixers a forced mode reached, when set
	Exec    backend.Options // threads, forced mode, chunk, profiling
	// Placement, when set, is filled with where each op ran (the mixed
	// plan of a native backend).
	Placement *[]backend.Placement
	// CheckFinite checks every op's results for NaN and Inf and fails at
	// the first (a *backend.NonFiniteError with the op's position).
	CheckFinite bool
	// Progress, when set, is told what the run is doing (loading, running,
	// positions streamed); a *Progress from StartProgress draws it on a
	// terminal only.
	Progress *Progress
}

// checkRunMemory counts the activations (and, streamed, the state) of a
// run against the budget before anything runs.
func checkRunMemory(f *ir.Func, inputs []*runtime.Tensor, rc RunConfig) error {
	if rc.Budget == nil {
		return nil
	}
	env, err := backend.BindInputs(f, inputs)
	if err != nil {
		return err // the run reports it the same way
	}
	what := fmt.Sprintf("running %s on inputs of %s", f.Name, symbolList(env))
	if !rc.Step {
		n, err := ActivationBytes(f, env)
		if err != nil {
			return nil
		}
		return rc.Budget.Check(what, n)
	}
	plan, err := ir.StepPlanFor(f, rc.Stream)
	if err != nil {
		return nil // Stream reports it
	}
	batch := 1
	if plan.Batch != "" {
		batch = env[plan.Batch]
	}
	chunk := env[plan.Seq]
	env[plan.Seq] = min(max(rc.Prefill, 1), chunk)
	n, err := ActivationBytes(f, env)
	if err != nil {
		return nil
	}
	n = runtime.AddBytes(n, StreamBytes(f, rc.Stream, batch, chunk))
	// The outputs of every chunk are kept until they are joined.
	for i := range f.Outputs {
		env[plan.Seq] = chunk
		if shape, err := f.Outputs[i].Type.Shape.Eval(env); err == nil {
			n = runtime.AddBytes(n, runtime.MulBytes(2, runtime.ShapeBytes(shape, 4)))
		}
	}
	return rc.Budget.Check(what+" step by step", n)
}

// symbolList formats symbol values: "B=1, L=2048".
func symbolList(env map[string]int) string {
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, env[k])
	}
	return strings.Join(parts, ", ")
}

// Output is one named result.
type Output struct {
	Name   string
	Tensor *runtime.Tensor
}

// Run compiles the model, loads the weights and inputs, and evaluates the
// function whole or, with Step, through the streaming state.
func Run(ctx context.Context, rc RunConfig) ([]Output, error) {
	m, err := Compile(rc.Config)
	if err != nil {
		return nil, err
	}
	if rc.Weights != "" {
		rc.Progress.Phase("loading "+rc.Weights, 0, "")
	}
	md, err := LoadModelBudget(ctx, m, rc.Weights, rc.Backend, rc.Exec, rc.Budget)
	if err != nil {
		return nil, err
	}
	if rc.CheckFinite {
		ctx = backend.WithCheckFinite(ctx)
	}
	if rc.Placement != nil {
		*rc.Placement = md.Placement()
	}
	fn := rc.Func
	if fn == "" {
		fn = "forward"
	}
	if rc.Horizon > 0 {
		f, err := md.Func("next")
		if err != nil {
			return nil, fmt.Errorf("--horizon: %w", err)
		}
		inputs, err := ReadInputsBudget(f, rc.Inputs, rc.Budget)
		if err != nil {
			return nil, err
		}
		rc.Progress.Phase(fmt.Sprintf("forecasting %d steps", rc.Horizon), 0, "")
		t, err := Forecast(ctx, md, inputs[0], rc.Horizon)
		if err != nil {
			return nil, err
		}
		return []Output{{Name: "forecast", Tensor: t}}, nil
	}
	f, err := md.Func(fn)
	if err != nil {
		return nil, err
	}
	if rc.Exec.Mode != "" {
		report, err := ir.ForceMode(f, rc.Exec.Mode)
		if err != nil {
			return nil, err
		}
		if rc.Modes != nil {
			*rc.Modes = *report
		}
	}
	inputs, err := ReadInputsBudget(f, rc.Inputs, rc.Budget)
	if err != nil {
		return nil, err
	}
	if err := checkRunMemory(f, inputs, rc); err != nil {
		return nil, err
	}
	var outs []*runtime.Tensor
	if rc.Step {
		outs, err = Stream(ctx, md, f, inputs, StreamOptions{Input: rc.Stream, Prefill: rc.Prefill, Progress: rc.Progress})
	} else {
		rc.Progress.Phase("running "+fn, 0, "")
		var st backend.Stats
		outs, st, err = md.RunStats(ctx, fn, inputs)
		if rc.Stats != nil {
			*rc.Stats = st
		}
	}
	if err != nil {
		return nil, err
	}
	res := make([]Output, len(outs))
	for i, t := range outs {
		res[i] = Output{Name: f.OutNames[i], Tensor: t}
	}
	return res, nil
}

// LoadModel reads a checkpoint, checks it against the module and prepares
// the module on the named backend ("" = the interpreter).
func LoadModel(ctx context.Context, m *ir.Module, weights, backendName string, o backend.Options) (backend.Executable, error) {
	return LoadModelBudget(ctx, m, weights, backendName, o, nil)
}

// LoadModelBudget is LoadModel that checks the checkpoint's names and
// shapes before decoding any tensor (an unexpected tensor is never read)
// and counts the weights against the budget (nil: no limit).
func LoadModelBudget(ctx context.Context, m *ir.Module, weights, backendName string, o backend.Options, b *runtime.Budget) (backend.Executable, error) {
	w := map[string]*runtime.Tensor{}
	if weights != "" {
		specs, err := paramSpecs(m)
		if err != nil {
			return nil, err
		}
		if w, err = runtime.LoadWeightsFor(weights, specs, b); err != nil {
			return nil, err
		}
	} else if len(m.Params) > 0 {
		return nil, fmt.Errorf("model %s has %d parameters: give a checkpoint with --weights (or make one with seqc init)", m.Name, len(m.Params))
	}
	return backend.Prepare(ctx, backendName, m, w, weights, o)
}

// ReadInputs maps [NAME=]FILE.npy arguments onto the function's inputs.
func ReadInputs(f *ir.Func, args []string) ([]*runtime.Tensor, error) {
	return ReadInputsBudget(f, args, nil)
}

// ReadInputsBudget is ReadInputs that counts each input against the budget
// (from its header, before its data is read).
func ReadInputsBudget(f *ir.Func, args []string, b *runtime.Budget) ([]*runtime.Tensor, error) {
	out := make([]*runtime.Tensor, len(f.Inputs))
	next := 0
	for _, a := range args {
		name, path, named := strings.Cut(a, "=")
		i := next
		if named {
			i = -1
			for j, v := range f.Inputs {
				if v.Name == name {
					i = j
				}
			}
			if i < 0 {
				return nil, fmt.Errorf("--input %s: %s has no input %s (inputs: %s)", a, f.Name, name, inputList(f))
			}
		} else {
			path = a
			for i < len(out) && out[i] != nil {
				i++
			}
			if i >= len(out) {
				return nil, fmt.Errorf("--input %s: %s takes only %d inputs (%s)", a, f.Name, len(f.Inputs), inputList(f))
			}
			next = i + 1
		}
		if out[i] != nil {
			return nil, fmt.Errorf("--input %s: input %s given twice", a, f.Inputs[i].Name)
		}
		t, err := runtime.ReadNpyBudget(path, b)
		if err != nil {
			return nil, fmt.Errorf("--input %s: %w", a, err)
		}
		out[i] = t
	}
	for i, t := range out {
		if t == nil {
			return nil, fmt.Errorf("missing --input for %s %s (inputs: %s)", f.Inputs[i].Name, f.Inputs[i].Type, inputList(f))
		}
	}
	return out, nil
}

func inputList(f *ir.Func) string {
	parts := make([]string, len(f.Inputs))
	for i, v := range f.Inputs {
		parts[i] = v.Name + ": " + v.Type.String()
	}
	return strings.Join(parts, ", ")
}

// StreamOptions say how Stream feeds a function.
type StreamOptions struct {
	Input   string // the streamed input or sequence symbol; "" = the only one that can stream
	Prefill int    // positions fed at once first; then one at a time
	Chunks  []int  // chunk sizes fed in turn (after Prefill); positions left then go one at a time
	// Progress, when set, is told of the positions fed.
	Progress *Progress
}

// Stream runs f through the step form: the inputs that do not stream are
// given once when the stream starts, the streamed ones in chunks (Prefill
// positions at once, then Chunks, then one at a time). Outputs with a
// sequence axis are joined along it; the others (final states) are taken
// from the last chunk.
func Stream(ctx context.Context, md backend.Executable, f *ir.Func, inputs []*runtime.Tensor, o StreamOptions) ([]*runtime.Tensor, error) {
	plan, err := ir.StepPlanFor(f, o.Input)
	if err != nil {
		return nil, err
	}
	env, err := backend.BindInputs(f, inputs)
	if err != nil {
		return nil, err
	}
	fixed := map[string]*runtime.Tensor{}
	for i, v := range f.Inputs {
		if plan.InputAxis[i] < 0 {
			fixed[v.Name] = inputs[i]
		}
	}
	st, err := md.NewState(f.Name, backend.Stream{Input: o.Input, Fixed: fixed})
	if err != nil {
		return nil, err
	}
	total := env[plan.Seq]
	streamed := plan.Streamed()
	per := make([]int, len(f.Inputs)) // input sizes per position along the sequence
	for _, i := range streamed {
		per[i] = f.Inputs[i].Type.Shape[plan.InputAxis[i]].Mul
	}
	sizes := o.Chunks
	if o.Prefill > 0 {
		sizes = append([]int{o.Prefill}, sizes...)
	}
	var chunks [][]*runtime.Tensor
	feed := func(t, n int) error {
		chunk := make([]*runtime.Tensor, len(streamed))
		for j, i := range streamed {
			var err error
			if chunk[j], err = runtime.SliceAxis(inputs[i], plan.InputAxis[i], t*per[i], (t+n)*per[i]); err != nil {
				return err
			}
		}
		outs, err := md.Prefill(ctx, st, chunk)
		if err != nil {
			return fmt.Errorf("position %d: %w", t, err)
		}
		chunks = append(chunks, outs)
		o.Progress.Set(int64(t + n))
		return nil
	}
	o.Progress.Phase("streaming "+f.Name, int64(total), "positions")
	if total == 0 { // no positions: one empty chunk gives outputs of the right shapes
		if err := feed(0, 0); err != nil {
			return nil, err
		}
	}
	for t, c := 0, 0; t < total; c++ {
		n := 1
		if c < len(sizes) {
			n = min(max(sizes[c], 0), total-t)
		}
		if err := feed(t, n); err != nil {
			return nil, err
		}
		t += n
	}
	res := make([]*runtime.Tensor, len(f.Outputs))
	for i := range f.Outputs {
		if ax := plan.OutAxis[i]; ax >= 0 {
			parts := make([]*runtime.Tensor, len(chunks))
			for c := range chunks {
				parts[c] = chunks[c][i]
			}
			if res[i], err = runtime.Concat(parts, ax); err != nil {
				return nil, err
			}
		} else {
			res[i] = chunks[len(chunks)-1][i]
		}
	}
	return res, nil
}
