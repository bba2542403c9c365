package backendtest

import (
	"fmt"
	"math/rand/v2"
)

// The conv and shift kernels (backend/llvm conv.go, conv_shift.go): widths
// from 1 to 7, every fused activation, causal (streamed through the window
// state), "same" and asymmetric padding, no bias, channel counts with and
// without vector tails and large enough to be split over threads; shifts
// along the sequence and other axes, by 0 to more than a chunk, of f32
// and c64 tensors.
func init() {
	extraCases = append(extraCases, convCases)
}

func convCases(*rand.Rand) []Case {
	// A private generator: drawing from the shared one would change the
	// cases generated and checked after these.
	rng := rand.New(rand.NewPCG(0xc0, 0x4f))
	var cs []Case
	add := func(op, name string, tol float64, params map[string][]int, sig, body string) {
		cs = append(cs, Case{Op: op, Name: name, IR: module(params, sig, body), Tol: tol, Params: params})
	}
	chans := []int{1, 5, 16, 17, 40, 97}
	acts := []string{"", "silu", "gelu", "gelu_tanh", "relu", "sigmoid", "tanh", "softplus"}
	for i, act := range acts {
		c, w := chans[rng.IntN(len(chans))], 1+rng.IntN(7)
		attr := ""
		if act != "" {
			attr = fmt.Sprintf("act=%q, ", act)
		}
		bias, bparam, barg := i%2 == 0, map[string][]int{"k": {c, w}}, ""
		if bias {
			bparam["b"] = []int{c}
			barg = ", %3"
		}
		body := fmt.Sprintf("  %%2 = param {name=\"k\"} : f32[%d, %d]\n", c, w)
		if bias {
			body += fmt.Sprintf("  %%3 = param {name=\"b\"} : f32[%d]\n", c)
		}
		body += fmt.Sprintf("  %%4 = conv %%1, %%2%s {%spad_left=%d, pad_right=0} : f32[B, L, %d]\n  return %%4\n", barg, attr, w-1, c)
		add("conv", fmt.Sprintf("causal x[B, L, %d] * k[%d, %d], bias %v, act %q", c, c, w, bias, act), tolMixer, bparam,
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d])", c, c), body)
	}
	// Non-causal paddings that keep the length. (A longer output fails on
	// the interpreter at L = 0 in mode conv: ssm.ConvFFT's transform is
	// then shorter than the kernel.)
	for _, pad := range [][3]int{{7, 3, 3}, {4, 1, 2}, {5, 0, 4}, {6, 4, 1}} {
		w, pl, pr := pad[0], pad[1], pad[2]
		c := chans[rng.IntN(len(chans))]
		out := "L"
		if d := pl + pr + 1 - w; d != 0 {
			out = fmt.Sprintf("L%+d", d)
		}
		add("conv", fmt.Sprintf("x[B, L, %d] * k[%d, %d], padding (%d, %d)", c, c, w, pl, pr), tolMixer, map[string][]int{"k": {c, w}, "b": {c}},
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, %s, %d])", c, out, c),
			fmt.Sprintf("  %%2 = param {name=\"k\"} : f32[%d, %d]\n  %%3 = param {name=\"b\"} : f32[%d]\n  %%4 = conv %%1, %%2, %%3 {act=\"silu\", pad_left=%d, pad_right=%d} : f32[B, %s, %d]\n  return %%4\n", c, w, c, pl, pr, out, c))
	}
	// Shifts along the sequence (streamed with their window) and along a
	// feature axis (position-wise), of each dtype.
	for _, n := range []int{0, 1, 3} {
		d := chans[rng.IntN(len(chans))]
		add("shift", fmt.Sprintf("x[B, L, %d] by %d", d, n), tolExact, nil, fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d])", d, d),
			fmt.Sprintf("  %%2 = shift %%1 {axis=1, n=%d} : f32[B, L, %d]\n  return %%2\n", n, d))
	}
	{
		h, d := 1+rng.IntN(3), chans[rng.IntN(len(chans))]
		add("shift", fmt.Sprintf("x[B, L, %d, %d] by 2 along the features", h, d), tolExact, nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d, %d]) -> (y: f32[B, L, %d, %d])", h, d, h, d),
			fmt.Sprintf("  %%2 = shift %%1 {axis=-1, n=2} : f32[B, L, %d, %d]\n  return %%2\n", h, d))
		// c64 (two words per element). Not i32: the interpreter's shift
		// copies Tensor.F, which an i32 tensor does not use.
		add("shift", fmt.Sprintf("c64 x[B, L, %d] by 2", d), tolExact, nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d], %%2 y: f32[B, L, %d]) -> (re: f32[B, L, %d], im: f32[B, L, %d])", d, d, d, d),
			fmt.Sprintf("  %%6 = complex %%1, %%2 : c64[B, L, %d]\n  %%7 = shift %%6 {axis=1, n=2} : c64[B, L, %d]\n  %%8 = real %%7 : f32[B, L, %d]\n  %%9 = imag %%7 : f32[B, L, %d]\n  return %%8, %%9\n",
				d, d, d, d))
	}
	return cs
}
