package backendtest

import (
	"fmt"
	"math/rand/v2"
)

// Softmax attention in the shapes the LLVM kernel specialises on: head
// sizes below, at and past the vector widths (tails in D and in Dv), value
// heads of another size than the keys', grouped-query heads, the key
// padding mask, and queries that stream against a fixed memory (Lq ≠ Lk,
// no KV cache).
func init() {
	extraCases = append(extraCases, func(rng *rand.Rand) []Case {
		var cs []Case
		add := func(name, sig, body string) {
			cs = append(cs, Case{Op: "attention", Name: name, IR: module(nil, sig, body), Tol: tolMixer})
		}
		type shape struct{ hq, hk, d, dv int }
		shapes := []shape{{1, 1, 1, 1}, {2, 1, 17, 33}, {4, 2, 64, 64}, {3, 3, 16, 8}, {6, 2, 33, 20}, {1, 1, 128, 80}}
		// One more, drawn: any head size up to 40.
		shapes = append(shapes, shape{2, 2, 1 + rng.IntN(40), 1 + rng.IntN(40)})
		for i, sh := range shapes {
			causal := i%3 != 2
			scale := 1 / float64(1+sh.d%5)
			add(fmt.Sprintf("q[B, L, %d, %d], v %d, over %d kv heads, causal %v", sh.hq, sh.d, sh.dv, sh.hk, causal),
				fmt.Sprintf("%%1 q: f32[B, L, %d, %d], %%2 k: f32[B, L, %d, %d], %%3 v: f32[B, L, %d, %d]) -> (y: f32[B, L, %d, %d])",
					sh.hq, sh.d, sh.hk, sh.d, sh.hk, sh.dv, sh.hq, sh.dv),
				fmt.Sprintf("  %%4 = attention %%1, %%2, %%3 {causal=%v, scale=%.4f} : f32[B, L, %d, %d]\n  return %%4\n", causal, scale, sh.hq, sh.dv))
		}
		for _, causal := range []bool{false, true} {
			// ids in [0, 5): most keys padded, some rows fully.
			add(fmt.Sprintf("q[B, L, 4, 24] over 2 kv heads with a key padding mask, causal %v", causal),
				"%1 q: f32[B, L, 4, 24], %2 k: f32[B, L, 2, 24], %3 v: f32[B, L, 2, 24], %4 pad: i32[B, L]) -> (y: f32[B, L, 4, 24])",
				fmt.Sprintf("  %%5 = attention %%1, %%2, %%3, %%4 {causal=%v, scale=0.2} : f32[B, L, 4, 24]\n  return %%5\n", causal))
		}
		// Streamed queries reading a fixed memory of 7 positions.
		add("q[B, L, 2, 16] over a memory of 7 positions",
			"%1 q: f32[B, L, 2, 16], %2 k: f32[B, 7, 2, 16], %3 v: f32[B, 7, 2, 12]) -> (y: f32[B, L, 2, 12])",
			"  %4 = attention %1, %2, %3 {scale=0.25} : f32[B, L, 2, 12]\n  return %4\n")
		return cs
	})
}
