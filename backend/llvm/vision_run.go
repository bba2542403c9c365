package llvm

import (
	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// conv2dArgs is one conv2d call: x [B, C, H, W] → y [B, O, Ho, Wo].
type conv2dArgs struct {
	geo                   ir.Window2D
	B, C, H, W, Ho, Wo, O int
	X, Y                  []float32
}

// conv2dScratch holds a chunk's images in HWC order, its im2col matrix and
// its GEMM output, grown once and reused (fresh memory is slow to touch on
// first use).
type conv2dScratch struct{ hwc, col, out []float32 }

// convChunkFloats bounds the im2col matrix of one chunk of images: large
// enough for GEMMs of hundreds of rows, small enough to stay a few MB.
const convChunkFloats = 1 << 21

// packConvWeight reorders one group's weight [og, cg, KH, KW] (PyTorch's
// layout) to [og, KH, KW, cg], the order of im2colT's columns, and packs
// it for the GEMM.
func packConvWeight(w []float32, s GEMMSpec, variant string, cg, kh, kw int) []float32 {
	r := make([]float32, len(w))
	for o := 0; o < s.N; o++ {
		src, dst := w[o*s.K:][:s.K], r[o*s.K:][:s.K]
		for c := 0; c < cg; c++ {
			for t := 0; t < kh*kw; t++ {
				dst[t*cg+c] = src[c*kh*kw+t]
			}
		}
	}
	return PackGEMMWeight(r, s, variant)
}

// runConv2D computes a conv2d chunk of images by chunk and group by group:
// the group's channels transposed to HWC, the transposed im2col matrix
// col [images·Ho·Wo, K] (one row per output pixel: its window's pixels in
// (ky, kx, c) order, zero on the padding, which packConvWeight's order
// matches), then out = col·W_gᵀ + b_g on the packed GEMM ([pixels,
// O/groups]), copied into y's NCHW planes. The copies are exact and the
// GEMM is bitwise thread-independent, so the result is too.
func runConv2D(fn native.Fn, s GEMMSpec, variant string, threads int, a *conv2dArgs, packed [][]float32, bias []float32, sc *conv2dScratch) {
	g, og, K := a.geo.Groups, s.N, s.K
	cg, m, hw := a.C/g, a.Ho*a.Wo, a.H*a.W
	per := max(1, min(a.B, convChunkFloats/max(1, m*K)))
	grow := func(buf *[]float32, n int) {
		if len(*buf) < n {
			*buf = gemmAlloc(n)
		}
	}
	grow(&sc.hwc, per*hw*cg)
	grow(&sc.col, per*m*K)
	grow(&sc.out, per*m*og)
	ws := takeWorkspace()
	defer giveWorkspace(ws)
	for b0 := 0; b0 < a.B; b0 += per {
		nb := min(per, a.B-b0)
		for gi := 0; gi < g; gi++ {
			hwc, col, out := sc.hwc[:nb*hw*cg], sc.col[:nb*m*K], sc.out[:nb*m*og]
			// [c, y, x] → [y, x, c], one image row (i, y) per item.
			runtime.ParallelFor(nb*a.H, runtime.ThreadsFor(threads, nb*hw*cg), func(lo, hi int) {
				for r := lo; r < hi; r++ {
					i, y := r/a.H, r%a.H
					img := a.X[((b0+i)*a.C+gi*cg)*hw:][:cg*hw]
					dst := hwc[(i*a.H+y)*a.W*cg:][:a.W*cg]
					c := 0
					// Four channels per pass: four runs of x feed one
					// slice of the HWC row per pixel.
					for ; c+4 <= cg; c += 4 {
						s0, s1 := img[c*hw+y*a.W:][:a.W], img[(c+1)*hw+y*a.W:][:a.W]
						s2, s3 := img[(c+2)*hw+y*a.W:][:a.W], img[(c+3)*hw+y*a.W:][:a.W]
						for x := range s0 {
							d := dst[x*cg+c:][:4]
							d[0], d[1], d[2], d[3] = s0[x], s1[x], s2[x], s3[x]
						}
					}
					for ; c < cg; c++ {
						src := img[c*hw+y*a.W:][:a.W]
						for x, v := range src {
							dst[x*cg+c] = v
						}
					}
				}
			})
			im2colT(threads, a, nb, cg, K, hwc, col)
			var bg []float32
			if s.Bias {
				bg = bias[gi*og : (gi+1)*og]
			}
			RunGEMM(fn, ws, threads, s, variant, nb*m, col, packed[gi], bg, out)
			// [pixel, channel] → y[b, gi·og + channel, pixel], by tiles
			// of convTile pixels × convTile channels (16 KB read, 16 KB
			// written in runs of convTile floats: both stay in L1).
			tiles := (m + convTile - 1) / convTile
			runtime.ParallelFor(nb*tiles, runtime.ThreadsFor(threads, nb*og*m), func(lo, hi int) {
				for r := lo; r < hi; r++ {
					i, p0 := r/tiles, r%tiles*convTile
					n := min(convTile, m-p0)
					src := out[(i*m+p0)*og:][:n*og]
					dst := a.Y[((b0+i)*a.O+gi*og)*m+p0:]
					for c0 := 0; c0 < og; c0 += convTile {
						c1 := min(c0+convTile, og)
						oc := c0
						// Four channels per pass: one slice of src per
						// pixel feeds four runs of y.
						for ; oc+4 <= c1; oc += 4 {
							d0, d1 := dst[oc*m:][:n], dst[(oc+1)*m:][:n]
							d2, d3 := dst[(oc+2)*m:][:n], dst[(oc+3)*m:][:n]
							for p := 0; p < n; p++ {
								v := src[p*og+oc:][:4]
								d0[p], d1[p], d2[p], d3[p] = v[0], v[1], v[2], v[3]
							}
						}
						for ; oc < c1; oc++ {
							d := dst[oc*m:][:n]
							for p := range d {
								d[p] = src[p*og+oc]
							}
						}
					}
				}
			})
		}
	}
}

// convTile is the side of the output transpose's tiles.
const convTile = 64

// im2colT fills col [nb·Ho·Wo, K] from nb images hwc [H, W, cg]: row (i,
// oy, ox), column (ky, kx, c) holds channel c of pixel (oy·sh − ph + ky·dh,
// ox·sw − pw + kx·dw), or 0 outside the image. Output rows (i, oy) are
// split over the threads. In HWC order a window row of an undilated
// kernel is one contiguous run of KW·cg floats: one copy where it lies
// inside the image (everywhere but the left and right edges).
func im2colT(threads int, a *conv2dArgs, nb, cg, K int, hwc []float32, col []float32) {
	geo := a.geo
	kh, kw := geo.Kernel[0], geo.Kernel[1]
	dh, dw := geo.Dilation[0], geo.Dilation[1]
	h, w, ho, wo := a.H, a.W, a.Ho, a.Wo
	run := kw * cg
	runtime.ParallelFor(nb*ho, runtime.ThreadsFor(threads, nb*ho*wo*K), func(lo, hi int) {
		rowOff := make([]int, kh) // offset of image row iy in hwc, -1 outside the image
		for r := lo; r < hi; r++ {
			i, oy := r/ho, r%ho
			for ky := range rowOff {
				if iy := oy*geo.Stride[0] - geo.Padding[0] + ky*dh; iy >= 0 && iy < h {
					rowOff[ky] = (i*h + iy) * w * cg
				} else {
					rowOff[ky] = -1
				}
			}
			rows := col[r*wo*K:][:wo*K]
			for ox := 0; ox < wo; ox++ {
				dst := rows[ox*K:][:K]
				x0 := ox*geo.Stride[1] - geo.Padding[1]
				inside := x0 >= 0 && x0+(kw-1)*dw < w
				for ky, off := range rowOff {
					d := dst[ky*run:][:run]
					switch {
					case off < 0:
						clear(d)
					case inside && dw == 1:
						copy(d, hwc[off+x0*cg:][:run])
					default:
						for kx := 0; kx < kw; kx++ {
							dk := d[kx*cg:][:cg]
							if ix := x0 + kx*dw; ix >= 0 && ix < w {
								copy(dk, hwc[off+ix*cg:][:cg])
							} else {
								clear(dk)
							}
						}
					}
				}
			}
		}
	})
}

// runPool runs a pooling kernel over planes (image, channel) planes of x
// [planes, h, w] into y [planes, ho, wo], one kernel call per goroutine.
func runPool(fn native.Fn, threads, planes, h, w, ho, wo, taps int, x, y []float32) {
	runtime.ParallelFor(planes, runtime.ThreadsFor(threads, planes*ho*wo*taps), func(lo, hi int) {
		ints := [4]int64{int64(h), int64(w), int64(ho), int64(wo)}
		var p native.Ptrs
		p[poolPX], p[poolPY] = gemmPtr(x), gemmPtr(y)
		fn.Call(lo, hi, ints[:], &p)
	})
}
