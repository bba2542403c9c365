package ir

// Type rules of the structured sequence mixers. Every mixer takes its sequence
// along axis 1 and its batch along axis 0.

// ssmOperandShape checks that an SSM operand (a, b or c) broadcasts to
// [B, L, C..., N] for x of shape [B, L, C...], and returns its N (or 1).
func ssmOperandShape(what string, x Shape, t Type) (Dim, error) {
	if len(t.Shape) != len(x)+1 {
		return Dim{}, errorf("ssm %s must have rank %d ([B, L, channels..., N] for x %s), got %s", what, len(x)+1, x, t.Shape)
	}
	for i, d := range x {
		if t.Shape[i] != d && t.Shape[i] != Const(1) {
			return Dim{}, errorf("mismatched shapes in ssm: %s %s does not broadcast against x %s (axis %d: %s vs %s)", what, t.Shape, x, i, t.Shape[i], d)
		}
	}
	if t.DType == I32 {
		return Dim{}, errorf("ssm %s must be f32 or c64, got %s", what, t)
	}
	return t.Shape[len(x)], nil
}

func inferSSM(op *Op, _ *Module) ([]Type, error) {
	x := argT(op, 0)
	if len(x.Shape) < 3 {
		return nil, errorf("ssm input x must be [B, L, channels...], got %s", x.Shape)
	}
	if x.DType == I32 {
		return nil, errorf("ssm input x must be f32 or c64, got %s", x)
	}
	n := Const(1)
	state, out := x.DType, x.DType
	for i, name := range []string{"a", "b", "c"} {
		t := argT(op, i+1)
		ni, err := ssmOperandShape(name, x.Shape, t)
		if err != nil {
			return nil, err
		}
		switch {
		case ni == Const(1):
		case n == Const(1):
			n = ni
		case ni != n:
			return nil, errorf("mismatched state sizes in ssm: %s has N=%s, another operand N=%s", name, ni, n)
		}
		if t.DType == C64 {
			out = C64
			if name != "c" {
				state = C64
			}
		}
	}
	hs := append(append(Shape{x.Shape[0]}, x.Shape[2:]...), n)
	if len(op.Args) == 5 {
		h0 := argT(op, 4)
		if !h0.Shape.Equal(hs) {
			return nil, errorf("mismatched shapes in ssm: initial state %s, want %s", h0.Shape, hs)
		}
		if h0.DType != state {
			return nil, errorf("ssm initial state must be %s, got %s", state, h0.DType)
		}
	}
	res := []Type{{out, x.Shape}}
	if op.Attrs.Bool("final_state") {
		res = append(res, Type{state, hs})
	}
	return res, nil
}

func inferConv(op *Op, _ *Module) ([]Type, error) {
	x, w := argT(op, 0), argT(op, 1)
	if x.DType != F32 || len(x.Shape) != 3 {
		return nil, errorf("conv input must be f32[B, L, C], got %s", x)
	}
	if w.DType != F32 || len(w.Shape) != 2 || w.Shape[0] != x.Shape[2] {
		return nil, errorf("mismatched shapes in conv: kernel %s must be [C, W] with C = %s (input %s)", w.Shape, x.Shape[2], x.Shape)
	}
	if len(op.Args) == 3 {
		if err := lastDimVector("conv bias", x, argT(op, 2)); err != nil {
			return nil, err
		}
	}
	pl, pr := op.Attrs.Int("pad_left"), op.Attrs.Int("pad_right")
	if pl < 0 || pr < 0 {
		return nil, errorf("conv padding must be >= 0, got %d and %d", pl, pr)
	}
	span := w.Shape[1]
	if _, given := op.Attrs["dilation"]; given {
		if d := op.Attrs.Int("dilation"); d < 1 {
			return nil, errorf("conv dilation must be >= 1, got %d", d)
		}
		n, ok := ConvSpan(op)
		if !ok {
			return nil, errorf("a dilated conv needs a kernel of known width, got %s", w.Shape)
		}
		span = Const(n)
	}
	l, err := AddDims(x.Shape[1], Const(pl+pr+1))
	if err != nil {
		return nil, err
	}
	if l, err = SubDims(l, span); err != nil {
		return nil, err
	}
	return one(Type{F32, Shape{x.Shape[0], l, x.Shape[2]}})
}

func inferQuasiseparable(op *Op, _ *Module) ([]Type, error) {
	x := argT(op, 0)
	if x.DType != F32 || len(x.Shape) < 3 {
		return nil, errorf("quasiseparable input x must be f32[B, L, channels...], got %s", x)
	}
	names := []string{"forward a", "forward b", "forward c", "backward a", "backward b", "backward c"}
	for i, name := range names {
		t := argT(op, i+1)
		if _, err := ssmOperandShape(name, x.Shape, t); err != nil {
			return nil, err
		}
		if t.DType != F32 {
			return nil, errorf("quasiseparable %s must be f32, got %s", name, t)
		}
	}
	d := argT(op, 7)
	if b, ok := Broadcast(d.Shape, x.Shape); !ok || !b.Equal(x.Shape) || d.DType != F32 {
		return nil, errorf("mismatched shapes in quasiseparable: diagonal %s does not broadcast to x %s", d.Shape, x.Shape)
	}
	return one(x)
}

