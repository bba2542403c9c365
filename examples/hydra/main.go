//go:generate go run ../../cmd/seqc build hydra.seq -o hydramixer --config ../../golden/reference/hydra_mixer/config.json

// Command hydra encodes whole sequences with Hydra's bidirectional
// quasiseparable mixer through the package seqc build generated
// (./hydramixer). Every output position sees the whole sequence: changing
// the last input changes the first output. Run it from the repository root:
//
//	go run ./examples/hydra
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math"

	"github.com/seqc-dev/seqc/examples/hydra/hydramixer"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

func main() {
	weights := flag.String("weights", "golden/reference/hydra_mixer/weights.safetensors", "checkpoint")
	input := flag.String("input", "golden/reference/hydra_mixer/input.npy", "sequences [B, L, d_model] (.npy)")
	flag.Parse()
	log.SetFlags(0)
	m, err := hydramixer.Load(*weights)
	if err != nil {
		log.Fatal(err)
	}
	x, err := runtime.ReadNpy(*input)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	y, err := m.Forward(ctx, x)
	if err != nil {
		log.Fatal(err)
	}
	b, l, d := y.Shape[0], y.Shape[1], y.Shape[2]
	fmt.Printf("encoded %d sequences of %d positions into %s\n", b, l, y.ShapeString())
	for i := 0; i < b; i++ {
		pooled := make([]float64, d) // mean over positions: one vector per sequence
		for t := 0; t < l; t++ {
			for j := 0; j < d; j++ {
				pooled[j] += float64(y.F[(i*l+t)*d+j]) / float64(l)
			}
		}
		fmt.Printf("sequence %d: pooled embedding |v| = %.4f, v[:4] = %.4f\n", i, norm(pooled), pooled[:4])
	}

	// Bidirectional: perturb the last position and watch the first output move.
	x2 := x.Clone()
	for j := 0; j < d; j++ {
		x2.F[(l-1)*d+j] += 1
	}
	y2, err := m.Forward(ctx, x2)
	if err != nil {
		log.Fatal(err)
	}
	delta := 0.0
	for j := 0; j < d; j++ {
		delta = math.Max(delta, math.Abs(float64(y2.F[j]-y.F[j])))
	}
	fmt.Printf("changing position %d changes position 0's output by up to %.4f (a causal model: 0)\n", l-1, delta)
	mod, err := hydramixer.Module()
	if err != nil {
		log.Fatal(err)
	}
	if _, err := ir.StepPlan(mod.Func("forward")); err != nil {
		fmt.Println("no step form, as expected:", err)
	}
}

func norm(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}
