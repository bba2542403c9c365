package dsl

import (
	"math"

	"github.com/seqc-dev/seqc/ir"
)

// The structured sequence mixers. Each lowers to one mixer op of the IR;
// linear_attention and gla are semiseparable and lower to ssm.

func results(rs []*ir.Value) any {
	if len(rs) == 1 {
		return &tensorVal{rs[0]}
	}
	out := make(list, len(rs))
	for i, r := range rs {
		out[i] = &tensorVal{r}
	}
	return out
}

func bSSM(c *callCtx) any {
	c.nargs(4, 4)
	args := []*ir.Value{c.tensor(0), c.tensor(1), c.tensor(2), c.tensor(3)}
	if h0 := c.kwTensor("init"); h0 != nil {
		args = append(args, h0)
	}
	attrs := ir.Attrs{}
	if c.kwBool("final_state", false) {
		attrs["final_state"] = true
	}
	return results(c.e.op("ssm", args, attrs, nil, c.pos))
}

func bConv(c *callCtx) any {
	c.nargs(2, 2)
	x, k := c.tensor(0), c.tensor(1)
	args := []*ir.Value{x, k}
	if b := c.kwTensor("bias"); b != nil {
		args = append(args, b)
	}
	w := 0
	if len(k.Type.Shape) == 2 {
		if n, ok := k.Type.Shape[1].Value(); ok {
			w = n
		}
	}
	causal := c.kwBool("causal", false)
	dil := c.kwInt("dilation", 1, false)
	if dil < 1 {
		c.fail("dilation must be >= 1, got %d", dil)
	}
	if dil > 1 && w == 0 {
		c.fail("a dilated conv needs a kernel [C, W] with a known width, got %s", k.Type.Shape)
	}
	pl, pr := 0, 0
	switch {
	case causal:
		if c.has("padding") {
			c.fail("causal: true and padding: exclude each other")
		}
		if w == 0 {
			c.fail("a causal conv needs a kernel [C, W] with a known width, got %s", k.Type.Shape)
		}
		pl = dil * (w - 1)
	case c.has("padding"):
		pl = c.kwInt("padding", 0, true)
		pr = pl
	default:
		pl = c.kwInt("pad_left", 0, false)
		pr = c.kwInt("pad_right", 0, false)
	}
	attrs := ir.Attrs{"pad_left": pl, "pad_right": pr}
	if dil > 1 {
		attrs["dilation"] = dil
	}
	return c.e.op1("conv", args, attrs, c.pos)
}

func (c *callCtx) triple(name string) []*ir.Value {
	v, pos, ok := c.kwarg(name)
	if !ok {
		c.fail("missing argument %s: [a, b, c]", name)
	}
	l, isList := v.(list)
	if !isList || len(l) != 3 {
		c.e.fail(pos, "%s: %s must be a list [a, b, c] of three tensors", c.name, name)
	}
	out := make([]*ir.Value, 3)
	for i := range l {
		out[i] = c.e.toTensor(l[i], pos).v
	}
	return out
}

func bQuasiseparable(c *callCtx) any {
	c.nargs(1, 1)
	args := append([]*ir.Value{c.tensor(0)}, c.triple("fwd")...)
	args = append(args, c.triple("bwd")...)
	d := c.kwTensor("diag")
	if d == nil {
		c.fail("missing argument diag")
	}
	args = append(args, d)
	return c.e.op1("quasiseparable", args, nil, c.pos)
}

// headDim returns the size of the last axis of a [B, L, H, D] tensor.
func (c *callCtx) headDim(v *ir.Value) int {
	if len(v.Type.Shape) != 4 {
		c.fail("needs [B, L, heads, head_dim] tensors, got %s", v.Type.Shape)
	}
	d, ok := v.Type.Shape[3].Value()
	if !ok || d <= 0 {
		c.fail("needs a known head size, got %s", v.Type.Shape[3])
	}
	return d
}

func bAttention(c *callCtx) any {
	c.nargs(3, 3)
	q, k, v := c.tensor(0), c.tensor(1), c.tensor(2)
	args := []*ir.Value{q, k, v}
	if m := c.kwTensor("key_padding_mask"); m != nil {
		args = append(args, m)
	}
	var scale float64
	if c.has("scale") {
		scale = c.kwFloat("scale", 0, true)
	} else {
		scale = 1 / math.Sqrt(float64(c.headDim(q)))
	}
	attrs := ir.Attrs{"scale": scale}
	if c.kwBool("causal", false) {
		attrs["causal"] = true
	}
	return c.e.op1("attention", args, attrs, c.pos)
}

