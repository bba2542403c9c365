package decode

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// BeamOptions configure BeamSearch.
type BeamOptions struct {
	Width         int     // beams (>= 1)
	MaxTokens     int     // tokens to generate at most
	LengthPenalty float64 // score = logprob / len^LengthPenalty (HF convention; len counts generated tokens); 0 = plain sum
	// Groups splits Width into that many groups for diverse beam search
	// (Vijayakumar et al. 2016); Width must be a multiple of it. 0 or 1 =
	// ordinary beam search.
	Groups int
	// DiversityPenalty is the Hamming diversity term: at each step a group
	// ranks token v with its log-probability minus DiversityPenalty times
	// the number of beams of earlier groups that chose v at that step. The
	// penalised sums only steer the search; hypotheses report and are
	// ranked by the model's own log-probability.
	DiversityPenalty float64
	EOS              int32 // -1 = none; a beam that emits EOS is finished
}

// Hypothesis is one finished sequence of BeamSearch.
type Hypothesis struct {
	Tokens  []int32 // generated tokens, without the prompt, ending with EOS if it was emitted
	LogProb float64 // log-probability of Tokens given the prompt under the model
	Score   float64 // LogProb / len(Tokens)^LengthPenalty
}

// check validates the options against the vocabulary size.
func (o BeamOptions) check(vocab int) error {
	switch {
	case o.Width < 1:
		return fmt.Errorf("decode: beam Width %d < 1", o.Width)
	case o.MaxTokens < 0:
		return fmt.Errorf("decode: MaxTokens %d < 0", o.MaxTokens)
	case o.Groups < 0:
		return fmt.Errorf("decode: Groups %d < 0", o.Groups)
	case o.Groups > 1 && o.Width%o.Groups != 0:
		return fmt.Errorf("decode: Width %d is not a multiple of Groups %d", o.Width, o.Groups)
	case math.IsNaN(o.LengthPenalty) || math.IsInf(o.LengthPenalty, 0):
		return fmt.Errorf("decode: LengthPenalty %v is not finite", o.LengthPenalty)
	case math.IsNaN(o.DiversityPenalty) || math.IsInf(o.DiversityPenalty, 0) || o.DiversityPenalty < 0:
		return fmt.Errorf("decode: DiversityPenalty %v: want a finite value >= 0", o.DiversityPenalty)
	case o.EOS < -1 || int(o.EOS) >= vocab:
		return fmt.Errorf("decode: EOS %d is outside the vocabulary [0, %d) (-1 = none)", o.EOS, vocab)
	}
	return nil
}

// score applies the length penalty.
func (o BeamOptions) score(logp float64, n int) float64 {
	if o.LengthPenalty == 0 {
		return logp
	}
	return logp / math.Pow(float64(n), o.LengthPenalty)
}

// BeamSearch returns up to Width hypotheses, best first (by Score, then
// LogProb, then the lexicographically smaller tokens), all distinct.
//
// Each step every group in turn ranks the one-token extensions of its beams
// by their search objective (ties: the lower token id, then the better
// beam) and keeps the best Width/Groups that do not end in EOS; an EOS
// extension met on the way and ranked within the first Width/Groups
// finishes a hypothesis instead (the HF transformers rule). A group stops
// once it holds Width/Groups finished hypotheses that no continuation of
// its live beams can beat; after MaxTokens tokens its live beams count as
// hypotheses too. Each group contributes its best Width/Groups.
func BeamSearch(ctx context.Context, lm LM, prompt []int32, o BeamOptions) ([]Hypothesis, error) {
	if err := checkPrompt(lm, prompt); err != nil {
		return nil, err
	}
	vocab := lm.Vocab()
	if err := o.check(vocab); err != nil {
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
	if o.MaxTokens == 0 {
		return []Hypothesis{{Tokens: []int32{}}}, nil
	}
	ng := max(o.Groups, 1)
	s := &search{lm: lm, o: o, vocab: vocab, size: o.Width / ng}
	root := &beam{st: st, logits: logits}
	s.groups = make([][]*beam, ng)
	for g := range s.groups {
		s.groups[g] = []*beam{root}
	}
	s.finished = make([][]Hypothesis, ng)
	s.done = make([]bool, ng)
	for t := 0; t < o.MaxTokens; t++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := s.step(ctx, t); err != nil {
			return nil, err
		}
		if !slices.Contains(s.done, false) {
			break
		}
	}
	return s.result(), nil
}
