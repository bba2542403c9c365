package interp

import (
	"context"
	"errors"
	"testing"

	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// TestPanicBecomesInternalError: a panic inside an op's implementation is
// reported as an InternalError naming the op, not a crash.
func TestPanicBecomesInternalError(t *testing.T) {
	m := &ir.Module{Name: "m"}
	x := m.NewValue(ir.Type{DType: ir.F32, Shape: ir.Shape{ir.Sym("B"), ir.Const(2)}})
	x.Name = "x"
	f := &ir.Func{Name: "forward", Inputs: []*ir.Value{x}}
	y, err := ir.NewBuilder(m, &f.Body).Build1("relu", []*ir.Value{x}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.Outputs, f.OutNames = []*ir.Value{y}, []string{"output"}
	m.Funcs = []*ir.Func{f}
	saved := impls["relu"]
	impls["relu"] = func(*frame, *ir.Op, []*runtime.Tensor) ([]*runtime.Tensor, error) { panic("boom") }
	defer func() { impls["relu"] = saved }()
	md, err := New(m, nil, "none", Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = md.Run(context.Background(), "forward", []*runtime.Tensor{runtime.New(runtime.F32, 1, 2)})
	var ie *InternalError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want an InternalError", err)
	}
}
