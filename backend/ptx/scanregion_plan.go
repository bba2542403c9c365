package ptx

import (
	"fmt"

	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/ir"
)

// A `scan` region (an LSTM or GRU cell, any nonlinear recurrence whose
// body the planner below covers) as one kernel: one block per batch row,
// the time loop inside, every body value of the step in shared memory
// (the carries persist across steps), one phase per body op with the
// block's threads over the value's elements, so that the barrier between
// phases orders each op after the ops it reads (NUMERICS: the same
// per-step math as the interpreter's body, float32; a linear's sum runs
// over k in increasing order).
//
// The same program runs an associative scan (`assoc_scan`, ops_assoc.go)
// in its sequential form: the accumulator's components are the carries,
// the element's the per-step inputs, the combine's results both the next
// carries and the step's outputs (srProgram.assoc).
//
// Covered: values [B, d1, …] with every d known when the model is
// prepared (and f32 scalars from `const`); linear of a body value [B, K]
// by a weight-only [N, K] matrix (optional weight-only bias, activation);
// split along the last axis of a [B, d] value (views: an offset into the
// value); unary ops the scalar math has; add, sub, mul, div, maximum,
// minimum whose operands broadcast to the result within a row (Aaren's
// [B, h, d] · [B, h, 1]; an element's operand index from its own by
// divisions and remainders compiled in); weight-only tensors (no batch
// axis) as operands of those. Weights are read with
// interp.KernelCall.Value (a scan does not take them as arguments).
// Anything else — another op, a captured activation, more than 12
// buffers, more than srMaxShared floats of values — runs the whole scan
// on the interpreter, which says why.

// srMaxShared bounds the floats of body values per block (32 KB of the
// 48 KB of static shared memory a block may have).
const srMaxShared = 8192

// srThreads is a scan region kernel's threads per block.
const srThreads = 64

// srRef is a view of a value: width floats from off in shared memory, an
// immediate scalar, or (w > 0) weight w−1, a weight-only tensor of width
// floats. shape is the value's row (its axes after the batch), whose
// product is width.
type srRef struct {
	off, width int
	imm        bool
	val        float32
	w          int
	shape      []int
}

// srTerm is one axis of a broadcast: ((j / div) % mod) · mul (no
// remainder when mod is 0).
type srTerm struct{ div, mod, mul int }

// srIndex maps an element j of a binary op's result to the element of an
// operand that broadcasts to it: j itself (no terms, not zero), 0 (zero),
// or the sum of the terms.
type srIndex struct {
	zero  bool
	terms []srTerm
}

// srInstr is one body op: a phase.
type srInstr struct {
	kind    string // "unary", "binary", "linear"
	op      string // the unary or binary op
	out     srRef
	a, b    srRef
	w, bias int // linear: weight and bias indices into srProgram.weights (bias -1: none)
	n, k    int
	act     string
	ia, ib  srIndex // binary: the operands' elements for the result's (broadcasting)
}

// srProgram is a planned scan region.
type srProgram struct {
	nc, nx, ny int
	carries    []srRef     // the carries' slots
	next       []srRef     // the carries' next values, written at the end of a step
	xs         []srRef     // the per-step inputs' slots
	instrs     []srInstr   // the body, in order
	yields     []srRef     // carries then per-step outputs
	weights    []*ir.Value // weight-only values the body's linears read
	shared     int
	// assoc: an associative scan (ops_assoc.go). Carry i is the
	// accumulator's component i, input i the element's, output i the
	// accumulator after the step. Without an initial accumulator (ints[1]
	// 0: outside a stream, a stream's first chunk) the first step's
	// accumulator is its element (acc_0 = e_0, no combine) and the loop
	// starts at step 1; the final carries are written only when ints[2]
	// is not 0 (a stream's next state).
	assoc bool
}

// bufs is the kernel's buffers: xs, initial carries, weights, final
// carries, per-step outputs.
func (p *srProgram) bufs() int { return p.nx + p.nc + len(p.weights) + p.nc + p.ny }

