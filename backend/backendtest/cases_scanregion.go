package backendtest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Cases for the scan region kernel (backend/llvm scanregion*.go): whole
// `scan` ops with their cell inside — an LSTM and a GRU written as
// std/rnn writes them, a minGRU over two inputs, and cells that use every
// op the kernel compiles: every unary op, broadcasts of weights, of
// scalars and of a [B, 1] value, a per-sequence capture, concat, a linear
// without bias and with an activation, an elementwise epilogue on a
// linear, carries that swap, an output that passes an old carry through.
// Feature sizes are odd and even, 1, and past several vectors (the GEMV's
// column tiles and the groups' vector loops, with partial last vectors).

func init() {
	extraCases = append(extraCases, func(*rand.Rand) []Case { return ScanRegionCases() })
}

// ScanRegionCases returns the scan region cases. It draws from a private
// generator: drawing from the shared one would change the cases generated
// after these.
func ScanRegionCases() []Case {
	rng := rand.New(rand.NewPCG(0x5ca2, 0x2e61))
	pick := func(ds ...int) int { return ds[rng.IntN(len(ds))] }
	var cs []Case
	for _, h := range []int{1, pick(3, 7), pick(16, 17), 30, 80} {
		cs = append(cs, srLSTM(h, pick(1, 5, 8, 33)))
	}
	for _, h := range []int{pick(1, 4), pick(9, 17), 33} {
		cs = append(cs, srGRU(h, pick(2, 7, 16)))
	}
	for _, h := range []int{1, pick(5, 16), 100} {
		cs = append(cs, srMinGRU(h, pick(3, 8)))
	}
	for _, d := range []int{1, pick(6, 13), 35} {
		cs = append(cs, srUnaries(d))
	}
	for _, d := range []int{1, pick(3, 16), 21} {
		cs = append(cs, srMixed(d, pick(2, 5, 17)))
	}
	return cs
}

// srIR writes the body of a case's forward: values numbered in order.
type srIR struct {
	next int
	sb   strings.Builder
}

func (b *srIR) id() string {
	b.next++
	return fmt.Sprintf("%%%d", b.next)
}

// op appends `%n = text : typ` at the given indent and returns %n.
func (b *srIR) op(indent, typ, text string, args ...any) string {
	v := b.id()
	fmt.Fprintf(&b.sb, "%s%s = %s : %s\n", indent, v, fmt.Sprintf(text, args...), typ)
	return v
}

func (b *srIR) line(format string, args ...any) { fmt.Fprintf(&b.sb, format+"\n", args...) }

func srRowT(d int) string { return fmt.Sprintf("f32[B, %d]", d) }
func srSeqT(d int) string { return fmt.Sprintf("f32[B, L, %d]", d) }

const srIn = "    " // the indent of a scan body

// srLSTM is std/rnn's LSTMLayer: the input projection outside, the cell's
// linear with its bias inside, gates i, f, g, o.
func srLSTM(h, e int) Case {
	params := map[string][]int{"w_ih": {4 * h, e}, "b_ih": {4 * h}, "w_hh": {4 * h, h}, "b_hh": {4 * h}}
	b := &srIR{next: 1}
	wih := b.op("  ", fmt.Sprintf("f32[%d, %d]", 4*h, e), `param {name="w_ih"}`)
	bih := b.op("  ", fmt.Sprintf("f32[%d]", 4*h), `param {name="b_ih"}`)
	xw := b.op("  ", srSeqT(4*h), "linear %%1, %s, %s", wih, bih)
	z := b.op("  ", "f32[]", "const {value=0.0}")
	zero := b.op("  ", srRowT(h), "broadcast_to %s {shape=#[B, %d]}", z, h)
	hn, cn, out := b.id(), b.id(), b.id()
	b.line("  %s, %s, %s = scan %s, %s, %s {carries=2} : %s, %s, %s {", hn, cn, out, zero, zero, xw, srRowT(h), srRowT(h), srSeqT(h))
	hp, cp, xt := b.id(), b.id(), b.id()
	b.line("    ^(%s: %s, %s: %s, %s: %s):", hp, srRowT(h), cp, srRowT(h), xt, srRowT(4*h))
	// W_hh scaled as PyTorch initialises it (~1/√h): with unit weights the
	// cell is chaotic and the last bits of any two implementations drift
	// apart exponentially. The scale is a weight-only op inside the body.
	whh := srScaled(b, srIn, "w_hh", 4*h, h, h)
	bhh := b.op(srIn, fmt.Sprintf("f32[%d]", 4*h), `param {name="b_hh"}`)
	lin := b.op(srIn, srRowT(4*h), "linear %s, %s, %s", hp, whh, bhh)
	s := b.op(srIn, srRowT(4*h), "add %s, %s", xt, lin)
	gi, gf, gg, gout := b.id(), b.id(), b.id(), b.id()
	b.line("    %s, %s, %s, %s = split %s {axis=-1, sizes=[%d, %d, %d, %d]} : %s, %s, %s, %s", gi, gf, gg, gout, s, h, h, h, h, srRowT(h), srRowT(h), srRowT(h), srRowT(h))
	sf := b.op(srIn, srRowT(h), "sigmoid %s", gf)
	fc := b.op(srIn, srRowT(h), "mul %s, %s", sf, cp)
	si := b.op(srIn, srRowT(h), "sigmoid %s", gi)
	tg := b.op(srIn, srRowT(h), "tanh %s", gg)
	ig := b.op(srIn, srRowT(h), "mul %s, %s", si, tg)
	c := b.op(srIn, srRowT(h), "add %s, %s", fc, ig)
	so := b.op(srIn, srRowT(h), "sigmoid %s", gout)
	tc := b.op(srIn, srRowT(h), "tanh %s", c)
	hnew := b.op(srIn, srRowT(h), "mul %s, %s", so, tc)
	b.line("    yield %s, %s, %s", hnew, c, hnew)
	b.line("  }")
	b.line("  return %s, %s, %s", out, hn, cn)
	sig := fmt.Sprintf("%%1 x: %s) -> (y: %s, h_n: %s, c_n: %s)", srSeqT(e), srSeqT(h), srRowT(h), srRowT(h))
	return Case{Op: "scan", Name: fmt.Sprintf("LSTM cell, hidden %d, input %d", h, e), IR: module(params, sig, b.sb.String()), Tol: tolSum, Params: params}
}

