package llvm

import (
	"fmt"

	llvmir "github.com/llir/llvm/ir"
	llvalue "github.com/llir/llvm/ir/value"
)

// ScalarMath emits this backend's float32 math (the polynomial exp,
// sigmoid, silu, tanh, softplus, gelu, the float64 log, and the
// interpreter's NaN and signed-zero rules of relu, maximum and minimum) on
// scalars, into any module: the PTX backend (backend/ptx) emits the same
// arithmetic for nvptx64 and for its CPU emulation, so both compute
// bit-identical values and agree with this backend's kernels. sin and cos
// are the exception: this backend's kernels flag huge arguments for a
// float64 fallback on the host, which a GPU kernel cannot take, so
// ScalarMath reduces every float32 argument exactly instead
// (scalar_trig.go); the values agree with this backend's wherever both
// are correctly rounded. It declares only llvm.fmuladd, llvm.sqrt and
// llvm.fabs (on float and double), which llc lowers to instructions on
// both targets (no libm, no libdevice).
type ScalarMath struct {
	in *intrinsics
	g  *bld
	e  *elemEmit // the float64 helpers (log, sin, cos), on scalars
}

// NewScalarMath starts emitting scalar math into m; one per module, so
// that each intrinsic is declared once.
func NewScalarMath(m *llvmir.Module) *ScalarMath {
	in := &intrinsics{m: m, funcs: map[string]*llvmir.Func{}}
	return &ScalarMath{in: in, g: newBld(nil, in, 1), e: scalarElemEmit(in)}
}

// At sets the block the next operations are appended to.
func (s *ScalarMath) At(b *llvmir.Block) *ScalarMath {
	s.g.b = b
	return s
}

// HasUnary reports whether Unary emits op.
func HasUnary(op string) bool {
	_, ok := scalarUnary[op]
	return ok
}

// HasBinary reports whether Binary emits op.
func HasBinary(op string) bool {
	_, ok := scalarBinary[op]
	return ok
}

// scalarUnary are the unary ops Unary emits, all straight-line (no
// float64 fallback or flag): log through elemEmit's logd, sin and cos
// through the exact reduction of sincosExact.
var scalarUnary = map[string]bool{
	"neg": true, "exp": true, "sigmoid": true, "silu": true, "tanh": true, "softplus": true, "gelu": true,
	"gelu_tanh": true, "relu": true, "square": true, "sqrt": true, "rsqrt": true, "abs": true, "recip": true,
	"conj": true, "logsigmoid": true, "log": true, "sin": true, "cos": true,
}

var scalarBinary = map[string]bool{"add": true, "sub": true, "mul": true, "div": true, "maximum": true, "minimum": true}

// Unary emits op(x) on a float scalar.
func (s *ScalarMath) Unary(op string, x llvalue.Value) (llvalue.Value, error) {
	if !scalarUnary[op] {
		return nil, fmt.Errorf("llvm: no scalar form of %q", op)
	}
	switch op {
	case "sin", "cos":
		return s.e.sincosExact(s.g, x, op == "cos"), nil
	}
	// log's body is logd, this backend's bits; its huge flag is nil.
	y, _ := elemUnary[op].body(s.e, s.g, x)
	return y, nil
}

// Binary emits op(x, y) on float scalars.
func (s *ScalarMath) Binary(op string, x, y llvalue.Value) (llvalue.Value, error) {
	if !scalarBinary[op] {
		return nil, fmt.Errorf("llvm: no scalar form of %q", op)
	}
	return elemBinary[op].body(nil, s.g, x, y), nil
}

// Fma emits x*y+z through llvm.fmuladd (one fused instruction on both
// x86-64-v3 and nvptx64).
func (s *ScalarMath) Fma(x, y, z llvalue.Value) llvalue.Value { return s.g.fma(x, y, z) }

// Sqrt emits llvm.sqrt (correctly rounded on both targets).
func (s *ScalarMath) Sqrt(x llvalue.Value) llvalue.Value { return s.g.sqrt(x) }
