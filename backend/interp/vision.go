package interp

import (
	"fmt"
	"math"
	"strings"

	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The vision ops over images [B, C, H, W]: conv2d as im2col and the
// threaded GEMM, max_pool2d and avg_pool2d as direct loops parallel over
// the (image, channel) planes. Every output element is computed by one
// goroutine in a fixed order, so the numbers do not depend on the thread
// count.

func init() {
	impls["conv2d"] = conv2dImpl
	impls["max_pool2d"] = pool2dImpl
	impls["avg_pool2d"] = pool2dImpl
}

// conv2dImpl computes, per image and channel group, the im2col matrix
// col [Cg·KH·KW, Ho·Wo] (one row per input channel and kernel tap: the
// input pixels it reads for every output pixel, zero on the padding), then
// W_g · col with gemmRows (W is [O, Cg·KH·KW] row-major, PyTorch's layout),
// which lands in the NCHW output as it is, and adds the bias per channel.
// The long axis of the product is the output pixels, which gonum's
// NoTrans×NoTrans kernel vectorises.
func conv2dImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x, w := args[0], args[1]
	geo, err := ir.Window2DOf(op)
	if err != nil {
		return nil, err
	}
	shape := fr.shapeOf(op.Results[0])
	out := fr.alloc(runtime.F32, shape...)
	nb, cin, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	o, ho, wo := shape[1], shape[2], shape[3]
	g := geo.Groups
	cg, og := cin/g, o/g
	k := cg * geo.Kernel[0] * geo.Kernel[1]
	m := ho * wo
	if nb == 0 || m == 0 || o == 0 {
		return one(out)
	}
	// Scratch for one (image, group), reused across images and groups and
	// taken from (and given back to) the run's buffer pool, so later runs
	// touch no fresh memory; im2col writes all of it.
	colT := fr.scratch(k * m)
	defer fr.unscratch(colT)
	col := colT.F
	threads := fr.threads()
	for b := 0; b < nb; b++ {
		for gi := 0; gi < g; gi++ {
			img := x.F[(b*cin+gi*cg)*h*wd : (b*cin+(gi+1)*cg)*h*wd]
			dst := out.F[(b*o+gi*og)*m : (b*o+(gi+1)*og)*m]
			if k > 0 {
				im2col(threads, img, cg, h, wd, ho, wo, geo, col)
				gemmRows(threads, og, m, k, w.F[gi*og*k:(gi+1)*og*k], col, false, nil, dst)
			}
			if len(args) == 3 {
				for c, bv := range args[2].F[gi*og : (gi+1)*og] {
					row := dst[c*m : (c+1)*m]
					for p := range row {
						row[p] += bv
					}
				}
			}
		}
	}
	return one(out)
}

// im2col fills col [C·KH·KW, Ho·Wo] from one image group img [C, H, W]:
// row (c, ky, kx), column (oy, ox) holds the input pixel (oy·sh − ph +
// ky·dh, ox·sw − pw + kx·dw), or 0 outside the image. Rows are independent,
// so they are split over the threads.
func im2col(threads int, img []float32, c, h, w, ho, wo int, geo ir.Window2D, col []float32) {
	kh, kw := geo.Kernel[0], geo.Kernel[1]
	m := ho * wo
	runtime.ParallelFor(c*kh*kw, runtime.ThreadsFor(threads, c*kh*kw*m), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			ci, ky, kx := r/(kh*kw), r/kw%kh, r%kw
			plane := img[ci*h*w : (ci+1)*h*w]
			row := col[r*m : (r+1)*m]
			for oy := 0; oy < ho; oy++ {
				iy := oy*geo.Stride[0] - geo.Padding[0] + ky*geo.Dilation[0]
				dst := row[oy*wo : (oy+1)*wo]
				if iy < 0 || iy >= h {
					clear(dst)
					continue
				}
				src := plane[iy*w : (iy+1)*w]
				x0 := kx*geo.Dilation[1] - geo.Padding[1]
				for ox := range dst {
					if ix := ox*geo.Stride[1] + x0; ix >= 0 && ix < w {
						dst[ox] = src[ix]
					} else {
						dst[ox] = 0
					}
				}
			}
		}
	})
}

