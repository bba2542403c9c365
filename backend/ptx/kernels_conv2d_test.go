package ptx

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/seqc-dev/seqc/ir"
)

// conv2dCase is one geometry of the conv2d kernel's tests.
type conv2dCase struct {
	b, c, h, w, o, g int
	geo              ir.Window2D
	bias             bool
}

func (s conv2dCase) outHW() (int, int) {
	out := func(i, n int) int {
		return (n+2*s.geo.Padding[i]-s.geo.Dilation[i]*(s.geo.Kernel[i]-1)-1)/s.geo.Stride[i] + 1
	}
	return out(0, s.h), out(1, s.w)
}

// TestConv2DKernel: the implicit-GEMM conv2d against float64 sums over
// the window written here: stride, padding, dilation, groups, bias,
// channel and pixel counts across the 64×64 tile and the 16-wide slice
// of (c, ky, kx).
func TestConv2DKernel(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(8, 8))
	geo := func(kh, kw, sh, sw, ph, pw, dh, dw int) ir.Window2D {
		return ir.Window2D{Kernel: [2]int{kh, kw}, Stride: [2]int{sh, sw}, Padding: [2]int{ph, pw}, Dilation: [2]int{dh, dw}}
	}
	for _, s := range []conv2dCase{
		{1, 1, 1, 1, 1, 1, geo(1, 1, 1, 1, 0, 0, 1, 1), false},
		{2, 3, 9, 11, 5, 1, geo(3, 3, 2, 1, 1, 1, 1, 1), true},   // a CRNN layer
		{1, 4, 7, 6, 6, 2, geo(3, 2, 1, 1, 2, 1, 2, 1), false},   // groups, dilation
		{2, 6, 5, 13, 9, 3, geo(2, 3, 1, 2, 0, 2, 1, 3), true},   // stride and dilation along W
		{1, 7, 12, 12, 70, 1, geo(3, 3, 1, 1, 1, 1, 1, 1), true}, // 70 channels: two tiles; 144 pixels: three
		{3, 2, 4, 4, 130, 2, geo(4, 4, 3, 3, 3, 3, 1, 1), true},  // padding past the kernel's half
	} {
		name := keyf("test_conv2d", s.geo.Kernel[0], s.geo.Kernel[1], s.geo.Stride[0], s.geo.Stride[1],
			s.geo.Padding[0], s.geo.Padding[1], s.geo.Dilation[0], s.geo.Dilation[1], s.bias)
		r := loadEmu(t, kernelDef{conv2dSpec(name), func(tg Target, m *Module) error { return EmitConv2D(tg, m, name, s.geo, s.bias) }})
		ho, wo := s.outHW()
		cg, og := s.c/s.g, s.o/s.g
		kh, kw := s.geo.Kernel[0], s.geo.Kernel[1]
		x, w, b := randF(rng, s.b*s.c*s.h*s.w, 1), randF(rng, s.o*cg*kh*kw, 1), randF(rng, s.o, 1)
		y := make([]float32, s.b*s.o*ho*wo)
		var bb Buf
		if s.bias {
			bb = Buf{b, Weight}
		}
		l, ok := conv2dLaunch([]int{s.b, s.c, s.h, s.w}, []int{s.o, cg, kh, kw}, []int{s.b, s.o, ho, wo}, s.g, Buf{x, In}, Buf{w, Weight}, bb, y)
		if !ok {
			t.Fatalf("%+v: the kernel refuses it", s)
		}
		for _, threads := range []int{1, 2} {
			if err := r.launch(name, l, threads); err != nil {
				t.Fatal(err)
			}
			want := make([]float64, len(y))
			for n := 0; n < s.b; n++ {
				for o := 0; o < s.o; o++ {
					gi := o / og
					for oy := 0; oy < ho; oy++ {
						for ox := 0; ox < wo; ox++ {
							sum := 0.0
							if s.bias {
								sum = float64(b[o])
							}
							for ci := 0; ci < cg; ci++ {
								for ky := 0; ky < kh; ky++ {
									for kx := 0; kx < kw; kx++ {
										iy := oy*s.geo.Stride[0] - s.geo.Padding[0] + ky*s.geo.Dilation[0]
										ix := ox*s.geo.Stride[1] - s.geo.Padding[1] + kx*s.geo.Dilation[1]
										if iy < 0 || iy >= s.h || ix < 0 || ix >= s.w {
											continue
										}
										xv := x[((n*s.c+gi*cg+ci)*s.h+iy)*s.w+ix]
										sum += float64(xv) * float64(w[((o*cg+ci)*kh+ky)*kw+kx])
									}
								}
							}
							want[((n*s.o+o)*ho+oy)*wo+ox] = sum
						}
					}
				}
			}
			near(t, fmt.Sprintf("conv2d %+v", s), y, want, 1e-5)
		}
	}
}

// TestConv2DPTX: the conv2d kernel's PTX builds with no .extern, no local
// memory and IEEE rounding only.
func TestConv2DPTX(t *testing.T) {
	geo := ir.Window2D{Kernel: [2]int{3, 3}, Stride: [2]int{2, 1}, Padding: [2]int{1, 1}, Dilation: [2]int{1, 1}}
	name := "seqc_ptx_conv2d_test"
	checkKernelPTX(t, kernelDef{conv2dSpec(name), func(tg Target, m *Module) error { return EmitConv2D(tg, m, name, geo, true) }}, true)
}
