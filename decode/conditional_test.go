package decode

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/runtime"
)

// prepareRandom compiles an example with hyperparameters set and gives every
// parameter N(0, 0.5²) values (peakier than the initialisers: the searches
// below must have something to choose between).
func prepareRandom(t *testing.T, path string, set map[string]string, seed uint64) backend.Executable {
	t.Helper()
	m, err := driver.Compile(driver.Config{Path: path, Set: set})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 11))
	w := map[string]*runtime.Tensor{}
	for _, p := range m.Params {
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
	md, err := backend.Prepare(context.Background(), "", m, w, "random", backend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return md
}

func smallSeq2Seq(t *testing.T) backend.Executable {
	return prepareRandom(t, "../examples/seq2seq/seq2seq.seq", map[string]string{
		"src_vocab_size": "9", "tgt_vocab_size": "7", "embedding_dim": "5", "hidden_size": "6", "num_layers": "2",
	}, 5)
}

func ids(xs ...int32) *runtime.Tensor {
	t := runtime.New(runtime.I32, 1, len(xs))
	copy(t.I, xs)
	return t
}

// fullLogProbs runs the whole function on fixed + tokens and returns the
// log-softmax of every position's logits, [len(tokens)][vocab].
func fullLogProbs(t *testing.T, md backend.Executable, inputs []*runtime.Tensor, tokIndex int, tokens []int32) [][]float64 {
	t.Helper()
	in := slices.Clone(inputs)
	in[tokIndex] = ids(tokens...)
	outs, err := md.Run(context.Background(), "forward", in)
	if err != nil {
		t.Fatal(err)
	}
	v := outs[0].Shape[2]
	var lps [][]float64
	for i := range tokens {
		lp, err := logSoftmax(outs[0].F[i*v:(i+1)*v], v, 1)
		if err != nil {
			t.Fatal(err)
		}
		lps = append(lps, lp)
	}
	return lps
}

// TestSeq2SeqFromModel decodes a sequence-to-sequence model along its
// target with the source fixed: every greedy token is the argmax of a full
// forward over (source, <s> + tokens so far), every beam hypothesis's
// log-probability is what a full forward gives it, and the source matters.
func TestSeq2SeqFromModel(t *testing.T) {
	ctx := context.Background()
	md := smallSeq2Seq(t)
	src := ids(3, 1, 4, 1, 5)
	lm, err := FromModel(md, "forward", WithStream("tgt_ids"), WithFixed("src_ids", src))
	if err != nil {
		t.Fatal(err)
	}
	if lm.Vocab() != 7 {
		t.Fatalf("vocab %d, want 7", lm.Vocab())
	}
	src.I[0] = 8 // FromModel copied the source: what follows decodes 3 1 4 1 5
	const bos = 6
	got, err := Generate(ctx, lm, []int32{bos}, Options{MaxTokens: 8})
	if err != nil {
		t.Fatal(err)
	}
	fixed := []*runtime.Tensor{ids(3, 1, 4, 1, 5), nil}
	seq := []int32{bos}
	for i := 0; i < len(got); i++ {
		lps := fullLogProbs(t, md, fixed, 1, seq)
		want := int32(argmax(lps[len(lps)-1]))
		if got[i] != want {
			t.Fatalf("token %d: streamed greedy %d, full forward argmax %d (greedy %v)", i, got[i], want, got)
		}
		seq = append(seq, got[i])
	}
	hs, err := BeamSearch(ctx, lm, []int32{bos}, BeamOptions{Width: 3, MaxTokens: 6, EOS: 0})
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 3 {
		t.Fatalf("%d hypotheses, want 3", len(hs))
	}
	for _, h := range hs {
		toks := append([]int32{bos}, h.Tokens...)
		lps := fullLogProbs(t, md, fixed, 1, toks)
		s := 0.0
		for i, tok := range h.Tokens {
			s += lps[i][tok]
		}
		if math.Abs(s-h.LogProb) > 1e-4 {
			t.Errorf("%v: beam log-prob %v, full forward %v", h.Tokens, h.LogProb, s)
		}
	}
	if hs[0].LogProb < modelLogProb(t, lm, []int32{bos}, got[:6]) {
		t.Errorf("beam best %+v below greedy %v", hs[0], got[:6])
	}
	// Another source, another distribution.
	other, err := FromModel(md, "forward", WithStream("tgt_ids"), WithFixed("src_ids", ids(2, 7, 1, 8)))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := lm.Feed(ctx, mustState(t, lm), []int32{bos})
	b, _ := other.Feed(ctx, mustState(t, other), []int32{bos})
	if slices.Equal(a, b) {
		t.Error("two sources gave the same first logits")
	}
	// WithStream can be left out when every other input is fixed.
	implicit, err := FromModel(md, "forward", WithFixed("src_ids", ids(3, 1, 4, 1, 5)))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := implicit.Feed(ctx, mustState(t, implicit), []int32{bos})
	if !slices.Equal(a, c) {
		t.Error("the implicit stream gave other logits")
	}
}

func mustState(t *testing.T, lm LM) State {
	t.Helper()
	st, err := lm.NewState()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestFromModelOptionErrors(t *testing.T) {
	md := smallSeq2Seq(t)
	src := ids(1, 2, 3)
	two := runtime.New(runtime.I32, 2, 3)
	for _, c := range []struct {
		opts []ModelOption
		want string
	}{
		{nil, "name the token ids with WithStream"},
		{[]ModelOption{WithStream("tgt_ids")}, "give src_ids"},
		{[]ModelOption{WithStream("nope"), WithFixed("src_ids", src)}, "no input nope"},
		{[]ModelOption{WithStream("tgt_ids"), WithFixed("src_ids", src), WithFixed("extra", src)}, "no input extra"},
		{[]ModelOption{WithStream("tgt_ids"), WithFixed("src_ids", src), WithFixed("tgt_ids", src)}, "cannot be fixed"},
		{[]ModelOption{WithFixed("src_ids", src), WithFixed("src_ids", src)}, "given twice"},
		{[]ModelOption{WithStream("tgt_ids"), WithFixed("src_ids", nil)}, "is nil"},
		{[]ModelOption{WithStream("tgt_ids"), WithFixed("src_ids", two)}, "must be 1"},
		{[]ModelOption{WithStream("tgt_ids"), WithFixed("src_ids", runtime.New(runtime.F32, 1, 3))}, "src_ids"},
		{[]ModelOption{WithStream("tgt_ids"), WithFixed("src_ids", runtime.New(runtime.I32, 3))}, "src_ids"},
		{[]ModelOption{WithStream("src_ids"), WithFixed("tgt_ids", src)}, "cannot decode token by token"}, // the reversal needs the whole source
	} {
		_, err := FromModel(md, "forward", c.opts...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("options %d: error %v, want one containing %q", len(c.opts), err, c.want)
		}
	}
	// A one-input LM: its only input cannot be fixed.
	if _, err := FromModel(smallMamba(t), "forward", WithFixed("input_ids", src)); err == nil {
		t.Error("fixing an LM's only input: no error")
	}
	if _, err := FromModel(smallMamba(t), "forward", WithStream("input_ids")); err != nil {
		t.Errorf("naming an LM's only input: %v", err)
	}
}

// TestPointerFromModel decodes a pointer network: its vocabulary is the
// N + 1 positions of the fixed input, and constrained to permutations the
// search only ever points at a position once.
func TestPointerFromModel(t *testing.T) {
	ctx := context.Background()
	md := prepareRandom(t, "../examples/pointer/pointer.seq", map[string]string{
		"embedding_dim": "5", "hidden_size": "6", "num_layers": "2",
	}, 9)
	x := runtime.New(runtime.F32, 1, 4, 1)
	copy(x.F, []float32{0.7, 0.1, 0.4, 0.9})
	lm, err := FromModel(md, "forward", WithStream("pointers"), WithFixed("inputs", x))
	if err != nil {
		t.Fatal(err)
	}
	if lm.Vocab() != 5 {
		t.Fatalf("vocab %d, want N+1 = 5", lm.Vocab())
	}
	perm := Constrain(lm, func(seq []int32, logits []float32) {
		for _, p := range seq[1:] {
			logits[p] = float32(math.Inf(-1))
		}
		if len(seq) <= 4 {
			logits[0] = float32(math.Inf(-1)) // the end only after every input
		}
	})
	got, err := Generate(ctx, perm, []int32{0}, Options{MaxTokens: 5})
	if err != nil {
		t.Fatal(err)
	}
	if s := slices.Sorted(slices.Values(got)); !slices.Equal(s, []int32{0, 1, 2, 3, 4}) || got[4] != 0 {
		t.Errorf("constrained greedy %v: not a permutation of 1..4 then 0", got)
	}
	fixed := []*runtime.Tensor{x, nil}
	seq := []int32{0}
	for i, tok := range got {
		lps := fullLogProbs(t, md, fixed, 1, seq)
		lp := lps[len(lps)-1]
		for _, p := range seq[1:] {
			lp[p] = math.Inf(-1)
		}
		if i < 4 {
			lp[0] = math.Inf(-1)
		}
		if want := int32(argmax(lp)); tok != want {
			t.Fatalf("pointer %d: %d, full forward's allowed argmax %d", i, tok, want)
		}
		seq = append(seq, tok)
	}
	hs, err := BeamSearch(ctx, perm, []int32{0}, BeamOptions{Width: 4, MaxTokens: 6, EOS: 0})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		if s := slices.Sorted(slices.Values(h.Tokens)); !slices.Equal(s, []int32{0, 1, 2, 3, 4}) {
			t.Errorf("beam hypothesis %v is not a permutation then the end", h.Tokens)
		}
	}
	// Another length, another vocabulary.
	long, err := FromModel(md, "forward", WithStream("pointers"), WithFixed("inputs", runtime.New(runtime.F32, 1, 9, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if long.Vocab() != 10 {
		t.Errorf("vocab %d, want 10", long.Vocab())
	}
}

// TestConstrain masks tokens of the bigram table: the searches never choose
// them, the mask sees the whole sequence, and forked states keep their own.
func TestConstrain(t *testing.T) {
	ctx := context.Background()
	var seen [][]int32
	lm := Constrain(newTable(), func(seq []int32, logits []float32) {
		seen = append(seen, slices.Clone(seq))
		logits[1] = float32(math.Inf(-1))
	})
	got, err := Generate(ctx, lm, []int32{0, 3}, Options{MaxTokens: 5})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(got, 1) {
		t.Errorf("greedy %v chose the masked token", got)
	}
	if !slices.Equal(seen[0], []int32{0, 3}) || !slices.Equal(seen[1], []int32{0, 3, got[0]}) {
		t.Errorf("mask saw %v, want the prompt, then the prompt and the first token", seen[:2])
	}
	hs, err := BeamSearch(ctx, lm, []int32{0}, BeamOptions{Width: 3, MaxTokens: 4, EOS: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		if slices.Contains(h.Tokens, 1) {
			t.Errorf("beam %v chose the masked token", h.Tokens)
		}
	}
	st := mustState(t, lm)
	if _, err := lm.Feed(ctx, st, []int32{0}); err != nil {
		t.Fatal(err)
	}
	fork := st.Clone()
	lm.Feed(ctx, st, []int32{2})
	lm.Feed(ctx, fork, []int32{3})
	if a, b := st.(*constrainedState).seq, fork.(*constrainedState).seq; !slices.Equal(a, []int32{0, 2}) || !slices.Equal(b, []int32{0, 3}) {
		t.Errorf("forked sequences %v and %v, want [0 2] and [0 3]", a, b)
	}
	if _, err := lm.Feed(ctx, &tableState{}, []int32{1}); err == nil {
		t.Error("foreign state: no error")
	}
	all := Constrain(newTable(), func(_ []int32, logits []float32) {
		for i := range logits {
			logits[i] = float32(math.Inf(-1))
		}
	})
	if _, err := Generate(ctx, all, []int32{0}, Options{MaxTokens: 2}); err == nil {
		t.Error("every token masked: no error")
	}
}