func inferAttention(op *Op, _ *Module) ([]Type, error) {
	q, k, v := argT(op, 0), argT(op, 1), argT(op, 2)
	for _, t := range []Type{q, k, v} {
		if t.DType != F32 || len(t.Shape) != 4 {
			return nil, errorf("attention needs f32[B, L, heads, head_dim] for q, k and v, got %s", t)
		}
	}
	if q.Shape[0] != k.Shape[0] || k.Shape[0] != v.Shape[0] || k.Shape[1] != v.Shape[1] || k.Shape[2] != v.Shape[2] {
		return nil, errorf("mismatched shapes in attention: k %s vs v %s (q %s)", k.Shape, v.Shape, q.Shape)
	}
	if q.Shape[3] != k.Shape[3] {
		return nil, errorf("mismatched head sizes in attention: q %s vs k %s", q.Shape, k.Shape)
	}
	hq, okq := q.Shape[2].Value()
	hk, okk := k.Shape[2].Value()
	if !okq || !okk || hk == 0 || hq%hk != 0 {
		return nil, errorf("attention query heads %s must be a multiple of key/value heads %s", q.Shape[2], k.Shape[2])
	}
	if len(op.Args) == 4 {
		m := argT(op, 3)
		if m.DType != I32 || !m.Shape.Equal(Shape{k.Shape[0], k.Shape[1]}) {
			return nil, errorf("attention key padding mask must be i32[%s, %s], got %s", k.Shape[0], k.Shape[1], m)
		}
	}
	return one(Type{F32, Shape{q.Shape[0], q.Shape[1], q.Shape[2], v.Shape[3]}})
}

func inferRoPE(op *Op, _ *Module) ([]Type, error) {
	x := argT(op, 0)
	if x.DType != F32 || len(x.Shape) != 4 {
		return nil, errorf("rope needs f32[B, L, heads, head_dim], got %s", x)
	}
	if d, ok := x.Shape[3].Value(); !ok || d%2 != 0 {
		return nil, errorf("rope needs an even head size, got %s", x.Shape[3])
	}
	return one(x)
}

func inferDeltaRule(op *Op, _ *Module) ([]Type, error) {
	q, k, v, beta := argT(op, 0), argT(op, 1), argT(op, 2), argT(op, 3)
	for _, t := range []Type{q, k, v, beta} {
		if t.DType != F32 {
			return nil, errorf("delta_rule operands must be f32, got %s", t)
		}
	}
	if len(q.Shape) != 4 || len(k.Shape) != 4 || len(v.Shape) != 4 || len(beta.Shape) != 3 {
		return nil, errorf("delta_rule needs q, k, v [B, T, H, dim] and beta [B, T, H], got %s %s %s %s", q.Shape, k.Shape, v.Shape, beta.Shape)
	}
	n := op.Attrs.Int("n")
	if n < 1 {
		return nil, errorf("delta_rule needs n >= 1 Householder steps, got %d", n)
	}
	tn := ScaleDim(q.Shape[1], n, 1)
	want := Shape{q.Shape[0], tn, q.Shape[2], q.Shape[3]}
	if !k.Shape.Equal(want) {
		return nil, errorf("mismatched shapes in delta_rule: k %s, want %s", k.Shape, want)
	}
	if !v.Shape[:3].Equal(want[:3]) {
		return nil, errorf("mismatched shapes in delta_rule: v %s vs k %s", v.Shape, k.Shape)
	}
	if !beta.Shape.Equal(want[:3]) {
		return nil, errorf("mismatched shapes in delta_rule: beta %s, want %s", beta.Shape, want[:3])
	}
	i := 4
	if op.Attrs.Bool("gated") {
		if i >= len(op.Args) {
			return nil, errorf("gated delta_rule needs a gate argument")
		}
		g := argT(op, i)
		if !g.Shape.Equal(q.Shape[:3]) {
			return nil, errorf("mismatched shapes in delta_rule: gate %s, want %s", g.Shape, q.Shape[:3])
		}
		i++
	}
	hs := Shape{q.Shape[0], q.Shape[2], q.Shape[3], v.Shape[3]}
	if i < len(op.Args) {
		if h0 := argT(op, i); !h0.Shape.Equal(hs) {
			return nil, errorf("mismatched shapes in delta_rule: initial state %s, want %s", h0.Shape, hs)
		}
		i++
	}
	if i != len(op.Args) {
		return nil, errorf("delta_rule takes %d arguments with these attributes, got %d", i, len(op.Args))
	}
	res := []Type{{F32, Shape{q.Shape[0], q.Shape[1], q.Shape[2], v.Shape[3]}}}
	if op.Attrs.Bool("final_state") {
		res = append(res, Type{F32, hs})
	}
	return res, nil
}
