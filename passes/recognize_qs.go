package passes

import "github.com/seqc-dev/seqc/ir"

// RecognizeQuasiseparable finds Hydra's pattern
//
//	shift(ssm(x, af, bf, cf)) + flip(shift(ssm(flip(x), flip(ab), flip(bb), flip(cb)))) + x * d
//
// (in any order of the additions) and replaces it by one quasiseparable
// mixer, which runs both directions in one bidirectional pass without the
// flipped copies.
func RecognizeQuasiseparable(m *ir.Module) error {
	for _, f := range m.Funcs {
		forEachBody(f, func(body *[]*ir.Op) {
			var out []*ir.Op
			b := ir.NewBuilder(m, &out)
			for _, op := range *body {
				out = append(out, op)
				if op.Kind != "add" {
					continue
				}
				args := matchQS(op)
				if args == nil {
					continue
				}
				y, err := b.At(op.Pos).In(op.Scope).Build1("quasiseparable", args, nil)
				if err != nil {
					continue // shapes that do not fit the mixer's rule stay as they are
				}
				replaceUses(f, op.Results[0], y)
			}
			*body = out
		})
	}
	return DCE(m)
}

// unflip returns v's operand when v = flip(v', axis 1).
func unflip(v *ir.Value) *ir.Value {
	fl := def(v, "flip")
	if fl == nil || fl.Attrs.Int("axis") != 1 {
		return nil
	}
	return fl.Args[0]
}

// shifted returns the ssm op when v = shift(ssm(...), 1, axis 1).
func shifted(v *ir.Value) *ir.Op {
	sh := def(v, "shift")
	if sh == nil || sh.Attrs.Int("n") != 1 || sh.Attrs.Int("axis") != 1 {
		return nil
	}
	s := def(sh.Args[0], "ssm")
	if s == nil || len(s.Args) != 4 || len(s.Results) != 1 {
		return nil
	}
	return s
}

func matchQS(top *ir.Op) []*ir.Value {
	type parts struct{ fwd, bwd *ir.Op }
	pair := func(v *ir.Value) *parts {
		add := def(v, "add")
		if add == nil {
			return nil
		}
		return commuted(add, func(a, b *ir.Value) *parts {
			fwd := shifted(a)
			inner := unflip(b)
			if fwd == nil || inner == nil {
				return nil
			}
			if bwd := shifted(inner); bwd != nil {
				return &parts{fwd, bwd}
			}
			return nil
		})
	}
	r := commuted(top, func(a, b *ir.Value) *[]*ir.Value {
		p := pair(a)
		mul := def(b, "mul")
		if p == nil || mul == nil {
			return nil
		}
		x := p.fwd.Args[0]
		if unflip(p.bwd.Args[0]) != x {
			return nil
		}
		bwd := make([]*ir.Value, 3)
		for i, v := range p.bwd.Args[1:4] {
			if bwd[i] = unflip(v); bwd[i] == nil {
				return nil
			}
		}
		d := commuted(mul, func(u, d *ir.Value) *ir.Value {
			if u != x {
				return nil
			}
			return d
		})
		if d == nil {
			return nil
		}
		args := []*ir.Value{x, p.fwd.Args[1], p.fwd.Args[2], p.fwd.Args[3], bwd[0], bwd[1], bwd[2], d}
		return &args
	})
	if r == nil {
		return nil
	}
	return *r
}
