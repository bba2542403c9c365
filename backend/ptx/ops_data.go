package ptx

import (
	"math"
	"slices"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The plans and launches of the small ops (kernels_data.go): index, real
// and imag as strided copies; complex, where, cast and arange on their own
// kernels (sum, mean and cumsum: ops_data_sums.go). Every one reads its
// arguments only on the device, so a model's values stay there across
// them.

func init() {
	kernelTable["index"] = kernelEntry{plan: planIndex}
	kernelTable["real"] = kernelEntry{plan: planPart}
	kernelTable["imag"] = kernelEntry{plan: planPart}
	kernelTable["complex"] = kernelEntry{plan: planComplex}
	kernelTable["where"] = kernelEntry{plan: planWhere}
	kernelTable["cast"] = kernelEntry{plan: planCast}
	kernelTable["arange"] = kernelEntry{plan: planArange}
	kernelTable["sum"] = kernelEntry{plan: planReduce}
	kernelTable["mean"] = kernelEntry{plan: planReduce}
	kernelTable["cumsum"] = kernelEntry{plan: planCumsum}
}

// words is a tensor's data as the kernels' 32-bit words: F for f32 and
// c64, the int32 data viewed as floats for i32 (the copies move bits).
func words(t *runtime.Tensor) []float32 {
	if t.DType == runtime.I32 {
		return int32Buf(t.I)
	}
	return t.F
}

// wordDType reports whether v's elements are single 32-bit words (f32,
// i32), which the copy kernels move.
func wordDType(v *ir.Value) bool { return v.Type.DType == ir.F32 || v.Type.DType == ir.I32 }

// copyDef is the strided copy kernel (kernels_move.go), shared by name.
func copyDef() (string, kernelDef) {
	name := keyf("copy")
	return name, kernelDef{copySpec(name), func(t Target, m *Module) error { return EmitCopy(t, m, name) }}
}

// launchCopy launches one strided copy; false when the copy needs more axes
// or blocks than the kernel or CUDA allow (the op then falls back).
func launchCopy(c *interp.KernelCall, r runner, name string, dims, xs, ys []int, xo, yo int, x, y Buf) (bool, error) {
	ints, ok := CopyInts(dims, xs, ys, xo, yo)
	if !ok {
		return false, nil
	}
	if ints[0] == 0 {
		return true, nil
	}
	g, err := Grid1D(CeilDiv(int(ints[0]), elemBlock))
	if err != nil {
		return false, nil
	}
	return true, r.launch(name, &Launch{Grid: g, Ints: ints, Bufs: []Buf{x, y}, Work: int(ints[0])}, c.Threads())
}

// evalDim is the value of an attribute's dimension in this run: a
// constant, or its symbol solved from a dimension of an argument or a
// result that has the same symbol (the kernel sees shapes, not the run's
// bindings).
func evalDim(c *interp.KernelCall, d ir.Dim) (int, bool) {
	if v, ok := d.Value(); ok {
		return v, true
	}
	solve := func(s ir.Shape, have []int) (int, bool) {
		for ax, e := range s {
			if e.Sym != d.Sym || ax >= len(have) {
				continue
			}
			v, ok := e.Solve(have[ax])
			if !ok {
				continue
			}
			if n, err := e.Eval(map[string]int{d.Sym: v}); err != nil || n != have[ax] {
				continue
			}
			if n, err := d.Eval(map[string]int{d.Sym: v}); err == nil {
				return n, true
			}
		}
		return 0, false
	}
	for i, a := range c.Op.Args {
		if n, ok := solve(a.Type.Shape, c.Args[i].Shape); ok {
			return n, true
		}
	}
	for _, v := range c.Op.Results {
		if n, ok := solve(v.Type.Shape, c.Shape(v)); ok {
			return n, true
		}
	}
	return 0, false
}

func planIndex(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !wordDType(op.Args[0]) {
		return nil, "index of " + op.Args[0].Type.DType.String() + " runs on the interpreter"
	}
	cname, def := copyDef()
	xk := weightKind(op, 0, fixed)
	dt := runtime.DType(op.Args[0].Type.DType)
	return &opKernel{
		defs: []kernelDef{def},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			axis := axisOf(c.Op, len(x.Shape))
			i, ok := evalDim(c, c.Op.Attrs.Dim("index"))
			if !ok || i < 0 || i >= x.Shape[axis] {
				return fallback(c, r) // the interpreter reports an index out of range
			}
			dims := append([]int{}, x.Shape...)
			dims[axis] = 1
			y := c.Output(dt, c.Shape(c.Op.Results[0])...)
			xs := contiguous(x.Shape)
			done, err := launchCopy(c, r, cname, dims, xs, contiguous(dims), i*xs[axis], 0, Buf{words(x), xk}, Buf{words(y), Out})
			if err == nil && !done {
				return fallback(c, r)
			}
			return one(y), err
		},
	}, ""
}

