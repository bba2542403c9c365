//go:generate go run ../../cmd/seqc build pointer.seq -o ptrnet --config ../../golden/reference/pointer_sort/config.json --stream pointers

// Command pointer sorts a list of numbers with a pointer network (Vinyals
// et al. 2015) trained to sort by scripts/fixtures/pointer.py: the network
// reads the list, then points at its elements one at a time, smallest
// first; its output vocabulary is the input. It uses the package seqc build
// generated (./ptrnet) through the decode package: the list is the fixed
// input (encoded once per search), the pointers stream, and the search is
// constrained to permutations, as the paper constrains its beam search to
// valid outputs. Run it from the repository root:
//
//	go run ./examples/pointer 5 3 9 1 7
//	go run ./examples/pointer -beam 1 0.42 0.17 0.93 0.05
//	go run ./examples/pointer -check 500
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/seqc-dev/seqc/decode"
	"github.com/seqc-dev/seqc/examples/pointer/ptrnet"
	"github.com/seqc-dev/seqc/runtime"
)

// scaled maps the list into [0.05, 0.95], the range the network was trained
// on ([0, 1)), keeping the order.
func scaled(xs []float64) *runtime.Tensor {
	lo, hi := slices.Min(xs), slices.Max(xs)
	t := runtime.New(runtime.F32, 1, len(xs), 1)
	for i, x := range xs {
		t.F[i] = 0.5
		if hi > lo {
			t.F[i] = float32(0.05 + 0.9*(x-lo)/(hi-lo))
		}
	}
	return t
}

// permutations masks, after each pointer, the positions already pointed at,
// and the end (position 0) until every element has been.
func permutations(n int) func(seq []int32, logits []float32) {
	return func(seq []int32, logits []float32) {
		for _, p := range seq[1:] { // seq[0] is the start
			logits[p] = float32(math.Inf(-1))
		}
		if len(seq) <= n {
			logits[0] = float32(math.Inf(-1))
		}
	}
}

// sortList points the network at the list's elements: the beams it found,
// best first, each with Tokens the list's indices in the order pointed at.
func sortList(ctx context.Context, m *ptrnet.Model, xs []float64, beam int) ([]decode.Hypothesis, error) {
	lm, err := decode.FromModel(m.Executable(), "forward", decode.WithStream("pointers"), decode.WithFixed("inputs", scaled(xs)))
	if err != nil {
		return nil, err
	}
	lm = decode.Constrain(lm, permutations(len(xs)))
	hs, err := decode.BeamSearch(ctx, lm, []int32{0}, decode.BeamOptions{Width: beam, MaxTokens: len(xs) + 1, EOS: 0})
	if err != nil {
		return nil, err
	}
	for i := range hs {
		order := slices.Clone(hs[i].Tokens[:len(xs)]) // then the end (0)
		for j := range order {
			order[j]-- // position j of the elements is input j-1
		}
		hs[i].Tokens = order
	}
	return hs, nil
}

func main() {
	weights := flag.String("weights", "golden/reference/pointer_sort/weights.safetensors", "checkpoint")
	beam := flag.Int("beam", 3, "beam width (1: greedy)")
	check := flag.Int("check", 0, "sort this many random lists of each length 2..10 and report how many come out sorted")
	flag.Parse()
	log.SetFlags(0)
	m, err := ptrnet.Load(*weights)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if *check > 0 {
		rng := rand.New(rand.NewPCG(1, 2))
		for n := 2; n <= 10; n++ {
			ok := 0
			for i := 0; i < *check; i++ {
				xs := make([]float64, n)
				for j := range xs {
					xs[j] = rng.Float64()
				}
				hs, err := sortList(ctx, m, xs, *beam)
				if err != nil {
					log.Fatal(err)
				}
				if sorted(xs, hs[0].Tokens) {
					ok++
				}
			}
			fmt.Printf("n = %2d: %4d of %d lists sorted (%.1f%%)\n", n, ok, *check, 100*float64(ok)/float64(*check))
		}
		return
	}
	args := flag.Args()
	if len(args) == 0 {
		args = []string{"5", "3", "9", "1", "7"}
	}
	xs := make([]float64, len(args))
	for i, a := range args {
		if xs[i], err = strconv.ParseFloat(a, 64); err != nil || math.IsNaN(xs[i]) || math.IsInf(xs[i], 0) {
			log.Fatalf("%q is not a number", a)
		}
	}
	if len(xs) > 10 {
		fmt.Printf("note: the network was trained on lists of 2 to 10 numbers; %d is past that\n", len(xs))
	}
	hs, err := sortList(ctx, m, xs, *beam)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("input:  %v\n", xs)
	for i, h := range hs {
		out := make([]float64, len(h.Tokens))
		for j, p := range h.Tokens {
			out[j] = xs[p]
		}
		if i == 0 {
			verdict := "sorted"
			if !sorted(xs, h.Tokens) {
				verdict = "NOT sorted"
			}
			fmt.Printf("output: %v (%s)\n  pointers %v, p = %.4f\n", out, verdict, h.Tokens, math.Exp(h.LogProb))
			continue
		}
		fmt.Printf("  beam %d: %v, p = %.2g\n", i+1, out, math.Exp(h.LogProb))
	}
}

// sorted reports whether visiting xs in order gives a non-decreasing list.
func sorted(xs []float64, order []int32) bool {
	for j := 1; j < len(order); j++ {
		if xs[order[j]] < xs[order[j-1]] {
			return false
		}
	}
	return true
}
