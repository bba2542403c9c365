package interp

import (
	ssmk "github.com/seqc-dev/seqc/backend/interp/kernels/ssm"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

func init() { impls["selective_scan"] = selectiveImpl }

func selectiveImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	u, bm := args[0], args[3]
	s := &ssmk.Selective{B: u.Shape[0], L: u.Shape[1], D: u.Shape[2], N: args[2].Shape[1], G: 1,
		U: u.F, Delta: args[1].F, A: args[2].F, Bm: bm.F, Cm: args[4].F, Threads: fr.md.opts.Threads}
	if len(bm.Shape) == 4 {
		s.G = bm.Shape[2]
	}
	i := 5
	if op.Attrs.Bool("skip") {
		s.Dskip = args[i].F
		i++
	}
	if op.Attrs.Bool("gate") {
		s.Z = args[i].F
	}
	y := fr.alloc(runtime.F32, u.Shape...)
	s.Y = y.F
	slot := fr.slot(op, 0)
	if slot != nil {
		if *slot != nil {
			s.H0 = (*slot).F
		}
		h := runtime.New(runtime.F32, s.B, s.D, s.N)
		s.HT = h.F
		defer func() { *slot = h }()
	}
	if s.B == 0 || s.D == 0 {
		return one(y)
	}
	if s.L == 0 {
		if slot != nil && s.H0 != nil {
			copy(s.HT, s.H0)
		}
		return one(y)
	}
	if err := ssmk.SelectiveScan(s); err != nil {
		return nil, err
	}
	return one(y)
}
