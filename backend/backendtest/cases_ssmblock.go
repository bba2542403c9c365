package backendtest

import (
	"fmt"
	"math/rand/v2"
)

// The block forms of ssm (chunked SSD, quadratic, convolution): shapes
// that reach each path of a native kernel — several chunks (a small chunk
// attribute), vector tails (odd P and N), a broadcast B row, an initial
// state argument, the final state, linear attention's constant decay,
// complex time-invariant kernels (S4D, S5) and kernels that vary over the
// batch.
func init() {
	extraCases = append(extraCases, ssmBlockCases)
}

func ssmBlockCases(*rand.Rand) []Case {
	// A private generator: drawing from the shared one would change the
	// shapes and inputs of every case generated or checked after these.
	rng := rand.New(rand.NewPCG(0x55d, 0xb10c))
	var cs []Case
	add := func(name string, params map[string][]int, sig, body string) {
		cs = append(cs, Case{Op: "ssm", Name: name, IR: module(params, sig, body), Tol: tolMixer, Params: params})
	}
	// Mamba-2's SSD: a scalar decay per head, B per head, C shared by the
	// heads (ngroups 1), several chunks, the final state.
	{
		h, p, n, q := 1+rng.IntN(3), []int{7, 16, 17}[rng.IntN(3)], []int{5, 16, 33}[rng.IntN(3)], 2+rng.IntN(4)
		add(fmt.Sprintf("SSD x[B, L, %d, %d], N %d, chunk %d, final state", h, p, n, q), nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d, %d], %%2 a: f32[B, L, %d, 1, 1], %%3 b: f32[B, L, %d, 1, %d], %%4 c: f32[B, L, 1, 1, %d]) -> (y: f32[B, L, %d, %d], h: f32[B, %d, %d, %d])", h, p, h, h, n, n, h, p, h, p, n),
			fmt.Sprintf("  %%5 = sigmoid %%2 : f32[B, L, %d, 1, 1]\n  %%6, %%7 = ssm %%1, %%5, %%3, %%4 {chunk=%d, final_state=true} : f32[B, L, %d, %d], f32[B, %d, %d, %d]\n  return %%6, %%7\n", h, q, h, p, h, p, n))
	}
	// An initial state argument, and B broadcast over the state (N = 1 in b).
	{
		h, p, n := 1+rng.IntN(2), dims(rng), 1+rng.IntN(9)
		add(fmt.Sprintf("SSD x[B, L, %d, %d], N %d, b broadcast over N, initial state", h, p, n), nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d, %d], %%2 a: f32[B, L, %d, 1, 1], %%3 b: f32[B, L, %d, 1, 1], %%4 c: f32[B, L, %d, 1, %d], %%5 h0: f32[B, %d, %d, %d]) -> (y: f32[B, L, %d, %d])", h, p, h, h, h, n, h, p, n, h, p),
			fmt.Sprintf("  %%6 = sigmoid %%2 : f32[B, L, %d, 1, 1]\n  %%7 = ssm %%1, %%6, %%3, %%4, %%5 {chunk=3} : f32[B, L, %d, %d]\n  return %%7\n", h, h, p))
	}
	// Linear attention lowered to ssm: a constant decay of 1.
	{
		h, k, v := 1+rng.IntN(2), dims(rng), dims(rng)
		add(fmt.Sprintf("linear attention v[B, L, %d, %d], K %d", h, v, k), nil,
			fmt.Sprintf("%%1 q: f32[B, L, %d, %d], %%2 k: f32[B, L, %d, %d], %%3 v: f32[B, L, %d, %d]) -> (y: f32[B, L, %d, %d], h: f32[B, %d, %d, %d])", h, k, h, k, h, v, h, v, h, v, k),
			fmt.Sprintf("  %%4 = const {value=1.0} : f32[]\n  %%5 = reshape %%4 {shape=#[1, 1, 1, 1, 1]} : f32[1, 1, 1, 1, 1]\n"+
				"  %%6 = reshape %%2 {shape=#[B, L, %d, 1, %d]} : f32[B, L, %d, 1, %d]\n  %%7 = reshape %%1 {shape=#[B, L, %d, 1, %d]} : f32[B, L, %d, 1, %d]\n"+
				"  %%8, %%9 = ssm %%3, %%5, %%6, %%7 {chunk=4, final_state=true} : f32[B, L, %d, %d], f32[B, %d, %d, %d]\n  return %%8, %%9\n",
				h, k, h, k, h, k, h, k, h, v, h, v, k))
	}
	// Real time-invariant operands from the weights, a channel count with a
	// vector tail.
	{
		c, n := []int{9, 17, 33}[rng.IntN(3)], 1+rng.IntN(6)
		add(fmt.Sprintf("time-invariant real x[B, L, %d], N %d", c, n), map[string][]int{"a": {1, 1, c, n}, "b": {1, 1, c, n}, "c": {1, 1, c, n}},
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d])", c, c),
			fmt.Sprintf("  %%2 = param {name=\"a\"} : f32[1, 1, %d, %d]\n  %%3 = sigmoid %%2 : f32[1, 1, %d, %d]\n  %%4 = param {name=\"b\"} : f32[1, 1, %d, %d]\n  %%5 = param {name=\"c\"} : f32[1, 1, %d, %d]\n  %%6 = ssm %%1, %%3, %%4, %%5 : f32[B, L, %d]\n  return %%6\n", c, n, c, n, c, n, c, n, c))
	}
	// S4D: complex a = exp(dt·(-re + i·im)), complex b and c, real x,
	// complex y; long memory (|a| close to 1).
	{
		c, n := []int{3, 16, 20}[rng.IntN(3)], 1+rng.IntN(5)
		s := fmt.Sprintf("[%d, %d]", c, n)
		params := map[string][]int{"ar": {c, n}, "ai": {c, n}, "br": {c, n}, "bi": {c, n}, "cr": {c, n}, "ci": {c, n}}
		body := fmt.Sprintf("  %%2 = param {name=\"ar\"} : f32%s\n  %%3 = sigmoid %%2 : f32%s\n  %%4 = const {value=-0.05} : f32[]\n  %%5 = mul %%3, %%4 : f32%s\n", s, s, s) +
			fmt.Sprintf("  %%6 = param {name=\"ai\"} : f32%s\n  %%7 = complex %%5, %%6 : c64%s\n  %%8 = exp %%7 : c64%s\n", s, s, s) +
			fmt.Sprintf("  %%9 = param {name=\"br\"} : f32%s\n  %%10 = param {name=\"bi\"} : f32%s\n  %%11 = complex %%9, %%10 : c64%s\n", s, s, s) +
			fmt.Sprintf("  %%12 = param {name=\"cr\"} : f32%s\n  %%13 = param {name=\"ci\"} : f32%s\n  %%14 = complex %%12, %%13 : c64%s\n", s, s, s) +
			fmt.Sprintf("  %%15 = reshape %%8 {shape=#[1, 1, %d, %d]} : c64[1, 1, %d, %d]\n  %%16 = reshape %%11 {shape=#[1, 1, %d, %d]} : c64[1, 1, %d, %d]\n  %%17 = reshape %%14 {shape=#[1, 1, %d, %d]} : c64[1, 1, %d, %d]\n", c, n, c, n, c, n, c, n, c, n, c, n) +
			fmt.Sprintf("  %%18 = ssm %%1, %%15, %%16, %%17 : c64[B, L, %d]\n  return %%18\n", c)
		add(fmt.Sprintf("S4D complex kernel x[B, L, %d], N %d", c, n), params,
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: c64[B, L, %d])", c, c), body)
	}
	// S5: complex x, a complex decay per channel, scalar b and c (N = 1).
	{
		c := []int{1, 8, 19}[rng.IntN(3)]
		params := map[string][]int{"ar": {1, 1, c, 1}, "ai": {1, 1, c, 1}, "b": {1, 1, 1, 1}}
		add(fmt.Sprintf("S5 complex x[B, L, %d]", c), params,
			fmt.Sprintf("%%1 xr: f32[B, L, %d], %%2 xi: f32[B, L, %d]) -> (y: c64[B, L, %d], h: c64[B, %d, 1])", c, c, c, c),
			fmt.Sprintf("  %%3 = complex %%1, %%2 : c64[B, L, %d]\n  %%4 = param {name=\"ar\"} : f32[1, 1, %d, 1]\n  %%5 = sigmoid %%4 : f32[1, 1, %d, 1]\n  %%6 = neg %%5 : f32[1, 1, %d, 1]\n", c, c, c, c)+
				fmt.Sprintf("  %%7 = param {name=\"ai\"} : f32[1, 1, %d, 1]\n  %%8 = complex %%6, %%7 : c64[1, 1, %d, 1]\n  %%9 = exp %%8 : c64[1, 1, %d, 1]\n  %%10 = param {name=\"b\"} : f32[1, 1, 1, 1]\n", c, c, c)+
				fmt.Sprintf("  %%11, %%12 = ssm %%3, %%9, %%10, %%10 {final_state=true} : c64[B, L, %d], c64[B, %d, 1]\n  return %%11, %%12\n", c, c))
	}
	// Time-invariant operands that differ per batch element (inputs, not
	// weights: no cache).
	{
		c, n := dims(rng), 1+rng.IntN(4)
		add(fmt.Sprintf("time-invariant per batch x[B, L, %d], N %d", c, n), nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d], %%2 a: f32[B, 1, %d, %d], %%3 b: f32[B, 1, %d, %d], %%4 c: f32[B, 1, %d, %d]) -> (y: f32[B, L, %d])", c, c, n, c, n, c, n, c),
			fmt.Sprintf("  %%5 = sigmoid %%2 : f32[B, 1, %d, %d]\n  %%6 = ssm %%1, %%5, %%3, %%4 : f32[B, L, %d]\n  return %%6\n", c, n, c))
	}
	return cs
}
