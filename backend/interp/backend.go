package interp

import (
	"context"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

func init() { backend.Register(goBackend{}) }

// goBackend is the interpreter as a backend: always available, every op.
type goBackend struct{}

func (goBackend) Name() string     { return backend.Interp }
func (goBackend) Available() error { return nil }

// Caps lists every op of the op table with every algorithm it has.
func (goBackend) Caps() backend.Caps {
	c := backend.Caps{Ops: map[string][]string{}, Missing: map[string]string{}, DTypes: []ir.DType{ir.F32, ir.I32, ir.C64}}
	for _, info := range ir.Ops() {
		if impls[info.Name] == nil && info.Name != "param" && info.Name != "const" {
			c.Missing[info.Name] = "no interpreter implementation"
			continue
		}
		c.Ops[info.Name] = ir.KindModes(info.Name)
	}
	return c
}

// Costs are the interpreter's costs on the reference machine.
func (goBackend) Costs() ir.CostModel { return ir.DefaultCosts }

func (goBackend) Prepare(_ context.Context, m *ir.Module, weights map[string]*runtime.Tensor, source string, o backend.Options) (backend.Executable, error) {
	return New(m, weights, source, o)
}

var _ backend.Executable = (*Model)(nil)
