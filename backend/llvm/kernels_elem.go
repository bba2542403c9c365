package llvm

import (
	"math"

	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The elementwise and row ops: every unary op (f32), the binary ops with
// broadcasting, cast f32 <-> i32, rms_norm, layer_norm, l2_norm, softmax
// over the last axis, sum/mean/max over an axis, cumsum (streaming: its
// running sums are the op's carry), take and rope. Kernels are keyed by
// what they compute, not by shape: one function serves every op of a kind
// (sizes are run-time arguments), which keeps a model's module small.

func init() {
	for _, op := range ir.UnaryOps {
		registerElem(op, planElemUnary)
	}
	for op := range elemBinary {
		registerElem(op, planElemBinary)
	}
	registerElem("cast", planElemCast)
	for _, op := range []string{"rms_norm", "layer_norm", "l2_norm"} {
		registerElem(op, planElemNorm)
	}
	registerElem("softmax", planElemSoftmax)
	for _, op := range []string{"sum", "mean", "max"} {
		registerElem(op, planElemReduce)
	}
	registerElem("cumsum", planElemCumsum)
	registerElem("take", planElemTake)
	registerElem("rope", planElemRoPE)
}

// registerElem adds an op without modes, unless another family's file
// registered it already (that kernel is the more specialised one).
func registerElem(op string, plan func(*ir.Op, map[*ir.Op]bool) (opKernel, string)) {
	if _, ok := kernelTable[op]; !ok {
		kernelTable[op] = kernelEntry{plan: plan}
	}
}

// elemKernel is the common part of the family's kernels: the key, the
// emitter and the bound function.
type elemKernel struct {
	k       string
	emitFn  func(m *llvmir.Module, name, variant string) error
	fn      native.Fn
	variant string
	runFn   func(k *elemKernel, c *interp.KernelCall) ([]*runtime.Tensor, error)
}

func (k *elemKernel) key() string { return k.k }

func (k *elemKernel) emit(m *llvmir.Module, variant string) error {
	return k.emitFn(m, k.k+VariantSuffix(variant), variant)
}

func (k *elemKernel) bind(fn native.Fn, variant string) error {
	k.fn, k.variant = fn, variant
	return nil
}

func (k *elemKernel) run(c *interp.KernelCall) ([]*runtime.Tensor, error) { return k.runFn(k, c) }

func elemAllF32(vs ...*ir.Value) bool {
	for _, v := range vs {
		if v.Type.DType != ir.F32 {
			return false
		}
	}
	return true
}

func elemOne(t *runtime.Tensor) []*runtime.Tensor { return []*runtime.Tensor{t} }

func planElemUnary(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	if !elemAllF32(op.Args[0]) {
		return nil, op.Kind + " of " + op.Args[0].Type.DType.String() + " runs on the interpreter"
	}
	kind := op.Kind
	return &elemKernel{
		k:      keyf("elem_u", kind),
		emitFn: func(m *llvmir.Module, name, v string) error { return EmitUnary(m, name, kind, v) },
		runFn: func(k *elemKernel, c *interp.KernelCall) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			y := c.Output(runtime.F32, x.Shape...)
			return elemOne(y), RunUnary(k.fn, kind, c.Threads(), x.F, y.F)
		},
	}, ""
}

func planElemBinary(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	if !elemAllF32(op.Args[0], op.Args[1], op.Results[0]) {
		return nil, op.Kind + " of " + op.Args[0].Type.DType.String() + " and " + op.Args[1].Type.DType.String() + " runs on the interpreter"
	}
	kind := op.Kind
	cost := elemCostCheap
	if kind == "pow" {
		cost = elemCostMath
	}
	return &elemKernel{
		k:      keyf("elem_b", kind),
		emitFn: func(m *llvmir.Module, name, v string) error { return EmitBinary(m, name, kind, v) },
		runFn: func(k *elemKernel, c *interp.KernelCall) ([]*runtime.Tensor, error) {
			a, b := c.Args[0], c.Args[1]
			shape := c.Shape(c.Op.Results[0])
			p, ok := PlanBroadcast(shape, a.Shape, b.Shape)
			if !ok {
				return c.Fallback() // more than four axes after merging
			}
			out := c.Output(runtime.F32, shape...)
			RunBinary(k.fn, c.Threads(), cost, p, a.F, b.F, out.F)
			return elemOne(out), nil
		},
	}, ""
}

