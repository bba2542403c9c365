// Package bytelm is the program behind the byte-level language-model
// examples (examples/mamba, examples/llama): it continues a prompt with any
// package seqc build generated for a causal LM, streaming bytes as they are
// decoded through the package's Prefill and Step.
package bytelm

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/decode"
	"github.com/seqc-dev/seqc/runtime"
	"github.com/seqc-dev/seqc/runtime/compiled"
)

// LM is what a generated package's Model offers a causal LM over byte ids.
type LM interface {
	NewState(batch int) (*compiled.State, error)
	Prefill(ctx context.Context, st *compiled.State, inputIDs *runtime.Tensor) (*runtime.Tensor, error)
	Step(ctx context.Context, st *compiled.State, inputIDs *runtime.Tensor) (*runtime.Tensor, error)
	Executable() backend.Executable
}

// Main parses the flags, loads the model with load and writes the
// continuation of the prompt to stdout, then the speed to stderr.
func Main(defaultWeights string, load func(path string) (LM, error)) {
	MainLimit(defaultWeights, 0, load)
}

// MainLimit is Main for a model that sees at most limit positions (learned
// absolute positions, as GAM's): it refuses a prompt and -n past that.
func MainLimit(defaultWeights string, limit int, load func(path string) (LM, error)) {
	weights := flag.String("weights", defaultWeights, "checkpoint")
	prompt := flag.String("prompt", "func (b *Buffer) ", "text to continue")
	n := flag.Int("n", 160, "bytes to generate")
	temperature := flag.Float64("temperature", 0, "sampling temperature (0: greedy)")
	topK := flag.Int("top-k", 0, "sample from the k most likely bytes (0: all)")
	seed := flag.Uint64("seed", 1, "sampling seed")
	flag.Parse()
	log.SetFlags(0)
	if limit > 0 && len(*prompt)+*n > limit {
		log.Fatalf("the model sees %d positions: the prompt (%d bytes) and -n %d must fit in them", limit, len(*prompt), *n)
	}

	m, err := load(*weights)
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
		lm, err := decode.FromModel(m.Executable(), "forward")
		if err != nil {
			log.Fatal(err)
		}
		_, err = decode.Generate(ctx, lm, ids, decode.Options{MaxTokens: *n, Temperature: *temperature, TopK: *topK, Seed: *seed,
			OnToken: func(t int32) error { _, err := os.Stdout.Write([]byte{byte(t)}); return err }})
		if err != nil {
			log.Fatal(err)
		}
	} else if err := Greedy(ctx, m, ids, *n, func(b byte) { os.Stdout.Write([]byte{b}) }); err != nil {
		log.Fatal(err)
	}
	took := time.Since(start)
	fmt.Fprintf(os.Stderr, "\n\n%d bytes in %v: %.0f bytes/s\n", *n, took.Round(time.Millisecond), float64(*n)/took.Seconds())
}

// Greedy feeds the prompt with Prefill, then one byte at a time with Step,
// always taking the most likely next byte, and hands each byte to emit.
func Greedy(ctx context.Context, m LM, prompt []int32, n int, emit func(byte)) error {
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
		emit(byte(next))
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