// srGRU is std/rnn's GRULayer: r applied to (W_hn h + b_hn), a constant 1.
func srGRU(h, e int) Case {
	params := map[string][]int{"w_ih": {3 * h, e}, "b_ih": {3 * h}, "w_hh": {3 * h, h}, "b_hh": {3 * h}}
	b := &srIR{next: 1}
	wih := b.op("  ", fmt.Sprintf("f32[%d, %d]", 3*h, e), `param {name="w_ih"}`)
	bih := b.op("  ", fmt.Sprintf("f32[%d]", 3*h), `param {name="b_ih"}`)
	xw := b.op("  ", srSeqT(3*h), "linear %%1, %s, %s", wih, bih)
	z := b.op("  ", "f32[]", "const {value=0.0}")
	zero := b.op("  ", srRowT(h), "broadcast_to %s {shape=#[B, %d]}", z, h)
	// W_hh scaled (see srLSTM) outside the body: a weight-only capture.
	whh := srScaled(b, "  ", "w_hh", 3*h, h, h)
	hn, out := b.id(), b.id()
	b.line("  %s, %s = scan %s, %s {carries=1} : %s, %s {", hn, out, zero, xw, srRowT(h), srSeqT(h))
	hp, xt := b.id(), b.id()
	b.line("    ^(%s: %s, %s: %s):", hp, srRowT(h), xt, srRowT(3*h))
	three := func(v string) (string, string, string) {
		a, c, d := b.id(), b.id(), b.id()
		b.line("    %s, %s, %s = split %s {axis=-1, sizes=[%d, %d, %d]} : %s, %s, %s", a, c, d, v, h, h, h, srRowT(h), srRowT(h), srRowT(h))
		return a, c, d
	}
	xr, xz, xn := three(xt)
	bhh := b.op(srIn, fmt.Sprintf("f32[%d]", 3*h), `param {name="b_hh"}`)
	lin := b.op(srIn, srRowT(3*h), "linear %s, %s, %s", hp, whh, bhh)
	hr, hz, hh := three(lin)
	r := b.op(srIn, srRowT(h), "sigmoid %s", b.op(srIn, srRowT(h), "add %s, %s", xr, hr))
	zz := b.op(srIn, srRowT(h), "sigmoid %s", b.op(srIn, srRowT(h), "add %s, %s", xz, hz))
	n := b.op(srIn, srRowT(h), "tanh %s", b.op(srIn, srRowT(h), "add %s, %s", xn, b.op(srIn, srRowT(h), "mul %s, %s", r, hh)))
	one := b.op(srIn, "f32[]", "const {value=1.0}")
	a := b.op(srIn, srRowT(h), "mul %s, %s", b.op(srIn, srRowT(h), "sub %s, %s", one, zz), n)
	hnew := b.op(srIn, srRowT(h), "add %s, %s", a, b.op(srIn, srRowT(h), "mul %s, %s", zz, hp))
	b.line("    yield %s, %s", hnew, hnew)
	b.line("  }")
	b.line("  return %s, %s", out, hn)
	sig := fmt.Sprintf("%%1 x: %s) -> (y: %s, h_n: %s)", srSeqT(e), srSeqT(h), srRowT(h))
	return Case{Op: "scan", Name: fmt.Sprintf("GRU cell, hidden %d, input %d", h, e), IR: module(params, sig, b.sb.String()), Tol: tolSum, Params: params}
}

