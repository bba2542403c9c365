package llvm_test

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/backendtest"
	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// TestScanRegionConformance runs the scan region cases on the llvm backend
// against the interpreter at more batch sizes and lengths than the shared
// harness (B 1 to 3, L 0 to 33), whole and streamed, and checks that every
// scan was planned for the kernel and ran natively.
func TestScanRegionConformance(t *testing.T) {
	b, err := backend.Lookup(llvm.Name)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Available(); err != nil {
		t.Skipf("skipping: %v", err)
	}
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 11))
	for _, c := range backendtest.ScanRegionCases() {
		m, err := ir.Parse(c.IR)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		weights := map[string]*runtime.Tensor{}
		for name, shape := range c.Params {
			weights[name] = runtime.New(runtime.F32, shape...)
		}
		exec, err := b.Prepare(ctx, m, weights, "weights", backend.Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		for _, p := range exec.(interface{ Placement() []backend.Placement }).Placement() {
			if p.Op.Kind == "scan" && p.Backend != llvm.Name {
				t.Errorf("%s: the scan runs on %s: %s", c.Name, p.Backend, p.Why)
			}
		}
		before := llvm.ScanRegionNativeRuns()
		fails, err := backendtest.Check(ctx, b, c, []int{1, 2, 3}, []int{0, 1, 2, 7, 16, 33}, rng)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		for _, f := range fails {
			t.Error(f)
		}
		if llvm.ScanRegionNativeRuns() == before {
			t.Errorf("%s: no scan ran natively", c.Name)
		}
	}
}

// TestScanRegionConcurrent runs one prepared model from several goroutines
// at once, the first run of each included (the weights are packed on first
// use): every run gives the sequential run's bits.
func TestScanRegionConcurrent(t *testing.T) {
	b, err := backend.Lookup(llvm.Name)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Available(); err != nil {
		t.Skipf("skipping: %v", err)
	}
	ctx := context.Background()
	var c backendtest.Case
	for _, k := range backendtest.ScanRegionCases() {
		if strings.HasPrefix(k.Name, "LSTM cell, hidden 30,") {
			c = k
		}
	}
	m, err := ir.Parse(c.IR)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 3))
	weights := map[string]*runtime.Tensor{}
	for name, shape := range c.Params {
		w := runtime.New(runtime.F32, shape...)
		for i := range w.F {
			w.F[i] = float32(rng.NormFloat64())
		}
		weights[name] = w
	}
	x := runtime.New(runtime.F32, 3, 20, m.Func("forward").Inputs[0].Type.Shape[2].Add)
	for i := range x.F {
		x.F[i] = float32(rng.NormFloat64())
	}
	run := func(e backend.Executable) []*runtime.Tensor {
		out, err := e.Run(ctx, "forward", []*runtime.Tensor{x})
		if err != nil {
			t.Error(err)
		}
		return out
	}
	seq, err := b.Prepare(ctx, m, weights, "weights", backend.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := run(seq)
	par, err := b.Prepare(ctx, m, weights, "weights", backend.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([][]*runtime.Tensor, 4)
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[g] = run(par)
		}()
	}
	wg.Wait()
	for g, outs := range got {
		for i, o := range outs {
			for j := range o.F {
				if math.Float32bits(o.F[j]) != math.Float32bits(want[i].F[j]) {
					t.Fatalf("goroutine %d: output %d element %d is %v, want %v", g, i, j, o.F[j], want[i].F[j])
				}
			}
		}
	}
}