// ints is the kernel's integer arguments: L, and for an associative scan
// whether there is an initial accumulator and whether to write the final.
func (p *srProgram) ints() int {
	if p.assoc {
		return 3
	}
	return 1
}

// key names the program: its structure, for the kernel's name.
func (p *srProgram) key() string {
	return fmt.Sprintf("%v|%v|%v|%v|%d|%v", p.carries, p.xs, p.instrs, p.yields, len(p.weights), p.assoc)
}

// planScanRegion translates a scan's body, or says why it cannot.
func planScanRegion(op *ir.Op, fixed map[*ir.Op]bool) (*srProgram, string) {
	nc := op.Attrs.Int("carries")
	if op.Region == nil || nc < 0 || nc > len(op.Region.Args) || nc > len(op.Region.Yields) {
		return nil, "a malformed scan"
	}
	return planRegion("scan", op.Region, nc, false, fixed)
}

// planRegion translates a body whose first nc arguments are carries and
// the rest per-step inputs, yielding the carries' next values and then
// the per-step outputs (assoc: only the carries' next values, which are
// also the outputs). kind names the op in the reasons.
func planRegion(kind string, r *ir.Region, nc int, assoc bool, fixed map[*ir.Op]bool) (*srProgram, string) {
	p := &srProgram{nc: nc, nx: len(r.Args) - nc, ny: len(r.Yields) - nc, assoc: assoc}
	if assoc {
		p.ny = nc
	}
	if len(r.Args) == 0 || len(r.Args[0].Type.Shape) == 0 {
		return nil, "a " + kind + " without a batch axis"
	}
	batch := r.Args[0].Type.Shape[0]
	refs := map[*ir.Value]srRef{}
	weights := map[*ir.Value]int{}
	// rowShape is a body value's row: f32 [B, d1, …] with every d known.
	rowShape := func(v *ir.Value) ([]int, bool) {
		if v.Type.DType != ir.F32 || len(v.Type.Shape) < 1 || v.Type.Shape[0] != batch {
			return nil, false
		}
		var s []int
		for _, d := range v.Type.Shape[1:] {
			n, ok := d.Value()
			if !ok || n < 1 {
				return nil, false
			}
			s = append(s, n)
		}
		return s, true
	}
	// width is a [B, d] value's d.
	width := func(v *ir.Value) (int, bool) {
		s, ok := rowShape(v)
		if !ok || len(s) != 1 {
			return 0, false
		}
		return s[0], true
	}
	alloc := func(s []int) srRef {
		r := srRef{off: p.shared, width: prod(s), shape: s}
		p.shared += r.width
		return r
	}
	for i, a := range r.Args {
		s, ok := rowShape(a)
		if !ok {
			return nil, fmt.Sprintf("a %s carry or input that is not f32[B, …] with known sizes", kind)
		}
		ref := alloc(s)
		refs[a] = ref
		if i < nc {
			p.carries = append(p.carries, ref)
		} else {
			p.xs = append(p.xs, ref)
		}
	}
	weight := func(v *ir.Value) (int, bool) {
		if v.Def == nil || !(v.Def.Kind == "param" || fixed[v.Def]) || v.Type.DType != ir.F32 {
			return 0, false
		}
		if i, ok := weights[v]; ok {
			return i, true
		}
		weights[v] = len(p.weights)
		p.weights = append(p.weights, v)
		return len(p.weights) - 1, true
	}
	ref := func(v *ir.Value) (srRef, bool) {
		if s, ok := refs[v]; ok {
			return s, true
		}
		// An f32 scalar const from outside the body: an immediate.
		if o := v.Def; o != nil && o.Kind == "const" && len(v.Type.Shape) == 0 && v.Type.DType == ir.F32 {
			return srRef{width: 1, imm: true, val: float32(o.Attrs.Float("value"))}, true
		}
		// A weight-only tensor (RWKV's decay [d], a scalar): read from its
		// buffer, its axes the row's last ones (it has no batch axis).
		var s []int
		for _, d := range v.Type.Shape {
			n, ok := d.Value()
			if !ok || n < 1 {
				return srRef{}, false
			}
			s = append(s, n)
		}
		i, ok := weight(v)
		if !ok {
			return srRef{}, false
		}
		return srRef{width: prod(s), w: i + 1, shape: s}, true
	}
	for _, o := range r.Body {
		if o.Kind == "param" || fixed[o] {
			if o.Kind == "const" && len(o.Results[0].Type.Shape) == 0 && o.Results[0].Type.DType == ir.F32 {
				refs[o.Results[0]] = srRef{width: 1, imm: true, val: float32(o.Attrs.Float("value"))}
			}
			continue // a weight: read where a linear takes it
		}
		switch {
		case o.Kind == "linear":
			x, ok := ref(o.Args[0])
			if !ok || x.imm || x.w > 0 || len(x.shape) != 1 {
				return nil, fmt.Sprintf("a %s body's linear of something other than a [B, K] body value", kind)
			}
			wv := o.Args[1]
			if len(wv.Type.Shape) != 2 {
				return nil, fmt.Sprintf("a %s body's linear weight is not a matrix", kind)
			}
			n, ok1 := wv.Type.Shape[0].Value()
			k, ok2 := wv.Type.Shape[1].Value()
			wi, ok3 := weight(wv)
			if !ok1 || !ok2 || !ok3 || k != x.width {
				return nil, fmt.Sprintf("a %s body's linear by something other than a weight-only matrix", kind)
			}
			in := srInstr{kind: "linear", a: x, w: wi, bias: -1, n: n, k: k, act: o.Attrs.String("act")}
			if in.act != "" && !llvm.HasUnary(in.act) {
				return nil, "activation " + in.act + " in a " + kind + " body"
			}
			if len(o.Args) == 3 {
				bi, ok := weight(o.Args[2])
				if !ok || len(o.Args[2].Type.Shape) != 1 {
					return nil, fmt.Sprintf("a %s body's linear bias that is not a weight-only vector", kind)
				}
				in.bias = bi
			}
			if w, ok := width(o.Results[0]); !ok || w != n {
				return nil, fmt.Sprintf("a %s body's linear result is not [B, N]", kind)
			}
			in.out = alloc([]int{n})
			refs[o.Results[0]] = in.out
			p.instrs = append(p.instrs, in)
		case o.Kind == "split":
			x, ok := ref(o.Args[0])
			if ax := o.Attrs.Int("axis"); !ok || x.imm || x.w > 0 || len(x.shape) != 1 || !(ax == -1 || ax == 1) {
				return nil, fmt.Sprintf("a %s body's split that is not along the last axis of a [B, d] body value", kind)
			}
			off := x.off
			for _, res := range o.Results {
				w, ok := width(res)
				if !ok {
					return nil, fmt.Sprintf("a %s body's split with a part of unknown width", kind)
				}
				refs[res] = srRef{off: off, width: w, shape: []int{w}}
				off += w
			}
			if off != x.off+x.width {
				return nil, fmt.Sprintf("a %s body's split that does not cover its argument", kind)
			}
		case len(o.Args) == 1 && len(o.Results) == 1 && llvm.HasUnary(o.Kind):
			x, ok := ref(o.Args[0])
			s, oks := rowShape(o.Results[0])
			if !ok || x.imm || x.w > 0 || !oks || prod(s) != x.width {
				return nil, fmt.Sprintf("a %s body's %s of something other than a body value", kind, o.Kind)
			}
			in := srInstr{kind: "unary", op: o.Kind, a: x, out: alloc(s)}
			refs[o.Results[0]] = in.out
			p.instrs = append(p.instrs, in)
		case binaryKinds[o.Kind] && llvm.HasBinary(o.Kind):
			a, ok1 := ref(o.Args[0])
			b, ok2 := ref(o.Args[1])
			s, oks := rowShape(o.Results[0])
			var ia, ib srIndex
			var oka, okb bool
			if ok1 && ok2 && oks {
				ia, oka = bcastIndex(s, a.shape)
				ib, okb = bcastIndex(s, b.shape)
			}
			if !oka || !okb {
				return nil, fmt.Sprintf("a %s body's %s of values that are not body values, weights or scalars broadcasting to its row", kind, o.Kind)
			}
			in := srInstr{kind: "binary", op: o.Kind, a: a, b: b, out: alloc(s), ia: ia, ib: ib}
			refs[o.Results[0]] = in.out
			p.instrs = append(p.instrs, in)
		default:
			return nil, fmt.Sprintf("a %s body with %s (no PTX scan-cell translation)", kind, o.Kind)
		}
	}
	for i, y := range r.Yields {
		s, ok := ref(y)
		ys, oky := rowShape(y)
		if !ok || !oky || s.w > 0 || s.imm || s.width != prod(ys) {
			return nil, fmt.Sprintf("a %s yield that is not a body value", kind)
		}
		if i < nc && s.width != p.carries[i].width {
			return nil, fmt.Sprintf("a %s carry that changes width", kind)
		}
		p.yields = append(p.yields, s)
	}
	if assoc {
		if len(p.yields) != nc || p.nx != nc {
			return nil, "a malformed " + kind
		}
		for i := range p.xs {
			if p.xs[i].width != p.carries[i].width {
				return nil, "a malformed " + kind
			}
		}
		p.yields = append(p.yields, p.yields...) // the outputs are the next carries
	}
	for i := 0; i < nc; i++ {
		p.next = append(p.next, alloc(p.carries[i].shape))
	}
	switch {
	case p.shared > srMaxShared:
		return nil, fmt.Sprintf("a %s body of %d floats per row (the kernel keeps at most %d in shared memory)", kind, p.shared, srMaxShared)
	case p.bufs() > 12:
		return nil, fmt.Sprintf("a %s with %d buffers (the kernel ABI passes at most 12)", kind, p.bufs())
	case p.nx < 1:
		return nil, "a " + kind + " over no sequence"
	}
	return p, ""
}

