package backendtest

import (
	"fmt"
	"math/rand/v2"
)

// Cases for the vision ops (ir/ops_vision.go): conv2d (bias, stride,
// padding, dilation, groups) and max/avg pooling over images [B, C, H, W].
// The sequence symbol L is the image's width where the window is one
// column wide or "same"-padded (a CRNN's columns: the op does not stream,
// so the harness runs it whole), or the channel axis of a pooling op, which
// is position-wise and streams. A backend without these kernels runs them
// on the interpreter as part of a mixed plan.

func init() {
	extraCases = append(extraCases, visionCases)
}

func visionCases(rng *rand.Rand) []Case {
	var cs []Case
	add := func(op, name string, tol float64, params map[string][]int, sig, body string) {
		cs = append(cs, Case{Op: op, Name: name, IR: module(params, sig, body), Tol: tol, Params: params})
	}
	{
		// A CRNN-like layer: 3×3, padding 1, stride 2 down the height,
		// bias, relu, then a pool of the height alone (L may be 0: a pool
		// padding the width would have windows of padding alone).
		c, o, h := 1+rng.IntN(3), 2+rng.IntN(4), 6+rng.IntN(4)
		ho := (h+2-3)/2 + 1
		add("conv2d", fmt.Sprintf("x[B, %d, %d, L] ⋆ w[%d, %d, 3, 3] + b, stride (2, 1), padding 1, relu, pool (2, 1)/(2, 1)", c, h, o, c), tolSum,
			map[string][]int{"w": {o, c, 3, 3}, "b": {o}},
			fmt.Sprintf("%%1 x: f32[B, %d, %d, L]) -> (y: f32[B, %d, %d, L], p: f32[B, %d, %d, L])", c, h, o, ho, o, ho/2),
			fmt.Sprintf("  %%2 = param {name=\"w\"} : f32[%d, %d, 3, 3]\n  %%3 = param {name=\"b\"} : f32[%d]\n", o, c, o)+
				fmt.Sprintf("  %%4 = conv2d %%1, %%2, %%3 {padding=[1, 1], stride=[2, 1]} : f32[B, %d, %d, L]\n  %%5 = relu %%4 : f32[B, %d, %d, L]\n", o, ho, o, ho)+
				fmt.Sprintf("  %%6 = max_pool2d %%5 {kernel=[2, 1], stride=[2, 1]} : f32[B, %d, %d, L]\n  return %%4, %%6\n", o, ho/2))
	}
	{
		// Grouped and dilated, without bias: each group of channels has its
		// own filters; taps two rows apart.
		g, h := 1+rng.IntN(3), 5+rng.IntN(3)
		c, o := 2*g, 3*g
		add("conv2d", fmt.Sprintf("x[B, %d, %d, L] ⋆ w[%d, 2, 3, 2], %d groups, dilation (2, 1), padding (2, 1)", c, h, o, g), tolSum,
			map[string][]int{"w": {o, 2, 3, 2}},
			fmt.Sprintf("%%1 x: f32[B, %d, %d, L]) -> (y: f32[B, %d, %d, L+1])", c, h, o, h),
			fmt.Sprintf("  %%2 = param {name=\"w\"} : f32[%d, 2, 3, 2]\n  %%3 = conv2d %%1, %%2 {dilation=[2, 1], groups=%d, padding=[2, 1]} : f32[B, %d, %d, L+1]\n  return %%3\n", o, g, o, h))
	}
	{
		// Pools over images whose channels are the sequence: position-wise
		// along it, so they stream. Average pools with the padding counted
		// and excluded; a max pool with PyTorch's default stride.
		h, w := 4+rng.IntN(4), 5+rng.IntN(5)
		ho, wo := (h+2-3)/2+1, (w+2-3)/2+1
		t := fmt.Sprintf("f32[B, L, %d, %d]", h, w)
		add("avg_pool2d", fmt.Sprintf("x%s, kernel 3, stride 2, padding 1, with and without the padding counted", t[3:]), tolElem, nil,
			fmt.Sprintf("%%1 x: %s) -> (a: f32[B, L, %d, %d], e: f32[B, L, %d, %d], m: f32[B, L, %d, %d])", t, ho, wo, ho, wo, h/2, w/2),
			fmt.Sprintf("  %%2 = avg_pool2d %%1 {kernel=[3, 3], padding=[1, 1], stride=[2, 2]} : f32[B, L, %d, %d]\n", ho, wo)+
				fmt.Sprintf("  %%3 = avg_pool2d %%1 {exclude_pad=true, kernel=[3, 3], padding=[1, 1], stride=[2, 2]} : f32[B, L, %d, %d]\n", ho, wo)+
				fmt.Sprintf("  %%4 = max_pool2d %%1 {kernel=[2, 2]} : f32[B, L, %d, %d]\n  return %%2, %%3, %%4\n", h/2, w/2))
	}
	return cs
}
