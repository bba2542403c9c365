package seqcbeam

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// signature is what Infer reads from a model function once per worker: the
// batch symbol (axis 0 of every input and output), the sequence symbol it
// pads along ("" when it does not pad), and the outputs it emits.
type signature struct {
	fn       *ir.Func
	batch    string
	seq      string
	why      string // why it pads or does not, for the worker's log
	outIdx   []int  // the emitted outputs, indices into fn.Outputs
	outNames []string
	keep     bool // KeepInputs: emit the inputs with the outputs
}

// newSignature checks that fn can run on batches of records: every input
// and every emitted output has the batch symbol at axis 0 and nowhere else,
// and every symbol of the outputs is fixed by the inputs.
func newSignature(fn *ir.Func, cfg Config) (*signature, error) {
	s := &signature{fn: fn, keep: cfg.KeepInputs}
	if len(fn.Inputs) == 0 {
		return nil, fmt.Errorf("function %s takes no inputs: there is nothing to batch", fn.Name)
	}
	inSyms := map[string]bool{}
	for i, v := range fn.Inputs {
		if v.Type.DType != ir.F32 && v.Type.DType != ir.I32 {
			return nil, fmt.Errorf("function %s: input %s is %s: records carry f32 or i32 tensors", fn.Name, v.Name, v.Type)
		}
		b, err := batchAxis(v.Type.Shape, "input "+v.Name)
		if err != nil {
			return nil, fmt.Errorf("function %s: %w", fn.Name, err)
		}
		if i == 0 {
			s.batch = b
		} else if b != s.batch {
			return nil, fmt.Errorf("function %s: input %s is batched along %s, input %s along %s", fn.Name, v.Name, b, fn.Inputs[0].Name, s.batch)
		}
		for _, d := range v.Type.Shape {
			if d.Sym != "" {
				inSyms[d.Sym] = true
			}
		}
	}
	for i, v := range fn.Inputs {
		for ax, d := range v.Type.Shape[1:] {
			if d.Sym == s.batch {
				return nil, fmt.Errorf("function %s: input %s has the batch symbol %s at axis %d too: its records cannot be batched", fn.Name, fn.Inputs[i].Name, s.batch, ax+1)
			}
		}
	}
	want := map[string]bool{}
	for _, n := range cfg.Outputs {
		want[n] = true
	}
	for i, v := range fn.Outputs {
		name := outName(fn, i)
		if len(want) > 0 && !want[name] {
			continue
		}
		delete(want, name)
		b, err := batchAxis(v.Type.Shape, "output "+name)
		if err != nil {
			return nil, fmt.Errorf("function %s: %w", fn.Name, err)
		}
		if b != s.batch {
			return nil, fmt.Errorf("function %s: output %s is batched along %s, the inputs along %s", fn.Name, name, b, s.batch)
		}
		for ax, d := range v.Type.Shape[1:] {
			if d.Sym == s.batch {
				return nil, fmt.Errorf("function %s: output %s has the batch symbol at axis %d too", fn.Name, name, ax+1)
			}
			if d.Sym != "" && !inSyms[d.Sym] {
				return nil, fmt.Errorf("function %s: output %s has dimension %s, which no input fixes", fn.Name, name, d)
			}
		}
		s.outIdx = append(s.outIdx, i)
		s.outNames = append(s.outNames, name)
	}
	if len(want) > 0 {
		var all []string
		for i := range fn.Outputs {
			all = append(all, outName(fn, i))
		}
		return nil, fmt.Errorf("function %s has no output %s (outputs: %s)", fn.Name, strings.Join(sortedKeys(want), ", "), strings.Join(all, ", "))
	}
	if s.keep {
		for _, v := range fn.Inputs {
			for _, o := range s.outNames {
				if v.Name == o {
					return nil, fmt.Errorf("function %s: KeepInputs: input and output are both named %s", fn.Name, o)
				}
			}
		}
	}
	return s, s.choosePadding(cfg, inSyms)
}

