// Package backendtest is the conformance harness, in the spirit of ggml's
// test-backend-ops: every op of the op table, in every algorithm it has,
// on random shapes (odd and empty ones included), run on a backend and on
// the interpreter, whole and streamed, and compared at a per-op tolerance.
// A new backend plugs in by registering itself; `go test ./backend/...`
// then checks it op by op.
package backendtest

import (
	"fmt"
	"math/rand/v2"
)

// Case is one op in one configuration: a module (IR text) whose forward
// applies the op to its inputs.
type Case struct {
	Op   string
	Name string  // the configuration: "x[B, L, 7]"
	IR   string  // the module
	Tol  float64 // relative tolerance against the interpreter (of the output's scale)
	// Params gives the weights the module declares, by name and shape.
	Params map[string][]int
}

// dims picks a feature size: small, odd and even, 1 included.
func dims(rng *rand.Rand) int { return []int{1, 3, 4, 7, 8, 16, 17, 33}[rng.IntN(8)] }

const (
	tolExact = 0    // bit for bit: data movement
	tolElem  = 1e-5 // our polynomials are within a few ulps
	tolSum   = 1e-4 // reductions in another order
	tolMixer = 2e-4 // sequence mixers: blocked sums, other algorithms
)

// module wraps one function body into a module text.
func module(params map[string][]int, sig, body string) string {
	s := "module Case\n\n"
	for _, name := range sortedKeys(params) {
		s += fmt.Sprintf("param %q: f32%s\n", name, shapeText(params[name]))
	}
	return s + "\nfunc forward(" + sig + " {\n" + body + "}\n"
}

func shapeText(s []int) string {
	out := "["
	for i, d := range s {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprint(d)
	}
	return out + "]"
}

