package llvm

import (
	"fmt"

	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// The emitter shared by the elementwise and row kernels (elem_*.go): a thin
// layer over selEmit's vector helpers (masked loads and stores, splats,
// intrinsic declarations) that adds counted loops with loop-carried
// values, float64 vector math and fixed-order horizontal reductions.
//
// Every kernel processes a whole vector at a time, the last one of a run
// under a lane mask (AVX-512 mask registers; vmaskmov on AVX2) with the same
// instruction sequence as the others. An element's result therefore never
// depends on where a run starts or ends, which is what makes the results
// identical for every thread count: the launchers split only along
// independent elements, rows or columns.

// elemEmit holds the state of one kernel's emission.
type elemEmit struct {
	*selEmit
	f    *llvmir.Func
	k    *KernelFunc
	dt   *lltypes.VectorType // <lanes x double>
	it   *lltypes.VectorType // <lanes x i32>
	nblk int                 // blocks created, for unique names
}

// newElemEmit starts a kernel named name for variant in m. Its buffers are
// noalias: no launcher passes overlapping buffers.
func newElemEmit(m *llvmir.Module, name, variant string) (*elemEmit, error) {
	if variant != V3 && variant != V4 {
		return nil, fmt.Errorf("llvm: %s: unknown variant %q (want %q or %q)", name, variant, V3, V4)
	}
	if !isCIdent(name) {
		return nil, fmt.Errorf("llvm: kernel name %q is not a C identifier", name)
	}
	for _, f := range m.Funcs {
		if f.Name() == name {
			return nil, fmt.Errorf("llvm: module already has a function %q", name)
		}
	}
	s := newSelEmit(m, variant)
	k := NewKernelFunc(m, name, variant)
	n := uint64(s.lanes)
	return &elemEmit{selEmit: s, f: k.F, k: k,
		dt: lltypes.NewVector(n, lltypes.Double), it: lltypes.NewVector(n, lltypes.I32)}, nil
}

// block adds a new basic block with a unique name.
func (e *elemEmit) block(name string) *llvmir.Block {
	e.nblk++
	return e.f.NewBlock(fmt.Sprintf("%s.%d", name, e.nblk))
}

// loop is countedLoop on e's blocks, continuing from *cur: after it, *cur
// is the block after the loop.
func (e *elemEmit) loop(cur **llvmir.Block, name string, start, end llvalue.Value, step int64, init []llvalue.Value,
	body func(b *llvmir.Block, i llvalue.Value, vals []llvalue.Value) (*llvmir.Block, []llvalue.Value)) []llvalue.Value {
	exit, out := countedLoop(e.block, *cur, name, start, end, step, init, body)
	*cur = exit
	return out
}

// ifThen emits `if cond { then }`: then gets a fresh block and returns the
// block it ended in; *cur becomes the join block.
func (e *elemEmit) ifThen(cur **llvmir.Block, name string, cond llvalue.Value, then func(b *llvmir.Block) *llvmir.Block) {
	tb, join := e.block(name), e.block(name+".end")
	(*cur).NewCondBr(cond, tb, join)
	then(tb).NewBr(join)
	*cur = join
}

// tailMask is the lane mask of a last, partial vector: lane j is on when
// j < rem (rem an i64 below lanes; rem <= 0 gives no lanes).
func (e *elemEmit) tailMask(b *llvmir.Block, rem llvalue.Value) llvalue.Value {
	r := b.NewTrunc(rem, lltypes.I32)
	return b.NewICmp(llenum.IPredSLT, e.iota(lltypes.I32, 1), e.splat(b, r))
}

// loadI32 reads lanes i32 values at p[idx] (p an i32*), masked when mask is
// not nil.
func (e *elemEmit) loadI32(b *llvmir.Block, p, idx, mask llvalue.Value) llvalue.Value {
	ptr := b.NewBitCast(b.NewGetElementPtr(lltypes.I32, p, idx), lltypes.NewPointer(e.it))
	if mask == nil {
		ld := b.NewLoad(e.it, ptr)
		ld.Align = 4
		return ld
	}
	is := "v" + itoa(e.lanes) + "i32"
	f := e.decl("llvm.masked.load."+is+".p0"+is, e.it, lltypes.NewPointer(e.it), lltypes.I32, e.mt, e.it)
	return b.NewCall(f, ptr, selI32(4), mask, llconst.NewZeroInitializer(e.it))
}

// storeI32 writes v (lanes i32) to p[idx], masked when mask is not nil.
func (e *elemEmit) storeI32(b *llvmir.Block, v, p, idx, mask llvalue.Value) {
	ptr := b.NewBitCast(b.NewGetElementPtr(lltypes.I32, p, idx), lltypes.NewPointer(e.it))
	if mask == nil {
		st := b.NewStore(v, ptr)
		st.Align = 4
		return
	}
	is := "v" + itoa(e.lanes) + "i32"
	f := e.decl("llvm.masked.store."+is+".p0"+is, lltypes.Void, e.it, lltypes.NewPointer(e.it), lltypes.I32, e.mt)
	b.NewCall(f, v, ptr, selI32(4), mask)
}

// loadF64 reads lanes doubles at p[idx] (p a double*), masked when mask
// is not nil.
func (e *elemEmit) loadF64(b *llvmir.Block, p, idx, mask llvalue.Value) llvalue.Value {
	ptr := b.NewBitCast(b.NewGetElementPtr(lltypes.Double, p, idx), lltypes.NewPointer(e.dt))
	if mask == nil {
		ld := b.NewLoad(e.dt, ptr)
		ld.Align = 8
		return ld
	}
	ds := "v" + itoa(e.lanes) + "f64"
	f := e.decl("llvm.masked.load."+ds+".p0"+ds, e.dt, lltypes.NewPointer(e.dt), lltypes.I32, e.mt, e.dt)
	return b.NewCall(f, ptr, selI32(8), mask, llconst.NewZeroInitializer(e.dt))
}

// elemScalarLoad reads p[idx] of element type t.
func elemScalarLoad(b *llvmir.Block, t lltypes.Type, p, idx llvalue.Value) llvalue.Value {
	ld := b.NewLoad(t, b.NewGetElementPtr(t, p, idx))
	if t == lltypes.Double || t == lltypes.I64 {
		ld.Align = 8
	} else {
		ld.Align = 4
	}
	return ld
}

// elemScalarStore writes v to p[idx].
func elemScalarStore(b *llvmir.Block, v, p, idx llvalue.Value) {
	st := b.NewStore(v, b.NewGetElementPtr(v.Type(), p, idx))
	if v.Type() == lltypes.Double || v.Type() == lltypes.I64 {
		st.Align = 8
	} else {
		st.Align = 4
	}
}

// anyLane reports whether any lane of the i1 vector m is set.
func (e *elemEmit) anyLane(b *llvmir.Block, m llvalue.Value) llvalue.Value {
	it := lltypes.NewInt(uint64(e.lanes))
	return b.NewICmp(llenum.IPredNE, b.NewBitCast(m, it), llconst.NewInt(it, 0))
}

// hsum adds the lanes of a double vector in a fixed tree order (halves
// added lane by lane until one is left), so the result does not depend on
// anything but the vector.
func (e *elemEmit) hsum(b *llvmir.Block, v llvalue.Value) llvalue.Value {
	for n := e.lanes; n > 2; n /= 2 {
		lo, hi := e.halves(b, v, n)
		v = b.NewFAdd(lo, hi)
	}
	return b.NewFAdd(b.NewExtractElement(v, selI32(0)), b.NewExtractElement(v, selI32(1)))
}

// hmax is the largest lane of a float vector (NaN if any lane is NaN; +0
// over -0), by the same fixed tree as hsum, with the interpreter's max.
func (e *elemEmit) hmax(b *llvmir.Block, v llvalue.Value) llvalue.Value {
	for n := e.lanes; n > 2; n /= 2 {
		a, c := e.halves(b, v, n)
		g := newBld(b, e.in, n/2)
		v = g.minmax(a, c, llenum.FPredOGT, g.iand)
	}
	g := newBld(b, e.in, 1)
	return g.minmax(b.NewExtractElement(v, selI32(0)), b.NewExtractElement(v, selI32(1)), llenum.FPredOGT, g.iand)
}

// halves splits a vector of n lanes into its low and high halves.
func (e *elemEmit) halves(b *llvmir.Block, v llvalue.Value, n int) (lo, hi llvalue.Value) {
	l := make([]llconst.Constant, n/2)
	h := make([]llconst.Constant, n/2)
	for j := range l {
		l[j] = llconst.NewInt(lltypes.I32, int64(j))
		h[j] = llconst.NewInt(lltypes.I32, int64(j+n/2))
	}
	mt := lltypes.NewVector(uint64(n/2), lltypes.I32)
	return b.NewShuffleVector(v, llconst.NewUndef(v.Type()), llconst.NewVector(mt, l...)),
		b.NewShuffleVector(v, llconst.NewUndef(v.Type()), llconst.NewVector(mt, h...))
}

// elemDbl emits float64 math on <lanes x double> (or a scalar double when
// lanes is 1), the counterpart of bld for the kernels that compute in
// double precision (statistics, log, pow, sin, cos, rope).
type elemDbl struct {
	b     *llvmir.Block
	e     *elemEmit
	ft    lltypes.Type // double or <lanes x double>
	it    lltypes.Type // i64 or <lanes x i64>
	lanes int
}

func (e *elemEmit) dbl(b *llvmir.Block, lanes int) *elemDbl {
	if lanes == 1 {
		return &elemDbl{b: b, e: e, ft: lltypes.Double, it: lltypes.I64, lanes: 1}
	}
	n := uint64(lanes)
	return &elemDbl{b: b, e: e, ft: lltypes.NewVector(n, lltypes.Double), it: lltypes.NewVector(n, lltypes.I64), lanes: lanes}
}

func (d *elemDbl) splatC(c llconst.Constant, t lltypes.Type) llvalue.Value {
	if d.lanes == 1 {
		return c
	}
	el := make([]llconst.Constant, d.lanes)
	for j := range el {
		el[j] = c
	}
	return llconst.NewVector(t.(*lltypes.VectorType), el...)
}

// c is the float64 constant v in the builder's shape.
func (d *elemDbl) c(v float64) llvalue.Value {
	return d.splatC(llconst.NewFloat(lltypes.Double, v), d.ft)
}

// ci is the i64 constant v in the builder's shape.
func (d *elemDbl) ci(v int64) llvalue.Value { return d.splatC(llconst.NewInt(lltypes.I64, v), d.it) }

func (d *elemDbl) add(x, y llvalue.Value) llvalue.Value { return d.b.NewFAdd(x, y) }
func (d *elemDbl) sub(x, y llvalue.Value) llvalue.Value { return d.b.NewFSub(x, y) }
func (d *elemDbl) mul(x, y llvalue.Value) llvalue.Value { return d.b.NewFMul(x, y) }
func (d *elemDbl) div(x, y llvalue.Value) llvalue.Value { return d.b.NewFDiv(x, y) }
func (d *elemDbl) sel(c, x, y llvalue.Value) llvalue.Value {
	return d.b.NewSelect(c, x, y)
}
func (d *elemDbl) cmp(p llenum.FPred, x, y llvalue.Value) llvalue.Value { return d.b.NewFCmp(p, x, y) }
func (d *elemDbl) bits(x llvalue.Value) llvalue.Value                   { return d.b.NewBitCast(x, d.it) }
func (d *elemDbl) float(x llvalue.Value) llvalue.Value                  { return d.b.NewBitCast(x, d.ft) }

func (d *elemDbl) intrinsic(base string, nargs int) *llvmir.Func {
	s := "f64"
	if d.lanes > 1 {
		s = "v" + itoa(d.lanes) + "f64"
	}
	ts := make([]lltypes.Type, nargs)
	for i := range ts {
		ts[i] = d.ft
	}
	return d.e.decl(base+"."+s, d.ft, ts...)
}

// fma is x*y+z, one rounding (llvm.fmuladd: vfmadd on every variant).
func (d *elemDbl) fma(x, y, z llvalue.Value) llvalue.Value {
	return d.b.NewCall(d.intrinsic("llvm.fmuladd", 3), x, y, z)
}

func (d *elemDbl) sqrt(x llvalue.Value) llvalue.Value {
	return d.b.NewCall(d.intrinsic("llvm.sqrt", 1), x)
}

func (d *elemDbl) abs(x llvalue.Value) llvalue.Value {
	return d.b.NewCall(d.intrinsic("llvm.fabs", 1), x)
}

// poly evaluates c[0] + c[1]·x + ... by Horner's rule with fused
// multiply-adds.
func (d *elemDbl) poly(x llvalue.Value, c ...float64) llvalue.Value {
	p := d.c(c[len(c)-1])
	for k := len(c) - 2; k >= 0; k-- {
		p = d.fma(p, x, d.c(c[k]))
	}
	return p
}

// ext widens float lanes to double (exact).
func (d *elemDbl) ext(x llvalue.Value) llvalue.Value { return d.b.NewFPExt(x, d.ft) }

// trunc rounds double lanes to float once (round to nearest even; overflow
// gives ±Inf, tiny values round to subnormals or zero correctly).
func (d *elemDbl) trunc(x llvalue.Value) llvalue.Value {
	if d.lanes == 1 {
		return d.b.NewFPTrunc(x, lltypes.Float)
	}
	return d.b.NewFPTrunc(x, lltypes.NewVector(uint64(d.lanes), lltypes.Float))
}
