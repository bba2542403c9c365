package ptx

import (
	"math"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The delta rule's plan and launch (kernels_delta.go): the recurrent form,
// for both modes. The chunked (WY) form computes the same state and
// outputs by another association; the GPU runs the recurrence in either
// mode — in parallel over batch × head × value column, which fills a GPU
// where the CPU needs the chunked form's matrix products — so a chunked
// model stays on the device (the two agree to rounding, as the
// interpreter's two forms do).

func init() {
	kernelTable["delta_rule"] = kernelEntry{modes: []string{ir.ModeScan, ir.ModeChunked}, plan: planDelta}
}

func planDelta(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !allF32(op.Args...) {
		return nil, "the delta-rule kernel takes f32"
	}
	// A key size known here gets a kernel of its own; one known only at
	// run time the masked kernel for sizes up to DeltaMaxK.
	kd, exact := op.Args[0].Type.Shape[3].Value()
	if !exact {
		kd = DeltaMaxK
	} else if kd < 1 || kd > DeltaMaxK {
		return nil, "the delta-rule kernel takes a key size of 1 to 64"
	}
	scale := op.Attrs.Float("scale")
	if math.IsNaN(scale) || math.IsInf(scale, 0) {
		return nil, "a non-finite scale (the interpreter reports it)"
	}
	sc := float32(scale)
	gated, final := op.Attrs.Bool("gated"), op.Attrs.Bool("final_state")
	name := keyf("delta", kd, !exact, math.Float32bits(sc))
	kinds := make([]BufKind, len(op.Args))
	for i := range kinds {
		kinds[i] = weightKind(op, i, fixed)
	}
	return &opKernel{
		defs: []kernelDef{{deltaSpec(name), func(t Target, m *Module) error { return EmitDelta(t, m, name, kd, !exact, sc) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			if m := c.Mode(); m != ir.ModeScan && m != ir.ModeChunked {
				return fallback(c, r)
			}
			q, v := c.Args[0], c.Args[2]
			B, T, H, K, V := q.Shape[0], q.Shape[1], q.Shape[2], q.Shape[3], v.Shape[3]
			if K < 1 || K > kd {
				return fallback(c, r) // past the kernel's registers
			}
			n := op.Attrs.Int("n")
			var bufs [dlPtrs]Buf
			for i := range bufs {
				bufs[i].Kind = In
			}
			for i, idx := range []int{dlQ, dlK, dlV, dlBeta} {
				bufs[idx] = Buf{c.Args[i].F, kinds[i]}
			}
			var hasG, has0, hasT int64
			i := 4
			if gated {
				g := c.Args[i].F
				for _, x := range g {
					if !(x <= 0) { // a gate the interpreter refuses: let it say so
						return fallback(c, r)
					}
				}
				bufs[dlG], hasG = Buf{g, kinds[i]}, 1
				i++
			}
			if i < len(c.Args) {
				bufs[dlH0], has0 = Buf{c.Args[i].F, kinds[i]}, 1
			}
			slot := c.Slot(0)
			var states StateRefs
			if slot != nil && *slot != nil { // a stream continues from its state
				bufs[dlH0], has0 = states.In(dlH0, *slot), 1
			}
			out := c.Output(runtime.F32, B, T, H, V)
			bufs[dlOut] = Buf{out.F, Out}
			var ht, next *runtime.Tensor // the final state as a result; the stream's
			switch {
			case final && slot != nil: // both: the stream's is a copy (on the device on a GPU)
				ht, next = c.Output(runtime.F32, B, H, K, V), newState(r, B, H, K, V)
				states.set(dlHT, next, OutState)
				bufs[dlHT], hasT = Buf{ht.F, OutState}, 1
			case final:
				ht = c.Output(runtime.F32, B, H, K, V)
				bufs[dlHT], hasT = Buf{ht.F, Out}, 1
			case slot != nil: // the stream's state only: it may stay on the device
				next = newState(r, B, H, K, V)
				bufs[dlHT], hasT = states.Out(dlHT, next), 1
			}
			if B*H > 0 && V > 0 {
				grid, err := Grid2D(CeilDiv(V, deltaBlock), B*H)
				if err != nil {
					return fallback(c, r)
				}
				l := &Launch{Grid: grid, Ints: []int64{int64(T), int64(H), int64(V), int64(n), hasG, has0, hasT, int64(K)}, Bufs: bufs[:], Work: B * H * V * max(T*n, 1) * K, States: states}
				if err := r.launch(name, l, c.Threads()); err != nil {
					return nil, err
				}
			}
			if slot != nil {
				if B*H == 0 || V == 0 { // no launch: the (empty) state as it is
					next = runtime.New(runtime.F32, B, H, K, V)
				}
				*slot = next
			}
			res := one(out)
			if final {
				res = append(res, ht)
			}
			return res, nil
		},
	}, ""
}