func bRoPE(c *callCtx) any {
	c.nargs(1, 1)
	attrs := ir.Attrs{"theta": c.kwFloat("theta", 10000, false)}
	if c.kwBool("interleaved", false) {
		attrs["interleaved"] = true
	}
	return c.e.op1("rope", []*ir.Value{c.tensor(0)}, attrs, c.pos)
}

func bDeltaRule(c *callCtx) any {
	c.nargs(4, 4)
	q := c.tensor(0)
	args := []*ir.Value{q, c.tensor(1), c.tensor(2), c.tensor(3)}
	attrs := ir.Attrs{"n": c.kwInt("n", 1, false)}
	if c.has("scale") {
		attrs["scale"] = c.kwFloat("scale", 0, true)
	} else {
		attrs["scale"] = 1 / math.Sqrt(float64(c.headDim(q)))
	}
	if g := c.kwTensor("gate"); g != nil {
		args = append(args, g)
		attrs["gated"] = true
	}
	if h0 := c.kwTensor("init"); h0 != nil {
		args = append(args, h0)
	}
	if c.kwBool("final_state", false) {
		attrs["final_state"] = true
	}
	return results(c.e.op("delta_rule", args, attrs, nil, c.pos))
}

// semiseparableHeads lowers a per-head K×V-state recurrence
// S_t = diag(a_t) S_{t-1} + k_t v_tᵀ, o_t = S_tᵀ q_t·scale to an ssm whose
// channels are (H, V) and whose state axis is K. a is nil for linear
// attention (no decay).
func semiseparableHeads(c *callCtx, q, k, v, logA *ir.Value) any {
	e := c.e
	if len(q.Type.Shape) != 4 || len(k.Type.Shape) != 4 || len(v.Type.Shape) != 4 {
		c.fail("needs q, k, v as [B, T, heads, dim], got %s %s %s", q.Type.Shape, k.Type.Shape, v.Type.Shape)
	}
	s := q.Type.Shape
	op5 := func(x *ir.Value) *ir.Value {
		return e.op1v("reshape", []*ir.Value{x}, ir.Attrs{"shape": ir.Shape{s[0], s[1], s[2], ir.Const(1), s[3]}}, c.pos)
	}
	var scale float64
	if c.has("scale") {
		scale = c.kwFloat("scale", 0, true)
	} else {
		scale = 1 / math.Sqrt(float64(c.headDim(q)))
	}
	var a *ir.Value
	if logA == nil {
		one := e.constant(1, c.pos).v
		a = e.op1v("reshape", []*ir.Value{one}, ir.Attrs{"shape": ir.ConstShape(1, 1, 1, 1, 1)}, c.pos)
	} else {
		a = op5(e.op1v("exp", []*ir.Value{logA}, nil, c.pos))
	}
	qs := e.op1v("mul", []*ir.Value{q, e.constant(scale, c.pos).v}, nil, c.pos)
	args := []*ir.Value{v, a, op5(k), op5(qs)}
	if h0 := c.kwTensor("init"); h0 != nil { // [B, H, K, V] -> [B, H, V, K]
		args = append(args, e.op1v("transpose", []*ir.Value{h0}, ir.Attrs{"perm": []int{0, 1, 3, 2}}, c.pos))
	}
	attrs := ir.Attrs{}
	final := c.kwBool("final_state", false)
	if final {
		attrs["final_state"] = true
	}
	rs := e.op("ssm", args, attrs, nil, c.pos)
	if !final {
		return &tensorVal{rs[0]}
	}
	st := e.op1v("transpose", []*ir.Value{rs[1]}, ir.Attrs{"perm": []int{0, 1, 3, 2}}, c.pos)
	return list{&tensorVal{rs[0]}, &tensorVal{st}}
}

func bLinearAttention(c *callCtx) any {
	c.nargs(3, 3)
	return semiseparableHeads(c, c.tensor(0), c.tensor(1), c.tensor(2), nil)
}

func bGLA(c *callCtx) any {
	c.nargs(4, 4)
	return semiseparableHeads(c, c.tensor(0), c.tensor(1), c.tensor(2), c.tensor(3))
}
