package interp

import (
	"fmt"
	"math"
	"math/cmplx"

	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// Elementwise math. Each function is the float32 semantics of the op; the
// library's exp/log are computed in float64 and rounded, which keeps the
// interpreter within one ulp of a correctly rounded result.

func softplus(x float64) float64 {
	if x > 20 { // PyTorch's threshold: softplus(x) = x above it
		return x
	}
	return math.Log1p(math.Exp(x))
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

var unaryF = map[string]func(float64) float64{
	"neg":       func(x float64) float64 { return -x },
	"exp":       math.Exp,
	"log":       math.Log,
	"sqrt":      math.Sqrt,
	"rsqrt":     func(x float64) float64 { return 1 / math.Sqrt(x) },
	"tanh":      math.Tanh,
	"sigmoid":   sigmoid,
	"silu":      func(x float64) float64 { return x * sigmoid(x) },
	"gelu":      func(x float64) float64 { return 0.5 * x * (1 + math.Erf(x/math.Sqrt2)) },
	"gelu_tanh": func(x float64) float64 { return 0.5 * x * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(x+0.044715*x*x*x))) },
	"softplus":  softplus,
	"relu":      func(x float64) float64 { return math.Max(x, 0) },
	"abs":       math.Abs,
	"sin":       math.Sin,
	"cos":       math.Cos,
	"square":    func(x float64) float64 { return x * x },
	"logsigmoid": func(x float64) float64 {
		if x >= 0 {
			return -math.Log1p(math.Exp(-x))
		}
		return x - math.Log1p(math.Exp(x))
	},
	"recip": func(x float64) float64 { return 1 / x },
	"conj":  func(x float64) float64 { return x },
}

var unaryC = map[string]func(complex128) complex128{
	"neg":  func(z complex128) complex128 { return -z },
	"exp":  cmplx.Exp,
	"conj": cmplx.Conj,
}

var binaryC = map[string]func(a, b complex128) complex128{
	"add": func(a, b complex128) complex128 { return a + b }, "sub": func(a, b complex128) complex128 { return a - b },
	"mul": func(a, b complex128) complex128 { return a * b }, "div": func(a, b complex128) complex128 { return a / b },
}

func init() {
	for _, name := range ir.UnaryOps {
		impls[name] = unaryImpl
	}
	for name := range fastBinary {
		impls[name] = binaryImpl
	}
	impls["mod"] = binaryImpl
	impls["complex"] = complexImpl
	impls["real"] = partImpl(0)
	impls["imag"] = partImpl(1)
	impls["cast"] = castImpl
	impls["param"] = paramImpl
	impls["const"] = constImpl
}

func unaryImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0]
	out := fr.alloc(x.DType, x.Shape...)
	if x.DType == runtime.C64 {
		f := unaryC[op.Kind]
		for i := 0; i < len(x.F); i += 2 {
			z := f(complex(float64(x.F[i]), float64(x.F[i+1])))
			out.F[i], out.F[i+1] = float32(real(z)), float32(imag(z))
		}
		return one(out)
	}
	if x.DType == runtime.I32 {
		for i, v := range x.I {
			if op.Kind == "neg" || v < 0 {
				v = -v
			}
			out.I[i] = v
		}
		return one(out)
	}
	f := unaryF[op.Kind]
	src, dst := x.F, out.F
	runtime.ParallelFor(len(src)/4096+1, runtime.ThreadsFor(fr.md.opts.Threads, 16*len(src)), func(lo, hi int) {
		for i := lo * 4096; i < min(hi*4096, len(src)); i++ {
			dst[i] = float32(f(float64(src[i])))
		}
	})
	return one(out)
}

func binaryImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	a, b := args[0], args[1]
	shape := fr.shapeOf(op.Results[0])
	sa, sb := broadcastStrides(a.Shape, shape), broadcastStrides(b.Shape, shape)
	if a.DType == runtime.C64 || b.DType == runtime.C64 {
		a, b = toComplex(a), toComplex(b)
		f := binaryC[op.Kind]
		out := fr.alloc(runtime.C64, shape...)
		forEachRow(shape, [][]int{sa, sb}, func(o int, offs, inner []int, n int) {
			for j := 0; j < n; j++ {
				ia, ib := 2*(offs[0]+j*inner[0]), 2*(offs[1]+j*inner[1])
				z := f(complex(float64(a.F[ia]), float64(a.F[ia+1])), complex(float64(b.F[ib]), float64(b.F[ib+1])))
				out.F[2*(o+j)], out.F[2*(o+j)+1] = float32(real(z)), float32(imag(z))
			}
		})
		return one(out)
	}
	if a.DType == runtime.I32 {
		return intBinaryImpl(fr, op, a, b, shape, sa, sb)
	}
	out := fr.alloc(runtime.F32, shape...)
	af, bf, of := a.F, b.F, out.F
	fast := fastBinary[op.Kind]
	forEachRowPar(fr.md.opts.Threads, shape, [][]int{sa, sb}, func(o int, offs, inner []int, n int) {
		fast(of[o:o+n], af[offs[0]:], inner[0], bf[offs[1]:], inner[1])
	})
	return one(out)
}

// fastBinary holds float32 row kernels: dst[j] = a[j*sa] op b[j*sb].
var fastBinary = map[string]func(dst, a []float32, sa int, b []float32, sb int){
	"add": func(d, a []float32, sa int, b []float32, sb int) {
		for j := range d {
			d[j] = a[j*sa] + b[j*sb]
		}
	},
	"sub": func(d, a []float32, sa int, b []float32, sb int) {
		for j := range d {
			d[j] = a[j*sa] - b[j*sb]
		}
	},
	"mul": func(d, a []float32, sa int, b []float32, sb int) {
		for j := range d {
			d[j] = a[j*sa] * b[j*sb]
		}
	},
	"div": func(d, a []float32, sa int, b []float32, sb int) {
		for j := range d {
			d[j] = a[j*sa] / b[j*sb]
		}
	},
	"pow": func(d, a []float32, sa int, b []float32, sb int) {
		for j := range d {
			d[j] = float32(math.Pow(float64(a[j*sa]), float64(b[j*sb])))
		}
	},
	"maximum": func(d, a []float32, sa int, b []float32, sb int) {
		for j := range d {
			d[j] = max(a[j*sa], b[j*sb])
		}
	},
	"minimum": func(d, a []float32, sa int, b []float32, sb int) {
		for j := range d {
			d[j] = min(a[j*sa], b[j*sb])
		}
	},
	"mod": func(d, a []float32, sa int, b []float32, sb int) {
		for j := range d {
			d[j] = floorModF(a[j*sa], b[j*sb])
		}
	},
}

// floorModF is x mod y with the sign of y (Python's %, PyTorch's remainder).
func floorModF(x, y float32) float32 {
	r := float32(math.Mod(float64(x), float64(y)))
	if r != 0 && (r < 0) != (y < 0) {
		r += y
	}
	return r
}

// intBinary holds the i32 forms of the binary ops defined on integers.
var intBinary = map[string]func(a, b int32) (int32, bool){
	"add":     func(a, b int32) (int32, bool) { return a + b, true },
	"sub":     func(a, b int32) (int32, bool) { return a - b, true },
	"mul":     func(a, b int32) (int32, bool) { return a * b, true },
	"maximum": func(a, b int32) (int32, bool) { return max(a, b), true },
	"minimum": func(a, b int32) (int32, bool) { return min(a, b), true },
	"mod": func(a, b int32) (int32, bool) {
		if b == 0 {
			return 0, false
		}
		r := a % b
		if r != 0 && (r < 0) != (b < 0) {
			r += b
		}
		return r, true
	},
}