func planElemCast(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	from, to := op.Args[0].Type.DType, op.Results[0].Type.DType
	var toInt bool
	switch {
	case from == ir.F32 && to == ir.I32:
		toInt = true
	case from == ir.I32 && to == ir.F32:
	default:
		return nil, "cast " + from.String() + " to " + to.String() + " runs on the interpreter"
	}
	name := "elem_cast_i2f"
	if toInt {
		name = "elem_cast_f2i"
	}
	return &elemKernel{
		k:      keyf(name),
		emitFn: func(m *llvmir.Module, name, v string) error { return EmitCast(m, name, toInt, v) },
		runFn: func(k *elemKernel, c *interp.KernelCall) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			if toInt {
				y := c.Output(runtime.I32, x.Shape...)
				return elemOne(y), RunCast(k.fn, true, c.Threads(), x.F, nil, nil, y.I)
			}
			y := c.Output(runtime.F32, x.Shape...)
			return elemOne(y), RunCast(k.fn, false, c.Threads(), nil, x.I, y.F, nil)
		},
	}, ""
}

func planElemNorm(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	if !elemAllF32(op.Args...) {
		return nil, op.Kind + " takes f32"
	}
	kind := op.Kind
	w, b := len(op.Args) > 1, len(op.Args) > 2
	eps := op.Attrs.Float("eps")
	return &elemKernel{
		k:      keyf("elem_norm", kind, w, b),
		emitFn: func(m *llvmir.Module, name, v string) error { return EmitNorm(m, name, kind, w, b, v) },
		runFn: func(k *elemKernel, c *interp.KernelCall) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			d := x.Shape[len(x.Shape)-1]
			y := c.Output(runtime.F32, x.Shape...)
			var wf, bf []float32
			if w {
				wf = c.Args[1].F
			}
			if b {
				bf = c.Args[2].F
			}
			RunNorm(k.fn, c.Threads(), len(x.F)/max(d, 1), d, eps, x.F, wf, bf, y.F)
			return elemOne(y), nil
		},
	}, ""
}

// elemLastAxis reports whether an op's axis attribute names the last axis of
// its argument.
func elemLastAxis(op *ir.Op) (axis int, last bool, ok bool) {
	rank := len(op.Args[0].Type.Shape)
	a, err := ir.NormAxis(op.Attrs.Int("axis"), rank)
	if err != nil {
		return 0, false, false
	}
	return a, a == rank-1, true
}

// elemInnerIsOne reports whether every axis after axis is the constant 1.
func elemInnerIsOne(op *ir.Op, axis int) bool {
	for _, d := range op.Args[0].Type.Shape[axis+1:] {
		if v, ok := d.Value(); !ok || v != 1 {
			return false
		}
	}
	return true
}

func planElemSoftmax(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	if !elemAllF32(op.Args[0]) {
		return nil, "softmax takes f32"
	}
	if _, last, ok := elemLastAxis(op); !ok || !last {
		return nil, "softmax over an axis but the last runs on the interpreter"
	}
	return &elemKernel{
		k:      keyf("elem_softmax"),
		emitFn: EmitSoftmax,
		runFn: func(k *elemKernel, c *interp.KernelCall) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			d := x.Shape[len(x.Shape)-1]
			y := c.Output(runtime.F32, x.Shape...)
			RunSoftmax(k.fn, c.Threads(), len(x.F)/max(d, 1), d, x.F, y.F)
			return elemOne(y), nil
		},
	}, ""
}

