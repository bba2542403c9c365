package ptx_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/backendtest"
	"github.com/seqc-dev/seqc/backend/ptx"
)

// TestSSMConformance runs the conformance harness's ssm cases — every
// algorithm, whole and streamed at random chunk boundaries, lengths
// across several chunks — on ptx-emu and on ptx over the simulated
// driver: the scan and chunked SSD kernels, their stream state
// (StateIn/StateOut) and the interpreter fallbacks against the
// interpreter.
func TestSSMConformance(t *testing.T) {
	emu, err := backend.Lookup(ptx.EmuName)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []backend.Backend{emu, ptx.SimulatedGPU} {
		if err := b.Available(); err != nil {
			t.Skip(err)
		}
		t.Run(b.Name(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 8))
			for _, c := range backendtest.Cases(rng) {
				if c.Op != "ssm" {
					continue
				}
				fails, err := backendtest.Check(context.Background(), b, c, []int{1, 2}, []int{0, 1, 5, 17, 70}, rng)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range fails {
					t.Error(f)
				}
			}
		})
	}
}
