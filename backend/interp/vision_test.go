package interp_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/runtime"
)

// The vision kernels against the definitions written out in float64 here
// (PyTorch's Conv2d, MaxPool2d and AvgPool2d), over strides, paddings,
// dilations and groups; and the same bits for every thread count.

func randT(rng *rand.Rand, shape ...int) *runtime.Tensor {
	t := runtime.New(runtime.F32, shape...)
	for i := range t.F {
		t.F[i] = float32(rng.NormFloat64())
	}
	return t
}

// conv2dRef is the definition: y[b,o,i,j] = bias[o] + Σ_{c in o's group,
// ky, kx} x[b, c, i·sh − ph + ky·dh, j·sw − pw + kx·dw] · w[o, c', ky, kx].
func conv2dRef(x, w, bias *runtime.Tensor, stride, pad, dil [2]int, groups int) ([]float64, []int) {
	nb, c, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	o, cg, kh, kw := w.Shape[0], w.Shape[1], w.Shape[2], w.Shape[3]
	ho := (h+2*pad[0]-dil[0]*(kh-1)-1)/stride[0] + 1
	wo := (wd+2*pad[1]-dil[1]*(kw-1)-1)/stride[1] + 1
	og := o / groups
	out := make([]float64, nb*o*ho*wo)
	for b := range nb {
		for oc := range o {
			g := oc / og
			for i := range ho {
				for j := range wo {
					s := 0.0
					if bias != nil {
						s = float64(bias.F[oc])
					}
					for ci := range cg {
						cin := g*cg + ci
						for ky := range kh {
							for kx := range kw {
								iy, ix := i*stride[0]-pad[0]+ky*dil[0], j*stride[1]-pad[1]+kx*dil[1]
								if iy < 0 || iy >= h || ix < 0 || ix >= wd {
									continue
								}
								s += float64(x.F[((b*c+cin)*h+iy)*wd+ix]) * float64(w.F[((oc*cg+ci)*kh+ky)*kw+kx])
							}
						}
					}
					out[((b*o+oc)*ho+i)*wo+j] = s
				}
			}
		}
	}
	return out, []int{nb, o, ho, wo}
}

func pairText(p [2]int) string { return fmt.Sprintf("[%d, %d]", p[0], p[1]) }

func TestConv2DDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	old := runtime.MinWorkPerThread
	runtime.MinWorkPerThread = 1
	defer func() { runtime.MinWorkPerThread = old }()
	for _, tc := range []struct {
		c, h, w, o, kh, kw, groups int
		stride, pad, dil           [2]int
		bias                       bool
	}{
		{1, 32, 20, 4, 3, 3, 1, [2]int{1, 1}, [2]int{1, 1}, [2]int{1, 1}, true},
		{3, 9, 11, 6, 2, 2, 1, [2]int{1, 1}, [2]int{0, 0}, [2]int{1, 1}, true},
		{4, 10, 7, 6, 3, 2, 2, [2]int{2, 1}, [2]int{2, 1}, [2]int{2, 1}, false},
		{6, 7, 13, 6, 3, 3, 6, [2]int{3, 2}, [2]int{1, 0}, [2]int{1, 3}, true},
		{2, 5, 5, 3, 5, 5, 1, [2]int{1, 1}, [2]int{0, 0}, [2]int{1, 1}, true},
	} {
		x := randT(rng, 2, tc.c, tc.h, tc.w)
		w := randT(rng, tc.o, tc.c/tc.groups, tc.kh, tc.kw)
		b := randT(rng, tc.o)
		want, shape := conv2dRef(x, w, map[bool]*runtime.Tensor{true: b}[tc.bias], tc.stride, tc.pad, tc.dil, tc.groups)
		args, groups := "%1, %2", ""
		if tc.bias {
			args += ", %3"
		}
		if tc.groups > 1 {
			groups = fmt.Sprintf(", groups=%d", tc.groups)
		}
		text := fmt.Sprintf("module M\n\nfunc forward(%%1 x: f32[B, %d, %d, %d], %%2 w: f32[%d, %d, %d, %d], %%3 b: f32[%d]) -> (y: f32[B, %d, %d, %d]) {\n  %%4 = conv2d %s {dilation=%s%s, padding=%s, stride=%s} : f32[B, %d, %d, %d]\n  return %%4\n}\n",
			tc.c, tc.h, tc.w, tc.o, tc.c/tc.groups, tc.kh, tc.kw, tc.o, shape[1], shape[2], shape[3],
			args, pairText(tc.dil), groups, pairText(tc.pad), pairText(tc.stride), shape[1], shape[2], shape[3])
		var first *runtime.Tensor
		for _, threads := range []int{1, 2, 3} {
			out, err := runIR(t, text, interp.Options{Threads: threads}, x, w, b)
			if err != nil {
				t.Fatalf("%+v: %v", tc, err)
			}
			y := out[0]
			for i, v := range want {
				if d := math.Abs(float64(y.F[i]) - v); d > 1e-5*(1+math.Abs(v)) {
					t.Fatalf("%+v, %d threads: element %d is %v, want %v", tc, threads, i, y.F[i], v)
				}
			}
			if first == nil {
				first = y.Clone()
			} else {
				for i := range y.F {
					if math.Float32bits(y.F[i]) != math.Float32bits(first.F[i]) {
						t.Fatalf("%+v: %d threads give other bits than 1 at element %d", tc, threads, i)
					}
				}
			}
		}
	}
}

