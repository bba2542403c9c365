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
		as, bs := k.Shared(gemmStage), k.Shared(gemmStage)
		acc := k.Private(gemmPer * gemmPer)
		m0 := k.Mul(k.BlockY(), c64(gemmTile))
		n0 := k.Mul(k.BlockX(), c64(gemmTile))
		k.Phase(func() {
			for i := 0; i < gemmPer*gemmPer; i++ {
				k.Store(acc, c64(int64(i)), f32(0))
			}
		})
		// stage copies a 64×16 slice of src (rows from r0, K columns from
		// k0) into sh, k-major, zero outside [0, rows)×[0, K).
		stage := func(src, sh *Mem, r0, rows, k0 llvalue.Value) {
			for r := 0; r < gemmLoads; r++ {
				e := k.Add(k.Tid(), c64(int64(r*gemmThreads*gemmThreads)))
				row := k.B.NewSDiv(e, c64(gemmKTile))
				kk := k.B.NewSRem(e, c64(gemmKTile))
				gr, gk := k.Add(r0, row), k.Add(k0, kk)
				in := k.And(k.Lt(gr, rows), k.Lt(gk, K))
				v := k.IfValue(in, f32(0), func() llvalue.Value { return k.Load(src, k.Add(k.Mul(gr, K), gk)) })
				k.Store(sh, k.Add(k.Mul(kk, c64(gemmTile)), row), v)
			}
		}
		k.For(c64(0), K, gemmKTile, nil, func(k0 llvalue.Value, _ []llvalue.Value) []llvalue.Value {
			k.Phase(func() {
				stage(x, as, m0, M, k0)
				stage(w, bs, n0, N, k0)
			})
			k.Phase(func() {
				var a [gemmPer * gemmPer]llvalue.Value
				for i := range a {
					a[i] = k.Load(acc, c64(int64(i)))
				}
				for kk := 0; kk < gemmKTile; kk++ {
					var av, bv [gemmPer]llvalue.Value
					for i := 0; i < gemmPer; i++ {
						av[i] = k.Load(as, k.Add(k.Ty(), c64(int64(kk*gemmTile+i*gemmThreads))))
						bv[i] = k.Load(bs, k.Add(k.Tx(), c64(int64(kk*gemmTile+i*gemmThreads))))
					}
					for i := 0; i < gemmPer; i++ {
						for j := 0; j < gemmPer; j++ {
							a[i*gemmPer+j] = k.Math.At(k.B).Fma(av[i], bv[j], a[i*gemmPer+j])
						}
					}
				}
				for i := range a {
					k.Store(acc, c64(int64(i)), a[i])
				}
			})
			return nil
		})
		var err error
		k.Phase(func() {
			for i := 0; i < gemmPer; i++ {
				row := k.Add(m0, k.Add(k.Ty(), c64(int64(i*gemmThreads))))
				for j := 0; j < gemmPer; j++ {
					col := k.Add(n0, k.Add(k.Tx(), c64(int64(j*gemmThreads))))
					k.If(k.And(k.Lt(row, M), k.Lt(col, N)), func() {
						var v llvalue.Value = k.Load(acc, c64(int64(i*gemmPer+j)))
						if bias {
							v = k.B.NewFAdd(v, k.Load(bm, col))
						}
						if act != "" {
							var e error
							if v, e = k.Math.At(k.B).Unary(act, v); e != nil {
								err = e
							}
						}
						k.Store(y, k.Add(k.Mul(row, N), col), v)
					})
				}
			}
		})
		return err
	})
}
