package decode

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// sampler draws tokens from temperature-scaled, top-k and nucleus filtered
// distributions with its own deterministic RNG.
type sampler struct {
	temp float64
	topK int
	topP float64
	rng  *rand.Rand
	ids  []int // reused candidate buffer
}

// draw samples one token from logits.
func (s *sampler) draw(logits []float32, vocab int) (int32, error) {
	lp, err := logSoftmax(logits, vocab, s.temp)
	if err != nil {
		return 0, err
	}
	ids := s.ids[:0]
	for i, l := range lp {
		if !math.IsInf(l, -1) {
			ids = append(ids, i)
		}
	}
	s.ids = ids
	filterK := s.topK > 0 && s.topK < len(ids)
	filterP := s.topP > 0 && s.topP < 1
	if filterK || filterP {
		// Most likely first; the lower id first among equals.
		slices.SortFunc(ids, func(a, b int) int {
			if c := cmp.Compare(lp[b], lp[a]); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
	}
	if filterK {
		ids = ids[:s.topK]
	}
	total := 0.0
	for _, i := range ids {
		total += math.Exp(lp[i])
	}
	if filterP {
		cum := 0.0
		for k, i := range ids {
			cum += math.Exp(lp[i]) / total
			if cum >= s.topP {
				ids = ids[:k+1]
				break
			}
		}
		total = 0
		for _, i := range ids {
			total += math.Exp(lp[i])
		}
	}
	u := s.rng.Float64() * total
	for _, i := range ids {
		u -= math.Exp(lp[i])
		if u < 0 {
			return int32(i), nil
		}
	}
	// Rounding left u a hair above zero: the last candidate with mass.
	for k := len(ids) - 1; k > 0; k-- {
		if math.Exp(lp[ids[k]]) > 0 {
			return int32(ids[k]), nil
		}
	}
	return int32(ids[0]), nil
}
