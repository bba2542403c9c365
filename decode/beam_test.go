package decode

import (
	"context"
	"math"
	"slices"
	"sort"
	"testing"
)

func TestBeamBeatsGreedy(t *testing.T) {
	ctx := context.Background()
	lm := newTable()
	prompt := []int32{0}
	// The table's best 2-token sequence, by brute force.
	var best []int32
	bestLP := math.Inf(-1)
	for a := int32(0); a < 4; a++ {
		for b := int32(0); b < 4; b++ {
			if lp := lm.logP(0, []int32{a, b}); lp > bestLP {
				best, bestLP = []int32{a, b}, lp
			}
		}
	}
	if !slices.Equal(best, []int32{2, 3}) || math.Abs(bestLP-math.Log(0.4*0.85)) > 1e-12 {
		t.Fatalf("table: best 2-token sequence %v %v, want [2 3] log 0.34", best, bestLP)
	}
	g, err := Generate(ctx, lm, prompt, Options{MaxTokens: 2})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(g, best) || !slices.Equal(g, []int32{1, 0}) {
		t.Fatalf("greedy = %v, want [1 0] (not the best sequence)", g)
	}
	hs, err := BeamSearch(ctx, lm, prompt, BeamOptions{Width: 2, MaxTokens: 2, EOS: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 2 {
		t.Fatalf("got %d hypotheses, want 2", len(hs))
	}
	if !slices.Equal(hs[0].Tokens, best) || math.Abs(hs[0].LogProb-bestLP) > 1e-6 || hs[0].Score != hs[0].LogProb {
		t.Errorf("best hypothesis %+v, want %v with log-prob %v", hs[0], best, bestLP)
	}
	if !slices.Equal(hs[1].Tokens, []int32{1, 0}) || math.Abs(hs[1].LogProb-math.Log(0.15)) > 1e-6 {
		t.Errorf("second hypothesis %+v, want [1 0] with log-prob %v", hs[1], math.Log(0.15))
	}
}

// With a width covering every sequence, beam search is exhaustive: its
// hypotheses are all 64 three-token sequences with their exact log-probs,
// sorted.
func TestBeamExhaustive(t *testing.T) {
	lm := newTable()
	hs, err := BeamSearch(context.Background(), lm, []int32{2}, BeamOptions{Width: 64, MaxTokens: 3, EOS: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 64 {
		t.Fatalf("got %d hypotheses, want 64", len(hs))
	}
	seen := map[[3]int32]bool{}
	for i, h := range hs {
		if len(h.Tokens) != 3 {
			t.Fatalf("hypothesis %d: %v", i, h.Tokens)
		}
		seen[[3]int32(h.Tokens)] = true
		if want := lm.logP(2, h.Tokens); math.Abs(h.LogProb-want) > 1e-6 {
			t.Errorf("%v: log-prob %v, want %v", h.Tokens, h.LogProb, want)
		}
		if i > 0 && h.Score > hs[i-1].Score {
			t.Errorf("hypotheses %d and %d out of order", i-1, i)
		}
	}
	if len(seen) != 64 {
		t.Errorf("%d distinct sequences, want 64", len(seen))
	}
}

func TestBeamWidth1IsGreedy(t *testing.T) {
	ctx := context.Background()
	lm := newTable()
	for p := int32(0); p < 4; p++ {
		g, err := Generate(ctx, lm, []int32{p}, Options{MaxTokens: 12})
		if err != nil {
			t.Fatal(err)
		}
		hs, err := BeamSearch(ctx, lm, []int32{p}, BeamOptions{Width: 1, MaxTokens: 12, EOS: -1})
		if err != nil {
			t.Fatal(err)
		}
		if len(hs) != 1 || !slices.Equal(hs[0].Tokens, g) {
			t.Errorf("prompt %d: beam width 1 %+v, greedy %v", p, hs, g)
		}
		if math.Abs(hs[0].LogProb-lm.logP(p, g)) > 1e-5 {
			t.Errorf("prompt %d: log-prob %v, want %v", p, hs[0].LogProb, lm.logP(p, g))
		}
	}
}

func TestDiverseBeamSearch(t *testing.T) {
	ctx := context.Background()
	lm := newTable()
	prompt := []int32{3}
	plain, err := BeamSearch(ctx, lm, prompt, BeamOptions{Width: 2, MaxTokens: 2, EOS: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(plain) != 2 || plain[0].Tokens[0] != plain[1].Tokens[0] {
		t.Fatalf("ordinary beam search %+v: want two beams sharing their first token", plain)
	}
	div, err := BeamSearch(ctx, lm, prompt, BeamOptions{Width: 2, MaxTokens: 2, Groups: 2, DiversityPenalty: 1, EOS: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(div) != 2 || div[0].Tokens[0] == div[1].Tokens[0] {
		t.Fatalf("diverse beam search %+v: want different first tokens", div)
	}
	// Group 0 is plain greedy-beam: [0 1]; group 1 avoids 0 (0.6 e^-1 < 0.3)
	// then, from 1, avoids 1 (taken by group 0 at step 2): [1 0].
	want := [][]int32{{0, 1}, {1, 0}}
	for i, h := range div {
		if !slices.Equal(h.Tokens, want[i]) || math.Abs(h.LogProb-lm.logP(3, h.Tokens)) > 1e-6 {
			t.Errorf("diverse hypothesis %d = %+v, want %v with its model log-prob %v", i, h, want[i], lm.logP(3, want[i]))
		}
	}
	// Without a penalty the groups may repeat each other; results stay distinct.
	same, err := BeamSearch(ctx, lm, prompt, BeamOptions{Width: 2, MaxTokens: 2, Groups: 2, EOS: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(same) != 1 || !slices.Equal(same[0].Tokens, []int32{0, 1}) {
		t.Errorf("2 groups, no penalty: %+v, want the single distinct hypothesis [0 1]", same)
	}
}

func TestBeamEOS(t *testing.T) {
	ctx := context.Background()
	lm := newTable()
	// EOS = 3: [2 3] (0.34) finishes at step 2 and no longer sequence can
	// beat it; the live beams go on to MaxTokens.
	hs, err := BeamSearch(ctx, lm, []int32{0}, BeamOptions{Width: 2, MaxTokens: 6, EOS: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 2 || !slices.Equal(hs[0].Tokens, []int32{2, 3}) {
		t.Fatalf("hypotheses %+v, want [2 3] first", hs)
	}
	for _, h := range hs[1:] {
		if len(h.Tokens) != 6 && h.Tokens[len(h.Tokens)-1] != 3 {
			t.Errorf("hypothesis %v neither ends with EOS nor has MaxTokens tokens", h.Tokens)
		}
		if slices.Contains(h.Tokens[:len(h.Tokens)-1], 3) {
			t.Errorf("hypothesis %v continues after EOS", h.Tokens)
		}
	}
}

func TestBeamLengthPenalty(t *testing.T) {
	lm := newTable()
	for _, lp := range []float64{-1, 0.5, 2} {
		hs, err := BeamSearch(context.Background(), lm, []int32{1}, BeamOptions{Width: 4, MaxTokens: 5, EOS: 3, LengthPenalty: lp})
		if err != nil {
			t.Fatal(err)
		}
		if len(hs) == 0 {
			t.Fatal("no hypotheses")
		}
		for _, h := range hs {
			if want := h.LogProb / math.Pow(float64(len(h.Tokens)), lp); math.Abs(h.Score-want) > 1e-12 {
				t.Errorf("lp %v: %v score %v, want %v", lp, h.Tokens, h.Score, want)
			}
		}
		if !sort.SliceIsSorted(hs, func(i, j int) bool { return hs[i].Score > hs[j].Score }) {
			t.Errorf("lp %v: not sorted by score: %+v", lp, hs)
		}
	}
	// From 2, EOS (3) comes at once with 0.85: the plain sum prefers [3]; a
	// strong length penalty prefers a longer sequence.
	short, _ := BeamSearch(context.Background(), lm, []int32{2}, BeamOptions{Width: 2, MaxTokens: 4, EOS: 3})
	long, _ := BeamSearch(context.Background(), lm, []int32{2}, BeamOptions{Width: 2, MaxTokens: 4, EOS: 3, LengthPenalty: 3})
	if len(short) == 0 || len(long) == 0 || len(short[0].Tokens) != 1 || len(long[0].Tokens) == 1 {
		t.Errorf("length penalty 0 best %+v (want [3]); penalty 3 best %+v (want longer)", short, long)
	}
}

func TestBeamErrors(t *testing.T) {
	ctx := context.Background()
	lm := newTable()
	bad := []BeamOptions{
		{Width: 0, MaxTokens: 1, EOS: -1},
		{Width: 3, MaxTokens: 1, Groups: 2, EOS: -1},
		{Width: 2, MaxTokens: -1, EOS: -1},
		{Width: 2, MaxTokens: 1, EOS: 4},
		{Width: 2, MaxTokens: 1, EOS: -1, DiversityPenalty: -1},
		{Width: 2, MaxTokens: 1, EOS: -1, LengthPenalty: math.NaN()},
	}
	for _, o := range bad {
		if _, err := BeamSearch(ctx, lm, []int32{0}, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	if _, err := BeamSearch(ctx, lm, nil, BeamOptions{Width: 1, MaxTokens: 1, EOS: -1}); err == nil {
		t.Error("empty prompt: no error")
	}
	if _, err := BeamSearch(ctx, lm, []int32{7}, BeamOptions{Width: 1, MaxTokens: 1, EOS: -1}); err == nil {
		t.Error("prompt token outside the vocabulary: no error")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := BeamSearch(cctx, lm, []int32{0}, BeamOptions{Width: 2, MaxTokens: 3, EOS: -1}); err == nil {
		t.Error("cancelled context: no error")
	}
}

// TestTiesGoToLowerID: equal log-probabilities rank the lower token id first
// in greedy decoding, top-k sampling and beam search.
func TestTiesGoToLowerID(t *testing.T) {
	ctx := context.Background()
	lm := newTable()
	// After 1: 0 (0.3), then 1 and 2 tie at 0.25.
	hs, err := BeamSearch(ctx, lm, []int32{1}, BeamOptions{Width: 2, MaxTokens: 1, EOS: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 2 || !slices.Equal(hs[0].Tokens, []int32{0}) || !slices.Equal(hs[1].Tokens, []int32{1}) {
		t.Errorf("beam width 2 after 1: %+v, want [0] then [1]", hs)
	}
	flat := &tableLM{p: [][]float64{{0.25, 0.25, 0.25, 0.25}, {0.1, 0.3, 0.3, 0.3}, {0.1, 0.3, 0.3, 0.3}, {0.1, 0.3, 0.3, 0.3}}}
	g, err := Generate(ctx, flat, []int32{1}, Options{MaxTokens: 6})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(g, []int32{1, 1, 1, 1, 1, 1}) {
		t.Errorf("greedy over ties: %v, want all 1", g)
	}
	k1, err := Generate(ctx, flat, []int32{0}, Options{MaxTokens: 6, Temperature: 1, TopK: 1, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(k1, []int32{0, 0, 0, 0, 0, 0}) {
		t.Errorf("top-k 1 over ties: %v, want all 0", k1)
	}
	w1, err := BeamSearch(ctx, flat, []int32{1}, BeamOptions{Width: 1, MaxTokens: 6, EOS: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(w1) != 1 || !slices.Equal(w1[0].Tokens, g) {
		t.Errorf("beam width 1 over ties: %+v, want %v", w1, g)
	}
}

// TestBeamStopsEarly: once a group holds Width finished hypotheses that no
// live beam can beat, the search ends long before MaxTokens.
func TestBeamStopsEarly(t *testing.T) {
	lm := newTable()
	lm.feeds = 0
	hs, err := BeamSearch(context.Background(), lm, []int32{2}, BeamOptions{Width: 2, MaxTokens: 50, EOS: 3})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int32{{3}, {0, 2, 3}}
	if len(hs) != 2 || !slices.Equal(hs[0].Tokens, want[0]) || !slices.Equal(hs[1].Tokens, want[1]) {
		t.Fatalf("hypotheses %+v, want %v", hs, want)
	}
	if lm.feeds > 10 {
		t.Errorf("%d Feed calls: the search did not stop once settled", lm.feeds)
	}
}

// TestBeamEOSOnlyWhenRanked: as in HF transformers, an EOS extension
// finishes a hypothesis only when it ranks among the Width best candidates
// of its step. At step 2 below the candidates rank [0 2] (EOS, 0.3), [1 0]
// (0.24), [1 2] (EOS, 0.152, third: dropped), [0 0] (0.15); at step 3,
// [1 0 2] (0.144) finishes, so the answer is [0 2], [1 0 2], not [1 2].
func TestBeamEOSOnlyWhenRanked(t *testing.T) {
	lm := &tableLM{p: [][]float64{
		{0.3, 0.1, 0.6},
		{0.6, 0.02, 0.38},
		{0.5, 0.4, 0.1},
	}}
	hs, err := BeamSearch(context.Background(), lm, []int32{2}, BeamOptions{Width: 2, MaxTokens: 3, EOS: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int32{{0, 2}, {1, 0, 2}}
	if len(hs) != 2 || !slices.Equal(hs[0].Tokens, want[0]) || !slices.Equal(hs[1].Tokens, want[1]) {
		t.Errorf("hypotheses %+v, want %v", hs, want)
	}
}