// bcastIndex is the map from an element of a result of row shape out to
// the element of an operand of row shape in that broadcasts to it (NumPy's
// rules, right-aligned; in's extra leading axes must be 1), or false when
// in does not broadcast to out. Axes that run on contiguously in both are
// merged, so an operand of out's shape is the identity and one of a
// single element is zero.
func bcastIndex(out, in []int) (srIndex, bool) {
	for len(in) > len(out) {
		if in[0] != 1 {
			return srIndex{}, false
		}
		in = in[1:]
	}
	type axis struct{ d, os, as int }
	var axes []axis // innermost first
	os := 1
	for ax := len(out) - 1; ax >= 0; ax-- {
		d := out[ax]
		k := ax - (len(out) - len(in))
		as := 0
		if k >= 0 && in[k] != 1 {
			if in[k] != d {
				return srIndex{}, false
			}
			as = prod(in[k+1:])
		}
		if d > 1 {
			if n := len(axes); n > 0 && axes[n-1].os*axes[n-1].d == os && axes[n-1].as*axes[n-1].d == as {
				axes[n-1].d *= d // the inner axis runs on into this one
			} else {
				axes = append(axes, axis{d, os, as})
			}
		}
		os *= d
	}
	var idx srIndex
	for _, a := range axes {
		if a.as == 0 {
			continue
		}
		t := srTerm{div: a.os, mod: a.d, mul: a.as}
		if a.os*a.d == os {
			t.mod = 0 // the outermost axis: j / div is below d
		}
		idx.terms = append(idx.terms, t)
	}
	switch {
	case len(idx.terms) == 0:
		idx.zero = true
	case len(idx.terms) == 1 && idx.terms[0] == (srTerm{div: 1, mul: 1}):
		idx.terms = nil // the identity
	}
	return idx, true
}

// prod is the product of a row's sizes (1 for a scalar's empty row).
func prod(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// binaryKinds are the binary ops a scan body may hold.
var binaryKinds = map[string]bool{"add": true, "sub": true, "mul": true, "div": true, "maximum": true, "minimum": true}
