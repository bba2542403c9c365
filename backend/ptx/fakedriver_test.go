package ptx

import (
	"context"
	"fmt"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// newFakeDevice is a simulated device (simdriver.go) that launches emu's
// kernels.
func newFakeDevice(emu *emuRunner) (*Device, *simDevice) {
	dv, f := newSimDevice()
	f.add(emu)
	return dv, f
}

// fakeGPU is the ptx backend over the simulated driver.
type fakeGPU struct{ ptxBackend }

func (fakeGPU) Name() string     { return "ptx-simulated" }
func (fakeGPU) Available() error { return (ptxBackend{emu: true}).Available() }

func (b fakeGPU) Prepare(ctx context.Context, m *ir.Module, weights map[string]*runtime.Tensor, source string, o backend.Options) (backend.Executable, error) {
	return prepareWith(ctx, m, weights, source, o, b.Name(), func(ctx context.Context, ks map[*ir.Op]*opKernel) (runner, error) {
		defs := uniqueDefs(ks)
		emu, err := (ptxBackend{emu: true}).load(ctx, ks)
		if err != nil {
			return nil, err
		}
		dv, _ := newFakeDevice(emu.(*emuRunner))
		ptxs, err := compileDefs(ctx, defs) // the real PTX, which the fake driver checks
		if err != nil {
			return nil, err
		}
		specs := map[string]Spec{}
		for _, d := range defs {
			specs[d.spec.Name] = d.spec
		}
		r, err := newGPURunner(dv, ptxs, specs)
		if err != nil {
			return nil, fmt.Errorf("simulated driver: %w", err)
		}
		return r, nil
	})
}

// TestGPURunnerReuse: over the simulated driver, a weight is uploaded once
// and activation buffers come from the pool, so a second identical launch
// allocates nothing; outputs come back to the host.
func TestGPURunnerReuse(t *testing.T) {
	needEmu(t)
	name := "seqc_ptx_test_reuse"
	def := kernelDef{binarySpec(name), func(tg Target, m *Module) error { return EmitBinary(tg, m, name, "add") }}
	emu := loadEmuOrder(t, Emu, []kernelDef{def})
	dv, f := newFakeDevice(emu)
	ptxs, err := compileDefs(context.Background(), []kernelDef{def})
	if err != nil {
		t.Fatal(err)
	}
	r, err := newGPURunner(dv, ptxs, map[string]Spec{name: def.spec})
	if err != nil {
		t.Fatal(err)
	}
	a, w, out := []float32{1, 2, 3}, []float32{10, 20, 30}, make([]float32, 3)
	ints := [binInts]int64{3, 3, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0}
	l := &Launch{Grid: Grid{1, 1}, Ints: ints[:], Bufs: []Buf{{a, In}, {w, Weight}, {out, Out}}}
	if err := r.launch(name, l, 1); err != nil {
		t.Fatal(err)
	}
	first := f.allocs
	a[0] = 5
	if err := r.launch(name, l, 1); err != nil {
		t.Fatal(err)
	}
	if f.allocs != first {
		t.Errorf("the second launch allocated %d more device buffers", f.allocs-first)
	}
	if out[0] != 15 || out[1] != 22 || out[2] != 33 {
		t.Errorf("out = %v, want [15 22 33]", out)
	}
	if first != 3 { // the weight, a's and out's scratch
		t.Errorf("%d allocations for one launch, want 3", first)
	}
}
