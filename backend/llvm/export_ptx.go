package llvm

import (
	"fmt"

	llvmir "github.com/llir/llvm/ir"
	llvalue "github.com/llir/llvm/ir/value"
)

// ScalarMath emits this backend's float32 math (the polynomial exp,
// sigmoid, silu, tanh, softplus, gelu, and the interpreter's NaN and
// signed-zero rules of relu, maximum and minimum) on scalars, into any
// module: the PTX backend (backend/ptx) emits the same arithmetic for
// nvptx64 and for its CPU emulation, so both compute bit-identical values
// and agree with this backend's kernels. It declares only llvm.fmuladd,
// llvm.sqrt and llvm.fabs, which llc lowers to instructions on both
// targets (no libm, no libdevice).
type ScalarMath struct {
	in *intrinsics
	g  *bld
}

// NewScalarMath starts emitting scalar math into m; one per module, so
// that each intrinsic is declared once.
func NewScalarMath(m *llvmir.Module) *ScalarMath {
	in := &intrinsics{m: m, funcs: map[string]*llvmir.Func{}}
	return &ScalarMath{in: in, g: newBld(nil, in, 1)}
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

// scalarUnary are the unary ops with a straight-line body (no float64
// fallback or flag): the others (log, sin, cos) need elemEmit's helpers.
var scalarUnary = map[string]bool{
	"neg": true, "exp": true, "sigmoid": true, "silu": true, "tanh": true, "softplus": true, "gelu": true,
	"gelu_tanh": true, "relu": true, "square": true, "sqrt": true, "rsqrt": true, "abs": true, "recip": true,
	"conj": true, "logsigmoid": true,
}

var scalarBinary = map[string]bool{"add": true, "sub": true, "mul": true, "div": true, "maximum": true, "minimum": true}

// Unary emits op(x) on a float scalar.
func (s *ScalarMath) Unary(op string, x llvalue.Value) (llvalue.Value, error) {
	if !scalarUnary[op] {
		return nil, fmt.Errorf("llvm: no scalar form of %q", op)
	}
	y, _ := elemUnary[op].body(nil, s.g, x)
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
