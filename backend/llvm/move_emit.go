package llvm

import (
	"fmt"

	llvmir "github.com/llir/llvm/ir"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// MoveMaxRank is the most outer axes a data-movement kernel walks (after
// the runner merges contiguous axes and drops size-1 ones).
const MoveMaxRank = 6

// Move kernel ABI: lo, hi = the rows to copy (a row is one index of the
// outer axes); ints = [n, s, srcBase, dstBase, then per outer axis d
// (outermost first) size_d, srcStride_d, dstStride_d]; p0 = src, p1 =
// dst (both read as 32-bit words: f32 or i32 bits, copied exactly).
// Row r copies n elements dst[do + j] = src[so + j·s], j < n, where so and
// do are the bases plus r's outer indices times the strides. Strides may
// be 0 (broadcast) or negative (flip).
//
// ints[4+3·rank] = 1 selects the tiled transpose instead (rank >= 1): the
// innermost outer axis (size A, source stride 1, destination stride T) and
// the row (n elements, source stride s) form an A×n transpose per index of
// the other outer axes, and lo, hi count those indices ("batches").
const (
	movePSrc = 0
	movePDst = 1
)

// EmitMove adds the move kernel name for rank outer axes and variant to
// m: per row, the outer indices by division, then a vector copy when the
// row is contiguous in the source (s = 1: full vectors and one masked
// tail), else an element loop.
func EmitMove(m *llvmir.Module, name string, rank int, variant string) error {
	if err := convCheckName(m, name, variant, "move"); err != nil {
		return err
	}
	if rank < 0 || rank > MoveMaxRank {
		return fmt.Errorf("llvm: move: rank %d outside 0..%d", rank, MoveMaxRank)
	}
	f := newKfn(m, name, variant)
	k := f.k
	L := int64(f.lanes)
	entry := f.block("entry")
	n, s, sb, db := k.Int(entry, 0), k.Int(entry, 1), k.Int(entry, 2), k.Int(entry, 3)
	dims := make([][3]llvalue.Value, rank)
	for d := range dims {
		dims[d] = [3]llvalue.Value{k.Int(entry, 4+3*d), k.Int(entry, 5+3*d), k.Int(entry, 6+3*d)}
	}
	if rank > 0 {
		tiled, plain := f.block("move.tiled"), f.block("move.plain")
		entry.NewCondBr(entry.NewICmp(llenum.IPredEQ, k.Int(entry, 4+3*rank), i64c(1)), tiled, plain)
		emitMoveTiled(f, tiled, rank, n, s, sb, db, dims)
		entry = plain
	}
	contig := entry.NewICmp(llenum.IPredEQ, s, i64c(1))
	nv := entry.NewAnd(n, i64c(-L))
	rem := entry.NewSub(n, nv)
	src, dst := k.Ptrs[movePSrc], k.Ptrs[movePDst]
	isrc := entry.NewBitCast(src, lltypes.NewPointer(lltypes.I32))
	idst := entry.NewBitCast(dst, lltypes.NewPointer(lltypes.I32))
	end, _ := f.loop(entry, "row", k.Lo, k.Hi, 1, nil, func(b *llvmir.Block, r llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		so, do := moveOffsets(b, r, dims[:rank], sb, db)
		vec, gen, join := f.block("move.vec"), f.block("move.gen"), f.block("move.join")
		b.NewCondBr(contig, vec, gen)
		vb, _ := f.loop(vec, "vj", i64c(0), nv, L, nil, func(b *llvmir.Block, j llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			v := f.load(b, src, b.NewAdd(so, j), nil)
			f.store(b, v, dst, b.NewAdd(do, j), nil)
			return b, nil
		})
		vb = f.when(vb, "vtail", vb.NewICmp(llenum.IPredSGT, rem, i64c(0)), func(b *llvmir.Block) *llvmir.Block {
			mask := f.laneMask(b, rem)
			v := f.load(b, src, b.NewAdd(so, nv), mask)
			f.store(b, v, dst, b.NewAdd(do, nv), mask)
			return b
		})
		vb.NewBr(join)
		gb, _ := f.loop(gen, "gj", i64c(0), n, 1, nil, func(b *llvmir.Block, j llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			sp := b.NewGetElementPtr(lltypes.I32, isrc, b.NewAdd(so, b.NewMul(j, s)))
			ld := b.NewLoad(lltypes.I32, sp)
			ld.Align = 4
			st := b.NewStore(ld, b.NewGetElementPtr(lltypes.I32, idst, b.NewAdd(do, j)))
			st.Align = 4
			return b, nil
		})
		gb.NewBr(join)
		return join, nil
	})
	end.NewRet(nil)
	return nil
}

// moveOffsets splits index r over the axes of dims (each its size and
// its source and destination strides; the last axis varies fastest) and
// returns the source and destination offsets from sb and db.
func moveOffsets(b *llvmir.Block, r llvalue.Value, dims [][3]llvalue.Value, sb, db llvalue.Value) (so, do llvalue.Value) {
	so, do = sb, db
	t := r
	for d := len(dims) - 1; d >= 0; d-- {
		i := t
		if d > 0 {
			q := b.NewUDiv(t, dims[d][0])
			i = b.NewSub(t, b.NewMul(q, dims[d][0]))
			t = q
		}
		so = b.NewAdd(so, b.NewMul(i, dims[d][1]))
		do = b.NewAdd(do, b.NewMul(i, dims[d][2]))
	}
	return so, do
}

// emitMoveTiled emits the tiled transpose from block b (see the ABI): per
// batch, tiles of lanes×lanes elements are read as lanes vector loads
// along the source-contiguous axis, transposed in registers (shuffles: the
// bits are kept) and written as lanes vector stores along the row; the
// edges that do not fill a tile are copied element by element.
func emitMoveTiled(f *kfn, b *llvmir.Block, rank int, n, s, sb, db llvalue.Value, dims [][3]llvalue.Value) {
	k := f.k
	L := int64(f.lanes)
	A, T := dims[rank-1][0], dims[rank-1][2]
	Af := b.NewAnd(A, i64c(-L))
	Bf := b.NewAnd(n, i64c(-L))
	src, dst := k.Ptrs[movePSrc], k.Ptrs[movePDst]
	isrc := b.NewBitCast(src, lltypes.NewPointer(lltypes.I32))
	idst := b.NewBitCast(dst, lltypes.NewPointer(lltypes.I32))
	// one copies element (kk, j) of the batch at so, do.
	one := func(b *llvmir.Block, so, do, kk, j llvalue.Value) {
		sp := b.NewGetElementPtr(lltypes.I32, isrc, b.NewAdd(so, b.NewAdd(kk, b.NewMul(j, s))))
		ld := b.NewLoad(lltypes.I32, sp)
		ld.Align = 4
		st := b.NewStore(ld, b.NewGetElementPtr(lltypes.I32, idst, b.NewAdd(do, b.NewAdd(b.NewMul(kk, T), j))))
		st.Align = 4
	}
	end, _ := f.loop(b, "batch", k.Lo, k.Hi, 1, nil, func(b *llvmir.Block, r llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		so, do := moveOffsets(b, r, dims[:rank-1], sb, db)
		b, _ = f.loop(b, "k0", i64c(0), Af, L, nil, func(b *llvmir.Block, k0 llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			b, _ = f.loop(b, "j0", i64c(0), Bf, L, nil, func(b *llvmir.Block, j0 llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
				rows := make([]llvalue.Value, L)
				for jj := range rows {
					at := b.NewAdd(b.NewAdd(so, k0), b.NewMul(b.NewAdd(j0, i64c(int64(jj))), s))
					rows[jj] = f.load(b, src, at, nil)
				}
				cols := f.transpose(b, rows)
				for kk, v := range cols {
					at := b.NewAdd(do, b.NewAdd(b.NewMul(b.NewAdd(k0, i64c(int64(kk))), T), j0))
					f.store(b, v, dst, at, nil)
				}
				return b, nil
			})
			// The columns past the last full tile.
			b, _ = f.loop(b, "jt", Bf, n, 1, nil, func(b *llvmir.Block, j llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
				for kk := int64(0); kk < L; kk++ {
					one(b, so, do, b.NewAdd(k0, i64c(kk)), j)
				}
				return b, nil
			})
			return b, nil
		})
		// The rows past the last full tile.
		b, _ = f.loop(b, "kt", Af, A, 1, nil, func(b *llvmir.Block, kk llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			b, _ = f.loop(b, "ktj", i64c(0), n, 1, nil, func(b *llvmir.Block, j llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
				one(b, so, do, kk, j)
				return b, nil
			})
			return b, nil
		})
		return b, nil
	})
	end.NewRet(nil)
}
