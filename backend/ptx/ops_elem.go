package ptx

import (
	"math"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The elementwise and row ops' plans and launches.

func init() {
	// Every unary op ScalarMath emits, log, sin and cos included: sin and
	// cos reduce every float32 argument exactly on the device
	// (llvm/scalar_trig.go), so unlike the LLVM backend's kernels they need
	// no host fallback for huge arguments.
	for _, op := range ir.UnaryOps {
		if llvm.HasUnary(op) {
			kernelTable[op] = kernelEntry{plan: planUnary}
		}
	}
	for _, op := range []string{"add", "sub", "mul", "div", "maximum", "minimum", "eq", "ne", "lt", "le", "gt", "ge"} {
		kernelTable[op] = kernelEntry{plan: planBinary}
	}
	for _, op := range []string{normRMS, normLayer, normL2} {
		kernelTable[op] = kernelEntry{plan: planNorm}
	}
	kernelTable["softmax"] = kernelEntry{plan: planSoftmax}
}

func planUnary(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !allF32(op.Args[0], op.Results[0]) {
		return nil, op.Kind + " of " + op.Args[0].Type.DType.String() + " runs on the interpreter"
	}
	kind, name := op.Kind, keyf("u", op.Kind)
	xk := weightKind(op, 0, fixed)
	return &opKernel{
		defs: []kernelDef{{unarySpec(name), func(t Target, m *Module) error { return EmitUnary(t, m, name, kind) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			y := c.Output(runtime.F32, x.Shape...)
			g, err := Grid1D(CeilDiv(len(x.F), elemBlock))
			if err != nil {
				return fallback(c, r)
			}
			l := &Launch{Grid: g, Ints: []int64{int64(len(x.F))}, Bufs: []Buf{{x.F, xk}, {y.F, Out}}, Work: len(x.F)}
			return one(y), r.launch(name, l, c.Threads())
		},
	}, ""
}

func planBinary(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !allF32(op.Args[0], op.Args[1], op.Results[0]) {
		return nil, op.Kind + " of " + op.Args[0].Type.DType.String() + " and " + op.Args[1].Type.DType.String() + " runs on the interpreter"
	}
	kind, name := op.Kind, keyf("b", op.Kind)
	ak, bk := weightKind(op, 0, fixed), weightKind(op, 1, fixed)
	return &opKernel{
		defs: []kernelDef{{binarySpec(name), func(t Target, m *Module) error { return EmitBinary(t, m, name, kind) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			a, b := c.Args[0], c.Args[1]
			shape := c.Shape(c.Op.Results[0])
			p, ok := llvm.PlanBroadcast(shape, a.Shape, b.Shape)
			if !ok {
				return fallback(c, r) // more than four axes after merging
			}
			out := c.Output(runtime.F32, shape...)
			total := len(out.F)
			if total == 0 {
				return one(out), nil
			}
			g, err := Grid1D(CeilDiv(total, elemBlock))
			if err != nil {
				return fallback(c, r)
			}
			ints := BinaryInts(p, total)
			l := &Launch{Grid: g, Ints: ints[:], Bufs: []Buf{{a.F, ak}, {b.F, bk}, {out.F, Out}}, Work: total}
			return one(out), r.launch(name, l, c.Threads())
		},
	}, ""
}

// BinaryInts is the binary kernel's int arguments for a broadcast plan.
func BinaryInts(p llvm.BroadcastPlan, total int) [binInts]int64 {
	return [binInts]int64{int64(total), int64(max(p.N, 1)), int64(max(p.N2, 1)), int64(max(p.N1, 1)),
		int64(p.SA[3]), int64(p.SA[2]), int64(p.SA[1]), int64(p.SA[0]),
		int64(p.SB[3]), int64(p.SB[2]), int64(p.SB[1]), int64(p.SB[0])}
}

func planNorm(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !allF32(op.Args...) {
		return nil, op.Kind + " takes f32"
	}
	kind := op.Kind
	w, b := len(op.Args) > 1, len(op.Args) > 2
	eps := float32(op.Attrs.Float("eps"))
	name := keyf("norm", kind, w, b)
	kinds := []BufKind{In, Out, Weight, Weight}
	kinds[0] = weightKind(op, 0, fixed)
	return &opKernel{
		defs: []kernelDef{{normSpec(name), func(t Target, m *Module) error { return EmitNorm(t, m, name, kind, w, b) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			d := x.Shape[len(x.Shape)-1]
			y := c.Output(runtime.F32, x.Shape...)
			rows := 0
			if d > 0 {
				rows = len(x.F) / d
			}
			g, err := Grid1D(rows)
			if err != nil {
				return fallback(c, r)
			}
			bufs := []Buf{{x.F, kinds[0]}, {y.F, Out}, {nil, In}, {nil, In}}
			if w {
				bufs[2] = Buf{c.Args[1].F, weightKind(c.Op, 1, fixed)}
			}
			if b {
				bufs[3] = Buf{c.Args[2].F, weightKind(c.Op, 2, fixed)}
			}
			l := &Launch{Grid: g, Ints: []int64{int64(d), int64(math.Float32bits(eps))}, Bufs: bufs, Work: len(x.F)}
			return one(y), r.launch(name, l, c.Threads())
		},
	}, ""
}

func planSoftmax(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !allF32(op.Args[0]) {
		return nil, "softmax takes f32"
	}
	rank := len(op.Args[0].Type.Shape)
	if a, err := ir.NormAxis(op.Attrs.Int("axis"), rank); err != nil || a != rank-1 {
		return nil, "softmax over an axis but the last runs on the interpreter"
	}
	name := keyf("softmax")
	xk := weightKind(op, 0, fixed)
	return &opKernel{
		defs: []kernelDef{{softmaxSpec(name), func(t Target, m *Module) error { return EmitSoftmax(t, m, name) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			d := x.Shape[len(x.Shape)-1]
			y := c.Output(runtime.F32, x.Shape...)
			rows := 0
			if d > 0 {
				rows = len(x.F) / d
			}
			g, err := Grid1D(rows)
			if err != nil {
				return fallback(c, r)
			}
			l := &Launch{Grid: g, Ints: []int64{int64(d)}, Bufs: []Buf{{x.F, xk}, {y.F, Out}}, Work: len(x.F)}
			return one(y), r.launch(name, l, c.Threads())
		},
	}, ""
}
