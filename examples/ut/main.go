//go:generate go run ../../cmd/seqc build ut.seq -o utlm --config ../../golden/reference/ut_charlm/config.json

// Command ut continues a prompt with a byte-level Universal Transformer
// with adaptive computation time (Dehghani et al. 2018; one tied layer
// applied up to 4 times, per-position halting as tensor2tensor's
// adaptive_universal_transformer) trained on Go source
// (golden/reference/ut_charlm), through the package seqc build generated
// (./utlm): Prefill and Step stream the bytes (sampled at -temperature, or
// greedy), with a KV cache for each of the 4 applications of the layer. Then it shows how much computation ACT
// spent on each byte: the number of times the tied layer updated it (t2t's
// ponder_times), from the model's ponder entry point. Run it from the
// repository root:
//
//	go run ./examples/ut -prompt 'func (b *Buffer) ' -n 64
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/seqc-dev/seqc/decode"
	"github.com/seqc-dev/seqc/examples/internal/bytelm"
	"github.com/seqc-dev/seqc/examples/ut/utlm"
	"github.com/seqc-dev/seqc/runtime"
)

func main() {
	weights := flag.String("weights", "golden/reference/ut_charlm/weights.safetensors", "checkpoint")
	prompt := flag.String("prompt", "func (b *Buffer) ", "text to continue")
	n := flag.Int("n", 64, "bytes to generate (the model was trained on 96-byte windows)")
	temperature := flag.Float64("temperature", 0.7, "sampling temperature (0: greedy)")
	seed := flag.Uint64("seed", 1, "sampling seed")
	flag.Parse()
	log.SetFlags(0)
	if *prompt == "" {
		log.Fatal("empty prompt")
	}

	m, err := utlm.Load(*weights)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	var ids []int32
	for _, c := range []byte(*prompt) {
		ids = append(ids, int32(c))
	}
	text := []byte(*prompt)
	emit := func(b byte) { text = append(text, b) }
	if *temperature > 0 {
		// Sampling through the decode package, which drives the same step form.
		lm, err := decode.FromModel(m.Executable(), "forward")
		if err != nil {
			log.Fatal(err)
		}
		_, err = decode.Generate(ctx, lm, ids, decode.Options{MaxTokens: *n, Temperature: *temperature, Seed: *seed,
			OnToken: func(t int32) error { emit(byte(t)); return nil }})
		if err != nil {
			log.Fatal(err)
		}
	} else if err := bytelm.Greedy(ctx, m, ids, *n, emit); err != nil {
		log.Fatal(err)
	}
	os.Stdout.Write(text)
	fmt.Println()

	// Ponder times of the whole text, one digit per byte under each line.
	x := runtime.New(runtime.I32, 1, len(text))
	for i, c := range text {
		x.I[i] = int32(c)
	}
	ponder, _, err := m.Ponder(ctx, x)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("\nupdates per byte (ACT ponder times, 1 to 4):")
	hist := map[int]int{}
	start := 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != '\n' {
			continue
		}
		line := strings.ReplaceAll(string(text[start:i]), "\t", " ")
		var digits strings.Builder
		for j := start; j < i; j++ {
			p := int(ponder.F[j] + 0.5)
			hist[p]++
			digits.WriteByte(byte('0' + p))
		}
		fmt.Printf("  %s\n  %s\n", line, digits.String())
		start = i + 1
	}
	fmt.Printf("bytes by updates: %v\n", hist)
}
