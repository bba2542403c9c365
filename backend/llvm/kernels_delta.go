package llvm

import (
	"math"

	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

func init() {
	kernelTable["delta_rule"] = kernelEntry{modes: []string{ir.ModeScan, ir.ModeChunked}, plan: planDelta}
}

// deltaOpKernel runs `delta_rule` (EmitDelta): the recurrence for
// ModeScan, the WY form for ModeChunked. In a stream the state is the op's
// slot 0, [B, H, K, V], as in the interpreter. An op whose head count or
// sizes are symbolic gets a Dynamic kernel, which has the recurrence only
// (its chunked calls run on the interpreter).
type deltaOpKernel struct {
	spec DeltaSpec
	k    DeltaKernel
}

func planDelta(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	for _, a := range op.Args {
		if a.Type.DType != ir.F32 {
			return nil, "the delta-rule kernel takes f32"
		}
	}
	q, v := op.Args[0].Type, op.Args[2].Type
	if len(q.Shape) != 4 || len(v.Shape) != 4 {
		return nil, "the delta-rule kernel takes [B, T, heads, head_dim]"
	}
	h, ok1 := q.Shape[2].Value()
	kd, ok2 := q.Shape[3].Value()
	vd, ok3 := v.Shape[3].Value()
	s := DeltaSpec{H: h, K: kd, V: vd, N: op.Attrs.Int("n"), Gated: op.Attrs.Bool("gated"), Scale: float32(op.Attrs.Float("scale"))}
	if !ok1 || !ok2 || !ok3 {
		s.H, s.K, s.V, s.Dynamic = 0, 0, 0, true
	}
	if err := s.validate(); err != nil {
		return nil, err.Error()
	}
	return &deltaOpKernel{spec: s}, ""
}

func (k *deltaOpKernel) key() string {
	s := k.spec
	if s.Dynamic {
		return keyf("delta_dyn", s.N, s.Gated, math.Float32bits(s.Scale))
	}
	return keyf("delta", s.H, s.K, s.V, s.N, s.Gated, math.Float32bits(s.Scale))
}

func (k *deltaOpKernel) emit(m *llvmir.Module, variant string) error {
	return EmitDelta(m, k.key()+VariantSuffix(variant), k.spec, variant)
}

func (k *deltaOpKernel) bind(fn native.Fn, variant string) error {
	k.k = DeltaKernel{Fn: fn, Spec: k.spec, Variant: variant}
	return nil
}

func (k *deltaOpKernel) run(c *interp.KernelCall) ([]*runtime.Tensor, error) {
	s := k.spec
	mode := c.Mode()
	q := c.Args[0]
	if (mode != ir.ModeScan && mode != ir.ModeChunked) || q.Shape[0] < 1 || (s.Dynamic && mode != ir.ModeScan) {
		return c.Fallback() // the interpreter rejects an empty batch: let it say so
	}
	a := &DeltaArgs{B: q.Shape[0], T: q.Shape[1], Q: q.F, K: c.Args[1].F, V: c.Args[2].F, Beta: c.Args[3].F}
	if s.Dynamic {
		s.H, s.K, s.V = q.Shape[2], q.Shape[3], c.Args[2].Shape[3]
		a.Heads, a.KDim, a.VDim = s.H, s.K, s.V
		if s.validateSizes(s.H, s.K, s.V) != nil {
			return c.Fallback()
		}
	}
	i := 4
	if s.Gated {
		a.G = c.Args[i].F
		i++
		for _, g := range a.G {
			if !(g <= 0) { // also NaN: the interpreter's error for a gate that is not a decay
				return c.Fallback()
			}
		}
	}
	if i < len(c.Args) {
		a.H0 = c.Args[i].F
	}
	slot := c.Slot(0)
	if slot != nil && *slot != nil {
		a.H0 = (*slot).F
	}
	if mode == ir.ModeChunked {
		a.Chunk = max(c.Chunk(), 1)
	}
	final := c.Op.Attrs.Bool("final_state")
	ws := takeDeltaWorkspace()
	defer giveDeltaWorkspace(ws)
	var hT *runtime.Tensor
	switch {
	case final:
		hT = c.Alloc(runtime.F32, a.B, s.H, s.K, s.V)
	case slot != nil:
		hT = runtime.New(runtime.F32, a.B, s.H, s.K, s.V)
	default: // nobody reads it: the workspace's buffer
		n := a.B * s.H * s.K * s.V
		ws.ht = attnGrow(ws.ht, n)
		a.HT = ws.ht[:n]
	}
	if hT != nil {
		a.HT = hT.F
	}
	out := c.Alloc(runtime.F32, a.B, a.T, s.H, s.V)
	a.Out = out.F
	if err := k.k.Run(ws, c.Threads(), a); err != nil {
		return nil, err
	}
	return interp.KeepState(slot, out, hT, final), nil
}
