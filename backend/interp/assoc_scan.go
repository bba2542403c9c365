package interp

import (
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The associative scan: out[t] = e[0] ⊕ e[1] ⊕ ... ⊕ e[t], where an element
// e[t] is one position of each argument (its components) and ⊕ is the
// op's body, declared associative. The sequential form (mode scan) is the
// reference: one evaluation of the body per position. The chunked form
// evaluates the body on slabs of many positions at once, folded into the
// batch axis: the local prefixes of every chunk in lockstep (chunk
// evaluations), the chunks' totals in order (one per chunk), then one
// evaluation joining each chunk's carry-in to its local prefixes. Its
// numbers equal the sequential form's up to the reassociation of ⊕ (exact
// for an exactly associative combine). In a stream the prefix so far is
// the state: the next chunk starts from it.

func init() { impls["assoc_scan"] = assocScanImpl }

func assocScanImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	n := len(args)
	outs := make([]*runtime.Tensor, n)
	for i, a := range args {
		outs[i] = fr.alloc(a.DType, a.Shape...)
	}
	var prev []*runtime.Tensor // the prefix before this chunk, in a stream
	slot := fr.slot(op, 0)
	if slot != nil && *slot != nil {
		prev = make([]*runtime.Tensor, n)
		for i := range prev {
			prev[i] = fr.slotAt(op, i)
		}
	}
	b, l := args[0].Shape[0], args[0].Shape[1]
	if b == 0 || l == 0 {
		return outs, nil
	}
	sc := &assocScan{fr: fr, op: op, n: n}
	var err error
	if fr.mode(op) == ir.ModeChunked && sc.foldable() {
		err = sc.chunked(args, outs, prev, fr.chunk(op))
	} else {
		err = sc.sequential(args, outs, prev)
	}
	if err != nil {
		return nil, err
	}
	if slot != nil {
		for i, o := range outs { // copies: the outputs' buffers are the run's
			fr.setSlot(op, i, rowsAt(o, []int{l - 1}))
		}
	}
	return outs, nil
}

// assocScan is one run of an assoc_scan op.
type assocScan struct {
	fr  *frame
	op  *ir.Op
	n   int    // components per element
	sym string // the batch symbol of the body's values (foldable)
}

// combine evaluates the body on left ⊕ right (each a list of n
// components [M, ...]); fr is the frame to evaluate in.
func (s *assocScan) combine(fr *frame, left, right []*runtime.Tensor) ([]*runtime.Tensor, error) {
	r := s.op.Region
	for i := 0; i < s.n; i++ {
		fr.setVal(r.Args[i], left[i])
		fr.setVal(r.Args[s.n+i], right[i])
	}
	if err := fr.body(r.Body); err != nil {
		return nil, err
	}
	out := make([]*runtime.Tensor, s.n)
	for i, y := range r.Yields {
		out[i] = fr.val(y)
	}
	return out, nil
}

// sequential is the reference form: one combine per position.
func (s *assocScan) sequential(args, outs, prev []*runtime.Tensor) error {
	acc := prev
	for t := 0; t < args[0].Shape[1]; t++ {
		e := make([]*runtime.Tensor, s.n)
		for i, a := range args {
			e[i] = rowsAt(a, []int{t})
		}
		if acc == nil {
			acc = e
		} else {
			var err error
			if acc, err = s.combine(s.fr, acc, e); err != nil {
				return err
			}
		}
		for i, o := range outs {
			putRows(o, []int{t}, acc[i])
		}
	}
	return nil
}

