package ptx

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The associative scan (assoc_scan: Aaren's (max, numerator, denominator)
// prefix, any combine ⊕ the scan-region planner covers) as the scan-region
// kernel (scanregion.go) in the interpreter's sequential form: acc_0 = e_0
// (or prev ⊕ e_0 in a stream), acc_t = acc_{t−1} ⊕ e_t, out[t] = acc_t.
// The accumulator's components are the program's carries, the element's
// its per-step inputs; one block per batch row, the time loop inside, each
// body op a phase over its elements in shared memory: per element the
// interpreter's operations in its order (float32; the exp is the scalar
// math's polynomial, within an ulp of the interpreter's).
//
// Chunked mode (ir.ModeChunked) runs the same sequential kernel: the
// interpreter's chunked form is the same math by reassociation of ⊕ (exact
// for an exactly associative combine, within the harness's tolerance
// otherwise), and on a GPU the batch rows and the elements of a row are the
// parallelism either way; a chunked kernel (local prefixes, chunk totals,
// carry-in) is left until the sequential one is measured on long L.
//
// In a stream the prefix so far is the op's state, one slot per component
// ([B, row], the interpreter's rowsAt(out, L−1)): the kernel reads the
// previous prefix as StateIn and writes the next as StateOut, so a Step
// copies no state between host and device. A stream's first chunk has no
// previous prefix.

func init() {
	kernelTable["assoc_scan"] = kernelEntry{modes: []string{ir.ModeScan, ir.ModeChunked}, plan: planAssocScan}
}

// planAssocRegion translates an assoc_scan's combine: the body's first n
// arguments (the left operand) are the carries, the next n (the right
// operand, the element) the per-step inputs.
func planAssocRegion(op *ir.Op, fixed map[*ir.Op]bool) (*srProgram, string) {
	n := len(op.Args)
	r := op.Region
	if r == nil || n < 1 || len(r.Args) != 2*n || len(r.Yields) != n {
		return nil, "a malformed assoc_scan"
	}
	for _, a := range op.Args {
		if a.Type.DType != ir.F32 {
			return nil, "an assoc_scan of " + a.Type.DType.String() + " components (the kernel takes f32)"
		}
	}
	return planRegion("assoc_scan", r, n, true, fixed)
}

func planAssocScan(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	p, why := planAssocRegion(op, fixed)
	if p == nil {
		return nil, why
	}
	sum := sha256.Sum256([]byte(p.key()))
	name := keyf("ascan", hex.EncodeToString(sum[:8]))
	n := p.nc
	kinds := make([]BufKind, n)
	for i := range kinds {
		kinds[i] = weightKind(op, i, fixed)
	}
	return &opKernel{
		defs: []kernelDef{{srSpec(name, p), func(t Target, m *Module) error { return EmitScanRegion(t, m, name, p) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			xs := c.Args
			B, L := xs[0].Shape[0], xs[0].Shape[1]
			for i, x := range xs {
				if !srFits(x, B, L, p.xs[i]) {
					return fallback(c, r) // the interpreter reports it
				}
			}
			outs := make([]*runtime.Tensor, n)
			for i, x := range xs {
				outs[i] = c.Output(runtime.F32, x.Shape...)
			}
			if B == 0 || L == 0 {
				return outs, nil // as the interpreter: the stream's state stays
			}
			slot := c.Slot(0)
			stream := slot != nil
			var prev []*runtime.Tensor
			if stream && *slot != nil {
				prev = make([]*runtime.Tensor, n)
				for i := range prev {
					prev[i] = *c.Slot(i)
					if prev[i] == nil || stateFloats(prev[i]) != B*p.carries[i].width { // a state on the device has no host data
						return fallback(c, r)
					}
				}
			}
			var bufs []Buf
			var states StateRefs
			for i, x := range xs {
				bufs = append(bufs, Buf{x.F, kinds[i]})
			}
			for i := 0; i < n; i++ {
				if prev != nil {
					bufs = append(bufs, states.In(len(bufs), prev[i]))
				} else {
					bufs = append(bufs, Buf{nil, In})
				}
			}
			for _, v := range p.weights {
				w, err := c.Value(v)
				if err != nil {
					return nil, fmt.Errorf("assoc_scan kernel: %w", err)
				}
				bufs = append(bufs, Buf{w.F, Weight})
			}
			// The next prefix: the stream's state only (outside a stream it
			// is the last output, and the kernel writes nothing there).
			next := make([]*runtime.Tensor, n)
			for i := 0; i < n; i++ {
				if stream {
					next[i] = newState(r, srRow(B, p.carries[i])...)
					bufs = append(bufs, states.Out(len(bufs), next[i]))
				} else {
					bufs = append(bufs, Buf{nil, In})
				}
			}
			for _, o := range outs {
				bufs = append(bufs, Buf{o.F, Out})
			}
			g, err := Grid1D(B)
			if err != nil {
				return fallback(c, r)
			}
			l := &Launch{Grid: g, Ints: []int64{int64(L), b2i(prev != nil), b2i(stream)}, Bufs: bufs, Work: B * L * p.shared * 8, States: states}
			if err := r.launch(name, l, c.Threads()); err != nil {
				return nil, err
			}
			if stream {
				for i := range next {
					*c.Slot(i) = next[i]
				}
			}
			return outs, nil
		},
	}, ""
}

// b2i is 1 for true, 0 for false: a kernel's flag argument.
func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
