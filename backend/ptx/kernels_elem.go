package ptx

import (
	"fmt"

	llenum "github.com/llir/llvm/ir/enum"

	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/llvm"
)

// Elementwise kernels: one thread per element, 256 threads per block,
// blocks numbered over a grid of up to gx·gy blocks (gx ≤ 2^31-1; the
// launcher uses y only past that).

// elemBlock is the elementwise kernels' block size.
const elemBlock = 256

// FloatArg reads int argument i as the float32 whose bits it holds (the
// kernels take floats such as eps through their int arguments).
func (k *K) FloatArg(i int) llvalue.Value {
	return k.B.NewBitCast(k.B.NewTrunc(k.Int(i), lltypes.I32), lltypes.Float)
}

// elemIndex is the thread's element: (by·gx + bx)·256 + tid.
func (k *K) elemIndex() llvalue.Value {
	blk := k.Add(k.Mul(k.BlockY(), k.GridX()), k.BlockX())
	return k.Add(k.Mul(blk, c64(elemBlock)), k.Tid())
}

// unarySpec is y = op(x): ints [n], buffers x, y.
func unarySpec(name string) Spec { return Spec{Name: name, BX: elemBlock, BY: 1, Ints: 1, Ptrs: 2} }

// EmitUnary adds the kernel y[i] = op(x[i]) for i < n, op's math from
// llvm.ScalarMath (log, sin and cos in float64, rounded once).
func EmitUnary(t Target, m *Module, name, op string) error {
	if !llvm.HasUnary(op) {
		return fmt.Errorf("ptx: no kernel for unary %q", op)
	}
	return Emit(t, m.M, m.Math, unarySpec(name), func(k *K) error {
		x, y := k.Global(0), k.Global(1)
		var err error
		k.Phase(func() {
			i := k.elemIndex()
			k.If(k.Lt(i, k.Int(0)), func() {
				v, e := k.Math.At(k.B).Unary(op, k.Load(x, i))
				if e != nil {
					err = e
					return
				}
				k.Store(y, i, v)
			})
		})
		return err
	})
}

// Binary broadcasting: the launcher reduces the broadcast to four axes
// (llvm.PlanBroadcast): out[i0, i1, i2, j] = op(a[·], b[·]), each operand
// read with its own strides (0 on broadcast axes).
//
//	ints: [0] total, [1] N, [2] N2, [3] N1, [4..7] a's strides along
//	      j, i2, i1, i0, [8..11] b's; buffers a, b, out
const binInts = 12

func binarySpec(name string) Spec {
	return Spec{Name: name, BX: elemBlock, BY: 1, Ints: binInts, Ptrs: 3}
}

// comparePred is the float predicate of each comparison: ordered but
// for ne, as Go's operators on the interpreter compare (NaN != x).
var comparePred = map[string]llenum.FPred{
	"eq": llenum.FPredOEQ, "ne": llenum.FPredUNE, "lt": llenum.FPredOLT,
	"le": llenum.FPredOLE, "gt": llenum.FPredOGT, "ge": llenum.FPredOGE,
}

// EmitBinary adds the broadcasting kernel out = op(a, b): arithmetic, or
// a comparison giving a 0/1 mask.
func EmitBinary(t Target, m *Module, name, op string) error {
	pred, compare := comparePred[op]
	if !llvm.HasBinary(op) && !compare {
		return fmt.Errorf("ptx: no kernel for binary %q", op)
	}
	return Emit(t, m.M, m.Math, binarySpec(name), func(k *K) error {
		a, b, out := k.Global(0), k.Global(1), k.Global(2)
		var err error
		k.Phase(func() {
			i := k.elemIndex()
			k.If(k.Lt(i, k.Int(0)), func() {
				j := k.B.NewSRem(i, k.Int(1))
				r := k.B.NewSDiv(i, k.Int(1))
				i2 := k.B.NewSRem(r, k.Int(2))
				r = k.B.NewSDiv(r, k.Int(2))
				i1 := k.B.NewSRem(r, k.Int(3))
				i0 := k.B.NewSDiv(r, k.Int(3))
				off := func(s int) llvalue.Value {
					o := k.Mul(j, k.Int(s))
					o = k.Add(o, k.Mul(i2, k.Int(s+1)))
					o = k.Add(o, k.Mul(i1, k.Int(s+2)))
					return k.Add(o, k.Mul(i0, k.Int(s+3)))
				}
				x, y := k.Load(a, off(4)), k.Load(b, off(8))
				var v llvalue.Value
				if compare {
					v = k.B.NewSelect(k.B.NewFCmp(pred, x, y), f32(1), f32(0))
				} else {
					var e error
					if v, e = k.Math.At(k.B).Binary(op, x, y); e != nil {
						err = e
						return
					}
				}
				k.Store(out, i, v)
			})
		})
		return err
	})
}