// Cases returns the conformance cases, drawn with rng: every op kind at
// least once, mixers in several shapes.
func Cases(rng *rand.Rand) []Case {
	var cs []Case
	add := func(op, name string, tol float64, params map[string][]int, sig, body string) {
		cs = append(cs, Case{Op: op, Name: name, IR: module(params, sig, body), Tol: tol, Params: params})
	}
	for _, u := range []string{"neg", "exp", "log", "sqrt", "rsqrt", "tanh", "sigmoid", "silu", "gelu", "gelu_tanh",
		"softplus", "relu", "abs", "sin", "cos", "square", "logsigmoid", "recip"} {
		d := dims(rng)
		in := fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d])", d, d)
		arg := "%1"
		pre := ""
		if u == "log" || u == "sqrt" || u == "rsqrt" {
			pre = "  %2 = abs %1 : f32[B, L, " + fmt.Sprint(d) + "]\n"
			arg = "%2"
		}
		add(u, fmt.Sprintf("x[B, L, %d]", d), tolElem, nil, in,
			pre+fmt.Sprintf("  %%3 = %s %s : f32[B, L, %d]\n  return %%3\n", u, arg, d))
	}
	for _, b := range []string{"add", "sub", "mul", "div", "pow", "maximum", "minimum"} {
		d := dims(rng)
		// Broadcast the second operand over the sequence, as biases and gates do.
		add(b, fmt.Sprintf("x[B, L, %d] · y[%d]", d, d), tolElem, nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d], %%2 y: f32[%d]) -> (z: f32[B, L, %d])", d, d, d),
			fmt.Sprintf("  %%3 = abs %%1 : f32[B, L, %d]\n  %%4 = %s %%3, %%2 : f32[B, L, %d]\n  return %%4\n", d, b, d))
	}
	{
		d := dims(rng)
		add("complex", fmt.Sprintf("re/im [B, L, %d]", d), tolExact, nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d], %%2 y: f32[B, L, %d]) -> (re: f32[B, L, %d], im: f32[B, L, %d], c: f32[B, L, %d])", d, d, d, d, d),
			fmt.Sprintf("  %%3 = complex %%1, %%2 : c64[B, L, %d]\n  %%13 = conj %%3 : c64[B, L, %d]\n  %%4 = exp %%13 : c64[B, L, %d]\n  %%5 = real %%4 : f32[B, L, %d]\n  %%6 = imag %%4 : f32[B, L, %d]\n  %%7 = cast %%1 {dtype=\"i32\"} : i32[B, L, %d]\n  %%8 = cast %%7 {dtype=\"f32\"} : f32[B, L, %d]\n  return %%5, %%6, %%8\n", d, d, d, d, d, d, d))
	}
	for _, r := range []string{"sum", "mean", "max"} {
		d := dims(rng)
		add(r, fmt.Sprintf("x[B, L, %d] over the features", d), tolSum, nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, 1], z: f32[B, L])", d),
			fmt.Sprintf("  %%2 = %s %%1 {axis=-1, keepdim=true} : f32[B, L, 1]\n  %%3 = %s %%1 {axis=2} : f32[B, L]\n  return %%2, %%3\n", r, r))
	}
	{
		d := dims(rng)
		add("softmax", fmt.Sprintf("x[B, L, %d]", d), tolSum, nil, fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d])", d, d),
			fmt.Sprintf("  %%2 = softmax %%1 {axis=-1} : f32[B, L, %d]\n  return %%2\n", d))
		add("cumsum", fmt.Sprintf("x[B, L, %d] along the sequence", d), tolSum, nil, fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d])", d, d),
			fmt.Sprintf("  %%2 = cumsum %%1 {axis=1} : f32[B, L, %d]\n  return %%2\n", d))
		add("shift", fmt.Sprintf("x[B, L, %d] by 2", d), tolExact, nil, fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d])", d, d),
			fmt.Sprintf("  %%2 = shift %%1 {axis=1, n=2} : f32[B, L, %d]\n  return %%2\n", d))
		add("flip", fmt.Sprintf("x[B, L, %d]", d), tolExact, nil, fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d])", d, d),
			fmt.Sprintf("  %%2 = flip %%1 {axis=1} : f32[B, L, %d]\n  return %%2\n", d))
	}
	{
		d := dims(rng)
		w := map[string][]int{"w": {d}, "b": {d}}
		add("rms_norm", fmt.Sprintf("x[B, L, %d]", d), tolSum, w, fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d], z: f32[B, L, %d], u: f32[B, L, %d])", d, d, d, d),
			fmt.Sprintf("  %%2 = param {name=\"w\"} : f32[%d]\n  %%3 = param {name=\"b\"} : f32[%d]\n  %%4 = rms_norm %%1, %%2 {eps=1e-05} : f32[B, L, %d]\n  %%5 = layer_norm %%1, %%2, %%3 {eps=1e-05} : f32[B, L, %d]\n  %%6 = l2_norm %%1 {eps=1e-06} : f32[B, L, %d]\n  return %%4, %%5, %%6\n", d, d, d, d, d))
	}
	for _, act := range []string{"", "silu", "gelu", "gelu_tanh", "relu", "sigmoid", "tanh", "softplus"} {
		k, n := dims(rng), dims(rng)
		attr := ""
		if act != "" {
			attr = fmt.Sprintf(" {act=%q}", act)
		}
		add("linear", fmt.Sprintf("x[B, L, %d] · W[%d, %d]ᵀ + b, act %q", k, n, k, act), tolSum, map[string][]int{"w": {n, k}, "b": {n}},
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d], z: f32[B, L, %d])", k, n, n),
			fmt.Sprintf("  %%2 = param {name=\"w\"} : f32[%d, %d]\n  %%3 = param {name=\"b\"} : f32[%d]\n  %%4 = linear %%1, %%2, %%3%s : f32[B, L, %d]\n  %%5 = linear %%1, %%2 : f32[B, L, %d]\n  return %%4, %%5\n", n, k, n, attr, n, n))
	}
	{
		m, k, n := dims(rng), dims(rng), dims(rng)
		add("matmul", fmt.Sprintf("[B, L, %d, %d] @ [%d, %d]", m, k, k, n), tolSum, nil,
			fmt.Sprintf("%%1 a: f32[B, L, %d, %d], %%2 b: f32[%d, %d]) -> (y: f32[B, L, %d, %d])", m, k, k, n, m, n),
			fmt.Sprintf("  %%3 = matmul %%1, %%2 : f32[B, L, %d, %d]\n  return %%3\n", m, n))
	}
	{
		v, d := 5+rng.IntN(20), dims(rng)
		add("take", fmt.Sprintf("table[%d, %d] by ids[B, L]", v, d), tolExact, map[string][]int{"emb": {v, d}},
			"%1 ids: i32[B, L]) -> (y: f32[B, L, "+fmt.Sprint(d)+"])",
			fmt.Sprintf("  %%2 = param {name=\"emb\"} : f32[%d, %d]\n  %%3 = take %%2, %%1 : f32[B, L, %d]\n  return %%3\n", v, d, d))
	}
	{
		h, p := 1+rng.IntN(3), dims(rng)
		d := h * p
		add("reshape", fmt.Sprintf("[B, L, %d] as [B, L, %d, %d]", d, h, p), tolExact, nil,
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, %d, L, %d], z: f32[B, L, 2, %d], s: f32[B, L, %d], t: f32[B, %d])", d, h, p, d, d, d),
			fmt.Sprintf("  %%2 = reshape %%1 {shape=#[B, L, %d, %d]} : f32[B, L, %d, %d]\n  %%3 = transpose %%2 {perm=[0, 2, 1, 3]} : f32[B, %d, L, %d]\n  %%4 = broadcast_to %%1 {shape=#[2, B, L, %d]} : f32[2, B, L, %d]\n  %%5 = transpose %%4 {perm=[1, 2, 0, 3]} : f32[B, L, 2, %d]\n  %%6, %%7 = split %%5 {axis=2, sizes=[1, 1]} : f32[B, L, 1, %d], f32[B, L, 1, %d]\n  %%8 = concat %%6, %%7 {axis=2} : f32[B, L, 2, %d]\n  %%9 = slice %%8 {axis=2, start=#1, stop=#2} : f32[B, L, 1, %d]\n  %%10 = index %%9 {axis=2, index=#0} : f32[B, L, %d]\n  %%11 = const {value=0.0} : f32[]\n  %%12 = broadcast_to %%11 {shape=#[B, %d]} : f32[B, %d]\n  return %%3, %%8, %%10, %%12\n",
				h, p, h, p, h, p, d, d, d, d, d, d, d, d, d, d))
	}
	for i := 0; i < 3; i++ {
		c, w := dims(rng), 2+rng.IntN(4)
		add("conv", fmt.Sprintf("causal x[B, L, %d] * k[%d, %d]", c, c, w), tolMixer, map[string][]int{"k": {c, w}, "b": {c}},
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d])", c, c),
			fmt.Sprintf("  %%2 = param {name=\"k\"} : f32[%d, %d]\n  %%3 = param {name=\"b\"} : f32[%d]\n  %%4 = conv %%1, %%2, %%3 {act=\"silu\", pad_left=%d, pad_right=0} : f32[B, L, %d]\n  return %%4\n", c, w, c, w-1, c))
	}
	cs = append(cs, mixerCases(rng)...)
	for _, more := range extraCases {
		cs = append(cs, more(rng)...)
	}
	return cs
}

// extraCases are more cases, added from init functions of other files of
// this package (one file per kernel family).
var extraCases []func(rng *rand.Rand) []Case