// srMinGRU is examples/custom/mingru.seq's sequential form: two inputs per
// step, no weight inside the body.
func srMinGRU(h, e int) Case {
	params := map[string][]int{"wz": {h, e}, "bz": {h}, "wh": {h, e}, "bh": {h}}
	b := &srIR{next: 1}
	wz := b.op("  ", fmt.Sprintf("f32[%d, %d]", h, e), `param {name="wz"}`)
	bz := b.op("  ", fmt.Sprintf("f32[%d]", h), `param {name="bz"}`)
	zs := b.op("  ", srSeqT(h), `linear %%1, %s, %s {act="sigmoid"}`, wz, bz)
	wh := b.op("  ", fmt.Sprintf("f32[%d, %d]", h, e), `param {name="wh"}`)
	bh := b.op("  ", fmt.Sprintf("f32[%d]", h), `param {name="bh"}`)
	cand := b.op("  ", srSeqT(h), "linear %%1, %s, %s", wh, bh)
	z := b.op("  ", "f32[]", "const {value=0.0}")
	zero := b.op("  ", srRowT(h), "broadcast_to %s {shape=#[B, %d]}", z, h)
	hn, out := b.id(), b.id()
	b.line("  %s, %s = scan %s, %s, %s {carries=1} : %s, %s {", hn, out, zero, zs, cand, srRowT(h), srSeqT(h))
	hp, zt, ct := b.id(), b.id(), b.id()
	b.line("    ^(%s: %s, %s: %s, %s: %s):", hp, srRowT(h), zt, srRowT(h), ct, srRowT(h))
	one := b.op(srIn, "f32[]", "const {value=1.0}")
	a := b.op(srIn, srRowT(h), "mul %s, %s", b.op(srIn, srRowT(h), "sub %s, %s", one, zt), hp)
	hnew := b.op(srIn, srRowT(h), "add %s, %s", a, b.op(srIn, srRowT(h), "mul %s, %s", zt, ct))
	b.line("    yield %s, %s", hnew, hnew)
	b.line("  }")
	b.line("  return %s, %s", out, hn)
	sig := fmt.Sprintf("%%1 x: %s) -> (y: %s, h_n: %s)", srSeqT(e), srSeqT(h), srRowT(h))
	return Case{Op: "scan", Name: fmt.Sprintf("minGRU cell, hidden %d, input %d", h, e), IR: module(params, sig, b.sb.String()), Tol: tolSum, Params: params}
}

// srUnaries is a cell applying every unary op the kernel computes to
// u = h + x (h bounded by a tanh), summed into the output and the next h.
func srUnaries(d int) Case {
	b := &srIR{next: 1}
	z := b.op("  ", "f32[]", "const {value=0.0}")
	zero := b.op("  ", srRowT(d), "broadcast_to %s {shape=#[B, %d]}", z, d)
	hn, out := b.id(), b.id()
	b.line("  %s, %s = scan %s, %%1 {carries=1} : %s, %s {", hn, out, zero, srRowT(d), srSeqT(d))
	hp, xt := b.id(), b.id()
	b.line("    ^(%s: %s, %s: %s):", hp, srRowT(d), xt, srRowT(d))
	t := srRowT(d)
	u := b.op(srIn, t, "add %s, %s", hp, xt)
	one := b.op(srIn, "f32[]", "const {value=1.0}")
	au := b.op(srIn, t, "abs %s", u)
	terms := []string{
		b.op(srIn, t, "tanh %s", u), b.op(srIn, t, "sigmoid %s", u), b.op(srIn, t, "silu %s", u),
		b.op(srIn, t, "softplus %s", u), b.op(srIn, t, "gelu %s", u), b.op(srIn, t, "gelu_tanh %s", u),
		b.op(srIn, t, "logsigmoid %s", u), b.op(srIn, t, "relu %s", u), b.op(srIn, t, "neg %s", u),
		b.op(srIn, t, "exp %s", b.op(srIn, t, "neg %s", au)),
		b.op(srIn, t, "square %s", b.op(srIn, t, "tanh %s", u)),
		b.op(srIn, t, "recip %s", b.op(srIn, t, "add %s, %s", one, au)),
		b.op(srIn, t, "sqrt %s", au),
		b.op(srIn, t, "rsqrt %s", b.op(srIn, t, "add %s, %s", au, one)),
		b.op(srIn, t, "div %s, %s", u, b.op(srIn, t, "add %s, %s", one, b.op(srIn, t, "square %s", u))),
		b.op(srIn, t, "maximum %s, %s", u, hp), b.op(srIn, t, "minimum %s, %s", xt, hp),
	}
	sum := terms[0]
	for _, v := range terms[1:] {
		sum = b.op(srIn, t, "add %s, %s", sum, v)
	}
	scaled := b.op(srIn, t, "mul %s, %s", sum, b.op(srIn, "f32[]", "const {value=0.25}"))
	hnew := b.op(srIn, t, "tanh %s", scaled)
	b.line("    yield %s, %s", hnew, sum)
	b.line("  }")
	b.line("  return %s, %s", out, hn)
	sig := fmt.Sprintf("%%1 x: %s) -> (y: %s, h_n: %s)", srSeqT(d), srSeqT(d), srRowT(d))
	return Case{Op: "scan", Name: fmt.Sprintf("every unary op, d %d", d), IR: module(nil, sig, b.sb.String()), Tol: tolSum}
}

