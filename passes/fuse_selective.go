package passes

import (
	"github.com/seqc-dev/seqc/ir"
)

// FuseSelective recognises the Mamba-1 selective scan,
//
//	ssm(u, exp(delta[.., None] * A), delta[.., None] * Bm[:, :, None, :], Cm[:, :, None, :])
//
// with A [D, N] independent of position, and replaces it by one
// selective_scan op that reads delta, A, Bm and Cm directly, so the
// [B, L, D, N] decay and input tensors are never materialised (DCE removes
// them). The D skip (+ D * u) and the SiLU gate (* silu(z)) that follow are
// folded into the same kernel when the scan's result has no other use.
func FuseSelective(m *ir.Module) error {
	for _, f := range m.Funcs {
		forEachBody(f, func(body *[]*ir.Op) {
			var out []*ir.Op
			b := ir.NewBuilder(m, &out)
			for _, op := range *body {
				out = append(out, op)
				if op.Kind != "ssm" || len(op.Args) != 4 || len(op.Results) != 1 {
					continue
				}
				args := matchSelective(op)
				if args == nil {
					continue
				}
				y, err := b.At(op.Pos).In(op.Scope).Build1("selective_scan", args, nil)
				if err != nil {
					panic("fuse_selective built an ill-typed op: " + err.Error())
				}
				replaceUses(f, op.Results[0], y)
			}
			*body = out
		})
		foldSelectiveEpilogue(m, f)
	}
	return DCE(m)
}

// matchSelective returns selective_scan's arguments (u, delta, A, Bm, Cm)
// when op is the Mamba pattern.
func matchSelective(op *ir.Op) []*ir.Value {
	u, a, bb, c := op.Args[0], op.Args[1], op.Args[2], op.Args[3]
	if u.Type.DType != ir.F32 || len(u.Type.Shape) != 3 {
		return nil
	}
	ex := def(a, "exp")
	if ex == nil {
		return nil
	}
	mul := def(ex.Args[0], "mul")
	if mul == nil {
		return nil
	}
	type pair struct{ delta, a *ir.Value }
	p := commuted(mul, func(x, y *ir.Value) *pair {
		d := through(x)
		if d == x || !d.Type.Shape.Equal(u.Type.Shape) || len(y.Type.Shape) != 2 || y.Type.Shape[0] != u.Type.Shape[2] {
			return nil
		}
		return &pair{d, y}
	})
	if p == nil {
		return nil
	}
	bmul := def(bb, "mul")
	if bmul == nil {
		return nil
	}
	n := p.a.Type.Shape[1]
	bm := commuted(bmul, func(x, y *ir.Value) *ir.Value {
		if through(x) != p.delta {
			return nil
		}
		src := through(y)
		want := ir.Shape{u.Type.Shape[0], u.Type.Shape[1], n}
		if src == y || !src.Type.Shape.Equal(want) || !y.Type.Shape.Equal(ir.Shape{want[0], want[1], ir.Const(1), n}) {
			return nil
		}
		return src
	})
	if bm == nil {
		return nil
	}
	cm := through(c)
	if cm == c || !cm.Type.Shape.Equal(bm.Type.Shape) || !c.Type.Shape.Equal(ir.Shape{u.Type.Shape[0], u.Type.Shape[1], ir.Const(1), n}) {
		return nil
	}
	return []*ir.Value{u, p.delta, p.a, bm, cm}
}

// foldSelectiveEpilogue folds y + D*u and then * silu(z) into selective_scan
// ops whose result has that single use.
func foldSelectiveEpilogue(m *ir.Module, f *ir.Func) {
	for changed := true; changed; {
		changed = false
		uses := useCounts(f)
		forEachBody(f, func(body *[]*ir.Op) {
			for _, op := range *body {
				if changed || (op.Kind != "add" && op.Kind != "mul") {
					continue
				}
				type hit struct {
					ss    *ir.Op
					extra *ir.Value
				}
				h := commuted(op, func(x, y *ir.Value) *hit {
					ss := def(x, "selective_scan")
					if ss == nil || !soleUse(uses, x) || ss.Attrs.Bool("gate") {
						return nil
					}
					switch op.Kind {
					case "add": // + D * u
						mm := def(y, "mul")
						if mm == nil || ss.Attrs.Bool("skip") {
							return nil
						}
						return commuted(mm, func(d, uu *ir.Value) *hit {
							if uu != ss.Args[0] || len(d.Type.Shape) != 1 || d.Type.Shape[0] != uu.Type.Shape[2] {
								return nil
							}
							return &hit{ss, d}
						})
					default: // * silu(z)
						si := def(y, "silu")
						if si == nil || !si.Args[0].Type.Shape.Equal(ss.Results[0].Type.Shape) {
							return nil
						}
						return &hit{ss, si.Args[0]}
					}
				})
				if h == nil {
					continue
				}
				attrs := h.ss.Attrs.Clone()
				if op.Kind == "add" {
					attrs["skip"] = true
				} else {
					attrs["gate"] = true
				}
				b := ir.NewBuilder(m, body)
				var nb []*ir.Op
				b = b.Into(&nb).At(h.ss.Pos).In(h.ss.Scope)
				y, err := b.Build1("selective_scan", append(append([]*ir.Value{}, h.ss.Args...), h.extra), attrs)
				if err != nil {
					panic("fuse_selective epilogue built an ill-typed op: " + err.Error())
				}
				// The new op takes the place of op (after everything it reads).
				for i, o := range *body {
					if o == op {
						*body = append((*body)[:i:i], append(nb, (*body)[i:]...)...)
						break
					}
				}
				replaceUses(f, op.Results[0], y)
				changed = true
			}
		})
		if changed {
			DCE(m)
		}
	}
}
