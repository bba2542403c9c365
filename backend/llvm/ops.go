package llvm

import (
	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"
)

// opBody emits one op on x (and y for binary ops) with builder g. The
// semantics match the interpreter (backend/interp) on float32: maximum and
// minimum propagate NaN and order -0 below +0, like Go's built-in max/min;
// relu(NaN) is NaN and relu(-0) is +0, like math.Max(x, 0).
var opBody = map[string]func(g *bld, x, y llvalue.Value) llvalue.Value{
	"neg":      func(g *bld, x, _ llvalue.Value) llvalue.Value { return g.neg(x) },
	"exp":      func(g *bld, x, _ llvalue.Value) llvalue.Value { return g.exp(x) },
	"sigmoid":  func(g *bld, x, _ llvalue.Value) llvalue.Value { return g.sigmoid(x) },
	"silu":     func(g *bld, x, _ llvalue.Value) llvalue.Value { return g.silu(x) },
	"tanh":     func(g *bld, x, _ llvalue.Value) llvalue.Value { return g.tanh(x) },
	"softplus": func(g *bld, x, _ llvalue.Value) llvalue.Value { return g.softplus(x) },
	"relu": func(g *bld, x, _ llvalue.Value) llvalue.Value {
		return g.sel(g.cmp(llenum.FPredUGT, x, g.f(0)), x, g.f(0)) // NaN > 0 unordered: keep x
	},
	"square": func(g *bld, x, _ llvalue.Value) llvalue.Value { return g.mul(x, x) },
	"sqrt":   func(g *bld, x, _ llvalue.Value) llvalue.Value { return g.sqrt(x) },
	"rsqrt":  func(g *bld, x, _ llvalue.Value) llvalue.Value { return g.div(g.f(1), g.sqrt(x)) },
	"add":    func(g *bld, x, y llvalue.Value) llvalue.Value { return g.add(x, y) },
	"sub":    func(g *bld, x, y llvalue.Value) llvalue.Value { return g.sub(x, y) },
	"mul":    func(g *bld, x, y llvalue.Value) llvalue.Value { return g.mul(x, y) },
	"div":    func(g *bld, x, y llvalue.Value) llvalue.Value { return g.div(x, y) },
	"maximum": func(g *bld, x, y llvalue.Value) llvalue.Value {
		return g.minmax(x, y, llenum.FPredOGT, g.iand)
	},
	"minimum": func(g *bld, x, y llvalue.Value) llvalue.Value {
		return g.minmax(x, y, llenum.FPredOLT, g.ior)
	},
}

// minmax picks x when x `win` y, y when y `win` x, NaN (x+y) when unordered,
// and for equal operands the bitwise combination tie of both, which is +0 for
// max(+0, -0) under AND and -0 for min(+0, -0) under OR.
func (g *bld) minmax(x, y llvalue.Value, win llenum.FPred, tie func(a, b llvalue.Value) llvalue.Value) llvalue.Value {
	eq := g.float(tie(g.bits(x), g.bits(y)))
	r := g.sel(g.cmp(win, y, x), y, eq)
	r = g.sel(g.cmp(win, x, y), x, r)
	return g.sel(g.cmp(llenum.FPredUNO, x, y), g.add(x, y), r)
}
