package llvm

import (
	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// The shift along an axis (the interpreter's op shift, backend/interp
// mixers.go shiftImpl): y[t] = x[t-n], zero filled, or in a stream filled
// from the window of the last n inputs of the previous chunks. Data
// movement only: rows of 4-byte words copied bit for bit (f32, i32, and
// c64 as two words), so one kernel serves every shape and dtype.
//
// For each outer index o (the axes before the shifted one) the source is
// the window rows win[o, 0..n) followed by the rows x[o, 0..size), each row
// `inner` words; y[o] is the first size rows of it and the new window, when
// asked for, the last n.
//
// Kernel ABI (abi.go): the parallel axis [lo, hi) counts outer indices.
//
//	ints: [0] size (rows of x and y per outer index), [1] inner (words per
//	      row), [2] n
//	p0 x, p1 window [outer, n, inner] (nil: zeros), p2 y, p3 new window
//	[outer, n, inner] (nil: not written)
//
// No buffer may overlap another.
const (
	shiftPX = iota
	shiftPWin
	shiftPY
	shiftPNewWin
)

// EmitShift adds to m one function named name with the kernel ABI computing
// the shift for variant V4 or V3; RunShift passes the arguments.
func EmitShift(m *llvmir.Module, name, variant string) error {
	if err := convCheckName(m, name, variant, "shift"); err != nil {
		return err
	}
	f := newKfn(m, name, variant)
	k := f.k
	entry := f.block("entry")
	size, inner, n := k.Int(entry, 0), k.Int(entry, 1), k.Int(entry, 2)
	hasWin := convNonNull(entry, k.Ptrs[shiftPWin])
	hasNew := convNonNull(entry, k.Ptrs[shiftPNewWin])
	it := lltypes.NewVector(uint64(f.lanes), lltypes.I32)
	i32p := func(b *llvmir.Block, p llvalue.Value) llvalue.Value {
		return b.NewBitCast(p, lltypes.NewPointer(lltypes.I32))
	}
	// copyWords copies cnt words from src[so] to dst[do] (zeros when src
	// is nil): whole vectors, then one masked vector.
	copyWords := func(b *llvmir.Block, dst, do, src, so, cnt llvalue.Value) *llvmir.Block {
		d, s := i32p(b, dst), llvalue.Value(nil)
		if src != nil {
			s = i32p(b, src)
		}
		nv := b.NewAnd(cnt, i64c(-int64(f.lanes)))
		move := func(b *llvmir.Block, i, mask llvalue.Value) {
			var v llvalue.Value = llconst.NewZeroInitializer(it)
			if s != nil {
				v = f.loadI32(b, it, s, b.NewAdd(so, i), mask)
			}
			f.storeI32(b, v, d, b.NewAdd(do, i), mask)
		}
		after, _ := f.loop(b, "copy", i64c(0), nv, int64(f.lanes), nil, func(b *llvmir.Block, i llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			move(b, i, nil)
			return b, nil
		})
		return f.when(after, "copy.tail", after.NewICmp(llenum.IPredSLT, nv, cnt), func(b *llvmir.Block) *llvmir.Block {
			move(b, nv, f.laneMask(b, b.NewSub(cnt, nv)))
			return b
		})
	}
	end, _ := f.loop(entry, "row", k.Lo, k.Hi, 1, nil, func(b *llvmir.Block, o llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		xo := b.NewMul(b.NewMul(o, size), inner)
		wo := b.NewMul(b.NewMul(o, n), inner)
		head := convMin(b, n, size) // leading rows of y from the window
		hw := b.NewMul(head, inner)
		b = f.when(b, "y.win", hasWin, func(b *llvmir.Block) *llvmir.Block {
			return copyWords(b, k.Ptrs[shiftPY], xo, k.Ptrs[shiftPWin], wo, hw)
		})
		b = f.when(b, "y.zero", b.NewXor(hasWin, llconst.True), func(b *llvmir.Block) *llvmir.Block {
			return copyWords(b, k.Ptrs[shiftPY], xo, nil, nil, hw)
		})
		b = copyWords(b, k.Ptrs[shiftPY], b.NewAdd(xo, hw), k.Ptrs[shiftPX], xo, b.NewMul(b.NewSub(size, head), inner))
		// New window: rows size..size+n of the source. Those before n are
		// window rows size..n (when size < n; zeros without a window),
		// the rest x rows max(size-n, 0)..size.
		return f.when(b, "newwin", hasNew, func(b *llvmir.Block) *llvmir.Block {
			keep := b.NewSub(n, head) // window rows kept
			kw := b.NewMul(keep, inner)
			b = f.when(b, "nw.win", hasWin, func(b *llvmir.Block) *llvmir.Block {
				return copyWords(b, k.Ptrs[shiftPNewWin], wo, k.Ptrs[shiftPWin], b.NewAdd(wo, hw), kw)
			})
			b = f.when(b, "nw.zero", b.NewXor(hasWin, llconst.True), func(b *llvmir.Block) *llvmir.Block {
				return copyWords(b, k.Ptrs[shiftPNewWin], wo, nil, nil, kw)
			})
			from := b.NewMul(b.NewSub(size, head), inner)
			return copyWords(b, k.Ptrs[shiftPNewWin], b.NewAdd(wo, kw), k.Ptrs[shiftPX], b.NewAdd(xo, from), hw)
		}), nil
	})
	end.NewRet(nil)
	return nil
}

// loadI32 reads lanes words at p[idx] (an i32*), under mask when not nil.
func (f *kfn) loadI32(b *llvmir.Block, it *lltypes.VectorType, p, idx, mask llvalue.Value) llvalue.Value {
	ptr := b.NewBitCast(b.NewGetElementPtr(lltypes.I32, p, idx), lltypes.NewPointer(it))
	if mask == nil {
		ld := b.NewLoad(it, ptr)
		ld.Align = 4
		return ld
	}
	suf := "v" + itoa(f.lanes) + "i32"
	fn := f.decl("llvm.masked.load."+suf+".p0"+suf, it, lltypes.NewPointer(it), lltypes.I32, f.mt, it)
	return b.NewCall(fn, ptr, selI32(4), mask, llconst.NewZeroInitializer(it))
}

// storeI32 writes v to p[idx] (an i32*), under mask when not nil.
func (f *kfn) storeI32(b *llvmir.Block, v, p, idx, mask llvalue.Value) {
	it := v.Type().(*lltypes.VectorType)
	ptr := b.NewBitCast(b.NewGetElementPtr(lltypes.I32, p, idx), lltypes.NewPointer(it))
	if mask == nil {
		st := b.NewStore(v, ptr)
		st.Align = 4
		return
	}
	suf := "v" + itoa(f.lanes) + "i32"
	fn := f.decl("llvm.masked.store."+suf+".p0"+suf, lltypes.Void, it, lltypes.NewPointer(it), lltypes.I32, f.mt)
	b.NewCall(fn, v, ptr, selI32(4), mask)
}
