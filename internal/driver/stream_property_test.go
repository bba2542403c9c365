package driver

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/dsl"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The streaming property: for every function, the step form gives the
// whole-sequence numbers at every position, for every split of the
// sequence into Prefill chunks and Steps, or it is refused with the op's
// position and the reason. These tests check it over every shipped model
// and over random programs, each streamed at random chunk boundaries.

// posRE finds a .seq position (file:line:col) in a message.
var posRE = regexp.MustCompile(`\.seq:\d+:\d+`)

// streamOutcome is what checking one function found.
type streamOutcome int

const (
	streamedSame streamOutcome = iota // streamed, and the numbers agree
	refused                           // the step analysis refused it, with a position
	skipped                           // the whole-sequence run itself fails on these inputs
)

// checkStream runs f on inputs whole and then streamed in random chunks,
// and fails the test on any difference or on a refusal without a position.
func checkStream(t *testing.T, md backend.Executable, f *ir.Func, inputs []*runtime.Tensor, stream string, rng *rand.Rand) streamOutcome {
	t.Helper()
	ctx := context.Background()
	whole, err := md.Run(ctx, f.Name, inputs)
	if err != nil {
		return skipped
	}
	plan, err := ir.StepPlanFor(f, stream)
	if err != nil {
		// A refusal points at the op, unless no op is to blame (no
		// streamable input, or several to choose from).
		msg := err.Error()
		if !posRE.MatchString(msg) && !strings.Contains(msg, "streamed in") && !strings.Contains(msg, "symbolic sequence axis") {
			t.Errorf("%s: refused without a position: %v", f.Name, err)
		}
		return refused
	}
	env, err := backend.BindInputs(f, inputs)
	if err != nil {
		t.Fatal(err)
	}
	total := env[plan.Seq]
	for round := 0; round < 3; round++ {
		var chunks []int
		for n := 0; n < total; {
			c := rng.IntN(5) // 0: an empty chunk in the middle of a stream
			chunks = append(chunks, c)
			n += c
		}
		got, err := Stream(ctx, md, f, inputs, StreamOptions{Input: stream, Chunks: chunks})
		if err != nil {
			t.Errorf("%s: planned a stream along %s, but streaming in chunks %v failed: %v", f.Name, plan.Seq, chunks, err)
			return refused
		}
		for i := range whole {
			if msg := closeTo(got[i], whole[i]); msg != "" {
				t.Errorf("%s: output %s streamed in chunks %v differs from the whole-sequence run: %s", f.Name, f.OutNames[i], chunks, msg)
			}
		}
	}
	return streamedSame
}

// closeTo compares a streamed output with the whole-sequence one: equal
// shapes, and values equal up to float rounding (chunked forms sum in
// another order). A silently wrong stream is off by far more.
func closeTo(got, want *runtime.Tensor) string {
	if !runtime.ShapeEqual(got.Shape, want.Shape) || got.DType != want.DType {
		return fmt.Sprintf("shape %s%s, want %s%s", got.DType, got.ShapeString(), want.DType, want.ShapeString())
	}
	for i := range want.I {
		if got.I[i] != want.I[i] {
			return fmt.Sprintf("element %d is %d, want %d", i, got.I[i], want.I[i])
		}
	}
	scale := 0.0
	for _, v := range want.F {
		scale = math.Max(scale, math.Abs(float64(v)))
	}
	for i, w := range want.F {
		g := got.F[i]
		if math.IsNaN(float64(w)) != math.IsNaN(float64(g)) {
			return fmt.Sprintf("element %d is %v, want %v", i, g, w)
		}
		if d := math.Abs(float64(g - w)); d > 1e-4*(1+scale)+1e-3*math.Abs(float64(w)) {
			return fmt.Sprintf("element %d is %v, want %v (scale %.3g)", i, g, w, scale)
		}
	}
	return ""
}

// randomInputs makes inputs for f: batch 1 or 2, sequence lengths of
// 0 to 9, token ids inside the tables they index.
func randomInputs(f *ir.Func, rng *rand.Rand, minLen int) ([]*runtime.Tensor, error) {
	env := map[string]int{}
	for _, v := range f.Inputs {
		for ax, d := range v.Type.Shape {
			if d.IsConst() || env[d.Sym] != 0 {
				continue
			}
			if ax == 0 {
				env[d.Sym] = 1 + rng.IntN(2)
			} else {
				env[d.Sym] = minLen + rng.IntN(10)
			}
		}
	}
	out := make([]*runtime.Tensor, len(f.Inputs))
	for i, v := range f.Inputs {
		shape, err := v.Type.Shape.Eval(env)
		if err != nil {
			return nil, err
		}
		for _, n := range shape {
			if n < 0 {
				return nil, fmt.Errorf("input %s too short", v.Name)
			}
		}
		t := runtime.New(runtime.DType(v.Type.DType), shape...)
		vocab := tableRows(f, v)
		for j := range t.I {
			t.I[j] = int32(rng.IntN(vocab))
		}
		for j := range t.F {
			t.F[j] = float32(rng.NormFloat64() * 0.5)
		}
		out[i] = t
	}
	return out, nil
}

