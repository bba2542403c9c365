package main

import (
	"context"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	seqcbeam "github.com/seqc-dev/seqc/beam"
	"github.com/seqc-dev/seqc/examples/hydra/hydramixer"
	"github.com/seqc-dev/seqc/runtime"
)

func TestMain(m *testing.M) { ptest.Main(m) }

// TestEmbedPipeline runs the example on generated sequences (and one
// sequence of the wrong width) and checks every embedding against Hydra's
// Forward on the sequence alone, mean-pooled the same way, bitwise; the
// bad sequence is in the dead-letter file.
func TestEmbedPipeline(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := generateSequences(in, 40, rand.New(rand.NewSource(3))); err != nil {
		t.Fatal(err)
	}
	if err := runtime.WriteNpy(filepath.Join(in, "wide.npy"), runtime.New(runtime.F32, 16, 33)); err != nil {
		t.Fatal(err)
	}
	o := options{input: filepath.Join(in, "*.npy"), output: filepath.Join(dir, "out", "emb"),
		weights: "../../../golden/reference/hydra_mixer/weights.safetensors", maxBatch: 8, shards: 3}
	p, s := beam.NewPipelineWithRoot()
	if err := build(s, o); err != nil {
		t.Fatal(err)
	}
	if err := ptest.Run(p); err != nil {
		t.Fatal(err)
	}
	m, err := hydramixer.Load(o.weights)
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	outs, _ := filepath.Glob(o.output + "-*-of-00003.embedding.npy")
	for _, path := range outs {
		st, err := runtime.ReadNpy(path)
		if err != nil {
			t.Fatal(err)
		}
		ids := strings.Fields(readFile(t, strings.TrimSuffix(path, ".embedding.npy")+".ids.txt"))
		for r, id := range ids {
			x, err := runtime.ReadNpy(id)
			if err != nil {
				t.Fatal(err)
			}
			y, err := m.Forward(context.Background(), runtime.FromF32(append([]int{1}, x.Shape...), x.F))
			if err != nil {
				t.Fatal(err)
			}
			want, err := meanPoolFn{}.ProcessElement(recordOf(id, y))
			if err != nil {
				t.Fatal(err)
			}
			for j, v := range want.Tensors["embedding"].F {
				if st.F[r*32+j] != v {
					t.Fatalf("%s[%d] = %v, want %v", id, j, st.F[r*32+j], v)
				}
			}
			got++
		}
	}
	if got != 40 {
		t.Errorf("%d embeddings, want 40", got)
	}
	failed := readFile(t, o.output+"-failed-00000-of-00001.jsonl")
	if !strings.Contains(failed, `wide.npy","stage":"check","error":"input input axis 1 has size 33, the model wants 32"`) {
		t.Errorf("dead letters:\n%s", failed)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// recordOf is Hydra's output for one sequence as the pipeline's record.
func recordOf(id string, y *runtime.Tensor) seqcbeam.Record {
	return seqcbeam.Record{ID: id, Tensors: map[string]*runtime.Tensor{"output": runtime.FromF32(y.Shape[1:], y.F)}}
}
