package llvm_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// lstmScanIR is std/rnn's LSTMLayer cell as a module of the scan alone:
// its input is the input projection xw [B, L, 4h] (computed outside the
// scan by a GEMM, not what this measures).
func lstmScanIR(h int) string {
	r := strings.NewReplacer("H4", fmt.Sprint(4*h), "H", fmt.Sprint(h))
	return r.Replace(`module LSTMScan

param "w_hh": f32[H4, H]
param "b_hh": f32[H4]

func forward(%1 xw: f32[B, L, H4]) -> (y: f32[B, L, H], h_n: f32[B, H], c_n: f32[B, H]) {
  %2 = const {value=0.0} : f32[]
  %3 = broadcast_to %2 {shape=#[B, H]} : f32[B, H]
  %4, %5, %6 = scan %3, %3, %1 {carries=2} : f32[B, H], f32[B, H], f32[B, L, H] {
    ^(%7: f32[B, H], %8: f32[B, H], %9: f32[B, H4]):
    %10 = param {name="w_hh"} : f32[H4, H]
    %11 = param {name="b_hh"} : f32[H4]
    %12 = linear %7, %10, %11 : f32[B, H4]
    %13 = add %9, %12 : f32[B, H4]
    %14, %15, %16, %17 = split %13 {axis=-1, sizes=[H, H, H, H]} : f32[B, H], f32[B, H], f32[B, H], f32[B, H]
    %18 = sigmoid %15 : f32[B, H]
    %19 = mul %18, %8 : f32[B, H]
    %20 = sigmoid %14 : f32[B, H]
    %21 = tanh %16 : f32[B, H]
    %22 = mul %20, %21 : f32[B, H]
    %23 = add %19, %22 : f32[B, H]
    %24 = sigmoid %17 : f32[B, H]
    %25 = tanh %23 : f32[B, H]
    %26 = mul %24, %25 : f32[B, H]
    yield %26, %23, %26
  }
  return %6, %4, %5
}
`)
}

// BenchmarkScanLSTM compares the llvm backend with the interpreter in the
// same run, on one thread, batch 1, L 1024, hidden 256: "scan" is the LSTM
// cell's scan alone (its input projection xw given), "layer" the whole
// one-layer LSTM of examples/rnn/lstm.seq with input 256 (the input
// projection, a GEMM over every step, then the scan). The metrics are
// microseconds per step of each (best of b.N runs) and the speedup. The
// cell's GEMV bounds the scan: W_hh is 1 MiB, read once per step from L2
// or beyond.
func BenchmarkScanLSTM(b *testing.B) {
	const h, in, l, batch = 256, 256, 1024, 1
	lb, err := backend.Lookup(llvm.Name)
	if err != nil {
		b.Fatal(err)
	}
	if err := lb.Available(); err != nil {
		b.Skipf("skipping: %v", err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	fill := func(t *runtime.Tensor, scale float64) *runtime.Tensor {
		for i := range t.F {
			t.F[i] = float32(scale * rng.NormFloat64())
		}
		return t
	}
	b.Run("scan", func(b *testing.B) {
		m, err := ir.Parse(lstmScanIR(h))
		if err != nil {
			b.Fatal(err)
		}
		weights := map[string]*runtime.Tensor{
			"w_hh": fill(runtime.New(runtime.F32, 4*h, h), 1/math.Sqrt(h)),
			"b_hh": fill(runtime.New(runtime.F32, 4*h), 0.1),
		}
		srCompareBackends(b, m, weights, fill(runtime.New(runtime.F32, batch, l, 4*h), 1), l)
	})
	b.Run("layer", func(b *testing.B) {
		m, err := driver.Compile(driver.Config{Path: "../../examples/rnn/lstm.seq",
			Set: map[string]string{"input_size": fmt.Sprint(in), "hidden_size": fmt.Sprint(h), "num_layers": "1"}})
		if err != nil {
			b.Fatal(err)
		}
		weights := map[string]*runtime.Tensor{}
		for _, p := range interp.ParamSpecs(m) {
			weights[p.Name] = fill(runtime.New(runtime.F32, p.Shape...), 1/math.Sqrt(h))
		}
		srCompareBackends(b, m, weights, fill(runtime.New(runtime.F32, batch, l, in), 1), l)
	})
}

// srCompareBackends times forward on x on the llvm backend and on the
// interpreter, alternating, and reports the best run of each per step.
func srCompareBackends(b *testing.B, m *ir.Module, weights map[string]*runtime.Tensor, x *runtime.Tensor, l int) {
	ctx := context.Background()
	opts := backend.Options{Threads: 1}
	var execs [2]backend.Executable
	for i, name := range []string{llvm.Name, backend.Interp} {
		be, err := backend.Lookup(name)
		if err != nil {
			b.Fatal(err)
		}
		if execs[i], err = be.Prepare(ctx, m, weights, "weights", opts); err != nil {
			b.Fatal(err)
		}
	}
	run := func(e backend.Executable) time.Duration {
		start := time.Now()
		if _, err := e.Run(ctx, "forward", []*runtime.Tensor{x}); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	run(execs[0]) // packs the weights
	run(execs[1])
	// The best of b.N runs of each, alternating: on a shared machine the
	// minimum is the stable statistic.
	tn, ti := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
	for i := 0; i < b.N; i++ {
		tn = min(tn, run(execs[0]))
		ti = min(ti, run(execs[1]))
	}
	perStep := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 / float64(l) }
	b.ReportMetric(perStep(tn), "llvm-µs/step")
	b.ReportMetric(perStep(ti), "go-µs/step")
	b.ReportMetric(float64(ti)/float64(tn), "speedup")
}
