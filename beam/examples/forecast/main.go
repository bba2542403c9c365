// Command forecast forecasts many time series with AR-Net as an Apache
// Beam pipeline: .npy shards of series in (one series per row), a
// recursive forecast of -horizon steps out (each step one seqc Infer
// stage running AR-Net's next function, whose forecast is appended to the
// series for the next stage), as .npy shards and JSON lines, with the
// records that failed in a dead-letter file.
//
//	go run ./examples/forecast -generate /tmp/forecast/in -series 2000
//	go run ./examples/forecast -input '/tmp/forecast/in/*.npy' -output /tmp/forecast/out/fc
//
// See README.md for the flags that submit it to Dataflow, Flink or Spark.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand"
	"os"
	"path/filepath"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	seqcbeam "github.com/seqc-dev/seqc/beam"
	"github.com/seqc-dev/seqc/examples/arnet/arnet"
	"github.com/seqc-dev/seqc/runtime"
)

// The model is registered in init, so the workers (which run this same
// binary) know it before beam.Init hands them the pipeline.
func init() {
	seqcbeam.Register("arnet", func(weights string) (seqcbeam.Model, error) {
		m, err := arnet.Load(weights)
		if err != nil {
			return nil, err
		}
		return seqcbeam.FromCompiled(m.Model), nil
	})
	register.DoFn1x2[seqcbeam.Record, seqcbeam.Record, error](&appendFn{})
	register.DoFn1x2[seqcbeam.Record, seqcbeam.Record, error](&lastFn{})
}

type options struct {
	input, output, weights string
	horizon, maxBatch      int
	shards                 int
}

func main() {
	var o options
	generate := flag.String("generate", "", "write sample series (.npy shards) to this folder and exit")
	nSeries := flag.Int("series", 1000, "with -generate: how many series")
	flag.StringVar(&o.input, "input", "", "series: a glob of .npy shards [N, L] (one series per row)")
	flag.StringVar(&o.output, "output", "", "output prefix: PREFIX-SSSSS-of-NNNNN.{forecast.npy,ids.txt,jsonl}, PREFIX-failed-*.jsonl")
	flag.StringVar(&o.weights, "weights", "../golden/reference/arnet/weights.safetensors", "AR-Net checkpoint: a path or a URL (gs://...)")
	flag.IntVar(&o.horizon, "horizon", 4, "values to forecast per series")
	flag.IntVar(&o.maxBatch, "max-batch", 256, "most series per model run")
	flag.IntVar(&o.shards, "shards", 4, "output shards")
	flag.Parse()
	beam.Init()
	log.SetFlags(0)
	if *generate != "" {
		if err := generateSeries(*generate, *nSeries, rand.New(rand.NewSource(1))); err != nil {
			log.Fatal(err)
		}
		return
	}
	if o.input == "" || o.output == "" {
		log.Fatal("forecast: -input and -output are required (or -generate DIR)")
	}
	p, s := beam.NewPipelineWithRoot()
	if err := build(s, o); err != nil {
		log.Fatal(err)
	}
	pr, err := beamx.RunWithMetrics(context.Background(), p)
	if err != nil {
		log.Fatalf("forecast: %v", err)
	}
	fmt.Println(seqcbeam.ReadMetrics(pr))
}

// build adds the pipeline to s.
func build(s beam.Scope, o options) error {
	if o.horizon < 1 {
		return fmt.Errorf("-horizon %d: want >= 1", o.horizon)
	}
	series, readFailures := seqcbeam.ReadNpyRows(s, o.input, "input")
	failures := []beam.PCollection{readFailures}
	cur := series
	for h := 0; h < o.horizon; h++ {
		res, failed, err := seqcbeam.TryInfer(s.Scope(fmt.Sprintf("step%d", h+1)), cur, seqcbeam.Config{
			Model: "arnet", Weights: o.weights, Func: "next", KeepInputs: true, MaxBatch: o.maxBatch,
		})
		if err != nil {
			return err
		}
		failures = append(failures, failed)
		cur = beam.ParDo(s, &appendFn{}, res)
	}
	fc := beam.ParDo(s, &lastFn{Horizon: o.horizon}, cur)
	seqcbeam.WriteNpyShards(s, o.output, o.shards, fc)
	seqcbeam.WriteJSONLines(s, o.output, o.shards, fc)
	seqcbeam.WriteFailures(s, o.output+"-failed", 1, beam.Flatten(s, failures...))
	return nil
}

// appendFn appends a stage's forecast to its series: the next stage
// forecasts from it.
type appendFn struct{}

func (appendFn) ProcessElement(r seqcbeam.Record) (seqcbeam.Record, error) {
	x, f := r.Tensors["input"], r.Tensors["forecast"]
	if x == nil || f == nil || len(f.F) != 1 || len(x.Shape) != 1 {
		return seqcbeam.Record{}, fmt.Errorf("record %s: want input [L] and forecast [], have %v", r.ID, r.Tensors)
	}
	y := runtime.New(runtime.F32, x.Shape[0]+1)
	copy(y.F, x.F)
	y.F[x.Shape[0]] = f.F[0]
	return seqcbeam.Record{ID: r.ID, Tensors: map[string]*runtime.Tensor{"input": y}}, nil
}

// lastFn keeps the last Horizon values of each extended series: the
// forecast.
type lastFn struct{ Horizon int }

func (f *lastFn) ProcessElement(r seqcbeam.Record) (seqcbeam.Record, error) {
	x := r.Tensors["input"]
	if x == nil || len(x.Shape) != 1 || x.Shape[0] < f.Horizon {
		return seqcbeam.Record{}, fmt.Errorf("record %s: no series of %d values or more", r.ID, f.Horizon)
	}
	fc := runtime.New(runtime.F32, f.Horizon)
	copy(fc.F, x.F[x.Shape[0]-f.Horizon:])
	return seqcbeam.Record{ID: r.ID, Tensors: map[string]*runtime.Tensor{"forecast": fc}}, nil
}

// generateSeries writes n sine-plus-noise series as .npy shards of 100
// series each, every shard one length between 48 and 160.
func generateSeries(dir string, n int, rng *rand.Rand) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for shard := 0; shard*100 < n; shard++ {
		rows := min(100, n-shard*100)
		l := 48 + 16*rng.Intn(8)
		t := runtime.New(runtime.F32, rows, l)
		for i := 0; i < rows; i++ {
			amp, per, ph := 0.2+0.6*rng.Float64(), 6+20*rng.Float64(), 2*math.Pi*rng.Float64()
			for j := 0; j < l; j++ {
				t.F[i*l+j] = float32(amp*math.Sin(ph+2*math.Pi*float64(j)/per) + 0.05*rng.NormFloat64())
			}
		}
		path := filepath.Join(dir, fmt.Sprintf("series-%05d.npy", shard))
		if err := runtime.WriteNpy(path, t); err != nil {
			return err
		}
	}
	fmt.Printf("wrote %d series in %d shards to %s\n", n, (n+99)/100, dir)
	return nil
}
