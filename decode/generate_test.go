package decode

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"
)

func TestSamplingSeed(t *testing.T) {
	ctx := context.Background()
	lm := newTable()
	o := Options{MaxTokens: 200, Temperature: 1, Seed: 42}
	a, err := Generate(ctx, lm, []int32{0}, o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate(ctx, lm, []int32{0}, o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a, b) {
		t.Errorf("same seed, different tokens:\n%v\n%v", a, b)
	}
	o.Seed = 43
	c, err := Generate(ctx, lm, []int32{0}, o)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(a, c) {
		t.Errorf("seeds 42 and 43 gave the same 200 tokens")
	}
	g, _ := Generate(ctx, lm, []int32{0}, Options{MaxTokens: 200})
	if slices.Equal(a, g) {
		t.Errorf("sampling at temperature 1 gave the greedy tokens")
	}
}

func TestSamplingLimitsAreGreedy(t *testing.T) {
	ctx := context.Background()
	lm := newTable()
	for p := int32(0); p < 4; p++ {
		g, err := Generate(ctx, lm, []int32{p}, Options{MaxTokens: 30})
		if err != nil {
			t.Fatal(err)
		}
		for seed := uint64(0); seed < 5; seed++ {
			cold, err := Generate(ctx, lm, []int32{p}, Options{MaxTokens: 30, Temperature: 1e-9, Seed: seed})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(cold, g) {
				t.Errorf("prompt %d seed %d: temperature 1e-9 %v, greedy %v", p, seed, cold, g)
			}
			k1, err := Generate(ctx, lm, []int32{p}, Options{MaxTokens: 30, Temperature: 1, TopK: 1, Seed: seed})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(k1, g) {
				t.Errorf("prompt %d seed %d: top-k 1 %v, greedy %v", p, seed, k1, g)
			}
			p0, err := Generate(ctx, lm, []int32{p}, Options{MaxTokens: 30, Temperature: 1, TopP: 1e-6, Seed: seed})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p0, g) {
				t.Errorf("prompt %d seed %d: top-p 1e-6 %v, greedy %v", p, seed, p0, g)
			}
		}
	}
}

