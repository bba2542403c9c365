package ptx

import (
	"fmt"

	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/llvm"
)

// The linear layer Y = act(X·Wᵀ + b) as a shared-memory tiled GEMM, FP32
// exact (every product and sum rounded as float32; each output is the
// fused multiply-adds over k in increasing order, whatever the tiling).
//
// A block of 16×16 threads computes a 64×64 tile of Y; thread (tx, ty)
// owns rows ty+16i and columns tx+16j (i, j < 4), so that a warp's stores
// and its shared-memory reads are contiguous. For each 16-wide slice of K
// the block stages X[64×16] and W[64×16] in shared memory, k-major
// (zero-filled past M, N or K), then every thread does its 4×4×16 fused
// multiply-adds; the 16 accumulators live across the barriers in private
// memory (registers on the GPU).

const (
	gemmThreads = 16                     // threads per block along x and y
	gemmTile    = 64                     // rows and columns of Y per block
	gemmKTile   = 16                     // K per shared-memory stage
	gemmPer     = gemmTile / gemmThreads // outputs per thread along each axis
	gemmStage   = gemmTile * gemmKTile   // floats per staged operand
	gemmLoads   = gemmStage / (gemmThreads * gemmThreads)
)

// gemmSpec: ints [M, N, K]; buffers X [M, K], W [N, K], bias [N] (unused
// without), Y [M, N]. Grid (⌈N/64⌉, ⌈M/64⌉).
func gemmSpec(name string) Spec {
	return Spec{Name: name, BX: gemmThreads, BY: gemmThreads, Ints: 3, Ptrs: 4}
}

// EmitGEMM adds the linear kernel with an optional bias and activation
// (one of llvm.GEMMActs).
func EmitGEMM(t Target, m *Module, name string, bias bool, act string) error {
	if act != "" && !llvm.HasUnary(act) {
		return fmt.Errorf("ptx: gemm: unknown activation %q", act)
	}
	return Emit(t, m.M, m.Math, gemmSpec(name), func(k *K) error {
		x, w, bm, y := k.Global(0), k.Global(1), k.Global(2), k.Global(3)
		M, N, K := k.Int(0), k.Int(1), k.Int(2)
		m0 := k.Mul(k.BlockY(), c64(gemmTile))
		n0 := k.Mul(k.BlockX(), c64(gemmTile))
		// X [M, K] and W [N, K] are both row-major along K.
		rows := func(src *Mem, n llvalue.Value) tileOperand {
			return tileOperand{rowMajorK, func(r, kk llvalue.Value) llvalue.Value {
				return k.guarded(k.And(k.Lt(r, n), k.Lt(kk, K)), src, func() llvalue.Value { return k.Add(k.Mul(r, K), kk) })
			}}
		}
		var err error
		emitTiledProduct(k, rows(x, M), rows(w, N), m0, n0, M, N, K, func(row, col, v llvalue.Value) {
			if e := k.gemmEpilogue(y, bm, bias, act, N, row, col, v); e != nil {
				err = e
			}
		})
		return err
	})
}

// gemmEpilogue stores Y[row, col] = act(v + bias[col]) (bias and act
// optional) for the linear layer's kernels, FP32 and TF32.
func (k *K) gemmEpilogue(y, bm *Mem, bias bool, act string, N, row, col, v llvalue.Value) error {
	if bias {
		v = k.B.NewFAdd(v, k.Load(bm, col))
	}
	if act != "" {
		var err error
		if v, err = k.Math.At(k.B).Unary(act, v); err != nil {
			return err
		}
	}
	k.Store(y, k.Add(k.Mul(row, N), col), v)
	return nil
}
