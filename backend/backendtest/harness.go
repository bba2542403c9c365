package backendtest

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

func sortedKeys(m map[string][]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Failure is one disagreement between a backend and the interpreter.
type Failure struct {
	Case, Run string
	Msg       string
}

func (f Failure) Error() string { return fmt.Sprintf("%s (%s): %s", f.Case, f.Run, f.Msg) }

// Check runs case c on b and on the interpreter, at the given batch and
// sequence lengths, in every algorithm the op has, whole and streamed at
// random chunk boundaries, and returns every disagreement.
func Check(ctx context.Context, b backend.Backend, c Case, batches, lengths []int, rng *rand.Rand) ([]Failure, error) {
	m, err := ir.Parse(c.IR)
	if err != nil {
		return nil, fmt.Errorf("%s %s: the case does not parse (a harness bug): %w\n%s", c.Op, c.Name, err, c.IR)
	}
	if err := ir.Verify(m); err != nil {
		return nil, fmt.Errorf("%s %s: the case does not verify (a harness bug): %w\n%s", c.Op, c.Name, err, c.IR)
	}
	weights := map[string]*runtime.Tensor{}
	for _, name := range sortedKeys(c.Params) {
		weights[name] = random(runtime.F32, c.Params[name], rng, 0)
	}
	interp, err := backend.Lookup(backend.Interp)
	if err != nil {
		return nil, err
	}
	f := m.Func("forward")
	label := c.Op + " " + c.Name
	var fails []Failure
	for _, mode := range ir.ApplicableModes(m) {
		opts := backend.Options{Mode: mode, Threads: 1 + rng.IntN(2)}
		ref, err := interp.Prepare(ctx, m, weights, "weights", backend.Options{Mode: mode})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", label, err)
		}
		got, err := b.Prepare(ctx, m, weights, "weights", opts)
		if err != nil {
			fails = append(fails, Failure{label, "prepare", err.Error()})
			continue
		}
		for _, bs := range batches {
			for _, l := range lengths {
				inputs := randomInputs(f, bs, l, rng)
				run := fmt.Sprintf("mode %s, B %d, L %d", mode, bs, l)
				want, err := ref.Run(ctx, "forward", inputs)
				if err != nil {
					return nil, fmt.Errorf("%s (%s): the interpreter fails: %w", label, run, err)
				}
				have, err := got.Run(ctx, "forward", inputs)
				if err != nil {
					fails = append(fails, Failure{label, run, err.Error()})
					continue
				}
				if msg := compare(have, want, c.Tol); msg != "" {
					fails = append(fails, Failure{label, run, msg})
				}
				if msg := checkStream(ctx, got, f, inputs, want, c.Tol, rng); msg != "" {
					fails = append(fails, Failure{label, run + ", streamed", msg})
				}
			}
		}
	}
	return fails, nil
}

// checkStream streams f on exec in random chunks (when f streams) and
// compares with the interpreter's whole-sequence outputs.
func checkStream(ctx context.Context, exec backend.Executable, f *ir.Func, inputs, want []*runtime.Tensor, tol float64, rng *rand.Rand) string {
	plan, err := ir.StepPlan(f)
	if err != nil {
		return ""
	}
	env, err := backend.BindInputs(f, inputs)
	if err != nil {
		return err.Error()
	}
	fixed := map[string]*runtime.Tensor{}
	for i, v := range f.Inputs {
		if plan.InputAxis[i] < 0 {
			fixed[v.Name] = inputs[i]
		}
	}
	st, err := exec.NewState(f.Name, backend.Stream{Fixed: fixed})
	if err != nil {
		return err.Error()
	}
	total := env[plan.Seq]
	streamed := plan.Streamed()
	var parts [][]*runtime.Tensor
	for t := 0; t < total || (total == 0 && len(parts) == 0); {
		n := min(rng.IntN(4), total-t)
		chunk := make([]*runtime.Tensor, len(streamed))
		for j, i := range streamed {
			per := f.Inputs[i].Type.Shape[plan.InputAxis[i]].Mul
			if chunk[j], err = runtime.SliceAxis(inputs[i], plan.InputAxis[i], t*per, (t+n)*per); err != nil {
				return err.Error()
			}
		}
		var outs []*runtime.Tensor
		if n == 1 {
			outs, err = exec.Step(ctx, st, chunk)
		} else {
			outs, err = exec.Prefill(ctx, st, chunk)
		}
		if err != nil {
			return fmt.Sprintf("chunk at %d of %d positions: %v", t, n, err)
		}
		parts = append(parts, outs)
		t += n
	}
	got := make([]*runtime.Tensor, len(f.Outputs))
	for i := range f.Outputs {
		if ax := plan.OutAxis[i]; ax >= 0 {
			col := make([]*runtime.Tensor, len(parts))
			for c := range parts {
				col[c] = parts[c][i]
			}
			if got[i], err = runtime.Concat(col, ax); err != nil {
				return err.Error()
			}
		} else {
			got[i] = parts[len(parts)-1][i]
		}
	}
	return compare(got, want, tol)
}

