package llvm

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/ir"
)

// The scan region kernel's tests: cells compiled from IR text, run through
// srBound.run (no interpreter involved) and compared with the same cells
// written here in float64.

// srCell is a test cell: a module whose forward is one scan, and the cell
// in float64: step maps a row's carries and inputs at one step (and the
// row's captures) to its new carries and outputs.
type srCell struct {
	name   string
	ir     string
	params map[string][]int
	step   func(w map[string][]float64, carries, xs, seqs [][]float64) (next, ys [][]float64)
	// gates lists the inputs drawn in (0, 1), as gates are (a minGRU's
	// z: with z outside it the recurrence grows and any two
	// implementations drift apart).
	gates []int
}

func srTmpl(s string, kv ...any) string {
	var pairs []string
	for i := 0; i < len(kv); i += 2 {
		pairs = append(pairs, kv[i].(string), fmt.Sprint(kv[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

func srSigmoid64(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// srLin is W·x + b for W [n, k] row-major (b may be nil).
func srLin(w []float64, b []float64, x []float64, n int) []float64 {
	k := len(x)
	out := make([]float64, n)
	for i := range out {
		s := 0.0
		if b != nil {
			s = b[i]
		}
		for j := 0; j < k; j++ {
			s += w[i*k+j] * x[j]
		}
		out[i] = s
	}
	return out
}

func srLSTMCell(h int) srCell {
	text := srTmpl(`module LSTMCell

param "w_hh": f32[H4, H]
param "b_hh": f32[H4]

func forward(%1 xw: f32[B, L, H4], %2 h0: f32[B, H], %3 c0: f32[B, H]) -> (y: f32[B, L, H], h_n: f32[B, H], c_n: f32[B, H]) {
  %4, %5, %6 = scan %2, %3, %1 {carries=2} : f32[B, H], f32[B, H], f32[B, L, H] {
    ^(%7: f32[B, H], %8: f32[B, H], %9: f32[B, H4]):
    %10 = param {name="w_hh"} : f32[H4, H]
    %11 = param {name="b_hh"} : f32[H4]
    %12 = linear %7, %10, %11 : f32[B, H4]
    %13 = add %9, %12 : f32[B, H4]
    %14, %15, %16, %17 = split %13 {axis=-1, sizes=[H, H, H, H]} : f32[B, H], f32[B, H], f32[B, H], f32[B, H]
    %18 = sigmoid %15 : f32[B, H]
    %19 = mul %18, %8 : f32[B, H]
    %20 = sigmoid %14 : f32[B, H]
    %21 = tanh %16 : f32[B, H]
    %22 = mul %20, %21 : f32[B, H]
    %23 = add %19, %22 : f32[B, H]
    %24 = sigmoid %17 : f32[B, H]
    %25 = tanh %23 : f32[B, H]
    %26 = mul %24, %25 : f32[B, H]
    yield %26, %23, %26
  }
  return %6, %4, %5
}
`, "H4", 4*h, "H", h)
	return srCell{
		name: fmt.Sprintf("LSTM h %d", h), ir: text,
		params: map[string][]int{"w_hh": {4 * h, h}, "b_hh": {4 * h}},
		step: func(w map[string][]float64, c, x, _ [][]float64) ([][]float64, [][]float64) {
			g := srLin(w["w_hh"], w["b_hh"], c[0], 4*h)
			hn, cn := make([]float64, h), make([]float64, h)
			for j := 0; j < h; j++ {
				i, f, gg, o := x[0][j]+g[j], x[0][h+j]+g[h+j], x[0][2*h+j]+g[2*h+j], x[0][3*h+j]+g[3*h+j]
				cn[j] = srSigmoid64(f)*c[1][j] + srSigmoid64(i)*math.Tanh(gg)
				hn[j] = srSigmoid64(o) * math.Tanh(cn[j])
			}
			return [][]float64{hn, cn}, [][]float64{hn}
		},
	}
}

func srGRUCell(h int) srCell {
	text := srTmpl(`module GRUCell

param "w_hh": f32[H3, H]
param "b_hh": f32[H3]

func forward(%1 xw: f32[B, L, H3], %2 h0: f32[B, H]) -> (y: f32[B, L, H], h_n: f32[B, H]) {
  %30, %31 = scan %2, %1 {carries=1} : f32[B, H], f32[B, L, H] {
    ^(%7: f32[B, H], %8: f32[B, H3]):
    %9, %10, %11 = split %8 {axis=-1, sizes=[H, H, H]} : f32[B, H], f32[B, H], f32[B, H]
    %12 = param {name="w_hh"} : f32[H3, H]
    %13 = param {name="b_hh"} : f32[H3]
    %14 = linear %7, %12, %13 : f32[B, H3]
    %15, %16, %17 = split %14 {axis=-1, sizes=[H, H, H]} : f32[B, H], f32[B, H], f32[B, H]
    %18 = add %9, %15 : f32[B, H]
    %19 = sigmoid %18 : f32[B, H]
    %20 = add %10, %16 : f32[B, H]
    %21 = sigmoid %20 : f32[B, H]
    %22 = mul %19, %17 : f32[B, H]
    %23 = add %11, %22 : f32[B, H]
    %24 = tanh %23 : f32[B, H]
    %25 = const {value=1.0} : f32[]
    %26 = sub %25, %21 : f32[B, H]
    %27 = mul %26, %24 : f32[B, H]
    %28 = mul %21, %7 : f32[B, H]
    %29 = add %27, %28 : f32[B, H]
    yield %29, %29
  }
  return %31, %30
}
`, "H3", 3*h, "H", h)
	return srCell{
		name: fmt.Sprintf("GRU h %d", h), ir: text,
		params: map[string][]int{"w_hh": {3 * h, h}, "b_hh": {3 * h}},
		step: func(w map[string][]float64, c, x, _ [][]float64) ([][]float64, [][]float64) {
			g := srLin(w["w_hh"], w["b_hh"], c[0], 3*h)
			hn := make([]float64, h)
			for j := 0; j < h; j++ {
				r := srSigmoid64(x[0][j] + g[j])
				z := srSigmoid64(x[0][h+j] + g[h+j])
				n := math.Tanh(x[0][2*h+j] + r*g[2*h+j])
				hn[j] = (1-z)*n + z*c[0][j]
			}
			return [][]float64{hn}, [][]float64{hn}
		},
	}
}

func srMinGRUCell(h int) srCell {
	text := srTmpl(`module MinGRUCell

func forward(%1 z: f32[B, L, H], %2 c: f32[B, L, H], %3 h0: f32[B, H]) -> (y: f32[B, L, H]) {
  %31, %32 = scan %3, %1, %2 {carries=1} : f32[B, H], f32[B, L, H] {
    ^(%23: f32[B, H], %24: f32[B, H], %25: f32[B, H]):
    %26 = const {value=1.0} : f32[]
    %27 = sub %26, %24 : f32[B, H]
    %28 = mul %27, %23 : f32[B, H]
    %29 = mul %24, %25 : f32[B, H]
    %30 = add %28, %29 : f32[B, H]
    yield %30, %30
  }
  return %32
}
`, "H", h)
	return srCell{
		name: fmt.Sprintf("minGRU h %d", h), ir: text, gates: []int{0},
		step: func(_ map[string][]float64, c, x, _ [][]float64) ([][]float64, [][]float64) {
			hn := make([]float64, h)
			for j := range hn {
				hn[j] = (1-x[0][j])*c[0][j] + x[0][j]*x[1][j]
			}
			return [][]float64{hn}, [][]float64{hn}
		},
	}
}

// srUnaryCell applies every unary op to u = h + x and sums them; it also
// reads a [d] weight, a [1] weight and a capture (ctx, one row per
// sequence), and outputs the sum.
func srUnaryCell(d int) srCell {
	ops := []string{"tanh", "sigmoid", "silu", "softplus", "gelu", "gelu_tanh", "logsigmoid", "relu", "neg", "abs", "square"}
	var body strings.Builder
	id := 20
	terms := []int{}
	for _, o := range ops {
		fmt.Fprintf(&body, "    %%%d = %s %%12 : f32[B, D]\n", id, o)
		terms = append(terms, id)
		id++
	}
	// exp(-|u|), 1/(1+|u|), sqrt|u|, rsqrt(1+|u|), u/(1+u²), max(u, ctx), min(x, h)
	fmt.Fprintf(&body, "    %%%d = neg %%%d : f32[B, D]\n    %%%d = exp %%%d : f32[B, D]\n", id, terms[9], id+1, id)
	terms = append(terms, id+1)
	id += 2
	fmt.Fprintf(&body, "    %%%d = add %%13, %%%d : f32[B, D]\n    %%%d = recip %%%d : f32[B, D]\n    %%%d = rsqrt %%%d : f32[B, D]\n", id, terms[9], id+1, id, id+2, id)
	terms = append(terms, id+1, id+2)
	id += 3
	fmt.Fprintf(&body, "    %%%d = sqrt %%%d : f32[B, D]\n", id, terms[9])
	terms = append(terms, id)
	id++
	fmt.Fprintf(&body, "    %%%d = add %%13, %%%d : f32[B, D]\n    %%%d = div %%12, %%%d : f32[B, D]\n", id, terms[10], id+1, id)
	terms = append(terms, id+1)
	id += 2
	fmt.Fprintf(&body, "    %%%d = maximum %%12, %%3 : f32[B, D]\n    %%%d = minimum %%11, %%10 : f32[B, D]\n", id, id+1)
	terms = append(terms, id, id+1)
	id += 2
	sum := terms[0]
	for _, t := range terms[1:] {
		fmt.Fprintf(&body, "    %%%d = add %%%d, %%%d : f32[B, D]\n", id, sum, t)
		sum = id
		id++
	}
	fmt.Fprintf(&body, "    %%%d = mul %%%d, %%14 : f32[B, D]\n    %%%d = mul %%%d, %%15 : f32[B, D]\n    %%%d = tanh %%%d : f32[B, D]\n", id, sum, id+1, id, id+2, id+1)
	out := id + 2
	text := srTmpl(`module UnaryCell

param "a": f32[D]
param "k": f32[1]

func forward(%1 x: f32[B, L, D], %2 h0: f32[B, D], %3 ctx: f32[B, D]) -> (y: f32[B, L, D], h_n: f32[B, D]) {
  %4, %5 = scan %2, %1 {carries=1} : f32[B, D], f32[B, L, D] {
    ^(%10: f32[B, D], %11: f32[B, D]):
    %12 = add %10, %11 : f32[B, D]
    %13 = const {value=1.0} : f32[]
    %14 = param {name="a"} : f32[D]
    %15 = param {name="k"} : f32[1]
BODY    yield %OUT, %SUM
  }
  return %5, %4
}
`, "BODY", srTmpl(body.String(), "D", d), "%OUT", fmt.Sprintf("%%%d", out), "%SUM", fmt.Sprintf("%%%d", sum), "D", d)
	return srCell{
		name: fmt.Sprintf("unary ops d %d", d), ir: text,
		params: map[string][]int{"a": {d}, "k": {1}},
		step: func(w map[string][]float64, c, x, q [][]float64) ([][]float64, [][]float64) {
			hn, s := make([]float64, d), make([]float64, d)
			for j := range hn {
				u := c[0][j] + x[0][j]
				au := math.Abs(u)
				sp := math.Log1p(math.Exp(-au)) + math.Max(u, 0)
				sum := math.Tanh(u) + srSigmoid64(u) + u*srSigmoid64(u) + sp +
					0.5*u*(1+math.Erf(u/math.Sqrt2)) +
					0.5*u*(1+math.Tanh(math.Sqrt(2/math.Pi)*(u+0.044715*u*u*u))) +
					(math.Min(u, 0) - math.Log1p(math.Exp(-au))) + math.Max(u, 0) - u + au + u*u +
					math.Exp(-au) + 1/(1+au) + 1/math.Sqrt(1+au) + math.Sqrt(au) + u/(1+u*u) +
					math.Max(u, q[0][j]) + math.Min(x[0][j], c[0][j])
				s[j] = sum
				hn[j] = math.Tanh(sum * w["a"][j] * w["k"][0])
			}
			return [][]float64{hn}, [][]float64{s}
		},
	}
}

func srTestCells() []srCell {
	var cs []srCell
	for _, h := range []int{1, 3, 16, 17, 40, 70} {
		cs = append(cs, srLSTMCell(h))
	}
	for _, h := range []int{1, 8, 33} {
		cs = append(cs, srGRUCell(h))
	}
	for _, h := range []int{1, 7, 16, 100} {
		cs = append(cs, srMinGRUCell(h))
	}
	for _, d := range []int{1, 9, 48} {
		cs = append(cs, srUnaryCell(d))
	}
	return cs
}

// srPlanned is a test cell's program and its scan op.
type srPlanned struct {
	cell    srCell
	op      *ir.Op
	prog    *srProgram
	weights []*ir.Value
	seqs    []*ir.Value
}

func srPlanCell(t testing.TB, c srCell) srPlanned {
	t.Helper()
	p, err := srTryPlan(c)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func srTryPlan(c srCell) (srPlanned, error) {
	m, err := ir.Parse(c.ir)
	if err != nil {
		return srPlanned{}, fmt.Errorf("%s: %v", c.name, err)
	}
	if err := ir.Verify(m); err != nil {
		return srPlanned{}, fmt.Errorf("%s: %v", c.name, err)
	}
	f := m.Func("forward")
	for _, op := range f.Body {
		if op.Kind == "scan" {
			p, w, s, why := planScanProgram(op, ir.FixedOps(f))
			if p == nil {
				return srPlanned{}, fmt.Errorf("%s: not planned: %s", c.name, why)
			}
			return srPlanned{c, op, p, w, s}, nil
		}
	}
	return srPlanned{}, fmt.Errorf("%s: no scan", c.name)
}

func srVariants() []string {
	if HostVariant() == V4 {
		return []string{V3, V4}
	}
	return []string{V3}
}

var srLib struct {
	once  sync.Once
	cells []srPlanned
	lib   *native.Library
	err   error
}

// srTestLib compiles every test cell for every variant the host runs into
// one library (symbols "<key>_v3", "<key>_v4").
func srTestLib(t testing.TB) ([]srPlanned, *native.Library) {
	t.Helper()
	requireNative(t)
	srLib.once.Do(func() {
		m := llvmir.NewModule()
		m.TargetTriple, m.DataLayout = TargetTriple, DataLayout
		seen := map[string]bool{}
		for _, c := range srTestCells() {
			var p srPlanned
			if p, srLib.err = srTryPlan(c); srLib.err != nil {
				return
			}
			srLib.cells = append(srLib.cells, p)
			if seen[p.prog.key()] {
				continue
			}
			seen[p.prog.key()] = true
			for _, v := range srVariants() {
				if srLib.err = emitScanRegion(m, p.prog.key()+VariantSuffix(v), p.prog, v); srLib.err != nil {
					return
				}
			}
		}
		ctx := context.Background()
		obj, err := Compile(ctx, m.String(), V3)
		if err != nil {
			srLib.err = err
			return
		}
		dir, err := os.MkdirTemp("", "seqc-scanregion-")
		if err != nil {
			srLib.err = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "k.so")
		if srLib.err = LinkShared(ctx, obj, path); srLib.err != nil {
			return
		}
		srLib.lib, srLib.err = native.Open(path)
	})
	if srLib.err != nil {
		t.Fatal(srLib.err)
	}
	return srLib.cells, srLib.lib
}

// srBind packs random weights (scaled by 1/√fan-in, as models are
// initialised: with unit weights these cells are chaotic, and any two
// correct implementations drift apart) and binds the kernel.
func srBind(t testing.TB, lib *native.Library, p srPlanned, variant string, rng *rand.Rand) (*srBound, map[string][]float64) {
	t.Helper()
	fn, err := lib.Func(p.prog.key() + VariantSuffix(variant))
	if err != nil {
		t.Fatal(err)
	}
	w64 := map[string][]float64{}
	ws := make([][]float32, len(p.weights))
	for i, v := range p.weights {
		if v.Def == nil || v.Def.Kind != "param" {
			t.Fatalf("%s: weight %d is not a param", p.cell.name, i)
		}
		name := v.Def.Attrs.String("name")
		shape := p.cell.params[name]
		n, scale := 1, 1.0
		for _, d := range shape {
			n *= d
		}
		if len(shape) == 2 {
			scale = 1 / math.Sqrt(float64(shape[1]))
		}
		if w64[name] == nil {
			w64[name] = make([]float64, n)
			for j := range w64[name] {
				w64[name][j] = float64(float32(scale * rng.NormFloat64()))
			}
		}
		ws[i] = make([]float32, n)
		for j, x := range w64[name] {
			ws[i][j] = float32(x)
		}
	}
	pool, err := srPack(p.prog, variant, ws)
	if err != nil {
		t.Fatal(err)
	}
	return &srBound{fn: fn, prog: p.prog, lay: p.prog.layout(variant), pool: pool}, w64
}

// srData is one call's buffers for cell c, random: carries, inputs,
// captures, and zeroed outputs.
func srData(c srCell, p *srProgram, B, L int, rng *rand.Rand) *srArgs {
	fill := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		return v
	}
	a := &srArgs{}
	for _, d := range p.Carries {
		c := fill(B * d)
		for i := range c {
			c[i] = float32(math.Tanh(float64(c[i])))
		}
		a.Carries = append(a.Carries, c)
	}
	for _, d := range p.Xs {
		a.Xs = append(a.Xs, fill(B*L*d))
	}
	for _, i := range c.gates {
		for j, x := range a.Xs[i] {
			a.Xs[i][j] = float32(srSigmoid64(float64(x)))
		}
	}
	for _, d := range p.Ys {
		a.Ys = append(a.Ys, make([]float32, B*L*d))
	}
	for _, d := range p.Seqs {
		a.Seqs = append(a.Seqs, fill(B*d))
	}
	return a
}

func srClone(a *srArgs) *srArgs {
	cp := func(bs [][]float32) [][]float32 {
		out := make([][]float32, len(bs))
		for i, b := range bs {
			out[i] = append([]float32(nil), b...)
		}
		return out
	}
	return &srArgs{Carries: cp(a.Carries), Xs: cp(a.Xs), Ys: cp(a.Ys), Seqs: cp(a.Seqs)}
}

// srReference runs the cell in float64 on a's inputs (a's carries are the
// initial ones) and returns the final carries and the outputs.
func srReference(c srCell, p *srProgram, w map[string][]float64, B, L int, a *srArgs) (carries, ys [][]float64) {
	row := func(buf []float32, i, d int) []float64 {
		out := make([]float64, d)
		for j := range out {
			out[j] = float64(buf[i*d+j])
		}
		return out
	}
	carries = make([][]float64, len(p.Carries))
	for i, d := range p.Carries {
		carries[i] = make([]float64, B*d)
	}
	ys = make([][]float64, len(p.Ys))
	for i, d := range p.Ys {
		ys[i] = make([]float64, B*L*d)
	}
	for b := 0; b < B; b++ {
		cs := make([][]float64, len(p.Carries))
		for i, d := range p.Carries {
			cs[i] = row(a.Carries[i], b, d)
		}
		qs := make([][]float64, len(p.Seqs))
		for i, d := range p.Seqs {
			qs[i] = row(a.Seqs[i], b, d)
		}
		for t := 0; t < L; t++ {
			xs := make([][]float64, len(p.Xs))
			for i, d := range p.Xs {
				xs[i] = row(a.Xs[i], b*L+t, d)
			}
			var y [][]float64
			cs, y = c.step(w, cs, xs, qs)
			for i, d := range p.Ys {
				copy(ys[i][(b*L+t)*d:], y[i])
			}
		}
		for i, d := range p.Carries {
			copy(carries[i][b*d:], cs[i])
		}
	}
	return carries, ys
}

// srCompare checks got against want within tol of max(1, |want|).
func srCompare(t *testing.T, what string, got []float32, want []float64, tol float64) {
	t.Helper()
	for i, w := range want {
		if d := math.Abs(float64(got[i]) - w); !(d <= tol*math.Max(1, math.Abs(w))) {
			t.Errorf("%s: element %d is %v, want %v (error %.3g)", what, i, got[i], w, d)
			return
		}
	}
}

// TestScanRegionCells runs every test cell, in every variant the host
// runs and in both forms (single rows, blocks of rows), at batch sizes 1
// to 4 and lengths 0 to 33, against the cells in float64.
func TestScanRegionCells(t *testing.T) {
	cells, lib := srTestLib(t)
	rng := rand.New(rand.NewPCG(3, 5))
	for _, p := range cells {
		for _, v := range srVariants() {
			k, w := srBind(t, lib, p, v, rng)
			for _, B := range []int{1, 2, 3, 4} {
				for _, L := range []int{0, 1, 2, 5, 33} {
					in := srData(p.cell, p.prog, B, L, rng)
					wantC, wantY := srReference(p.cell, p.prog, w, B, L, in)
					for _, rows := range []int{0, 1, k.lay.rows} { // 0: run's choice
						a := srClone(in)
						if rows == 0 {
							if err := k.run(2, B, L, a); err != nil {
								t.Fatal(err)
							}
						} else if B > 0 && L > 0 {
							k.call(2, rows, B, L, a)
						}
						what := fmt.Sprintf("%s %s B %d L %d rows %d", p.cell.name, v, B, L, rows)
						for i := range wantC {
							srCompare(t, what+fmt.Sprintf(" carry %d", i), a.Carries[i], wantC[i], 2e-5)
						}
						for i := range wantY {
							srCompare(t, what+fmt.Sprintf(" output %d", i), a.Ys[i], wantY[i], 2e-5)
						}
					}
				}
			}
		}
	}
}

// TestScanRegionThreads: results are bitwise identical for every thread
// count and in both forms of the kernel (single rows and blocks of rows,
// the last block repeating the last row): a row is computed the same way
// whatever the split.
func TestScanRegionThreads(t *testing.T) {
	cells, lib := srTestLib(t)
	rng := rand.New(rand.NewPCG(5, 7))
	for _, p := range cells {
		switch p.cell.name {
		case "LSTM h 40", "GRU h 33", "unary ops d 9":
		default:
			continue
		}
		for _, v := range srVariants() {
			k, _ := srBind(t, lib, p, v, rng)
			const B, L = 7, 9
			base := srData(p.cell, p.prog, B, L, rng)
			var first *srArgs
			for _, c := range []struct{ threads, rows int }{{1, 1}, {2, 1}, {7, 1}, {1, k.lay.rows}, {2, k.lay.rows}, {3, k.lay.rows}} {
				a := srClone(base)
				k.call(c.threads, c.rows, B, L, a)
				if first == nil {
					first = a
					continue
				}
				same := func(what string, got, want [][]float32) {
					for i := range want {
						for j := range want[i] {
							if math.Float32bits(got[i][j]) != math.Float32bits(want[i][j]) {
								t.Fatalf("%s %s: %s %d differs at %d with %d threads, %d rows per item", p.cell.name, v, what, i, j, c.threads, c.rows)
							}
						}
					}
				}
				same("carry", a.Carries, first.Carries)
				same("output", a.Ys, first.Ys)
			}
		}
	}
}

// TestScanRegionKey: the key of a program is the same for the same body
// parsed twice (it names symbols in cached and linked objects) and differs
// for another shape.
func TestScanRegionKey(t *testing.T) {
	a, b := srPlanCell(t, srLSTMCell(16)), srPlanCell(t, srLSTMCell(16))
	if a.prog.key() != b.prog.key() {
		t.Errorf("two parses of one cell have keys %s and %s", a.prog.key(), b.prog.key())
	}
	if c := srPlanCell(t, srLSTMCell(17)); c.prog.key() == a.prog.key() {
		t.Errorf("LSTM h 16 and h 17 share the key %s", a.prog.key())
	}
}

// TestScanRegionRefuses: bodies the kernel does not compile are left to
// the interpreter with a reason.
func TestScanRegionRefuses(t *testing.T) {
	cell := func(sig, body, yield string) string {
		return "module R\n\nparam \"w\": f32[4, 4]\n\nfunc forward(" + sig + " {\n" +
			"  %5, %6 = scan %2, %1 {carries=1} : f32[B, 4], f32[B, L, 4] {\n    ^(%7: f32[B, 4], %8: f32[B, 4]):\n" +
			body + "    yield " + yield + ", " + yield + "\n  }\n  return %6\n}\n"
	}
	sig := "%1 x: f32[B, L, 4], %2 h0: f32[B, 4]) -> (y: f32[B, L, 4])"
	for _, c := range []struct{ name, ir, want string }{
		{"log", cell(sig, "    %9 = log %8 : f32[B, 4]\n", "%9"), "no log"},
		{"per-call weight", cell("%1 x: f32[B, L, 4], %2 h0: f32[B, 4], %3 w: f32[4, 4]) -> (y: f32[B, L, 4])",
			"    %9 = linear %7, %3 : f32[B, 4]\n", "%9"), "computed per call"},
		{"cumsum", cell(sig, "    %9 = cumsum %8 {axis=1} : f32[B, 4]\n", "%9"), "no cumsum"},
		{"per-call vector", cell("%1 x: f32[B, L, 4], %2 h0: f32[B, 4], %3 v: f32[4]) -> (y: f32[B, L, 4])",
			"    %9 = add %8, %3 : f32[B, 4]\n", "%9"), "neither a weight nor a [batch, features] value"},
		{"rank 3", "module R\n\nfunc forward(%1 x: f32[B, L, 2, 4], %2 h0: f32[B, 2, 4]) -> (y: f32[B, L, 2, 4]) {\n" +
			"  %5, %6 = scan %2, %1 {carries=1} : f32[B, 2, 4], f32[B, L, 2, 4] {\n    ^(%7: f32[B, 2, 4], %8: f32[B, 2, 4]):\n" +
			"    %9 = add %7, %8 : f32[B, 2, 4]\n    yield %9, %9\n  }\n  return %6\n}\n", "[batch, features] values"},
		{"too many buffers", srManyInputs(11), "at most 12 buffers"},
	} {
		m, err := ir.Parse(c.ir)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		f := m.Func("forward")
		for _, op := range f.Body {
			if op.Kind != "scan" {
				continue
			}
			p, _, _, why := planScanProgram(op, ir.FixedOps(f))
			if p != nil || !strings.Contains(why, c.want) {
				t.Errorf("%s: planned %v, reason %q, want a reason with %q", c.name, p != nil, why, c.want)
			}
		}
	}
}

// srManyInputs is a scan over n inputs, summed.
func srManyInputs(n int) string {
	var sig, args, params, body strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sig, "%%%d x%d: f32[B, L, 4], ", 100+i, i)
		fmt.Fprintf(&args, ", %%%d", 100+i)
		fmt.Fprintf(&params, ", %%%d: f32[B, 4]", 200+i)
	}
	prev := "%7"
	for i := 0; i < n; i++ {
		fmt.Fprintf(&body, "    %%%d = add %s, %%%d : f32[B, 4]\n", 300+i, prev, 200+i)
		prev = fmt.Sprintf("%%%d", 300+i)
	}
	return "module R\n\nfunc forward(" + sig.String() + "%2 h0: f32[B, 4]) -> (y: f32[B, L, 4]) {\n" +
		"  %5, %6 = scan %2" + args.String() + " {carries=1} : f32[B, 4], f32[B, L, 4] {\n    ^(%7: f32[B, 4]" + params.String() + "):\n" +
		body.String() + "    yield " + prev + ", " + prev + "\n  }\n  return %6\n}\n"
}
