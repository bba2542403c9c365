package backendtest

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// mixerCases are the sequence mixers, each in several shapes; every
// algorithm of each is run by the harness (forced modes).
func mixerCases(rng *rand.Rand) []Case {
	var cs []Case
	add := func(op, name string, tol float64, params map[string][]int, sig, body string) {
		cs = append(cs, Case{Op: op, Name: name, IR: module(params, sig, body), Tol: tol, Params: params})
	}
	for i := 0; i < 2; i++ {
		c, n := dims(rng), 1+rng.IntN(8)
		// Time-varying (selective) operands, with the final state.
		add("ssm", fmt.Sprintf("selective x[B, L, %d], N %d", c, n), tolMixer, nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d], %%2 a: f32[B, L, %d, %d], %%3 b: f32[B, L, %d, %d], %%4 c: f32[B, L, %d, %d]) -> (y: f32[B, L, %d], h: f32[B, %d, %d])", c, c, n, c, n, c, n, c, c, n),
			fmt.Sprintf("  %%5 = sigmoid %%2 : f32[B, L, %d, %d]\n  %%6, %%7 = ssm %%1, %%5, %%3, %%4 {final_state=true} : f32[B, L, %d], f32[B, %d, %d]\n  return %%6, %%7\n", c, n, c, c, n))
		// Time-invariant operands from the weights: every algorithm, FFT included.
		add("ssm", fmt.Sprintf("time-invariant x[B, L, %d], N %d", c, n), tolMixer, map[string][]int{"a": {1, 1, c, n}, "b": {1, 1, c, n}, "c": {1, 1, c, n}},
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d])", c, c),
			fmt.Sprintf("  %%2 = param {name=\"a\"} : f32[1, 1, %d, %d]\n  %%3 = sigmoid %%2 : f32[1, 1, %d, %d]\n  %%4 = param {name=\"b\"} : f32[1, 1, %d, %d]\n  %%5 = param {name=\"c\"} : f32[1, 1, %d, %d]\n  %%6 = ssm %%1, %%3, %%4, %%5 : f32[B, L, %d]\n  return %%6\n", c, n, c, n, c, n, c, n, c))
	}
	{
		h, p, n := 1+rng.IntN(3), dims(rng), dims(rng)
		// Mamba-2's SSD shape: a scalar decay per head, B and C shared by the head's channels.
		add("ssm", fmt.Sprintf("SSD x[B, L, %d, %d], N %d", h, p, n), tolMixer, nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d, %d], %%2 a: f32[B, L, %d, 1, 1], %%3 b: f32[B, L, %d, 1, %d], %%4 c: f32[B, L, %d, 1, %d]) -> (y: f32[B, L, %d, %d])", h, p, h, h, n, h, n, h, p),
			fmt.Sprintf("  %%5 = sigmoid %%2 : f32[B, L, %d, 1, 1]\n  %%6 = ssm %%1, %%5, %%3, %%4 : f32[B, L, %d, %d]\n  return %%6\n", h, h, p))
	}
	{
		c, n := dims(rng), 1+rng.IntN(4)
		s := fmt.Sprintf("f32[B, L, %d, %d]", c, n)
		add("quasiseparable", fmt.Sprintf("x[B, L, %d], N %d", c, n), tolMixer, map[string][]int{"d": {c}},
			fmt.Sprintf("%%1 x: f32[B, L, %d], %%2 a: %s, %%3 b: %s, %%4 c: %s, %%5 e: %s, %%6 f: %s, %%7 g: %s) -> (y: f32[B, L, %d])", c, s, s, s, s, s, s, c),
			fmt.Sprintf("  %%8 = sigmoid %%2 : %s\n  %%9 = sigmoid %%5 : %s\n  %%10 = param {name=\"d\"} : f32[%d]\n  %%11 = quasiseparable %%1, %%8, %%3, %%4, %%9, %%6, %%7, %%10 : f32[B, L, %d]\n  return %%11\n", s, s, c, c))
	}
	for i := 0; i < 3; i++ {
		hk := 1 + rng.IntN(2)
		hq, d := hk*(1+rng.IntN(2)), []int{1, 4, 8, 16}[rng.IntN(4)]
		causal := i < 2
		add("attention", fmt.Sprintf("q[B, L, %d, %d] over %d kv heads, causal %v", hq, d, hk, causal), tolMixer, nil,
			fmt.Sprintf("%%1 q: f32[B, L, %d, %d], %%2 k: f32[B, L, %d, %d], %%3 v: f32[B, L, %d, %d]) -> (y: f32[B, L, %d, %d])", hq, d, hk, d, hk, d, hq, d),
			fmt.Sprintf("  %%4 = attention %%1, %%2, %%3 {causal=%v, scale=0.3} : f32[B, L, %d, %d]\n  return %%4\n", causal, hq, d))
	}
	{
		h, d := 1+rng.IntN(3), 2*(1+rng.IntN(8))
		for _, inter := range []bool{false, true} {
			add("rope", fmt.Sprintf("x[B, L, %d, %d], interleaved %v", h, d, inter), tolElem, nil,
				fmt.Sprintf("%%1 x: f32[B, L, %d, %d]) -> (y: f32[B, L, %d, %d])", h, d, h, d),
				fmt.Sprintf("  %%2 = rope %%1 {interleaved=%v, theta=10000.0} : f32[B, L, %d, %d]\n  return %%2\n", inter, h, d))
		}
	}
	for i, n := range []int{1, 2} {
		h, k, v := 1+rng.IntN(2), dims(rng), dims(rng)
		gated := i == 0
		gate, gsig, gattr := "", "", ""
		if gated {
			gsig = fmt.Sprintf(", %%6 g: f32[B, T, %d]", h)
			gate = ", %7"
			gattr = ", gated=true"
		}
		kt := fmt.Sprintf("%d*T", n)
		if n == 1 {
			kt = "T"
		}
		body := fmt.Sprintf("  %%5 = l2_norm %%2 {eps=1e-06} : f32[B, %s, %d, %d]\n", kt, h, k)
		if gated {
			body += fmt.Sprintf("  %%7 = logsigmoid %%6 : f32[B, T, %d]\n", h)
		}
		body += fmt.Sprintf("  %%8 = sigmoid %%4 : f32[B, %s, %d]\n  %%9, %%10 = delta_rule %%1, %%5, %%3, %%8%s {final_state=true%s, n=%d, scale=0.5} : f32[B, T, %d, %d], f32[B, %d, %d, %d]\n  return %%9, %%10\n",
			kt, h, gate, gattr, n, h, v, h, k, v)
		add("delta_rule", fmt.Sprintf("q[B, T, %d, %d], v %d, %d Householder steps, gated %v", h, k, v, n, gated), tolMixer, nil,
			fmt.Sprintf("%%1 q: f32[B, T, %d, %d], %%2 k: f32[B, %s, %d, %d], %%3 v: f32[B, %s, %d, %d], %%4 beta: f32[B, %s, %d]%s) -> (y: f32[B, T, %d, %d], h: f32[B, %d, %d, %d])", h, k, kt, h, k, kt, h, v, kt, h, gsig, h, v, h, k, v),
			body)
	}
	for _, g := range []int{1, 2} {
		d, n := 2*dims(rng), 1+rng.IntN(16)
		for _, skipGate := range []bool{false, true} {
			sig := fmt.Sprintf("%%1 u: f32[B, L, %d], %%2 dt: f32[B, L, %d], %%3 bm: f32[B, L, %d, %d], %%4 cm: f32[B, L, %d, %d], %%5 z: f32[B, L, %d]) -> (y: f32[B, L, %d])", d, d, g, n, g, n, d, d)
			body := fmt.Sprintf("  %%6 = softplus %%2 : f32[B, L, %d]\n  %%7 = param {name=\"a\"} : f32[%d, %d]\n  %%8 = exp %%7 : f32[%d, %d]\n  %%9 = neg %%8 : f32[%d, %d]\n  %%10 = param {name=\"d\"} : f32[%d]\n", d, d, n, d, n, d, n, d)
			if skipGate {
				body += fmt.Sprintf("  %%11 = selective_scan %%1, %%6, %%9, %%3, %%4, %%10, %%5 {gate=true, skip=true} : f32[B, L, %d]\n  return %%11\n", d)
			} else {
				body += fmt.Sprintf("  %%11 = selective_scan %%1, %%6, %%9, %%3, %%4 : f32[B, L, %d]\n  return %%11\n", d)
			}
			add("selective_scan", fmt.Sprintf("u[B, L, %d], N %d, %d groups, skip and gate %v", d, n, g, skipGate), tolMixer, map[string][]int{"a": {d, n}, "d": {d}}, sig, body)
		}
	}
	{
		h := dims(rng)
		add("scan", fmt.Sprintf("a tanh cell over x[B, L, %d]", h), tolSum, map[string][]int{"w": {h, h}},
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (h: f32[B, %d], y: f32[B, L, %d])", h, h, h),
			// The recurrent weight is scaled by 1/sqrt(h), as initialisers do: with
			// unit-variance weights the cell is chaotic and rounding differences
			// between correct kernels grow past any tolerance within 17 steps.
			fmt.Sprintf("  %%2 = const {value=0.0} : f32[]\n  %%3 = broadcast_to %%2 {shape=#[B, %d]} : f32[B, %d]\n  %%4 = param {name=\"w\"} : f32[%d, %d]\n  %%12 = const {value=%g} : f32[]\n  %%8, %%9 = scan %%3, %%1 {carries=1} : f32[B, %d], f32[B, L, %d] {\n    ^(%%5: f32[B, %d], %%6: f32[B, %d]):\n    %%10 = linear %%5, %%4 : f32[B, %d]\n    %%13 = mul %%10, %%12 : f32[B, %d]\n    %%11 = add %%13, %%6 : f32[B, %d]\n    %%7 = tanh %%11 : f32[B, %d]\n    yield %%7, %%7\n  }\n  return %%8, %%9\n",
				h, h, h, h, 1/math.Sqrt(float64(h)), h, h, h, h, h, h, h, h))
	}
	return cs
}
