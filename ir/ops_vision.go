package ir

import "fmt"

// The vision ops: 2-D convolution and pooling over images laid out as
// PyTorch's NCHW, [B, C, H, W] (docs/language.md, "Images"). They are what a
// CRNN's feature extractor needs (examples/crnn): nn.Conv2d, nn.MaxPool2d
// and nn.AvgPool2d with their stride, padding, dilation and groups. An
// output size is PyTorch's (in + 2·pad − dilation·(k−1) − 1)/stride + 1,
// rounded down for a known size; for a symbolic one (an image width W) the
// division must be exact (W/4+1 is a dimension, W/3 is one only for widths
// divisible by 3, which the run checks).

// registerVisionOps adds this file's ops to the table (called by ops.go's
// init, before the step rules and the other per-op knowledge are attached).
func registerVisionOps() {
	pair := func(name string) AttrSpec { return AttrSpec{Name: name, Kind: AttrInts} }
	register(
		&OpInfo{Name: "conv2d", MinArgs: 2, MaxArgs: 3, Infer: inferConv2D,
			Attrs: []AttrSpec{pair("stride"), pair("padding"), pair("dilation"), {Name: "groups", Kind: AttrInt}},
			Doc:   "2-D convolution (cross-correlation) of x [B, C, H, W] with weight [O, C/groups, KH, KW] (+ bias [O]), PyTorch's Conv2d"},
		&OpInfo{Name: "max_pool2d", MinArgs: 1, MaxArgs: 1, Infer: inferPool2D,
			Attrs: []AttrSpec{{Name: "kernel", Kind: AttrInts, Required: true}, pair("stride"), pair("padding")},
			Doc:   "maximum over kernel windows of x [B, C, H, W] (padding never wins), PyTorch's MaxPool2d"},
		&OpInfo{Name: "avg_pool2d", MinArgs: 1, MaxArgs: 1, Infer: inferPool2D,
			Attrs: []AttrSpec{{Name: "kernel", Kind: AttrInts, Required: true}, pair("stride"), pair("padding"), {Name: "exclude_pad", Kind: AttrBool}},
			Doc:   "mean over kernel windows of x [B, C, H, W] (padding counts as zeros unless exclude_pad), PyTorch's AvgPool2d"},
	)
	for _, name := range []string{"conv2d", "max_pool2d", "avg_pool2d"} {
		opTable[name].Step = stepWindow2D
	}
}

// stepWindow2D: a window op is position-wise along the batch, along the
// channels of a pooling op, and along an image axis where its window is
// one position wide (kernel 1, stride 1, no padding). A wider window reads
// the positions on both sides (PyTorch pads symmetrically), so along the
// sequence it needs the whole of it: a CRNN, whose sequence is the image's
// width, has no step form.
func stepWindow2D(c *StepCtx) ([]int, bool, error) {
	op := c.Op
	for _, a := range c.In[1:] {
		if a >= 0 {
			return nil, false, fmt.Errorf("takes a per-position tensor as its weight")
		}
	}
	ax := c.In[0]
	switch ax {
	case 0:
		return c.same(ax), false, nil
	case 1:
		if op.Kind == "conv2d" {
			return nil, false, fmt.Errorf("sums over its channel axis (axis 1), which is the sequence axis here")
		}
		return c.same(ax), false, nil
	}
	w, err := Window2DOf(op)
	if err != nil {
		return nil, false, err
	}
	i := ax - 2
	if w.Kernel[i] == 1 && w.Stride[i] == 1 && w.Padding[i] == 0 {
		return c.same(ax), false, nil
	}
	return nil, false, fmt.Errorf("slides a window of %d (stride %d, padding %d) along the sequence axis (the image's %s, axis %d): it reads later positions and needs the whole image",
		w.Kernel[i], w.Stride[i], w.Padding[i], []string{"H", "W"}[i], ax)
}

// Window2D is the geometry of a 2-D convolution or pooling op, with the
// defaults filled in: the kernel size, stride, padding and dilation along
// (H, W), and the number of channel groups.
type Window2D struct {
	Kernel, Stride, Padding, Dilation [2]int
	Groups                            int
}

// Window2DOf reads an op's geometry. For conv2d the kernel is the weight's
// last two axes (which must be known); a pooling op's stride defaults to
// its kernel, as in PyTorch.
func Window2DOf(op *Op) (Window2D, error) {
	var w Window2D
	switch op.Kind {
	case "conv2d":
		ws := op.Args[1].Type.Shape
		if len(ws) != 4 {
			return w, fmt.Errorf("conv2d needs a weight [O, C/groups, KH, KW], got %s", ws)
		}
		for i := range 2 {
			k, ok := ws[2+i].Value()
			if !ok {
				return w, fmt.Errorf("conv2d needs a kernel of known size, got weight %s", ws)
			}
			w.Kernel[i] = k
		}
	default:
		k, err := pairAttr(op, "kernel", [2]int{})
		if err != nil {
			return w, err
		}
		w.Kernel = k
	}
	defStride := [2]int{1, 1}
	if op.Kind != "conv2d" {
		defStride = w.Kernel
	}
	var err error
	if w.Stride, err = pairAttr(op, "stride", defStride); err != nil {
		return w, err
	}
	if w.Padding, err = pairAttr(op, "padding", [2]int{}); err != nil {
		return w, err
	}
	if w.Dilation, err = pairAttr(op, "dilation", [2]int{1, 1}); err != nil {
		return w, err
	}
	w.Groups = 1
	if g, ok := op.Attrs["groups"]; ok {
		if w.Groups, _ = g.(int); w.Groups < 1 {
			return w, fmt.Errorf("%s needs groups >= 1, got %v", op.Kind, g)
		}
	}
	for i := range 2 {
		switch {
		case w.Kernel[i] < 1:
			return w, fmt.Errorf("%s needs a kernel size >= 1, got %v", op.Kind, w.Kernel)
		case w.Stride[i] < 1:
			return w, fmt.Errorf("%s needs a stride >= 1, got %v", op.Kind, w.Stride)
		case w.Dilation[i] < 1:
			return w, fmt.Errorf("%s needs a dilation >= 1, got %v", op.Kind, w.Dilation)
		case w.Padding[i] < 0:
			return w, fmt.Errorf("%s needs a padding >= 0, got %v", op.Kind, w.Padding)
		}
		// PyTorch's rule for pooling: a window of only padding would have
		// no input element (max over nothing, a mean of zeros).
		if op.Kind != "conv2d" && 2*w.Padding[i] > w.Kernel[i] {
			return w, fmt.Errorf("%s pads %v, more than half its kernel %v", op.Kind, w.Padding, w.Kernel)
		}
	}
	return w, nil
}

