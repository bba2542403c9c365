package dsl

import (
	"math"

	"github.com/seqc-dev/seqc/ir"
)

// builtins maps each builtin function name to its implementation.
var builtins = map[string]func(c *callCtx) any{}

func init() {
	for _, n := range ir.UnaryOps {
		builtins[n] = unaryBuiltin(n)
	}
	numeric := map[string]func(float64) float64{
		"ceil": math.Ceil, "floor": math.Floor, "sqrt": math.Sqrt, "exp": math.Exp, "log": math.Log, "abs": math.Abs,
	}
	for n, f := range numeric {
		tensor := builtins[n]
		builtins[n] = numericBuiltin(n, f, tensor)
	}
	for name, fn := range map[string]func(c *callCtx) any{
		"int": bInt, "select": bSelect, "assert": bAssert, "float": bFloat, "str": bStr, "min": bMin, "max": bMax, "len": bLen,
		"pow": binaryBuiltin("pow"), "maximum": binaryBuiltin("maximum"), "minimum": binaryBuiltin("minimum"),
		"complex": binaryBuiltin("complex"), "real": unaryBuiltin("real"), "imag": unaryBuiltin("imag"),
		"cast": bCast, "sum": reduceBuiltin("sum"), "mean": reduceBuiltin("mean"),
		"softmax": axisBuiltin("softmax", -1), "cumsum": axisBuiltin("cumsum", 1), "flip": axisBuiltin("flip", 1),
		"shift": bShift, "rms_norm": normBuiltin("rms_norm", 1), "layer_norm": normBuiltin("layer_norm", 2),
		"l2_norm": bL2Norm, "linear": bLinear, "matmul": binaryBuiltin("matmul"), "take": binaryBuiltin("take"),
		"reshape": bReshape, "transpose": bTranspose, "split": bSplit, "concat": bConcat,
		"broadcast_to": bBroadcastTo, "rearrange": bRearrange,
		"ssm": bSSM, "conv": bConv, "quasiseparable": bQuasiseparable, "attention": bAttention,
		"rope": bRoPE, "delta_rule": bDeltaRule, "linear_attention": bLinearAttention, "gla": bGLA,
	} {
		builtins[name] = fn
	}
}

func unaryBuiltin(name string) func(c *callCtx) any {
	return func(c *callCtx) any {
		c.nargs(1, 1)
		return c.e.op1(name, []*ir.Value{c.tensor(0)}, nil, c.pos)
	}
}

func binaryBuiltin(name string) func(c *callCtx) any {
	return func(c *callCtx) any {
		c.nargs(2, 2)
		return c.e.op1(name, []*ir.Value{c.tensor(0), c.tensor(1)}, nil, c.pos)
	}
}

// numericBuiltin folds a math function on numbers and falls back to the
// tensor op otherwise.
func numericBuiltin(name string, f func(float64) float64, tensor func(c *callCtx) any) func(c *callCtx) any {
	return func(c *callCtx) any {
		c.nargs(1, 1)
		if x, ok := num(c.args[0]); ok {
			y := f(x)
			if name == "ceil" || name == "floor" {
				return int(y)
			}
			if n, isInt := c.args[0].(int); isInt && name == "abs" {
				return max(n, -n)
			}
			return y
		}
		if tensor == nil {
			c.fail("needs a number, got %s", kindOf(c.args[0]))
		}
		return tensor(c)
	}
}

func bInt(c *callCtx) any {
	c.nargs(1, 1)
	x, ok := num(c.args[0])
	if !ok {
		c.fail("needs a number, got %s", kindOf(c.args[0]))
	}
	return int(x)
}

// bAssert is assert(cond, "message"): a compile-time check that fails with
// the message at the call when cond is false (const _ = assert(...)).
func bAssert(c *callCtx) any {
	c.nargs(2, 2)
	ok, isBool := c.args[0].(bool)
	msg, isStr := c.args[1].(string)
	if !isBool || !isStr {
		c.fail("takes a compile-time bool and a message string")
	}
	if !ok {
		c.e.fail(c.pos, "%s", msg)
	}
	return true
}

// bSelect is the compile-time conditional select(cond, a, b).
func bSelect(c *callCtx) any {
	c.nargs(3, 3)
	b, ok := c.args[0].(bool)
	if !ok {
		c.fail("the condition must be a compile-time bool, got %s", kindOf(c.args[0]))
	}
	if b {
		return c.args[1]
	}
	return c.args[2]
}