// choosePadding decides whether records of different lengths may share a
// batch, padded at the end of the sequence axis. Padding is safe when each
// output position depends only on input positions at or before it: then
// the padded tail changes nothing that is kept. seqc's step analysis
// proves exactly that (a function that streams gives its whole-sequence
// numbers at every position for every split into chunks), so PadAuto pads
// a function that streams and whose emitted outputs all have the sequence
// axis (a final state would see the padding), and buckets every other
// function by exact shape.
func (s *signature) choosePadding(cfg Config, inSyms map[string]bool) error {
	switch cfg.Padding {
	case PadNever:
		s.why = "padding off (PadNever): batches hold records of one shape"
		return nil
	case PadRight:
		seq := cfg.SeqSymbol
		if seq == "" {
			if sh := s.fn.Inputs[0].Type.Shape; len(sh) > 1 && sh[1].Sym != "" {
				seq = sh[1].Sym
			}
		}
		if seq == "" || seq == s.batch || !inSyms[seq] {
			return fmt.Errorf("function %s: PadRight needs a sequence symbol of the inputs other than the batch symbol %s (Config.SeqSymbol; got %q)", s.fn.Name, s.batch, seq)
		}
		s.seq = seq
		s.why = fmt.Sprintf("padding along %s at the end (PadRight: asserted by the pipeline)", seq)
		return nil
	case PadAuto:
	default:
		return fmt.Errorf("unknown Padding %q (want %q, %q or %q)", cfg.Padding, PadAuto, PadNever, PadRight)
	}
	plan, err := ir.StepPlan(s.fn)
	if err != nil {
		s.why = fmt.Sprintf("no padding: batches hold records of one shape, because %s is not causal (%v)", s.fn.Name, err)
		return nil
	}
	for k, i := range s.outIdx {
		if plan.OutAxis[i] < 0 {
			s.why = fmt.Sprintf("no padding: batches hold records of one shape, because output %s has no %s axis (padding would change it)", s.outNames[k], plan.Seq)
			return nil
		}
	}
	s.seq = plan.Seq
	s.why = fmt.Sprintf("padding along %s at the end: %s is causal, so a padded tail changes no kept output", plan.Seq, s.fn.Name)
	return nil
}

func batchAxis(sh ir.Shape, what string) (string, error) {
	if len(sh) == 0 || sh[0].Sym == "" || sh[0].Mul != 1 || sh[0].Div != 1 || sh[0].Add != 0 {
		return "", fmt.Errorf("%s has shape %s: Infer needs a batch symbol at axis 0", what, sh)
	}
	return sh[0].Sym, nil
}

