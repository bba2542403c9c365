package interp

import (
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

func init() { impls["scan"] = scanImpl }

// scanImpl runs the body once per position: carries thread through, each
// step's outputs are stacked along axis 1. In step mode the carries continue
// from the state.
func scanImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	r := op.Region
	nc := op.Attrs.Int("carries")
	carries := append([]*runtime.Tensor{}, args[:nc]...)
	slot := fr.slot(op, 0)
	if slot != nil && *slot != nil {
		for i := range carries {
			carries[i] = fr.slotAt(op, i)
		}
	}
	xs := args[nc:]
	l := xs[0].Shape[1]
	nOut := len(r.Yields) - nc
	outs := make([]*runtime.Tensor, nOut)
	for i := range outs {
		outs[i] = fr.alloc(runtime.DType(r.Yields[nc+i].Type.DType), fr.shapeOf(op.Results[nc+i])...)
	}
	for t := 0; t < l; t++ {
		for i, c := range carries {
			fr.setVal(r.Args[i], c)
		}
		for i, x := range xs {
			s := copyRange(nil, x, 1, t, t+1)
			s.Shape = append(append([]int{}, x.Shape[:1]...), x.Shape[2:]...)
			fr.setVal(r.Args[nc+i], s)
		}
		if err := fr.body(r.Body); err != nil {
			return nil, err
		}
		for i := range carries {
			carries[i] = fr.val(r.Yields[i])
		}
		for i, o := range outs {
			y := fr.val(r.Yields[nc+i])
			// o is [B, L, ...]: write y [B, ...] at position t.
			inner := numel(y.Shape[1:]) * elemWidth(y)
			for b := 0; b < o.Shape[0]; b++ {
				copy(o.F[(b*l+t)*inner:(b*l+t+1)*inner], y.F[b*inner:(b+1)*inner])
			}
		}
	}
	if slot != nil {
		for i, c := range carries { // copies: a carry may live in a buffer the run reuses
			fr.setSlot(op, i, c.Clone())
		}
	}
	return append(carries, outs...), nil
}
