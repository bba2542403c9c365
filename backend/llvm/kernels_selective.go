package llvm

import (
	"sync"

	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

func init() {
	kernelTable["selective_scan"] = kernelEntry{modes: []string{ir.ModeScan}, plan: planSelective}
}

// selectiveKernel runs the fused Mamba-1 scan; A and the D skip are model
// weights, prepared into the kernel's constants on first use.
type selectiveKernel struct {
	spec    SelectiveSpec
	d       int
	fn      native.Fn
	variant string
	once    sync.Once
	k       *SelectiveKernel
	err     error
}

func planSelective(op *ir.Op, fixed map[*ir.Op]bool) (opKernel, string) {
	a, bm := op.Args[2], op.Args[3]
	d, ok1 := a.Type.Shape[0].Value()
	n, ok2 := a.Type.Shape[1].Value()
	if !ok1 || !ok2 || n > SelectiveMaxN {
		return nil, "the selective-scan kernel takes a constant d_state of at most 64"
	}
	if a.Def == nil || !fixed[a.Def] {
		return nil, "its A is computed per call, not from the weights"
	}
	skip := op.Attrs.Bool("skip")
	if skip && (op.Args[5].Def == nil || !fixed[op.Args[5].Def]) {
		return nil, "its D skip is computed per call, not from the weights"
	}
	g := 1
	if len(bm.Type.Shape) == 4 {
		if g, ok1 = bm.Type.Shape[2].Value(); !ok1 {
			return nil, "symbolic groups"
		}
	}
	return &selectiveKernel{spec: SelectiveSpec{N: n, G: g, Skip: skip, Gate: op.Attrs.Bool("gate"), State: true}, d: d}, ""
}

func (k *selectiveKernel) key() string {
	return keyf("selscan", k.spec.N, k.spec.G, k.spec.Skip, k.spec.Gate)
}

func (k *selectiveKernel) emit(m *llvmir.Module, variant string) error {
	return EmitSelective(m, k.key()+VariantSuffix(variant), k.spec, variant)
}

func (k *selectiveKernel) bind(fn native.Fn, variant string) error {
	k.fn, k.variant = fn, variant
	return nil
}

func (k *selectiveKernel) run(c *interp.KernelCall) ([]*runtime.Tensor, error) {
	u := c.Args[0]
	k.once.Do(func() {
		var dskip []float32
		if k.spec.Skip {
			dskip = c.Args[5].F
		}
		k.k, k.err = NewSelectiveKernel(k.fn, k.spec, k.variant, k.d, c.Args[2].F, dskip)
	})
	if k.err != nil {
		return nil, k.err
	}
	b, l := u.Shape[0], u.Shape[1]
	y := c.Output(runtime.F32, u.Shape...)
	args := &SelectiveArgs{U: u.F, Delta: c.Args[1].F, Bm: c.Args[3].F, Cm: c.Args[4].F, Y: y.F}
	if k.spec.Gate {
		args.Z = c.Args[len(c.Args)-1].F
	}
	slot := c.Slot(0)
	var h *runtime.Tensor
	if slot != nil { // a stream: continue from the state, and replace it
		if *slot != nil {
			args.H0 = (*slot).F
		}
		h = runtime.New(runtime.F32, b, k.d, k.spec.N)
		args.HT = h.F
	}
	if err := k.k.Run(c.Threads(), b, l, args); err != nil {
		return nil, err
	}
	if slot != nil {
		*slot = h
	}
	return []*runtime.Tensor{y}, nil
}
