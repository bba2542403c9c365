//go:generate go run ../../cmd/seqc build arnet.seq -o arnet --config ../../golden/reference/arnet/config.json

// Command arnet forecasts a time series with AR-Net through the package
// seqc build generated (./arnet): it prints the AR coefficients (lag 1
// first), the one-step predictions' error on the series, and a recursive
// multi-step forecast. Run it from the repository root:
//
//	go run ./examples/arnet -horizon 12
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math"

	"github.com/seqc-dev/seqc/examples/arnet/arnet"
	"github.com/seqc-dev/seqc/runtime"
)

func main() {
	weights := flag.String("weights", "golden/reference/arnet/weights.safetensors", "checkpoint")
	input := flag.String("input", "golden/reference/arnet/input.npy", "series [B, L] (.npy)")
	horizon := flag.Int("horizon", 8, "values to forecast")
	flag.Parse()
	log.SetFlags(0)
	m, err := arnet.Load(*weights)
	if err != nil {
		log.Fatal(err)
	}
	series, err := runtime.ReadNpy(*input)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	coef, err := m.Coefficients(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("AR(%d) coefficients, lag 1 first: %.3f\n", len(coef.F), coef.F)

	p := arnet.DefaultConfig().ArOrder
	pred, err := m.Forward(ctx, series)
	if err != nil {
		log.Fatal(err)
	}
	b, l := series.Shape[0], series.Shape[1]
	mse := 0.0
	for i := 0; i < b; i++ {
		for t := p; t < l; t++ {
			d := float64(pred.F[i*(l-p)+t-p] - series.F[i*l+t])
			mse += d * d / float64(b*(l-p))
		}
	}
	fmt.Printf("one-step predictions over %d series of %d values: RMSE %.4f\n", b, l, math.Sqrt(mse))

	// Recursive forecast: each prediction is appended and fed back.
	cur := series
	for h := 0; h < *horizon; h++ {
		next, err := m.Next(ctx, cur)
		if err != nil {
			log.Fatal(err)
		}
		col := &runtime.Tensor{DType: runtime.F32, Shape: []int{b, 1}, F: next.F}
		if cur, err = runtime.Concat([]*runtime.Tensor{cur, col}, 1); err != nil {
			log.Fatal(err)
		}
	}
	for i := 0; i < b; i++ {
		fc := cur.F[i*(l+*horizon)+l : (i+1)*(l+*horizon)]
		fmt.Printf("series %d: last values %.3f -> forecast %.3f\n", i, series.F[(i+1)*l-4:(i+1)*l], fc)
	}
}