// sampleRows generates n tokens from the table LM and checks, for every
// previous token seen at least 1000 times, that the next-token frequencies
// match want[prev] within 0.03 and pass a chi-square test (p = 0.001).
func sampleRows(t *testing.T, o Options, n int, want [][]float64) {
	t.Helper()
	lm := newTable()
	o.MaxTokens = n
	toks, err := Generate(context.Background(), lm, []int32{0}, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(toks) != n {
		t.Fatalf("%d tokens, want %d", len(toks), n)
	}
	counts := make([][]int, 4)
	for i := range counts {
		counts[i] = make([]int, 4)
	}
	prev := int32(0)
	for _, tok := range toks {
		counts[prev][tok]++
		prev = tok
	}
	// Chi-square critical values at p = 0.001 for 1..3 degrees of freedom.
	crit := []float64{0, 10.83, 13.82, 16.27}
	checked := 0
	for r, row := range counts {
		total := 0
		for _, c := range row {
			total += c
		}
		if total < 1000 {
			continue
		}
		checked++
		chi, df := 0.0, -1
		for tok, c := range row {
			f := float64(c) / float64(total)
			if math.Abs(f-want[r][tok]) > 0.03 {
				t.Errorf("after %d: token %d frequency %.4f, want %.4f", r, tok, f, want[r][tok])
			}
			if want[r][tok] == 0 {
				if c != 0 {
					t.Errorf("after %d: token %d drawn %d times, want never", r, tok, c)
				}
				continue
			}
			e := want[r][tok] * float64(total)
			chi += (float64(c) - e) * (float64(c) - e) / e
			df++
		}
		if df > 0 && chi > crit[df] {
			t.Errorf("after %d: chi-square %.2f > %.2f (%d dof); counts %v", r, chi, crit[df], df, row)
		}
	}
	if checked < 3 {
		t.Errorf("only %d rows were seen 1000 times", checked)
	}
}

func TestSamplingFollowsTable(t *testing.T) {
	sampleRows(t, Options{Temperature: 1, Seed: 7}, 20000, newTable().p)
}

func TestSamplingTemperature(t *testing.T) {
	// Temperature 0.5 squares the probabilities (then renormalises).
	var want [][]float64
	for _, row := range newTable().p {
		s := 0.0
		for _, p := range row {
			s += p * p
		}
		var w []float64
		for _, p := range row {
			w = append(w, p*p/s)
		}
		want = append(want, w)
	}
	sampleRows(t, Options{Temperature: 0.5, Seed: 8}, 20000, want)
}

func TestSamplingTopKTopP(t *testing.T) {
	// Top-2 of each row, renormalised; row 1's tie (0.25, 0.25) keeps the lower id.
	top2 := [][]float64{
		{0, 0.5 / 0.9, 0.4 / 0.9, 0},
		{0.3 / 0.55, 0.25 / 0.55, 0, 0},
		{0.05 / 0.9, 0, 0, 0.85 / 0.9},
		{0.6 / 0.9, 0.3 / 0.9, 0, 0},
	}
	sampleRows(t, Options{Temperature: 1, TopK: 2, Seed: 9}, 20000, top2)
	// Nucleus 0.75: {1, 2} after 0 (0.9), {0, 1, 2} after 1 (0.8), {3} after 2, {0, 1} after 3.
	topP := [][]float64{
		{0, 0.5 / 0.9, 0.4 / 0.9, 0},
		{0.3 / 0.8, 0.25 / 0.8, 0.25 / 0.8, 0},
		{0, 0, 0, 1},
		{0.6 / 0.9, 0.3 / 0.9, 0, 0},
	}
	sampleRows(t, Options{Temperature: 1, TopP: 0.75, Seed: 10}, 20000, topP)
}

func TestGenerateCallbacks(t *testing.T) {
	ctx := context.Background()
	lm := newTable()
	var streamed []int32
	toks, err := Generate(ctx, lm, []int32{0}, Options{
		MaxTokens: 50,
		OnToken:   func(tok int32) error { streamed = append(streamed, tok); return nil },
		Stop:      func(toks []int32) bool { return len(toks) >= 4 && toks[len(toks)-1] == 0 },
	})
	if err != nil {
		t.Fatal(err)
	}
	// Greedy from 0: 1 0 1 0 ...; the stop condition holds after 4 tokens.
	if !slices.Equal(toks, []int32{1, 0, 1, 0}) || !slices.Equal(streamed, toks) {
		t.Errorf("tokens %v, streamed %v, want [1 0 1 0] both", toks, streamed)
	}
	lm.feeds = 0
	if _, err := Generate(ctx, lm, []int32{0, 1}, Options{MaxTokens: 5}); err != nil {
		t.Fatal(err)
	}
	if lm.feeds != 5 { // the prompt, then tokens 1..4 (the last one is not fed)
		t.Errorf("%d Feed calls for 5 tokens, want 5", lm.feeds)
	}
	boom := errors.New("boom")
	toks, err = Generate(ctx, lm, []int32{0}, Options{MaxTokens: 5, OnToken: func(tok int32) error {
		if tok == 0 {
			return boom
		}
		return nil
	}})
	if !errors.Is(err, boom) || !slices.Equal(toks, []int32{1, 0}) {
		t.Errorf("OnToken error: got %v, %v; want [1 0], boom", toks, err)
	}
}

func TestGenerateErrors(t *testing.T) {
	ctx := context.Background()
	lm := newTable()
	bad := []Options{
		{MaxTokens: -1},
		{MaxTokens: 1, Temperature: -1},
		{MaxTokens: 1, Temperature: math.NaN()},
		{MaxTokens: 1, Temperature: 1, TopK: -1},
		{MaxTokens: 1, Temperature: 1, TopP: 1.5},
	}
	for _, o := range bad {
		if _, err := Generate(ctx, lm, []int32{0}, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	if _, err := Generate(ctx, lm, nil, Options{MaxTokens: 1}); err == nil {
		t.Error("empty prompt: no error")
	}
	if _, err := Generate(ctx, lm, []int32{-1}, Options{MaxTokens: 1}); err == nil {
		t.Error("negative prompt token: no error")
	}
	nan := &tableLM{p: [][]float64{{math.NaN(), 1}, {0.5, 0.5}}}
	if _, err := Generate(ctx, nan, []int32{0}, Options{MaxTokens: 1}); err == nil {
		t.Error("NaN logits: no error")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Generate(cctx, lm, []int32{0}, Options{MaxTokens: 3}); err == nil {
		t.Error("cancelled context: no error")
	}
}
