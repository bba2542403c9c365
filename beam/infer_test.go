package seqcbeam

import (
	"fmt"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/seqc-dev/seqc/runtime"
)

// runInfer runs Infer over recs on the local runner and checks the results
// against want (bitwise, by id) and the failures against wantFail (id ->
// stage and a piece of the message); it returns the metrics.
func runInfer(t *testing.T, cfg Config, recs, want []Record, wantFail map[string]string) Metrics {
	t.Helper()
	p, s := beam.NewPipelineWithRoot()
	in := beam.CreateList(s, recs)
	res, fails := Infer(s, in, cfg)
	passert.Empty(s, compare(s, res, want))
	passert.Count(s, res, "results", len(want))
	lines := beam.ParDo(s, failureLine, fails)
	var wantLines []any
	for id, msg := range wantFail {
		wantLines = append(wantLines, id+" "+msg)
	}
	// Each line is "id stage: message"; compare only up to the expected
	// prefix by trimming the rest.
	trimmed := beam.ParDo(s, &trimFn{Want: wantFail}, lines)
	passert.Equals(s, trimmed, wantLines...)
	pr, err := ptest.RunWithMetrics(p)
	if err != nil {
		t.Fatal(err)
	}
	return ReadMetrics(pr)
}

// trimFn keeps of each failure line "id stage: message" the id and the
// expected "stage: fragment" when the message contains the fragment, so
// the comparison does not depend on the rest of the wording.
type trimFn struct{ Want map[string]string }

func (f *trimFn) ProcessElement(line string) string {
	id, rest, _ := strings.Cut(line, " ")
	w, ok := f.Want[id]
	if !ok {
		return line
	}
	stage, frag, _ := strings.Cut(w, ": ")
	if strings.HasPrefix(rest, stage+": ") && strings.Contains(rest, frag) {
		return id + " " + w
	}
	return line
}

// TestInferARNetEqualsForward: AR-Net over series of many lengths, in any
// order and batch size, equals Forward on each series alone, bitwise; the
// malformed records land in the dead-letter output with their message.
func TestInferARNetEqualsForward(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	good := series(rng, 40, 17, 40)
	want := forwardAlone(t, "test-arnet", arnetWeights, "forward", good)
	bad := []Record{
		{ID: "short", Tensors: map[string]*runtime.Tensor{"input": runtime.New(runtime.F32, 10)}},
		{ID: "rank", Tensors: map[string]*runtime.Tensor{"input": runtime.New(runtime.F32, 2, 20)}},
		{ID: "named", Tensors: map[string]*runtime.Tensor{"series": runtime.New(runtime.F32, 20)}},
		{ID: "broken", Tensors: map[string]*runtime.Tensor{"input": {DType: runtime.F32, Shape: []int{20}, F: make([]float32, 3)}}},
		{ID: "", Tensors: map[string]*runtime.Tensor{"input": runtime.New(runtime.F32, 20)}},
	}
	wantFail := map[string]string{
		"short":  "check: input too short",
		"rank":   "check: input input has shape [2, 20], the model wants [L] per record",
		"named":  "check: missing input input",
		"broken": "check: needs 20 values, has 3",
		"":       "check: record has no id",
	}
	// BufferSize 5 runs the buckets mid-bundle, as a long bundle would.
	for _, c := range []struct{ mb, buf int }{{1, 0}, {3, 5}, {64, 0}} {
		mb := c.mb
		recs := shuffled(rng, append(append([]Record(nil), good...), bad...))
		m := runInfer(t, Config{Model: "test-arnet", Weights: arnetWeights, MaxBatch: mb, BufferSize: c.buf}, recs, want, wantFail)
		t.Logf("MaxBatch %d: %v", mb, m)
		if m.Records != int64(len(recs)) || m.Results != int64(len(good)) || m.Failures != int64(len(bad)) {
			t.Errorf("MaxBatch %d: metrics %+v, want %d records, %d results, %d failures", mb, m, len(recs), len(good), len(bad))
		}
		// AR-Net's forward is not causal to seqc (a valid convolution): no
		// padding, so every batch is of one length.
		if m.PaddedElements != 0 || m.Batches == 0 || m.BatchSize.Max > int64(mb) || m.ModelTimeMicros.Count != m.Batches {
			t.Errorf("MaxBatch %d: metrics %+v", mb, m)
		}
		if mb == 1 && m.Batches != int64(len(good)) {
			t.Errorf("MaxBatch 1: %d batches, want %d", m.Batches, len(good))
		}
	}
}

