package ir

import (
	"math"
	"sort"
)

// FixedOps marks the ops of f whose results depend on the weights only
// (parameters and constants, through ops with fixed shapes — a mixer whose
// inputs are weights, like the conv that composes two kernels, included):
// they can be computed once per set of weights and kept.
func FixedOps(f *Func) map[*Op]bool {
	fixed := map[*Op]bool{}
	fixedVal := map[*Value]bool{}
	var walk func(ops []*Op)
	walk = func(ops []*Op) {
		for _, op := range ops {
			if op.Region != nil {
				walk(op.Region.Body)
			}
			all := op.Region == nil
			for _, a := range op.Args {
				all = all && fixedVal[a]
			}
			for _, r := range op.Results {
				for _, d := range r.Type.Shape {
					all = all && d.IsConst()
				}
			}
			if all {
				fixed[op] = true
				for _, r := range op.Results {
					fixedVal[r] = true
				}
			}
		}
	}
	walk(f.Body)
	return fixed
}

// MemPlan is the activation memory of one whole-sequence run of a function:
// which buffer each value lives in, when each buffer can be reused, and the
// peak. The interpreter frees buffers by this plan and reuses them, so the
// peak it measures is the plan's.
type MemPlan struct {
	Peak    int64             // bytes of activation buffers live at once, at most
	Root    map[*Value]*Value // the value owning the buffer a value lives in (reshape aliases its input)
	Bytes   map[*Value]int64  // size of each owned buffer
	Release [][]*Value        // after top-level op i, the buffers that are dead
	// Span is each owned buffer's lifetime: the top-level op that makes it
	// and the last that reads it (len of the body for an output, which
	// lives to the end); an input's, from 0.
	Span map[*Value][2]int
	// Inputs are the bytes of the function's inputs a top-level op reads:
	// the caller's buffers, never released or reused by the plan, but a
	// backend that copies them elsewhere (a device) places them by Span.
	Inputs map[*Value]int64
}

// Aliases reports whether an op's result shares its first argument's buffer.
func Aliases(op *Op) bool {
	return op.Kind == "reshape" || (op.Kind == "cast" && op.Args[0].Type.DType.String() == op.Attrs.String("dtype"))
}

// Untracked reports whether an op's results are held by the model rather
// than planned: parameters, constants and weight-only values.
func untracked(op *Op, fixed map[*Op]bool) bool {
	return op.Kind == "param" || op.Kind == "const" || fixed[op]
}

// PlanMemory plans the activation buffers of f for the given symbol values.
// Inputs belong to the caller and weights to the model; outputs live to the
// end. A scan body's per-step temporaries are not planned.
func PlanMemory(f *Func, env map[string]int) (*MemPlan, error) {
	return PlanMemoryHeld(f, env, nil)
}

// PlanMemoryHeld is PlanMemory where the results of the held ops are kept by
// the caller across runs (a stream's values of its fixed inputs), so their
// buffers are neither counted nor reused.
func PlanMemoryHeld(f *Func, env map[string]int, held map[*Op]bool) (*MemPlan, error) {
	fixed := FixedOps(f)
	for op := range held {
		fixed[op] = true
	}
	p := &MemPlan{Root: map[*Value]*Value{}, Bytes: map[*Value]int64{}, Release: make([][]*Value, len(f.Body)), Span: map[*Value][2]int{}, Inputs: map[*Value]int64{}}
	def := map[*Value]int{}
	lastIn := map[*Value]int{} // inputs: their last reader
	for _, v := range f.Inputs {
		if n, err := valueBytes(v, env); err == nil { // an input of unknown size is not placed
			p.Inputs[v] = n
			lastIn[v] = -1
		}
	}
	last := map[*Value]int{}
	use := func(v *Value, i int) {
		if r := p.Root[v]; r != nil {
			last[r] = i
		} else if _, ok := lastIn[v]; ok {
			lastIn[v] = i
		}
	}
	for i, op := range f.Body {
		for _, a := range op.Args {
			use(a, i)
		}
		if op.Region != nil { // values the body reads from outside
			var walk func(ops []*Op)
			walk = func(ops []*Op) {
				for _, o := range ops {
					for _, a := range o.Args {
						use(a, i)
					}
					if o.Region != nil {
						walk(o.Region.Body)
					}
				}
			}
			walk(op.Region.Body)
		}
		for _, r := range op.Results {
			switch {
			case Aliases(op):
				p.Root[r] = p.Root[op.Args[0]]
			case untracked(op, fixed):
			default:
				n, err := valueBytes(r, env)
				if err != nil {
					return nil, err
				}
				p.Root[r] = r
				p.Bytes[r] = n
				last[r] = i
				def[r] = i
			}
		}
	}
	for _, o := range f.Outputs {
		if r := p.Root[o]; r != nil {
			last[r] = len(f.Body) // outputs are never released
		}
	}
	for v, l := range lastIn {
		if l < 0 {
			delete(p.Inputs, v) // read by no op
			continue
		}
		p.Span[v] = [2]int{0, l}
	}
	for root, l := range last { // one pass: linear in the number of buffers
		p.Span[root] = [2]int{def[root], l}
		if l < len(f.Body) {
			p.Release[l] = append(p.Release[l], root)
		}
	}
	var live int64
	for i, op := range f.Body {
		for _, r := range op.Results {
			if p.Root[r] == r {
				live = addSat(live, p.Bytes[r])
			}
		}
		p.Peak = max(p.Peak, live)
		sort.Slice(p.Release[i], func(a, b int) bool { return p.Release[i][a].ID < p.Release[i][b].ID })
		for _, root := range p.Release[i] {
			if live != math.MaxInt64 {
				live -= p.Bytes[root]
			}
		}
	}
	return p, nil
}

// valueBytes is the size of v's buffer for the symbol values env
// (saturating: a plan of absurd sizes reports MaxInt64, never a wrapped
// count).
func valueBytes(v *Value, env map[string]int) (int64, error) {
	shape, err := v.Type.Shape.Eval(env)
	if err != nil {
		return 0, err
	}
	n := int64(4)
	if v.Type.DType == C64 {
		n = 8
	}
	for _, d := range shape {
		n = mulSat(n, int64(max(d, 0)))
	}
	return n, nil
}

// mulSat and addSat are * and + on non-negative sizes, saturating at
// math.MaxInt64.
func mulSat(a, b int64) int64 {
	if a != 0 && b > math.MaxInt64/a {
		return math.MaxInt64
	}
	return a * b
}

func addSat(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}
