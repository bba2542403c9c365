package decode

import (
	"fmt"
	"math"
	"sort"
)

// CTC decoding (Graves et al. 2006) of a recogniser's per-column class
// scores, such as a CRNN's (examples/crnn): a labelling is read from an
// alignment, one class per column, by merging repeated classes and dropping
// the blank; its probability is the sum over every alignment that reads as
// it. The scores of one sequence are a row-major [T, classes] slice of
// logits or log-probabilities (each column is log-softmaxed here, which
// leaves log-probabilities as they are).

// CTCGreedy is best-path decoding: the most probable class of each column,
// repeats merged, blanks dropped. It is the labelling of the most probable
// alignment, which need not be the most probable labelling (CTCBeam).
func CTCGreedy(scores []float32, classes, blank int) ([]int32, error) {
	t, err := ctcCheck(scores, classes, blank)
	if err != nil {
		return nil, err
	}
	out := []int32{}
	prev := -1
	for i := range t {
		col := scores[i*classes : (i+1)*classes]
		k := 0
		for c, v := range col {
			if math.IsNaN(float64(v)) {
				return nil, fmt.Errorf("decode: CTC score of column %d, class %d is NaN", i, c)
			}
			if v > col[k] {
				k = c
			}
		}
		if k != blank && k != prev {
			out = append(out, int32(k))
		}
		prev = k
	}
	return out, nil
}

// CTCHypothesis is one labelling found by CTCBeam and its log probability:
// log Σ over the alignments that read as it and that the search kept.
type CTCHypothesis struct {
	Labels  []int32
	LogProb float64
}

// CTCBeam is CTC prefix beam search: after each column it keeps the width
// most probable prefixes, each with two probabilities, of the alignments so
// far that read as the prefix and end in a blank (pb) or in its last label
// (pnb), so that a repeated label is merged only when no blank separates
// it. Computed in log space. It returns the kept labellings, most probable
// first (ties: the shorter, then the smaller labels first). When the width
// is at least the number of prefixes the columns can produce nothing is
// pruned and the result is exact: the most probable labelling, with its
// total probability.
func CTCBeam(scores []float32, classes, blank, width int) ([]CTCHypothesis, error) {
	t, err := ctcCheck(scores, classes, blank)
	if err != nil {
		return nil, err
	}
	if width < 1 {
		return nil, fmt.Errorf("decode: CTC beam width %d, want >= 1", width)
	}
	type prefix struct {
		labels  []int32
		pb, pnb float64 // log probabilities: ending in a blank, ending in the last label
	}
	total := func(p *prefix) float64 { return logAdd(p.pb, p.pnb) }
	beam := []*prefix{{labels: []int32{}, pb: 0, pnb: math.Inf(-1)}}
	next := map[string]*prefix{}
	get := func(labels []int32) *prefix {
		k := labelKey(labels)
		p, ok := next[k]
		if !ok {
			p = &prefix{labels: labels, pb: math.Inf(-1), pnb: math.Inf(-1)}
			next[k] = p
		}
		return p
	}
	for i := range t {
		lp, err := logSoftmax(scores[i*classes:(i+1)*classes], classes, 1)
		if err != nil {
			return nil, fmt.Errorf("decode: CTC column %d: %w", i, err)
		}
		clear(next)
		for _, p := range beam {
			all := total(p)
			for c := range classes {
				pc := lp[c]
				if math.IsInf(pc, -1) {
					continue
				}
				if c == blank {
					q := get(p.labels)
					q.pb = logAdd(q.pb, all+pc)
					continue
				}
				n := len(p.labels)
				ext := append(append(make([]int32, 0, n+1), p.labels...), int32(c))
				q := get(ext)
				if n > 0 && p.labels[n-1] == int32(c) {
					// The same label again: a new label only after a blank;
					// without one it merges into the prefix.
					q.pnb = logAdd(q.pnb, p.pb+pc)
					s := get(p.labels)
					s.pnb = logAdd(s.pnb, p.pnb+pc)
				} else {
					q.pnb = logAdd(q.pnb, all+pc)
				}
			}
		}
		beam = beam[:0]
		for _, p := range next {
			if !math.IsInf(total(p), -1) { // reached only through a zero probability
				beam = append(beam, p)
			}
		}
		sortPrefixes(beam, func(p *prefix) float64 { return total(p) }, func(p *prefix) []int32 { return p.labels })
		if len(beam) > width {
			beam = beam[:width]
		}
	}
	out := make([]CTCHypothesis, len(beam))
	for i, p := range beam {
		out[i] = CTCHypothesis{Labels: p.labels, LogProb: total(p)}
	}
	return out, nil
}

// sortPrefixes orders by score, highest first; ties by length, then by
// labels, so the result does not depend on map order.
func sortPrefixes[P any](ps []P, score func(P) float64, labels func(P) []int32) {
	sort.Slice(ps, func(i, j int) bool {
		a, b := score(ps[i]), score(ps[j])
		if a != b {
			return a > b
		}
		la, lb := labels(ps[i]), labels(ps[j])
		if len(la) != len(lb) {
			return len(la) < len(lb)
		}
		for k := range la {
			if la[k] != lb[k] {
				return la[k] < lb[k]
			}
		}
		return false
	})
}

func ctcCheck(scores []float32, classes, blank int) (int, error) {
	if classes < 1 {
		return 0, fmt.Errorf("decode: CTC needs at least one class, got %d", classes)
	}
	if blank < 0 || blank >= classes {
		return 0, fmt.Errorf("decode: CTC blank %d out of range for %d classes", blank, classes)
	}
	if len(scores)%classes != 0 {
		return 0, fmt.Errorf("decode: %d CTC scores are not whole columns of %d classes", len(scores), classes)
	}
	return len(scores) / classes, nil
}

// labelKey is a map key for a label sequence.
func labelKey(l []int32) string {
	b := make([]byte, 4*len(l))
	for i, v := range l {
		b[4*i], b[4*i+1], b[4*i+2], b[4*i+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
	}
	return string(b)
}

// logAdd is log(exp(a) + exp(b)) without overflow; -Inf is log 0.
func logAdd(a, b float64) float64 {
	if math.IsInf(a, -1) {
		return b
	}
	if math.IsInf(b, -1) {
		return a
	}
	if a < b {
		a, b = b, a
	}
	return a + math.Log1p(math.Exp(b-a))
}
