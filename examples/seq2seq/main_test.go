package main

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/decode"
	"github.com/seqc-dev/seqc/examples/seq2seq/numwords"
)

const fixture = "../../golden/reference/seq2seq_numbers/"

// TestTranslations: the program's greedy decoding (the generated package's
// NewState with the source, then Step) and beam search (decode with the
// source fixed) reproduce the reference model's greedy translations, and
// the Go spelling of the numbers is the one the model was trained on.
func TestTranslations(t *testing.T) {
	v, err := loadVocab(fixture + "config.json")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(fixture + "config.json")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Greedy struct {
			Examples []struct {
				Number int     `json:"number"`
				Source string  `json:"source"`
				Tokens []int32 `json:"tokens"`
			} `json:"examples"`
		} `json:"greedy"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Greedy.Examples) < 5 {
		t.Fatalf("%d greedy examples in the fixture", len(cfg.Greedy.Examples))
	}
	m, err := numwords.Load(fixture + "weights.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, ex := range cfg.Greedy.Examples {
		if got := strings.Join(Words(ex.Number), " "); got != ex.Source {
			t.Errorf("Words(%d) = %q, the reference spells %q", ex.Number, got, ex.Source)
		}
		src, err := v.sourceIDs(strings.Fields(ex.Source))
		if err != nil {
			t.Fatal(err)
		}
		got, err := greedy(ctx, m, v, src)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, ex.Tokens) {
			t.Errorf("%s: greedy %v, reference %v", ex.Source, got, ex.Tokens)
		}
		lm, err := decode.FromModel(m.Executable(), "forward", decode.WithStream("tgt_ids"), decode.WithFixed("src_ids", src))
		if err != nil {
			t.Fatal(err)
		}
		hs, err := decode.BeamSearch(ctx, lm, []int32{v.BOS}, decode.BeamOptions{Width: 3, MaxTokens: 8, EOS: v.EOS})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(hs[0].Tokens, ex.Tokens) {
			t.Errorf("%s: beam search's best %v, reference greedy %v", ex.Source, hs[0].Tokens, ex.Tokens)
		}
	}
}
