package backendtest

import (
	"fmt"
	"math/rand/v2"
)

// Cases for the elementwise and row kernels (backend/llvm elem_*.go):
// feature sizes past a vector and its tail (33, 100), broadcasts along
// every kind of axis, reductions and cumsum along the sequence and the
// features, softmax on a non-last axis (the fallback), and the streamed
// state of cumsum and rope.

func init() {
	extraCases = append(extraCases, elemCases)
}

func elemCases(rng *rand.Rand) []Case {
	var cs []Case
	add := func(op, name string, tol float64, params map[string][]int, sig, body string) {
		cs = append(cs, Case{Op: op, Name: name, IR: module(params, sig, body), Tol: tol, Params: params})
	}
	wide := func() int { return []int{33, 100}[rng.IntN(2)] }

	// Every unary op on a wide row, with inputs scaled up (x·3) so the
	// polynomials' ranges and sin/cos's reduction are exercised.
	for _, u := range []string{"neg", "exp", "log", "sqrt", "rsqrt", "tanh", "sigmoid", "silu", "gelu", "gelu_tanh",
		"softplus", "relu", "abs", "sin", "cos", "square", "logsigmoid", "recip", "conj"} {
		d := wide()
		arg := "%3"
		pre := fmt.Sprintf("  %%2 = const {value=3.0} : f32[]\n  %%3 = mul %%1, %%2 : f32[B, L, %d]\n", d)
		if u == "log" || u == "sqrt" || u == "rsqrt" {
			pre += fmt.Sprintf("  %%4 = abs %%3 : f32[B, L, %d]\n", d)
			arg = "%4"
		}
		add(u, fmt.Sprintf("3·x[B, L, %d]", d), tolElem, nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d])", d, d),
			pre+fmt.Sprintf("  %%5 = %s %s : f32[B, L, %d]\n  return %%5\n", u, arg, d))
	}

	// Broadcasts: a per-position gate [B, L, 1], a leading operand of
	// lower rank, a head gate [B, L, H, 1], a weight [H, 1] over [B, L, H,
	// P] (merging axes), and a scalar on the left.
	for _, b := range []string{"add", "sub", "mul", "div", "pow", "maximum", "minimum"} {
		d, h, p := wide(), 1+rng.IntN(3), dims(rng)
		sig := fmt.Sprintf("%%1 x: f32[B, L, %d], %%2 g: f32[B, L, 1], %%3 u: f32[B, L, %d, %d], %%4 v: f32[B, L, %d, 1]) -> (a: f32[B, L, %d], b: f32[B, L, %d], c: f32[B, L, %d, %d], e: f32[B, L, %d, %d], f: f32[B, L, %d])",
			d, h, p, h, d, d, h, p, h, p, d)
		body := fmt.Sprintf("  %%5 = abs %%1 : f32[B, L, %d]\n", d) +
			fmt.Sprintf("  %%6 = %s %%5, %%2 : f32[B, L, %d]\n", b, d) +
			fmt.Sprintf("  %%7 = param {name=\"w\"} : f32[%d]\n  %%8 = %s %%7, %%5 : f32[B, L, %d]\n", d, b, d) +
			fmt.Sprintf("  %%9 = abs %%3 : f32[B, L, %d, %d]\n  %%10 = %s %%9, %%4 : f32[B, L, %d, %d]\n", h, p, b, h, p) +
			fmt.Sprintf("  %%11 = param {name=\"hw\"} : f32[%d, 1]\n  %%12 = %s %%9, %%11 : f32[B, L, %d, %d]\n", h, b, h, p) +
			fmt.Sprintf("  %%13 = const {value=1.5} : f32[]\n  %%14 = %s %%13, %%1 : f32[B, L, %d]\n", b, d) +
			"  return %6, %8, %10, %12, %14\n"
		add(b, fmt.Sprintf("broadcasts over [B, L, %d] and [B, L, %d, %d]", d, h, p), tolElem,
			map[string][]int{"w": {d}, "hw": {h, 1}}, sig, body)
	}

	{
		d := wide()
		add("cast", fmt.Sprintf("f32 ↔ i32 [B, L, %d]", d), tolExact, nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d], i: i32[B, L, %d])", d, d, d),
			fmt.Sprintf("  %%2 = const {value=40.0} : f32[]\n  %%3 = mul %%1, %%2 : f32[B, L, %d]\n  %%4 = cast %%3 {dtype=\"i32\"} : i32[B, L, %d]\n  %%5 = cast %%4 {dtype=\"f32\"} : f32[B, L, %d]\n  return %%5, %%4\n", d, d, d))
	}

	// Norms: every weight/bias combination, wide and single-feature rows.
	for _, d := range []int{1, wide()} {
		w := map[string][]int{"w": {d}, "b": {d}}
		add("rms_norm", fmt.Sprintf("x[B, L, %d], each weight and bias combination", d), tolSum, w,
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (a: f32[B, L, %d], b: f32[B, L, %d], c: f32[B, L, %d], e: f32[B, L, %d])", d, d, d, d, d),
			fmt.Sprintf("  %%2 = param {name=\"w\"} : f32[%d]\n  %%3 = param {name=\"b\"} : f32[%d]\n", d, d)+
				fmt.Sprintf("  %%4 = rms_norm %%1 {eps=1e-06} : f32[B, L, %d]\n", d)+
				fmt.Sprintf("  %%5 = layer_norm %%1 {eps=1e-05} : f32[B, L, %d]\n", d)+
				fmt.Sprintf("  %%6 = layer_norm %%1, %%2 {eps=1e-05} : f32[B, L, %d]\n", d)+
				fmt.Sprintf("  %%7 = rms_norm %%1, %%2 {eps=1e-05} : f32[B, L, %d]\n", d)+
				"  return %4, %5, %6, %7\n")
	}

	{
		h, d := 1+rng.IntN(3), wide()
		add("softmax", fmt.Sprintf("x[B, L, %d, %d] over the last axis and over the heads", h, d), tolSum, nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d, %d]) -> (y: f32[B, L, %d, %d], z: f32[B, L, %d, %d])", h, d, h, d, h, d),
			fmt.Sprintf("  %%2 = const {value=8.0} : f32[]\n  %%3 = mul %%1, %%2 : f32[B, L, %d, %d]\n  %%4 = softmax %%3 {axis=-1} : f32[B, L, %d, %d]\n  %%5 = softmax %%1 {axis=2} : f32[B, L, %d, %d]\n  return %%4, %%5\n", h, d, h, d, h, d))
	}

	// Reductions along the features (rows) and along the sequence and the
	// batch (columns).
	for _, r := range []string{"sum", "mean", "max"} {
		d := wide()
		add(r, fmt.Sprintf("x[B, L, %d] along each axis", d), tolSum, nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (a: f32[B, L], b: f32[B, %d], c: f32[1, L, %d])", d, d, d),
			fmt.Sprintf("  %%2 = %s %%1 {axis=-1} : f32[B, L]\n  %%3 = %s %%1 {axis=1} : f32[B, %d]\n  %%4 = %s %%1 {axis=0, keepdim=true} : f32[1, L, %d]\n  return %%2, %%3, %%4\n", r, r, d, r, d))
	}

	{
		d := wide()
		add("cumsum", fmt.Sprintf("x[B, L, %d] along the sequence (streamed) and the features", d), tolSum, nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d], z: f32[B, L, %d])", d, d, d),
			fmt.Sprintf("  %%2 = cumsum %%1 {axis=1} : f32[B, L, %d]\n  %%3 = cumsum %%1 {axis=2} : f32[B, L, %d]\n  return %%2, %%3\n", d, d))
		add("cumsum", "x[B, L, 1] along the sequence (streamed)", tolSum, nil,
			"%1 x: f32[B, L, 1]) -> (y: f32[B, L, 1])",
			"  %2 = cumsum %1 {axis=1} : f32[B, L, 1]\n  return %2\n")
	}

	{
		v, d := 5+rng.IntN(20), wide()
		add("take", fmt.Sprintf("table[%d, %d] by ids[B, L]", v, d), tolExact, map[string][]int{"emb": {v, d}},
			fmt.Sprintf("%%1 ids: i32[B, L]) -> (y: f32[B, L, %d])", d),
			fmt.Sprintf("  %%2 = param {name=\"emb\"} : f32[%d, %d]\n  %%3 = take %%2, %%1 : f32[B, L, %d]\n  return %%3\n", v, d, d))
	}

	for _, d := range []int{2, 34, 64} {
		h := 1 + rng.IntN(3)
		for _, inter := range []bool{false, true} {
			add("rope", fmt.Sprintf("x[B, L, %d, %d], interleaved %v", h, d, inter), tolElem, nil,
				fmt.Sprintf("%%1 x: f32[B, L, %d, %d]) -> (y: f32[B, L, %d, %d])", h, d, h, d),
				fmt.Sprintf("  %%2 = rope %%1 {interleaved=%v, theta=500000.0} : f32[B, L, %d, %d]\n  return %%2\n", inter, h, d))
		}
	}
	return cs
}
