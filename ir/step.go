package ir

import (
	"fmt"
	"sort"
	"strings"
)

// Summary is the step axis of a value that summarises every position seen
// so far (an SSM's or a scan's final state): it has no sequence axis, and a
// stream's value of it after a chunk is the whole-sequence value of the
// prefix. Rules return it for such results.
const Summary = -2

// Plan is what streaming a function needs: the symbol that is its
// sequence length, which inputs stream and which are given once, and the
// ops that carry state from one chunk to the next.
type Plan struct {
	Seq   string // the sequence symbol (L, T, ...)
	Batch string // the batch symbol: axis 0 of the first streamed input, or ""
	// InputAxis is the sequence axis of each input, or -1 for an input that
	// does not stream: it is given once for the whole stream.
	InputAxis []int
	// OutAxis is the sequence axis of each output, or -1 for an output
	// without one (a final state, or a value of the fixed inputs): after a
	// chunk it holds the whole-sequence value of every position so far.
	OutAxis  []int
	Stateful []*Op        // ops that carry state or read the position, in program order
	Static   map[*Op]bool // top-level ops that depend on no streamed input: the same for every chunk
	axis     map[*Value]int
}

// AxisOf is the sequence axis of a value of the function: -1 when it has
// none, Summary for a final state.
func (p *Plan) AxisOf(v *Value) int {
	if a, ok := p.axis[v]; ok {
		return a
	}
	return -1
}

// Streamed lists the indices of the inputs that stream.
func (p *Plan) Streamed() []int {
	var out []int
	for i, ax := range p.InputAxis {
		if ax >= 0 {
			out = append(out, i)
		}
	}
	return out
}

// StepPlan decides whether f can run chunk by chunk, choosing the streamed
// sequence itself (see StepPlanFor).
func StepPlan(f *Func) (*Plan, error) { return StepPlanFor(f, "") }

// StepPlanFor decides whether f can run chunk by chunk along one sequence
// symbol and which ops carry state. stream names the input (or the symbol)
// to stream; "" chooses the only one that can: a function whose inputs
// could stream along two different symbols (an encoder's source and a
// decoder's target) must be told which.
//
// The rule it enforces: every function either streams to the numbers of
// its whole-sequence run at every position, for every split into chunks, or
// is refused with the op's position and the reason. Each op's rule (the op
// table's Step) says how the sequence axis passes through it; the walk
// around them checks what no single rule sees: values built with the
// sequence's length from values that do not stream, final states read at
// every position, and shapes that hold the sequence symbol off its axis.
func StepPlanFor(f *Func, stream string) (*Plan, error) {
	cands, err := streamCandidates(f, stream)
	if err != nil {
		return nil, err
	}
	var plans []*Plan
	var firstErr error
	for _, sym := range cands {
		p, err := planFor(f, sym)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if stream != "" {
			return p, nil
		}
		plans = append(plans, p)
	}
	switch {
	case len(plans) == 1:
		return plans[0], nil
	case len(plans) > 1:
		var alts []string
		for _, p := range plans {
			var names []string
			for _, i := range p.Streamed() {
				names = append(names, f.Inputs[i].Name)
			}
			alts = append(alts, fmt.Sprintf("%s along %s", strings.Join(names, ", "), p.Seq))
		}
		return nil, fmt.Errorf("%s can be streamed in %d ways (%s): say which input streams (seqc run --stream NAME, or the stream option); the others are given whole, once", f.Name, len(plans), strings.Join(alts, "; "))
	}
	return nil, firstErr
}

// streamCandidates lists the symbols f might stream along: those of the
// named input (or the named symbol), else of every input, the symbols at
// axis 1 first (the [B, L, ...] convention), then the others but axis 0.
func streamCandidates(f *Func, stream string) ([]string, error) {
	inputs := f.Inputs
	if stream != "" {
		inputs = nil
		for _, v := range f.Inputs {
			if v.Name == stream {
				inputs = []*Value{v}
			}
		}
		if inputs == nil {
			for _, v := range f.Inputs {
				for _, d := range v.Type.Shape {
					if d.Sym == stream {
						return []string{stream}, nil
					}
				}
			}
			var names []string
			for _, v := range f.Inputs {
				names = append(names, v.Name+": "+v.Type.String())
			}
			return nil, fmt.Errorf("%s has no input or size named %s to stream (inputs: %s)", f.Name, stream, strings.Join(names, ", "))
		}
	}
	var cands []string
	seen := map[string]bool{}
	for pass := 0; pass < 2; pass++ {
		for _, v := range inputs {
			for ax, d := range v.Type.Shape {
				if d.IsConst() || (ax == 0 && stream == "") || seen[d.Sym] || (pass == 0 && ax != 1) {
					continue
				}
				seen[d.Sym] = true
				cands = append(cands, d.Sym)
			}
		}
	}
	if len(cands) == 0 {
		if stream != "" {
			return nil, fmt.Errorf("%s cannot be streamed along input %s: it has no symbolic size", f.Name, stream)
		}
		return nil, fmt.Errorf("%s cannot be streamed: no input has a symbolic sequence axis", f.Name)
	}
	return cands, nil
}

