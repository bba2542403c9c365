package llvm

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"testing"

	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The vision kernels against their definitions written out here in float64
// (PyTorch's Conv2d, MaxPool2d, AvgPool2d), over strides, paddings,
// dilations and groups, on 1, 2 and 3 threads with the same bits each time,
// and running natively (not on the interpreter).

// visionRun prepares forward of text on llvm with weights and runs it.
func visionRun(t *testing.T, text string, weights map[string]*runtime.Tensor, threads int, in ...*runtime.Tensor) []*runtime.Tensor {
	t.Helper()
	m, err := ir.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	if err := ir.Verify(m); err != nil {
		t.Fatal(err)
	}
	exe, err := llvmBackend{}.Prepare(context.Background(), m, weights, "", backend.Options{Threads: threads})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range exe.Placement() {
		switch p.Op.Kind {
		case "conv2d", "max_pool2d", "avg_pool2d":
			if p.Backend != Name {
				t.Fatalf("%s runs on %s: %s", p.Op.Kind, p.Backend, p.Why)
			}
		}
	}
	out, err := exe.Run(context.Background(), "forward", in)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func visionRand(rng *rand.Rand, shape ...int) *runtime.Tensor {
	t := runtime.New(runtime.F32, shape...)
	for i := range t.F {
		t.F[i] = float32(rng.NormFloat64())
	}
	return t
}

func pair(p [2]int) string { return fmt.Sprintf("[%d, %d]", p[0], p[1]) }

// sameBits fails unless a and b hold the same bits.
func sameBits(t *testing.T, what string, a, b []float32) {
	t.Helper()
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			t.Fatalf("%s: element %d is %v, was %v on 1 thread", what, i, b[i], a[i])
		}
	}
}

func TestConv2DKernel(t *testing.T) {
	requireJIT(t)
	t.Setenv("SEQC_CACHE", t.TempDir())
	oldMin, oldGEMM := runtime.MinWorkPerThread, GEMMMinWork
	runtime.MinWorkPerThread, GEMMMinWork = 1, 1
	defer func() { runtime.MinWorkPerThread, GEMMMinWork = oldMin, oldGEMM }()
	rng := rand.New(rand.NewSource(3))
	for _, tc := range []struct {
		b, c, h, w, o, kh, kw, groups int
		stride, pad, dil              [2]int
		bias                          bool
	}{
		{3, 1, 32, 20, 4, 3, 3, 1, [2]int{1, 1}, [2]int{1, 1}, [2]int{1, 1}, true},
		{2, 3, 9, 11, 19, 2, 2, 1, [2]int{1, 1}, [2]int{0, 0}, [2]int{1, 1}, true},
		{2, 4, 10, 7, 6, 3, 2, 2, [2]int{2, 1}, [2]int{2, 1}, [2]int{2, 1}, false},
		{1, 6, 7, 13, 6, 3, 3, 6, [2]int{3, 2}, [2]int{1, 0}, [2]int{1, 3}, true},
		{2, 2, 5, 5, 3, 5, 5, 1, [2]int{1, 1}, [2]int{0, 0}, [2]int{1, 1}, true},
		{40, 16, 4, 9, 37, 3, 3, 1, [2]int{1, 1}, [2]int{1, 1}, [2]int{1, 1}, true}, // several chunks of images
	} {
		x := visionRand(rng, tc.b, tc.c, tc.h, tc.w)
		cg := tc.c / tc.groups
		w := visionRand(rng, tc.o, cg, tc.kh, tc.kw)
		bias := visionRand(rng, tc.o)
		ho := (tc.h+2*tc.pad[0]-tc.dil[0]*(tc.kh-1)-1)/tc.stride[0] + 1
		wo := (tc.w+2*tc.pad[1]-tc.dil[1]*(tc.kw-1)-1)/tc.stride[1] + 1
		weights := map[string]*runtime.Tensor{"w": w}
		args := "%1, %2"
		decls := fmt.Sprintf("param \"w\": f32[%d, %d, %d, %d]\n", tc.o, cg, tc.kh, tc.kw)
		params := fmt.Sprintf("  %%2 = param {name=\"w\"} : f32[%d, %d, %d, %d]\n", tc.o, cg, tc.kh, tc.kw)
		if tc.bias {
			args += ", %3"
			decls += fmt.Sprintf("param \"b\": f32[%d]\n", tc.o)
			params += fmt.Sprintf("  %%3 = param {name=\"b\"} : f32[%d]\n", tc.o)
			weights["b"] = bias
		}
		text := fmt.Sprintf("module M\n\n%s\nfunc forward(%%1 x: f32[B, %d, %d, %d]) -> (y: f32[B, %d, %d, %d]) {\n%s  %%4 = conv2d %s {dilation=%s, groups=%d, padding=%s, stride=%s} : f32[B, %d, %d, %d]\n  return %%4\n}\n",
			decls, tc.c, tc.h, tc.w, tc.o, ho, wo, params, args, pair(tc.dil), tc.groups, pair(tc.pad), pair(tc.stride), tc.o, ho, wo)
		var first []float32
		for _, threads := range []int{1, 2, 3} {
			y := visionRun(t, text, weights, threads, x)[0]
			if first == nil {
				first = append([]float32(nil), y.F...)
			} else {
				sameBits(t, fmt.Sprintf("%+v, %d threads", tc, threads), first, y.F)
				continue
			}
			og := tc.o / tc.groups
			for b := range tc.b {
				for oc := range tc.o {
					for i := range ho {
						for j := range wo {
							s, mag := 0.0, 0.0
							if tc.bias {
								s, mag = float64(bias.F[oc]), math.Abs(float64(bias.F[oc]))
							}
							for ci := range cg {
								cin := oc/og*cg + ci
								for ky := range tc.kh {
									for kx := range tc.kw {
										iy, ix := i*tc.stride[0]-tc.pad[0]+ky*tc.dil[0], j*tc.stride[1]-tc.pad[1]+kx*tc.dil[1]
										if iy < 0 || iy >= tc.h || ix < 0 || ix >= tc.w {
											continue
										}
										p := float64(x.F[((b*tc.c+cin)*tc.h+iy)*tc.w+ix]) * float64(w.F[((oc*cg+ci)*tc.kh+ky)*tc.kw+kx])
										s += p
										mag += math.Abs(p)
									}
								}
							}
							got := float64(y.F[((b*tc.o+oc)*ho+i)*wo+j])
							// float32 sums of K terms: a few ulps of Σ|terms|.
							if math.Abs(got-s) > 1e-6*float64(cg*tc.kh*tc.kw+1)*(mag+1e-30) {
								t.Fatalf("%+v: y[%d,%d,%d,%d] = %v, want %v", tc, b, oc, i, j, got, s)
							}
						}
					}
				}
			}
		}
	}
}

