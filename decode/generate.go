package decode

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
)

// Options configure Generate.
type Options struct {
	MaxTokens   int     // tokens to generate
	Temperature float64 // 0 = greedy (argmax; the lower token id wins ties)
	TopK        int     // 0 = no top-k filter
	TopP        float64 // 0 or 1 = no nucleus filter
	Seed        uint64  // sampling RNG seed (math/rand/v2 PCG): same seed, same output
	// Stop, when set, is called after each generated token with the tokens
	// generated so far (not the prompt); generation ends when it returns
	// true. The slice is only valid during the call.
	Stop func(tokens []int32) bool
	// OnToken, when set, is called with each generated token as soon as it
	// is chosen (streaming); an error ends generation with that error.
	OnToken func(tok int32) error
}

// pcgStream is the second PCG seed word: Seed picks the sequence, this one
// is fixed so that one Seed always gives the same draws.
const pcgStream = 0x5eec_dec0_de00_0001

// check validates the options.
func (o Options) check() error {
	switch {
	case o.MaxTokens < 0:
		return fmt.Errorf("decode: MaxTokens %d < 0", o.MaxTokens)
	case math.IsNaN(o.Temperature) || math.IsInf(o.Temperature, 0) || o.Temperature < 0:
		return fmt.Errorf("decode: Temperature %v: want a finite value >= 0", o.Temperature)
	case o.TopK < 0:
		return fmt.Errorf("decode: TopK %d < 0", o.TopK)
	case math.IsNaN(o.TopP) || o.TopP < 0 || o.TopP > 1:
		return fmt.Errorf("decode: TopP %v: want a value in [0, 1]", o.TopP)
	}
	return nil
}

// checkPrompt makes sure the prompt is a non-empty list of valid tokens.
func checkPrompt(lm LM, prompt []int32) error {
	if lm == nil {
		return fmt.Errorf("decode: nil LM")
	}
	v := lm.Vocab()
	if v < 1 {
		return fmt.Errorf("decode: LM has vocabulary size %d", v)
	}
	if len(prompt) == 0 {
		return fmt.Errorf("decode: the prompt needs at least one token")
	}
	for i, t := range prompt {
		if t < 0 || int(t) >= v {
			return fmt.Errorf("decode: prompt token %d at %d is outside the vocabulary [0, %d)", t, i, v)
		}
	}
	return nil
}

// Generate continues prompt (at least one token) greedily (Temperature ==
// 0) or by sampling; returns the new tokens. Sampling divides the logits by
// Temperature, keeps the TopK most likely tokens, then the smallest set of
// the most likely ones whose probability reaches TopP, and draws from what
// is left renormalised (ties in rank go to the lower token id). On an error
// it returns the tokens generated before it.
func Generate(ctx context.Context, lm LM, prompt []int32, o Options) ([]int32, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	if err := checkPrompt(lm, prompt); err != nil {
		return nil, err
	}
	st, err := lm.NewState()
	if err != nil {
		return nil, err
	}
	logits, err := lm.Feed(ctx, st, prompt)
	if err != nil {
		return nil, err
	}
	var s *sampler
	if o.Temperature > 0 {
		s = &sampler{temp: o.Temperature, topK: o.TopK, topP: o.TopP, rng: rand.New(rand.NewPCG(o.Seed, pcgStream))}
	}
	out := make([]int32, 0, min(o.MaxTokens, 4096)) // grows: MaxTokens may be far more than will come
	for len(out) < o.MaxTokens {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		var tok int32
		if s == nil {
			tok, err = greedy(logits, lm.Vocab())
		} else {
			tok, err = s.draw(logits, lm.Vocab())
		}
		if err != nil {
			return out, err
		}
		out = append(out, tok)
		if o.OnToken != nil {
			if err := o.OnToken(tok); err != nil {
				return out, err
			}
		}
		if (o.Stop != nil && o.Stop(out[:len(out):len(out)])) || len(out) == o.MaxTokens {
			break
		}
		if logits, err = lm.Feed(ctx, st, []int32{tok}); err != nil {
			return out, err
		}
	}
	return out, nil
}

// greedy returns the most likely token (the lower id on ties).
func greedy(logits []float32, vocab int) (int32, error) {
	lp, err := logSoftmax(logits, vocab, 1)
	if err != nil {
		return 0, err
	}
	return int32(argmax(lp)), nil
}