// byteRecords tokenises lines as the char-LM examples do: one id per byte.
func byteRecords(lines []string) []Record {
	var out []Record
	for i, l := range lines {
		t := runtime.New(runtime.I32, len(l))
		for j := 0; j < len(l); j++ {
			t.I[j] = int32(l[j])
		}
		out = append(out, Record{ID: "line" + string(rune('A'+i)), Tensors: map[string]*runtime.Tensor{"input_ids": t}})
	}
	return out
}

// TestInferPaddedCausalLM: the byte-level Mamba LM is causal, so records of
// different lengths share padded batches; the logits still equal Forward
// on each line alone, bitwise. A line with an id out of the vocabulary
// fails its batch, which is retried record by record: only that record
// lands in the dead-letter output.
func TestInferPaddedCausalLM(t *testing.T) {
	lines := []string{"func main() {", "x := 1", "return nil", "if err != nil {", "}", "package seqc", "for i := range xs {", "go f()", "defer mu.Unlock()"}
	good := byteRecords(lines)
	want := forwardAlone(t, "test-mamba", mambaWeights, "forward", good)
	badIDs := runtime.New(runtime.I32, 12)
	badIDs.I[5] = 300
	bad := []Record{
		{ID: "vocab", Tensors: map[string]*runtime.Tensor{"input_ids": badIDs}},
		{ID: "floats", Tensors: map[string]*runtime.Tensor{"input_ids": runtime.New(runtime.F32, 8)}},
	}
	wantFail := map[string]string{
		"vocab":  "run: index 300 out of range",
		"floats": "check: input input_ids is f32, the model wants i32",
	}
	rng := rand.New(rand.NewSource(3))
	recs := shuffled(rng, append(append([]Record(nil), good...), bad...))
	m := runInfer(t, Config{Model: "test-mamba", Weights: mambaWeights, MaxBatch: 4, MaxPadding: 0.6}, recs, want, wantFail)
	t.Log(m)
	if m.PaddedElements == 0 || m.PaddingFraction() > 0.6 {
		t.Errorf("padding %d elements (%.2f), want some, at most 60%%", m.PaddedElements, m.PaddingFraction())
	}
	if m.Retries < 1 || m.Failures != 2 || m.Results != int64(len(good)) {
		t.Errorf("metrics %+v: want a retried batch, 2 failures, %d results", m, len(good))
	}
}

// TestInferPadRightARNet: AR-Net's valid convolution reads inputs j..j+p-1
// for output j, so padding at the end is safe though seqc cannot prove it
// causal; with PadRight the outputs still equal Forward alone, bitwise.
func TestInferPadRightARNet(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	good := series(rng, 24, 20, 48)
	want := forwardAlone(t, "test-arnet", arnetWeights, "forward", good)
	m := runInfer(t, Config{Model: "test-arnet", Weights: arnetWeights, MaxBatch: 8, MaxPadding: 0.5, Padding: PadRight}, shuffled(rng, good), want, nil)
	t.Log(m)
	if m.PaddedElements == 0 || m.PaddingFraction() > 0.5 {
		t.Errorf("padding %d elements (%.2f), want some, at most 50%%", m.PaddedElements, m.PaddingFraction())
	}
}

// TestInferHydraBuckets: the Hydra encoder is bidirectional, so padding
// would change every position: records batch only with records of their
// own length, and equal Forward alone, bitwise. The weights come through
// a Beam filesystem URL (memfs), copied to a local file by each worker.
func TestInferHydraBuckets(t *testing.T) {
	data, err := os.ReadFile(hydraWeights)
	if err != nil {
		t.Fatal(err)
	}
	memfs.Write("memfs://hydra/weights.safetensors", data)
	rng := rand.New(rand.NewSource(5))
	var good []Record
	for i := 0; i < 18; i++ {
		x := runtime.New(runtime.F32, []int{9, 16, 23}[i%3], 32)
		for j := range x.F {
			x.F[j] = float32(rng.NormFloat64())
		}
		good = append(good, Record{ID: fmt.Sprintf("h%02d", i), Tensors: map[string]*runtime.Tensor{"input": x}})
	}
	want := forwardAlone(t, "test-hydra", hydraWeights, "forward", good)
	bad := []Record{{ID: "width", Tensors: map[string]*runtime.Tensor{"input": runtime.New(runtime.F32, 9, 31)}}}
	wantFail := map[string]string{"width": "check: input input axis 1 has size 31, the model wants 32"}
	m := runInfer(t, Config{Model: "test-hydra", Weights: "memfs://hydra/weights.safetensors", MaxBatch: 4},
		shuffled(rng, append(good, bad...)), want, wantFail)
	t.Log(m)
	if m.PaddedElements != 0 || m.BatchSize.Max > 4 || m.Batches < 6 {
		t.Errorf("metrics %+v: want no padding, batches of at most 4 (6 or more of them)", m)
	}
}