// pairAttr reads an (H, W) pair attribute; one number stands for both.
func pairAttr(op *Op, name string, def [2]int) ([2]int, error) {
	v, ok := op.Attrs[name]
	if !ok {
		return def, nil
	}
	l, _ := v.([]int)
	switch len(l) {
	case 1:
		return [2]int{l[0], l[0]}, nil
	case 2:
		return [2]int{l[0], l[1]}, nil
	}
	return def, fmt.Errorf("%s's %s must be one number or a pair (H, W), got %v", op.Kind, name, v)
}

// WindowOut is the output size of a window op along one axis of size in:
// (in + 2·pad − dilation·(k−1) − 1)/stride + 1.
func WindowOut(in Dim, k, stride, pad, dilation int) (Dim, error) {
	span := dilation*(k-1) + 1
	if n, ok := in.Value(); ok {
		if n+2*pad < span {
			return Dim{}, fmt.Errorf("a kernel spanning %d is larger than the input's %d (padded by %d on each side)", span, n, pad)
		}
		return Const((n+2*pad-span)/stride + 1), nil
	}
	d, err := AddDims(in, Const(2*pad-span))
	if err != nil {
		return Dim{}, err
	}
	if d, err = DivDim(d, stride); err != nil {
		return Dim{}, fmt.Errorf("the output size (%s)/%d is not a dimension: write the input size as a multiple of %d", Dim{Sym: in.Sym, Mul: in.Mul, Div: in.Div, Add: in.Add + 2*pad - span}, stride, stride)
	}
	return AddDims(d, Const(1))
}

// windowShape checks an image argument and computes the [B, C', Ho, Wo]
// result of a window op with c channels out.
func windowShape(op *Op, x Type, w Window2D, c Dim) (Shape, error) {
	if x.DType != F32 {
		return nil, fmt.Errorf("%s needs an f32 image, got %s", op.Kind, x)
	}
	if len(x.Shape) != 4 {
		return nil, fmt.Errorf("%s needs an image [B, C, H, W] (rank 4), got %s", op.Kind, x.Shape)
	}
	out := Shape{x.Shape[0], c, Dim{}, Dim{}}
	for i := range 2 {
		d, err := WindowOut(x.Shape[2+i], w.Kernel[i], w.Stride[i], w.Padding[i], w.Dilation[i])
		if err != nil {
			return nil, fmt.Errorf("%s of %s along %s: %v", op.Kind, x.Shape, []string{"H", "W"}[i], err)
		}
		out[2+i] = d
	}
	return out, nil
}

func inferConv2D(op *Op, _ *Module) ([]Type, error) {
	x, wt := argT(op, 0), argT(op, 1)
	if wt.DType != F32 || len(wt.Shape) != 4 {
		return nil, errorf("conv2d needs an f32 weight [O, C/groups, KH, KW], got %s", wt)
	}
	w, err := Window2DOf(op)
	if err != nil {
		return nil, err
	}
	if len(x.Shape) == 4 {
		cin, ok1 := x.Shape[1].Value()
		cg, ok2 := wt.Shape[1].Value()
		o, ok3 := wt.Shape[0].Value()
		if !ok1 || !ok2 || !ok3 {
			return nil, errorf("conv2d needs known channel counts: image %s, weight %s", x.Shape, wt.Shape)
		}
		if cin != cg*w.Groups {
			return nil, errorf("mismatched channels in conv2d: the image %s has %d, the weight %s takes %d (×%d groups)", x.Shape, cin, wt.Shape, cg, w.Groups)
		}
		if o%w.Groups != 0 {
			return nil, errorf("conv2d's %d output channels (weight %s) do not split into %d groups", o, wt.Shape, w.Groups)
		}
	}
	if len(op.Args) == 3 {
		b := argT(op, 2)
		if b.DType != F32 || len(b.Shape) != 1 || b.Shape[0] != wt.Shape[0] {
			return nil, errorf("conv2d's bias must be f32[%s] (one per output channel of weight %s), got %s", wt.Shape[0], wt.Shape, b)
		}
	}
	s, err := windowShape(op, x, w, wt.Shape[0])
	if err != nil {
		return nil, err
	}
	return one(Type{F32, s})
}

func inferPool2D(op *Op, _ *Module) ([]Type, error) {
	x := argT(op, 0)
	w, err := Window2DOf(op)
	if err != nil {
		return nil, err
	}
	var c Dim
	if len(x.Shape) == 4 {
		c = x.Shape[1]
	}
	s, err := windowShape(op, x, w, c)
	if err != nil {
		return nil, err
	}
	return one(Type{F32, s})
}
