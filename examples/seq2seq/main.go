//go:generate go run ../../cmd/seqc build seq2seq.seq -o numwords --config ../../golden/reference/seq2seq_numbers/config.json --stream tgt_ids

// Command seq2seq translates English number words into digits ("three
// hundred forty two thousand seven" -> 342007) with a sequence-to-sequence
// LSTM (Sutskever et al. 2014: the source read reversed by a 2-layer LSTM,
// a 2-layer LSTM decoder started from its final state) trained for it by
// scripts/fixtures/seq2seq.py. It uses the package seqc build generated
// (./numwords): NewState takes the source once, so the encoder runs once;
// Step feeds one target token. Beam search goes through the decode package
// with the source fixed. Run it from the repository root:
//
//	go run ./examples/seq2seq three hundred forty two thousand seven
//	go run ./examples/seq2seq -beam 4 nineteen thousand eighty four
//	go run ./examples/seq2seq -check 1000
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	"github.com/seqc-dev/seqc/decode"
	"github.com/seqc-dev/seqc/examples/seq2seq/numwords"
	"github.com/seqc-dev/seqc/runtime"
)

// vocab is what the fixture's config.json says about the tokens.
type vocab struct {
	Src []string `json:"src"`
	Tgt []string `json:"tgt"`
	BOS int32    `json:"bos"`
	EOS int32    `json:"eos"`
}

func loadVocab(path string) (*vocab, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cfg struct {
		Vocab vocab `json:"vocab"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(cfg.Vocab.Src) == 0 || len(cfg.Vocab.Tgt) == 0 {
		return nil, fmt.Errorf("%s has no vocab", path)
	}
	return &cfg.Vocab, nil
}

// sourceIDs maps words to source token ids [1, S].
func (v *vocab) sourceIDs(words []string) (*runtime.Tensor, error) {
	if len(words) == 0 {
		return nil, fmt.Errorf("no words to translate")
	}
	ids := runtime.New(runtime.I32, 1, len(words))
	for i, w := range words {
		id := -1
		for j, s := range v.Src {
			if s == strings.ToLower(w) && j > 0 {
				id = j
			}
		}
		if id < 0 {
			return nil, fmt.Errorf("%q is not a word of the source language: %s", w, strings.Join(v.Src[1:], " "))
		}
		ids.I[i] = int32(id)
	}
	return ids, nil
}

// digits renders target tokens, without </s>; ok is false when they do not
// end with </s>.
func (v *vocab) digits(toks []int32) (string, bool) {
	var b strings.Builder
	for _, t := range toks {
		if t == v.EOS {
			return b.String(), true
		}
		b.WriteString(v.Tgt[t])
	}
	return b.String(), false
}

// greedy decodes src through the generated package's streaming API: the
// source once at NewState, then one target token per Step.
func greedy(ctx context.Context, m *numwords.Model, v *vocab, src *runtime.Tensor) ([]int32, error) {
	st, err := m.NewState(1, src)
	if err != nil {
		return nil, err
	}
	tok := runtime.New(runtime.I32, 1, 1)
	tok.I[0] = v.BOS
	var out []int32
	for len(out) < 8 {
		logits, err := m.Step(ctx, st, tok)
		if err != nil {
			return nil, err
		}
		best := 0
		for i, x := range logits.F {
			if x > logits.F[best] {
				best = i
			}
		}
		out = append(out, int32(best))
		if int32(best) == v.EOS {
			break
		}
		tok.I[0] = int32(best)
	}
	return out, nil
}

func main() {
	weights := flag.String("weights", "golden/reference/seq2seq_numbers/weights.safetensors", "checkpoint")
	config := flag.String("config", "golden/reference/seq2seq_numbers/config.json", "the checkpoint's config.json (its vocab)")
	beam := flag.Int("beam", 3, "beam width")
	check := flag.Int("check", 0, "translate this many random numbers 0..999999 greedily and report the exact-match rate")
	flag.Parse()
	log.SetFlags(0)
	v, err := loadVocab(*config)
	if err != nil {
		log.Fatal(err)
	}
	m, err := numwords.Load(*weights)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if *check > 0 {
		rng := rand.New(rand.NewPCG(1, 2))
		ok := 0
		for i := 0; i < *check; i++ {
			n := rng.IntN(1_000_000)
			src, err := v.sourceIDs(Words(n))
			if err != nil {
				log.Fatal(err)
			}
			toks, err := greedy(ctx, m, v, src)
			if err != nil {
				log.Fatal(err)
			}
			if d, done := v.digits(toks); done && d == strconv.Itoa(n) {
				ok++
			} else if *check <= 20 || ok < 5 {
				fmt.Printf("miss: %s -> %s\n", strings.Join(Words(n), " "), d)
			}
		}
		fmt.Printf("%d of %d random numbers translated exactly (%.1f%%)\n", ok, *check, 100*float64(ok)/float64(*check))
		return
	}
	sentences := [][]string{flag.Args()}
	if flag.NArg() == 0 {
		sentences = [][]string{Words(342007), Words(1984), Words(90210), Words(700000)}
	}
	for _, words := range sentences {
		src, err := v.sourceIDs(words)
		if err != nil {
			log.Fatal(err)
		}
		toks, err := greedy(ctx, m, v, src)
		if err != nil {
			log.Fatal(err)
		}
		g, _ := v.digits(toks)
		fmt.Printf("%s\n  greedy: %s\n", strings.Join(words, " "), g)
		// Beam search over the same step form, with the source fixed.
		lm, err := decode.FromModel(m.Executable(), "forward", decode.WithStream("tgt_ids"), decode.WithFixed("src_ids", src))
		if err != nil {
			log.Fatal(err)
		}
		hs, err := decode.BeamSearch(ctx, lm, []int32{v.BOS}, decode.BeamOptions{Width: *beam, MaxTokens: 8, EOS: v.EOS})
		if err != nil {
			log.Fatal(err)
		}
		for i, h := range hs {
			d, done := v.digits(h.Tokens)
			if !done {
				d += " (unfinished)"
			}
			fmt.Printf("  beam %d: %-8s p = %.4f\n", i+1, d, math.Exp(h.LogProb))
		}
	}
}
