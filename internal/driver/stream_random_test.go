package driver

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// progGen writes random .seq programs for the streaming property: a mix of
// causal and non-causal ops over one or two sequence inputs (with different
// symbols), fixed inputs, constants with sequence-sized shapes, final
// states and positional tables. Every program it writes type-checks; the
// step analysis decides whether it streams.
type progGen struct {
	rng    *rand.Rand
	params []string // declarations
	body   []string // statements
	pool   []val    // values available to later statements
	n      int      // names used
}

// val is a value of the program; kind says its shape: "L" [B, L, d], "S"
// [B, S, d] (a second sequence), "v" [B, d] (no sequence).
type val struct {
	name, kind string
}

const genDim = 4

func (g *progGen) fresh(prefix string) string {
	g.n++
	return fmt.Sprintf("%s%d", prefix, g.n)
}

func (g *progGen) param(shape string) string {
	p := g.fresh("p")
	g.params = append(g.params, fmt.Sprintf("    param %s: f32[%s]", p, shape))
	return p
}

func (g *progGen) emit(kind, expr string) val {
	v := val{g.fresh("v"), kind}
	g.body = append(g.body, fmt.Sprintf("        %s = %s", v.name, expr))
	g.pool = append(g.pool, v)
	return v
}

// pick returns a random value of one of the kinds, or false.
func (g *progGen) pick(kinds string) (val, bool) {
	var cands []val
	for _, v := range g.pool {
		if strings.Contains(kinds, v.kind) {
			cands = append(cands, v)
		}
	}
	if len(cands) == 0 {
		return val{}, false
	}
	// Prefer recent values, so that programs chain ops.
	return cands[len(cands)-1-g.rng.IntN(min(len(cands), 3))], true
}

// sym is the sequence symbol of a kind.
func sym(kind string) string {
	if kind == "S" {
		return "S"
	}
	return "L"
}

