package decode

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	_ "github.com/seqc-dev/seqc/backend/all"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/runtime"
)

// smallMamba is a one-layer Mamba LM with random weights and 16 tokens.
func smallMamba(t *testing.T) backend.Executable {
	t.Helper()
	m, err := driver.Compile(driver.Config{Path: "../examples/mamba/mamba_lm.seq", Set: map[string]string{
		"d_model": "16", "n_layer": "1", "vocab_size": "16", "pad_vocab_size_multiple": "1", "d_state": "4",
	}})
	if err != nil {
		t.Fatal(err)
	}
	w, err := driver.InitWeights(m, 1)
	if err != nil {
		t.Fatal(err)
	}
	md, err := backend.Prepare(context.Background(), "", m, w, "init", backend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return md
}

// TestFromModelMatchesFullForward decodes greedily through the streaming
// state and checks every token (and its logits) against a full forward over
// prompt + tokens so far, recomputed from scratch at each step.
func TestFromModelMatchesFullForward(t *testing.T) {
	ctx := context.Background()
	md := smallMamba(t)
	lm, err := FromModel(md, "forward")
	if err != nil {
		t.Fatal(err)
	}
	if lm.Vocab() != 16 {
		t.Fatalf("vocab %d, want 16", lm.Vocab())
	}
	prompt := []int32{3, 1, 4, 1, 5}
	const n = 8
	got, err := Generate(ctx, lm, prompt, Options{MaxTokens: n})
	if err != nil {
		t.Fatal(err)
	}
	seq := slices.Clone(prompt)
	st, _ := lm.NewState()
	fed, err := lm.Feed(ctx, st, prompt)
	if err != nil {
		t.Fatal(err)
	}
	var want []int32
	for i := 0; i < n; i++ {
		ids := runtime.New(runtime.I32, 1, len(seq))
		copy(ids.I, seq)
		outs, err := md.Run(ctx, "forward", []*runtime.Tensor{ids})
		if err != nil {
			t.Fatal(err)
		}
		v := outs[0].Shape[2]
		last := outs[0].F[(len(seq)-1)*v : len(seq)*v]
		for j := range last {
			if math.Abs(float64(last[j]-fed[j])) > 1e-4 {
				t.Fatalf("step %d: streamed logit %d = %v, full forward %v", i, j, fed[j], last[j])
			}
		}
		best := 0
		for j, x := range last {
			if x > last[best] {
				best = j
			}
		}
		want = append(want, int32(best))
		seq = append(seq, int32(best))
		if fed, err = lm.Feed(ctx, st, []int32{int32(best)}); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("Generate %v, full forward argmax %v", got, want)
	}
}

func TestBeamWidth1IsGreedyModel(t *testing.T) {
	ctx := context.Background()
	lm, err := FromModel(smallMamba(t), "forward")
	if err != nil {
		t.Fatal(err)
	}
	prompt := []int32{2, 7, 1, 8}
	g, err := Generate(ctx, lm, prompt, Options{MaxTokens: 10})
	if err != nil {
		t.Fatal(err)
	}
	hs, err := BeamSearch(ctx, lm, prompt, BeamOptions{Width: 1, MaxTokens: 10, EOS: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 1 || !slices.Equal(hs[0].Tokens, g) {
		t.Errorf("beam width 1 %+v, greedy %v", hs, g)
	}
	// Forked states stay independent: a wider search over the same model
	// must score its best hypothesis at least as high as greedy's.
	wide, err := BeamSearch(ctx, lm, prompt, BeamOptions{Width: 4, MaxTokens: 10, EOS: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(wide) != 4 || wide[0].LogProb < hs[0].LogProb-1e-9 {
		t.Errorf("width 4 best %+v below width 1 %+v", wide, hs[0])
	}
	for _, h := range wide {
		if lp := modelLogProb(t, lm, prompt, h.Tokens); math.Abs(lp-h.LogProb) > 1e-4 {
			t.Errorf("%v: beam log-prob %v, rescored %v", h.Tokens, h.LogProb, lp)
		}
	}
}

// modelLogProb scores toks after prompt with a fresh state, token by token.
func modelLogProb(t *testing.T, lm LM, prompt, toks []int32) float64 {
	t.Helper()
	st, err := lm.NewState()
	if err != nil {
		t.Fatal(err)
	}
	logits, err := lm.Feed(context.Background(), st, prompt)
	if err != nil {
		t.Fatal(err)
	}
	s := 0.0
	for _, tok := range toks {
		lp, err := logSoftmax(logits, lm.Vocab(), 1)
		if err != nil {
			t.Fatal(err)
		}
		s += lp[tok]
		if logits, err = lm.Feed(context.Background(), st, []int32{tok}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestFromModelErrors(t *testing.T) {
	ctx := context.Background()
	md := smallMamba(t)
	if _, err := FromModel(md, "nope"); err == nil {
		t.Error("unknown function: no error")
	}
	if _, err := FromModel(nil, "forward"); err == nil {
		t.Error("nil model: no error")
	}
	lm, err := FromModel(md, "forward")
	if err != nil {
		t.Fatal(err)
	}
	st, _ := lm.NewState()
	if _, err := lm.Feed(ctx, st, nil); err == nil {
		t.Error("Feed of no tokens: no error")
	}
	if _, err := lm.Feed(ctx, st, []int32{16}); err == nil {
		t.Error("token outside the vocabulary: no error")
	}
	if _, err := lm.Feed(ctx, &tableState{}, []int32{1}); err == nil {
		t.Error("foreign state: no error")
	}
	other, _ := FromModel(md, "forward")
	st2, _ := other.NewState()
	if _, err := lm.Feed(ctx, st2, []int32{1}); err == nil {
		t.Error("state of another adapter: no error")
	}
}

// TestFromModelRejectsEncoder refuses a function that does not map token
// ids to logits (a transformer encoder over f32 features).
func TestFromModelRejectsEncoder(t *testing.T) {
	m, err := driver.Compile(driver.Config{Path: "../examples/transformer/encoder.seq"})
	if err != nil {
		t.Fatal(err)
	}
	w, err := driver.InitWeights(m, 1)
	if err != nil {
		t.Fatal(err)
	}
	md, err := backend.Prepare(context.Background(), "", m, w, "init", backend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := FromModel(md, "forward"); err == nil {
		t.Error("encoder accepted")
	} else {
		t.Log(err)
	}
}
