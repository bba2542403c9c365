package llvm

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// Benchmarks of the elementwise and row kernels. Each reports GB/s, the
// bytes a kernel must move (inputs read once, outputs written once: the
// STREAM convention, no write-allocate) per second, over all calls and for
// the fastest call (best-GB/s, comparable with STREAM's best; the calls are
// timed one by one, which adds a few tens of ns to the small ones), so that
// the numbers compare with the STREAM anchor (scripts/bench_llvm_elem.sh
// runs both):
//
//   - kernel/...: the launcher called directly on preallocated, warm
//     buffers (the kernel and its Go launch, nothing else);
//   - llvm/... and go/...: the op inside a model run, timed alone, the llvm
//     kernel against the interpreter's implementation (elemBenchOp).
//
// Sizes: 768 floats (one token of a d_model-768 model in step mode: the
// per-call cost), 64K (in L2), 16M (64 MiB per array: memory).

var elemBenchSizes = []int{768, 1 << 16, 1 << 24}

func elemBenchFill(n int, seed uint64) []float32 {
	r := rng(seed)
	x := make([]float32, n)
	for i := range x {
		x[i] = r.uniform(-4, 4)
	}
	return x
}

// elemReportGBs reports bytes moved per call as GB/s over all calls and, as
// best-GB/s, for the fastest call (STREAM reports its best repetition: on
// this shared VM the mean mostly measures the neighbours), and ns per call.
func elemReportGBs(b *testing.B, bytes int, elapsed, best time.Duration) {
	s := elapsed.Seconds() / float64(b.N)
	b.ReportMetric(float64(bytes)/s/1e9, "GB/s")
	b.ReportMetric(float64(bytes)/best.Seconds()/1e9, "best-GB/s")
	b.ReportMetric(s*1e9, "ns/call")
	b.ReportMetric(float64(best.Nanoseconds()), "best-ns/call")
	b.ReportMetric(0, "ns/op")
}

// elemTimeCalls runs f b.N times and returns the total and the fastest call.
func elemTimeCalls(b *testing.B, f func()) (total, best time.Duration) {
	best = time.Hour
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		f()
		best = min(best, time.Since(t0))
	}
	return time.Since(start), best
}

// elemBenchThreads is the thread counts the kernel benchmarks run at.
var elemBenchThreads = []int{1, 2}

func BenchmarkElementwise(b *testing.B) {
	for _, n := range elemBenchSizes {
		x, y := elemBenchFill(n, 1), elemBenchFill(n, 2)
		out := make([]float32, n)
		bias := elemBenchFill(768, 3)
		for _, th := range elemBenchThreads {
			if n < 1<<16 && th > 1 {
				continue
			}
			tag := fmt.Sprintf("n=%d/threads=%d", n, th)
			b.Run("kernel/add/"+tag, func(b *testing.B) {
				fn := elemFn(b, "b_add", HostVariant())
				p, _ := PlanBroadcast([]int{n}, []int{n}, []int{n})
				total, best := elemTimeCalls(b, func() { RunBinary(fn, th, elemCostCheap, p, x, y, out) })
				elemReportGBs(b, 12*n, total, best)
			})
			b.Run("kernel/add_bias/"+tag, func(b *testing.B) {
				fn := elemFn(b, "b_add", HostVariant())
				shape := []int{n / 768, 768}
				p, _ := PlanBroadcast(shape, shape, []int{768})
				total, best := elemTimeCalls(b, func() { RunBinary(fn, th, elemCostCheap, p, x, bias, out) })
				elemReportGBs(b, 8*n, total, best)
			})
			for _, op := range []string{"silu", "exp", "gelu"} {
				b.Run("kernel/"+op+"/"+tag, func(b *testing.B) {
					fn := elemFn(b, "u_"+op, HostVariant())
					total, best := elemTimeCalls(b, func() {
						if err := RunUnary(fn, op, th, x, out); err != nil {
							b.Fatal(err)
						}
					})
					elemReportGBs(b, 8*n, total, best)
				})
			}
		}
		for _, be := range []string{Name, backend.Interp} {
			for _, op := range []string{"add", "silu"} {
				b.Run(fmt.Sprintf("%s/%s/n=%d", be, op, n), func(b *testing.B) {
					n := n / 768 * 768 // whole rows of the module's [1, L, 768]
					ins := []*runtime.Tensor{{DType: runtime.F32, Shape: []int{1, n / 768, 768}, F: x[:n]}}
					sig, body, bytes := "%1 x: f32[B, L, 768]", "  %3 = silu %1 : f32[B, L, 768]\n", 8*n
					if op == "add" {
						ins = append(ins, &runtime.Tensor{DType: runtime.F32, Shape: []int{1, n / 768, 768}, F: y[:n]})
						sig, body, bytes = sig+", %2 y: f32[B, L, 768]", "  %3 = add %1, %2 : f32[B, L, 768]\n", 12*n
					}
					elemBenchOp(b, be, op, sig, body, nil, ins, bytes)
				})
			}
		}
	}
}

