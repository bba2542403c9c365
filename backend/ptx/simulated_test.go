package ptx_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/seqc-dev/seqc/backend/backendtest"
	"github.com/seqc-dev/seqc/backend/ptx"
)

// TestSimulatedGPUConformance runs the conformance harness — every op, in
// every algorithm, whole and streamed — on the GPU code path (runner,
// copies, weight cache, scratch pool, parameter packing, module and
// function lookup) over a simulated driver whose launches run the
// emulated kernels: the GPU path minus purego and real hardware.
func TestSimulatedGPUConformance(t *testing.T) {
	b := ptx.SimulatedGPU
	if err := b.Available(); err != nil {
		t.Skip(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range backendtest.Cases(rng) {
		fails, err := backendtest.Check(context.Background(), b, c, []int{1, 2}, []int{0, 1, 5, 17}, rng)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fails {
			t.Error(f)
		}
	}
}
