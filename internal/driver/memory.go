package driver

import (
	"fmt"
	"math"
	"strings"

	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// paramSpecs lists what a checkpoint must hold for m (the names, shapes and
// ties of its parameters).
func paramSpecs(m *ir.Module) ([]runtime.ParamSpec, error) {
	out := make([]runtime.ParamSpec, len(m.Params))
	for i, p := range m.Params {
		shape, err := p.Type.Shape.Eval(nil)
		if err != nil {
			return nil, fmt.Errorf("%s: parameter %s: %w", p.Pos, p.Name, err)
		}
		out[i] = runtime.ParamSpec{Name: p.Name, Shape: shape, Optional: p.TiedTo != "", TiedTo: p.TiedTo}
	}
	return out, nil
}

// ParamCount is the number of elements of m's untied parameters and their
// size in bytes, in 64-bit arithmetic; a model whose count does not fit in
// an int64 is an error (with the parameter where it overflowed), never a
// wrapped or negative number.
func ParamCount(m *ir.Module) (count, bytes int64, err error) {
	for _, p := range m.Params {
		if p.TiedTo != "" {
			continue
		}
		shape, err := p.Type.Shape.Eval(nil)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: parameter %s: %w", p.Pos, p.Name, err)
		}
		n := int64(1)
		for _, d := range shape {
			if d < 0 || (d != 0 && n > math.MaxInt64/int64(d)) {
				return 0, 0, fmt.Errorf("%s: parameter %s %s has more elements than a 64-bit count holds", p.Pos, p.Name, p.Type)
			}
			n *= int64(d)
		}
		if count > math.MaxInt64-n {
			return 0, 0, fmt.Errorf("%s: parameter %s: the model has more parameters than a 64-bit count holds", p.Pos, p.Name)
		}
		count += n
	}
	return count, runtime.MulBytes(count, 4), nil
}

// hyperSummary lists the model's integer hyperparameters, for messages
// about sizes ("d_model=1000000000, n_layer=2").
func hyperSummary(m *ir.Module) string {
	var parts []string
	for _, h := range m.Hypers {
		if h.Kind == "int" {
			parts = append(parts, fmt.Sprintf("%s=%v", h.Name, h.Value))
		}
	}
	return strings.Join(parts, ", ")
}

// ActivationBytes is the peak activation memory of a whole-sequence run of
// f with the symbols of env (the memory plan's peak; saturating).
func ActivationBytes(f *ir.Func, env map[string]int) (int64, error) {
	mp, err := ir.PlanMemory(f, env)
	if err != nil {
		return 0, err
	}
	return mp.Peak, nil
}

// StreamBytes estimates what streaming batch sequences of positions
// positions through f holds at its end: every stateful op's state (KV
// caches grow by position), per sequence. It is 0 for a function without a
// step form.
func StreamBytes(f *ir.Func, input string, batch, positions int) int64 {
	plan, err := ir.StepPlanFor(f, input)
	if err != nil {
		return 0
	}
	var fixed, grow int64
	for _, op := range plan.Stateful {
		_, n := ir.StateOf(op, plan)
		if strings.Contains(op.Attrs.String("state"), "grows") || op.Kind == "attention" {
			grow = runtime.AddBytes(grow, int64(n))
		} else {
			fixed = runtime.AddBytes(fixed, int64(n))
		}
	}
	per := runtime.AddBytes(fixed, runtime.MulBytes(grow, int64(max(positions, 0))))
	return runtime.MulBytes(per, int64(max(batch, 1)))
}

// streamEnv binds the batch and sequence symbols of f's step plan (and
// every other plain symbol of its inputs to 1) for memory estimates.
func streamEnv(f *ir.Func, input string, batch, positions int) map[string]int {
	env := map[string]int{}
	plan, err := ir.StepPlanFor(f, input)
	for _, v := range f.Inputs {
		for _, d := range v.Type.Shape {
			if !d.IsConst() && d.Mul == 1 && d.Div == 1 && d.Add == 0 {
				env[d.Sym] = 1
			}
		}
	}
	if err == nil {
		if plan.Batch != "" {
			env[plan.Batch] = batch
		}
		env[plan.Seq] = positions
	}
	return env
}

// LoadWeights reads the tensors of a checkpoint that m expects (names and
// shapes checked from the headers before anything is decoded), counting
// them against the budget (nil: no limit).
func LoadWeights(m *ir.Module, path string, b *runtime.Budget) (map[string]*runtime.Tensor, error) {
	specs, err := paramSpecs(m)
	if err != nil {
		return nil, err
	}
	return runtime.LoadWeightsFor(path, specs, b)
}

// lengthEnv binds f's plain symbols as Explain does: the first axis of an
// input to batch, the others to length.
func lengthEnv(f *ir.Func, batch, length int) map[string]int {
	env := map[string]int{}
	for _, v := range f.Inputs {
		for ax, d := range v.Type.Shape {
			if !d.IsConst() && d.Mul == 1 && d.Div == 1 && d.Add == 0 {
				if _, ok := env[d.Sym]; !ok {
					env[d.Sym] = map[bool]int{true: batch, false: length}[ax == 0]
				}
			}
		}
	}
	return env
}

// CheckLengthMemory checks that a whole-sequence run of m's function fn at
// the batch and length fits in what is left of the budget.
func CheckLengthMemory(m *ir.Module, fn string, batch, length int, b *runtime.Budget) error {
	f := m.Func(fn)
	if f == nil || b == nil {
		return nil
	}
	env := lengthEnv(f, batch, length)
	n, err := ActivationBytes(f, env)
	if err != nil {
		return nil // the run reports sizes that do not fit the model
	}
	return b.Check(fmt.Sprintf("running %s at batch %d, length %d", fn, batch, length), n)
}

// CheckGenerateMemory checks that generating n tokens after a prompt of
// prompt tokens with width beams (1: greedy or sampling) fits in what is
// left of the budget: every beam's streaming state at the end (KV caches
// grow with every token; a step keeps the old and the new state), the
// prompt's prefill and the steps' activations, and the tokens.
func CheckGenerateMemory(m *ir.Module, prompt, n, width int, b *runtime.Budget) error {
	f := m.Func("forward")
	if f == nil || b == nil {
		return nil
	}
	total := int64(max(prompt, 0)) + int64(max(n, 0))
	positions := int(min(total, math.MaxInt32))
	need := StreamBytes(f, "", 2*width, positions)
	if a, err := ActivationBytes(f, streamEnv(f, "", 1, max(prompt, 1))); err == nil {
		need = runtime.AddBytes(need, a)
	}
	if a, err := ActivationBytes(f, streamEnv(f, "", width, 1)); err == nil {
		need = runtime.AddBytes(need, a)
	}
	need = runtime.AddBytes(need, runtime.MulBytes(runtime.MulBytes(total, int64(width)), 8)) // tokens of every beam, twice
	if width > 1 && len(f.Outputs) > 0 {                                                      // every step ranks width × vocab extensions
		if s := f.Outputs[0].Type.Shape; len(s) > 0 && s[len(s)-1].IsConst() {
			need = runtime.AddBytes(need, runtime.MulBytes(int64(width), runtime.MulBytes(int64(s[len(s)-1].Add), 32)))
		}
	}
	what := fmt.Sprintf("generating %d tokens after a prompt of %d", n, prompt)
	if width > 1 {
		what += fmt.Sprintf(" with %d beams", width)
	}
	return b.Check(what, need)
}
