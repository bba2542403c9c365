package dsl

import (
	"github.com/seqc-dev/seqc/ir"
)

// Builtins for masks, indices and routing: where, arange, tensor, stack,
// gather, scatter_add and top_k (docs/language.md, "Masks, indices and
// routing").

func init() {
	for name, fn := range map[string]func(c *callCtx) any{
		"where": bWhere, "arange": bArange, "tensor": bTensor, "stack": bStack,
		"gather": bGather, "scatter_add": bScatterAdd, "top_k": bTopK,
	} {
		builtins[name] = fn
	}
}

// bWhere is where(mask, a, b): a where the mask is nonzero, else b.
// Numbers next to an i32 tensor are i32, as in arithmetic.
func bWhere(c *callCtx) any {
	c.nargs(3, 3)
	mask := c.tensor(0)
	a, b := c.e.tensorOperands("where", c.args[1], c.args[2], c.pos)
	return c.e.op1("where", []*ir.Value{mask, a, b}, nil, c.pos)
}

// dtypeArg reads an optional dtype: "f32" or "i32".
func (c *callCtx) dtypeArg(def string) string {
	v, pos, ok := c.kwarg("dtype")
	if !ok {
		return def
	}
	s, isStr := v.(string)
	if !isStr || (s != "f32" && s != "i32") {
		c.e.fail(pos, "%s: dtype must be \"f32\" or \"i32\", got %s", c.name, formatValue(v))
	}
	return s
}

// bArange is arange(n, dtype: "i32"): 0, 1, ..., n-1. n may be a symbol;
// arange(L) along a streamed sequence gives the absolute positions.
func bArange(c *callCtx) any {
	c.nargs(1, 1)
	var n ir.Dim
	switch v := c.args[0].(type) {
	case int:
		if v < 0 {
			c.fail("needs a length >= 0, got %d", v)
		}
		n = ir.Const(v)
	case ir.Dim:
		n = v
	default:
		c.e.fail(c.argPos[0], "arange: the length must be an int or a dimension, got %s", kindOf(v))
	}
	attrs := ir.Attrs{"n": n}
	if dt := c.dtypeArg("i32"); dt != "i32" {
		attrs["dtype"] = dt
	}
	return c.e.op1("arange", nil, attrs, c.pos)
}

// bTensor is tensor([...], dtype:): a constant tensor from a (nested) list
// of numbers, written where a list would otherwise stay a list.
func bTensor(c *callCtx) any {
	c.nargs(1, 1)
	switch v := c.args[0].(type) {
	case list:
		return c.e.literal(v, c.dtypeArg(""), c.argPos[0])
	case int, float64:
		dt := ir.F32
		if c.dtypeArg("f32") == "i32" {
			dt = ir.I32
		}
		f, _ := num(v)
		return c.e.constantOf(f, dt, c.argPos[0])
	}
	c.e.fail(c.argPos[0], "tensor: needs a list of numbers, got %s", kindOf(c.args[0]))
	return nil
}

// bStack is stack([xs], axis:): the tensors joined along a new axis.
func bStack(c *callCtx) any {
	c.nargs(1, 1)
	l, ok := c.args[0].(list)
	if !ok || len(l) == 0 {
		c.fail("needs a non-empty list of tensors")
	}
	first := c.e.toTensor(l[0], c.argPos[0]).v
	rank := len(first.Type.Shape)
	ax := c.kwInt("axis", 0, false)
	a, err := ir.NormAxis(ax, rank+1)
	if err != nil {
		c.fail("axis %d out of range for stacking tensors of rank %d", ax, rank)
	}
	args := make([]*ir.Value, len(l))
	for i, v := range l {
		t := c.e.toTensor(v, c.argPos[0]).v
		s := append(append(append(ir.Shape{}, t.Type.Shape[:min(a, len(t.Type.Shape))]...), ir.Const(1)), t.Type.Shape[min(a, len(t.Type.Shape)):]...)
		args[i] = c.e.op1v("reshape", []*ir.Value{t}, ir.Attrs{"shape": s}, c.pos)
	}
	if len(args) == 1 {
		return &tensorVal{args[0]}
	}
	return c.e.op1("concat", args, ir.Attrs{"axis": a}, c.pos)
}

// bGather is gather(x, idx, axis:): x read along the axis at the indices
// (NumPy's take_along_axis: idx has x's rank, other axes broadcast).
func bGather(c *callCtx) any {
	c.nargs(2, 2)
	ax := c.kwInt("axis", -1, false)
	return c.e.op1("gather", []*ir.Value{c.tensor(0), c.tensor(1)}, ir.Attrs{"axis": ax}, c.pos)
}

// bScatterAdd is scatter_add(x, idx, src, axis:): x with src added at the
// indices along the axis.
func bScatterAdd(c *callCtx) any {
	c.nargs(3, 3)
	ax := c.kwInt("axis", -1, false)
	return c.e.op1("scatter_add", []*ir.Value{c.tensor(0), c.tensor(1), c.tensor(2)}, ir.Attrs{"axis": ax}, c.pos)
}

// bTopK is values, indices = top_k(x, k, axis:): the k largest along the
// axis, largest first, and their i32 indices.
func bTopK(c *callCtx) any {
	c.nargs(2, 2)
	k := c.intArg(1, "k")
	ax := c.kwInt("axis", -1, false)
	return results(c.e.op("top_k", []*ir.Value{c.tensor(0)}, ir.Attrs{"axis": ax, "k": k}, nil, c.pos))
}
