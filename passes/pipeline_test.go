package passes

import (
	"errors"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/ir"
)

func TestConstraintsChecked(t *testing.T) {
	table := []Pass{{Name: "a"}, {Name: "b"}}
	if err := CheckConstraints(table, []Constraint{{Before: "a", After: "b", Why: "x"}}); err != nil {
		t.Fatal(err)
	}
	if err := CheckConstraints(table, []Constraint{{Before: "b", After: "a", Why: "x"}}); err == nil {
		t.Error("violated constraint accepted")
	}
	if err := CheckConstraints(table, []Constraint{{Before: "a", After: "zz"}}); err == nil {
		t.Error("constraint naming an unknown pass accepted")
	}
	if err := CheckConstraints(append(table, Pass{Name: "a"}), nil); err == nil {
		t.Error("duplicate pass accepted")
	}
}

func TestPanicBecomesICE(t *testing.T) {
	err := runOne(Pass{Name: "boom", Fn: plain(func(*ir.Module) error { panic("index out of range") })}, &ir.Module{}, Options{})
	var ice *ICE
	if !errors.As(err, &ice) || !strings.Contains(err.Error(), "internal compiler error: index out of range (pass boom)") {
		t.Fatalf("got %v", err)
	}
}

func TestRunOptions(t *testing.T) {
	m := &ir.Module{Name: "m"}
	if err := Run(m, Options{StopAfter: "nope"}); err == nil {
		t.Error("unknown pass accepted")
	}
	if err := Run(m, Options{Disable: map[string]bool{"nope": true}}); err == nil {
		t.Error("unknown disabled pass accepted")
	}
	var timings []Timing
	var dumped []string
	if err := Run(m, Options{StopAfter: "cse", Verify: true, Timings: &timings, Dump: func(p string, _ *ir.Module) { dumped = append(dumped, p) }}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(dumped, ",") != "fold,cse" || len(timings) != 2 {
		t.Errorf("ran %v", dumped)
	}
}

// TestFoldCSEDCE builds a function with foldable, duplicate and dead ops and
// checks what is left.
func TestFoldCSEDCE(t *testing.T) {
	m := &ir.Module{Name: "m"}
	x := m.NewValue(ir.Type{DType: ir.F32, Shape: ir.Shape{ir.Sym("B"), ir.Const(4)}})
	x.Name = "x"
	f := &ir.Func{Name: "forward", Inputs: []*ir.Value{x}}
	b := ir.NewBuilder(m, &f.Body)
	one, _ := b.Build1("const", nil, ir.Attrs{"value": 1.0})
	two, _ := b.Build1("const", nil, ir.Attrs{"value": 2.0})
	half, _ := b.Build1("div", []*ir.Value{one, two}, nil)                                             // folds to 0.5
	y, _ := b.Build1("mul", []*ir.Value{x, one}, nil)                                                  // x * 1 = x
	e1, _ := b.Build1("exp", []*ir.Value{y}, nil)                                                      // exp(x)
	e2, _ := b.Build1("exp", []*ir.Value{x}, nil)                                                      // the same after folding
	s, _ := b.Build1("add", []*ir.Value{e1, e2}, nil)                                                  //
	z, _ := b.Build1("mul", []*ir.Value{s, half}, nil)                                                 //
	b.Build1("tanh", []*ir.Value{x}, nil)                                                              // dead
	r, _ := b.Build1("reshape", []*ir.Value{z}, ir.Attrs{"shape": ir.Shape{ir.Sym("B"), ir.Const(4)}}) // identity
	f.Outputs, f.OutNames = []*ir.Value{r}, []string{"output"}
	m.Funcs = []*ir.Func{f}
	if err := Run(m, Options{Verify: true}); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, op := range f.Body {
		kinds = append(kinds, op.Kind)
	}
	if got := strings.Join(kinds, " "); got != "const exp add mul" {
		t.Errorf("after passes: %s\n%s", got, m)
	}
}

// TestFuseConvConv: two causal depthwise convs become one with the composed
// kernel (the kernel ops are weight-only and computed once per model).
func TestFuseConvConv(t *testing.T) {
	m := &ir.Module{Name: "m", Params: []*ir.Param{
		{Name: "w1", Type: ir.Type{DType: ir.F32, Shape: ir.ConstShape(3, 2)}},
		{Name: "w2", Type: ir.Type{DType: ir.F32, Shape: ir.ConstShape(3, 4)}},
	}}
	x := m.NewValue(ir.Type{DType: ir.F32, Shape: ir.Shape{ir.Sym("B"), ir.Sym("L"), ir.Const(3)}})
	x.Name = "x"
	f := &ir.Func{Name: "forward", Inputs: []*ir.Value{x}}
	b := ir.NewBuilder(m, &f.Body)
	w1, _ := b.Build1("param", nil, ir.Attrs{"name": "w1"})
	w2, _ := b.Build1("param", nil, ir.Attrs{"name": "w2"})
	y1, _ := b.Build1("conv", []*ir.Value{x, w1}, ir.Attrs{"pad_left": 1, "pad_right": 0})
	y2, _ := b.Build1("conv", []*ir.Value{y1, w2}, ir.Attrs{"pad_left": 3, "pad_right": 0})
	f.Outputs, f.OutNames = []*ir.Value{y2}, []string{"output"}
	m.Funcs = []*ir.Func{f}
	if err := FuseConvConv(m); err != nil {
		t.Fatal(err)
	}
	if err := ir.Verify(m); err != nil {
		t.Fatal(err)
	}
	last := f.Body[len(f.Body)-1]
	if last.Kind != "conv" || last.Args[0] != x || last.Attrs.Int("pad_left") != 4 || last.Args[1].Type.Shape[1] != ir.Const(5) {
		t.Fatalf("not fused:\n%s", m)
	}
}
