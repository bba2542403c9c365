package passes

import "github.com/seqc-dev/seqc/ir"

// FuseConvConv composes two causal depthwise convolutions into one:
// conv(conv(x, w1), w2, b2) = conv(x, w1 ⊛ w2, b2), where w1 ⊛ w2 is the
// per-channel full convolution of the kernels (width W1 + W2 - 1). It is
// exact when both are causal and the inner one has no bias (a bias would
// make the inner output nonzero before the sequence starts, where the outer
// conv pads with zeros). The combined kernel depends on the weights only,
// so it is computed once per model; it is built from the IR's own ops:
// conv over the first kernel, read as a sequence, with the second flipped.
func FuseConvConv(m *ir.Module) error {
	for _, f := range m.Funcs {
		uses := useCounts(f)
		forEachBody(f, func(body *[]*ir.Op) {
			var out []*ir.Op
			b := ir.NewBuilder(m, &out)
			for _, op := range *body {
				if inner := def(opArg(op, 0), "conv"); op.Kind == "conv" && inner != nil && len(inner.Args) == 2 &&
					causal(op) && causal(inner) && soleUse(uses, op.Args[0]) && inner.Attrs.String("act") == "" {
					if wc := composeKernels(b.At(op.Pos).In(op.Scope), inner.Args[1], op.Args[1]); wc != nil {
						w, _ := wc.Type.Shape[1].Value()
						op.Args = append([]*ir.Value{inner.Args[0], wc}, op.Args[2:]...)
						op.Attrs["pad_left"] = w - 1
					}
				}
				out = append(out, op)
			}
			*body = out
		})
	}
	return DCE(m)
}

func opArg(op *ir.Op, i int) *ir.Value {
	if i < len(op.Args) {
		return op.Args[i]
	}
	return nil
}

// causal reports whether a conv is causal and undilated: pad_left = W-1,
// pad_right = 0 (the composition below is of adjacent taps).
func causal(op *ir.Op) bool {
	w, ok := op.Args[1].Type.Shape[1].Value()
	return ok && ir.ConvDilation(op) == 1 && op.Attrs.Int("pad_right") == 0 && op.Attrs.Int("pad_left") == w-1
}

// composeKernels builds wc[c, m] = sum_{j+k=m} w1[c, j] w2[c, k].
func composeKernels(b *ir.Builder, w1, w2 *ir.Value) *ir.Value {
	c, w1n, w2n := w1.Type.Shape[0], w1.Type.Shape[1], w2.Type.Shape[1]
	n2, ok := w2n.Value()
	if !ok || w2.Type.Shape[0] != c {
		return nil
	}
	seq, err := b.Build1("transpose", []*ir.Value{w1}, ir.Attrs{"perm": []int{1, 0}}) // [W1, C]
	if err != nil {
		return nil
	}
	seq, _ = b.Build1("reshape", []*ir.Value{seq}, ir.Attrs{"shape": ir.Shape{ir.Const(1), w1n, c}})
	flipped, _ := b.Build1("flip", []*ir.Value{w2}, ir.Attrs{"axis": 1})
	full, err := b.Build1("conv", []*ir.Value{seq, flipped}, ir.Attrs{"pad_left": n2 - 1, "pad_right": n2 - 1})
	if err != nil {
		return nil
	}
	wn := full.Type.Shape[1]
	flat, _ := b.Build1("reshape", []*ir.Value{full}, ir.Attrs{"shape": ir.Shape{wn, c}})
	wc, _ := b.Build1("transpose", []*ir.Value{flat}, ir.Attrs{"perm": []int{1, 0}})
	return wc
}
