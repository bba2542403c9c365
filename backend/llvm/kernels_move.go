package llvm

import (
	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The data-movement ops (transpose, split, concat, slice, index, flip,
// broadcast_to) on f32 and i32 tensors: each is one or more strided copies
// (move_run.go) run by the move kernel of their rank (move_emit.go).

func init() {
	for _, kind := range []string{"transpose", "split", "concat", "slice", "index", "flip", "broadcast_to"} {
		kernelTable[kind] = kernelEntry{plan: planMove}
	}
}

// moveKernel runs one data-movement op on the move kernel of rank outer
// axes: one less than the op's largest rank, which bounds every copy's
// rank after merging (copies of fewer axes get leading size-1 axes).
type moveKernel struct {
	rank int
	fn   native.Fn
}

func planMove(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	for _, a := range op.Args {
		if dt := a.Type.DType; dt != ir.F32 && dt != ir.I32 {
			return nil, "the move kernel copies f32 and i32 tensors"
		}
	}
	rank := len(op.Args[0].Type.Shape)
	for _, r := range op.Results {
		rank = max(rank, len(r.Type.Shape))
	}
	if rank-1 > MoveMaxRank {
		return nil, "more axes than the move kernel walks"
	}
	return &moveKernel{rank: max(0, rank-1)}, ""
}

func (k *moveKernel) key() string { return keyf("move", k.rank) }

func (k *moveKernel) emit(m *llvmir.Module, variant string) error {
	return EmitMove(m, k.key()+VariantSuffix(variant), k.rank, variant)
}

func (k *moveKernel) bind(fn native.Fn, _ string) error {
	k.fn = fn
	return nil
}

func (k *moveKernel) run(c *interp.KernelCall) ([]*runtime.Tensor, error) {
	for _, a := range c.Args {
		if a.DType != runtime.F32 && a.DType != runtime.I32 {
			return c.Fallback()
		}
	}
	moves, outs, ok := planMoves(c)
	if !ok {
		return c.Fallback()
	}
	for _, mv := range moves {
		if !runMove(k.fn, k.rank, c.Threads(), mv) {
			return c.Fallback()
		}
	}
	return outs, nil
}
