package llvm

import (
	"fmt"
	"math"

	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// Elementwise kernels: the unary ops, the binary ops with NumPy
// broadcasting, and the f32 <-> i32 casts.

// vecRun emits body over j = 0, lanes, 2·lanes, ... below n: unroll vectors
// per iteration of a main loop, then single vectors, then one masked vector
// for the last n mod lanes elements. body gets the block to emit into
// (it must not add blocks), the element index j, the lane mask (nil for a
// full vector) and the carried values, and returns the next ones.
func (e *elemEmit) vecRun(cur **llvmir.Block, name string, n llvalue.Value, unroll int, init []llvalue.Value,
	body func(b *llvmir.Block, j, mask llvalue.Value, vals []llvalue.Value) []llvalue.Value) []llvalue.Value {
	lanes := int64(e.lanes)
	vals := init
	nv := (*cur).NewAnd(n, i64c(-lanes))
	start := llvalue.Value(i64c(0))
	if unroll > 1 {
		step := lanes * int64(unroll)
		nu := (*cur).NewAnd(n, i64c(-step))
		vals = e.loop(cur, name+".u", start, nu, step, vals, func(b *llvmir.Block, i llvalue.Value, v []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			for u := 0; u < unroll; u++ {
				j := llvalue.Value(i)
				if u > 0 {
					j = b.NewAdd(i, i64c(int64(u)*lanes))
				}
				v = body(b, j, nil, v)
			}
			return b, v
		})
		start = nu
	}
	vals = e.loop(cur, name+".v", start, nv, lanes, vals, func(b *llvmir.Block, i llvalue.Value, v []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		return b, body(b, i, nil, v)
	})
	pre := *cur
	tail, join := e.block(name+".tail"), e.block(name+".join")
	pre.NewCondBr(pre.NewICmp(llenum.IPredSLT, nv, n), tail, join)
	tv := body(tail, nv, e.tailMask(tail, tail.NewSub(n, nv)), vals)
	tail.NewBr(join)
	out := make([]llvalue.Value, len(vals))
	for j := range vals {
		out[j] = join.NewPhi(llvmir.NewIncoming(vals[j], pre), llvmir.NewIncoming(tv[j], tail))
	}
	*cur = join
	return out
}

// elemUnaryBody computes one unary op on float lanes x with builder g; huge,
// when not nil, marks the lanes the launcher must recompute (sin, cos).
type elemUnaryBody func(e *elemEmit, g *bld, x llvalue.Value) (y, huge llvalue.Value)

func elemPlain(f func(g *bld, x llvalue.Value) llvalue.Value) elemUnaryBody {
	return func(_ *elemEmit, g *bld, x llvalue.Value) (llvalue.Value, llvalue.Value) { return f(g, x), nil }
}

// elemUnary are the unary ops on float32, with their unroll factor (more
// independent vectors in flight for the cheap ones; two for the long
// polynomial chains, whose registers would otherwise spill).
var elemUnary = map[string]struct {
	body   elemUnaryBody
	unroll int
}{
	"neg":       {elemPlain(func(g *bld, x llvalue.Value) llvalue.Value { return opBody["neg"](g, x, nil) }), 4},
	"exp":       {elemPlain(func(g *bld, x llvalue.Value) llvalue.Value { return g.exp(x) }), 2},
	"sigmoid":   {elemPlain(func(g *bld, x llvalue.Value) llvalue.Value { return g.sigmoid(x) }), 2},
	"silu":      {elemPlain(func(g *bld, x llvalue.Value) llvalue.Value { return g.silu(x) }), 2},
	"tanh":      {elemPlain(func(g *bld, x llvalue.Value) llvalue.Value { return g.tanh(x) }), 2},
	"softplus":  {elemPlain(func(g *bld, x llvalue.Value) llvalue.Value { return g.softplus(x) }), 2},
	"gelu":      {elemPlain(func(g *bld, x llvalue.Value) llvalue.Value { return g.gelu(x) }), 2},
	"gelu_tanh": {elemPlain(func(g *bld, x llvalue.Value) llvalue.Value { return g.geluTanh(x) }), 2},
	"relu":      {elemPlain(func(g *bld, x llvalue.Value) llvalue.Value { return opBody["relu"](g, x, nil) }), 4},
	"square":    {elemPlain(func(g *bld, x llvalue.Value) llvalue.Value { return g.mul(x, x) }), 4},
	"sqrt":      {elemPlain(func(g *bld, x llvalue.Value) llvalue.Value { return g.sqrt(x) }), 4},
	"rsqrt":     {elemPlain(func(g *bld, x llvalue.Value) llvalue.Value { return g.div(g.f(1), g.sqrt(x)) }), 4},
	"abs":       {elemPlain(func(g *bld, x llvalue.Value) llvalue.Value { return g.abs(x) }), 4},
	"recip":     {elemPlain(func(g *bld, x llvalue.Value) llvalue.Value { return g.div(g.f(1), x) }), 4},
	"conj":      {elemPlain(func(g *bld, x llvalue.Value) llvalue.Value { return x }), 4}, // real: the identity
	// logsigmoid(x) = -softplus(-x): the interpreter's two branches are
	// softplus's, mirrored; below x = -20, where softplus's threshold makes
	// it return x itself, log1p(e^x) < 2.1e-9 is under half an ulp of x,
	// so the interpreter's x - log1p(e^x) rounds to x too.
	"logsigmoid": {elemPlain(func(g *bld, x llvalue.Value) llvalue.Value { return g.neg(g.softplus(g.neg(x))) }), 2},
	"log": {func(e *elemEmit, g *bld, x llvalue.Value) (llvalue.Value, llvalue.Value) {
		return e.dbl(g.b, g.lanes).trunc(e.logd(g, x)), nil
	}, 2},
	"sin": {func(e *elemEmit, g *bld, x llvalue.Value) (llvalue.Value, llvalue.Value) {
		r, huge := e.sincosd(g, x, false)
		return e.dbl(g.b, g.lanes).trunc(r), huge
	}, 2},
	"cos": {func(e *elemEmit, g *bld, x llvalue.Value) (llvalue.Value, llvalue.Value) {
		r, huge := e.sincosd(g, x, true)
		return e.dbl(g.b, g.lanes).trunc(r), huge
	}, 2},
}

// Unary kernel ABI: [lo, hi) is a range of elements; p0 x, p1 y, p2 (sin
// and cos only) a float set to 1 when some element of the range needs the
// launcher's float64 fallback (|x| > elemSinHuge), untouched otherwise.
const (
	elemUnX = iota
	elemUnY
	elemUnFlag
)

// EmitUnary adds to m the kernel name computing y = op(x) elementwise.
func EmitUnary(m *llvmir.Module, name, op, variant string) error {
	u, ok := elemUnary[op]
	if !ok {
		return fmt.Errorf("llvm: no unary kernel for %q", op)
	}
	e, err := newElemEmit(m, name, variant)
	if err != nil {
		return err
	}
	cur := e.block("entry")
	k := e.k
	n := cur.NewSub(k.Hi, k.Lo)
	xp := cur.NewGetElementPtr(lltypes.Float, k.Ptrs[elemUnX], k.Lo)
	yp := cur.NewGetElementPtr(lltypes.Float, k.Ptrs[elemUnY], k.Lo)
	var init []llvalue.Value
	flagged := op == "sin" || op == "cos"
	if flagged {
		init = []llvalue.Value{llconst.NewZeroInitializer(e.mt)}
	}
	fl := e.vecRun(&cur, "un", n, u.unroll, init, func(b *llvmir.Block, j, mask llvalue.Value, v []llvalue.Value) []llvalue.Value {
		g := newBld(b, e.in, e.lanes)
		y, huge := u.body(e, g, e.load(b, xp, j, mask))
		e.store(b, y, yp, j, mask)
		if flagged {
			if mask != nil {
				huge = b.NewAnd(huge, mask)
			}
			v = []llvalue.Value{b.NewOr(v[0], huge)}
		}
		return v
	})
	if flagged {
		e.ifThen(&cur, "flag", e.anyLane(cur, fl[0]), func(b *llvmir.Block) *llvmir.Block {
			elemScalarStore(b, llconst.NewFloat(lltypes.Float, 1), k.Ptrs[elemUnFlag], i64c(0))
			return b
		})
	}
	cur.NewRet(nil)
	return nil
}

// elemBinary are the binary ops on float32 lanes: the interpreter's
// fastBinary row kernels (Go's float32 arithmetic, built-in max/min) and
// pow (math.Pow in float64).
var elemBinary = map[string]struct {
	body   func(e *elemEmit, g *bld, x, y llvalue.Value) llvalue.Value
	unroll int
}{
	"add":     {func(_ *elemEmit, g *bld, x, y llvalue.Value) llvalue.Value { return g.add(x, y) }, 4},
	"sub":     {func(_ *elemEmit, g *bld, x, y llvalue.Value) llvalue.Value { return g.sub(x, y) }, 4},
	"mul":     {func(_ *elemEmit, g *bld, x, y llvalue.Value) llvalue.Value { return g.mul(x, y) }, 4},
	"div":     {func(_ *elemEmit, g *bld, x, y llvalue.Value) llvalue.Value { return g.div(x, y) }, 4},
	"maximum": {func(_ *elemEmit, g *bld, x, y llvalue.Value) llvalue.Value { return opBody["maximum"](g, x, y) }, 4},
	"minimum": {func(_ *elemEmit, g *bld, x, y llvalue.Value) llvalue.Value { return opBody["minimum"](g, x, y) }, 4},
	"pow":     {func(e *elemEmit, g *bld, x, y llvalue.Value) llvalue.Value { return e.powd(g, x, y) }, 1},
}

// Binary kernel ABI. The launcher reduces the broadcast to at most four
// axes (n0, n1, n2, n): out[i0, i1, i2, j] = op(a[...], b[...]), each
// operand read with its own strides (0 on broadcast axes). [lo, hi) is a
// range of rows (i0, i1, i2), row-major; along a row each operand advances
// by 1 or stays (stride 0: one value for the whole row, splat once).
//
//	ints: [0] n, [1] n2, [2] n1, [3] inner stride of a, [4] of b (0 or 1),
//	      [5] a's stride along i2, [6] b's, [7] a's along i1, [8] b's,
//	      [9] a's along i0, [10] b's
//	p0 a, p1 b, p2 out
const (
	elemBinA = iota
	elemBinB
	elemBinOut
)

const (
	elemBinN = iota
	elemBinN2
	elemBinN1
	elemBinSA
	elemBinSB
	elemBinA2
	elemBinB2
	elemBinA1
	elemBinB1
	elemBinA0
	elemBinB0
	elemBinInts
)

// EmitBinary adds to m the kernel name computing out = op(a, b) with
// broadcasting (see the ABI above).
func EmitBinary(m *llvmir.Module, name, op, variant string) error {
	bo, ok := elemBinary[op]
	if !ok {
		return fmt.Errorf("llvm: no binary kernel for %q", op)
	}
	e, err := newElemEmit(m, name, variant)
	if err != nil {
		return err
	}
	k := e.k
	entry := e.block("entry")
	var ints [elemBinInts]llvalue.Value
	for i := range ints {
		ints[i] = k.Int(entry, i)
	}
	n, n2, n1 := ints[elemBinN], ints[elemBinN2], ints[elemBinN1]
	// The first row's position and operand offsets.
	i2 := entry.NewSRem(k.Lo, n2)
	t := entry.NewSDiv(k.Lo, n2)
	i1 := entry.NewSRem(t, n1)
	i0 := entry.NewSDiv(t, n1)
	off := func(s0, s1, s2 llvalue.Value) llvalue.Value {
		return entry.NewAdd(entry.NewAdd(entry.NewMul(i0, s0), entry.NewMul(i1, s1)), entry.NewMul(i2, s2))
	}
	oa := off(ints[elemBinA0], ints[elemBinA1], ints[elemBinA2])
	ob := off(ints[elemBinB0], ints[elemBinB1], ints[elemBinB2])
	// When a counter wraps, the offset moves by the outer stride minus what
	// the inner counter advanced.
	da1 := entry.NewSub(ints[elemBinA1], entry.NewMul(n2, ints[elemBinA2]))
	db1 := entry.NewSub(ints[elemBinB1], entry.NewMul(n2, ints[elemBinB2]))
	da0 := entry.NewSub(ints[elemBinA0], entry.NewMul(n1, ints[elemBinA1]))
	db0 := entry.NewSub(ints[elemBinB0], entry.NewMul(n1, ints[elemBinB1]))
	exit := e.block("exit")
	exit.NewRet(nil)

	// One row loop per inner-stride case, chosen once per call.
	rows := func(name string, bcastA, bcastB bool) *llvmir.Block {
		start := e.block(name)
		cur := start
		init := []llvalue.Value{i2, i1, oa, ob}
		e.loop(&cur, name+".row", k.Lo, k.Hi, 1, init, func(b *llvmir.Block, r llvalue.Value, v []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			ri2, ri1, roa, rob := v[0], v[1], v[2], v[3]
			ap := b.NewGetElementPtr(lltypes.Float, k.Ptrs[elemBinA], roa)
			bp := b.NewGetElementPtr(lltypes.Float, k.Ptrs[elemBinB], rob)
			outp := b.NewGetElementPtr(lltypes.Float, k.Ptrs[elemBinOut], b.NewMul(r, n))
			var sa, sb llvalue.Value
			if bcastA {
				sa = e.splat(b, elemScalarLoad(b, lltypes.Float, ap, i64c(0)))
			}
			if bcastB {
				sb = e.splat(b, elemScalarLoad(b, lltypes.Float, bp, i64c(0)))
			}
			cur := b
			e.vecRun(&cur, name+".el", n, bo.unroll, nil, func(b *llvmir.Block, j, mask llvalue.Value, _ []llvalue.Value) []llvalue.Value {
				x, y := sa, sb
				if !bcastA {
					x = e.load(b, ap, j, mask)
				}
				if !bcastB {
					y = e.load(b, bp, j, mask)
				}
				e.store(b, bo.body(e, newBld(b, e.in, e.lanes), x, y), outp, j, mask)
				return nil
			})
			// Advance (i1, i2) and the offsets to the next row.
			c := cur
			n2i := c.NewAdd(ri2, i64c(1))
			w2 := c.NewICmp(llenum.IPredEQ, n2i, n2)
			ni2 := c.NewSelect(w2, i64c(0), n2i)
			n1i := c.NewSelect(w2, c.NewAdd(ri1, i64c(1)), ri1)
			w1 := c.NewICmp(llenum.IPredEQ, n1i, n1)
			ni1 := c.NewSelect(w1, i64c(0), n1i)
			adv := func(o, s2, d1, d0 llvalue.Value) llvalue.Value {
				o = c.NewAdd(o, s2)
				o = c.NewAdd(o, c.NewSelect(w2, d1, i64c(0)))
				return c.NewAdd(o, c.NewSelect(w1, d0, i64c(0)))
			}
			return c, []llvalue.Value{ni2, ni1, adv(roa, ints[elemBinA2], da1, da0), adv(rob, ints[elemBinB2], db1, db0)}
		})
		cur.NewBr(exit)
		return start
	}
	both, onlyA, onlyB := rows("ab", false, false), rows("a", false, true), rows("b", true, false)
	zero := i64c(0)
	aB := entry.NewICmp(llenum.IPredEQ, ints[elemBinSA], zero)
	bB := entry.NewICmp(llenum.IPredEQ, ints[elemBinSB], zero)
	chooseB := e.block("choose")
	entry.NewCondBr(aB, onlyB, chooseB)
	chooseB.NewCondBr(bB, onlyA, both)
	return nil
}

// Cast kernel ABI: [lo, hi) elements; p0 x, p1 y (i32 or float), p2 (f32 to
// i32 only) a float set to 1 when an element is NaN or outside int32,
// which the interpreter reports as an error.
const (
	elemCastX = iota
	elemCastY
	elemCastFlag
)

// EmitCast adds to m the kernel name converting f32 to i32 (toInt) or i32
// to f32: float32(v) rounds to nearest; int32(v) truncates toward zero.
func EmitCast(m *llvmir.Module, name string, toInt bool, variant string) error {
	e, err := newElemEmit(m, name, variant)
	if err != nil {
		return err
	}
	cur := e.block("entry")
	k := e.k
	n := cur.NewSub(k.Hi, k.Lo)
	var init []llvalue.Value
	if toInt {
		init = []llvalue.Value{llconst.NewZeroInitializer(e.mt)}
	}
	ip := func(b *llvmir.Block, i int) llvalue.Value {
		return b.NewBitCast(k.Ptrs[i], lltypes.NewPointer(lltypes.I32))
	}
	xi, yi := ip(cur, elemCastX), ip(cur, elemCastY)
	fl := e.vecRun(&cur, "cast", n, 4, init, func(b *llvmir.Block, j, mask llvalue.Value, v []llvalue.Value) []llvalue.Value {
		at := b.NewAdd(k.Lo, j)
		if !toInt {
			e.store(b, b.NewSIToFP(e.loadI32(b, xi, at, mask), e.vt), k.Ptrs[elemCastY], at, mask)
			return v
		}
		g := newBld(b, e.in, e.lanes)
		x := e.load(b, k.Ptrs[elemCastX], at, mask)
		// The interpreter rejects NaN and v > MaxInt32 or v < MinInt32 (as
		// float32 comparisons: 2^31 itself passes); 2^31 converts as Go's
		// amd64 conversion does, to MinInt32.
		var bad llvalue.Value = g.b.NewOr(g.cmp(llenum.FPredUNO, x, x),
			g.b.NewOr(g.cmp(llenum.FPredOGT, x, g.f(math.MaxInt32)), g.cmp(llenum.FPredOLT, x, g.f(math.MinInt32))))
		top := g.cmp(llenum.FPredOGE, x, g.f(math.MaxInt32))
		safe := g.sel(g.b.NewOr(bad, top), g.f(0), x)
		r := g.sel(top, g.i(math.MinInt32), b.NewFPToSI(safe, e.it))
		e.storeI32(b, r, yi, at, mask)
		if mask != nil {
			bad = b.NewAnd(bad, mask)
		}
		return []llvalue.Value{b.NewOr(v[0], bad)}
	})
	if toInt {
		e.ifThen(&cur, "flag", e.anyLane(cur, fl[0]), func(b *llvmir.Block) *llvmir.Block {
			elemScalarStore(b, llconst.NewFloat(lltypes.Float, 1), k.Ptrs[elemCastFlag], i64c(0))
			return b
		})
	}
	cur.NewRet(nil)
	return nil
}
