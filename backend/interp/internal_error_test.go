package interp

import (
	"context"
	"errors"
	"strings"
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

// TestWorkerPanicBecomesInternalError: a panic on a worker goroutine of
// runtime.ParallelFor (an op's kernel indexing past a buffer) reaches the
// per-op recover as an InternalError naming the op (issue 12, item 1),
// instead of ending the process.
func TestWorkerPanicBecomesInternalError(t *testing.T) {
	m := &ir.Module{Name: "m"}
	x := m.NewValue(ir.Type{DType: ir.F32, Shape: ir.Shape{ir.Sym("B"), ir.Const(2)}})
	x.Name = "x"
	f := &ir.Func{Name: "forward", Inputs: []*ir.Value{x}}
	y, err := ir.NewBuilder(m, &f.Body).At(ir.Pos{File: "m.seq", Line: 3, Col: 9}).Build1("relu", []*ir.Value{x}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.Outputs, f.OutNames = []*ir.Value{y}, []string{"output"}
	m.Funcs = []*ir.Func{f}
	saved := impls["relu"]
	impls["relu"] = func(_ *frame, _ *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
		runtime.ParallelFor(8, 4, func(lo, hi int) {
			if hi == 8 {
				_ = args[0].F[len(args[0].F)+lo] // past the end, on a worker
			}
		})
		return nil, nil
	}
	defer func() { impls["relu"] = saved }()
	md, err := New(m, nil, "none", Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = md.Run(context.Background(), "forward", []*runtime.Tensor{runtime.New(runtime.F32, 1, 2)})
	var ie *InternalError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "m.seq:3:9: relu: panic in a worker goroutine: runtime error: index out of range") {
		t.Fatalf("got %v, want an InternalError at m.seq:3:9 naming the worker's panic", err)
	}
}
