package main

import (
	"context"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/seqc-dev/seqc/examples/arnet/arnet"
	"github.com/seqc-dev/seqc/runtime"
)

func TestMain(m *testing.M) { ptest.Main(m) }

// TestForecastPipeline runs the example on generated shards and checks
// every forecast against the recursive forecast of the same series by
// arnet's Next alone, bitwise.
func TestForecastPipeline(t *testing.T) {
	dir := t.TempDir()
	if err := generateSeries(filepath.Join(dir, "in"), 230, rand.New(rand.NewSource(2))); err != nil {
		t.Fatal(err)
	}
	o := options{input: filepath.Join(dir, "in", "*.npy"), output: filepath.Join(dir, "out", "fc"),
		weights: "../../../golden/reference/arnet/weights.safetensors", horizon: 3, maxBatch: 64, shards: 2}
	p, s := beam.NewPipelineWithRoot()
	if err := build(s, o); err != nil {
		t.Fatal(err)
	}
	if err := ptest.Run(p); err != nil {
		t.Fatal(err)
	}
	m, err := arnet.Load(o.weights)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]float32{}
	shards, _ := filepath.Glob(filepath.Join(dir, "in", "*.npy"))
	for _, path := range shards {
		st, err := runtime.ReadNpy(path)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < st.Shape[0]; i++ {
			l := st.Shape[1]
			cur := runtime.FromF32([]int{1, l}, append([]float32(nil), st.F[i*l:(i+1)*l]...))
			var fc []float32
			for h := 0; h < o.horizon; h++ {
				next, err := m.Next(context.Background(), cur)
				if err != nil {
					t.Fatal(err)
				}
				fc = append(fc, next.F[0])
				cur = runtime.FromF32([]int{1, len(cur.F) + 1}, append(cur.F, next.F[0]))
			}
			want[path+"["+strconv.Itoa(i)+"]"] = fc
		}
	}
	got := 0
	outs, _ := filepath.Glob(o.output + "-*-of-00002.forecast.npy")
	for _, path := range outs {
		st, err := runtime.ReadNpy(path)
		if err != nil {
			t.Fatal(err)
		}
		ids := strings.Fields(readFile(t, strings.TrimSuffix(path, ".forecast.npy")+".ids.txt"))
		for r, id := range ids {
			w, ok := want[id]
			if !ok {
				t.Fatalf("%s: unexpected id %s", path, id)
			}
			for h, v := range w {
				if st.F[r*o.horizon+h] != v {
					t.Errorf("%s step %d: %v, want %v", id, h+1, st.F[r*o.horizon+h], v)
				}
			}
			got++
		}
	}
	if got != 230 {
		t.Errorf("%d forecasts, want 230", got)
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
