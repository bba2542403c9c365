package seqcbeam

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/seqc-dev/seqc/runtime"
)

// TestPlanPaddingBudget: padded batches of a causal model stay within
// MaxBatch, MaxPadding and MaxElements, hold every record once, and grow
// from the shortest record.
func TestPlanPaddingBudget(t *testing.T) {
	load, _ := lookup("test-mamba")
	m, err := load(mambaWeights)
	if err != nil {
		t.Fatal(err)
	}
	f, err := m.Func("forward")
	if err != nil {
		t.Fatal(err)
	}
	sig, err := newSignature(f, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if sig.seq != "L" || sig.batch != "B" {
		t.Fatalf("signature pads %q, batches %q (%s): want L and B", sig.seq, sig.batch, sig.why)
	}
	rng := rand.New(rand.NewSource(1))
	for _, lim := range []limits{{maxBatch: 8, maxPadding: 0.25}, {maxBatch: 3, maxPadding: 0.5}, {maxBatch: 100, maxPadding: 0.1, maxElements: 200}} {
		b := newBatcher(sig, m, lim)
		var items []*item
		for i := 0; i < 60; i++ {
			it, err := sig.bind(Record{ID: fmt.Sprint(i), Tensors: map[string]*runtime.Tensor{"input_ids": runtime.New(runtime.I32, 1+rng.Intn(60))}})
			if err != nil {
				t.Fatal(err)
			}
			items = append(items, it)
		}
		seen := map[string]bool{}
		for _, batch := range b.plan(items) {
			maxL, sum := 0, 0
			for _, it := range batch {
				if seen[it.rec.ID] {
					t.Fatalf("%+v: record %s in two batches", lim, it.rec.ID)
				}
				seen[it.rec.ID] = true
				maxL, sum = max(maxL, it.seqLen), sum+it.seqLen
			}
			pad := 1 - float64(sum)/float64(len(batch)*maxL)
			if len(batch) > 1 && (len(batch) > lim.maxBatch || pad > lim.maxPadding || (lim.maxElements > 0 && len(batch)*maxL > lim.maxElements)) {
				t.Errorf("%+v: batch of %d, longest %d, padding %.2f", lim, len(batch), maxL, pad)
			}
		}
		if len(seen) != len(items) {
			t.Errorf("%+v: %d of %d records planned", lim, len(seen), len(items))
		}
	}
}

// TestInferConfigErrors: a bad Config or input is an error at pipeline
// construction, with a message that says what to do.
func TestInferConfigErrors(t *testing.T) {
	_, s := beam.NewPipelineWithRoot()
	recs := beam.Create(s, Record{ID: "a"})
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{Weights: "w"}, "Config.Model is empty"},
		{Config{Model: "nope", Weights: "w"}, `model "nope" is not registered`},
		{Config{Model: "test-arnet"}, "Config.Weights is empty"},
		{Config{Model: "test-arnet", Weights: "w", MaxPadding: 1.5}, "MaxPadding"},
		{Config{Model: "test-arnet", Weights: "w", MaxBatch: -1}, "MaxBatch"},
		{Config{Model: "test-arnet", Weights: "w", Padding: "left"}, "Padding"},
	} {
		if _, _, err := TryInfer(s, recs, c.cfg); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.cfg, err, c.want)
		}
	}
	if _, _, err := TryInfer(s, beam.Create(s, 1, 2), Config{Model: "test-arnet", Weights: "w"}); err == nil || !strings.Contains(err.Error(), "PCollection<int>") {
		t.Errorf("PCollection<int>: error %v", err)
	}
}

// TestSignatureErrors: a function Infer cannot batch is refused in Setup
// with the reason.
func TestSignatureErrors(t *testing.T) {
	load, _ := lookup("test-arnet")
	m, err := load(arnetWeights)
	if err != nil {
		t.Fatal(err)
	}
	coef, err := m.Func("coefficients")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newSignature(coef, Config{}); err == nil || !strings.Contains(err.Error(), "takes no inputs") {
		t.Errorf("coefficients: %v", err)
	}
	fwd, _ := m.Func("forward")
	if _, err := newSignature(fwd, Config{Outputs: []string{"logits"}}); err == nil || !strings.Contains(err.Error(), "has no output logits (outputs: output)") {
		t.Errorf("Outputs logits: %v", err)
	}
	if _, err := newSignature(fwd, Config{Padding: PadRight, SeqSymbol: "B"}); err == nil || !strings.Contains(err.Error(), "PadRight needs") {
		t.Errorf("PadRight B: %v", err)
	}
}
