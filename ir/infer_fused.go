package ir

// Kernel-level ops made by the fusion passes.

// inferSelectiveScan types the fused Mamba scan:
// selective_scan(u, delta, A, Bm, Cm [, D] [, z]) -> y, where
// u, delta, z are [B, L, D], A is [D, N], Bm and Cm are [B, L, N] or
// [B, L, G, N] and the optional skip D is [D].
func inferSelectiveScan(op *Op, _ *Module) ([]Type, error) {
	u, delta, a, bm, cm := argT(op, 0), argT(op, 1), argT(op, 2), argT(op, 3), argT(op, 4)
	for _, t := range []Type{u, delta, a, bm, cm} {
		if t.DType != F32 {
			return nil, errorf("selective_scan operands must be f32, got %s", t)
		}
	}
	if len(u.Shape) != 3 || !delta.Shape.Equal(u.Shape) {
		return nil, errorf("selective_scan needs u and delta [B, L, D], got %s and %s", u.Shape, delta.Shape)
	}
	if len(a.Shape) != 2 || a.Shape[0] != u.Shape[2] {
		return nil, errorf("selective_scan needs A [D, N] with D = %s, got %s", u.Shape[2], a.Shape)
	}
	for _, t := range []Type{bm, cm} {
		r := len(t.Shape)
		if (r != 3 && r != 4) || !t.Shape[:2].Equal(u.Shape[:2]) || t.Shape[r-1] != a.Shape[1] || !t.Shape.Equal(bm.Shape) {
			return nil, errorf("selective_scan needs Bm and Cm [B, L, (G,) N] with N = %s, got %s and %s", a.Shape[1], bm.Shape, cm.Shape)
		}
	}
	i := 5
	if op.Attrs.Bool("skip") {
		if i >= len(op.Args) {
			return nil, errorf("selective_scan with skip needs D")
		}
		if err := lastDimVector("selective_scan skip", u, argT(op, i)); err != nil {
			return nil, err
		}
		i++
	}
	if op.Attrs.Bool("gate") {
		if i >= len(op.Args) || !argT(op, i).Shape.Equal(u.Shape) {
			return nil, errorf("selective_scan with gate needs z %s", u.Shape)
		}
		i++
	}
	if i != len(op.Args) {
		return nil, errorf("selective_scan takes %d arguments with these attributes, got %d", i, len(op.Args))
	}
	return one(u)
}
