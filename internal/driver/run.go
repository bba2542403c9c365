package driver

import (
	"context"
	"fmt"
	"strings"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// RunConfig says what `seqc run` runs.
type RunConfig struct {
	Config
	Weights string        // checkpoint: .safetensors, an index.json, or a folder
	Inputs  []string      // [NAME=]FILE.npy, by name or in argument order
	Func    string        // function to run; "" = forward
	Step    bool          // run the derived step form position by position
	Prefill int           // in step mode, positions fed at once before stepping
	Horizon int           // recursive multi-step forecast of this many values (the model's next function)
	Stats   *interp.Stats // filled with the run's statistics when set (whole-sequence runs)
	Interp  interp.Options
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
	md, err := LoadModel(m, rc.Weights, rc.Interp)
	if err != nil {
		return nil, err
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
		inputs, err := ReadInputs(f, rc.Inputs)
		if err != nil {
			return nil, err
		}
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
	inputs, err := ReadInputs(f, rc.Inputs)
	if err != nil {
		return nil, err
	}
	var outs []*runtime.Tensor
	if rc.Step {
		outs, err = Stream(ctx, md, f, inputs, rc.Prefill)
	} else {
		var st interp.Stats
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

// LoadModel reads a checkpoint and checks it against the module.
func LoadModel(m *ir.Module, weights string, o interp.Options) (*interp.Model, error) {
	w := map[string]*runtime.Tensor{}
	if weights != "" {
		var err error
		if w, err = runtime.LoadWeights(weights); err != nil {
			return nil, err
		}
	} else if len(m.Params) > 0 {
		return nil, fmt.Errorf("model %s has %d parameters: give a checkpoint with --weights (or make one with seqc init)", m.Name, len(m.Params))
	}
	return interp.New(m, w, weights, o)
}

// ReadInputs maps [NAME=]FILE.npy arguments onto the function's inputs.
func ReadInputs(f *ir.Func, args []string) ([]*runtime.Tensor, error) {
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
		t, err := runtime.ReadNpy(path)
		if err != nil {
			return nil, err
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

// Stream runs f through the step form: the first prefill positions at
// once, then one position at a time. Outputs with a sequence axis are
// joined along it; the others (final states) are taken from the last step.
func Stream(ctx context.Context, md *interp.Model, f *ir.Func, inputs []*runtime.Tensor, prefill int) ([]*runtime.Tensor, error) {
	st, err := md.NewState(f.Name)
	if err != nil {
		return nil, err
	}
	plan := st.Plan()
	env, err := interp.BindInputs(f, inputs)
	if err != nil {
		return nil, err
	}
	total := env[plan.Seq]
	per := make([]int, len(f.Inputs)) // positions of each input per step
	for i, v := range f.Inputs {
		if ax := plan.InputAxis[i]; ax >= 0 {
			d := v.Type.Shape[ax]
			if d.Div != 1 || d.Add != 0 {
				return nil, fmt.Errorf("input %s: cannot stream a sequence axis of %s", v.Name, d)
			}
			per[i] = d.Mul
		}
	}
	var chunks [][]*runtime.Tensor
	if total == 0 { // no positions: one empty prefill gives outputs of the right shapes
		outs, err := md.Prefill(ctx, st, inputs)
		if err != nil {
			return nil, err
		}
		chunks = append(chunks, outs)
	}
	for t := 0; t < total; {
		n := 1
		if t == 0 && prefill > 0 {
			n = min(prefill, total)
		}
		step := make([]*runtime.Tensor, len(inputs))
		for i, x := range inputs {
			if per[i] == 0 {
				step[i] = x
				continue
			}
			if step[i], err = runtime.SliceAxis(x, plan.InputAxis[i], t*per[i], (t+n)*per[i]); err != nil {
				return nil, err
			}
		}
		outs, err := md.Prefill(ctx, st, step)
		if err != nil {
			return nil, fmt.Errorf("position %d: %w", t, err)
		}
		chunks = append(chunks, outs)
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
