package llvm

import (
	"unsafe"

	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

func init() {
	kernelTable["conv"] = kernelEntry{modes: []string{ir.ModeScan}, plan: planConv}
	kernelTable["shift"] = kernelEntry{plan: planShift}
}

// convKernel runs `conv` in its direct form (ir.ModeScan); the FFT form
// (ir.ModeConv) stays on the interpreter.
type convKernel struct {
	spec    ConvSpec
	fn      native.Fn
	variant string
}

func planConv(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	x, w := op.Args[0].Type, op.Args[1].Type
	if x.DType != ir.F32 || len(x.Shape) != 3 || len(w.Shape) != 2 {
		return nil, "the conv kernel takes f32[B, L, C]"
	}
	W, ok := w.Shape[1].Value()
	if !ok {
		return nil, "symbolic kernel width"
	}
	if ir.ConvDilation(op) != 1 {
		return nil, "no LLVM kernel for a dilated conv yet: runs on the interpreter"
	}
	s := ConvSpec{W: W, Bias: len(op.Args) == 3, Act: op.Attrs.String("act")}
	if err := s.validate(); err != nil {
		return nil, err.Error()
	}
	return &convKernel{spec: s}, ""
}

func (k *convKernel) key() string {
	act := k.spec.Act
	if act == "" {
		act = "none"
	}
	return keyf("conv", k.spec.W, k.spec.Bias, act)
}

func (k *convKernel) emit(m *llvmir.Module, variant string) error {
	return EmitConv(m, k.key()+VariantSuffix(variant), k.spec, variant)
}

func (k *convKernel) bind(fn native.Fn, variant string) error {
	k.fn, k.variant = fn, variant
	return nil
}

// run follows the interpreter's convImpl: in a stream the window of the
// last W-1 inputs (Slot 0, [B, W-1, C], zeros before the first chunk) is
// the left padding, and the new window is the last W-1 rows of window and
// chunk together.
func (k *convKernel) run(c *interp.KernelCall) ([]*runtime.Tensor, error) {
	if c.Mode() == ir.ModeConv {
		return c.Fallback()
	}
	x, w := c.Args[0], c.Args[1]
	a := &ConvArgs{B: x.Shape[0], Lin: x.Shape[1], C: x.Shape[2], X: x.F, W: w.F,
		PL: c.Op.Attrs.Int("pad_left"), PR: c.Op.Attrs.Int("pad_right")}
	if k.spec.Bias {
		a.Bias = c.Args[2].F
	}
	slot := c.Slot(0)
	var win *runtime.Tensor
	if slot != nil {
		n := k.spec.W - 1
		prev := *slot
		if prev == nil {
			prev = runtime.New(runtime.F32, a.B, n, a.C)
		}
		a.Prefix, a.PL = prev.F, n
		win = convWindow(prev, x, n)
	}
	if a.Lout(k.spec.W) < 0 {
		return c.Fallback() // the interpreter reports it
	}
	y := c.Output(runtime.F32, a.B, a.Lout(k.spec.W), a.C)
	a.Y = y.F
	if err := RunConv(k.fn, k.spec, k.variant, c.Threads(), a); err != nil {
		return nil, err
	}
	if slot != nil {
		*slot = win
	}
	return []*runtime.Tensor{y}, nil
}

// convWindow is a new tensor holding the last n rows of prev [B, n, C]
// followed by x [B, L, C].
func convWindow(prev, x *runtime.Tensor, n int) *runtime.Tensor {
	B, L, C := x.Shape[0], x.Shape[1], x.Shape[2]
	out := runtime.New(runtime.F32, B, n, C)
	for b := 0; b < B; b++ {
		for j := 0; j < n; j++ {
			r := L + j // row of the joined sequence
			var src []float32
			if r < n {
				src = prev.F[(b*n+r)*C:][:C]
			} else {
				src = x.F[(b*L+r-n)*C:][:C]
			}
			copy(out.F[(b*n+j)*C:][:C], src)
		}
	}
	return out
}

// shiftKernel runs `shift` along any axis of any dtype (a copy of 4-byte
// words).
type shiftKernel struct {
	fn native.Fn
}

func planShift(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	if op.Attrs.Int("n") < 0 {
		return nil, "a negative shift"
	}
	return &shiftKernel{}, ""
}

func (k *shiftKernel) key() string { return keyf("shift") }

func (k *shiftKernel) emit(m *llvmir.Module, variant string) error {
	return EmitShift(m, k.key()+VariantSuffix(variant), variant)
}

func (k *shiftKernel) bind(fn native.Fn, _ string) error {
	k.fn = fn
	return nil
}

// run follows the interpreter's shiftImpl: in a stream (the axis is then
// the sequence) Slot 0 holds the last n inputs along the axis, zeros
// before the first chunk.
func (k *shiftKernel) run(c *interp.KernelCall) ([]*runtime.Tensor, error) {
	x := c.Args[0]
	axis, err := ir.NormAxis(c.Op.Attrs.Int("axis"), len(x.Shape))
	if err != nil {
		return nil, err
	}
	n := c.Op.Attrs.Int("n")
	wd := 1
	if x.DType == runtime.C64 {
		wd = 2
	}
	a := &ShiftArgs{Outer: convNumel(x.Shape[:axis]), Size: x.Shape[axis], Inner: convNumel(x.Shape[axis+1:]) * wd, N: n}
	y := c.Alloc(x.DType, x.Shape...)
	a.X, a.Y = convWords(x), convWords(y)
	slot := c.Slot(0)
	var win *runtime.Tensor
	if slot != nil {
		if *slot != nil {
			a.Win = convWords(*slot)
		}
		sh := append([]int{}, x.Shape...)
		sh[axis] = n
		win = runtime.New(x.DType, sh...)
		a.NewWin = convWords(win)
	}
	if err := RunShift(k.fn, c.Threads(), a); err != nil {
		return nil, err
	}
	if slot != nil {
		*slot = win
	}
	return []*runtime.Tensor{y}, nil
}

// convWords is the address of a tensor's data (nil when empty).
func convWords(t *runtime.Tensor) unsafe.Pointer {
	if t.DType == runtime.I32 {
		if len(t.I) == 0 {
			return nil
		}
		return unsafe.Pointer(&t.I[0])
	}
	return selPtr(t.F)
}

// convNumel is the element count of a shape.
func convNumel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}
