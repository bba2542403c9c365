package ptx

import (
	"math"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The quasiseparable mixer's plan and launch (kernels_qs.go): the scan
// form; the quadratic form runs on the interpreter.

func init() {
	kernelTable["quasiseparable"] = kernelEntry{modes: []string{ir.ModeScan}, plan: planQS}
}

func planQS(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !allF32(op.Args...) {
		return nil, "the quasiseparable kernel takes f32"
	}
	n, masked := 1, false
	for _, a := range op.Args[1:7] {
		v, ok := a.Type.Shape[len(a.Type.Shape)-1].Value()
		if !ok {
			masked = true
		}
		n = max(n, v)
	}
	if masked {
		n = ssmMaxN
	}
	if n > ssmMaxN {
		return nil, "the quasiseparable kernel keeps at most 64 states in registers"
	}
	name := keyf("qs", n, masked)
	kinds := make([]BufKind, len(op.Args))
	for i := range kinds {
		kinds[i] = weightKind(op, i, fixed)
	}
	return &opKernel{
		defs: []kernelDef{{qsSpec(name), func(t Target, m *Module) error { return EmitQS(t, m, name, n, masked) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			if c.Mode() != ir.ModeScan {
				return fallback(c, r)
			}
			x := c.Args[0]
			xl := x.Shape
			B, L, C, ns := ssmDims(x, c.Args[1:7])
			for _, a := range c.Args[1:7] {
				if len(a.F) > math.MaxInt32 {
					return fallback(c, r) // channel offsets are int32
				}
			}
			if ns > n || len(c.Args[7].F) > math.MaxInt32 || qsOperands*C > math.MaxInt32 {
				return fallback(c, r)
			}
			y := c.Output(runtime.F32, xl...)
			if B == 0 || L == 0 || C == 0 {
				return one(y), nil
			}
			g, err := Grid2D(CeilDiv(C, selBlock), B)
			if err != nil {
				return fallback(c, r)
			}
			ints := make([]int64, 3+3*qsOperands)
			ints[0], ints[1], ints[2] = int64(L), int64(C), int64(ns)
			offs := make([]int32, qsOperands*C)
			var bufs [qsPtrs]Buf
			for o := 0; o < qsOperands; o++ {
				a := c.Args[1+o]
				s := a.Shape
				if o == qsOperands-1 { // d: broadcast to x, with a unit state axis
					s = make([]int, 0, len(xl)+1)
					for range len(xl) - len(a.Shape) {
						s = append(s, 1)
					}
					s = append(append(s, a.Shape...), 1)
				}
				ints[3+3*o], ints[4+3*o], ints[5+3*o] = ssmOperand(s, xl, offs[o*C:(o+1)*C])
				bufs[qsOp0+o] = Buf{a.F, kinds[1+o]}
			}
			bufs[qsX] = Buf{x.F, kinds[0]}
			bufs[qsOff] = tableBuf(offs)
			bufs[qsY] = Buf{y.F, Out}
			l := &Launch{Grid: g, Ints: ints, Bufs: bufs[:], Work: 2 * B * C * L * ns}
			return one(y), r.launch(name, l, c.Threads())
		},
	}, ""
}
