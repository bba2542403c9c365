package main

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"testing"
	"time"

	"github.com/seqc-dev/seqc/decode"
	"github.com/seqc-dev/seqc/internal/driver"
)

// countLM is a language model over 4 tokens that prefers (last+1) mod 4.
type countLM struct{}

type countState struct{ last int32 }

func (s *countState) Clone() decode.State { c := *s; return &c }

func (countLM) Vocab() int                      { return 4 }
func (countLM) NewState() (decode.State, error) { return &countState{}, nil }
func (countLM) Feed(_ context.Context, st decode.State, toks []int32) ([]float32, error) {
	s, ok := st.(*countState)
	if !ok {
		return nil, fmt.Errorf("foreign state %T", st)
	}
	s.last = toks[len(toks)-1]
	logits := make([]float32, 4)
	logits[(s.last+1)%4] = 2
	logits[(s.last+2)%4] = 1
	return logits, nil
}

// TestProgressLM: the progress of greedy decoding and of beam search reaches
// the number of tokens generated, and the tokens are those without it.
func TestProgressLM(t *testing.T) {
	ctx := context.Background()
	prompt := []int32{0, 1, 2}
	if lm := progressLM(countLM{}, 3, nil); lm != (countLM{}) {
		t.Error("no progress line still wraps the model")
	}
	quiet := func() *driver.Progress {
		return driver.NewProgress(io.Discard, driver.ProgressOptions{Delay: time.Hour}, "generating", 5, "tokens")
	}
	p := quiet()
	got, err := decode.Generate(ctx, progressLM(countLM{}, len(prompt), p), prompt, decode.Options{MaxTokens: 5})
	p.Done()
	want, _ := decode.Generate(ctx, countLM{}, prompt, decode.Options{MaxTokens: 5})
	if err != nil || !reflect.DeepEqual(got, want) || len(got) != 5 {
		t.Fatalf("generated %v, %v; want %v", got, err, want)
	}
	if done, _ := p.Counts(); done != 5 {
		t.Errorf("greedy progress %d, want 5", done)
	}
	p = quiet()
	hyps, err := decode.BeamSearch(ctx, progressLM(countLM{}, len(prompt), p), prompt, decode.BeamOptions{Width: 2, MaxTokens: 4, EOS: -1})
	p.Done()
	if err != nil || len(hyps) == 0 || len(hyps[0].Tokens) != 4 {
		t.Fatalf("beam search: %v, %v", hyps, err)
	}
	if done, _ := p.Counts(); done != 4 {
		t.Errorf("beam search progress %d, want 4", done)
	}
}
