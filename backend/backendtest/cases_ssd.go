package backendtest

import (
	"fmt"
	"math/rand/v2"
)

// The chunked SSD kernel of ptx (backend/ptx kernels_ssd.go): a group of
// more channels than its 32-channel tile, heads in several groups, groups
// whose channels are strided in x (the decay varies along the last
// channel axis), time-invariant b from the weights, a state of the
// kernel's largest size, and a final state that a kernel reads.
func init() {
	extraCases = append(extraCases, ssdCases)
}

func ssdCases(*rand.Rand) []Case {
	// A private generator, as ssmBlockCases: the shared one's draws would
	// shift every later case.
	rng := rand.New(rand.NewPCG(0x55d, 0x7113))
	var cs []Case
	add := func(name string, params map[string][]int, sig, body string) {
		cs = append(cs, Case{Op: "ssm", Name: name, IR: module(params, sig, body), Tol: tolMixer, Params: params})
	}
	// Mamba-2 with ngroups 2: x [B, L, 2, heads, P], P past one tile.
	{
		h, p, n, q := 1+rng.IntN(3), []int{33, 40, 65}[rng.IntN(3)], []int{4, 20}[rng.IntN(2)], 2+rng.IntN(5)
		add(fmt.Sprintf("SSD two groups x[B, L, 2, %d, %d], N %d, chunk %d, final state", h, p, n, q), nil,
			fmt.Sprintf("%%1 x: f32[B, L, 2, %d, %d], %%2 a: f32[B, L, 2, %d, 1, 1], %%3 b: f32[B, L, 2, %d, 1, %d], %%4 c: f32[B, L, 2, 1, 1, %d]) -> (y: f32[B, L, 2, %d, %d], h: f32[B, 2, %d, %d, %d])", h, p, h, h, n, n, h, p, h, p, n),
			fmt.Sprintf("  %%5 = sigmoid %%2 : f32[B, L, 2, %d, 1, 1]\n  %%6, %%7 = ssm %%1, %%5, %%3, %%4 {chunk=%d, final_state=true} : f32[B, L, 2, %d, %d], f32[B, 2, %d, %d, %d]\n  return %%6, %%7\n", h, q, h, p, h, p, n))
	}
	// Strided groups: the decay varies along the last channel axis, b is a
	// weight shared over time, the largest state (128), an initial state.
	{
		r, h, n := 1+rng.IntN(4), 2+rng.IntN(3), 128
		add(fmt.Sprintf("SSD strided groups x[B, L, %d, %d], N %d, time-invariant b, initial state", r, h, n), map[string][]int{"b": {1, 1, 1, h, n}},
			fmt.Sprintf("%%1 x: f32[B, L, %d, %d], %%2 a: f32[B, L, 1, %d, 1], %%3 c: f32[B, L, 1, 1, %d], %%4 h0: f32[B, %d, %d, %d]) -> (y: f32[B, L, %d, %d])", r, h, h, n, r, h, n, r, h),
			fmt.Sprintf("  %%5 = sigmoid %%2 : f32[B, L, 1, %d, 1]\n  %%6 = param {name=\"b\"} : f32[1, 1, 1, %d, %d]\n  %%7 = ssm %%1, %%5, %%6, %%3, %%4 {chunk=4} : f32[B, L, %d, %d]\n  return %%7\n", h, h, n, r, h))
	}
	// The final state read by a kernel (on a GPU it may stay on the device
	// while the stream keeps it as the next chunk's state).
	{
		h, p, n := 1+rng.IntN(2), dims(rng), 1+rng.IntN(8)
		add(fmt.Sprintf("SSD x[B, L, %d, %d], N %d, final state into a kernel", h, p, n), nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d, %d], %%2 a: f32[B, L, %d, 1, 1], %%3 b: f32[B, L, %d, 1, %d], %%4 c: f32[B, L, 1, 1, %d]) -> (y: f32[B, L, %d, %d], h: f32[B, %d, %d, %d])", h, p, h, h, n, n, h, p, h, p, n),
			fmt.Sprintf("  %%5 = sigmoid %%2 : f32[B, L, %d, 1, 1]\n  %%6, %%7 = ssm %%1, %%5, %%3, %%4 {chunk=3, final_state=true} : f32[B, L, %d, %d], f32[B, %d, %d, %d]\n  %%8 = neg %%7 : f32[B, %d, %d, %d]\n  return %%6, %%8\n", h, h, p, h, p, n, h, p, n))
	}
	return cs
}
