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
	Weights string   // checkpoint: .safetensors, an index.json, or a folder
	Inputs  []string // [NAME=]FILE.npy, by name or in argument order
	Func    string   // function to run; "" = forward
	Step    bool     // run the derived step form position by position
	Prefill int      // in step mode, positions fed at once before stepping
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
		outs, err = md.Run(ctx, fn, inputs)
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
	plan, _ := ir.StepPlan(f)
	env, err := interp.BindInputs(f, inputs)
	if err != nil {
		return nil, err
	}
	total := env[plan.Seq]
	per := make([]int, len(f.Inputs)) // positions of each input per step
	for i, v := range f.Inputs {
		if len(v.Type.Shape) >= 2 && v.Type.Shape[1].Sym == plan.Seq {
			d := v.Type.Shape[1]
			if d.Div != 1 || d.Add != 0 {
				return nil, fmt.Errorf("input %s: cannot stream a sequence axis of %s", v.Name, d)
			}
			per[i] = d.Mul
		}
	}
	var chunks [][]*runtime.Tensor
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
			step[i] = sliceSeq(x, t*per[i], (t+n)*per[i])
		}
		outs, err := md.Prefill(ctx, st, step)
		if err != nil {
			return nil, fmt.Errorf("position %d: %w", t, err)
		}
		chunks = append(chunks, outs)
		t += n
	}
	res := make([]*runtime.Tensor, len(f.Outputs))
	for i, o := range f.Outputs {
		if len(o.Type.Shape) >= 2 && o.Type.Shape[1].Sym == plan.Seq {
			parts := make([]*runtime.Tensor, len(chunks))
			for c := range chunks {
				parts[c] = chunks[c][i]
			}
			res[i] = joinSeq(parts)
		} else if len(chunks) > 0 {
			res[i] = chunks[len(chunks)-1][i]
		}
	}
	return res, nil
}

// sliceSeq copies positions [lo, hi) of a [B, L, ...] tensor.
func sliceSeq(x *runtime.Tensor, lo, hi int) *runtime.Tensor {
	shape := append([]int{}, x.Shape...)
	shape[1] = hi - lo
	out := runtime.New(x.DType, shape...)
	inner := 1
	for _, d := range x.Shape[2:] {
		inner *= d
	}
	w := 1
	if x.DType == runtime.C64 {
		w = 2
	}
	for b := 0; b < x.Shape[0]; b++ {
		src := (b*x.Shape[1] + lo) * inner
		dst := b * (hi - lo) * inner
		n := (hi - lo) * inner
		if x.DType == runtime.I32 {
			copy(out.I[dst:dst+n], x.I[src:src+n])
		} else {
			copy(out.F[dst*w:(dst+n)*w], x.F[src*w:(src+n)*w])
		}
	}
	return out
}

// joinSeq concatenates [B, l_i, ...] tensors along axis 1.
func joinSeq(parts []*runtime.Tensor) *runtime.Tensor {
	shape := append([]int{}, parts[0].Shape...)
	shape[1] = 0
	for _, p := range parts {
		shape[1] += p.Shape[1]
	}
	out := runtime.New(parts[0].DType, shape...)
	at := 0
	for _, p := range parts {
		for b := 0; b < shape[0]; b++ {
			inner := len(p.F) / max(1, p.Shape[0]*p.Shape[1])
			if p.DType == runtime.I32 {
				inner = len(p.I) / max(1, p.Shape[0]*p.Shape[1])
			}
			src := b * p.Shape[1] * inner
			dst := (b*shape[1] + at) * inner
			n := p.Shape[1] * inner
			if p.DType == runtime.I32 {
				copy(out.I[dst:dst+n], p.I[src:src+n])
			} else {
				copy(out.F[dst:dst+n], p.F[src:src+n])
			}
		}
		at += p.Shape[1]
	}
	return out
}
