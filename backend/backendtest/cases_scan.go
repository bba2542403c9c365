package backendtest

import (
	"fmt"
	"math/rand/v2"
)

// The scan kernels (backend/llvm scan.go): the recurrent ssm in the view
// patterns models produce — Mamba-1's time-varying operands with C shared
// by every channel, Mamba-2's and Hydra's decay shared over the head and
// the state, a minGRU's state of one, time-invariant operands some of which
// broadcast over the state, states wider than the vector registers and not
// a multiple of them, an initial state argument and the final state — and
// the quasiseparable mixer (Hydra) with its diagonal broadcast.
func init() {
	extraCases = append(extraCases, scanCases)
}

func scanCases(*rand.Rand) []Case {
	// A private generator: drawing from the shared one would change the
	// cases generated and checked after these.
	rng := rand.New(rand.NewPCG(0x5ca, 0x9))
	var cs []Case
	add := func(op, name string, params map[string][]int, sig, body string) {
		cs = append(cs, Case{Op: op, Name: name, IR: module(params, sig, body), Tol: tolMixer, Params: params})
	}
	chans := []int{1, 3, 16, 17, 40}
	// Mamba-1 with -O0: a and b per channel and state, c shared by the
	// channels; the final state.
	for _, n := range []int{16, 19} {
		d := chans[rng.IntN(len(chans))]
		add("ssm", fmt.Sprintf("Mamba-1 x[B, L, %d], N %d, c shared, final state", d, n), nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d], %%2 a: f32[B, L, %d, %d], %%3 b: f32[B, L, %d, %d], %%4 c: f32[B, L, 1, %d]) -> (y: f32[B, L, %d], h: f32[B, %d, %d])", d, d, n, d, n, n, d, d, n),
			fmt.Sprintf("  %%5 = sigmoid %%2 : f32[B, L, %d, %d]\n  %%6, %%7 = ssm %%1, %%5, %%3, %%4 {final_state=true} : f32[B, L, %d], f32[B, %d, %d]\n  return %%6, %%7\n", d, n, d, d, n))
	}
	// An initial state argument (fixed in a stream: it starts the state).
	{
		d, n := chans[rng.IntN(len(chans))], 5+rng.IntN(20)
		add("ssm", fmt.Sprintf("x[B, L, %d], N %d, initial state and final state", d, n), nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d], %%2 a: f32[B, L, %d, %d], %%3 b: f32[B, L, %d, %d], %%4 c: f32[B, L, %d, %d], %%5 h0: f32[B, %d, %d]) -> (y: f32[B, L, %d], h: f32[B, %d, %d])", d, d, n, d, n, d, n, d, n, d, d, n),
			fmt.Sprintf("  %%6 = sigmoid %%2 : f32[B, L, %d, %d]\n  %%7, %%8 = ssm %%1, %%6, %%3, %%4, %%5 {final_state=true} : f32[B, L, %d], f32[B, %d, %d]\n  return %%7, %%8\n", d, n, d, d, n))
	}
	// Hydra's and Mamba-2's shape: x [B, L, G, H, P], the decay per head,
	// b and c per group.
	{
		g, h, p, n := 1+rng.IntN(2), 1+rng.IntN(3), chans[rng.IntN(len(chans))], []int{8, 16, 33}[rng.IntN(3)]
		add("ssm", fmt.Sprintf("heads x[B, L, %d, %d, %d], N %d", g, h, p, n), nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d, %d, %d], %%2 a: f32[B, L, %d, %d, 1, 1], %%3 b: f32[B, L, %d, 1, 1, %d], %%4 c: f32[B, L, %d, 1, 1, %d]) -> (y: f32[B, L, %d, %d, %d])", g, h, p, g, h, g, n, g, n, g, h, p),
			fmt.Sprintf("  %%5 = sigmoid %%2 : f32[B, L, %d, %d, 1, 1]\n  %%6 = ssm %%1, %%5, %%3, %%4 : f32[B, L, %d, %d, %d]\n  return %%6\n", g, h, g, h, p))
	}
	// A minGRU: a state of one, c a constant.
	{
		d := chans[rng.IntN(len(chans))]
		add("ssm", fmt.Sprintf("minGRU x[B, L, %d], N 1", d), nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d], %%2 z: f32[B, L, %d, 1]) -> (y: f32[B, L, %d])", d, d, d),
			fmt.Sprintf("  %%3 = sigmoid %%2 : f32[B, L, %d, 1]\n  %%4 = const {value=1.0} : f32[]\n  %%5 = sub %%4, %%3 : f32[B, L, %d, 1]\n  %%6 = reshape %%4 {shape=#[1, 1, 1, 1]} : f32[1, 1, 1, 1]\n  %%7 = ssm %%1, %%5, %%3, %%6 : f32[B, L, %d]\n  return %%7\n", d, d, d))
	}
	// Time-invariant operands from the weights, a broadcast over the state,
	// states past the unrolled width (150 = 9.4 vectors of 16).
	for _, n := range []int{7, 150} {
		d := chans[rng.IntN(len(chans))]
		add("ssm", fmt.Sprintf("time-invariant x[B, L, %d], N %d, a shared over the state", d, n), map[string][]int{"a": {1, 1, d, 1}, "b": {1, 1, d, n}, "c": {1, 1, 1, n}},
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d])", d, d),
			fmt.Sprintf("  %%2 = param {name=\"a\"} : f32[1, 1, %d, 1]\n  %%3 = sigmoid %%2 : f32[1, 1, %d, 1]\n  %%4 = param {name=\"b\"} : f32[1, 1, %d, %d]\n  %%5 = param {name=\"c\"} : f32[1, 1, 1, %d]\n  %%6 = ssm %%1, %%3, %%4, %%5 : f32[B, L, %d]\n  return %%6\n", d, d, d, n, n, d))
	}
	// Hydra's quasiseparable mixer: decays per head, b and c per group, the
	// diagonal per head and position; and one with every operand full and
	// a diagonal from the weights.
	{
		g, h, p, n := 1+rng.IntN(2), 1+rng.IntN(2), chans[rng.IntN(len(chans))], []int{4, 16, 17}[rng.IntN(3)]
		a := fmt.Sprintf("f32[B, L, %d, %d, 1, 1]", g, h)
		bc := fmt.Sprintf("f32[B, L, %d, 1, 1, %d]", g, n)
		x := fmt.Sprintf("f32[B, L, %d, %d, %d]", g, h, p)
		dg := fmt.Sprintf("f32[B, L, %d, %d, 1]", g, h)
		add("quasiseparable", fmt.Sprintf("Hydra x[B, L, %d, %d, %d], N %d", g, h, p, n), nil,
			fmt.Sprintf("%%1 x: %s, %%2 af: %s, %%3 bf: %s, %%4 cf: %s, %%5 ab: %s, %%6 bb: %s, %%7 cb: %s, %%8 d: %s) -> (y: %s)", x, a, bc, bc, a, bc, bc, dg, x),
			fmt.Sprintf("  %%9 = sigmoid %%2 : %s\n  %%10 = sigmoid %%5 : %s\n  %%11 = quasiseparable %%1, %%9, %%3, %%4, %%10, %%6, %%7, %%8 : %s\n  return %%11\n", a, a, x))
	}
	{
		c, n := chans[rng.IntN(len(chans))], 20+rng.IntN(5)
		s := fmt.Sprintf("f32[B, L, %d, %d]", c, n)
		add("quasiseparable", fmt.Sprintf("x[B, L, %d], N %d, diagonal from the weights", c, n), map[string][]int{"d": {c}},
			fmt.Sprintf("%%1 x: f32[B, L, %d], %%2 a: %s, %%3 b: %s, %%4 c: %s, %%5 e: %s, %%6 f: %s, %%7 g: %s) -> (y: f32[B, L, %d])", c, s, s, s, s, s, s, c),
			fmt.Sprintf("  %%8 = sigmoid %%2 : %s\n  %%9 = sigmoid %%5 : %s\n  %%10 = param {name=\"d\"} : f32[%d]\n  %%11 = quasiseparable %%1, %%8, %%3, %%4, %%9, %%6, %%7, %%10 : f32[B, L, %d]\n  return %%11\n", s, s, c, c))
	}
	return cs
}