// step adds one random statement.
func (g *progGen) step() {
	d := genDim
	switch g.rng.IntN(27) {
	case 0, 1: // elementwise
		if a, ok := g.pick("LSv"); ok {
			f := []string{"silu(%s)", "tanh(%s)", "sigmoid(%s) * 2.0", "%s * 0.5 + 0.1"}[g.rng.IntN(4)]
			g.emit(a.kind, fmt.Sprintf(f, a.name))
		}
	case 2: // binary, same kind or a per-sequence vector broadcast over positions
		if a, ok := g.pick("LS"); ok {
			if b, ok := g.pick(a.kind); ok && g.rng.IntN(2) == 0 {
				g.emit(a.kind, fmt.Sprintf("%s * %s", a.name, b.name))
			} else if v, ok := g.pick("v"); ok {
				g.emit(a.kind, fmt.Sprintf("%s + %s[:, None, :]", a.name, v.name))
			}
		}
	case 3:
		if a, ok := g.pick("LSv"); ok {
			g.emit(a.kind, fmt.Sprintf("linear(%s, %s)", a.name, g.param(fmt.Sprintf("%d, %d", d, d))))
		}
	case 4:
		if a, ok := g.pick("LSv"); ok {
			g.emit(a.kind, fmt.Sprintf("rms_norm(%s, %s, eps: 0.00001) + sum(%s, axis: -1, keepdim: true)", a.name, g.param(fmt.Sprint(d)), a.name))
		}
	case 5: // causal along the sequence
		if a, ok := g.pick("LS"); ok {
			f := []string{"cumsum(%s, axis: 1) * 0.3", "shift(%s, 2, axis: 1)", "shift(%s, 1, axis: 1) - %[1]s"}[g.rng.IntN(3)]
			g.emit(a.kind, fmt.Sprintf(f, a.name))
		}
	case 6:
		if a, ok := g.pick("LS"); ok {
			g.emit(a.kind, fmt.Sprintf("conv(%s, %s, causal: true)", a.name, g.param(fmt.Sprintf("%d, 3", d))))
		}
	case 7: // a constant with the sequence's length: positions from a cumsum of ones
		if a, ok := g.pick("LS"); ok {
			g.emit(a.kind, fmt.Sprintf("%s + cumsum(broadcast_to(0.25, [%s]), axis: 0)[None, :, None]", a.name, sym(a.kind)))
		}
	case 8: // a learned positional table, sliced to the sequence
		if a, ok := g.pick("L"); ok {
			g.emit(a.kind, fmt.Sprintf("%s + %s[:L][None]", a.name, g.param(fmt.Sprintf("32, %d", d))))
		}
	case 9: // a recurrence; its final state is a summary
		if a, ok := g.pick("LS"); ok {
			init := "broadcast_to(0.0, [B, 4])"
			if v, ok := g.pick("v"); ok && g.rng.IntN(2) == 0 {
				init = v.name
			}
			h, y := g.fresh("h"), g.fresh("y")
			w := g.param(fmt.Sprintf("%d, %d", d, d))
			g.body = append(g.body, fmt.Sprintf("        %s, %s = scan(%s, over: %s) { (hp, xt) ->\n            hn = tanh(linear(hp, %s) + xt)\n            return hn, hn\n        }", h, y, init, a.name, w))
			g.pool = append(g.pool, val{h, "v"}, val{y, a.kind})
		}
	case 10: // an SSM, time-invariant or selective
		if a, ok := g.pick("LS"); ok {
			pb, pc := g.param(fmt.Sprintf("%d, 2", d))+"[None, None]", g.param(fmt.Sprintf("%d, 2", d))+"[None, None]"
			decay := fmt.Sprintf("exp(-softplus(%s))[None, None]", g.param(fmt.Sprintf("%d, 2", d)))
			if g.rng.IntN(2) == 0 {
				decay = fmt.Sprintf("(sigmoid(%s) * 0.9)[.., None]", a.name)
			}
			g.emit(a.kind, fmt.Sprintf("ssm(%s, %s, %s, %s)", a.name, decay, pb, pc))
		}
	case 11: // causal self-attention, or a bidirectional one
		if a, ok := g.pick("LS"); ok {
			causal := g.rng.IntN(3) != 0
			q := fmt.Sprintf("rearrange(%s, \"b l (h p) -> b l h p\", h: 2)", a.name)
			g.emit(a.kind, fmt.Sprintf("rearrange(attention(%s, %[1]s, %[1]s, causal: %v, scale: 0.7), \"b l h p -> b l (h p)\")", q, causal))
		}
	case 12: // cross-attention of one sequence over the other
		if a, ok := g.pick("L"); ok {
			if m, ok := g.pick("S"); ok {
				q := fmt.Sprintf("rearrange(%s, \"b l (h p) -> b l h p\", h: 2)", a.name)
				k := fmt.Sprintf("rearrange(%s, \"b l (h p) -> b l h p\", h: 2)", m.name)
				g.emit("L", fmt.Sprintf("rearrange(attention(%s, %s, %[2]s, causal: false, scale: 0.7), \"b l h p -> b l (h p)\")", q, k))
			}
		}
	case 13: // rope at absolute positions
		if a, ok := g.pick("LS"); ok {
			g.emit(a.kind, fmt.Sprintf("rearrange(rope(rearrange(%s, \"b l (h p) -> b l h p\", h: 2), theta: 100.0), \"b l h p -> b l (h p)\")", a.name))
		}
	case 14: // whole-sequence ops: the analysis must refuse them
		if a, ok := g.pick("LS"); ok {
			f := []string{"flip(%s, axis: 1)", "%s - mean(%s, axis: 1, keepdim: true)", "softmax(%s, axis: 1)", "conv(%s, %s, padding: 1)"}[g.rng.IntN(4)]
			switch {
			case strings.Count(f, "%s") == 2 && strings.HasPrefix(f, "conv"):
				g.emit(a.kind, fmt.Sprintf(f, a.name, g.param(fmt.Sprintf("%d, 3", d))))
			case strings.Count(f, "%s") == 2:
				g.emit(a.kind, fmt.Sprintf(f, a.name, a.name))
			default:
				g.emit(a.kind, fmt.Sprintf(f, a.name))
			}
		}
	case 15: // a summary of one sequence read at every position of another, or of itself
		if a, ok := g.pick("LS"); ok {
			if v, ok := g.pick("v"); ok {
				g.emit(a.kind, fmt.Sprintf("%s * %s[:, None, :]", a.name, v.name))
			}
		}
	case 16: // a reduction over the features, or a per-position matmul
		if a, ok := g.pick("LS"); ok {
			g.emit(a.kind, fmt.Sprintf("matmul(%s, %s) + max(%[1]s, axis: 2, keepdim: true)", a.name, g.param(fmt.Sprintf("%d, %d", d, d))))
		}
	case 17: // a summary from a reduction over the whole sequence
		if a, ok := g.pick("LS"); ok {
			g.emit("v", fmt.Sprintf("sum(%s, axis: 1)", a.name))
		}
	case 18: // contraction over the sequence axis (a Gram matrix): needs the whole sequence
		if a, ok := g.pick("LS"); ok {
			g.emit(a.kind, fmt.Sprintf("matmul(%s, matmul(transpose(%[1]s, 1, 2), %[1]s)) * 0.1", a.name))
		}
	case 19: // time-invariant SSM forced into its FFT form
		if a, ok := g.pick("LS"); ok {
			pa, pb, pc := g.param(fmt.Sprintf("%d, 2", d)), g.param(fmt.Sprintf("%d, 2", d)), g.param(fmt.Sprintf("%d, 2", d))
			g.emit(a.kind, fmt.Sprintf("ssm(%s, exp(-softplus(%s))[None, None], %s[None, None], %s[None, None]) @mode(conv)", a.name, pa, pb, pc))
		}
	case 20: // masks: comparisons, where, && and ! (position-wise)
		if a, ok := g.pick("LSv"); ok {
			f := []string{"where(%s > 0.0, %[1]s, %[1]s * 0.1)", "%s * ((%[1]s > -0.5) && !(%[1]s >= 1.0))", "where(%s != 0.0, 1.0, 0.0) + %[1]s"}[g.rng.IntN(3)]
			g.emit(a.kind, fmt.Sprintf(f, a.name))
		}
	case 21: // absolute positions, integer arithmetic on them
		if a, ok := g.pick("LS"); ok {
			s := sym(a.kind)
			f := []string{"%s + cast(arange(%s), \"f32\")[None, :, None] * 0.1", "%s * cast(arange(%s) %% 3 + 1, \"f32\")[None, :, None]",
				"%s + arange(%s, dtype: \"f32\")[None, :, None] * [0.5, -0.25, 0.125, 1.0]"}[g.rng.IntN(3)]
			g.emit(a.kind, fmt.Sprintf(f, a.name, s))
		}
	case 22: // routing over the features: top_k, gather, scatter_add, a constant vector
		if a, ok := g.pick("LSv"); ok {
			f := []string{"gather(%s, top_k(%[1]s, %d)[1], axis: -1)", "scatter_add(%s * 0.0, top_k(%[1]s, 2)[1], top_k(%[1]s, 2)[0], axis: -1)",
				"sum(gather(stack([%s, %[1]s * 2.0], axis: -2), top_k(%[1]s[.., 0:2], 1)[1][.., None], axis: -2), axis: -2) * [1.0, 0.5, 0.25, 0.125]"}[g.rng.IntN(3)]
			if strings.Count(f, "%d") > 0 {
				g.emit(a.kind, fmt.Sprintf(f, a.name, genDim))
			} else {
				g.emit(a.kind, fmt.Sprintf(f, a.name))
			}
		}
	case 23: // ranking or gathering along the sequence: needs the whole of it
		if a, ok := g.pick("LS"); ok {
			if g.rng.IntN(2) == 0 {
				g.emit("v", fmt.Sprintf("sum(top_k(%s, 1, axis: 1)[0], axis: 1)", a.name))
			} else {
				g.emit(a.kind, fmt.Sprintf("gather(%s, top_k(%[1]s, 1, axis: 1)[1] * 0, axis: 1) + %[1]s", a.name))
			}
		}
	case 24: // a dilated conv, causal or not
		if a, ok := g.pick("LS"); ok {
			k := g.param(fmt.Sprintf("%d, 2", d))
			if g.rng.IntN(3) != 0 {
				g.emit(a.kind, fmt.Sprintf("conv(%s, %s, causal: true, dilation: %d)", a.name, k, 2+g.rng.IntN(2)))
			} else {
				g.emit(a.kind, fmt.Sprintf("conv(%s, %s, padding: 1, dilation: 2)", a.name, k))
			}
		}
	case 25: // an associative scan: the prefix of affine maps
		if a, ok := g.pick("LS"); ok {
			p, h := g.fresh("pa"), g.fresh("pb")
			g.body = append(g.body, fmt.Sprintf("        %s, %s = scan(over: [sigmoid(%s), %[3]s * 0.5], associative: true) { (a1, b1, a2, b2) ->\n            return a1 * a2, a2 * b1 + b2\n        }", p, h, a.name))
			g.pool = append(g.pool, val{p, a.kind}, val{h, a.kind})
		}
	case 26: // an associative scan reading a per-position value inside its combine: refused
		if a, ok := g.pick("LS"); ok {
			h := g.fresh("pc")
			g.body = append(g.body, fmt.Sprintf("        _, %s = scan(over: [sigmoid(%s), %[2]s], associative: true) { (a1, b1, a2, b2) ->\n            return a1 * a2, a2 * b1 + b2 + %[2]s[:, 0, :] * 0.0\n        }", h, a.name))
			g.pool = append(g.pool, val{h, a.kind})
		}
	}
}

