package ptx

import (
	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The shift along an axis, y[…, t, …] = x[…, t − n, …], zero filled, as a
// copy kernel: one thread per output element. In a stream the axis is the
// sequence and the n positions before the chunk are the op's state (the
// window): y reads position t of the window followed by the chunk, and
// the convolution's window kernel (convwin) writes the next window, the
// last n positions — both on the device, so a stream's shifts (RWKV's
// token shift) copy nothing between chunks.

func init() {
	kernelTable["shift"] = kernelEntry{plan: planShift}
}

// shiftSpec: ints [total, inner, size, n, has window]; buffers x [outer,
// size, inner], the window [outer, n, inner] (unused without), y [outer,
// size, inner].
func shiftSpec() Spec { return Spec{Name: "shift", BX: elemBlock, BY: 1, Ints: 5, Ptrs: 3} }

// EmitShift adds the shift kernel.
func EmitShift(t Target, m *Module) error {
	return Emit(t, m.M, m.Math, shiftSpec(), func(k *K) error {
		x, wb, y := k.Global(0), k.Global(1), k.Global(2)
		k.Phase(func() {
			i := k.elemIndex()
			k.If(k.Lt(i, k.Int(0)), func() {
				inner, size, n := k.Int(1), k.Int(2), k.Int(3)
				c := k.B.NewSRem(i, inner)
				r := k.B.NewSDiv(i, inner)
				tt := k.B.NewSRem(r, size)
				o := k.B.NewSDiv(r, size)
				// Without a window the n positions before x are zeros.
				read := k.B.NewOr(k.B.NewICmp(llenum.IPredSGE, tt, n), k.B.NewICmp(llenum.IPredNE, k.Int(4), c64(0)))
				v := k.IfValue(read, f32(0), func() llvalue.Value { return k.joinedAt(wb, x, o, tt, c, inner, n, size) })
				k.Store(y, i, v)
			})
		})
		return nil
	})
}

func planShift(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !allF32(op.Args...) {
		return nil, "shift of " + op.Args[0].Type.DType.String() + " runs on the interpreter"
	}
	rank := len(op.Args[0].Type.Shape)
	axis, err := ir.NormAxis(op.Attrs.Int("axis"), rank)
	n := op.Attrs.Int("n")
	if err != nil || n < 0 {
		return nil, "a negative shift runs on the interpreter"
	}
	xk := weightKind(op, 0, fixed)
	return &opKernel{
		defs: []kernelDef{
			{shiftSpec(), func(t Target, m *Module) error { return EmitShift(t, m) }},
			{convWinSpec(), func(t Target, m *Module) error { return EmitConvWindow(t, m) }},
		},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			outer, size, inner := runtime.AxisBlocks(x.Shape, axis)
			y := c.Output(runtime.F32, x.Shape...)
			slot := c.Slot(0)
			var states StateRefs
			wbuf, hasWin := Buf{nil, In}, int64(0)
			var next *runtime.Tensor
			if slot != nil { // a stream: the window of the n positions before the chunk
				if *slot != nil {
					wbuf = states.In(1, *slot)
				} else {
					wbuf = Buf{make([]float32, outer*n*inner), In}
				}
				hasWin = 1
				sh := append([]int{}, x.Shape...)
				sh[axis] = n
				next = newState(r, sh...)
			}
			if total := len(y.F); total > 0 {
				g, err := Grid1D(CeilDiv(total, elemBlock))
				if err != nil {
					return fallback(c, r)
				}
				l := &Launch{Grid: g, Ints: []int64{int64(total), int64(inner), int64(size), int64(n), hasWin},
					Bufs: []Buf{{x.F, xk}, wbuf, {y.F, Out}}, Work: total, States: states}
				if err := r.launch("shift", l, c.Threads()); err != nil {
					return nil, err
				}
			}
			if slot != nil {
				if err := nextWindow(c, r, wbuf, states[1], Buf{x.F, xk}, next, outer, n, size, inner); err != nil {
					return nil, err
				}
				*slot = next
			}
			return one(y), nil
		},
	}, ""
}
