package ptx

import (
	"fmt"
	"math"

	llvalue "github.com/llir/llvm/ir/value"
)

// Row kernels: one block of rowBlock threads per row of the last axis.
// Each thread folds the elements j ≡ tid (mod rowBlock) in order, then the
// block combines the partials by a tree through shared memory (pairs
// tid, tid+s for s = rowBlock/2 … 1), one phase per level: the same order
// on the GPU and in the emulation.

// rowBlock is the row kernels' block size (a power of two).
const rowBlock = 256

// rowFold emits, inside a phase, the thread's fold of f(x[row, j]) over
// its elements j = tid, tid+rowBlock, … < d.
func (k *K) rowFold(x *Mem, rowOff, d, init llvalue.Value, f func(acc, v llvalue.Value) llvalue.Value) llvalue.Value {
	r := k.For(k.Tid(), d, rowBlock, []llvalue.Value{init}, func(j llvalue.Value, cur []llvalue.Value) []llvalue.Value {
		return []llvalue.Value{f(cur[0], k.Load(x, k.Add(rowOff, j)))}
	})
	return r[0]
}

// Norm kinds.
const (
	normRMS   = "rms_norm"
	normLayer = "layer_norm"
	normL2    = "l2_norm"
)

// normSpec: ints [d, eps bits]; buffers x, y, w, b (w and b unused when
// absent). One block per row: grid (rows, 1).
func normSpec(name string) Spec { return Spec{Name: name, BX: rowBlock, BY: 1, Ints: 2, Ptrs: 4} }

// EmitNorm adds the kernel of rms_norm, layer_norm or l2_norm over the last
// axis, with optional weight and bias, in float32:
//
//	rms_norm:   y = x · 1/sqrt(Σx²/d + eps) · w
//	l2_norm:    y = x · 1/sqrt(Σx² + eps)
//	layer_norm: μ = Σx/d, y = (x-μ) · 1/sqrt(Σ(x-μ)²/d + eps) · w + b
func EmitNorm(t Target, m *Module, name, kind string, w, b bool) error {
	switch kind {
	case normRMS, normLayer, normL2:
	default:
		return fmt.Errorf("ptx: no norm kernel %q", kind)
	}
	return Emit(t, m.M, m.Math, normSpec(name), func(k *K) error {
		x, y, wm, bm := k.Global(0), k.Global(1), k.Global(2), k.Global(3)
		sh1, sh2 := k.Shared(rowBlock), k.Shared(rowBlock)
		d := k.Int(0)
		row := k.Mul(k.BlockX(), d)
		df := k.ToFloat(d)
		add := func(a, b llvalue.Value) llvalue.Value { return k.B.NewFAdd(a, b) }
		// The mean, for layer_norm: sh2[0]/d after the first reduction.
		center := func() llvalue.Value { return f32(0) }
		if kind == normLayer {
			k.Phase(func() {
				k.blockReducePartial(sh2, k.rowFold(x, row, d, f32(0), add))
			})
			k.treeReduce(sh2, add)
			center = func() llvalue.Value { return k.B.NewFDiv(k.Load(sh2, c64(0)), df) }
		}
		k.Phase(func() {
			mu := center()
			k.blockReducePartial(sh1, k.rowFold(x, row, d, f32(0), func(acc, v llvalue.Value) llvalue.Value {
				c := k.B.NewFSub(v, mu)
				return k.Math.At(k.B).Fma(c, c, acc)
			}))
		})
		k.treeReduce(sh1, add)
		k.Phase(func() {
			ss := k.Load(sh1, c64(0))
			if kind != normL2 {
				ss = k.B.NewFDiv(ss, df)
			}
			scale := k.B.NewFDiv(f32(1), k.Math.At(k.B).Sqrt(k.B.NewFAdd(ss, k.FloatArg(1))))
			mu := center()
			k.For(k.Tid(), d, rowBlock, nil, func(j llvalue.Value, _ []llvalue.Value) []llvalue.Value {
				var v llvalue.Value = k.B.NewFMul(k.B.NewFSub(k.Load(x, k.Add(row, j)), mu), scale)
				if w {
					v = k.B.NewFMul(v, k.Load(wm, j))
				}
				if b {
					v = k.B.NewFAdd(v, k.Load(bm, j))
				}
				k.Store(y, k.Add(row, j), v)
				return nil
			})
		})
		return nil
	})
}

// blockReducePartial stores the thread's partial in sh[tid] (in a phase).
func (k *K) blockReducePartial(sh *Mem, p llvalue.Value) { k.Store(sh, k.Tid(), p) }

// treeReduce folds sh[0..rowBlock) into sh[0] with combine, one phase
// per level (sh[t] = combine(sh[t], sh[t+s]) for t < s), called outside a
// phase after the phase that stored the partials; the next phase reads
// sh[0].
func (k *K) treeReduce(sh *Mem, combine func(a, b llvalue.Value) llvalue.Value) {
	for s := rowBlock / 2; s >= 1; s /= 2 {
		s := int64(s)
		k.Phase(func() {
			t := k.Tid()
			k.If(k.Lt(t, c64(s)), func() {
				k.Store(sh, t, combine(k.Load(sh, t), k.Load(sh, k.Add(t, c64(s)))))
			})
		})
	}
}

// softmaxSpec: ints [d]; buffers x, y. One block per row.
func softmaxSpec(name string) Spec { return Spec{Name: name, BX: rowBlock, BY: 1, Ints: 1, Ptrs: 2} }

// EmitSoftmax adds softmax over the last axis: m = max x, s = Σ exp(x-m),
// y = exp(x-m)/s, with the polynomial exp and the interpreter's NaN rule
// for max (maximum propagates NaN).
func EmitSoftmax(t Target, m *Module, name string) error {
	return Emit(t, m.M, m.Math, softmaxSpec(name), func(k *K) error {
		x, y := k.Global(0), k.Global(1)
		shm, shs := k.Shared(rowBlock), k.Shared(rowBlock)
		d := k.Int(0)
		row := k.Mul(k.BlockX(), d)
		maxf := func(a, b llvalue.Value) llvalue.Value {
			v, _ := k.Math.At(k.B).Binary("maximum", a, b)
			return v
		}
		exp := func(v llvalue.Value) llvalue.Value {
			e, _ := k.Math.At(k.B).Unary("exp", v)
			return e
		}
		k.Phase(func() {
			k.blockReducePartial(shm, k.rowFold(x, row, d, f32(float32(math.Inf(-1))), maxf))
		})
		k.treeReduce(shm, maxf)
		k.Phase(func() {
			mx := k.Load(shm, c64(0))
			k.blockReducePartial(shs, k.rowFold(x, row, d, f32(0), func(acc, v llvalue.Value) llvalue.Value {
				return k.B.NewFAdd(acc, exp(k.B.NewFSub(v, mx)))
			}))
		})
		k.treeReduce(shs, func(a, b llvalue.Value) llvalue.Value { return k.B.NewFAdd(a, b) })
		k.Phase(func() {
			mx, s := k.Load(shm, c64(0)), k.Load(shs, c64(0))
			k.For(k.Tid(), d, rowBlock, nil, func(j llvalue.Value, _ []llvalue.Value) []llvalue.Value {
				e := exp(k.B.NewFSub(k.Load(x, k.Add(row, j)), mx))
				k.Store(y, k.Add(row, j), k.B.NewFDiv(e, s))
				return nil
			})
		})
		return nil
	})
}
