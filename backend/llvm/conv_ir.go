package llvm

import (
	"fmt"

	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// Structured-control-flow helpers for the conv, shift and scan emitters
// (conv.go, conv_shift.go, scan.go): counted loops with carried values,
// unique block names, integer min/max. The vector helpers (masked loads and
// stores, gathers, splats) are selEmit's (selective.go).

// kfn is one kernel function being emitted.
type kfn struct {
	*selEmit
	nb int // blocks made so far: block names must be unique
}

// newKfn starts a function with the kernel ABI named name for variant in m.
// aliased lists the buffer arguments that may overlap another one (no
// noalias, see NewKernelFunc).
func newKfn(m *llvmir.Module, name, variant string, aliased ...int) *kfn {
	e := newSelEmit(m, variant)
	e.k = NewKernelFunc(m, name, variant, aliased...)
	return &kfn{selEmit: e}
}

// block adds a block whose name starts with name.
func (f *kfn) block(name string) *llvmir.Block {
	f.nb++
	return f.k.F.NewBlock(fmt.Sprintf("%s.%d", name, f.nb))
}

// loop is countedLoop on f's blocks.
func (f *kfn) loop(pre *llvmir.Block, name string, from, to llvalue.Value, step int64, init []llvalue.Value,
	body func(b *llvmir.Block, i llvalue.Value, c []llvalue.Value) (*llvmir.Block, []llvalue.Value)) (*llvmir.Block, []llvalue.Value) {
	return countedLoop(f.block, pre, name, from, to, step, init, body)
}

// when is ifThen on f's blocks.
func (f *kfn) when(pre *llvmir.Block, name string, cond llvalue.Value, then func(b *llvmir.Block) *llvmir.Block) *llvmir.Block {
	return ifThen(f.block, pre, name, cond, then)
}

// convNonNull is p != null.
func convNonNull(b *llvmir.Block, p llvalue.Value) llvalue.Value {
	return b.NewICmp(llenum.IPredNE, p, llconst.NewNull(p.Type().(*lltypes.PointerType)))
}

// convI64 is the i64 constant v.

// convMin and convMax are the signed minimum and maximum of two i64 values.
func convMin(b *llvmir.Block, x, y llvalue.Value) llvalue.Value {
	return b.NewSelect(b.NewICmp(llenum.IPredSLT, x, y), x, y)
}

func convMax(b *llvmir.Block, x, y llvalue.Value) llvalue.Value {
	return b.NewSelect(b.NewICmp(llenum.IPredSGT, x, y), x, y)
}

// laneMask is the mask of the first n lanes (n an i64 in 0..lanes).
func (f *kfn) laneMask(b *llvmir.Block, n llvalue.Value) llvalue.Value {
	return b.NewICmp(llenum.IPredSLT, f.iota(lltypes.I32, 1), f.splat(b, b.NewTrunc(n, lltypes.I32)))
}

// constMask is the constant mask of the first n lanes.
func (f *kfn) constMask(n int) llvalue.Value {
	el := make([]llconst.Constant, f.lanes)
	for j := range el {
		el[j] = llconst.NewBool(j < n)
	}
	return llconst.NewVector(f.mt, el...)
}

// convI64Ptr is p (a float*) read as i64*.
func convI64Ptr(b *llvmir.Block, p llvalue.Value) llvalue.Value {
	return b.NewBitCast(p, lltypes.NewPointer(lltypes.I64))
}

// convLoadI64 loads p[idx] from an i64*.
func convLoadI64(b *llvmir.Block, p, idx llvalue.Value) llvalue.Value {
	ld := b.NewLoad(lltypes.I64, b.NewGetElementPtr(lltypes.I64, p, idx))
	ld.Align = 8
	return ld
}
