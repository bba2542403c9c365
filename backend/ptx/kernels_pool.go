package ptx

import (
	"fmt"
	"math"

	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// max_pool2d and avg_pool2d over images [B, C, H, W]: one thread per
// output element walking its window (compiled in: kernel, stride,
// padding) in the interpreter's order, ky then kx, so the results are the
// interpreter's bits:
//
//   - max: from −inf, a pixel replaces the best when greater (so of equal
//     values, ±0 included, the first stays) or NaN; once the best is NaN
//     the rest of that window row is skipped (the interpreter's break),
//     and a NaN in a later row replaces it (NaN propagates; of several,
//     the first of the last row holding one is the result).
//   - avg: the pixels summed in FP32 from +0 (adds, no FMA), divided by
//     the count of the window clipped to the padded image (padding
//     counted, or not with exclude_pad); a count of 0 gives 0.

func init() {
	kernelTable["max_pool2d"] = kernelEntry{plan: planPool2D}
	kernelTable["avg_pool2d"] = kernelEntry{plan: planPool2D}
}

// poolSpec: ints [total, H, W, Ho, Wo]; buffers x, y.
func poolSpec(name string) Spec { return Spec{Name: name, BX: elemBlock, BY: 1, Ints: 5, Ptrs: 2} }

// EmitPool2D adds a pooling kernel of geometry geo (its dilation and
// groups are not used): the max when isMax, else the average.
func EmitPool2D(t Target, m *Module, name string, geo ir.Window2D, isMax, exclude bool) error {
	if geo.Dilation != [2]int{1, 1} {
		return fmt.Errorf("ptx: pool2d: dilation %v", geo.Dilation)
	}
	return Emit(t, m.M, m.Math, poolSpec(name), func(k *K) error {
		x, y := k.Global(0), k.Global(1)
		k.Phase(func() {
			p := k.elemIndex()
			k.If(k.Lt(p, k.Int(0)), func() {
				H, W, Ho, Wo := k.Int(1), k.Int(2), k.Int(3), k.Int(4)
				ox := k.B.NewSRem(p, Wo)
				q := k.B.NewSDiv(p, Wo)
				oy, plane := k.B.NewSRem(q, Ho), k.B.NewSDiv(q, Ho)
				y0 := k.Add(k.Mul(oy, c64(int64(geo.Stride[0]))), c64(-int64(geo.Padding[0])))
				x0 := k.Add(k.Mul(ox, c64(int64(geo.Stride[1]))), c64(-int64(geo.Padding[1])))
				base := k.Mul(plane, k.Mul(H, W))
				ult := func(a, n llvalue.Value) llvalue.Value { return k.B.NewICmp(llenum.IPredULT, a, n) }
				load := func(iy, ix llvalue.Value) llvalue.Value {
					return k.Load(x, k.Add(base, k.Add(k.Mul(iy, W), ix)))
				}
				var out llvalue.Value
				if isMax {
					out = k.maxWindow(geo, y0, x0, H, W, ult, load)
				} else {
					out = k.avgWindow(geo, y0, x0, H, W, exclude, ult, load)
				}
				k.Store(y, p, out)
			})
		})
		return nil
	})
}

// maxWindow is the interpreter's max over one window (see above).
func (k *K) maxWindow(geo ir.Window2D, y0, x0, H, W llvalue.Value, ult func(a, n llvalue.Value) llvalue.Value, load func(iy, ix llvalue.Value) llvalue.Value) llvalue.Value {
	best := f32(float32(math.Inf(-1)))
	for ky := 0; ky < geo.Kernel[0]; ky++ {
		iy := k.Add(y0, c64(int64(ky)))
		rowIn := ult(iy, H)
		var stop llvalue.Value = llconst.False
		for kx := 0; kx < geo.Kernel[1]; kx++ {
			ix := k.Add(x0, c64(int64(kx)))
			in := k.And(k.And(rowIn, ult(ix, W)), k.B.NewXor(stop, llconst.True))
			v := k.IfValue(in, best, func() llvalue.Value { return load(iy, ix) })
			isNaN := k.B.NewFCmp(llenum.FPredUNO, v, v)
			upd := k.And(in, k.B.NewOr(k.B.NewFCmp(llenum.FPredOGT, v, best), isNaN))
			best = k.B.NewSelect(upd, v, best)
			stop = k.B.NewOr(stop, k.And(upd, isNaN))
		}
	}
	return best
}

// avgWindow is the interpreter's average over one window (see above).
func (k *K) avgWindow(geo ir.Window2D, y0, x0, H, W llvalue.Value, exclude bool, ult func(a, n llvalue.Value) llvalue.Value, load func(iy, ix llvalue.Value) llvalue.Value) llvalue.Value {
	ph, pw := c64(int64(geo.Padding[0])), c64(int64(geo.Padding[1]))
	// The padded image is [−ph, H+ph) × [−pw, W+pw): shifted by the
	// padding, one unsigned compare each.
	hp, wp := k.Add(H, k.Mul(ph, c64(2))), k.Add(W, k.Mul(pw, c64(2)))
	sum := f32(0)
	var n llvalue.Value = c64(0)
	for ky := 0; ky < geo.Kernel[0]; ky++ {
		iy := k.Add(y0, c64(int64(ky)))
		for kx := 0; kx < geo.Kernel[1]; kx++ {
			ix := k.Add(x0, c64(int64(kx)))
			inPad := k.And(ult(k.Add(iy, ph), hp), ult(k.Add(ix, pw), wp))
			inImg := k.And(ult(iy, H), ult(ix, W))
			cur := sum
			sum = k.IfValue(inImg, cur, func() llvalue.Value { return k.B.NewFAdd(cur, load(iy, ix)) })
			counted := inImg
			if !exclude {
				counted = inPad
			}
			n = k.Add(n, k.B.NewZExt(counted, c64(0).Type()))
		}
	}
	q := k.B.NewFDiv(sum, k.ToFloat(k.B.NewSelect(k.Lt(c64(0), n), n, c64(1))))
	return k.B.NewSelect(k.Lt(c64(0), n), q, f32(0))
}

func planPool2D(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !allF32(op.Args[0]) || len(op.Args[0].Type.Shape) != 4 {
		return nil, op.Kind + " takes f32[B, C, H, W]"
	}
	geo, err := ir.Window2DOf(op)
	if err != nil {
		return nil, err.Error()
	}
	if geo.Dilation != [2]int{1, 1} {
		return nil, op.Kind + " with a dilation runs on the interpreter"
	}
	isMax := op.Kind == "max_pool2d"
	exclude := !isMax && op.Attrs.Bool("exclude_pad")
	name := keyf("pool", op.Kind, geo.Kernel[0], geo.Kernel[1], geo.Stride[0], geo.Stride[1], geo.Padding[0], geo.Padding[1], exclude)
	xk := weightKind(op, 0, fixed)
	return &opKernel{
		defs: []kernelDef{{poolSpec(name), func(t Target, m *Module) error { return EmitPool2D(t, m, name, geo, isMax, exclude) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			shape := c.Shape(c.Op.Results[0])
			l, ok := poolLaunch(x.Shape, shape, geo, Buf{x.F, xk}, nil)
			if !ok {
				return fallback(c, r)
			}
			y := c.Output(runtime.F32, shape...)
			if len(y.F) == 0 {
				return one(y), nil
			}
			l.Bufs[1].F = y.F
			return one(y), r.launch(name, l, c.Threads())
		},
	}, ""
}

// poolLaunch is the launch of a pool of x [xs] into y [out] (an empty
// result launches nothing: Grid is 0 blocks); ok is false for a window of
// padding alone (an image too small at run time, which the interpreter
// reports) and a grid past CUDA's limits.
func poolLaunch(xs, out []int, geo ir.Window2D, x Buf, y []float32) (*Launch, bool) {
	h, w, ho, wo := xs[2], xs[3], out[2], out[3]
	for i, n := range []int{ho, wo} {
		if in := xs[2+i]; n > 0 && (in == 0 || (n-1)*geo.Stride[i]-geo.Padding[i] >= in) {
			return nil, false
		}
	}
	total := out[0] * out[1] * ho * wo
	g, err := Grid1D(CeilDiv(total, elemBlock))
	if err != nil {
		return nil, false
	}
	return &Launch{Grid: g, Ints: []int64{int64(total), int64(h), int64(w), int64(ho), int64(wo)},
		Bufs: []Buf{x, {y, Out}}, Work: total * geo.Kernel[0] * geo.Kernel[1]}, true
}