// tableRows is the number of rows of the smallest table an i32 input
// indexes (2 for masks and inputs that index nothing).
func tableRows(f *ir.Func, v *ir.Value) int {
	rows := 0
	var walk func(ops []*ir.Op)
	walk = func(ops []*ir.Op) {
		for _, op := range ops {
			if op.Kind == "take" && op.Args[1] == v {
				if n, ok := op.Args[0].Type.Shape[0].Value(); ok && (rows == 0 || n < rows) {
					rows = n
				}
			}
			if op.Region != nil {
				walk(op.Region.Body)
			}
		}
	}
	walk(f.Body)
	if rows == 0 {
		return 2
	}
	return rows
}

// checkModule streams every function of a compiled module on random inputs.
func checkModule(t *testing.T, name string, m *ir.Module, seed uint64) map[streamOutcome]int {
	t.Helper()
	w := randomWeights(t, m, seed)
	seen := map[streamOutcome]int{}
	for _, b := range backend.Available() { // every backend streams to its own whole-sequence numbers
		md, err := b.Prepare(context.Background(), m, w, name, backend.Options{Threads: 1})
		if err != nil {
			t.Fatalf("%s on %s: %v", name, b.Name(), err)
		}
		rng := rand.New(rand.NewPCG(seed, 7))
		for _, f := range m.Funcs {
			outcome := skipped
			for minLen := 0; minLen <= 32 && outcome == skipped; minLen += 16 { // AR-Net needs n_lags positions
				inputs, err := randomInputs(f, rng, minLen)
				if err != nil {
					continue
				}
				outcome = checkStream(t, md, f, inputs, "", rng)
			}
			seen[outcome]++
		}
	}
	return seen
}

// randomWeights gives every parameter random values (not the model's
// initialisers: zeros and ones would hide a stream that drops a term).
func randomWeights(t *testing.T, m *ir.Module, seed uint64) map[string]*runtime.Tensor {
	rng := rand.New(rand.NewPCG(seed, 3))
	w := map[string]*runtime.Tensor{}
	for _, p := range m.Params {
		if p.TiedTo != "" {
			continue
		}
		shape, err := p.Type.Shape.Eval(nil)
		if err != nil {
			t.Fatal(err)
		}
		x := runtime.New(runtime.DType(p.Type.DType), shape...)
		for i := range x.F {
			x.F[i] = float32(rng.NormFloat64() * 0.5)
		}
		w[p.Name] = x
	}
	return w
}

// TestStreamShippedModels checks the property on every reference case's
// model (at the fixture's sizes, with random weights) and on the examples
// without a fixture.
func TestStreamShippedModels(t *testing.T) {
	f, err := os.Open("../../golden/reference/models.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var configs []Config
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		c := Config{Path: "../../" + fs[1], Set: map[string]string{}}
		for i := 2; i+1 < len(fs); i++ {
			switch fs[i] {
			case "--config":
				c.ConfigFile = "../../" + fs[i+1]
			case "--set":
				k, v, _ := strings.Cut(fs[i+1], "=")
				c.Set[k] = v
			}
		}
		configs = append(configs, c)
		seen[fs[1]] = true
	}
	extra, _ := filepath.Glob("../../examples/*/*.seq")
	for _, p := range extra {
		if !seen[strings.TrimPrefix(p, "../../")] {
			configs = append(configs, Config{Path: p})
		}
	}
	if len(configs) < 20 {
		t.Fatalf("found %d models, want every reference case and example", len(configs))
	}
	streamed := 0
	for i, c := range configs {
		m, err := Compile(c)
		if err != nil {
			t.Fatalf("%s: %v", c.Path, err)
		}
		got := checkModule(t, c.Path, m, uint64(i+1))
		streamed += got[streamedSame]
	}
	if streamed < 15 {
		t.Errorf("only %d shipped functions streamed; the causal ones all should", streamed)
	}
}

// TestStreamStdlibBlocks checks every standard-library block on its own,
// with small values for the hyperparameters that have no default.
func TestStreamStdlibBlocks(t *testing.T) {
	libs, _ := filepath.Glob("../../stdlib/*.seq")
	checked := 0
	for _, lib := range libs {
		prog, err := dsl.Load(lib)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range prog.Root.Decls {
			m, err := compileBlock(lib, d)
			if err != nil {
				t.Logf("%s %s: no small configuration compiles: %v", lib, d.Name, err)
				continue
			}
			checkModule(t, lib+" "+d.Name, m, uint64(checked+1))
			checked++
		}
	}
	if checked < 15 {
		t.Errorf("checked only %d stdlib blocks", checked)
	}
}