// intBinaryImpl is binaryImpl on i32 tensors (index arithmetic; wraps
// around on overflow like Go's int32).
func intBinaryImpl(fr *frame, op *ir.Op, a, b *runtime.Tensor, shape, sa, sb []int) ([]*runtime.Tensor, error) {
	f := intBinary[op.Kind]
	if f == nil {
		return nil, fmt.Errorf("%s is not defined on i32 tensors", op.Kind)
	}
	out := fr.alloc(runtime.I32, shape...)
	bad := false
	forEachRow(shape, [][]int{sa, sb}, func(o int, offs, inner []int, n int) {
		for j := 0; j < n; j++ {
			v, ok := f(a.I[offs[0]+j*inner[0]], b.I[offs[1]+j*inner[1]])
			bad = bad || !ok
			out.I[o+j] = v
		}
	})
	if bad {
		return nil, fmt.Errorf("integer modulo by zero")
	}
	return one(out)
}

func complexImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	shape := fr.shapeOf(op.Results[0])
	re, im := args[0], args[1]
	out := fr.alloc(runtime.C64, shape...)
	forEachRow(shape, [][]int{broadcastStrides(re.Shape, shape), broadcastStrides(im.Shape, shape)}, func(o int, offs, inner []int, n int) {
		for j := 0; j < n; j++ {
			out.F[2*(o+j)] = re.F[offs[0]+j*inner[0]]
			out.F[2*(o+j)+1] = im.F[offs[1]+j*inner[1]]
		}
	})
	return one(out)
}

func partImpl(part int) opImpl {
	return func(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
		x := args[0]
		out := fr.alloc(runtime.F32, x.Shape...)
		for i := range out.F {
			out.F[i] = x.F[2*i+part]
		}
		return one(out)
	}
}

func castImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0]
	dt, _ := ir.ParseDType(op.Attrs.String("dtype"))
	if x.DType == runtime.DType(dt) {
		return one(x)
	}
	out := fr.alloc(runtime.DType(dt), x.Shape...)
	switch {
	case x.DType == runtime.I32:
		for i, v := range x.I {
			out.F[i] = float32(v)
		}
	default:
		for i, v := range x.F {
			if math.IsNaN(float64(v)) || v > math.MaxInt32 || v < math.MinInt32 {
				return nil, fmt.Errorf("cannot cast %v to i32", v)
			}
			out.I[i] = int32(v)
		}
	}
	return one(out)
}

func paramImpl(fr *frame, op *ir.Op, _ []*runtime.Tensor) ([]*runtime.Tensor, error) {
	name := op.Attrs.String("name")
	t := fr.md.weights[name]
	if t == nil {
		if p := fr.md.M.Param(name); p != nil && p.TiedTo != "" {
			t = fr.md.weights[p.TiedTo]
		}
	}
	if t == nil {
		return nil, fmt.Errorf("no weight %s", name)
	}
	return one(t)
}

func constImpl(fr *frame, op *ir.Op, _ []*runtime.Tensor) ([]*runtime.Tensor, error) {
	v := op.Attrs.Float("value")
	if op.Attrs.String("dtype") == "i32" {
		t := runtime.New(runtime.I32)
		t.I[0] = int32(v)
		return one(t)
	}
	t := runtime.New(runtime.F32)
	t.F[0] = float32(v)
	return one(t)
}

// applyAct applies an op's fused activation (attribute act) in place.
func applyAct(fr *frame, op *ir.Op, t *runtime.Tensor) error {
	name := op.Attrs.String("act")
	if name == "" {
		return nil
	}
	f := unaryF[name]
	if f == nil {
		return fmt.Errorf("unknown fused activation %q", name)
	}
	d := t.F
	runtime.ParallelFor(len(d)/4096+1, runtime.ThreadsFor(fr.md.opts.Threads, 16*len(d)), func(lo, hi int) {
		for i := lo * 4096; i < min(hi*4096, len(d)); i++ {
			d[i] = float32(f(float64(d[i])))
		}
	})
	return nil
}
