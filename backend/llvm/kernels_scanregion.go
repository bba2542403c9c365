package llvm

import (
	"fmt"
	"sync"
	"sync/atomic"

	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

func init() {
	kernelTable["scan"] = kernelEntry{modes: []string{ir.ModeScan}, plan: planScanRegion}
}

// scanRegionKernel runs a whole `scan` op (an LSTM, a GRU, a user's cell)
// as one native function per program (scanregion_plan.go); the weights the
// body reads are packed into the kernel's pool on first use.
type scanRegionKernel struct {
	prog    *srProgram
	weights []*ir.Value // the pool's weights, by index
	seqs    []*ir.Value // the per-sequence captures, by index
	fn      native.Fn
	variant string
	once    sync.Once
	bound   *srBound
	err     error
}

func planScanRegion(op *ir.Op, fixed map[*ir.Op]bool) (opKernel, string) {
	prog, weights, seqs, why := planScanProgram(op, fixed)
	if prog == nil {
		return nil, why
	}
	return &scanRegionKernel{prog: prog, weights: weights, seqs: seqs}, ""
}

func (k *scanRegionKernel) key() string { return k.prog.key() }

func (k *scanRegionKernel) emit(m *llvmir.Module, variant string) error {
	return emitScanRegion(m, k.key()+VariantSuffix(variant), k.prog, variant)
}

func (k *scanRegionKernel) bind(fn native.Fn, variant string) error {
	if !fn.Valid() {
		return fmt.Errorf("llvm: scan region: invalid kernel")
	}
	k.fn, k.variant = fn, variant
	return nil
}

// srNativeRuns counts the scans run natively (not handed back to the
// interpreter), for tests that must not pass on a silent fallback.
var srNativeRuns atomic.Int64

// srValueReader reads the values a kernel's op does not take as arguments
// (interp.KernelCall.Value): a scan body's weights and captures. A call
// without it runs on the interpreter.
type srValueReader interface {
	Value(v *ir.Value) (*runtime.Tensor, error)
}

func (k *scanRegionKernel) run(c *interp.KernelCall) ([]*runtime.Tensor, error) {
	vr, ok := any(c).(srValueReader)
	if !ok || c.Mode() != ir.ModeScan {
		return c.Fallback()
	}
	k.once.Do(func() {
		ws := make([][]float32, len(k.weights))
		for i, v := range k.weights {
			t, err := vr.Value(v)
			if err != nil {
				k.err = fmt.Errorf("llvm: scan region: weight %%%d: %w", v.ID, err)
				return
			}
			ws[i] = t.F
		}
		pool, err := srPack(k.prog, k.variant, ws)
		if err != nil {
			k.err = err
			return
		}
		k.bound = &srBound{fn: k.fn, prog: k.prog, lay: k.prog.layout(k.variant), pool: pool}
	})
	if k.err != nil {
		return nil, k.err
	}
	op, nc := c.Op, len(k.prog.Carries)
	init := append([]*runtime.Tensor(nil), c.Args[:nc]...)
	slot := c.Slot(0)
	if slot != nil && *slot != nil { // a stream: continue from the carries the last chunk left
		for i := range init {
			init[i] = *c.Slot(i)
		}
	}
	xs := c.Args[nc:]
	b, l := xs[0].Shape[0], xs[0].Shape[1]
	res := make([]*runtime.Tensor, len(op.Results))
	a := &srArgs{}
	for i, r := range op.Results {
		res[i] = c.Alloc(runtime.F32, c.Shape(r)...)
		if i < nc {
			if len(init[i].F) != len(res[i].F) {
				return nil, fmt.Errorf("llvm: scan region: carry %d has %d elements, want %d", i, len(init[i].F), len(res[i].F))
			}
			copy(res[i].F, init[i].F)
			a.Carries = append(a.Carries, res[i].F)
		} else {
			a.Ys = append(a.Ys, res[i].F)
		}
	}
	for _, x := range xs {
		a.Xs = append(a.Xs, x.F)
	}
	for _, v := range k.seqs {
		t, err := vr.Value(v)
		if err != nil {
			return nil, fmt.Errorf("llvm: scan region: capture %%%d: %w", v.ID, err)
		}
		a.Seqs = append(a.Seqs, t.F)
	}
	if err := k.bound.run(c.Threads(), b, l, a); err != nil {
		return nil, err
	}
	srNativeRuns.Add(1)
	if slot != nil { // replace the state (never write into it): a failed chunk leaves it as it was
		for i := 0; i < nc; i++ {
			*c.Slot(i) = res[i].Clone()
		}
	}
	return res, nil
}