// pool is one pooling geometry.
type pool struct {
	kernel, stride, pad [2]int
	exclude             bool
}

var poolCases = []pool{
	{[2]int{2, 2}, [2]int{2, 2}, [2]int{0, 0}, false},
	{[2]int{2, 2}, [2]int{2, 1}, [2]int{0, 1}, false},
	{[2]int{3, 3}, [2]int{2, 2}, [2]int{1, 1}, false},
	{[2]int{3, 3}, [2]int{2, 2}, [2]int{1, 1}, true},
	{[2]int{3, 2}, [2]int{1, 3}, [2]int{1, 0}, false},
	{[2]int{1, 4}, [2]int{1, 1}, [2]int{0, 2}, true},
}

// checkPool compares max and avg pools of x [planes, H, W] with the
// definitions in float64.
func checkPool(t *testing.T, p pool, x []float32, planes, H, W, ho, wo int, maxOut, avgOut []float32) {
	t.Helper()
	for pl := range planes {
		for i := range ho {
			for j := range wo {
				mx, sum, n, nPad := math.Inf(-1), 0.0, 0, 0
				for ky := range p.kernel[0] {
					for kx := range p.kernel[1] {
						iy, ix := i*p.stride[0]-p.pad[0]+ky, j*p.stride[1]-p.pad[1]+kx
						nPad++
						if iy < 0 || iy >= H || ix < 0 || ix >= W {
							continue
						}
						v := float64(x[(pl*H+iy)*W+ix])
						if math.IsNaN(v) || (!math.IsNaN(mx) && v > mx) {
							mx = v
						}
						sum += v
						n++
					}
				}
				if !p.exclude {
					n = nPad
				}
				at := (pl*ho+i)*wo + j
				gm, ga := float64(maxOut[at]), float64(avgOut[at])
				if gm != mx && !(math.IsNaN(gm) && math.IsNaN(mx)) {
					t.Fatalf("%+v: max at %d is %v, want %v", p, at, gm, mx)
				}
				if a := sum / float64(n); math.Abs(ga-a) > 1e-6*(1+math.Abs(a)) && !(math.IsNaN(a) && math.IsNaN(ga)) {
					t.Fatalf("%+v: mean at %d is %v, want %v", p, at, ga, a)
				}
			}
		}
	}
}

