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
// Covered: values [B, d] with d known when the model is prepared (and f32
// scalars from `const`); linear of a body value by a weight-only [N, K]
// matrix (optional weight-only bias, activation); split along the last
// axis (views: an offset into the value); unary ops the scalar math has;
// add, sub, mul, div, maximum, minimum of equal widths or against a
// width-1 value; weight-only vectors [d] as operands of those. Weights are read with interp.KernelCall.Value (a scan
// does not take them as arguments). Anything else — another op, a
// captured activation, more than 12 buffers, more than srMaxShared floats
// of values — runs the whole scan on the interpreter, which says why.

// srMaxShared bounds the floats of body values per block (32 KB of the
// 48 KB of static shared memory a block may have).
const srMaxShared = 8192

// srThreads is a scan region kernel's threads per block.
const srThreads = 64

// srRef is a view of a value: width floats from off in shared memory, an
// immediate scalar, or (w > 0) weight w−1, a weight-only vector [width].
type srRef struct {
	off, width int
	imm        bool
	val        float32
	w          int
}

// srInstr is one body op: a phase.
type srInstr struct {
	kind       string // "unary", "binary", "linear"
	op         string // the unary or binary op
	out        srRef
	a, b       srRef
	w, bias    int // linear: weight and bias indices into srProgram.weights (bias -1: none)
	n, k       int
	act        string
	broadcastA bool // binary: a has width 1 against a wider b (and so on)
	broadcastB bool
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
}

// bufs is the kernel's buffers: xs, initial carries, weights, final
// carries, per-step outputs.
func (p *srProgram) bufs() int { return p.nx + p.nc + len(p.weights) + p.nc + p.ny }

// key names the program: its structure, for the kernel's name.
func (p *srProgram) key() string {
	return fmt.Sprintf("%v|%v|%v|%v|%d", p.carries, p.xs, p.instrs, p.yields, len(p.weights))
}