// program writes one random model: inputs, statements, outputs.
func (g *progGen) program() string {
	var ins []string
	ins = append(ins, fmt.Sprintf("x: f32[B, L, %d]", genDim))
	g.pool = append(g.pool, val{"x", "L"})
	switch g.rng.IntN(4) {
	case 1:
		ins = append(ins, fmt.Sprintf("m: f32[B, S, %d]", genDim))
		g.pool = append(g.pool, val{"m", "S"})
	case 2:
		ins = append(ins, fmt.Sprintf("h0: f32[B, %d]", genDim))
		g.pool = append(g.pool, val{"h0", "v"})
	case 3:
		ins = append(ins, "ids: i32[B, L]")
		g.emit("L", fmt.Sprintf("take(%s, ids)", g.param(fmt.Sprintf("5, %d", genDim))))
	}
	for n := 2 + g.rng.IntN(6); n > 0; n-- {
		g.step()
	}
	// Outputs: the last sequence value, and sometimes a summary.
	var outs, types []string
	if v, ok := g.pick("L"); ok {
		outs, types = append(outs, v.name), append(types, fmt.Sprintf("f32[B, L, %d]", genDim))
	}
	if v, ok := g.pick("v"); ok && g.rng.IntN(2) == 0 {
		outs, types = append(outs, v.name), append(types, fmt.Sprintf("f32[B, %d]", genDim))
	}
	var sb strings.Builder
	sb.WriteString("model Random() {\n")
	for _, p := range g.params {
		sb.WriteString(p + "\n")
	}
	fmt.Fprintf(&sb, "\n    forward(%s) -> (%s) {\n", strings.Join(ins, ", "), strings.Join(types, ", "))
	for _, s := range g.body {
		sb.WriteString(s + "\n")
	}
	fmt.Fprintf(&sb, "        return %s\n    }\n}\n", strings.Join(outs, ", "))
	return sb.String()
}

// TestStreamRandomPrograms checks the streaming property over random
// programs: each either streams to its whole-sequence numbers at random
// chunk boundaries, or is refused with a position.
func TestStreamRandomPrograms(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 60
	}
	dir := t.TempDir()
	counts := map[streamOutcome]int{}
	for i := 0; i < n; i++ {
		g := &progGen{rng: rand.New(rand.NewPCG(uint64(i), 11))}
		src := g.program()
		path := filepath.Join(dir, fmt.Sprintf("r%d.seq", i))
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := Compile(Config{Path: path})
		if err != nil {
			t.Fatalf("program %d does not compile (a generator bug): %v\n%s", i, err, src)
		}
		got := checkModule(t, path, m, uint64(i))
		for k, c := range got {
			counts[k] += c
		}
		if t.Failed() {
			t.Logf("program %d:\n%s", i, src)
			break
		}
	}
	t.Logf("%d programs: %d streamed, %d refused, %d skipped", n, counts[streamedSame], counts[refused], counts[skipped])
	if counts[streamedSame] < n/5 || counts[refused] < n/10 {
		t.Errorf("the generator is lopsided: %d streamed, %d refused of %d", counts[streamedSame], counts[refused], n)
	}
}