func TestPool2DKernel(t *testing.T) {
	requireJIT(t)
	t.Setenv("SEQC_CACHE", t.TempDir())
	old := runtime.MinWorkPerThread
	runtime.MinWorkPerThread = 1
	defer func() { runtime.MinWorkPerThread = old }()
	rng := rand.New(rand.NewSource(4))
	const B, C, H, W = 2, 3, 7, 37 // W: several vectors and a tail
	x := visionRand(rng, B, C, H, W)
	x.F[5] = float32(math.NaN()) // plane 0, row 0: a max pool propagates it
	x.F[W+3], x.F[W+4] = float32(math.Copysign(0, -1)), 0
	for _, p := range poolCases {
		ho := (H+2*p.pad[0]-p.kernel[0])/p.stride[0] + 1
		wo := (W+2*p.pad[1]-p.kernel[1])/p.stride[1] + 1
		attrs := fmt.Sprintf("kernel=%s, padding=%s, stride=%s", pair(p.kernel), pair(p.pad), pair(p.stride))
		aattrs := attrs
		if p.exclude {
			aattrs = "exclude_pad=true, " + attrs
		}
		text := fmt.Sprintf("module M\n\nfunc forward(%%1 x: f32[B, %d, %d, %d]) -> (m: f32[B, %d, %d, %d], a: f32[B, %d, %d, %d]) {\n  %%2 = max_pool2d %%1 {%s} : f32[B, %d, %d, %d]\n  %%3 = avg_pool2d %%1 {%s} : f32[B, %d, %d, %d]\n  return %%2, %%3\n}\n",
			C, H, W, C, ho, wo, C, ho, wo, attrs, C, ho, wo, aattrs, C, ho, wo)
		var first []*runtime.Tensor
		for _, threads := range []int{1, 2, 3} {
			out := visionRun(t, text, nil, threads, x)
			if first != nil {
				sameBits(t, fmt.Sprintf("%+v max, %d threads", p, threads), first[0].F, out[0].F)
				sameBits(t, fmt.Sprintf("%+v avg, %d threads", p, threads), first[1].F, out[1].F)
				continue
			}
			first = out
			checkPool(t, p, x.F, B*C, H, W, ho, wo, out[0].F, out[1].F)
		}
	}
}

// TestPool2DVariants runs the pooling kernels of both variants (AVX-512
// and AVX2) directly, whatever this host's variant, on every geometry.
func TestPool2DVariants(t *testing.T) {
	requireJIT(t)
	m := llvmir.NewModule()
	m.TargetTriple, m.DataLayout = TargetTriple, DataLayout
	name := func(p pool, max bool, v string) string {
		return (&pool2dKernel{spec: poolSpecOf(p, max)}).key() + VariantSuffix(v)
	}
	done := map[string]bool{}
	for _, v := range []string{V3, V4} {
		for _, p := range poolCases {
			for _, max := range []bool{true, false} {
				if done[name(p, max, v)] {
					continue // a max pool ignores exclude
				}
				done[name(p, max, v)] = true
				if err := EmitPool(m, name(p, max, v), poolSpecOf(p, max), v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	lib := selLoad(t, m.String())
	rng := rand.New(rand.NewSource(5))
	const planes, H, W = 5, 9, 53
	x := visionRand(rng, planes, H, W)
	x.F[7] = float32(math.NaN())
	for _, v := range []string{V3, V4} {
		for _, p := range poolCases {
			ho := (H+2*p.pad[0]-p.kernel[0])/p.stride[0] + 1
			wo := (W+2*p.pad[1]-p.kernel[1])/p.stride[1] + 1
			out := [2][]float32{make([]float32, planes*ho*wo), make([]float32, planes*ho*wo)}
			for i, max := range []bool{true, false} {
				fn, err := lib.Func(name(p, max, v))
				if err != nil {
					t.Fatal(err)
				}
				runPool(fn, 2, planes, H, W, ho, wo, p.kernel[0]*p.kernel[1], x.F, out[i])
			}
			checkPool(t, p, x.F, planes, H, W, ho, wo, out[0], out[1])
		}
	}
}

func poolSpecOf(p pool, max bool) PoolSpec {
	return PoolSpec{Max: max, Kernel: p.kernel, Stride: p.stride, Padding: p.pad, Exclude: p.exclude && !max}
}
