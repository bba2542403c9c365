package seqcbeam

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"os"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/seqc-dev/seqc/examples/arnet/arnet"
	"github.com/seqc-dev/seqc/examples/hydra/hydramixer"
	"github.com/seqc-dev/seqc/examples/mamba/mambalm"
	"github.com/seqc-dev/seqc/runtime"
)

// The test models: generated packages from the examples, with the
// weights of their golden fixtures.
const (
	arnetWeights = "../golden/reference/arnet/weights.safetensors"
	hydraWeights = "../golden/reference/hydra_mixer/weights.safetensors"
	mambaWeights = "../golden/reference/mamba_charlm/weights.safetensors"
)

func init() {
	Register("test-arnet", func(w string) (Model, error) {
		m, err := arnet.Load(w, arnet.WithThreads(1))
		if err != nil {
			return nil, err
		}
		return FromCompiled(m.Model), nil
	})
	Register("test-hydra", func(w string) (Model, error) {
		m, err := hydramixer.Load(w, hydramixer.WithThreads(1))
		if err != nil {
			return nil, err
		}
		return FromCompiled(m.Model), nil
	})
	Register("test-mamba", func(w string) (Model, error) {
		m, err := mambalm.Load(w, mambalm.WithThreads(1))
		if err != nil {
			return nil, err
		}
		return FromCompiled(m.Model), nil
	})
	register.DoFn4x0[string, func(*Record) bool, func(*Record) bool, func(string)](&compareFn{})
	register.Function1x1(failureLine)
	register.Function1x1(recordSummary)
	register.DoFn1x1[string, string](&trimFn{})
}

func TestMain(m *testing.M) { ptest.Main(m) }

func failureLine(f Failure) string { return f.ID + " " + f.Stage + ": " + f.Error }

// compareFn joins results with the expected outputs by id and emits one
// line per difference: a missing, duplicated or unexpected id, or a
// tensor that is not bitwise equal.
type compareFn struct{}

func (compareFn) ProcessElement(id string, got, want func(*Record) bool, emit func(string)) {
	var g, w []Record
	var r Record
	for got(&r) {
		g = append(g, r)
	}
	for want(&r) {
		w = append(w, r)
	}
	switch {
	case len(w) == 0:
		emit(fmt.Sprintf("%s: unexpected result", id))
		return
	case len(g) != 1:
		emit(fmt.Sprintf("%s: %d results, want 1", id, len(g)))
		return
	}
	if msg := diffRecords(g[0], w[0]); msg != "" {
		emit(id + ": " + msg)
	}
}

// diffRecords says how two records' tensors differ ("" when they are
// bitwise equal).
func diffRecords(got, want Record) string {
	if len(got.Tensors) != len(want.Tensors) {
		return fmt.Sprintf("tensors %s, want %s", tensorList(got), tensorList(want))
	}
	for k, w := range want.Tensors {
		g := got.Tensors[k]
		switch {
		case g == nil:
			return fmt.Sprintf("no tensor %s (have %s)", k, tensorList(got))
		case g.DType != w.DType || !runtime.ShapeEqual(g.Shape, w.Shape):
			return fmt.Sprintf("%s is %s%v, want %s%v", k, g.DType, g.Shape, w.DType, w.Shape)
		}
		for i := range w.F {
			if g.F[i] != w.F[i] {
				return fmt.Sprintf("%s[%d] = %v, want %v (bitwise)", k, i, g.F[i], w.F[i])
			}
		}
		for i := range w.I {
			if g.I[i] != w.I[i] {
				return fmt.Sprintf("%s[%d] = %v, want %v", k, i, g.I[i], w.I[i])
			}
		}
	}
	return ""
}

// compare adds to the pipeline the check that results equal want, by id.
func compare(s beam.Scope, results beam.PCollection, want []Record) beam.PCollection {
	s = s.Scope("compare")
	w := beam.CreateList(s, want)
	joined := beam.CoGroupByKey(s, KeyByID(s, results), KeyByID(s, w))
	return beam.ParDo(s, &compareFn{}, joined)
}

// forwardAlone runs each record alone through a freshly loaded model, at its
// own length with no padding: the single-process result Infer must match.
func forwardAlone(t *testing.T, name, weights, fn string, recs []Record) []Record {
	t.Helper()
	load, err := lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	m, err := load(weights)
	if err != nil {
		t.Fatal(err)
	}
	f, err := m.Func(fn)
	if err != nil {
		t.Fatal(err)
	}
	var out []Record
	for _, r := range recs {
		var ins []*runtime.Tensor
		for _, v := range f.Inputs {
			x := r.Tensors[v.Name]
			ins = append(ins, &runtime.Tensor{DType: x.DType, Shape: append([]int{1}, x.Shape...), F: x.F, I: x.I})
		}
		res, err := m.Run(context.Background(), fn, ins...)
		if err != nil {
			t.Fatalf("%s alone: %v", r.ID, err)
		}
		o := Record{ID: r.ID, Tensors: map[string]*runtime.Tensor{}}
		for i, v := range res {
			o.Tensors[outName(f, i)] = &runtime.Tensor{DType: v.DType, Shape: v.Shape[1:], F: v.F, I: v.I}
		}
		out = append(out, o)
	}
	return out
}

// series makes n sine-plus-noise series of lengths in [minL, maxL].
func series(rng *rand.Rand, n, minL, maxL int) []Record {
	var out []Record
	for i := 0; i < n; i++ {
		l := minL + rng.Intn(maxL-minL+1)
		t := runtime.New(runtime.F32, l)
		ph, per := rng.Float64()*6, 8+rng.Float64()*16
		for j := range t.F {
			t.F[j] = float32(0.5*math.Sin(ph+float64(j)*6.2832/per) + 0.1*rng.NormFloat64())
		}
		out = append(out, Record{ID: fmt.Sprintf("s%03d", i), Tensors: map[string]*runtime.Tensor{"input": t}})
	}
	return out
}

func shuffled(rng *rand.Rand, recs []Record) []Record {
	out := append([]Record(nil), recs...)
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func TestMainWeightsExist(t *testing.T) {
	for _, w := range []string{arnetWeights, hydraWeights, mambaWeights} {
		if _, err := os.Stat(w); err != nil {
			t.Fatal(err)
		}
	}
}