// foldable reports whether the body can run on many positions at once with
// them folded into the batch axis: every value of the body has the same
// batch symbol on axis 0 and nowhere else, and the values it reads from
// outside do not have it.
func (s *assocScan) foldable() bool {
	r := s.op.Region
	d := r.Args[0].Type.Shape
	if len(d) == 0 || d[0].IsConst() || d[0].Mul != 1 || d[0].Div != 1 || d[0].Add != 0 {
		return false
	}
	s.sym = d[0].Sym
	okShape := func(sh ir.Shape, batched bool) bool {
		for i, x := range sh {
			if x.Sym == s.sym && (i != 0 || !batched || x != d[0]) {
				return false
			}
		}
		return !batched || (len(sh) > 0 && sh[0] == d[0])
	}
	for _, a := range r.Args {
		if !okShape(a.Type.Shape, true) {
			return false
		}
	}
	ok := true
	walkOps(r.Body, func(o *ir.Op) {
		for _, res := range o.Results {
			batched := len(res.Type.Shape) > 0 && res.Type.Shape[0] == d[0]
			ok = ok && okShape(res.Type.Shape, batched)
		}
	})
	inside := map[*ir.Value]bool{}
	for _, a := range r.Args {
		inside[a] = true
	}
	walkOps(r.Body, func(o *ir.Op) {
		for _, res := range o.Results {
			inside[res] = true
		}
		if o.Region != nil {
			for _, a := range o.Region.Args {
				inside[a] = true
			}
		}
	})
	walkOps(r.Body, func(o *ir.Op) {
		for _, a := range o.Args {
			if !inside[a] {
				ok = ok && okShape(a.Type.Shape, false)
			}
		}
	})
	return ok
}

// folded is a frame in which the body's batch symbol stands for m rows.
func (s *assocScan) folded(m int) *frame {
	sub := *s.fr
	sub.env = make(map[string]int, len(s.fr.env)+1)
	for k, v := range s.fr.env {
		sub.env[k] = v
	}
	sub.env[s.sym] = m
	sub.shapes, sub.plan, sub.state = nil, nil, nil
	return &sub
}

// chunked is the blocked form (see the file comment).
func (s *assocScan) chunked(args, outs, prev []*runtime.Tensor, q int) error {
	b, l := args[0].Shape[0], args[0].Shape[1]
	q = max(1, min(q, l))
	nc := (l + q - 1) / q
	// Phase 1: the local prefix of every chunk, the chunks in lockstep.
	for j := 0; j < q; j++ {
		var at, before []int
		for c := 0; c < nc; c++ {
			if t := c*q + j; t < l {
				at = append(at, t)
				before = append(before, t-1)
			}
		}
		if len(at) == 0 {
			break
		}
		cur := make([]*runtime.Tensor, s.n)
		for i, a := range args {
			cur[i] = slab(a, at)
		}
		if j > 0 {
			left := make([]*runtime.Tensor, s.n)
			for i, o := range outs {
				left[i] = slab(o, before)
			}
			var err error
			if cur, err = s.combine(s.folded(b*len(at)), left, cur); err != nil {
				return err
			}
		}
		for i, o := range outs {
			unslab(o, at, cur[i])
		}
	}
	// Phase 2: each chunk's carry-in, the prefix of the chunks before it.
	carry := make([][]*runtime.Tensor, nc) // carry[c]: [B, ...] per component, nil when none
	acc := prev
	for c := 0; c < nc; c++ {
		carry[c] = acc
		last := min((c+1)*q, l) - 1
		tot := make([]*runtime.Tensor, s.n)
		for i, o := range outs {
			tot[i] = rowsAt(o, []int{last})
		}
		if acc == nil {
			acc = tot
			continue
		}
		var err error
		if acc, err = s.combine(s.fr, acc, tot); err != nil {
			return err
		}
	}
	// Phase 3: every position of a chunk with a carry-in, in one evaluation.
	var at []int
	for t := 0; t < l; t++ {
		if carry[t/q] != nil {
			at = append(at, t)
		}
	}
	if len(at) == 0 {
		return nil
	}
	left := make([]*runtime.Tensor, s.n)
	right := make([]*runtime.Tensor, s.n)
	for i, o := range outs {
		right[i] = slab(o, at)
		parts := make([]*runtime.Tensor, len(at))
		for k, t := range at {
			parts[k] = carry[t/q][i]
		}
		left[i] = stackRows(parts, b)
	}
	res, err := s.combine(s.folded(b*len(at)), left, right)
	if err != nil {
		return err
	}
	for i, o := range outs {
		unslab(o, at, res[i])
	}
	return nil
}

