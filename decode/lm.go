// Package decode turns a causal language model into text: greedy decoding,
// temperature / top-k / nucleus sampling, and (diverse) beam search, over any
// model that can extend a per-sequence state one chunk of tokens at a time.
package decode

import "context"

// LM is what decoding needs from a causal language model: a per-sequence
// state that can be copied.
type LM interface {
	// Vocab is the number of tokens; logits have this length.
	Vocab() int
	// NewState starts an empty sequence.
	NewState() (State, error)
	// Feed appends tokens to the sequence in st and returns the logits
	// [vocab] after the last one.
	Feed(ctx context.Context, st State, tokens []int32) ([]float32, error)
}

// State is one sequence's recurrent state; Clone returns an independent copy
// (beam search forks beams).
type State interface {
	Clone() State
}
