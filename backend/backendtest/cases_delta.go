package backendtest

import (
	"fmt"
	"math/rand/v2"
)

// The delta rule in the shapes the LLVM kernel specialises on: DeltaNet,
// gated DeltaNet and DeltaProduct (n Householder steps), head sizes below,
// at and past the vector widths, with and without an initial state and the
// final state. Keys are L2-normalised and β = sigmoid(·), gates
// logsigmoid(·), as the models make them.
func init() {
	extraCases = append(extraCases, func(rng *rand.Rand) []Case {
		var cs []Case
		type shape struct {
			h, k, v, n int
			gated, h0  bool
			final      bool
		}
		shapes := []shape{
			{1, 1, 1, 1, false, false, true},
			{2, 17, 33, 1, true, true, true},
			{2, 64, 64, 1, true, false, false},
			{1, 16, 40, 2, true, true, true},
			{2, 33, 16, 3, false, false, true},
			{1, 1 + rng.IntN(40), 1 + rng.IntN(40), 1 + rng.IntN(3), rng.IntN(2) == 0, rng.IntN(2) == 0, true},
		}
		for _, sh := range shapes {
			kt := "T"
			if sh.n > 1 {
				kt = fmt.Sprintf("%d*T", sh.n)
			}
			sig := fmt.Sprintf("%%1 q: f32[B, T, %d, %d], %%2 k: f32[B, %s, %d, %d], %%3 v: f32[B, %s, %d, %d], %%4 beta: f32[B, %s, %d]",
				sh.h, sh.k, kt, sh.h, sh.k, kt, sh.h, sh.v, kt, sh.h)
			args := "%1, %5, %3, %8"
			body := fmt.Sprintf("  %%5 = l2_norm %%2 {eps=1e-06} : f32[B, %s, %d, %d]\n  %%8 = sigmoid %%4 : f32[B, %s, %d]\n", kt, sh.h, sh.k, kt, sh.h)
			attrs := fmt.Sprintf("n=%d, scale=%.4f", sh.n, 1/float64(1+sh.k%4))
			if sh.gated {
				sig += fmt.Sprintf(", %%6 g: f32[B, T, %d]", sh.h)
				body += fmt.Sprintf("  %%7 = logsigmoid %%6 : f32[B, T, %d]\n", sh.h)
				args += ", %7"
				attrs += ", gated=true"
			}
			if sh.h0 {
				sig += fmt.Sprintf(", %%9 h0: f32[B, %d, %d, %d]", sh.h, sh.k, sh.v)
				args += ", %9"
			}
			outs := fmt.Sprintf("y: f32[B, T, %d, %d]", sh.h, sh.v)
			res := fmt.Sprintf("f32[B, T, %d, %d]", sh.h, sh.v)
			ret := "%10"
			if sh.final {
				outs += fmt.Sprintf(", h: f32[B, %d, %d, %d]", sh.h, sh.k, sh.v)
				res += fmt.Sprintf(", f32[B, %d, %d, %d]", sh.h, sh.k, sh.v)
				ret = "%10, %11"
				attrs += ", final_state=true"
			}
			body += fmt.Sprintf("  %s = delta_rule %s {%s} : %s\n  return %s\n", ret, args, attrs, res, ret)
			cs = append(cs, Case{Op: "delta_rule", Tol: tolMixer, IR: module(nil, sig+") -> ("+outs+")", body),
				Name: fmt.Sprintf("q[B, T, %d, %d], v %d, %d steps, gated %v, h0 %v, final state %v", sh.h, sh.k, sh.v, sh.n, sh.gated, sh.h0, sh.final)})
		}
		return cs
	})
}