// compare checks outputs against the interpreter's: equal shapes and types,
// the same non-finite values, and finite ones within tol of the output's
// scale (tol 0: bit for bit).
func compare(got, want []*runtime.Tensor, tol float64) string {
	for i := range want {
		g, w := got[i], want[i]
		if g.DType != w.DType || !runtime.ShapeEqual(g.Shape, w.Shape) {
			return fmt.Sprintf("output %d is %s%s, want %s%s", i, g.DType, g.ShapeString(), w.DType, w.ShapeString())
		}
		for j := range w.I {
			if g.I[j] != w.I[j] {
				return fmt.Sprintf("output %d element %d is %d, want %d", i, j, g.I[j], w.I[j])
			}
		}
		scale := 0.0
		for _, v := range w.F {
			if !math.IsInf(float64(v), 0) && !math.IsNaN(float64(v)) {
				scale = math.Max(scale, math.Abs(float64(v)))
			}
		}
		for j, wv := range w.F {
			gv := g.F[j]
			switch {
			case math.IsNaN(float64(wv)) || math.IsInf(float64(wv), 0):
				if !(math.IsNaN(float64(wv)) && math.IsNaN(float64(gv))) && wv != gv {
					return fmt.Sprintf("output %d element %d is %v, want %v", i, j, gv, wv)
				}
			case tol == 0 && gv != wv:
				return fmt.Sprintf("output %d element %d is %v, want %v bit for bit", i, j, gv, wv)
			case math.Abs(float64(gv-wv)) > tol*math.Max(scale, 1):
				return fmt.Sprintf("output %d element %d is %v, want %v (tolerance %g of scale %.3g)", i, j, gv, wv, tol, scale)
			}
		}
	}
	return ""
}

// randomInputs makes inputs with batch b and sequence length l: normal
// values, ids below every table's size.
func randomInputs(f *ir.Func, b, l int, rng *rand.Rand) []*runtime.Tensor {
	env := map[string]int{}
	for _, v := range f.Inputs {
		for ax, d := range v.Type.Shape {
			if !d.IsConst() && d.Mul == 1 && d.Div == 1 && d.Add == 0 {
				if _, ok := env[d.Sym]; !ok {
					env[d.Sym] = map[bool]int{true: b, false: l}[ax == 0]
				}
			}
		}
	}
	out := make([]*runtime.Tensor, len(f.Inputs))
	for i, v := range f.Inputs {
		shape, err := v.Type.Shape.Eval(env)
		if err != nil {
			panic(err)
		}
		out[i] = random(runtime.DType(v.Type.DType), shape, rng, 5)
	}
	return out
}

// random fills a tensor: normal floats, ints in [0, vocab).
func random(dt runtime.DType, shape []int, rng *rand.Rand, vocab int) *runtime.Tensor {
	t := runtime.New(dt, shape...)
	for j := range t.F {
		t.F[j] = float32(rng.NormFloat64())
	}
	for j := range t.I {
		t.I[j] = int32(rng.IntN(max(vocab, 1)))
	}
	return t
}

// Ops lists the op kinds the cases' modules contain.
func Ops(cs []Case) ([]string, error) {
	seen := map[string]bool{}
	for _, c := range cs {
		m, err := ir.Parse(c.IR)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", c.Op, c.Name, err)
		}
		for _, f := range m.Funcs {
			var walk func(ops []*ir.Op)
			walk = func(ops []*ir.Op) {
				for _, op := range ops {
					seen[op.Kind] = true
					if op.Region != nil {
						walk(op.Region.Body)
					}
				}
			}
			walk(f.Body)
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out, nil
}
