package ptx

import (
	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The sums along an axis (sum, mean, cumsum): one thread per output
// (outer, inner) walks the axis in float64, as the interpreter does, so
// the results are its bits. cumsum's running sums are its stream state,
// kept on the device.

func planReduce(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !allF32(op.Args[0]) {
		return nil, op.Kind + " takes f32"
	}
	mean := op.Kind == "mean"
	name := keyf("reduce", op.Kind)
	xk := weightKind(op, 0, fixed)
	return &opKernel{
		defs: []kernelDef{{reduceSpec(name), func(t Target, m *Module) error { return EmitReduce(t, m, name, mean) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			outer, size, inner := runtime.AxisBlocks(x.Shape, axisOf(c.Op, len(x.Shape)))
			y := c.Output(runtime.F32, c.Shape(c.Op.Results[0])...)
			n := outer * inner
			if n == 0 {
				return one(y), nil
			}
			g, err := Grid1D(CeilDiv(n, elemBlock))
			if err != nil {
				return fallback(c, r)
			}
			l := &Launch{Grid: g, Ints: []int64{int64(n), int64(size), int64(inner)}, Bufs: []Buf{{x.F, xk}, {y.F, Out}}, Work: n * max(size, 1)}
			return one(y), r.launch(name, l, c.Threads())
		},
	}, ""
}

func planCumsum(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !allF32(op.Args[0]) {
		return nil, "cumsum takes f32"
	}
	name := keyf("cumsum")
	xk := weightKind(op, 0, fixed)
	return &opKernel{
		defs: []kernelDef{{cumsumSpec(name), func(t Target, m *Module) error { return EmitCumsum(t, m, name) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			outer, size, inner := runtime.AxisBlocks(x.Shape, axisOf(c.Op, len(x.Shape)))
			n := outer * inner
			y := c.Output(runtime.F32, x.Shape...)
			// In a stream the running sums before the chunk are the op's
			// state (a float32 per (outer, inner), zeros at first), read and
			// written on the device.
			slot := c.Slot(0)
			var states StateRefs
			carry, hasCarry := Buf{nil, In}, int64(0)
			nextBuf, writes := Buf{nil, In}, int64(0)
			var next *runtime.Tensor
			if slot != nil {
				if *slot != nil {
					carry, hasCarry = states.In(1, *slot), 1
				}
				next = newState(r, n)
				nextBuf, writes = states.Out(3, next), 1
			}
			if n > 0 {
				g, err := Grid1D(CeilDiv(n, elemBlock))
				if err != nil {
					return fallback(c, r)
				}
				l := &Launch{Grid: g, Ints: []int64{int64(n), int64(size), int64(inner), hasCarry, writes},
					Bufs: []Buf{{x.F, xk}, carry, {y.F, Out}, nextBuf}, Work: n * max(size, 1), States: states}
				if err := r.launch(name, l, c.Threads()); err != nil {
					return nil, err
				}
			}
			if slot != nil {
				*slot = next
			}
			return one(y), nil
		},
	}, ""
}
