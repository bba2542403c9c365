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
	kernelTable["linear"] = kernelEntry{plan: planLinear}
}

// linearKernel runs `linear` (x·Wᵀ + b, then act) on the packed GEMM: W is
// a model weight, packed once on first use.
type linearKernel struct {
	spec    GEMMSpec
	fn      native.Fn
	variant string
	once    sync.Once
	packed  []float32
}

func planLinear(op *ir.Op, fixed map[*ir.Op]bool) (opKernel, string) {
	w := op.Args[1]
	if op.Args[0].Type.DType != ir.F32 || w.Type.DType != ir.F32 {
		return nil, "the GEMM kernel takes f32"
	}
	if w.Def == nil || !fixed[w.Def] {
		return nil, "its weight is computed per call, not a model weight the GEMM can pack once"
	}
	n, _ := w.Type.Shape[0].Value()
	k, _ := w.Type.Shape[1].Value()
	s := GEMMSpec{N: n, K: k, Bias: len(op.Args) == 3, Act: op.Attrs.String("act")}
	if err := s.validate(); err != nil {
		return nil, err.Error()
	}
	return &linearKernel{spec: s}, ""
}

func (k *linearKernel) key() string {
	act := k.spec.Act
	if act == "" {
		act = "none"
	}
	return keyf("gemm", k.spec.N, k.spec.K, k.spec.Bias, act)
}

func (k *linearKernel) emit(m *llvmir.Module, variant string) error {
	return EmitGEMM(m, k.key()+VariantSuffix(variant), k.spec, variant)
}

func (k *linearKernel) bind(fn native.Fn, variant string) error {
	k.fn, k.variant = fn, variant
	return nil
}

// gemmWorkspaces is a free list of GEMM scratch, shared by every linear of
// every model: a workspace grows to the largest layer once and is reused
// (fresh memory is slow to touch), and concurrent runs each take their own.
var gemmWorkspaces struct {
	sync.Mutex
	free []*GEMMWorkspace
}

func takeWorkspace() *GEMMWorkspace {
	gemmWorkspaces.Lock()
	defer gemmWorkspaces.Unlock()
	if n := len(gemmWorkspaces.free); n > 0 {
		ws := gemmWorkspaces.free[n-1]
		gemmWorkspaces.free = gemmWorkspaces.free[:n-1]
		return ws
	}
	return NewGEMMWorkspace()
}

func giveWorkspace(ws *GEMMWorkspace) {
	gemmWorkspaces.Lock()
	gemmWorkspaces.free = append(gemmWorkspaces.free, ws)
	gemmWorkspaces.Unlock()
}

func (k *linearKernel) run(c *interp.KernelCall) ([]*runtime.Tensor, error) {
	x, w := c.Args[0], c.Args[1]
	k.once.Do(func() { k.packed = PackGEMMWeight(w.F, k.spec, k.variant) })
	y := c.Output(runtime.F32, c.Shape(c.Op.Results[0])...)
	m := 0
	if k.spec.K > 0 {
		m = len(x.F) / k.spec.K
	}
	var bias []float32
	if k.spec.Bias {
		bias = c.Args[2].F
	}
	ws := takeWorkspace()
	defer giveWorkspace(ws)
	RunGEMM(k.fn, ws, c.Threads(), k.spec, k.variant, m, x.F, k.packed, bias, y.F)
	return []*runtime.Tensor{y}, nil
}