// planPart: real and imag read every other float of the interleaved
// (re, im) pairs.
func planPart(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	part := 0
	if op.Kind == "imag" {
		part = 1
	}
	cname, def := copyDef()
	xk := weightKind(op, 0, fixed)
	return &opKernel{
		defs: []kernelDef{def},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			y := c.Output(runtime.F32, x.Shape...)
			n := len(y.F)
			done, err := launchCopy(c, r, cname, []int{n}, []int{2}, []int{1}, part, 0, Buf{x.F, xk}, Buf{y.F, Out})
			if err == nil && !done {
				return fallback(c, r)
			}
			return one(y), err
		},
	}, ""
}

// bcastStrides is the strides with which a tensor of shape in is read
// when broadcast to out (right-aligned; 0 on broadcast axes), as the
// interpreter reads it.
func bcastStrides(in, out []int) []int {
	s := make([]int, len(out))
	cs := contiguous(in)
	off := len(out) - len(in)
	for i := range in {
		if in[i] != 1 {
			s[off+i] = cs[i]
		}
	}
	return s
}

// StridedInts is a strided kernel's int arguments for the elements of dims
// (row-major; the output contiguous), each operand read through its
// strides: axes of size 1 dropped, neighbours merged where every operand
// allows; false when more than moveAxes axes remain.
func StridedInts(dims []int, sets [][]int) ([]int64, bool) {
	var d []int
	s := make([][]int, len(sets))
	total := 1
	for i, n := range dims {
		total *= n
		if n == 1 {
			continue
		}
		if k := len(d) - 1; k >= 0 {
			merge := true
			for j := range sets {
				merge = merge && s[j][k] == sets[j][i]*n
			}
			if merge {
				d[k] *= n
				for j := range sets {
					s[j][k] = sets[j][i]
				}
				continue
			}
		}
		d = append(d, n)
		for j := range sets {
			s[j] = append(s[j], sets[j][i])
		}
	}
	if len(d) > moveAxes {
		return nil, false
	}
	ints := make([]int64, stridedInts(len(sets)))
	ints[0] = int64(total)
	pad := moveAxes - len(d)
	for i := 0; i < moveAxes; i++ {
		ints[1+i] = 1
	}
	for i := range d {
		ints[1+pad+i] = int64(d[i])
		for j := range sets {
			ints[1+moveAxes*(j+1)+pad+i] = int64(s[j][i])
		}
	}
	return ints, true
}

