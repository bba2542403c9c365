package ptx

import (
	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// conv2d over images [B, C, H, W] as an implicit GEMM: per image b and
// channel group g, Y_g [O/G, Ho·Wo] = W_g [O/G, Cg·KH·KW] · col, where
// col is the im2col matrix of the group's channels (row (c, ky, kx),
// column (oy, ox): the pixel (oy·sh − ph + ky·dh, ox·sw − pw + kx·dw), 0
// on the padding) — the interpreter's product. The kernel never builds
// col: the shared tiled product (kernels_matmul_tile.go) stages its 16×64
// slices straight from the image, doing the im2col indexing as it loads.
//
// Why an implicit GEMM rather than a direct kernel (one thread per output
// summing its taps): a staged pixel is used by the 64 output channels of
// the tile and a staged weight by its 64 pixels, where a direct kernel
// reads both from global memory once per multiply-add; and unlike the
// LLVM backend's lowering (im2col into a buffer, then the packed GEMM)
// no Cg·KH·KW × Ho·Wo matrix goes through device memory. The geometry
// (kernel, stride, padding, dilation) is compiled into the kernel, so the
// index arithmetic divides by constants.
//
// Each output is the FMAs over r = (c, ky, kx) in increasing order in
// FP32, then the bias added (as the interpreter adds it after its
// product); the interpreter's gonum kernel sums in another order, so the
// two agree within the harness's tolerance for sums.

func init() {
	kernelTable["conv2d"] = kernelEntry{plan: planConv2D}
}

// conv2dSpec: ints [Cin, H, W, Ho, Wo, O/G, Cg, G, mTiles]; buffers x,
// w [O, Cg, KH, KW], bias [O] (unused without), y [B, O, Ho, Wo]. Grid
// (⌈Ho·Wo/64⌉, mTiles·G·B).
func conv2dSpec(name string) Spec {
	return Spec{Name: name, BX: gemmThreads, BY: gemmThreads, Ints: 9, Ptrs: 4}
}

// EmitConv2D adds the conv2d kernel of geometry geo (its Groups is not
// used: the group count is an argument).
func EmitConv2D(t Target, m *Module, name string, geo ir.Window2D, bias bool) error {
	return Emit(t, m.M, m.Math, conv2dSpec(name), func(k *K) error {
		x, w, bm, y := k.Global(0), k.Global(1), k.Global(2), k.Global(3)
		cin, H, W, Ho, Wo := k.Int(0), k.Int(1), k.Int(2), k.Int(3), k.Int(4)
		og, cg, G, mt := k.Int(5), k.Int(6), k.Int(7), k.Int(8)
		kh, kw := int64(geo.Kernel[0]), int64(geo.Kernel[1])
		taps := c64(kh * kw)
		K := k.Mul(cg, taps)
		N := k.Mul(Ho, Wo)
		m0 := k.Mul(k.B.NewSRem(k.BlockY(), mt), c64(gemmTile))
		n0 := k.Mul(k.BlockX(), c64(gemmTile))
		rest := k.B.NewSDiv(k.BlockY(), mt)
		gi, b := k.B.NewSRem(rest, G), k.B.NewSDiv(rest, G)
		// The group's weights [og, K] and its first input channel's plane.
		wOff := k.Mul(k.Mul(gi, og), K)
		xOff := k.Mul(k.Add(k.Mul(b, cin), k.Mul(gi, cg)), k.Mul(H, W))
		ult := func(a, n llvalue.Value) llvalue.Value { return k.B.NewICmp(llenum.IPredULT, a, n) }
		opA := tileOperand{rowMajorK, func(row, kk llvalue.Value) llvalue.Value {
			return k.guarded(k.And(k.Lt(row, og), k.Lt(kk, K)), w, func() llvalue.Value { return k.Add(wOff, k.Add(k.Mul(row, K), kk)) })
		}}
		opB := tileOperand{kMajor, func(p, r llvalue.Value) llvalue.Value {
			ci := k.B.NewSDiv(r, taps)
			ky := k.B.NewSRem(k.B.NewSDiv(r, c64(kw)), c64(kh))
			kx := k.B.NewSRem(r, c64(kw))
			oy, ox := k.B.NewSDiv(p, Wo), k.B.NewSRem(p, Wo)
			iy := k.Add(k.Mul(oy, c64(int64(geo.Stride[0]))), c64(-int64(geo.Padding[0])))
			iy = k.Add(iy, k.Mul(ky, c64(int64(geo.Dilation[0]))))
			ix := k.Add(k.Mul(ox, c64(int64(geo.Stride[1]))), c64(-int64(geo.Padding[1])))
			ix = k.Add(ix, k.Mul(kx, c64(int64(geo.Dilation[1]))))
			// Unsigned compares take the padding on both sides (a
			// negative index is a huge unsigned one).
			in := k.And(k.And(k.Lt(p, N), k.Lt(r, K)), k.And(ult(iy, H), ult(ix, W)))
			return k.guarded(in, x, func() llvalue.Value {
				return k.Add(xOff, k.Add(k.Mul(k.Add(k.Mul(ci, H), iy), W), ix))
			})
		}}
		O := k.Mul(og, G)
		emitTiledProduct(k, opA, opB, m0, n0, og, N, K, func(row, col, acc llvalue.Value) {
			ch := k.Add(k.Mul(gi, og), row)
			v := acc
			if bias {
				v = k.B.NewFAdd(v, k.Load(bm, ch))
			}
			k.Store(y, k.Add(k.Mul(k.Add(k.Mul(b, O), ch), N), col), v)
		})
		return nil
	})
}

func planConv2D(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !allF32(op.Args...) {
		return nil, "conv2d takes f32"
	}
	geo, err := ir.Window2DOf(op)
	if err != nil {
		return nil, err.Error()
	}
	bias := len(op.Args) == 3
	g := geo.Groups
	name := keyf("conv2d", geo.Kernel[0], geo.Kernel[1], geo.Stride[0], geo.Stride[1], geo.Padding[0], geo.Padding[1], geo.Dilation[0], geo.Dilation[1], bias)
	xk, wk := weightKind(op, 0, fixed), weightKind(op, 1, fixed)
	bk := In
	if bias {
		bk = weightKind(op, 2, fixed)
	}
	return &opKernel{
		defs: []kernelDef{{conv2dSpec(name), func(t Target, m *Module) error { return EmitConv2D(t, m, name, geo, bias) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			x, w := c.Args[0], c.Args[1]
			shape := c.Shape(c.Op.Results[0])
			var bb Buf
			if bias {
				bb = Buf{c.Args[2].F, bk}
			}
			l, ok := conv2dLaunch(x.Shape, w.Shape, shape, g, Buf{x.F, xk}, Buf{w.F, wk}, bb, nil)
			if !ok {
				return fallback(c, r)
			}
			y := c.Output(runtime.F32, shape...)
			l.Bufs[3].F = y.F
			return one(y), r.launch(name, l, c.Threads())
		},
	}, ""
}

// conv2dLaunch is the launch of conv2d of x [xs] by w [ws] in g groups
// into y [out]; ok is false for what the kernel does not take (an empty
// image or result, a channel count the groups do not divide — which the
// interpreter reports —, a grid past CUDA's limits).
func conv2dLaunch(xs, ws, out []int, g int, x, w, bias Buf, y []float32) (*Launch, bool) {
	nb, cin, h, wd := xs[0], xs[1], xs[2], xs[3]
	o, ho, wo := out[1], out[2], out[3]
	if nb == 0 || o == 0 || ho*wo == 0 || cin == 0 || cin%g != 0 || o%g != 0 || ws[1] != cin/g || ws[0] != o {
		return nil, false
	}
	og := o / g
	mt := CeilDiv(og, gemmTile)
	grid, err := Grid2D(CeilDiv(ho*wo, gemmTile), mt*g*nb)
	if err != nil {
		return nil, false
	}
	ints := []int64{int64(cin), int64(h), int64(wd), int64(ho), int64(wo), int64(og), int64(cin / g), int64(g), int64(mt)}
	taps := ws[1] * ws[2] * ws[3]
	return &Launch{Grid: grid, Ints: ints, Bufs: []Buf{x, w, bias, {y, Out}}, Work: nb * o * ho * wo * taps / 64}, true
}
