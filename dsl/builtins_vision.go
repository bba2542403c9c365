package dsl

import (
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/seqc-dev/seqc/ir"
)

// Builtins for images laid out [B, C, H, W]: conv2d, max_pool2d and
// avg_pool2d (docs/language.md, "Images"), with PyTorch's Conv2d, MaxPool2d
// and AvgPool2d arguments. A size given as one int stands for (H, W) both.

func init() {
	for name, fn := range map[string]func(c *callCtx) any{
		"conv2d": bConv2D, "max_pool2d": bPool2D, "avg_pool2d": bPool2D,
	} {
		builtins[name] = fn
	}
	builtinKwargs["conv2d"] = []string{"bias", "stride", "padding", "dilation", "groups"}
	builtinKwargs["max_pool2d"] = []string{"stride", "padding"}
	builtinKwargs["avg_pool2d"] = []string{"stride", "padding", "count_include_pad"}
}

// pair reads an (H, W) size: an int or a list of two ints known when
// compiling.
func (c *callCtx) pair(v any, pos lexer.Position, what string) []int {
	if n, ok := v.(int); ok {
		return []int{n, n}
	}
	l := c.intList(v, pos, what)
	if len(l) != 2 {
		c.e.fail(pos, "%s: %s must be an int or a pair [h, w], got %d numbers", c.name, what, len(l))
	}
	return l
}

// kwPair reads an optional (H, W) keyword argument into attrs.
func (c *callCtx) kwPair(name string, attrs ir.Attrs) {
	if v, pos, ok := c.kwarg(name); ok {
		attrs[name] = c.pair(v, pos, name)
	}
}

// bConv2D is conv2d(x, weight, bias: b, stride:, padding:, dilation:,
// groups:): PyTorch's Conv2d of an image [B, C, H, W] with a weight [O,
// C/groups, KH, KW].
func bConv2D(c *callCtx) any {
	c.nargs(2, 2)
	args := []*ir.Value{c.tensor(0), c.tensor(1)}
	if b := c.kwTensor("bias"); b != nil {
		args = append(args, b)
	}
	attrs := ir.Attrs{}
	for _, k := range []string{"stride", "padding", "dilation"} {
		c.kwPair(k, attrs)
	}
	if g := c.kwInt("groups", 1, false); g != 1 {
		if g < 1 {
			c.fail("groups must be >= 1, got %d", g)
		}
		attrs["groups"] = g
	}
	return c.e.op1("conv2d", args, attrs, c.pos)
}

// bPool2D is max_pool2d(x, kernel, stride:, padding:) and avg_pool2d(x,
// kernel, stride:, padding:, count_include_pad: true): the stride defaults
// to the kernel, as in PyTorch.
func bPool2D(c *callCtx) any {
	c.nargs(2, 2)
	x := c.tensor(0)
	attrs := ir.Attrs{"kernel": c.pair(c.args[1], c.argPos[1], "the kernel size")}
	c.kwPair("stride", attrs)
	c.kwPair("padding", attrs)
	if c.name == "avg_pool2d" && !c.kwBool("count_include_pad", true) {
		attrs["exclude_pad"] = true
	}
	return c.e.op1(c.name, []*ir.Value{x}, attrs, c.pos)
}
