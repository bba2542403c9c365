package passes

import (
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/ir"
)

// TestPolicyFollowsCosts: making the FFT free moves a time-invariant SSM to
// conv at every length; making it dear keeps the scan.
func TestPolicyFollowsCosts(t *testing.T) {
	m := &ir.Module{Name: "m", Params: []*ir.Param{{Name: "a", Type: ir.Type{DType: ir.F32, Shape: ir.ConstShape(1, 1, 8, 16)}}}}
	x := m.NewValue(ir.Type{DType: ir.F32, Shape: ir.Shape{ir.Sym("B"), ir.Sym("L"), ir.Const(8)}})
	x.Name = "x"
	f := &ir.Func{Name: "forward", Inputs: []*ir.Value{x}}
	b := ir.NewBuilder(m, &f.Body)
	a, _ := b.Build1("param", nil, ir.Attrs{"name": "a"})
	y, err := b.Build1("ssm", []*ir.Value{x, a, a, a}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.Outputs, f.OutNames = []*ir.Value{y}, []string{"output"}
	m.Funcs = []*ir.Func{f}
	costs := ir.DefaultCosts
	costs.FFT, costs.KernelGen = 0, 0
	SelectModes(m, Options{Costs: &costs})
	if got := y.Def.Attrs.String("policy"); got != "conv@1" {
		t.Errorf("free FFT: policy %q, want conv@1", got)
	}
	costs.FFT = 1e6
	SelectModes(m, Options{Costs: &costs})
	if got := y.Def.Attrs.String("policy"); strings.Contains(got, "conv") {
		t.Errorf("dear FFT: policy %q still uses conv", got)
	}
	if mode, _ := ir.Policy("scan@1,conv@256", 300); mode != "conv" {
		t.Errorf("Policy at 300 = %s", mode)
	}
	if mode, _ := ir.Policy("scan@1,conv@256", 255); mode != "scan" {
		t.Errorf("Policy at 255 = %s", mode)
	}
}