func planComplex(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !allF32(op.Args...) {
		return nil, "complex of non-f32 parts runs on the interpreter"
	}
	name := keyf("interleave")
	rk, ik := weightKind(op, 0, fixed), weightKind(op, 1, fixed)
	return &opKernel{
		defs: []kernelDef{{interleaveSpec(name), func(t Target, m *Module) error { return EmitInterleave(t, m, name) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			re, im := c.Args[0], c.Args[1]
			shape := c.Shape(c.Op.Results[0])
			ints, ok := StridedInts(shape, [][]int{bcastStrides(re.Shape, shape), bcastStrides(im.Shape, shape)})
			if !ok {
				return fallback(c, r)
			}
			y := c.Output(runtime.C64, shape...)
			if ints[0] == 0 {
				return one(y), nil
			}
			g, err := Grid1D(CeilDiv(int(ints[0]), elemBlock))
			if err != nil {
				return fallback(c, r)
			}
			l := &Launch{Grid: g, Ints: ints, Bufs: []Buf{{re.F, rk}, {im.F, ik}, {y.F, Out}}, Work: int(ints[0])}
			return one(y), r.launch(name, l, c.Threads())
		},
	}, ""
}

func planWhere(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !wordDType(op.Args[0]) || !wordDType(op.Args[1]) || !wordDType(op.Args[2]) {
		return nil, "where of complex values runs on the interpreter"
	}
	intCond := op.Args[0].Type.DType == ir.I32
	name := keyf("where", map[bool]string{true: "i32", false: "f32"}[intCond])
	kinds := []BufKind{weightKind(op, 0, fixed), weightKind(op, 1, fixed), weightKind(op, 2, fixed)}
	dt := runtime.DType(op.Results[0].Type.DType)
	return &opKernel{
		defs: []kernelDef{{whereSpec(name), func(t Target, m *Module) error { return EmitWhere(t, m, name, intCond) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			shape := c.Shape(c.Op.Results[0])
			sets := make([][]int, 3)
			for i, a := range c.Args {
				sets[i] = bcastStrides(a.Shape, shape)
			}
			ints, ok := StridedInts(shape, sets)
			if !ok {
				return fallback(c, r)
			}
			y := c.Output(dt, shape...)
			if ints[0] == 0 {
				return one(y), nil
			}
			g, err := Grid1D(CeilDiv(int(ints[0]), elemBlock))
			if err != nil {
				return fallback(c, r)
			}
			bufs := []Buf{{words(c.Args[0]), kinds[0]}, {words(c.Args[1]), kinds[1]}, {words(c.Args[2]), kinds[2]}, {words(y), Out}}
			l := &Launch{Grid: g, Ints: ints, Bufs: bufs, Work: int(ints[0])}
			return one(y), r.launch(name, l, c.Threads())
		},
	}, ""
}

func planCast(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	from, to := op.Args[0].Type.DType, op.Results[0].Type.DType
	if from == to || !wordDType(op.Args[0]) || !wordDType(op.Results[0]) {
		return nil, "a cast to the same type is its argument: runs on the interpreter"
	}
	toInt := to == ir.I32
	name := keyf("cast", map[bool]string{true: "f32_i32", false: "i32_f32"}[toInt])
	xk := weightKind(op, 0, fixed)
	return &opKernel{
		defs: []kernelDef{{castSpec(name), func(t Target, m *Module) error { return EmitCast(t, m, name, toInt) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			y := c.Output(runtime.DType(to), x.Shape...)
			n := len(words(y))
			if n == 0 {
				return one(y), nil
			}
			g, err := Grid1D(CeilDiv(n, elemBlock))
			if err != nil {
				return fallback(c, r)
			}
			l := &Launch{Grid: g, Ints: []int64{int64(n)}, Bufs: []Buf{{words(x), xk}, {words(y), Out}}, Work: n}
			if err := r.launch(name, l, c.Threads()); err != nil {
				return nil, err
			}
			// An i32 result is on the host (never left on the device): −2^31
			// marks a value the interpreter may refuse (NaN, out of range),
			// which it then reports (or converts to the same −2^31).
			if toInt && slices.Contains(y.I, math.MinInt32) {
				return fallback(c, r)
			}
			return one(y), nil
		},
	}, ""
}

func planArange(op *ir.Op, _ map[*ir.Op]bool) (*opKernel, string) {
	asF32 := op.Results[0].Type.DType == ir.F32
	name := keyf("arange", map[bool]string{true: "f32", false: "i32"}[asF32])
	dt := runtime.DType(op.Results[0].Type.DType)
	return &opKernel{
		defs: []kernelDef{{arangeSpec(name), func(t Target, m *Module) error { return EmitArange(t, m, name, asF32) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			y := c.Output(dt, c.Shape(c.Op.Results[0])...)
			n := len(words(y))
			if n == 0 {
				return one(y), nil
			}
			g, err := Grid1D(CeilDiv(n, elemBlock))
			if err != nil {
				return fallback(c, r)
			}
			// A stream counts from its position (absolute positions).
			l := &Launch{Grid: g, Ints: []int64{int64(n), int64(c.Position())}, Bufs: []Buf{{words(y), Out}}, Work: n}
			return one(y), r.launch(name, l, c.Threads())
		},
	}, ""
}
