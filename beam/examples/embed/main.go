// Command embed embeds many sequences with the Hydra bidirectional
// encoder as an Apache Beam pipeline: one .npy file per sequence in
// ([L, 32] features; lengths vary), Hydra's forward on batches of
// sequences of one length (Hydra is bidirectional: padding would change
// every position, so seqcbeam buckets by exact length), mean-pooled over
// the positions into one 32-vector per sequence, out as .npy shards
// ([N, 32] per shard, ids alongside), with the records that failed in a
// dead-letter file.
//
//	go run ./examples/embed -generate /tmp/embed/in -n 500
//	go run ./examples/embed -input '/tmp/embed/in/*.npy' -output /tmp/embed/out/emb
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
	"github.com/seqc-dev/seqc/examples/hydra/hydramixer"
	"github.com/seqc-dev/seqc/runtime"
)

func init() {
	seqcbeam.Register("hydra", func(weights string) (seqcbeam.Model, error) {
		m, err := hydramixer.Load(weights)
		if err != nil {
			return nil, err
		}
		return seqcbeam.FromCompiled(m.Model), nil
	})
	register.DoFn1x2[seqcbeam.Record, seqcbeam.Record, error](&meanPoolFn{})
}

type options struct {
	input, output, weights string
	maxBatch, shards       int
	perPosition            bool
}

func main() {
	var o options
	generate := flag.String("generate", "", "write sample sequences (one .npy per sequence) to this folder and exit")
	n := flag.Int("n", 500, "with -generate: how many sequences")
	flag.StringVar(&o.input, "input", "", "sequences: a glob of .npy files [L, 32], one sequence each")
	flag.StringVar(&o.output, "output", "", "output prefix: PREFIX-SSSSS-of-NNNNN.{embedding.npy,ids.txt}, PREFIX-failed-*.jsonl")
	flag.StringVar(&o.weights, "weights", "../golden/reference/hydra_mixer/weights.safetensors", "Hydra checkpoint: a path or a URL (gs://...)")
	flag.IntVar(&o.maxBatch, "max-batch", 64, "most sequences per model run")
	flag.IntVar(&o.shards, "shards", 4, "output shards")
	flag.BoolVar(&o.perPosition, "per-position", false, "also write every position's output as JSON lines (PREFIX-positions-*.jsonl)")
	flag.Parse()
	beam.Init()
	log.SetFlags(0)
	if *generate != "" {
		if err := generateSequences(*generate, *n, rand.New(rand.NewSource(1))); err != nil {
			log.Fatal(err)
		}
		return
	}
	if o.input == "" || o.output == "" {
		log.Fatal("embed: -input and -output are required (or -generate DIR)")
	}
	p, s := beam.NewPipelineWithRoot()
	if err := build(s, o); err != nil {
		log.Fatal(err)
	}
	pr, err := beamx.RunWithMetrics(context.Background(), p)
	if err != nil {
		log.Fatalf("embed: %v", err)
	}
	fmt.Println(seqcbeam.ReadMetrics(pr))
}

// build adds the pipeline to s.
func build(s beam.Scope, o options) error {
	seqs, readFailures := seqcbeam.ReadNpyFiles(s, o.input, "input")
	out, failed, err := seqcbeam.TryInfer(s, seqs, seqcbeam.Config{Model: "hydra", Weights: o.weights, MaxBatch: o.maxBatch})
	if err != nil {
		return err
	}
	if o.perPosition {
		seqcbeam.WriteJSONLines(s, o.output+"-positions", o.shards, out)
	}
	emb := beam.ParDo(s, &meanPoolFn{}, out)
	seqcbeam.WriteNpyShards(s, o.output, o.shards, emb)
	seqcbeam.WriteFailures(s, o.output+"-failed", 1, beam.Flatten(s, readFailures, failed))
	return nil
}

// meanPoolFn averages Hydra's output [L, d] over the positions: one
// embedding [d] per sequence.
type meanPoolFn struct{}

func (meanPoolFn) ProcessElement(r seqcbeam.Record) (seqcbeam.Record, error) {
	y := r.Tensors["output"]
	if y == nil || len(y.Shape) != 2 || y.Shape[0] == 0 {
		return seqcbeam.Record{}, fmt.Errorf("record %s: want output [L, d] with L > 0", r.ID)
	}
	l, d := y.Shape[0], y.Shape[1]
	emb := runtime.New(runtime.F32, d)
	for j := 0; j < d; j++ {
		var s float64
		for i := 0; i < l; i++ {
			s += float64(y.F[i*d+j])
		}
		emb.F[j] = float32(s / float64(l))
	}
	return seqcbeam.Record{ID: r.ID, Tensors: map[string]*runtime.Tensor{"embedding": emb}}, nil
}

// generateSequences writes n sequences of 32 features, one .npy each,
// lengths from a few buckets (16 to 64) so batches fill: sums of a few
// sinusoids per channel plus noise.
func generateSequences(dir string, n int, rng *rand.Rand) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		l := 16 * (1 + rng.Intn(4))
		t := runtime.New(runtime.F32, l, 32)
		for c := 0; c < 32; c++ {
			per, ph := 4+28*rng.Float64(), 2*math.Pi*rng.Float64()
			for p := 0; p < l; p++ {
				t.F[p*32+c] = float32(math.Sin(ph+2*math.Pi*float64(p)/per) + 0.1*rng.NormFloat64())
			}
		}
		if err := runtime.WriteNpy(filepath.Join(dir, fmt.Sprintf("seq-%05d.npy", i)), t); err != nil {
			return err
		}
	}
	fmt.Printf("wrote %d sequences to %s\n", n, dir)
	return nil
}
