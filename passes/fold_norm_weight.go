package passes

import "github.com/seqc-dev/seqc/ir"

// FoldNormWeight moves a norm's elementwise weight into the linear maps that
// consume it: linear(rms_norm(x, w), W) = linear(rms_norm(x), W·diag(w)).
// It is legal when every use of the normalised value is a linear whose
// input axis is the normalised axis; W·diag(w) depends on the weights only,
// so the interpreter computes it once per model. The norm then skips a
// multiply over the whole activation.
func FoldNormWeight(m *ir.Module) error {
	for _, f := range m.Funcs {
		users := map[*ir.Value][]*ir.Op{}
		outputs := map[*ir.Value]bool{}
		for _, o := range f.Outputs {
			outputs[o] = true
		}
		regionUse := map[*ir.Value]bool{}
		forEachBody(f, func(body *[]*ir.Op) {
			for _, op := range *body {
				for _, a := range op.Args {
					users[a] = append(users[a], op)
				}
				if op.Region != nil {
					for _, y := range op.Region.Yields {
						regionUse[y] = true
					}
				}
			}
		})
		// First find the norms to fold, then rebuild the body, placing each
		// scaled weight just before the linear that reads it (after both the
		// norm's weight and the linear's own weight are defined).
		scale := map[*ir.Op]*ir.Value{} // linear -> norm weight
		for _, op := range f.Body {
			if op.Kind != "rms_norm" || len(op.Args) != 2 {
				continue
			}
			y := op.Results[0]
			us := users[y]
			ok := len(us) > 0 && !outputs[y] && !regionUse[y]
			for _, u := range us {
				ok = ok && u.Kind == "linear" && u.Args[0] == y && u.Args[1] != y
			}
			if !ok {
				continue
			}
			for _, u := range us {
				scale[u] = op.Args[1]
			}
			op.Args = op.Args[:1]
		}
		if len(scale) == 0 {
			continue
		}
		var body []*ir.Op
		b := ir.NewBuilder(m, &body)
		rows := map[*ir.Value]*ir.Value{} // one [1, D] view of each norm weight, made at its first user
		for _, op := range f.Body {
			if w := scale[op]; w != nil {
				bb := b.At(op.Pos).In(op.Scope)
				row := rows[w]
				if row == nil {
					var err error
					if row, err = bb.Build1("reshape", []*ir.Value{w}, ir.Attrs{"shape": ir.Shape{ir.Const(1), w.Type.Shape[0]}}); err != nil {
						panic("fold_norm_weight: " + err.Error())
					}
					rows[w] = row
				}
				scaled, err := bb.Build1("mul", []*ir.Value{op.Args[1], row}, nil)
				if err != nil {
					panic("fold_norm_weight: " + err.Error())
				}
				op.Args[1] = scaled
			}
			body = append(body, op)
		}
		f.Body = body
	}
	return nil
}
