package backendtest

import (
	"fmt"
	"math/rand/v2"
)

// Cases for the GPU kernels of matmul, conv2d and the pools (backend/ptx:
// kernels_matmul.go, kernels_conv2d.go, kernels_pool.go) beyond the
// general ones (cases.go, cases_vision.go): matmul of two activations
// with batch axes broadcast from either side, a contraction over the
// sequence, sizes past the kernels' 64×64 tile and 16-wide K slice;
// conv2d with more than one tile of output channels, pixels past a tile,
// dilation and padding along the width, groups with bias; pools with
// padding, asymmetric windows and strides. The max pool is exact on
// every backend (it only moves pixels), so its cases require the bits.

func init() {
	extraCases = append(extraCases, ptxVisionCases)
}

func ptxVisionCases(rng *rand.Rand) []Case {
	var cs []Case
	add := func(op, name string, tol float64, params map[string][]int, sig, body string) {
		cs = append(cs, Case{Op: op, Name: name, IR: module(params, sig, body), Tol: tol, Params: params})
	}
	{
		// A pointer network's gather: [B, L, k] one row per position by a
		// per-batch matrix [B, k, n].
		k, n := dims(rng), 65+rng.IntN(8)
		add("matmul", fmt.Sprintf("[B, L, %d] @ [B, %d, %d]", k, k, n), tolSum, nil,
			fmt.Sprintf("%%1 a: f32[B, L, %d], %%2 b: f32[B, %d, %d]) -> (y: f32[B, L, %d])", k, k, n, n),
			fmt.Sprintf("  %%3 = matmul %%1, %%2 : f32[B, L, %d]\n  return %%3\n", n))
	}
	{
		// A contraction over the sequence (K = L: the whole sequence).
		m, n := 1+rng.IntN(70), dims(rng)
		add("matmul", fmt.Sprintf("[B, %d, L] @ [B, L, %d]", m, n), tolSum, nil,
			fmt.Sprintf("%%1 a: f32[B, %d, L], %%2 b: f32[B, L, %d]) -> (y: f32[B, %d, %d])", m, n, m, n),
			fmt.Sprintf("  %%3 = matmul %%1, %%2 : f32[B, %d, %d]\n  return %%3\n", m, n))
	}
	{
		// A weight [m, k] against every matrix of the batch, and size-1
		// batch axes broadcast from both sides.
		m, k, n := 60+rng.IntN(10), 15+rng.IntN(4), dims(rng)
		add("matmul", fmt.Sprintf("w[%d, %d] @ [B, L, %d, %d]", m, k, k, n), tolSum, map[string][]int{"w": {m, k}},
			fmt.Sprintf("%%1 b: f32[B, L, %d, %d]) -> (y: f32[B, L, %d, %d])", k, n, m, n),
			fmt.Sprintf("  %%2 = param {name=\"w\"} : f32[%d, %d]\n  %%3 = matmul %%2, %%1 : f32[B, L, %d, %d]\n  return %%3\n", m, k, m, n))
		add("matmul", fmt.Sprintf("[B, 1, %d, %d] @ [1, L, %d, %d]", m, k, k, n), tolSum, nil,
			fmt.Sprintf("%%1 a: f32[B, 1, %d, %d], %%2 b: f32[1, L, %d, %d]) -> (y: f32[B, L, %d, %d])", m, k, k, n, m, n),
			fmt.Sprintf("  %%3 = matmul %%1, %%2 : f32[B, L, %d, %d]\n  return %%3\n", m, n))
	}
	{
		// 70 output channels (two tiles of 64) over a "same"-padded
		// 3×3 window; the width is the sequence.
		c, h := 1+rng.IntN(3), 5+rng.IntN(4)
		add("conv2d", fmt.Sprintf("x[B, %d, %d, L] ⋆ w[70, %d, 3, 3] + b, padding 1", c, h, c), tolSum,
			map[string][]int{"w": {70, c, 3, 3}, "b": {70}},
			fmt.Sprintf("%%1 x: f32[B, %d, %d, L]) -> (y: f32[B, 70, %d, L])", c, h, h),
			fmt.Sprintf("  %%2 = param {name=\"w\"} : f32[70, %d, 3, 3]\n  %%3 = param {name=\"b\"} : f32[70]\n", c)+
				fmt.Sprintf("  %%4 = conv2d %%1, %%2, %%3 {padding=[1, 1]} : f32[B, 70, %d, L]\n  return %%4\n", h))
	}
	{
		// Dilation and padding along the width, stride down the height,
		// two groups with bias.
		h := 7 + rng.IntN(4)
		ho := (h-2)/2 + 1
		add("conv2d", fmt.Sprintf("x[B, 4, %d, L] ⋆ w[6, 2, 2, 5] + b, 2 groups, stride (2, 1), dilation (1, 2), padding (0, 4)", h), tolSum,
			map[string][]int{"w": {6, 2, 2, 5}, "b": {6}},
			fmt.Sprintf("%%1 x: f32[B, 4, %d, L]) -> (y: f32[B, 6, %d, L])", h, ho),
			"  %2 = param {name=\"w\"} : f32[6, 2, 2, 5]\n  %3 = param {name=\"b\"} : f32[6]\n"+
				fmt.Sprintf("  %%4 = conv2d %%1, %%2, %%3 {dilation=[1, 2], groups=2, padding=[0, 4], stride=[2, 1]} : f32[B, 6, %d, L]\n  return %%4\n", ho))
	}
	{
		// Pools over images whose channels are the sequence: a padded max
		// (exact), an asymmetric window with strides of its own, and an
		// average without the padding counted.
		h, w := 5+rng.IntN(6), 6+rng.IntN(6)
		t := fmt.Sprintf("f32[B, L, %d, %d]", h, w)
		mo := [2]int{(h+2-3)/2 + 1, (w+2-3)/2 + 1}
		ao := [2]int{(h-3)/1 + 1, (w+2-2)/2 + 1}
		add("max_pool2d", fmt.Sprintf("x%s, kernel 3, stride 2, padding 1; kernel (3, 2), stride (1, 2)", t[3:]), tolExact, nil,
			fmt.Sprintf("%%1 x: %s) -> (m: f32[B, L, %d, %d], a: f32[B, L, %d, %d])", t, mo[0], mo[1], ao[0], ao[1]),
			fmt.Sprintf("  %%2 = max_pool2d %%1 {kernel=[3, 3], padding=[1, 1], stride=[2, 2]} : f32[B, L, %d, %d]\n", mo[0], mo[1])+
				fmt.Sprintf("  %%3 = max_pool2d %%1 {kernel=[3, 2], padding=[0, 1], stride=[1, 2]} : f32[B, L, %d, %d]\n  return %%2, %%3\n", ao[0], ao[1]))
		add("avg_pool2d", fmt.Sprintf("x%s, kernel (3, 2), stride (1, 2), padding (0, 1), without the padding counted", t[3:]), tolElem, nil,
			fmt.Sprintf("%%1 x: %s) -> (a: f32[B, L, %d, %d])", t, ao[0], ao[1]),
			fmt.Sprintf("  %%2 = avg_pool2d %%1 {exclude_pad=true, kernel=[3, 2], padding=[0, 1], stride=[1, 2]} : f32[B, L, %d, %d]\n  return %%2\n", ao[0], ao[1]))
	}
	return cs
}
