package llvm

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"testing"
	"time"

	"github.com/seqc-dev/seqc/backend"
	_ "github.com/seqc-dev/seqc/backend/interp" // the "go" backend, the peer
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// benchExec prepares the forward function of an IR module on backend name
// ("go" or "llvm") with the given weights.
func benchExec(b *testing.B, name, text string, weights map[string]*runtime.Tensor, threads int) backend.Executable {
	b.Helper()
	m, err := ir.Parse(text)
	if err != nil {
		b.Fatal(err)
	}
	if err := ir.Verify(m); err != nil {
		b.Fatal(err)
	}
	var be backend.Backend = llvmBackend{}
	if name != Name {
		if be, err = backend.Lookup(name); err != nil {
			b.Fatal(err)
		}
	}
	ex, err := be.Prepare(context.Background(), m, weights, "bench", backend.Options{Threads: threads, Mode: ir.ModeScan})
	if err != nil {
		b.Fatal(err)
	}
	return ex
}

// benchBest runs fn b.N times after one warm-up run and reports the best
// and the mean time per run (ms) and the traffic rate at the best time
// (GB/s of bytes): this VM is shared and noisy, and the best of many runs
// is the most stable figure to compare.
func benchBest(b *testing.B, bytes float64, fn func()) {
	fn() // first touch of outputs and scratch
	b.ResetTimer()
	best := math.Inf(1)
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		fn()
		best = math.Min(best, time.Since(t0).Seconds())
	}
	b.ReportMetric(best*1e3, "best-ms")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*1e3, "mean-ms")
	if bytes > 0 {
		b.ReportMetric(bytes/best/1e9, "GB/s")
	}
}

func benchTensor(rng *rand.Rand, shape ...int) *runtime.Tensor {
	t := runtime.New(runtime.F32, shape...)
	for i := range t.F {
		t.F[i] = float32(rng.NormFloat64())
	}
	return t
}

// BenchmarkConvMamba times Mamba-130m's causal conv (d_inner 1536 channels,
// 4 taps, bias, silu) over one sequence of 2048 steps: the kernel alone
// (kernel/), and the op through the llvm backend and the interpreter (the
// peer), each on 1 and 2 threads. GB/s counts x read and y written once
// (25 MB), the traffic STREAM's copy moves (scripts/bench_llvm_conv.sh
// runs both). The op's times include the run's other work (the output
// buffer, the executor), the same for both backends.
func BenchmarkConvMamba(b *testing.B) {
	requireJIT(b)
	const B, L, C, W = 1, 2048, 1536, 4
	rng := rand.New(rand.NewSource(1))
	x, w, bias := benchTensor(rng, B, L, C), benchTensor(rng, C, W), benchTensor(rng, C)
	text := fmt.Sprintf("module Bench\n\nparam \"k\": f32[%d, %d]\nparam \"b\": f32[%d]\n\nfunc forward(%%1 x: f32[B, L, %d]) -> (y: f32[B, L, %d]) {\n"+
		"  %%2 = param {name=\"k\"} : f32[%d, %d]\n  %%3 = param {name=\"b\"} : f32[%d]\n"+
		"  %%4 = conv %%1, %%2, %%3 {act=\"silu\", pad_left=%d, pad_right=0} : f32[B, L, %d]\n  return %%4\n}\n", C, W, C, C, C, C, W, C, W-1, C)
	weights := map[string]*runtime.Tensor{"k": w, "b": bias}
	bytes := float64(2 * B * L * C * 4)
	s := ConvSpec{W: W, Bias: true, Act: "silu"}
	v := HostVariant()
	lib := convTestLib(b)
	fn, err := lib.Func(convName(s, v))
	if err != nil {
		b.Fatal(err)
	}
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("kernel/threads=%d", threads), func(b *testing.B) {
			a := &ConvArgs{B: B, Lin: L, C: C, PL: W - 1, X: x.F, W: w.F, Bias: bias.F, Y: make([]float32, B*L*C)}
			benchBest(b, bytes, func() {
				if err := RunConv(fn, s, v, threads, a); err != nil {
					b.Fatal(err)
				}
			})
		})
		for _, be := range []string{Name, backend.Interp} {
			b.Run(fmt.Sprintf("%s/threads=%d", be, threads), func(b *testing.B) {
				ex := benchExec(b, be, text, weights, threads)
				benchBest(b, bytes, func() {
					if _, err := ex.Run(context.Background(), "forward", []*runtime.Tensor{x}); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	}
}
