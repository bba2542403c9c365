package interp_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
)

// TestPeakMemoryIsPlanned: the activation memory the interpreter actually
// holds at its peak equals what ir.PlanMemory (and so seqc ir --explain)
// reports, and runs that reuse pooled buffers give the same bits.
func TestPeakMemoryIsPlanned(t *testing.T) {
	ctx := context.Background()
	for name, tm := range streamModels {
		t.Run(name, func(t *testing.T) {
			md := build(t, tm, interp.Options{})
			f := md.M.Func("forward")
			in := randomInputs(t, f, 2, 13, rand.New(rand.NewPCG(9, 9)))
			first, stats, err := md.RunStats(ctx, "forward", in)
			if err != nil {
				t.Fatal(err)
			}
			env, _ := interp.BindInputs(f, in)
			plan, err := ir.PlanMemory(f, env)
			if err != nil {
				t.Fatal(err)
			}
			if stats.PeakBytes != plan.Peak || plan.Peak == 0 {
				t.Errorf("interpreter peak %d bytes, plan %d", stats.PeakBytes, plan.Peak)
			}
			again, stats2, err := md.RunStats(ctx, "forward", in)
			if err != nil {
				t.Fatal(err)
			}
			if stats2.PeakBytes != stats.PeakBytes {
				t.Errorf("second run peak %d, first %d", stats2.PeakBytes, stats.PeakBytes)
			}
			for i := range first {
				if !equalBits(first[i], again[i]) {
					t.Errorf("output %d differs when buffers are reused", i)
				}
			}
		})
	}
}
