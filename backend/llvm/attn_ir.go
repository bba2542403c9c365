package llvm

import (
	"fmt"

	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// IR-building helpers shared by the attention and delta-rule emitters
// (attn_emit.go, delta_emit.go): structured counted loops whose carried
// values are phis (llc runs no mem2reg, so a value kept in an alloca would
// stay in memory), broadcasts, horizontal reductions and tail masks. They
// build on selEmit's vector helpers (masked loads and stores, gathers,
// exp2), which reuse a module's existing intrinsic declarations, so several
// kernels and both variants can share one module.

// attnGen emits the body of one kernel function.
type attnGen struct {
	*selEmit
	k      *KernelFunc
	blocks int // for unique block names
}

// newAttnGen adds a kernel-ABI function named name to m for variant and
// returns an emitter for its body. aliased lists pointer arguments that may
// overlap (NewKernelFunc).
func newAttnGen(m *llvmir.Module, name, variant string, aliased ...int) *attnGen {
	e := newSelEmit(m, variant)
	k := NewKernelFunc(m, name, variant, aliased...)
	e.k = k
	return &attnGen{selEmit: e, k: k}
}

// block returns a new basic block with a unique name.
func (g *attnGen) block(name string) *llvmir.Block {
	g.blocks++
	return g.k.F.NewBlock(fmt.Sprintf("%s.%d", name, g.blocks))
}

// vec is a builder of lanes-wide float math in b; sca a scalar one.
func (g *attnGen) vec(b *llvmir.Block) *bld { return newBld(b, g.in, g.lanes) }
func (g *attnGen) sca(b *llvmir.Block) *bld { return newBld(b, g.in, 1) }

// loop is countedLoop on g's blocks.
func (g *attnGen) loop(pre *llvmir.Block, name string, lo, hi llvalue.Value, step int64, init []llvalue.Value,
	body func(b *llvmir.Block, i llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value)) (*llvmir.Block, []llvalue.Value) {
	return countedLoop(g.block, pre, name, lo, hi, step, init, body)
}

// when is ifThen on g's blocks.
func (g *attnGen) when(pre *llvmir.Block, name string, cond llvalue.Value, then func(b *llvmir.Block) *llvmir.Block) *llvmir.Block {
	return ifThen(g.block, pre, name, cond, then)
}

// vload loads a vector at p[idx] (float alignment), masked when mask is
// not nil.
func (g *attnGen) vload(b *llvmir.Block, p, idx, mask llvalue.Value) llvalue.Value {
	return g.load(b, p, idx, mask)
}

// vstore stores v at p[idx], masked when mask is not nil.
func (g *attnGen) vstore(b *llvmir.Block, v, p, idx, mask llvalue.Value) { g.store(b, v, p, idx, mask) }

// fload loads the float p[idx].
func (g *attnGen) fload(b *llvmir.Block, p, idx llvalue.Value) llvalue.Value {
	return loadAt(b, lltypes.Float, p, idx)
}

// bcast loads p[idx] into every lane.
func (g *attnGen) bcast(b *llvmir.Block, p, idx llvalue.Value) llvalue.Value {
	return g.splat(b, g.fload(b, p, idx))
}

// vsplat is the float constant v in every lane.
func (g *attnGen) vsplat(v float32) llvalue.Value {
	return newBld(nil, g.in, g.lanes).f(v)
}

// zero is the all-zero float vector.
func (g *attnGen) zero() llvalue.Value { return llconst.NewZeroInitializer(g.vt) }

// attnAdd64, attnMul64 and friends are i64 arithmetic with constant folding of the
// common trivial cases, so that the emitted IR stays readable.
func attnAdd64(b *llvmir.Block, x, y llvalue.Value) llvalue.Value {
	if c, ok := y.(*llconst.Int); ok && c.X.Sign() == 0 {
		return x
	}
	return b.NewAdd(x, y)
}

func attnMul64(b *llvmir.Block, x llvalue.Value, c int64) llvalue.Value {
	switch c {
	case 0:
		return i64c(0)
	case 1:
		return x
	}
	return b.NewMul(x, i64c(c))
}

// attnMin64 and attnMax64 are the signed minimum and maximum.
func attnMin64(b *llvmir.Block, x, y llvalue.Value) llvalue.Value {
	return b.NewSelect(b.NewICmp(llenum.IPredSLT, x, y), x, y)
}

func attnMax64(b *llvmir.Block, x, y llvalue.Value) llvalue.Value {
	return b.NewSelect(b.NewICmp(llenum.IPredSGT, x, y), x, y)
}

// attnVMax is the lane-wise maximum as x86's maxps computes it (x > y ? x : y),
// which llc emits as one instruction.
func attnVMax(g *bld, x, y llvalue.Value) llvalue.Value {
	return g.sel(g.cmp(llenum.FPredOGT, x, y), x, y)
}

// hreduce combines the lanes of v with op by a shuffle tree and returns the
// result in every lane.
func (g *attnGen) hreduce(b *llvmir.Block, v llvalue.Value, op func(x, y llvalue.Value) llvalue.Value) llvalue.Value {
	n := g.lanes
	mt := lltypes.NewVector(uint64(n), lltypes.I32)
	for w := n / 2; w >= 1; w /= 2 {
		idx := make([]llconst.Constant, n)
		for i := range idx {
			idx[i] = llconst.NewInt(lltypes.I32, int64((i+w)%n))
		}
		v = op(v, b.NewShuffleVector(v, llconst.NewUndef(g.vt), llconst.NewVector(mt, idx...)))
	}
	zero := llconst.NewZeroInitializer(mt)
	return b.NewShuffleVector(v, llconst.NewUndef(g.vt), zero)
}

// headMask is the constant mask of the first n lanes (nil when n covers
// every lane: an unmasked access).
func (g *attnGen) headMask(n int) llvalue.Value {
	if n >= g.lanes {
		return nil
	}
	el := make([]llconst.Constant, g.lanes)
	for i := range el {
		el[i] = llconst.NewBool(i < n)
	}
	return llconst.NewVector(g.mt, el...)
}

// anyLane reports whether any lane of the i1 vector m is set.
func (g *attnGen) anyLane(b *llvmir.Block, m llvalue.Value) llvalue.Value {
	bits := b.NewBitCast(m, lltypes.NewInt(uint64(g.lanes)))
	return b.NewICmp(llenum.IPredNE, bits, llconst.NewInt(lltypes.NewInt(uint64(g.lanes)), 0))
}

// vi32 is the i32 vector type of the variant.
func (g *attnGen) vi32() *lltypes.VectorType { return lltypes.NewVector(uint64(g.lanes), lltypes.I32) }

// loadI32 loads lanes i32 values at p[idx] (p a float pointer to i32 data)
// under mask (disabled lanes read 0 and touch no memory).
func (g *attnGen) loadI32(b *llvmir.Block, p, idx, mask llvalue.Value) llvalue.Value {
	vt := g.vi32()
	ip := b.NewBitCast(p, lltypes.NewPointer(lltypes.I32))
	ptr := b.NewBitCast(b.NewGetElementPtr(lltypes.I32, ip, idx), lltypes.NewPointer(vt))
	name := "llvm.masked.load.v" + itoa(g.lanes) + "i32.p0v" + itoa(g.lanes) + "i32"
	f := g.decl(name, vt, lltypes.NewPointer(vt), lltypes.I32, g.mt, vt)
	return b.NewCall(f, ptr, selI32(4), mask, llconst.NewZeroInitializer(vt))
}

// splatI32 broadcasts the i64 x, truncated to i32, to every lane.
func (g *attnGen) splatI32(b *llvmir.Block, x llvalue.Value) llvalue.Value {
	return g.splat(b, b.NewTrunc(x, lltypes.I32))
}

// attnCeil is the number of chunks of size c covering n.
func attnCeil(n, c int) int { return (n + c - 1) / c }
