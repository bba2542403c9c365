package llvm

import (
	"strconv"

	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// Lanes is the vector width of the main loop: <8 x float>, one AVX2 register.
const Lanes = 8

// intrinsics declares LLVM intrinsics on first use, so each module holds
// exactly the declarations its kernels call.
type intrinsics struct {
	m     *llvmir.Module
	funcs map[string]*llvmir.Func
}

// get returns the declaration of the float intrinsic base (e.g. "llvm.fmuladd")
// overloaded on t with nargs operands of type t.
func (in *intrinsics) get(base string, t lltypes.Type, nargs int) *llvmir.Func {
	name := base + "." + suffix(t)
	if f, ok := in.funcs[name]; ok {
		return f
	}
	params := make([]*llvmir.Param, nargs)
	for i := range params {
		params[i] = llvmir.NewParam("", t)
	}
	f := in.m.NewFunc(name, t, params...)
	in.funcs[name] = f
	return f
}

// suffix is the intrinsic overload suffix of a float scalar or vector type.
func suffix(t lltypes.Type) string {
	if v, ok := t.(*lltypes.VectorType); ok {
		return "v" + strconv.FormatUint(v.Len, 10) + "f32"
	}
	return "f32"
}

// bld emits straight-line float32 math on one value type: either a scalar
// (float, i32) or a vector (<8 x float>, <8 x i32>). Writing each op once
// against bld gives both the vector main loop and the scalar tail loop the same
// arithmetic, so they produce identical results.
type bld struct {
	b     *llvmir.Block
	in    *intrinsics
	ft    lltypes.Type // float or <N x float>
	it    lltypes.Type // i32 or <N x i32>
	lanes int          // 1 for scalar
}

func newBld(b *llvmir.Block, in *intrinsics, lanes int) *bld {
	if lanes == 1 {
		return &bld{b: b, in: in, ft: lltypes.Float, it: lltypes.I32, lanes: 1}
	}
	n := uint64(lanes)
	return &bld{b: b, in: in, ft: lltypes.NewVector(n, lltypes.Float), it: lltypes.NewVector(n, lltypes.I32), lanes: lanes}
}

// f returns the float32 constant v (NaN allowed) in the builder's shape.
func (g *bld) f(v float32) llvalue.Value {
	c := llconst.NewFloat(lltypes.Float, float64(v))
	if g.lanes == 1 {
		return c
	}
	elems := make([]llconst.Constant, g.lanes)
	for i := range elems {
		elems[i] = c
	}
	return llconst.NewVector(g.ft.(*lltypes.VectorType), elems...)
}

// i returns the i32 constant v in the builder's shape.
func (g *bld) i(v int32) llvalue.Value {
	c := llconst.NewInt(lltypes.I32, int64(v))
	if g.lanes == 1 {
		return c
	}
	elems := make([]llconst.Constant, g.lanes)
	for i := range elems {
		elems[i] = c
	}
	return llconst.NewVector(g.it.(*lltypes.VectorType), elems...)
}

func (g *bld) add(x, y llvalue.Value) llvalue.Value { return g.b.NewFAdd(x, y) }
func (g *bld) sub(x, y llvalue.Value) llvalue.Value { return g.b.NewFSub(x, y) }
func (g *bld) mul(x, y llvalue.Value) llvalue.Value { return g.b.NewFMul(x, y) }
func (g *bld) div(x, y llvalue.Value) llvalue.Value { return g.b.NewFDiv(x, y) }
func (g *bld) neg(x llvalue.Value) llvalue.Value    { return g.b.NewFNeg(x) }

// fma is x*y+z through llvm.fmuladd: one fused instruction where the target
// has FMA (x86-64-v3), a multiply and an add otherwise; never a libm call.
func (g *bld) fma(x, y, z llvalue.Value) llvalue.Value {
	return g.b.NewCall(g.in.get("llvm.fmuladd", g.ft, 3), x, y, z)
}

func (g *bld) sqrt(x llvalue.Value) llvalue.Value {
	return g.b.NewCall(g.in.get("llvm.sqrt", g.ft, 1), x)
}

func (g *bld) abs(x llvalue.Value) llvalue.Value {
	return g.b.NewCall(g.in.get("llvm.fabs", g.ft, 1), x)
}

// cmp compares x and y with the given predicate (ordered predicates are false
// when either operand is NaN, unordered ones true).
func (g *bld) cmp(p llenum.FPred, x, y llvalue.Value) llvalue.Value { return g.b.NewFCmp(p, x, y) }

func (g *bld) sel(c, x, y llvalue.Value) llvalue.Value { return g.b.NewSelect(c, x, y) }

// bits and float reinterpret between float and i32 lanes.
func (g *bld) bits(x llvalue.Value) llvalue.Value  { return g.b.NewBitCast(x, g.it) }
func (g *bld) float(x llvalue.Value) llvalue.Value { return g.b.NewBitCast(x, g.ft) }

func (g *bld) iadd(x, y llvalue.Value) llvalue.Value { return g.b.NewAdd(x, y) }
func (g *bld) isub(x, y llvalue.Value) llvalue.Value { return g.b.NewSub(x, y) }
func (g *bld) iand(x, y llvalue.Value) llvalue.Value { return g.b.NewAnd(x, y) }
func (g *bld) ior(x, y llvalue.Value) llvalue.Value  { return g.b.NewOr(x, y) }
func (g *bld) shl(x, y llvalue.Value) llvalue.Value  { return g.b.NewShl(x, y) }
func (g *bld) ashr(x, y llvalue.Value) llvalue.Value { return g.b.NewAShr(x, y) }

// poly evaluates c[0] + c[1]*x + ... + c[n-1]*x^(n-1) by Horner's rule with
// fused multiply-adds.
func (g *bld) poly(x llvalue.Value, c ...float32) llvalue.Value {
	p := g.f(c[len(c)-1])
	for k := len(c) - 2; k >= 0; k-- {
		p = g.fma(p, x, g.f(c[k]))
	}
	return p
}
