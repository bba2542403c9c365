package ptx

import (
	"fmt"

	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/llvm"
)

// The linear layer for a few rows of X (a decode step: M ≤ gemvMaxM), where
// the 64×64 GEMM tile would leave most of each block idle and too few
// blocks (⌈N/64⌉) to fill the GPU. A block of 256 threads computes 8
// outputs columns, 32 threads per column: thread (r, lane) sums
// x[m, k]·w[n, k] over k ≡ lane (mod 32) in increasing order as fused
// multiply-adds, for every row m at once (W is read once), then the 32
// lanes' sums are added in a shared-memory tree (16, 8, 4, 2, 1 apart)
// and lane 0 applies the bias and activation. The order differs from the
// GEMM's single chain over k; both are FP32 and agree to rounding.

const (
	gemvMaxM  = 4  // rows of X the GEMV takes
	gemvLanes = 32 // threads per output column
	gemvCols  = 8  // output columns per block
)

// gemvSpec: gemmSpec's arguments; grid (⌈N/8⌉, 1).
func gemvSpec(name string) Spec {
	return Spec{Name: name, BX: gemvLanes * gemvCols, BY: 1, Ints: 3, Ptrs: 4}
}

// EmitGEMV adds the few-row linear kernel with an optional bias and
// activation.
func EmitGEMV(t Target, m *Module, name string, bias bool, act string) error {
	if act != "" && !llvm.HasUnary(act) {
		return fmt.Errorf("ptx: gemv: unknown activation %q", act)
	}
	return Emit(t, m.M, m.Math, gemvSpec(name), func(k *K) error {
		x, w, bm, y := k.Global(0), k.Global(1), k.Global(2), k.Global(3)
		M, N, K := k.Int(0), k.Int(1), k.Int(2)
		const threads = gemvLanes * gemvCols
		red := k.Shared(gemvMaxM * threads)
		col := func() (n, lane llvalue.Value) {
			n = k.Add(k.Mul(k.BlockX(), c64(gemvCols)), k.B.NewSDiv(k.Tid(), c64(gemvLanes)))
			return n, k.B.NewSRem(k.Tid(), c64(gemvLanes))
		}
		k.Phase(func() { // each lane's strided sums, every row at once
			n, lane := col()
			init := make([]llvalue.Value, gemvMaxM)
			for i := range init {
				init[i] = f32(0)
			}
			// Columns past N sum nothing (K' = 0) so that every lane
			// still reaches the tree.
			kEnd := k.B.NewSelect(k.Lt(n, N), K, c64(0))
			sums := k.For(lane, kEnd, gemvLanes, init, func(kk llvalue.Value, cur []llvalue.Value) []llvalue.Value {
				wv := k.Load(w, k.Add(k.Mul(n, K), kk))
				next := make([]llvalue.Value, gemvMaxM)
				for i := range next {
					next[i] = k.IfValue(k.Lt(c64(int64(i)), M), cur[i], func() llvalue.Value {
						return k.Math.At(k.B).Fma(k.Load(x, k.Add(k.Mul(c64(int64(i)), K), kk)), wv, cur[i])
					})
				}
				return next
			})
			for i := range sums {
				k.Store(red, k.Add(c64(int64(i*threads)), k.Tid()), sums[i])
			}
		})
		for s := gemvLanes / 2; s >= 1; s /= 2 { // the tree, a phase per level
			k.Phase(func() {
				_, lane := col()
				k.If(k.Lt(lane, c64(int64(s))), func() {
					for i := 0; i < gemvMaxM; i++ {
						at := k.Add(c64(int64(i*threads)), k.Tid())
						k.Store(red, at, k.B.NewFAdd(k.Load(red, at), k.Load(red, k.Add(at, c64(int64(s))))))
					}
				})
			})
		}
		var err error
		k.Phase(func() {
			n, lane := col()
			k.If(k.And(k.B.NewICmp(llenum.IPredEQ, lane, c64(0)), k.Lt(n, N)), func() {
				for i := 0; i < gemvMaxM; i++ {
					k.If(k.Lt(c64(int64(i)), M), func() {
						v := k.Load(red, k.Add(c64(int64(i*threads)), k.Tid()))
						if e := k.gemmEpilogue(y, bm, bias, act, N, c64(int64(i)), n, v); e != nil {
							err = e
						}
					})
				}
			})
		})
		return err
	})
}
