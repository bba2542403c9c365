package llvm

import (
	"sync"

	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The vision ops (ir/ops_vision.go) over images [B, C, H, W]: conv2d as
// im2col feeding the packed GEMM (vision_run.go), max_pool2d and
// avg_pool2d as vectorised loops over the (image, channel) planes
// (vision_emit.go).

func init() {
	kernelTable["conv2d"] = kernelEntry{plan: planConv2D}
	kernelTable["max_pool2d"] = kernelEntry{plan: planPool2D}
	kernelTable["avg_pool2d"] = kernelEntry{plan: planPool2D}
}

// conv2dKernel runs conv2d on the GEMM kernel of one channel group
// (N = O/groups filters of K = C/groups·KH·KW taps, the bias as its
// epilogue): the weight is a model weight, packed once per group on first
// use.
type conv2dKernel struct {
	geo     ir.Window2D
	spec    GEMMSpec
	fn      native.Fn
	variant string
	once    sync.Once
	packed  [][]float32 // per group
	mu      sync.Mutex
	free    []*conv2dScratch // im2col buffers, reused across calls (one per concurrent run)
}

func planConv2D(op *ir.Op, fixed map[*ir.Op]bool) (opKernel, string) {
	x, w := op.Args[0].Type, op.Args[1].Type
	if x.DType != ir.F32 || w.DType != ir.F32 || len(x.Shape) != 4 || len(w.Shape) != 4 {
		return nil, "the conv2d kernel takes f32 images [B, C, H, W]"
	}
	if op.Args[1].Def == nil || !fixed[op.Args[1].Def] {
		return nil, "its weight is computed per call, not a model weight the GEMM can pack once"
	}
	geo, err := ir.Window2DOf(op)
	if err != nil {
		return nil, err.Error()
	}
	o, ok1 := w.Shape[0].Value()
	cg, ok2 := w.Shape[1].Value()
	if !ok1 || !ok2 {
		return nil, "symbolic channel counts"
	}
	s := GEMMSpec{N: o / geo.Groups, K: cg * geo.Kernel[0] * geo.Kernel[1], Bias: len(op.Args) == 3}
	if err := s.validate(); err != nil {
		return nil, err.Error()
	}
	return &conv2dKernel{geo: geo, spec: s}, ""
}

// key is the GEMM's: a conv2d shares its function with every linear and
// conv2d of the same N, K and bias.
func (k *conv2dKernel) key() string { return keyf("gemm", k.spec.N, k.spec.K, k.spec.Bias, "none") }

func (k *conv2dKernel) emit(m *llvmir.Module, variant string) error {
	return EmitGEMM(m, k.key()+VariantSuffix(variant), k.spec, variant)
}

func (k *conv2dKernel) bind(fn native.Fn, variant string) error {
	k.fn, k.variant = fn, variant
	return nil
}

func (k *conv2dKernel) run(c *interp.KernelCall) ([]*runtime.Tensor, error) {
	x, w := c.Args[0], c.Args[1]
	g, og, kk := k.geo.Groups, k.spec.N, k.spec.K
	k.once.Do(func() {
		k.packed = make([][]float32, g)
		for gi := range g {
			k.packed[gi] = packConvWeight(w.F[gi*og*kk:(gi+1)*og*kk], k.spec, k.variant, w.Shape[1], k.geo.Kernel[0], k.geo.Kernel[1])
		}
	})
	shape := c.Shape(c.Op.Results[0])
	y := c.Output(runtime.F32, shape...)
	a := conv2dArgs{geo: k.geo, B: x.Shape[0], C: x.Shape[1], H: x.Shape[2], W: x.Shape[3], Ho: shape[2], Wo: shape[3], O: shape[1], X: x.F, Y: y.F}
	var bias []float32
	if k.spec.Bias {
		bias = c.Args[2].F
	}
	if k.spec.K == 0 || len(y.F) == 0 {
		return c.Fallback() // no input channels, or nothing to compute
	}
	sc := k.takeScratch()
	defer k.giveScratch(sc)
	runConv2D(k.fn, k.spec, k.variant, c.Threads(), &a, k.packed, bias, sc)
	return []*runtime.Tensor{y}, nil
}

// pool2dKernel runs max_pool2d or avg_pool2d.
type pool2dKernel struct {
	spec PoolSpec
	fn   native.Fn
}

func planPool2D(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	if x := op.Args[0].Type; x.DType != ir.F32 || len(x.Shape) != 4 {
		return nil, "the pool kernel takes f32 images [B, C, H, W]"
	}
	geo, err := ir.Window2DOf(op)
	if err != nil {
		return nil, err.Error()
	}
	s := PoolSpec{Max: op.Kind == "max_pool2d", Kernel: geo.Kernel, Stride: geo.Stride, Padding: geo.Padding, Exclude: op.Attrs.Bool("exclude_pad")}
	if err := s.validate(); err != nil {
		return nil, err.Error()
	}
	return &pool2dKernel{spec: s}, ""
}

func (k *pool2dKernel) key() string {
	s := k.spec
	kind := "avgpool"
	if s.Max {
		kind = "maxpool"
	}
	return keyf(kind, s.Kernel[0], s.Kernel[1], s.Stride[0], s.Stride[1], s.Padding[0], s.Padding[1], s.Exclude && !s.Max)
}

func (k *pool2dKernel) emit(m *llvmir.Module, variant string) error {
	return EmitPool(m, k.key()+VariantSuffix(variant), k.spec, variant)
}

func (k *pool2dKernel) bind(fn native.Fn, _ string) error {
	k.fn = fn
	return nil
}

func (k *pool2dKernel) run(c *interp.KernelCall) ([]*runtime.Tensor, error) {
	x := c.Args[0]
	shape := c.Shape(c.Op.Results[0])
	planes, h, w := x.Shape[0]*x.Shape[1], x.Shape[2], x.Shape[3]
	ho, wo := shape[2], shape[3]
	// A symbolic size too small at run time (windows of padding alone):
	// the interpreter reports it.
	for i, n := range []int{ho, wo} {
		if in := x.Shape[2+i]; n > 0 && (in == 0 || (n-1)*k.spec.Stride[i]-k.spec.Padding[i] >= in) {
			return c.Fallback()
		}
	}
	y := c.Output(runtime.F32, shape...)
	if planes*ho*wo > 0 {
		runPool(k.fn, c.Threads(), planes, h, w, ho, wo, k.spec.Kernel[0]*k.spec.Kernel[1], x.F, y.F)
	}
	return []*runtime.Tensor{y}, nil
}

func (k *conv2dKernel) takeScratch() *conv2dScratch {
	k.mu.Lock()
	defer k.mu.Unlock()
	if n := len(k.free); n > 0 {
		sc := k.free[n-1]
		k.free = k.free[:n-1]
		return sc
	}
	return &conv2dScratch{}
}

func (k *conv2dKernel) giveScratch(sc *conv2dScratch) {
	k.mu.Lock()
	k.free = append(k.free, sc)
	k.mu.Unlock()
}
