package decode

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
)

// beam is a live partial hypothesis.
type beam struct {
	tokens []int32
	logp   float64 // model log-probability of tokens
	obj    float64 // search objective: logp minus diversity penalties
	st     State
	logits []float32
	lp     []float64 // log-softmax of logits, computed on first use
}

// cand is one possible extension of a beam of a group.
type cand struct {
	beam      int // index of the parent in its group, best first
	tok       int32
	logp, obj float64
}

// better orders candidates: higher objective, then the lower token id,
// then the better parent.
func better(a, b cand) bool {
	if a.obj != b.obj {
		return a.obj > b.obj
	}
	if a.tok != b.tok {
		return a.tok < b.tok
	}
	return a.beam < b.beam
}

// search is the state of one BeamSearch.
type search struct {
	lm       LM
	o        BeamOptions
	vocab    int
	size     int // beams per group
	groups   [][]*beam
	finished [][]Hypothesis // per group, best first, at most size
	done     []bool
}

// step extends every live group by one token (the t-th generated one).
func (s *search) step(ctx context.Context, t int) error {
	counts := make([]int, s.vocab) // tokens chosen at this step by earlier groups
	picks := make([][]cand, len(s.groups))
	for g, beams := range s.groups {
		if s.done[g] {
			continue
		}
		var cands []cand
		for bi, b := range beams {
			if b.lp == nil {
				lp, err := logSoftmax(b.logits, s.vocab, 1)
				if err != nil {
					return err
				}
				b.lp = lp
			}
			cands = s.topOf(cands, bi, b, counts)
		}
		slices.SortFunc(cands, func(a, b cand) int {
			if better(a, b) {
				return -1
			}
			if better(b, a) {
				return 1
			}
			return 0
		})
		for rank, c := range cands {
			if len(picks[g]) == s.size {
				break
			}
			if c.tok == s.o.EOS {
				if rank < s.size {
					s.finish(g, beams[c.beam].tokens, c.tok, c.logp)
				}
				continue
			}
			picks[g] = append(picks[g], c)
		}
		for _, c := range picks[g] {
			counts[c.tok]++
		}
	}
	// How many children each beam gets: the last one takes over its state.
	children := map[*beam]int{}
	for g, ps := range picks {
		for _, c := range ps {
			children[s.groups[g][c.beam]]++
		}
	}
	last := t == s.o.MaxTokens-1 // the children's states are not needed
	for g, ps := range picks {
		if s.done[g] {
			continue
		}
		next := make([]*beam, 0, len(ps))
		for _, c := range ps {
			parent := s.groups[g][c.beam]
			child := &beam{tokens: append(slices.Clip(parent.tokens), c.tok), logp: c.logp, obj: c.obj}
			if !last {
				children[parent]--
				child.st = parent.st
				if children[parent] > 0 {
					child.st = parent.st.Clone()
				}
				var err error
				if child.logits, err = s.lm.Feed(ctx, child.st, []int32{c.tok}); err != nil {
					return err
				}
			}
			next = append(next, child)
		}
		s.groups[g] = next
		s.done[g] = len(next) == 0 || s.settled(g, t)
	}
	return nil
}

// topOf appends to cands the best extensions of beam b (index bi) under the
// diversity counts: as many as could be kept or finished this step.
func (s *search) topOf(cands []cand, bi int, b *beam, counts []int) []cand {
	m := min(2*s.size, s.vocab)
	top := make([]cand, 0, m+1)
	for v, l := range b.lp {
		if math.IsInf(l, -1) {
			continue
		}
		c := cand{beam: bi, tok: int32(v), logp: b.logp + l, obj: b.obj + l - s.o.DiversityPenalty*float64(counts[v])}
		if len(top) == m && !better(c, top[m-1]) {
			continue
		}
		i, _ := slices.BinarySearchFunc(top, c, func(x, y cand) int {
			if better(x, y) {
				return -1
			}
			return 1
		})
		top = slices.Insert(top, i, c)
		if len(top) > m {
			top = top[:m]
		}
	}
	return append(cands, top...)
}

// finish records parent+tok as a finished hypothesis of group g, keeping the
// group's best size.
func (s *search) finish(g int, parent []int32, tok int32, logp float64) {
	toks := append(slices.Clone(parent), tok)
	h := Hypothesis{Tokens: toks, LogProb: logp, Score: s.o.score(logp, len(toks))}
	f := append(s.finished[g], h)
	slices.SortStableFunc(f, func(a, b Hypothesis) int { return cmp.Compare(b.Score, a.Score) })
	if len(f) > s.size {
		f = f[:s.size]
	}
	s.finished[g] = f
}

// settled reports whether group g holds size finished hypotheses that no
// continuation of its live beams (now t+1 tokens long) can beat: log
// probabilities only fall as a beam grows, and it can end at t+2 to
// MaxTokens tokens.
func (s *search) settled(g, t int) bool {
	f := s.finished[g]
	if len(f) < s.size || t+1 >= s.o.MaxTokens {
		return false
	}
	best := math.Inf(-1)
	for _, b := range s.groups[g] {
		best = max(best, b.logp)
	}
	n := t + 2
	if s.o.LengthPenalty > 0 {
		n = s.o.MaxTokens
	}
	return s.o.score(best, n) <= f[len(f)-1].Score
}

// result gathers each group's best size hypotheses, counting the live
// beams of groups still searching, and returns the best Width distinct
// ones, best first.
func (s *search) result() []Hypothesis {
	var all []Hypothesis
	for g := range s.groups {
		hs := slices.Clone(s.finished[g])
		if !s.done[g] {
			for _, b := range s.groups[g] {
				hs = append(hs, Hypothesis{Tokens: b.tokens, LogProb: b.logp, Score: s.o.score(b.logp, len(b.tokens))})
			}
		}
		slices.SortStableFunc(hs, func(a, b Hypothesis) int { return cmp.Compare(b.Score, a.Score) })
		all = append(all, hs[:min(len(hs), s.size)]...)
	}
	slices.SortFunc(all, func(a, b Hypothesis) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(b.LogProb, a.LogProb); c != 0 {
			return c
		}
		return slices.Compare(a.Tokens, b.Tokens)
	})
	seen := map[string]bool{}
	out := make([]Hypothesis, 0, s.o.Width)
	for _, h := range all {
		k := fmt.Sprint(h.Tokens)
		if seen[k] || len(out) == s.o.Width {
			continue
		}
		seen[k] = true
		out = append(out, h)
	}
	return out
}