// stepWalk is the state of one plan's walk over a function.
type stepWalk struct {
	plan *Plan
	sym  string
	axis map[*Value]int // sequence axis, Summary, or -1 (absent)
}

func (w *stepWalk) axisOf(v *Value) int {
	if a, ok := w.axis[v]; ok {
		return a
	}
	return -1
}

// planFor builds the plan with sym as the sequence symbol.
func planFor(f *Func, sym string) (*Plan, error) {
	p := &Plan{Seq: sym, Static: map[*Op]bool{}}
	w := &stepWalk{plan: p, sym: sym, axis: map[*Value]int{}}
	p.axis = w.axis
	streams := false
	for _, v := range f.Inputs {
		ax := -1
		for i, d := range v.Type.Shape {
			if d.Sym == sym {
				if ax >= 0 {
					return nil, fmt.Errorf("%s cannot be streamed: input %s has %s on two axes", f.Name, v.Name, sym)
				}
				if d.Div != 1 || d.Add != 0 || d.Mul < 1 {
					return nil, fmt.Errorf("%s cannot be streamed along %s: input %s has a sequence axis of %s (a stream feeds whole positions)", f.Name, sym, v.Name, d)
				}
				ax = i
			}
		}
		w.axis[v] = ax
		p.InputAxis = append(p.InputAxis, ax)
		if ax >= 0 && p.Batch == "" {
			streams = true
			if d := v.Type.Shape[0]; ax != 0 && !d.IsConst() && d.Sym != sym {
				p.Batch = d.Sym
			}
		}
	}
	if !streams {
		return nil, fmt.Errorf("%s cannot be streamed along %s: no input has it", f.Name, sym)
	}
	for _, op := range f.Body {
		if err := w.op(op, true); err != nil {
			return nil, fmt.Errorf("%s cannot be streamed along %s: %s: %s %w", f.Name, sym, op.Pos, op.Kind, err)
		}
	}
	for _, o := range f.Outputs {
		p.OutAxis = append(p.OutAxis, max(w.axisOf(o), -1))
	}
	return p, nil
}

// StepCtx is what an op's step rule sees: the op and the sequence axis of
// each argument (-1: none).
type StepCtx struct {
	Op *Op
	In []int
	w  *stepWalk
}

// StepRule says how the sequence axis passes through an op whose arguments
// include a streamed value: the axis of each result (-1, an axis, or
// Summary), whether the op carries state between chunks (or reads the
// position), or why the op cannot be streamed (a phrase that follows the
// op's name: "is bidirectional").
type StepRule func(c *StepCtx) (out []int, stateful bool, err error)

// op assigns the sequence axes of op's results, or says why it cannot
// stream. top is false inside a region.
func (w *stepWalk) op(op *Op, top bool) error {
	in := make([]int, len(op.Args))
	streamed, summary := false, false
	for i, a := range op.Args {
		in[i] = w.axisOf(a)
		streamed = streamed || in[i] >= 0
		summary = summary || in[i] == Summary
	}
	for _, v := range captures(op) {
		ax := w.axisOf(v)
		streamed = streamed || ax >= 0
		summary = summary || ax == Summary
	}
	if err := w.checkAttrDims(op, streamed); err != nil {
		return err
	}
	var out []int
	stateful := false
	switch {
	case summary && streamed:
		return fmt.Errorf("reads a final state at every position: a whole-sequence run gives each position the state after the last one, a stream the state so far")
	case summary:
		if err := w.region(op); err != nil {
			return err
		}
		out = repeat(Summary, len(op.Results))
	case !streamed:
		if err := w.region(op); err != nil {
			return err
		}
		var err error
		if out, stateful, err = w.source(op); err != nil {
			return err
		}
	default:
		rule := op.Info().Step
		if rule == nil {
			return fmt.Errorf("has no step rule")
		}
		var err error
		if out, stateful, err = rule(&StepCtx{Op: op, In: in, w: w}); err != nil {
			return err
		}
	}
	if len(out) != len(op.Results) {
		panic(fmt.Sprintf("ir: step rule of %s gave %d axes for %d results", op.Kind, len(out), len(op.Results)))
	}
	for i, r := range op.Results {
		if err := w.checkAxis(r, out[i]); err != nil {
			return err
		}
		w.axis[r] = out[i]
	}
	if stateful {
		if !top {
			return fmt.Errorf("carries state inside a scan step")
		}
		w.plan.Stateful = append(w.plan.Stateful, op)
	}
	if top && !stateful {
		static := true
		for _, a := range out {
			static = static && a == -1
		}
		if static && op.Kind != "param" && op.Kind != "const" {
			w.plan.Static[op] = true
		}
	}
	return nil
}