func outName(fn *ir.Func, i int) string {
	if i < len(fn.OutNames) && fn.OutNames[i] != "" {
		return fn.OutNames[i]
	}
	if len(fn.Outputs) == 1 {
		return "output"
	}
	return "output" + strconv.Itoa(i)
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// item is a record checked against the signature: its inputs in the
// function's order (converted to the input dtypes), the symbols they bind,
// the shapes of its outputs, and its bucket.
type item struct {
	rec    Record
	in     []*runtime.Tensor
	env    map[string]int
	out    [][]int // emitted outputs' shapes, without the batch axis
	key    string  // the symbols other than batch and seq: records batch together only with equal keys
	seqLen int
	elems  int // input elements (the padding metric's unit)
}

// bind checks a record against the signature: every input present with
// the right dtype and rank, dimensions that agree with each other and the
// model's constants, and outputs of a valid shape at its length.
func (s *signature) bind(r Record) (*item, error) {
	if r.ID == "" {
		return nil, fmt.Errorf("record has no id")
	}
	f := s.fn
	it := &item{rec: r, in: make([]*runtime.Tensor, len(f.Inputs)), env: map[string]int{}}
	used := 0
	for i, v := range f.Inputs {
		t, ok := r.Tensors[v.Name]
		if !ok && len(f.Inputs) == 1 && len(r.Tensors) == 1 {
			t, ok = r.Tensors[""]
		}
		if !ok {
			return nil, fmt.Errorf("missing input %s (%s wants %s; the record has %s)", v.Name, f.Name, inputList(f), tensorList(r))
		}
		used++
		if err := t.Validate(); err != nil {
			return nil, fmt.Errorf("input %s: %w", v.Name, err)
		}
		conv, err := convert(t, v)
		if err != nil {
			return nil, err
		}
		it.in[i] = conv
		it.elems += len(conv.F) + len(conv.I)
	}
	if used != len(r.Tensors) {
		return nil, fmt.Errorf("the record has %s, %s takes %s", tensorList(r), f.Name, inputList(f))
	}
	// Plain symbols and constants first, so an affine dimension (L-16,
	// 2*T) checks against a symbol another axis bound.
	for pass := 0; pass < 2; pass++ {
		for i, v := range f.Inputs {
			for ax, d := range v.Type.Shape[1:] {
				plain := d.Sym == "" || (d.Mul == 1 && d.Div == 1 && d.Add == 0)
				if plain != (pass == 0) {
					continue
				}
				if err := s.bindDim(it.env, d, it.in[i].Shape[ax], v.Name, ax); err != nil {
					return nil, err
				}
			}
		}
	}
	for k, i := range s.outIdx {
		sh, err := f.Outputs[i].Type.Shape[1:].Eval(it.env)
		if err != nil {
			return nil, fmt.Errorf("output %s: %w", s.outNames[k], err)
		}
		for _, n := range sh {
			if n < 0 {
				return nil, fmt.Errorf("input too short: output %s would have shape %v (%s)", s.outNames[k], sh, f.Outputs[i].Type.Shape[1:])
			}
		}
		it.out = append(it.out, sh)
	}
	var parts []string
	for _, sym := range sortedSyms(it.env) {
		if sym != s.seq {
			parts = append(parts, sym+"="+strconv.Itoa(it.env[sym]))
		}
	}
	it.key = strings.Join(parts, ",")
	if s.seq != "" {
		it.seqLen = it.env[s.seq]
	}
	return it, nil
}

func (s *signature) bindDim(env map[string]int, d ir.Dim, n int, input string, ax int) error {
	where := func() string { return fmt.Sprintf("input %s axis %d", input, ax) }
	if d.Sym == "" {
		if n != d.Add {
			return fmt.Errorf("%s has size %d, the model wants %d", where(), n, d.Add)
		}
		return nil
	}
	v, ok := d.Solve(n)
	if !ok || v < 0 {
		return fmt.Errorf("%s has size %d, which is not %s for any %s >= 0", where(), n, d, d.Sym)
	}
	if old, seen := env[d.Sym]; seen && old != v {
		return fmt.Errorf("%s has size %d, so %s = %d, but another axis has %s = %d", where(), n, d.Sym, v, d.Sym, old)
	}
	env[d.Sym] = v
	return nil
}

// convert returns t as input v's dtype: an i32 tensor feeds an f32 input
// exactly (JSON sources read integral numbers as i32), an f32 tensor never
// feeds an i32 input (token ids must be integers).
func convert(t *runtime.Tensor, v *ir.Value) (*runtime.Tensor, error) {
	if len(t.Shape) != len(v.Type.Shape)-1 {
		return nil, fmt.Errorf("input %s has shape %s, the model wants %s per record (rank %d)", v.Name, t.ShapeString(), v.Type.Shape[1:], len(v.Type.Shape)-1)
	}
	switch {
	case v.Type.DType == ir.F32 && t.DType == runtime.F32, v.Type.DType == ir.I32 && t.DType == runtime.I32:
		return t, nil
	case v.Type.DType == ir.F32 && t.DType == runtime.I32:
		out := &runtime.Tensor{DType: runtime.F32, Shape: t.Shape, F: make([]float32, len(t.I))}
		for i, x := range t.I {
			out.F[i] = float32(x)
		}
		return out, nil
	}
	return nil, fmt.Errorf("input %s is %s, the model wants %s", v.Name, t.DType, v.Type.DType)
}

func sortedSyms(env map[string]int) []string {
	out := make([]string, 0, len(env))
	for k := range env {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func inputList(f *ir.Func) string {
	var parts []string
	for _, v := range f.Inputs {
		parts = append(parts, v.Name+" "+v.Type.String())
	}
	return strings.Join(parts, ", ")
}

func tensorList(r Record) string {
	if len(r.Tensors) == 0 {
		return "no tensors"
	}
	var parts []string
	for _, k := range r.names() {
		t := r.Tensors[k]
		if t == nil {
			parts = append(parts, fmt.Sprintf("%q nil", k))
			continue
		}
		parts = append(parts, fmt.Sprintf("%q %s%s", k, t.DType, t.ShapeString()))
	}
	return strings.Join(parts, ", ")
}