func BenchmarkRMSNorm(b *testing.B) {
	const d = 768
	for _, n := range elemBenchSizes {
		x, w := elemBenchFill(n, 4), elemBenchFill(d, 5)
		out := make([]float32, n)
		for _, th := range elemBenchThreads {
			if n < 1<<16 && th > 1 {
				continue
			}
			b.Run(fmt.Sprintf("kernel/n=%d/threads=%d", n, th), func(b *testing.B) {
				n := n / d * d
				fn := elemFn(b, "norm_rms_norm_true_false", HostVariant())
				total, best := elemTimeCalls(b, func() { RunNorm(fn, th, n/d, d, 1e-5, x, w, nil, out) })
				elemReportGBs(b, 8*n, total, best)
			})
		}
		for _, be := range []string{Name, backend.Interp} {
			b.Run(fmt.Sprintf("%s/n=%d", be, n), func(b *testing.B) {
				n := n / d * d
				ins := []*runtime.Tensor{{DType: runtime.F32, Shape: []int{1, n / d, d}, F: x[:n]}}
				elemBenchOp(b, be, "rms_norm", "%1 x: f32[B, L, 768]",
					"  %2 = param {name=\"w\"} : f32[768]\n  %3 = rms_norm %1, %2 {eps=1e-05} : f32[B, L, 768]\n",
					map[string]*runtime.Tensor{"w": {DType: runtime.F32, Shape: []int{d}, F: w}}, ins, 8*n)
			})
		}
	}
}

// elemBenchOp times one op (kind) of a module inside runs on one thread: its
// llvm kernel (be = "llvm") or the interpreter's implementation (be =
// "go"), wrapped as the run's kernel for the op, so that the clock sees
// exactly the op (its output buffer from the run's pool, the launch, the
// work) and not the executor or the run's fresh output (the op's result,
// value %3, is summed into a small output). It reports GB/s for bytes
// moved per call.
func elemBenchOp(b *testing.B, be, kind, sig, body string, weights map[string]*runtime.Tensor, ins []*runtime.Tensor, bytes int) {
	requireJIT(b)
	text := "module Bench\n\n"
	for name, w := range weights {
		text += fmt.Sprintf("param %q: f32[%d]\n", name, w.Shape[0])
	}
	text += "\nfunc forward(" + sig + ") -> (s: f32[B, L]) {\n" + body +
		"  %9 = sum %3 {axis=-1} : f32[B, L]\n  return %9\n}\n"
	m, err := ir.Parse(text)
	if err != nil {
		b.Fatalf("%v\n%s", err, text)
	}
	var op *ir.Op
	for _, o := range m.Funcs[0].Body {
		if o.Kind == kind {
			op = o
		}
	}
	run := func(c *interp.KernelCall) ([]*runtime.Tensor, error) { return c.Fallback() }
	if be == Name {
		ks, why := planModule(m)
		k := ks[op]
		if k == nil {
			b.Fatalf("%s has no kernel: %s", kind, why[op])
		}
		ctx := context.Background()
		lib, err := loadKernels(ctx, map[string]opKernel{k.key(): k}, HostVariant())
		if err != nil {
			b.Fatal(err)
		}
		fn, err := lib.Func(k.key() + VariantSuffix(HostVariant()))
		if err != nil {
			b.Fatal(err)
		}
		if err := k.bind(fn, HostVariant()); err != nil {
			b.Fatal(err)
		}
		run = k.run
	}
	var spent, best time.Duration
	timed := func(c *interp.KernelCall) ([]*runtime.Tensor, error) {
		t0 := time.Now()
		r, err := run(c)
		d := time.Since(t0)
		spent += d
		best = min(best, d)
		return r, err
	}
	ex, err := interp.NewWithKernels(m, weights, "bench", backend.Options{Threads: 1}, "bench",
		interp.Kernels{ByOp: map[*ir.Op]interp.Kernel{op: timed}})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < 3; i++ { // warm the buffer pool
		if _, err := ex.Run(ctx, "forward", ins); err != nil {
			b.Fatal(err)
		}
	}
	spent, best = 0, time.Hour
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ex.Run(ctx, "forward", ins); err != nil {
			b.Fatal(err)
		}
	}
	elemReportGBs(b, bytes, spent, best)
}
