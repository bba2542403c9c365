//go:generate go run ../../cmd/seqc build jamba.seq -o jambalm --config ../../golden/reference/jamba_lm/config.json

// Command jamba streams a Jamba-style hybrid (HF JambaForCausalLM: Mamba
// layers, an attention layer every second layer, mixture-of-experts
// feed-forwards) through the package seqc build generated (./jambalm): it
// continues a prompt greedily with Prefill and Step, whose state holds the
// attention layers' KV caches and the Mamba layers' conv windows and SSM
// states side by side, then checks the stream against one whole-sequence
// Forward of the same text. The weights are the jamba_lm fixture's (random,
// from HF's own init): the 96 tokens are read as the printable ASCII
// characters (id = byte - 32), so the continuation is text, but not sense.
// Run it from the repository root:
//
//	go run ./examples/jamba -prompt 'Hello, Jamba' -n 40
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math"

	"github.com/seqc-dev/seqc/examples/jamba/jambalm"
	"github.com/seqc-dev/seqc/runtime"
)

func main() {
	weights := flag.String("weights", "golden/reference/jamba_lm/weights.safetensors", "checkpoint")
	prompt := flag.String("prompt", "Hello, Jamba", "text to continue (printable ASCII)")
	n := flag.Int("n", 40, "tokens to generate")
	flag.Parse()
	log.SetFlags(0)

	m, err := jambalm.Load(*weights)
	if err != nil {
		log.Fatal(err)
	}
	ids, err := encode(*prompt)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	st, err := m.NewState(1)
	if err != nil {
		log.Fatal(err)
	}
	x := runtime.New(runtime.I32, 1, len(ids))
	copy(x.I, ids)
	logits, err := m.Prefill(ctx, st, x)
	if err != nil {
		log.Fatal(err)
	}
	vocab := logits.Shape[2]
	last := logits.F[(len(ids)-1)*vocab:]
	var streamed [][]float32 // the logits that chose each generated token
	fmt.Print(*prompt)
	for i := 0; i < *n; i++ {
		next := argmax(last)
		streamed = append(streamed, append([]float32(nil), last...))
		fmt.Printf("%c", rune(next+32))
		ids = append(ids, int32(next))
		tok := runtime.New(runtime.I32, 1, 1)
		tok.I[0] = int32(next)
		if logits, err = m.Step(ctx, st, tok); err != nil {
			log.Fatal(err)
		}
		last = logits.F
	}
	fmt.Println()

	// The whole sequence at once must give the logits the stream acted on.
	whole := runtime.New(runtime.I32, 1, len(ids))
	copy(whole.I, ids)
	all, err := m.Forward(ctx, whole)
	if err != nil {
		log.Fatal(err)
	}
	start := len(ids) - *n - 1
	worst := 0.0
	for i, row := range streamed {
		ref := all.F[(start+i)*vocab : (start+i+1)*vocab]
		for j, v := range row {
			worst = math.Max(worst, math.Abs(float64(v-ref[j])))
		}
	}
	fmt.Printf("%d tokens streamed (KV cache + SSM state); the whole-sequence forward gives the same logits to %.1e\n", *n, worst)
}

// encode maps printable ASCII to the model's 96 token ids.
func encode(s string) ([]int32, error) {
	var ids []int32
	for i, c := range []byte(s) {
		if c < 32 || c > 127 {
			return nil, fmt.Errorf("prompt byte %d is %q: the model reads printable ASCII only", i, c)
		}
		ids = append(ids, int32(c)-32)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("empty prompt")
	}
	return ids, nil
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
