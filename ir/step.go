package ir

import (
	"fmt"
)

// Plan is what streaming a function needs: the symbol that is its
// sequence length and the ops that carry state from one chunk to the next.
type Plan struct {
	Seq       string // the sequence symbol (L, T, ...)
	InputAxis []int  // the sequence axis of each input, or -1
	OutAxis   []int  // the sequence axis of each output, or -1 (final states)
	Stateful  []*Op  // ops with recurrent state, in program order
}

// StepPlan decides whether f can run position by position and which ops
// carry state. The sequence axis is axis 1 of the inputs whose second
// dimension is symbolic; it is tracked through every op, and any op that
// looks at a later position (flip, a non-causal conv, bidirectional
// attention, a reduction or slice along the sequence) makes f non-causal.
func StepPlan(f *Func) (*Plan, error) {
	// Candidate sequence symbols: those at axis 1 of an input first (the
	// [B, L, ...] convention), then the other symbols of the inputs (a
	// [B, H, T, K] layout). The first candidate that gives a causal plan wins.
	var cands []string
	seen := map[string]bool{}
	for pass := 0; pass < 2; pass++ {
		for _, v := range f.Inputs {
			for ax, d := range v.Type.Shape {
				if d.IsConst() || ax == 0 || seen[d.Sym] || (pass == 0 && ax != 1) {
					continue
				}
				seen[d.Sym] = true
				cands = append(cands, d.Sym)
			}
		}
	}
	if len(cands) == 0 {
		return nil, fmt.Errorf("%s cannot be streamed: no input has a symbolic sequence axis", f.Name)
	}
	var firstErr error
	for _, sym := range cands {
		p, err := planFor(f, sym)
		if err == nil {
			return p, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

// planFor builds the plan with sym as the sequence symbol.
func planFor(f *Func, sym string) (*Plan, error) {
	p := &Plan{Seq: sym}
	seqAxis := map[*Value]int{}
	for _, v := range f.Inputs {
		ax := -1
		for i, d := range v.Type.Shape {
			if d.Sym == sym {
				if ax >= 0 {
					return nil, fmt.Errorf("%s cannot be streamed: input %s has %s on two axes", f.Name, v.Name, sym)
				}
				ax = i
			}
		}
		seqAxis[v] = ax
		p.InputAxis = append(p.InputAxis, ax)
	}
	if err := p.walk(f.Body, seqAxis); err != nil {
		return nil, fmt.Errorf("%s cannot be streamed (it is not causal along %s): %w", f.Name, sym, err)
	}
	for _, o := range f.Outputs {
		p.OutAxis = append(p.OutAxis, seqAxis[o])
	}
	return p, nil
}

func (p *Plan) walk(body []*Op, seqAxis map[*Value]int) error {
	for _, op := range body {
		if err := p.op(op, seqAxis); err != nil {
			return fmt.Errorf("%s: %s %w", op.Pos, op.Kind, err)
		}
	}
	return nil
}

func (p *Plan) op(op *Op, seqAxis map[*Value]int) error {
	in := make([]int, len(op.Args))
	any := false
	for i, a := range op.Args {
		in[i] = seqAxis[a]
		any = any || in[i] >= 0
	}
	set := func(ax int) {
		for _, r := range op.Results {
			seqAxis[r] = ax
		}
	}
	if !any && op.Region == nil {
		set(-1)
		return nil
	}
	info := op.Info()
	rank := len(op.Results[0].Type.Shape)
	switch {
	case info.Has(Elementwise):
		// Broadcasting aligns axes from the right.
		ax := -1
		for i, a := range in {
			if a < 0 {
				continue
			}
			r := a + rank - len(op.Args[i].Type.Shape)
			if ax >= 0 && r != ax {
				return fmt.Errorf("combines tensors whose sequence axes do not line up")
			}
			ax = r
		}
		set(ax)
	case op.Kind == "linear" || op.Kind == "rms_norm" || op.Kind == "layer_norm" || op.Kind == "l2_norm" || op.Kind == "take":
		if in[0] == len(op.Args[0].Type.Shape)-1 && op.Kind != "take" {
			return fmt.Errorf("mixes along the sequence axis")
		}
		for _, a := range in[1:] {
			if a >= 0 && op.Kind != "take" {
				return fmt.Errorf("takes a per-position tensor as its weight")
			}
		}
		if op.Kind == "take" {
			set(in[1])
		} else {
			set(in[0])
		}
	case op.Kind == "reshape" || op.Kind == "broadcast_to":
		ax, err := followReshape(op, in[0])
		if err != nil {
			return err
		}
		set(ax)
	case op.Kind == "transpose":
		ax := -1
		for i, pp := range op.Attrs.Ints("perm") {
			if pp == in[0] {
				ax = i
			}
		}
		set(ax)
	case op.Kind == "split" || op.Kind == "concat" || op.Kind == "softmax" || op.Kind == "sum" || op.Kind == "mean" || op.Kind == "max" ||
		op.Kind == "slice" || op.Kind == "index" || op.Kind == "flip" || op.Kind == "cumsum" || op.Kind == "shift":
		axis, _ := NormAxis(op.Attrs.Int("axis"), len(op.Args[0].Type.Shape))
		for _, a := range in {
			if a >= 0 && a != in[0] {
				return fmt.Errorf("joins tensors whose sequence axes differ")
			}
		}
		if axis != in[0] {
			ax := in[0]
			if (op.Kind == "sum" || op.Kind == "mean" || op.Kind == "max" || op.Kind == "index") && !op.Attrs.Bool("keepdim") && axis < ax {
				ax--
			}
			set(ax)
			return nil
		}
		switch op.Kind {
		case "cumsum", "shift":
			if op.Kind == "shift" && op.Attrs.Int("n") < 0 {
				return fmt.Errorf("looks ahead along the sequence axis")
			}
			p.Stateful = append(p.Stateful, op)
			set(axis)
		case "split":
			set(axis)
			return fmt.Errorf("splits the sequence axis")
		default:
			return fmt.Errorf("works along the sequence axis (axis %d) and needs the whole sequence", axis)
		}
	case op.Kind == "matmul":
		r0 := len(op.Args[0].Type.Shape)
		if in[0] >= r0-1 || (in[1] >= 0 && in[1] >= len(op.Args[1].Type.Shape)-2) {
			return fmt.Errorf("contracts over the sequence axis")
		}
		set(in[0] + rank - r0)
	case op.Kind == "conv":
		w, _ := op.Args[1].Type.Shape[1].Value()
		if op.Attrs.Int("pad_right") != 0 || op.Attrs.Int("pad_left") != w-1 {
			return fmt.Errorf("is not causal (pad_left=%d, pad_right=%d for width %d)", op.Attrs.Int("pad_left"), op.Attrs.Int("pad_right"), w)
		}
		p.Stateful = append(p.Stateful, op)
		set(1)
	case op.Kind == "attention":
		if !op.Attrs.Bool("causal") {
			return fmt.Errorf("is bidirectional")
		}
		if len(op.Args) == 4 {
			return fmt.Errorf("with a key padding mask cannot be streamed")
		}
		p.Stateful = append(p.Stateful, op)
		set(1)
	case op.Kind == "ssm" || op.Kind == "delta_rule" || op.Kind == "rope" || op.Kind == "selective_scan":
		for i, a := range in {
			if a >= 0 && a != 1 && !(op.Kind == "ssm" && i == 4) && !(op.Kind == "selective_scan" && i == 2) {
				return fmt.Errorf("needs its sequence on axis 1")
			}
		}
		p.Stateful = append(p.Stateful, op)
		set(1)
		for _, r := range op.Results[1:] {
			seqAxis[r] = -1 // final states have no sequence axis
		}
	case op.Kind == "scan":
		nc := op.Attrs.Int("carries")
		for i, a := range in {
			if i < nc && a >= 0 {
				return fmt.Errorf("carries a per-position tensor")
			}
			if i >= nc && a != 1 && a >= 0 {
				return fmt.Errorf("needs its sequence on axis 1")
			}
		}
		inner := map[*Value]int{}
		for k, v := range seqAxis {
			inner[k] = v
		}
		for _, a := range op.Region.Args {
			inner[a] = -1
		}
		if err := p.walk(op.Region.Body, inner); err != nil {
			return err
		}
		p.Stateful = append(p.Stateful, op)
		for i, r := range op.Results {
			if i < nc {
				seqAxis[r] = -1
			} else {
				seqAxis[r] = 1
			}
		}
	case op.Kind == "quasiseparable":
		return fmt.Errorf("is bidirectional")
	default:
		return fmt.Errorf("has no step rule")
	}
	return nil
}

// followReshape finds where the sequence axis lands after a reshape: the
// output axis with the same dimension and the same number of elements
// before it.
func followReshape(op *Op, ax int) (int, error) {
	in := op.Args[0].Type.Shape
	out := op.Results[0].Type.Shape
	if op.Kind == "broadcast_to" {
		return ax + len(out) - len(in), nil
	}
	before := NumelOf(in[:ax])
	for i, d := range out {
		if d == in[ax] && NumelOf(out[:i]).Equal(before) {
			return i, nil
		}
	}
	return -1, fmt.Errorf("merges or splits the sequence axis (%s to %s)", in, out)
}