// compileBlock compiles a library block as a model, trying small values
// for its int hyperparameters without a default.
func compileBlock(lib string, d *dsl.Decl) (*ir.Module, error) {
	var firstErr error
	for _, n := range []string{"4", "8", "2"} {
		set := map[string]string{}
		for _, h := range d.Hypers {
			if h.Default == nil && h.Type == "int" {
				set[h.Name] = n
			}
		}
		m, err := Compile(Config{Path: lib, Model: d.Name, Block: true, Set: set})
		if err == nil {
			return m, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

// The two programs that streamed to wrong numbers without an error before
// the step analysis checked sequence-sized constants and second inputs.
const (
	positionsProgram = `model Positions(d: int = 4) {
    param w: f32[d, d]

    forward(x: f32[B, L, d]) -> f32[B, L, d] {
        pos = cumsum(broadcast_to(1.0, [L]), axis: 0) - 1.0
        return linear(x, w) + pos[None, :, None]
    }
}
`
	seq2seqProgram = `model Seq2Seq(v: int = 5, h: int = 4) {
    param emb: f32[v, h]
    param w_enc: f32[h, h]
    param w_dec: f32[h, h]
    param out: f32[v, h]

    forward(src_ids: i32[B, S], tgt_ids: i32[B, T]) -> f32[B, T, v] {
        h_enc, enc = scan(broadcast_to(0.0, [B, h]), over: take(emb, src_ids)) { (hp, xt) ->
            hn = tanh(linear(hp, w_enc) + xt)
            return hn, hn
        }
        h_dec, dec = scan(h_enc, over: take(emb, tgt_ids)) { (hp, xt) ->
            hn = tanh(linear(hp, w_dec) + xt)
            return hn, hn
        }
        return linear(dec, out)
    }
}
`
)

func compileSource(t *testing.T, name, src string) *ir.Module {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := Compile(Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestStreamPositionsFromConstants: positions 0…L−1 built from a constant
// of shape [L] stream as positions, not as the chunk's 0…l−1.
func TestStreamPositionsFromConstants(t *testing.T) {
	m := compileSource(t, "positions.seq", positionsProgram)
	md, err := backend.Prepare(context.Background(), "", m, randomWeights(t, m, 1), "w", backend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	x := runtime.New(runtime.F32, 2, 7, 4)
	if got := checkStream(t, md, m.Func("forward"), []*runtime.Tensor{x}, "", rng); got != streamedSame {
		t.Fatalf("positions from a constant: outcome %d, want a stream", got)
	}
}

// TestStreamSecondInput: with a source and a target sequence, the stream
// must be chosen; streaming the target gives the encoder's source once.
func TestStreamSecondInput(t *testing.T) {
	m := compileSource(t, "seq2seq.seq", seq2seqProgram)
	f := m.Func("forward")
	if _, err := ir.StepPlan(f); err == nil || !strings.Contains(err.Error(), "src_ids along S; tgt_ids along T") {
		t.Fatalf("a function with two streamable sequences chose one by itself: %v", err)
	}
	md, err := backend.Prepare(context.Background(), "", m, randomWeights(t, m, 2), "w", backend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	src, tgt := runtime.New(runtime.I32, 2, 5), runtime.New(runtime.I32, 2, 6)
	for i := range src.I {
		src.I[i] = int32(rng.IntN(5))
	}
	for i := range tgt.I {
		tgt.I[i] = int32(rng.IntN(5))
	}
	in := []*runtime.Tensor{src, tgt}
	for _, stream := range []string{"tgt_ids", "T", "src_ids"} {
		if got := checkStream(t, md, f, in, stream, rng); got != streamedSame {
			t.Errorf("--stream %s: outcome %d, want a stream", stream, got)
		}
	}
	plan, err := ir.StepPlanFor(f, "tgt_ids")
	if err != nil {
		t.Fatal(err)
	}
	if plan.InputAxis[0] != -1 || plan.InputAxis[1] != 1 || plan.Seq != "T" {
		t.Errorf("streaming tgt_ids: input axes %v along %s, want [-1 1] along T", plan.InputAxis, plan.Seq)
	}
	// The encoder runs once per stream: its ops depend on no streamed input.
	if len(plan.Static) == 0 || len(plan.Stateful) != 1 {
		t.Errorf("streaming tgt_ids: %d static ops and %d stateful, want the encoder static and the decoder's scan stateful", len(plan.Static), len(plan.Stateful))
	}
}