func bStr(c *callCtx) any {
	c.nargs(1, 1)
	if !isCompileTime(c.args[0]) {
		c.fail("needs a compile-time value, got %s", kindOf(c.args[0]))
	}
	if s, ok := c.args[0].(string); ok {
		return s
	}
	return formatValue(c.args[0])
}

func bFloat(c *callCtx) any {
	c.nargs(1, 1)
	x, ok := num(c.args[0])
	if !ok {
		c.fail("needs a number, got %s", kindOf(c.args[0]))
	}
	return x
}

func bLen(c *callCtx) any {
	c.nargs(1, 1)
	l, ok := c.args[0].(list)
	if !ok {
		c.fail("needs a list, got %s", kindOf(c.args[0]))
	}
	return len(l)
}

func foldMinMax(c *callCtx, less bool) any {
	c.nargs(1, 64)
	best := c.args[0]
	bf, ok := num(best)
	if !ok {
		c.fail("needs numbers, got %s", kindOf(best))
	}
	for _, a := range c.args[1:] {
		f, ok := num(a)
		if !ok {
			c.fail("needs numbers, got %s", kindOf(a))
		}
		if (less && f < bf) || (!less && f > bf) {
			best, bf = a, f
		}
	}
	return best
}

func bMin(c *callCtx) any { return foldMinMax(c, true) }

// bMax is max(a, b, ...) on numbers, or the max reduction on a tensor.
func bMax(c *callCtx) any {
	if len(c.args) >= 1 && isTensorLike(c.args[0]) {
		if _, isNum := num(c.args[0]); !isNum {
			return reduceBuiltin("max")(c)
		}
	}
	return foldMinMax(c, false)
}

func bCast(c *callCtx) any {
	c.nargs(2, 2)
	s, ok := c.args[1].(string)
	if !ok {
		c.fail("element type must be a string like \"f32\"")
	}
	return c.e.op1("cast", []*ir.Value{c.tensor(0)}, ir.Attrs{"dtype": s}, c.pos)
}

func reduceBuiltin(name string) func(c *callCtx) any {
	return func(c *callCtx) any {
		c.nargs(1, 1)
		ax := c.kwInt("axis", -1, true)
		keep := c.kwBool("keepdim", false)
		return c.e.op1(name, []*ir.Value{c.tensor(0)}, ir.Attrs{"axis": ax, "keepdim": keep}, c.pos)
	}
}

func axisBuiltin(name string, def int) func(c *callCtx) any {
	return func(c *callCtx) any {
		c.nargs(1, 1)
		ax := c.kwInt("axis", def, false)
		return c.e.op1(name, []*ir.Value{c.tensor(0)}, ir.Attrs{"axis": ax}, c.pos)
	}
}

func bShift(c *callCtx) any {
	c.nargs(1, 2)
	n := 1
	if len(c.args) == 2 {
		n = c.intArg(1, "the shift")
	}
	ax := c.kwInt("axis", 1, false)
	return c.e.op1("shift", []*ir.Value{c.tensor(0)}, ir.Attrs{"axis": ax, "n": n}, c.pos)
}

func normBuiltin(name string, maxExtra int) func(c *callCtx) any {
	return func(c *callCtx) any {
		c.nargs(1, 1+maxExtra)
		args := []*ir.Value{c.tensor(0)}
		for i := 1; i < len(c.args); i++ {
			args = append(args, c.tensor(i))
		}
		if w := c.kwTensor("weight"); w != nil {
			args = append(args, w)
		}
		if b := c.kwTensor("bias"); b != nil {
			if len(args) != 2 {
				c.fail("bias needs a weight")
			}
			args = append(args, b)
		}
		eps := c.kwFloat("eps", 1e-5, false)
		return c.e.op1(name, args, ir.Attrs{"eps": eps}, c.pos)
	}
}

func bL2Norm(c *callCtx) any {
	c.nargs(1, 1)
	eps := c.kwFloat("eps", 1e-6, false)
	return c.e.op1("l2_norm", []*ir.Value{c.tensor(0)}, ir.Attrs{"eps": eps}, c.pos)
}

