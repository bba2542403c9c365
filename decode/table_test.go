package decode

import (
	"context"
	"fmt"
	"math"
)

// tableLM is a hand-built bigram LM: the next-token distribution depends
// only on the last token, through a fixed probability table.
type tableLM struct {
	p     [][]float64 // p[prev][next]; rows sum to 1
	feeds int         // Feed calls, to check work sharing
}

// tableState is a tableLM sequence: its last token.
type tableState struct{ last int32 }

func (s *tableState) Clone() State { c := *s; return &c }

func (m *tableLM) Vocab() int { return len(m.p) }

func (m *tableLM) NewState() (State, error) { return &tableState{last: -1}, nil }

func (m *tableLM) Feed(_ context.Context, st State, tokens []int32) ([]float32, error) {
	s, ok := st.(*tableState)
	if !ok {
		return nil, fmt.Errorf("foreign state %T", st)
	}
	if len(tokens) == 0 {
		return nil, fmt.Errorf("no tokens")
	}
	m.feeds++
	s.last = tokens[len(tokens)-1]
	row := m.p[s.last]
	out := make([]float32, len(row))
	for i, p := range row {
		out[i] = float32(math.Log(p))
	}
	return out, nil
}

// logP is the table's log-probability of toks following prev.
func (m *tableLM) logP(prev int32, toks []int32) float64 {
	s := 0.0
	for _, t := range toks {
		s += math.Log(m.p[prev][t])
		prev = t
	}
	return s
}

// newTable returns the test table over tokens 0..3:
//
//   - after 0, greedy takes 1 (0.5) but 2 (0.4) leads to 3 with 0.85, so the
//     best 2-token continuation of [0] is [2 3] (0.34), not greedy's [1 0] (0.15);
//   - after 3, the two best 2-token continuations share the prefix 0
//     ([0 1] 0.3, [0 2] 0.24) while [1 0] is only 0.09.
func newTable() *tableLM {
	return &tableLM{p: [][]float64{
		{0.05, 0.5, 0.4, 0.05},
		{0.3, 0.25, 0.25, 0.2},
		{0.05, 0.05, 0.05, 0.85},
		{0.6, 0.3, 0.05, 0.05},
	}}
}