func planElemReduce(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	if !elemAllF32(op.Args[0]) {
		return nil, op.Kind + " takes f32"
	}
	axis, _, ok := elemLastAxis(op)
	if !ok {
		return nil, "bad axis"
	}
	kind, row := op.Kind, elemInnerIsOne(op, axis)
	form := "col"
	if row {
		form = "row"
	}
	return &elemKernel{
		k:      keyf("elem_red", kind, form),
		emitFn: func(m *llvmir.Module, name, v string) error { return EmitReduce(m, name, kind, row, v) },
		runFn: func(k *elemKernel, c *interp.KernelCall) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			outer, size, inner := runtime.AxisBlocks(x.Shape, axis)
			out := c.Output(runtime.F32, c.Shape(c.Op.Results[0])...)
			RunReduce(k.fn, row, k.variant, c.Threads(), outer, size, inner, x.F, out.F)
			return elemOne(out), nil
		},
	}, ""
}

func planElemCumsum(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	if !elemAllF32(op.Args[0]) {
		return nil, "cumsum takes f32"
	}
	axis, _, ok := elemLastAxis(op)
	if !ok {
		return nil, "bad axis"
	}
	row := elemInnerIsOne(op, axis)
	form := "col"
	if row {
		form = "row"
	}
	return &elemKernel{
		k:      keyf("elem_cumsum", form),
		emitFn: func(m *llvmir.Module, name, v string) error { return EmitCumsum(m, name, row, v) },
		runFn: func(k *elemKernel, c *interp.KernelCall) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			outer, size, inner := runtime.AxisBlocks(x.Shape, axis)
			y := c.Output(runtime.F32, x.Shape...)
			// In a stream the running sums before this chunk are the op's
			// state, in the interpreter's layout ([outer·inner] float32);
			// the new sums go to a fresh tensor that replaces it.
			var in, out []float32
			slot := c.Slot(0)
			var next *runtime.Tensor
			if slot != nil {
				if *slot != nil {
					in = (*slot).F
				}
				next = runtime.New(runtime.F32, outer*inner)
				out = next.F
			}
			RunCumsum(k.fn, row, k.variant, c.Threads(), outer, size, inner, x.F, y.F, in, out)
			if slot != nil {
				*slot = next
			}
			return elemOne(y), nil
		},
	}, ""
}

func planElemTake(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	if op.Args[0].Type.DType != ir.F32 || op.Args[1].Type.DType != ir.I32 {
		return nil, "take of a complex table runs on the interpreter"
	}
	return &elemKernel{
		k:      keyf("elem_take"),
		emitFn: EmitTake,
		runFn: func(k *elemKernel, c *interp.KernelCall) ([]*runtime.Tensor, error) {
			tab, ids := c.Args[0], c.Args[1]
			rows, width := tab.Shape[0], tab.Shape[1]
			out := c.Output(runtime.F32, append(append([]int{}, ids.Shape...), width)...)
			if err := RunTake(k.fn, c.Threads(), rows, width, tab.F, ids.I, out.F); err != nil {
				return nil, err
			}
			return elemOne(out), nil
		},
	}, ""
}

func planElemRoPE(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	x := op.Args[0]
	if !elemAllF32(x) || len(x.Type.Shape) != 4 {
		return nil, "rope takes f32[B, L, heads, head_dim]"
	}
	d, ok := x.Type.Shape[3].Value()
	theta := op.Attrs.Float("theta")
	if !ok || d < 2 || d%2 != 0 || !(theta > 0) || math.IsInf(theta, 0) {
		return nil, "rope with an odd or symbolic head size or a bad theta runs on the interpreter (which reports it)"
	}
	inter := op.Attrs.Bool("interleaved")
	return &elemKernel{
		k:      keyf("elem_rope", inter),
		emitFn: func(m *llvmir.Module, name, v string) error { return EmitRoPE(m, name, inter, v) },
		runFn: func(k *elemKernel, c *interp.KernelCall) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			s := x.Shape
			y := c.Output(runtime.F32, s...)
			cos, sin := RoPEAngles(theta, d, c.Position(), s[1])
			RunRoPE(k.fn, c.Threads(), s[0], s[1], s[2], s[3], cos, sin, x.F, y.F)
			return elemOne(y), nil
		},
	}, ""
}