// source gives the axes of an op that reads no streamed value. Its results
// are the same for every chunk unless their shape holds the sequence
// length: a constant broadcast to [L] is the same at every position, a
// table sliced to [start : start+L] is a window at the stream's position;
// anything else built with the length would change with the chunk.
func (w *stepWalk) source(op *Op) ([]int, bool, error) {
	out := repeat(-1, len(op.Results))
	mentions := false
	for i, r := range op.Results {
		for ax, d := range r.Type.Shape {
			if d.Sym == w.sym {
				mentions = true
				out[i] = ax
			}
		}
	}
	if !mentions {
		return out, false, nil
	}
	switch {
	case op.Kind == "broadcast_to":
		return out, false, nil
	case op.Kind == "slice" && w.positionalSlice(op):
		return out, true, nil
	case op.Kind == "arange" && w.positionalArange(op):
		return out, true, nil
	}
	return nil, false, fmt.Errorf("builds a tensor of the sequence's length (%s) from values that do not stream: a stream sees one chunk at a time; derive it from a streamed input (cumsum of ones, shift), or give it as an input", op.Results[0].Type)
}

// positionalSlice reports whether a slice of a non-streamed tensor is the
// window [c, c + L) of the sequence symbol L: in a stream it is read at the
// stream's position.
func (w *stepWalk) positionalSlice(op *Op) bool {
	start, stop := op.Attrs.Dim("start"), op.Attrs.Dim("stop")
	return start.IsConst() && stop.Sym == w.sym && stop.Mul == 1 && stop.Div == 1 && stop.Add == start.Add
}

// positionalArange reports whether an arange counts the sequence's
// positions (n is the sequence symbol): in a stream it gives the absolute
// positions of the chunk.
func (w *stepWalk) positionalArange(op *Op) bool {
	n := op.Attrs.Dim("n")
	return n.Sym == w.sym && n.Mul == 1 && n.Div == 1 && n.Add == 0
}

// checkAttrDims refuses attributes that depend on the sequence length
// (x[L-1], a slice to 2*L): a stream would evaluate them with the chunk's
// length. A positional slice of a fixed tensor is the one exception.
func (w *stepWalk) checkAttrDims(op *Op, streamed bool) error {
	for _, name := range op.Attrs.sortedKeys() {
		d, ok := op.Attrs[name].(Dim)
		if !ok || d.Sym != w.sym {
			continue
		}
		if op.Kind == "slice" && !streamed && w.positionalSlice(op) {
			return nil
		}
		if op.Kind == "arange" && w.positionalArange(op) {
			return nil
		}
		return fmt.Errorf("has %s = %s, which depends on the sequence length: a stream sees one chunk at a time", name, d)
	}
	return nil
}

// checkAxis enforces the invariant every rule relies on: the sequence
// symbol appears in a value's shape exactly at its sequence axis (a whole
// number of sizes per position), and nowhere in a value without one.
func (w *stepWalk) checkAxis(r *Value, ax int) error {
	for i, d := range r.Type.Shape {
		if d.Sym != w.sym {
			continue
		}
		if i != ax {
			return fmt.Errorf("gives %s, which holds the sequence length %s off its sequence axis: it would need the whole sequence", r.Type, w.sym)
		}
		if d.Div != 1 || d.Add != 0 || d.Mul < 1 {
			return fmt.Errorf("gives %s, whose sequence axis %s is not a whole number of sizes per position", r.Type, d)
		}
	}
	if ax >= 0 && r.Type.Shape[ax].Sym != w.sym {
		return fmt.Errorf("gives %s: its sequence axis %d does not hold %s", r.Type, ax, w.sym)
	}
	return nil
}

// region checks that a region body (a scan's step) is position-wise: it
// reads no streamed value and builds none, so that running it per chunk
// or per sequence is the same.
func (w *stepWalk) region(op *Op) error {
	if op.Region == nil {
		return nil
	}
	for _, a := range op.Region.Args {
		w.axis[a] = -1
	}
	for _, inner := range op.Region.Body {
		if err := w.op(inner, false); err != nil {
			return fmt.Errorf("in its body: %s: %s %w", inner.Pos, inner.Kind, err)
		}
		for _, r := range inner.Results {
			if w.axisOf(r) >= 0 {
				return fmt.Errorf("in its body: %s: %s gives a per-position value inside a step (%s)", inner.Pos, inner.Kind, r.Type)
			}
		}
	}
	return nil
}

// captures lists the values a region body reads from outside it.
func captures(op *Op) []*Value {
	if op.Region == nil {
		return nil
	}
	inside := map[*Value]bool{}
	for _, a := range op.Region.Args {
		inside[a] = true
	}
	var out []*Value
	var walk func(ops []*Op)
	walk = func(ops []*Op) {
		for _, o := range ops {
			for _, a := range o.Args {
				if !inside[a] {
					inside[a] = true
					out = append(out, a)
				}
			}
			if o.Region != nil {
				for _, a := range o.Region.Args {
					inside[a] = true
				}
				walk(o.Region.Body)
			}
			for _, r := range o.Results {
				inside[r] = true
			}
		}
	}
	walk(op.Region.Body)
	for _, y := range op.Region.Yields {
		if !inside[y] {
			inside[y] = true
			out = append(out, y)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func repeat(v, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}