// srMixed is a cell with the kernel's other paths: concat of a carry and
// the input into a linear without bias with an activation, a [B, 1] slice
// of the input broadcast, a [d] and a [1] weight broadcast, a per-sequence
// capture (ctx, no time axis), an elementwise epilogue on a linear of the
// same width, carries that swap (a' = b, b' = f(a, b)), a carry's initial
// value computed per call, an output passing the old carry a through and
// an output that is a concat.
func srMixed(d, e int) Case {
	params := map[string][]int{"w1": {d, d + e}, "w2": {d, d}, "b2": {d}, "g": {d}, "k": {1}}
	b := &srIR{next: 2}
	z := b.op("  ", "f32[]", "const {value=0.0}")
	a0 := b.op("  ", srRowT(d), "broadcast_to %s {shape=#[B, %d]}", z, d)
	b0 := b.op("  ", srRowT(d), "tanh %%2")
	an, bn, y1, y2 := b.id(), b.id(), b.id(), b.id()
	b.line("  %s, %s, %s, %s = scan %s, %s, %%1 {carries=2} : %s, %s, %s, %s {", an, bn, y1, y2, a0, b0, srRowT(d), srRowT(d), srSeqT(d), srSeqT(2*d))
	ap, bp, xt := b.id(), b.id(), b.id()
	b.line("    ^(%s: %s, %s: %s, %s: %s):", ap, srRowT(d), bp, srRowT(d), xt, srRowT(e))
	t := srRowT(d)
	w1 := srScaled(b, srIn, "w1", d, d+e, d+e)
	cat := b.op(srIn, srRowT(d+e), "concat %s, %s {axis=-1}", ap, xt)
	u := b.op(srIn, t, `linear %s, %s {act="tanh"}`, cat, w1)
	s1 := b.op(srIn, srRowT(1), "slice %s {axis=-1, start=#0, stop=#1}", xt)
	v := b.op(srIn, t, "mul %s, %s", u, s1)
	g := b.op(srIn, fmt.Sprintf("f32[%d]", d), `param {name="g"}`)
	k := b.op(srIn, "f32[1]", `param {name="k"}`)
	v2 := b.op(srIn, t, "mul %s, %s", b.op(srIn, t, "add %s, %s", v, g), k)
	m := b.op(srIn, t, "minimum %s, %s", b.op(srIn, t, "maximum %s, %%2", v2), bp)
	w2 := srScaled(b, srIn, "w2", d, d, d)
	b2 := b.op(srIn, fmt.Sprintf("f32[%d]", d), `param {name="b2"}`)
	l2 := b.op(srIn, t, `linear %s, %s, %s {act="sigmoid"}`, m, w2, b2)
	q := b.op(srIn, t, "tanh %s", b.op(srIn, t, "add %s, %s", b.op(srIn, t, "mul %s, %s", l2, bp), m))
	cat2 := b.op(srIn, srRowT(2*d), "concat %s, %s {axis=-1}", q, u)
	b.line("    yield %s, %s, %s, %s", bp, q, ap, cat2)
	b.line("  }")
	b.line("  return %s, %s, %s, %s", y1, y2, an, bn)
	sig := fmt.Sprintf("%%1 x: %s, %%2 ctx: %s) -> (y: %s, y2: %s, a: %s, b: %s)", srSeqT(e), srRowT(d), srSeqT(d), srSeqT(2*d), srRowT(d), srRowT(d))
	return Case{Op: "scan", Name: fmt.Sprintf("mixed cell, d %d, input %d", d, e), IR: module(params, sig, b.sb.String()), Tol: tolSum, Params: params}
}

// srScaled is param name [n, k] times 1/√fanIn, a weight-only value.
func srScaled(b *srIR, indent, name string, n, k, fanIn int) string {
	t := fmt.Sprintf("f32[%d, %d]", n, k)
	w := b.op(indent, t, "param {name=%q}", name)
	c := b.op(indent, "f32[]", "const {value=%.9f}", 1/math.Sqrt(float64(fanIn)))
	return b.op(indent, t, "mul %s, %s", w, c)
}
