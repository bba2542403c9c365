package ptx

import (
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The experts' routing ops of mixture-of-experts layers (Jamba): `top_k`
// and `gather` (take_along_axis), so a routed layer stays on the device.
//
// top_k: one thread per row along the axis picks the k largest in order,
// as the interpreter's stable sort does — descending, NaN above every
// number, ties (±0 included) by the lower index. Pick j is the best
// element after pick j−1 in that order: no list of the taken ones, so the
// state stays in registers.
//
// gather: one thread per output element reads x at the element's
// coordinates with the axis coordinate taken from ids; every other axis of
// x and ids broadcasts where its size is 1. The ids are checked on the
// host first (they are i32, never left on the device): an index out of
// range runs the op on the interpreter, which reports it.

func init() {
	kernelTable["top_k"] = kernelEntry{plan: planTopK}
	kernelTable["gather"] = kernelEntry{plan: planGather}
}

// topKSpec: ints [rows, size, inner, k]; buffers x [outer, size, inner],
// values [outer, k, inner], indices (int32) [outer, k, inner]; rows =
// outer·inner.
func topKSpec(name string) Spec { return Spec{Name: name, BX: elemBlock, BY: 1, Ints: 4, Ptrs: 3} }

// EmitTopK adds the top_k kernel.
func EmitTopK(t Target, m *Module, name string) error {
	return Emit(t, m.M, m.Math, topKSpec(name), func(k *K) error {
		x, vals, idxs := k.Global(0), k.Global(1), k.Global(2)
		k.Phase(func() {
			row := k.elemIndex()
			k.If(k.Lt(row, k.Int(0)), func() {
				size, inner, K := k.Int(1), k.Int(2), k.Int(3)
				o, i := k.B.NewSDiv(row, inner), k.B.NewSRem(row, inner)
				at := func(base, t llvalue.Value) llvalue.Value { return k.Add(k.Mul(k.Add(base, t), inner), i) }
				isNaN := func(v llvalue.Value) llvalue.Value { return k.B.NewFCmp(llenum.FPredUNO, v, v) }
				// greater is the sort's order: NaN above numbers.
				greater := func(a, b llvalue.Value) llvalue.Value {
					an, bn := isNaN(a), isNaN(b)
					either := k.B.NewOr(an, bn)
					return k.B.NewSelect(either, k.And(an, k.B.NewXor(bn, llconst.True)), k.B.NewFCmp(llenum.FPredOGT, a, b))
				}
				// before reports whether (a, ai) comes first: greater, or
				// equal in the order and a lower index.
				before := func(a, ai, b, bi llvalue.Value) llvalue.Value {
					eq := k.And(k.B.NewXor(greater(a, b), llconst.True), k.B.NewXor(greater(b, a), llconst.True))
					return k.B.NewOr(greater(a, b), k.And(eq, k.Lt(ai, bi)))
				}
				k.For(c64(0), K, 1, []llvalue.Value{f32(0), c64(-1)}, func(j llvalue.Value, prev []llvalue.Value) []llvalue.Value {
					first := k.B.NewICmp(llenum.IPredEQ, j, c64(0))
					// The best element after the previous pick: start from
					// "none" (index -1).
					best := k.For(c64(0), size, 1, []llvalue.Value{f32(0), c64(-1)}, func(tt llvalue.Value, cur []llvalue.Value) []llvalue.Value {
						v := k.Load(x, at(k.Mul(o, size), tt))
						after := k.B.NewOr(first, before(prev[0], prev[1], v, tt))
						none := k.B.NewICmp(llenum.IPredEQ, cur[1], c64(-1))
						take := k.And(after, k.B.NewOr(none, before(v, tt, cur[0], cur[1])))
						return []llvalue.Value{k.B.NewSelect(take, v, cur[0]), k.B.NewSelect(take, tt, cur[1])}
					})
					dst := at(k.Mul(o, K), j)
					k.Store(vals, dst, best[0])
					k.Store(idxs, dst, k.B.NewBitCast(k.B.NewTrunc(best[1], lltypes.I32), lltypes.Float))
					return best
				})
			})
		})
		return nil
	})
}

// gatherRank is the most axes the gather kernel takes.
const gatherRank = 6

// gatherSpec: ints [total, x's stride along the axis, then per axis
// (gatherRank of them, outermost first, size 1 past the rank) the output's
// size, x's stride and ids' stride (0 along the axis for x, 0 where
// broadcast)]; buffers x, ids (int32), out.
func gatherSpec(name string) Spec {
	return Spec{Name: name, BX: elemBlock, BY: 1, Ints: 2 + 3*gatherRank, Ptrs: 3}
}

// EmitGather adds the gather kernel.
func EmitGather(t Target, m *Module, name string) error {
	return Emit(t, m.M, m.Math, gatherSpec(name), func(k *K) error {
		x, ids, out := k.Global(0), k.Global(1), k.Global(2)
		k.Phase(func() {
			e := k.elemIndex()
			k.If(k.Lt(e, k.Int(0)), func() {
				rem := e
				var xo, io llvalue.Value = c64(0), c64(0)
				for a := gatherRank - 1; a >= 0; a-- {
					n := k.Int(2 + 3*a)
					c := k.B.NewSRem(rem, n)
					rem = k.B.NewSDiv(rem, n)
					xo = k.Add(xo, k.Mul(c, k.Int(3+3*a)))
					io = k.Add(io, k.Mul(c, k.Int(4+3*a)))
				}
				kk := k.LoadI32(ids, io)
				k.Store(out, e, k.Load(x, k.Add(xo, k.Mul(kk, k.Int(1)))))
			})
		})
		return nil
	})
}

func planTopK(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if op.Args[0].Type.DType != ir.F32 {
		return nil, "top_k of " + op.Args[0].Type.DType.String() + " runs on the interpreter"
	}
	rank := len(op.Args[0].Type.Shape)
	ax, err := ir.NormAxis(op.Attrs.Int("axis"), rank)
	if err != nil {
		return nil, "top_k's axis"
	}
	K := op.Attrs.Int("k")
	name := keyf("topk")
	xk := weightKind(op, 0, fixed)
	return &opKernel{
		defs: []kernelDef{{topKSpec(name), func(t Target, m *Module) error { return EmitTopK(t, m, name) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			outer, size, inner := runtime.AxisBlocks(x.Shape, ax)
			if K > size || K < 0 {
				return fallback(c, r) // the interpreter reports it
			}
			shape := append([]int{}, x.Shape...)
			shape[ax] = K
			vals, idxs := c.Output(runtime.F32, shape...), c.Output(runtime.I32, shape...)
			rows := outer * inner
			if rows > 0 && K > 0 {
				g, err := Grid1D(CeilDiv(rows, elemBlock))
				if err != nil {
					return fallback(c, r)
				}
				l := &Launch{Grid: g, Ints: []int64{int64(rows), int64(size), int64(inner), int64(K)},
					Bufs: []Buf{{x.F, xk}, {vals.F, Out}, {int32Buf(idxs.I), Out}}, Work: rows * size * K}
				if err := r.launch(name, l, c.Threads()); err != nil {
					return nil, err
				}
			}
			return []*runtime.Tensor{vals, idxs}, nil
		},
	}, ""
}

func planGather(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if op.Args[0].Type.DType != ir.F32 {
		return nil, "gather of " + op.Args[0].Type.DType.String() + " runs on the interpreter"
	}
	rank := len(op.Args[0].Type.Shape)
	ax, err := ir.NormAxis(op.Attrs.Int("axis"), rank)
	if err != nil || rank > gatherRank {
		return nil, "gather of more than 6 axes runs on the interpreter"
	}
	name := keyf("gather")
	xk := weightKind(op, 0, fixed)
	return &opKernel{
		defs: []kernelDef{{gatherSpec(name), func(t Target, m *Module) error { return EmitGather(t, m, name) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			x, ids := c.Args[0], c.Args[1]
			if !idsInRange(ids.I, x.Shape[ax]) {
				return fallback(c, r) // the interpreter reports the bad index
			}
			shape := c.Shape(c.Op.Results[0])
			out := c.Output(runtime.F32, shape...)
			total := len(out.F)
			if total == 0 {
				return one(out), nil
			}
			g, err := Grid1D(CeilDiv(total, elemBlock))
			if err != nil {
				return fallback(c, r)
			}
			ints := make([]int64, 2+3*gatherRank)
			ints[0] = int64(total)
			xs, is := rowMajorStrides(x.Shape), rowMajorStrides(ids.Shape)
			ints[1] = int64(xs[ax])
			pad := gatherRank - rank // leading unit axes
			for a := 0; a < gatherRank; a++ {
				ints[2+3*a] = 1
			}
			for a := 0; a < rank; a++ {
				at := 2 + 3*(pad+a)
				ints[at] = int64(shape[a])
				if a != ax && x.Shape[a] != 1 {
					ints[at+1] = int64(xs[a])
				}
				if ids.Shape[a] != 1 {
					ints[at+2] = int64(is[a])
				}
			}
			l := &Launch{Grid: g, Ints: ints, Bufs: []Buf{{x.F, xk}, {int32Buf(ids.I), In}, {out.F, Out}}, Work: total}
			return one(out), r.launch(name, l, c.Threads())
		},
	}, ""
}

// rowMajorStrides is a shape's strides in elements, row-major.
func rowMajorStrides(shape []int) []int {
	s := make([]int, len(shape))
	n := 1
	for a := len(shape) - 1; a >= 0; a-- {
		s[a] = n
		n *= shape[a]
	}
	return s
}