// rowLen is the number of slice entries of one row of x from axis from on:
// one position of a [B, L, ...] tensor (from 2), or one row of a [B, ...]
// value (from 1).
func rowLen(x *runtime.Tensor, from int) int { return numel(x.Shape[from:]) * elemWidth(x) }

// rowsAt copies position ts[0] of x [B, L, ...] into a new [B, ...] tensor.
func rowsAt(x *runtime.Tensor, ts []int) *runtime.Tensor {
	b, l, inner := x.Shape[0], x.Shape[1], rowLen(x, 2)
	out := runtime.New(x.DType, append([]int{b}, x.Shape[2:]...)...)
	t := ts[0]
	for r := 0; r < b; r++ {
		src := (r*l + t) * inner
		if x.DType == runtime.I32 {
			copy(out.I[r*inner:(r+1)*inner], x.I[src:src+inner])
		} else {
			copy(out.F[r*inner:(r+1)*inner], x.F[src:src+inner])
		}
	}
	return out
}

// putRows writes y [B, ...] at position ts[0] of o [B, L, ...].
func putRows(o *runtime.Tensor, ts []int, y *runtime.Tensor) {
	b, l, inner := o.Shape[0], o.Shape[1], rowLen(o, 2)
	t := ts[0]
	for r := 0; r < b; r++ {
		dst := (r*l + t) * inner
		if o.DType == runtime.I32 {
			copy(o.I[dst:dst+inner], y.I[r*inner:(r+1)*inner])
		} else {
			copy(o.F[dst:dst+inner], y.F[r*inner:(r+1)*inner])
		}
	}
}

// slab gathers positions ts of x [B, L, ...] into [B·len(ts), ...], row
// r·len(ts)+k holding x[r, ts[k]].
func slab(x *runtime.Tensor, ts []int) *runtime.Tensor {
	b, l, inner := x.Shape[0], x.Shape[1], rowLen(x, 2)
	out := runtime.New(x.DType, append([]int{b * len(ts)}, x.Shape[2:]...)...)
	for r := 0; r < b; r++ {
		for k, t := range ts {
			src, dst := (r*l+t)*inner, (r*len(ts)+k)*inner
			if x.DType == runtime.I32 {
				copy(out.I[dst:dst+inner], x.I[src:src+inner])
			} else {
				copy(out.F[dst:dst+inner], x.F[src:src+inner])
			}
		}
	}
	return out
}

// unslab is slab's inverse: it writes y [B·len(ts), ...] at positions ts of o.
func unslab(o *runtime.Tensor, ts []int, y *runtime.Tensor) {
	b, l, inner := o.Shape[0], o.Shape[1], rowLen(o, 2)
	for r := 0; r < b; r++ {
		for k, t := range ts {
			dst, src := (r*l+t)*inner, (r*len(ts)+k)*inner
			if o.DType == runtime.I32 {
				copy(o.I[dst:dst+inner], y.I[src:src+inner])
			} else {
				copy(o.F[dst:dst+inner], y.F[src:src+inner])
			}
		}
	}
}

// stackRows lays out parts (each [B, ...]) as [B·len(parts), ...] in slab
// order: row r·len(parts)+k holds parts[k][r].
func stackRows(parts []*runtime.Tensor, b int) *runtime.Tensor {
	p0 := parts[0]
	inner := rowLen(p0, 1)
	out := runtime.New(p0.DType, append([]int{b * len(parts)}, p0.Shape[1:]...)...)
	for r := 0; r < b; r++ {
		for k, p := range parts {
			dst := (r*len(parts) + k) * inner
			if p0.DType == runtime.I32 {
				copy(out.I[dst:dst+inner], p.I[r*inner:(r+1)*inner])
			} else {
				copy(out.F[dst:dst+inner], p.F[r*inner:(r+1)*inner])
			}
		}
	}
	return out
}
