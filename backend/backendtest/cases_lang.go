package backendtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Cases for the language's general-purpose ops (ir/ops_lang.go): the
// comparisons (f32 masks) and where, integer arithmetic on i32 tensors,
// arange (absolute positions when it counts the streamed sequence),
// literal tensors, top_k, gather and scatter_add (mixture-of-experts
// routing), dilated convolutions, and the associative scan in both its
// forms (sequential and chunked), whole and streamed.

func init() {
	extraCases = append(extraCases, langCases)
}

func langCases(rng *rand.Rand) []Case {
	var cs []Case
	add := func(op, name string, tol float64, params map[string][]int, sig, body string) {
		cs = append(cs, Case{Op: op, Name: name, IR: module(params, sig, body), Tol: tol, Params: params})
	}
	{
		d := dims(rng)
		t := fmt.Sprintf("f32[B, L, %d]", d)
		var outs, body []string
		for i, k := range []string{"eq", "ne", "lt", "le", "gt", "ge"} {
			body = append(body, fmt.Sprintf("  %%%d = %s %%1, %%2 : %s", 10+i, k, t))
			outs = append(outs, fmt.Sprintf("%%%d", 10+i))
		}
		// A mask chooses between two tensors; a comparison with itself is all ones.
		body = append(body, fmt.Sprintf("  %%20 = eq %%1, %%1 : %s", t), fmt.Sprintf("  %%21 = where %%12, %%1, %%2 : %s", t),
			fmt.Sprintf("  %%22 = add %%20, %%21 : %s", t))
		outs = append(outs, "%22")
		names := []string{"a", "b", "c", "e", "f", "g", "h"}
		var res []string
		for _, n := range names {
			res = append(res, n+": "+t)
		}
		add("eq", fmt.Sprintf("every comparison and where, x[B, L, %d] · y[%d]", d, d), tolExact, nil,
			fmt.Sprintf("%%1 x: %s, %%2 y: f32[%d]) -> (%s)", t, d, strings.Join(res, ", ")),
			strings.Join(body, "\n")+"\n  return "+strings.Join(outs, ", ")+"\n")
	}
	{
		// Index arithmetic on i32 ids in [0, 5): every integer op, a
		// comparison of ids, and where choosing between i32 tensors.
		t := "i32[B, L]"
		body := []string{
			"  %2 = const {dtype=\"i32\", value=3.0} : i32[]",
			"  %3 = add %1, %2 : " + t, "  %4 = sub %1, %2 : " + t, "  %5 = mul %1, %2 : " + t,
			"  %6 = mod %4, %2 : " + t, "  %7 = maximum %1, %2 : " + t, "  %8 = minimum %1, %2 : " + t,
			"  %9 = neg %4 : " + t, "  %10 = abs %4 : " + t, "  %11 = eq %1, %2 : f32[B, L]", "  %12 = ne %1, %2 : f32[B, L]",
			"  %13 = where %11, %3, %9 : " + t,
			"  %14 = add %5, %6 : " + t, "  %15 = add %14, %7 : " + t, "  %16 = sub %15, %8 : " + t, "  %17 = add %16, %10 : " + t,
		}
		add("mod", "i32 ids[B, L] and a constant", tolExact, nil,
			"%1 ids: i32[B, L]) -> (a: i32[B, L], m: f32[B, L], w: i32[B, L])",
			strings.Join(body, "\n")+"\n  return %17, %12, %13\n")
		d := dims(rng)
		ft := fmt.Sprintf("f32[B, L, %d]", d)
		add("mod", fmt.Sprintf("floor modulo of x[B, L, %d] by y[%d]", d, d), tolElem, nil,
			fmt.Sprintf("%%1 x: %s, %%2 y: f32[%d]) -> (z: %s)", ft, d, ft),
			fmt.Sprintf("  %%3 = const {value=3.0} : f32[]\n  %%4 = mul %%1, %%3 : %s\n  %%5 = abs %%2 : f32[%d]\n  %%6 = const {value=0.5} : f32[]\n  %%7 = add %%5, %%6 : f32[%d]\n  %%8 = mod %%4, %%7 : %s\n  return %%8\n", ft, d, d, ft))
	}
	{
		// Positions: arange of the sequence (absolute positions in a
		// stream), in both element types, and of a constant length.
		d := dims(rng)
		ft := fmt.Sprintf("f32[B, L, %d]", d)
		add("arange", fmt.Sprintf("positions added to x[B, L, %d]", d), tolExact, nil,
			fmt.Sprintf("%%1 x: %s) -> (y: %s, p: f32[B, L, %d], i: f32[B, L])", ft, ft, d),
			fmt.Sprintf("  %%2 = arange {dtype=\"f32\", n=#L} : f32[L]\n  %%3 = reshape %%2 {shape=#[1, L, 1]} : f32[1, L, 1]\n  %%4 = add %%1, %%3 : %s\n", ft)+
				fmt.Sprintf("  %%5 = arange {dtype=\"f32\", n=#%d} : f32[%d]\n  %%6 = add %%1, %%5 : %s\n", d, d, ft)+
				"  %7 = arange {n=#L} : i32[L]\n  %8 = const {dtype=\"i32\", value=2.0} : i32[]\n  %9 = mod %7, %8 : i32[L]\n  %10 = cast %9 {dtype=\"f32\"} : f32[L]\n"+
				"  %11 = reshape %10 {shape=#[1, L]} : f32[1, L]\n  %12 = index %1 {axis=2, index=#0} : f32[B, L]\n  %13 = mul %12, %11 : f32[B, L]\n"+
				"  return %4, %6, %13\n")
	}
	{
		d := 1 + rng.IntN(4)
		vals := make([]string, 2*d)
		for i := range vals {
			vals[i] = fmt.Sprintf("%g", float64(rng.IntN(9)-4)/4)
			if !strings.ContainsAny(vals[i], ".e") {
				vals[i] += ".0"
			}
		}
		ints := make([]string, d)
		for i := range ints {
			ints[i] = fmt.Sprintf("%d.0", rng.IntN(7)-3)
		}
		ft := fmt.Sprintf("f32[B, L, 2, %d]", d)
		add("literal", fmt.Sprintf("[2, %d] and i32[%d] constants", d, d), tolExact, nil,
			fmt.Sprintf("%%1 x: %s, %%2 ids: i32[B, L, %d]) -> (y: %s, i: i32[B, L, %d])", ft, d, ft, d),
			fmt.Sprintf("  %%3 = literal {shape=#[2, %d], values=[%s]} : f32[2, %d]\n  %%4 = mul %%1, %%3 : %s\n", d, strings.Join(vals, ", "), d, ft)+
				fmt.Sprintf("  %%5 = literal {dtype=\"i32\", shape=#[%d], values=[%s]} : i32[%d]\n  %%6 = add %%2, %%5 : i32[B, L, %d]\n  return %%4, %%6\n", d, strings.Join(ints, ", "), d, d))
	}
	for i := 0; i < 2; i++ {
		// Mixture-of-experts routing: the top k of router logits, softmax
		// over the chosen, the chosen experts' outputs gathered and
		// weighted, and the per-expert weights scattered back.
		e, d := 2+rng.IntN(6), dims(rng)
		k := 1 + rng.IntN(e)
		et := fmt.Sprintf("f32[B, L, %d]", e)
		kt := fmt.Sprintf("f32[B, L, %d]", k)
		it := fmt.Sprintf("i32[B, L, %d]", k)
		add("top_k", fmt.Sprintf("top %d of %d experts, outputs [B, L, %d, %d]", k, e, e, d), tolSum, nil,
			fmt.Sprintf("%%1 logits: %s, %%2 ys: f32[B, L, %d, %d]) -> (v: %s, i: %s, y: f32[B, L, %d], w: %s)", et, e, d, kt, it, d, et),
			fmt.Sprintf("  %%3, %%4 = top_k %%1 {axis=-1, k=%d} : %s, %s\n  %%5 = softmax %%3 {axis=-1} : %s\n", k, kt, it, kt)+
				fmt.Sprintf("  %%6 = reshape %%4 {shape=#[B, L, %d, 1]} : i32[B, L, %d, 1]\n  %%7 = gather %%2, %%6 {axis=2} : f32[B, L, %d, %d]\n", k, k, k, d)+
				fmt.Sprintf("  %%8 = reshape %%5 {shape=#[B, L, %d, 1]} : f32[B, L, %d, 1]\n  %%9 = mul %%7, %%8 : f32[B, L, %d, %d]\n  %%10 = sum %%9 {axis=2} : f32[B, L, %d]\n", k, k, k, d, d)+
				fmt.Sprintf("  %%11 = const {value=0.0} : f32[]\n  %%12 = broadcast_to %%11 {shape=#[B, L, %d]} : %s\n  %%13 = scatter_add %%12, %%4, %%5 {axis=-1} : %s\n", e, et, et)+
				"  return %3, %4, %10, %13\n")
	}
	{
		// top_k along a feature axis of an i32 tensor, and gather of i32
		// values by a constant index.
		d := 5 + rng.IntN(4)
		add("gather", fmt.Sprintf("i32 ids[B, L, %d]: top 2, and a gather by constant indices", d), tolExact, nil,
			fmt.Sprintf("%%1 ids: i32[B, L, %d]) -> (v: i32[B, L, 2], i: i32[B, L, 2], g: i32[B, L, 3])", d),
			"  %2, %3 = top_k %1 {axis=2, k=2} : i32[B, L, 2], i32[B, L, 2]\n"+
				"  %4 = literal {dtype=\"i32\", shape=#[1, 1, 3], values=[4.0, 0.0, 4.0]} : i32[1, 1, 3]\n  %5 = gather %1, %4 {axis=2} : i32[B, L, 3]\n  return %2, %3, %5\n")
		add("scatter_add", fmt.Sprintf("i32 counts of ids[B, L, %d] in 5 bins", d), tolExact, nil,
			fmt.Sprintf("%%1 ids: i32[B, L, %d]) -> (c: i32[B, L, 5])", d),
			fmt.Sprintf("  %%2 = const {dtype=\"i32\", value=0.0} : i32[]\n  %%3 = broadcast_to %%2 {shape=#[B, L, 5]} : i32[B, L, 5]\n  %%4 = const {dtype=\"i32\", value=1.0} : i32[]\n  %%5 = broadcast_to %%4 {shape=#[B, L, %d]} : i32[B, L, %d]\n  %%6 = scatter_add %%3, %%1, %%5 {axis=2} : i32[B, L, 5]\n  return %%6\n", d, d))
	}
	for i := 0; i < 2; i++ {
		// Dilated convolutions: causal (streams its last dilation·(W-1)
		// inputs) and with other padding.
		c, w, dil := dims(rng), 2+rng.IntN(3), 2+rng.IntN(3)
		span := dil*(w-1) + 1
		pl, pr, out := span-1, 0, "L"
		if i == 1 {
			pl, pr = 1, span
			out = fmt.Sprintf("L+%d", pl+pr+1-span)
		}
		add("conv", fmt.Sprintf("dilation %d, x[B, L, %d] * k[%d, %d], pad (%d, %d)", dil, c, c, w, pl, pr), tolMixer, map[string][]int{"k": {c, w}, "b": {c}},
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, %s, %d])", c, out, c),
			fmt.Sprintf("  %%2 = param {name=\"k\"} : f32[%d, %d]\n  %%3 = param {name=\"b\"} : f32[%d]\n  %%4 = conv %%1, %%2, %%3 {dilation=%d, pad_left=%d, pad_right=%d} : f32[B, %s, %d]\n  return %%4\n", c, w, c, dil, pl, pr, out, c))
	}
	{
		// The associative scan: a first-order linear recurrence as the
		// prefix of affine maps (a, b) ∘ (a', b') = (a·a', a'·b + b'), and
		// the log-sum-exp prefix of Aaren's attention-as-a-scan: (m, u, w)
		// with m the running max, u and w sums rescaled to it.
		d := dims(rng)
		t := fmt.Sprintf("f32[B, L, %d]", d)
		r := fmt.Sprintf("f32[B, %d]", d)
		add("assoc_scan", fmt.Sprintf("affine maps over x[B, L, %d]", d), tolMixer, nil,
			fmt.Sprintf("%%1 a: %s, %%2 b: %s) -> (p: %s, h: %s)", t, t, t, t),
			fmt.Sprintf("  %%3 = sigmoid %%1 : %s\n  %%4, %%5 = assoc_scan %%3, %%2 : %s, %s {\n", t, t, t)+
				fmt.Sprintf("    ^(%%6: %s, %%7: %s, %%8: %s, %%9: %s):\n", r, r, r, r)+
				fmt.Sprintf("    %%10 = mul %%6, %%8 : %s\n    %%11 = mul %%8, %%7 : %s\n    %%12 = add %%11, %%9 : %s\n    yield %%10, %%12\n  }\n  return %%4, %%5\n", r, r, r))
		add("assoc_scan", fmt.Sprintf("Aaren's (max, numerator, denominator) over s[B, L, %d]", d), tolMixer, nil,
			fmt.Sprintf("%%1 s: %s, %%2 v: %s) -> (o: %s)", t, t, t),
			fmt.Sprintf("  %%3 = const {value=1.0} : f32[]\n  %%4 = broadcast_to %%3 {shape=#[B, L, %d]} : %s\n", d, t)+
				fmt.Sprintf("  %%5, %%6, %%7 = assoc_scan %%1, %%2, %%4 : %s, %s, %s {\n", t, t, t)+
				fmt.Sprintf("    ^(%%8: %s, %%9: %s, %%10: %s, %%11: %s, %%12: %s, %%13: %s):\n", r, r, r, r, r, r)+
				fmt.Sprintf("    %%14 = maximum %%8, %%11 : %s\n    %%15 = sub %%8, %%14 : %s\n    %%16 = exp %%15 : %s\n    %%17 = sub %%11, %%14 : %s\n    %%18 = exp %%17 : %s\n", r, r, r, r, r)+
				fmt.Sprintf("    %%19 = mul %%9, %%16 : %s\n    %%20 = mul %%12, %%18 : %s\n    %%21 = add %%19, %%20 : %s\n", r, r, r)+
				fmt.Sprintf("    %%22 = mul %%10, %%16 : %s\n    %%23 = mul %%13, %%18 : %s\n    %%24 = add %%22, %%23 : %s\n    yield %%14, %%21, %%24\n  }\n", r, r, r)+
				fmt.Sprintf("  %%25 = div %%6, %%7 : %s\n  return %%25\n", t))
	}
	return cs
}
