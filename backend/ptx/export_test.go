package ptx

import (
	"context"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// SimulatedGPU is the ptx backend over a simulated CUDA driver
// (fakedriver_test.go), for the external tests.
var SimulatedGPU backend.Backend = fakeGPU{}

// PrepareSimulated prepares m on the ptx backend over a fresh simulated
// driver and returns its counter of host↔device copies (calls and bytes)
// but weight uploads.
func PrepareSimulated(ctx context.Context, m *ir.Module, weights map[string]*runtime.Tensor, o backend.Options) (backend.Executable, func() (copies, bytes int), error) {
	exec, sim, gr, err := prepareOverSim(ctx, m, weights, o)
	if err != nil {
		return nil, nil, err
	}
	return exec, func() (int, int) {
		if gr == nil {
			return sim.copies, sim.bytes
		}
		gr.mu.Lock()
		defer gr.mu.Unlock()
		return sim.copies - gr.uploads, sim.bytes - gr.uploadBytes
	}, nil
}

// prepareOverSim prepares m over a fresh simulated driver, whose launches
// run the emulated kernels, returning the driver and the runner too.
func prepareOverSim(ctx context.Context, m *ir.Module, weights map[string]*runtime.Tensor, o backend.Options) (backend.Executable, *simDevice, *gpuRunner, error) {
	var sim *simDevice
	var gr *gpuRunner
	exec, err := prepareWith(ctx, m, weights, "test", o, "ptx-simulated",
		func(ctx context.Context, ks map[*ir.Op]*opKernel) (runner, error) {
			emu, err := (ptxBackend{emu: true}).load(ctx, ks)
			if err != nil {
				return nil, err
			}
			dv, f := newFakeDevice(emu.(*emuRunner))
			sim = f
			defs := uniqueDefs(ks)
			ptxs, err := modelPTX(ctx, defs)
			if err != nil {
				return nil, err
			}
			specs := map[string]Spec{}
			for _, d := range defs {
				specs[d.spec.Name] = d.spec
			}
			gr, err = newGPURunner(dv, ptxs, specs)
			return gr, err
		})
	if err == nil && sim == nil { // no kernels: nothing ran on the device
		sim = &simDevice{}
	}
	return exec, sim, gr, err
}

// ArenaStats describe the runs' arenas of a model over the simulated
// driver: device allocations so far, bytes of arenas allocated, free
// arenas, and for each layout its size and the peak of the bytes it
// places that are alive at once.
type ArenaStats struct {
	Allocs     int
	ArenaBytes int64
	Free       int
	Layouts    [][2]int64 // size, peak
}

// PrepareSimulatedArena is PrepareSimulated returning the arena stats.
func PrepareSimulatedArena(ctx context.Context, m *ir.Module, weights map[string]*runtime.Tensor) (backend.Executable, func() ArenaStats, error) {
	exec, sim, gr, err := prepareOverSim(ctx, m, weights, backend.Options{})
	if err != nil {
		return nil, nil, err
	}
	return exec, func() ArenaStats {
		gr.mu.Lock()
		defer gr.mu.Unlock()
		s := ArenaStats{Allocs: sim.allocs, ArenaBytes: gr.arenaBytes, Free: len(gr.arenas)}
		for plan, a := range gr.layouts {
			var peak int64
			for i := 0; ; i++ {
				var live int64
				later := false
				for v := range a.Offset {
					sp := plan.Span[v]
					later = later || sp[1] >= i
					if sp[0] <= i && i <= sp[1] {
						live += plan.Bytes[v] + plan.Inputs[v]
					}
				}
				peak = max(peak, live)
				if !later {
					break
				}
			}
			s.Layouts = append(s.Layouts, [2]int64{a.Size, peak})
		}
		return s
	}, nil
}
