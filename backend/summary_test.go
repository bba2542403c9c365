package backend

import (
	"testing"

	"github.com/seqc-dev/seqc/ir"
)

// TestSummary: the backend's ops come first, then the interpreter's, with
// the reasons grouped and each group's first positions.
func TestSummary(t *testing.T) {
	op := func(kind string, line int) *ir.Op {
		return &ir.Op{Kind: kind, Pos: ir.Pos{File: "m.seq", Line: line, Col: 1}}
	}
	var ps []Placement
	for i := range 3 {
		ps = append(ps, Placement{Func: "forward", Op: op("linear", i+1), Backend: "llvm"})
	}
	for i := range 5 {
		ps = append(ps, Placement{Func: "forward", Op: op("mul", 10+i), Backend: Interp, Why: "computed once from the weights"})
	}
	ps = append(ps, Placement{Func: "forward", Op: op("flip", 20), Backend: Interp, Why: "no LLVM kernel for flip"})
	want := "3 ops on llvm; 6 on go: 5 computed once from the weights (mul at m.seq:10:1, mul at m.seq:11:1, mul at m.seq:12:1, ...); 1 no LLVM kernel for flip (flip at m.seq:20:1)"
	if got := Summary(ps); got != want {
		t.Errorf("Summary =\n%s\nwant\n%s", got, want)
	}
	if got, want := Summary(ps[3:4]), "1 ops on go: 1 computed once from the weights (mul at m.seq:10:1)"; got != want {
		t.Errorf("Summary of the interpreter alone = %q, want %q", got, want)
	}
}