func bLinear(c *callCtx) any {
	c.nargs(2, 3)
	args := []*ir.Value{c.tensor(0), c.tensor(1)}
	if len(c.args) == 3 {
		args = append(args, c.tensor(2))
	} else if b := c.kwTensor("bias"); b != nil {
		args = append(args, b)
	}
	return c.e.op1("linear", args, nil, c.pos)
}

func bReshape(c *callCtx) any {
	c.nargs(2, 2)
	x := c.tensor(0)
	dims := c.dimList(c.args[1], c.argPos[1], "the shape")
	return c.e.op1("reshape", []*ir.Value{x}, ir.Attrs{"shape": c.inferMinusOne(x.Type.Shape, dims)}, c.pos)
}

// inferMinusOne replaces one -1 in a reshape target with what is left.
func (c *callCtx) inferMinusOne(in ir.Shape, dims []ir.Dim) ir.Shape {
	at := -1
	for i, d := range dims {
		if d == ir.Const(-1) {
			if at >= 0 {
				c.fail("at most one -1 in a shape")
			}
			at = i
		}
	}
	out := ir.Shape(dims)
	if at < 0 {
		return out
	}
	rest := append([]ir.Dim{}, in...)
	konst := 1
	for _, d := range rest {
		if d.IsConst() {
			konst *= d.Add
		}
	}
	var syms []ir.Dim
	for _, d := range rest {
		if !d.IsConst() {
			syms = append(syms, d)
		}
	}
	for i, d := range dims {
		if i == at {
			continue
		}
		if d.IsConst() {
			if d.Add == 0 || konst%d.Add != 0 {
				c.fail("cannot reshape %s to %s", in, out)
			}
			konst /= d.Add
			continue
		}
		found := false
		for j, s := range syms {
			if s == d {
				syms = append(syms[:j], syms[j+1:]...)
				found = true
				break
			}
		}
		if !found {
			c.fail("cannot reshape %s to %s: %s is not an axis of the input", in, out, d)
		}
	}
	switch {
	case len(syms) == 0:
		out[at] = ir.Const(konst)
	case len(syms) == 1:
		out[at] = ir.ScaleDim(syms[0], konst, 1)
	default:
		c.fail("cannot infer -1 in %s from %s: it would multiply symbolic dimensions", out, in)
	}
	return out
}

func bTranspose(c *callCtx) any {
	c.nargs(2, 3)
	x := c.tensor(0)
	rank := len(x.Type.Shape)
	var perm []int
	if len(c.args) == 3 {
		a, b := c.intArg(1, "axis"), c.intArg(2, "axis")
		var err1, err2 error
		a, err1 = ir.NormAxis(a, rank)
		b, err2 = ir.NormAxis(b, rank)
		if err1 != nil || err2 != nil {
			c.fail("axes out of range for %s", x.Type.Shape)
		}
		perm = make([]int, rank)
		for i := range perm {
			perm[i] = i
		}
		perm[a], perm[b] = perm[b], perm[a]
	} else {
		perm = c.intList(c.args[1], c.argPos[1], "the permutation")
	}
	return c.e.op1("transpose", []*ir.Value{x}, ir.Attrs{"perm": perm}, c.pos)
}

func bSplit(c *callCtx) any {
	c.nargs(2, 2)
	sizes := c.intList(c.args[1], c.argPos[1], "the sizes")
	ax := c.kwInt("axis", -1, false)
	rs := c.e.op("split", []*ir.Value{c.tensor(0)}, ir.Attrs{"axis": ax, "sizes": sizes}, nil, c.pos)
	out := make(list, len(rs))
	for i, r := range rs {
		out[i] = &tensorVal{r}
	}
	return out
}

func bConcat(c *callCtx) any {
	c.nargs(1, 1)
	l, ok := c.args[0].(list)
	if !ok || len(l) == 0 {
		c.fail("needs a non-empty list of tensors")
	}
	args := make([]*ir.Value, len(l))
	for i, v := range l {
		args[i] = c.e.toTensor(v, c.argPos[0]).v
	}
	ax := c.kwInt("axis", -1, false)
	return c.e.op1("concat", args, ir.Attrs{"axis": ax}, c.pos)
}

func bBroadcastTo(c *callCtx) any {
	c.nargs(2, 2)
	dims := c.dimList(c.args[1], c.argPos[1], "the shape")
	return c.e.op1("broadcast_to", []*ir.Value{c.tensor(0)}, ir.Attrs{"shape": ir.Shape(dims)}, c.pos)
}