func TestPool2DDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	x := randT(rng, 2, 3, 7, 8)
	x.F[5] = float32(math.NaN()) // plane 0, row 0: a max pool propagates it
	type pool struct {
		kernel, stride, pad [2]int
		exclude             bool
	}
	for _, p := range []pool{
		{[2]int{2, 2}, [2]int{2, 2}, [2]int{0, 0}, false},
		{[2]int{2, 2}, [2]int{2, 1}, [2]int{0, 1}, false},
		{[2]int{3, 3}, [2]int{2, 2}, [2]int{1, 1}, false},
		{[2]int{3, 3}, [2]int{2, 2}, [2]int{1, 1}, true},
		{[2]int{3, 2}, [2]int{1, 3}, [2]int{1, 0}, false},
	} {
		ho := (7+2*p.pad[0]-p.kernel[0])/p.stride[0] + 1
		wo := (8+2*p.pad[1]-p.kernel[1])/p.stride[1] + 1
		attrs := fmt.Sprintf("kernel=%s, padding=%s, stride=%s", pairText(p.kernel), pairText(p.pad), pairText(p.stride))
		if p.exclude {
			attrs = "exclude_pad=true, " + attrs
		}
		text := fmt.Sprintf("module M\n\nfunc forward(%%1 x: f32[B, 3, 7, 8]) -> (m: f32[B, 3, %d, %d], a: f32[B, 3, %d, %d]) {\n  %%2 = max_pool2d %%1 {%s} : f32[B, 3, %d, %d]\n  %%3 = avg_pool2d %%1 {%s} : f32[B, 3, %d, %d]\n  return %%2, %%3\n}\n",
			ho, wo, ho, wo, attrs, ho, wo, attrs, ho, wo)
		text = replaceOnce(text, "max_pool2d %1 {exclude_pad=true, ", "max_pool2d %1 {")
		out, err := runIR(t, text, interp.Options{Threads: 2}, x)
		if err != nil {
			t.Fatalf("%+v: %v", p, err)
		}
		for pl := range 6 {
			for i := range ho {
				for j := range wo {
					mx, sum, n, nPad := math.Inf(-1), 0.0, 0, 0
					for ky := range p.kernel[0] {
						for kx := range p.kernel[1] {
							iy, ix := i*p.stride[0]-p.pad[0]+ky, j*p.stride[1]-p.pad[1]+kx
							nPad++
							if iy < 0 || iy >= 7 || ix < 0 || ix >= 8 {
								continue
							}
							v := float64(x.F[(pl*7+iy)*8+ix])
							if v > mx || math.IsNaN(v) || math.IsNaN(mx) {
								if !math.IsNaN(mx) {
									mx = v
								}
							}
							sum += v
							n++
						}
					}
					if !p.exclude {
						n = nPad
					}
					at := (pl*ho+i)*wo + j
					gm, ga := float64(out[0].F[at]), float64(out[1].F[at])
					if gm != mx && !(math.IsNaN(gm) && math.IsNaN(mx)) {
						t.Errorf("%+v: max at %d is %v, want %v", p, at, gm, mx)
					}
					if a := sum / float64(n); math.Abs(ga-a) > 1e-6*(1+math.Abs(a)) && !(math.IsNaN(a) && math.IsNaN(ga)) {
						t.Errorf("%+v: mean at %d is %v, want %v", p, at, ga, a)
					}
				}
			}
		}
	}
}

func replaceOnce(s, old, new string) string {
	for i := 0; i+len(old) <= len(s); i++ {
		if s[i:i+len(old)] == old {
			return s[:i] + new + s[i+len(old):]
		}
	}
	return s
}

// TestPoolOfPaddingAlone: a symbolic width too small at run time (0 here)
// would give a window of padding alone; it is an error, not -Inf or NaN.
func TestPoolOfPaddingAlone(t *testing.T) {
	_, err := runIR(t, "module M\n\nfunc forward(%1 x: f32[B, 2, 4, W]) -> (y: f32[B, 2, 2, W+1]) {\n  %2 = max_pool2d %1 {kernel=[2, 2], padding=[0, 1], stride=[2, 1]} : f32[B, 2, 2, W+1]\n  return %2\n}\n",
		interp.Options{}, runtime.New(runtime.F32, 1, 2, 4, 0))
	if err == nil || !strings.Contains(err.Error(), "is too small: a window along W would hold padding alone") {
		t.Fatalf("got %v", err)
	}
}
