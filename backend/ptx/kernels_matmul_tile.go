package ptx

import (
	llvalue "github.com/llir/llvm/ir/value"
)

// The tiled product shared by matmul and conv2d: the FP32 GEMM's block
// (kernels_gemm.go) — 16×16 threads, a 64×64 tile of C per block, thread
// (tx, ty) owning rows ty+16i and columns tx+16j — with the operands'
// staging left to the caller, so that the same tile reads A and B in any
// layout (B [K, N] row-major for matmul, the im2col view of an image for
// conv2d). Every output is the chain of fused multiply-adds over k in
// increasing order from +0, as the linear GEMM's, whatever the tiling.

// stageLayout says how a block's 256 threads walk a 64×16 slice of an
// operand while staging it: along k (rowMajorK: 16 consecutive threads
// read one row's 16 k, contiguous when the operand is [rows, K]
// row-major) or along the rows (kMajor: 64 consecutive threads read one
// k's 64 columns, contiguous when it is [K, cols]). Either way the
// shared copy is k-major, sh[kk·64 + row], which the product reads.
type stageLayout int

const (
	rowMajorK stageLayout = iota
	kMajor
)

// tileOperand is one side of the product: its layout and a reader of
// element (row, k) of the operand. read is called inside a phase with
// the element's global row and k (both may lie past the operand: it must
// return 0 there, guarding its loads).
type tileOperand struct {
	layout stageLayout
	read   func(row, kk llvalue.Value) llvalue.Value
}

// emitTiledProduct emits C[m0:m0+64, n0:n0+64] = A·B over k in [0, K),
// staged 16 k at a time, then calls store inside a phase for each of the
// thread's outputs within [0, M)×[0, N) with its row, column and sum.
// The 16 accumulators live across the barriers in private memory
// (registers on the GPU). It must be called at the kernel's uniform
// level, with m0, n0, M, N, K uniform.
func emitTiledProduct(k *K, a, b tileOperand, m0, n0, M, N, K llvalue.Value, store func(row, col, acc llvalue.Value)) {
	as, bs := k.Shared(gemmStage), k.Shared(gemmStage)
	acc := k.Private(gemmPer * gemmPer)
	k.Phase(func() {
		for i := 0; i < gemmPer*gemmPer; i++ {
			k.Store(acc, c64(int64(i)), f32(0))
		}
	})
	stage := func(op tileOperand, sh *Mem, r0, k0 llvalue.Value) {
		for r := 0; r < gemmLoads; r++ {
			e := k.Add(k.Tid(), c64(int64(r*gemmThreads*gemmThreads)))
			var row, kk llvalue.Value
			if op.layout == kMajor {
				row, kk = k.B.NewSRem(e, c64(gemmTile)), k.B.NewSDiv(e, c64(gemmTile))
			} else {
				row, kk = k.B.NewSDiv(e, c64(gemmKTile)), k.B.NewSRem(e, c64(gemmKTile))
			}
			k.Store(sh, k.Add(k.Mul(kk, c64(gemmTile)), row), op.read(k.Add(r0, row), k.Add(k0, kk)))
		}
	}
	k.For(c64(0), K, gemmKTile, nil, func(k0 llvalue.Value, _ []llvalue.Value) []llvalue.Value {
		k.Phase(func() {
			stage(a, as, m0, k0)
			stage(b, bs, n0, k0)
		})
		k.Phase(func() {
			var s [gemmPer * gemmPer]llvalue.Value
			for i := range s {
				s[i] = k.Load(acc, c64(int64(i)))
			}
			for kk := 0; kk < gemmKTile; kk++ {
				var av, bv [gemmPer]llvalue.Value
				for i := 0; i < gemmPer; i++ {
					av[i] = k.Load(as, k.Add(k.Ty(), c64(int64(kk*gemmTile+i*gemmThreads))))
					bv[i] = k.Load(bs, k.Add(k.Tx(), c64(int64(kk*gemmTile+i*gemmThreads))))
				}
				for i := 0; i < gemmPer; i++ {
					for j := 0; j < gemmPer; j++ {
						s[i*gemmPer+j] = k.Math.At(k.B).Fma(av[i], bv[j], s[i*gemmPer+j])
					}
				}
			}
			for i := range s {
				k.Store(acc, c64(int64(i)), s[i])
			}
		})
		return nil
	})
	k.Phase(func() {
		for i := 0; i < gemmPer; i++ {
			row := k.Add(m0, k.Add(k.Ty(), c64(int64(i*gemmThreads))))
			for j := 0; j < gemmPer; j++ {
				col := k.Add(n0, k.Add(k.Tx(), c64(int64(j*gemmThreads))))
				k.If(k.And(k.Lt(row, M), k.Lt(col, N)), func() {
					store(row, col, k.Load(acc, c64(int64(i*gemmPer+j))))
				})
			}
		}
	})
}

// guarded is src[idx] where cond holds, else +0, with the load only under
// the condition (an index past the operand is never dereferenced).
func (k *K) guarded(cond llvalue.Value, src *Mem, idx func() llvalue.Value) llvalue.Value {
	return k.IfValue(cond, f32(0), func() llvalue.Value { return k.Load(src, idx()) })
}