// pool2dImpl is max_pool2d and avg_pool2d. A max pool's padding is -inf (it
// never wins; every window holds an input pixel, which the op table
// checks); an average pool divides by the whole window, padding included,
// unless exclude_pad (PyTorch's count_include_pad=False).
func pool2dImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0]
	geo, err := ir.Window2DOf(op)
	if err != nil {
		return nil, err
	}
	shape := fr.shapeOf(op.Results[0])
	out := fr.alloc(runtime.F32, shape...)
	planes, h, w := x.Shape[0]*x.Shape[1], x.Shape[2], x.Shape[3]
	ho, wo := shape[2], shape[3]
	isMax := op.Kind == "max_pool2d"
	exclude := op.Attrs.Bool("exclude_pad")
	kh, kw := geo.Kernel[0], geo.Kernel[1]
	// The op table keeps the padding under half the kernel; what is left is
	// a symbolic size too small at run time (a width W of 0): a window of
	// padding alone, which PyTorch refuses too.
	for i, n := range []int{ho, wo} {
		if in := x.Shape[2+i]; n > 0 && (in == 0 || (n-1)*geo.Stride[i]-geo.Padding[i] >= in) {
			return nil, fmt.Errorf("the image %s is too small: a window along %s would hold padding alone", shapeString(x.Shape), []string{"H", "W"}[i])
		}
	}
	runtime.ParallelFor(planes, runtime.ThreadsFor(fr.threads(), planes*ho*wo*kh*kw), func(lo, hi int) {
		for pl := lo; pl < hi; pl++ {
			src := x.F[pl*h*w : (pl+1)*h*w]
			dst := out.F[pl*ho*wo : (pl+1)*ho*wo]
			for oy := 0; oy < ho; oy++ {
				y0 := oy*geo.Stride[0] - geo.Padding[0]
				for ox := 0; ox < wo; ox++ {
					x0 := ox*geo.Stride[1] - geo.Padding[1]
					if isMax {
						best := float32(math.Inf(-1))
						for ky := 0; ky < kh; ky++ {
							iy := y0 + ky
							if iy < 0 || iy >= h {
								continue
							}
							for kx := 0; kx < kw; kx++ {
								ix := x0 + kx
								// NaN propagates, as in PyTorch.
								if ix >= 0 && ix < w && (src[iy*w+ix] > best || src[iy*w+ix] != src[iy*w+ix]) {
									best = src[iy*w+ix]
									if best != best {
										break
									}
								}
							}
						}
						dst[oy*wo+ox] = best
						continue
					}
					var sum float32
					n := 0
					for ky := 0; ky < kh; ky++ {
						iy := y0 + ky
						for kx := 0; kx < kw; kx++ {
							ix := x0 + kx
							// PyTorch counts the padded window clipped to
							// the padded image.
							if iy < -geo.Padding[0] || iy >= h+geo.Padding[0] || ix < -geo.Padding[1] || ix >= w+geo.Padding[1] {
								continue
							}
							if iy >= 0 && iy < h && ix >= 0 && ix < w {
								sum += src[iy*w+ix]
								n++
							} else if !exclude {
								n++
							}
						}
					}
					if n > 0 {
						dst[oy*wo+ox] = sum / float32(n)
					}
				}
			}
		}
	})
	return one(out)
}

// shapeString prints a run-time shape as the IR prints shapes: [1, 16, 8, 0].
func shapeString(s []int) string {
	return strings.ReplaceAll(fmt.Sprint(s), " ", ", ")
}

// scratch returns a buffer of n f32 elements, not zeroed, for a kernel's
// temporary use; unscratch gives it back to the pool.
func (fr *frame) scratch(n int) *runtime.Tensor {
	if fr == nil || fr.plan == nil {
		return runtime.New(runtime.F32, n)
	}
	return fr.md.pool.getDirty(runtime.F32, []int{n})
}

func (fr *frame) unscratch(t *runtime.Tensor) {
	if fr != nil && fr.plan != nil {
		fr.md.pool.put(t)
	}
}
