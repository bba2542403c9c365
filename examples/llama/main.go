//go:generate go run ../../cmd/seqc build llama.seq -o llamalm --config ../../golden/reference/llama_charlm/config.json

// Command llama continues a prompt with a byte-level LLaMA-architecture model
// trained on Go source, streaming bytes as they are decoded. It uses the
// package that seqc build generated (./llamalm): Load, NewState, Prefill and
// Step (a KV cache); no Python and no seqc binary at run time. Run it from the repository
// root:
//
//	go run ./examples/llama -prompt 'func (b *Buffer) ' -n 200
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/seqc-dev/seqc/decode"
	"github.com/seqc-dev/seqc/examples/llama/llamalm"
	"github.com/seqc-dev/seqc/runtime"
)

func main() {
	weights := flag.String("weights", "golden/reference/llama_charlm/weights.safetensors", "checkpoint")
	prompt := flag.String("prompt", "func (b *Buffer) ", "text to continue")
	n := flag.Int("n", 160, "bytes to generate")
	temperature := flag.Float64("temperature", 0, "sampling temperature (0: greedy)")
	topK := flag.Int("top-k", 0, "sample from the k most likely bytes (0: all)")
	seed := flag.Uint64("seed", 1, "sampling seed")
	flag.Parse()
	log.SetFlags(0)

	m, err := llamalm.Load(*weights)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	ids := []int32{}
	for _, c := range []byte(*prompt) {
		ids = append(ids, int32(c))
	}
	fmt.Print(*prompt)
	start := time.Now()
	if *temperature > 0 {
		// Sampling goes through the decode package, which drives the same step form.
		lm, err := decode.FromModel(m.Interp(), "forward")
		if err != nil {
			log.Fatal(err)
		}
		_, err = decode.Generate(ctx, lm, ids, decode.Options{MaxTokens: *n, Temperature: *temperature, TopK: *topK, Seed: *seed,
			OnToken: func(t int32) error { _, err := os.Stdout.Write([]byte{byte(t)}); return err }})
		if err != nil {
			log.Fatal(err)
		}
	} else if err := greedy(ctx, m, ids, *n); err != nil {
		log.Fatal(err)
	}
	took := time.Since(start)
	fmt.Fprintf(os.Stderr, "\n\n%d bytes in %v: %.0f bytes/s (backend %s)\n", *n, took.Round(time.Millisecond), float64(*n)/took.Seconds(), llamalm.Backend())
}

// greedy feeds the prompt with Prefill, then one byte at a time with Step,
// always taking the most likely next byte.
func greedy(ctx context.Context, m *llamalm.Model, prompt []int32, n int) error {
	st, err := m.NewState(1)
	if err != nil {
		return err
	}
	x := runtime.New(runtime.I32, 1, len(prompt))
	copy(x.I, prompt)
	logits, err := m.Prefill(ctx, st, x)
	if err != nil {
		return err
	}
	last := logits.F[(len(prompt)-1)*logits.Shape[2]:]
	for i := 0; i < n; i++ {
		next := argmax(last)
		os.Stdout.Write([]byte{byte(next)})
		tok := runtime.New(runtime.I32, 1, 1)
		tok.I[0] = int32(next)
		if logits, err = m.Step(ctx, st, tok); err != nil {
			return err
		}
		last = logits.F
	}
	return nil
}

func argmax(xs []float32) int {
	best := 0
	for i, v := range xs {
		if v > xs[best] {
			best = i
		}
	}
	return best
}
