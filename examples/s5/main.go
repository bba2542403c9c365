//go:generate go run ../../cmd/seqc build s5_block.seq -o s5block --config ../../golden/reference/s5_block/config.json

// Command s5 encodes sequences with an S5 block through the package seqc
// build generated (./s5block), once over whole sequences (Forward) and once
// streaming position by position (NewState, Step), and shows both agree.
// Run it from the repository root:
//
//	go run ./examples/s5
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math"
	"time"

	"github.com/seqc-dev/seqc/examples/s5/s5block"
	"github.com/seqc-dev/seqc/runtime"
)

func main() {
	weights := flag.String("weights", "golden/reference/s5_block/weights.safetensors", "checkpoint")
	input := flag.String("input", "golden/reference/s5_block/input.npy", "sequences [B, L, H] (.npy)")
	flag.Parse()
	log.SetFlags(0)
	m, err := s5block.Load(*weights)
	if err != nil {
		log.Fatal(err)
	}
	x, err := runtime.ReadNpy(*input)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	start := time.Now()
	y, err := m.Forward(ctx, x)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Forward: %s -> %s in %v\n", x.ShapeString(), y.ShapeString(), time.Since(start).Round(time.Microsecond))

	b, l := x.Shape[0], x.Shape[1]
	st, err := m.NewState(b)
	if err != nil {
		log.Fatal(err)
	}
	start = time.Now()
	worst := 0.0
	for t := 0; t < l; t++ {
		xt, err := runtime.SliceAxis(x, 1, t, t+1)
		if err != nil {
			log.Fatal(err)
		}
		yt, err := m.Step(ctx, st, xt)
		if err != nil {
			log.Fatal(err)
		}
		want, _ := runtime.SliceAxis(y, 1, t, t+1)
		for i := range yt.F {
			worst = math.Max(worst, math.Abs(float64(yt.F[i]-want.F[i])))
		}
	}
	fmt.Printf("Step x %d: the same outputs within %.2g, in %v (state holds %d positions)\n", l, worst, time.Since(start).Round(time.Microsecond), st.Pos())
	last, _ := runtime.SliceAxis(y, 1, l-1, l)
	fmt.Printf("last-position encoding of sequence 0: %.4f\n", last.F[:6])
}
