package decode

import (
	"context"
	"fmt"
	"slices"
)

// Constrain returns lm with a constraint on what may come next: after every
// Feed, mask(seq, logits) may set the logits of the tokens that must not
// follow to -Inf (Generate and BeamSearch never choose them); seq holds
// every token fed to the state so far, the prompt included, and is only
// valid during the call. A pointer network decodes permutations this way
// (Vinyals et al. constrain their beam search to valid outputs); a grammar
// would allow its valid continuations. Masking every token is an error at
// the next choice.
func Constrain(lm LM, mask func(seq []int32, logits []float32)) LM {
	return &constrained{lm: lm, mask: mask}
}

type constrained struct {
	lm   LM
	mask func(seq []int32, logits []float32)
}

// constrainedState is the wrapped state and the tokens fed to it.
type constrainedState struct {
	owner *constrained
	st    State
	seq   []int32
}

func (s *constrainedState) Clone() State {
	return &constrainedState{owner: s.owner, st: s.st.Clone(), seq: slices.Clone(s.seq)}
}

func (c *constrained) Vocab() int { return c.lm.Vocab() }

func (c *constrained) NewState() (State, error) {
	st, err := c.lm.NewState()
	if err != nil {
		return nil, err
	}
	return &constrainedState{owner: c, st: st}, nil
}

func (c *constrained) Feed(ctx context.Context, s State, tokens []int32) ([]float32, error) {
	cs, ok := s.(*constrainedState)
	if !ok || cs.owner != c {
		return nil, fmt.Errorf("decode: state %T was not made by this constrained LM's NewState", s)
	}
	logits, err := c.lm.Feed(ctx, cs.st, tokens)
	if err != nil {
		return nil, err
	}
	cs.seq = append(cs.seq, tokens...)
	if c.mask != nil {
		logits = slices.Clone(logits) // the wrapped LM's slice is its own
		c.mask(cs.seq[:len(cs.seq):len(cs.seq)], logits)
	}
	return logits, nil
}