// planScanRegion translates a scan's body, or says why it cannot.
func planScanRegion(op *ir.Op, fixed map[*ir.Op]bool) (*srProgram, string) {
	r := op.Region
	nc := op.Attrs.Int("carries")
	if r == nil || nc < 0 || nc > len(r.Args) || nc > len(r.Yields) {
		return nil, "a malformed scan"
	}
	p := &srProgram{nc: nc, nx: len(r.Args) - nc, ny: len(r.Yields) - nc}
	refs := map[*ir.Value]srRef{}
	weights := map[*ir.Value]int{}
	width := func(v *ir.Value) (int, bool) {
		if v.Type.DType != ir.F32 || len(v.Type.Shape) != 2 {
			return 0, false
		}
		w, ok := v.Type.Shape[1].Value()
		return w, ok && w >= 1
	}
	alloc := func(w int) srRef {
		s := srRef{off: p.shared, width: w}
		p.shared += w
		return s
	}
	for i, a := range r.Args {
		w, ok := width(a)
		if !ok {
			return nil, "a scan carry or input that is not f32[B, d] with a known d"
		}
		s := alloc(w)
		refs[a] = s
		if i < nc {
			p.carries = append(p.carries, s)
		} else {
			p.xs = append(p.xs, s)
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
		// A weight-only vector [d] (RWKV's decay): read from its buffer.
		if len(v.Type.Shape) != 1 {
			return srRef{}, false
		}
		d, ok := v.Type.Shape[0].Value()
		if !ok || d < 1 {
			return srRef{}, false
		}
		i, ok := weight(v)
		if !ok {
			return srRef{}, false
		}
		return srRef{width: d, w: i + 1}, true
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
			if !ok || x.imm || x.w > 0 {
				return nil, "a scan body's linear of something other than a body value"
			}
			wv := o.Args[1]
			if len(wv.Type.Shape) != 2 {
				return nil, "a scan body's linear weight is not a matrix"
			}
			n, ok1 := wv.Type.Shape[0].Value()
			k, ok2 := wv.Type.Shape[1].Value()
			wi, ok3 := weight(wv)
			if !ok1 || !ok2 || !ok3 || k != x.width {
				return nil, "a scan body's linear by something other than a weight-only matrix"
			}
			in := srInstr{kind: "linear", a: x, w: wi, bias: -1, n: n, k: k, act: o.Attrs.String("act")}
			if in.act != "" && !llvm.HasUnary(in.act) {
				return nil, "activation " + in.act + " in a scan body"
			}
			if len(o.Args) == 3 {
				bi, ok := weight(o.Args[2])
				if !ok || len(o.Args[2].Type.Shape) != 1 {
					return nil, "a scan body's linear bias that is not a weight-only vector"
				}
				in.bias = bi
			}
			if w, ok := width(o.Results[0]); !ok || w != n {
				return nil, "a scan body's linear result is not [B, N]"
			}
			in.out = alloc(n)
			refs[o.Results[0]] = in.out
			p.instrs = append(p.instrs, in)
		case o.Kind == "split":
			x, ok := ref(o.Args[0])
			if ax := o.Attrs.Int("axis"); !ok || x.imm || x.w > 0 || !(ax == -1 || ax == 1) {
				return nil, "a scan body's split that is not along the last axis of a body value"
			}
			off := x.off
			for _, res := range o.Results {
				w, ok := width(res)
				if !ok {
					return nil, "a scan body's split with a part of unknown width"
				}
				refs[res] = srRef{off: off, width: w}
				off += w
			}
			if off != x.off+x.width {
				return nil, "a scan body's split that does not cover its argument"
			}
		case len(o.Args) == 1 && len(o.Results) == 1 && llvm.HasUnary(o.Kind):
			x, ok := ref(o.Args[0])
			w, okw := width(o.Results[0])
			if !ok || x.imm || x.w > 0 || !okw || w != x.width {
				return nil, "a scan body's " + o.Kind + " of something other than a body value"
			}
			in := srInstr{kind: "unary", op: o.Kind, a: x, out: alloc(w)}
			refs[o.Results[0]] = in.out
			p.instrs = append(p.instrs, in)
		case binaryKinds[o.Kind] && llvm.HasBinary(o.Kind):
			a, ok1 := ref(o.Args[0])
			b, ok2 := ref(o.Args[1])
			w, okw := width(o.Results[0])
			if !ok1 || !ok2 || !okw || (a.width != w && a.width != 1) || (b.width != w && b.width != 1) {
				return nil, "a scan body's " + o.Kind + " of values that are not body values or scalars of its width"
			}
			in := srInstr{kind: "binary", op: o.Kind, a: a, b: b, out: alloc(w), broadcastA: a.width == 1, broadcastB: b.width == 1}
			refs[o.Results[0]] = in.out
			p.instrs = append(p.instrs, in)
		default:
			return nil, "a scan body with " + o.Kind + " (no PTX scan-cell translation)"
		}
	}
	for i, y := range r.Yields {
		s, ok := ref(y)
		w, okw := width(y)
		if !ok || !okw || s.w > 0 || s.imm || s.width != w {
			return nil, "a scan yield that is not a body value"
		}
		if i < nc && w != p.carries[i].width {
			return nil, "a scan carry that changes width"
		}
		p.yields = append(p.yields, s)
	}
	for i := 0; i < nc; i++ {
		p.next = append(p.next, alloc(p.carries[i].width))
	}
	switch {
	case p.shared > srMaxShared:
		return nil, fmt.Sprintf("a scan body of %d floats per row (the kernel keeps at most %d in shared memory)", p.shared, srMaxShared)
	case p.bufs() > 12:
		return nil, fmt.Sprintf("a scan with %d buffers (the kernel ABI passes at most 12)", p.bufs())
	case p.nx < 1:
		return nil, "a scan over no sequence"
	}
	return p, ""
}

// binaryKinds are the binary ops a scan body may hold.
var binaryKinds = map[string]bool{"add": true, "sub": true, "mul": true, "div": true, "maximum": true, "minimum": true}
