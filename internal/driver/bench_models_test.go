package driver

import (
	"context"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// Model-level benchmarks, on every backend available here, for the
// comparisons scripts/bench_llvm.sh prints (the LLVM backend against the
// interpreter, and step latency against the memory-bandwidth bound).

// benchModel compiles a model with weights from its initialisers.
func benchModel(b *testing.B, path string, set map[string]string) (*ir.Module, map[string]*runtime.Tensor) {
	m, err := Compile(Config{Path: path, Set: set})
	if err != nil {
		b.Fatal(err)
	}
	w, err := InitWeights(m, 1)
	if err != nil {
		b.Fatal(err)
	}
	return m, w
}

// BenchmarkMambaMixer is one Mamba mixer (d_model 768, d_inner 1536,
// d_state 16) over L 2048, batch 1, on all cores.
func BenchmarkMambaMixer(b *testing.B) {
	m, w := benchModel(b, "../../examples/mamba/mamba_mixer.seq", map[string]string{"d_model": "768"})
	inputs := BenchInputs(m.Func("forward"), 1, 2048)
	for _, be := range backend.Available() {
		b.Run("backend="+be.Name(), func(b *testing.B) {
			exec, err := be.Prepare(context.Background(), m, w, "init", backend.Options{})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := exec.Run(context.Background(), "forward", inputs); err != nil { // warm: pack weights, touch buffers
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := exec.Run(context.Background(), "forward", inputs); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/forward")
		})
	}
}

// BenchmarkMambaStep is one decoding step (batch 1) of a Mamba-130m-shaped
// LM (d_model 768, 24 layers, vocabulary 50280, tied embeddings): every
// weight is read once per step, so the bound is params × 4 bytes over the
// machine's memory bandwidth (reported as param-MB for the script).
func BenchmarkMambaStep(b *testing.B) {
	m, w := benchModel(b, "../../examples/mamba/mamba_lm.seq", nil)
	var params int
	for _, t := range w {
		params += len(t.F)
	}
	for _, be := range backend.Available() {
		b.Run("backend="+be.Name(), func(b *testing.B) {
			ctx := context.Background()
			exec, err := be.Prepare(ctx, m, w, "init", backend.Options{})
			if err != nil {
				b.Fatal(err)
			}
			st, err := exec.NewState("forward", backend.Stream{Batch: 1})
			if err != nil {
				b.Fatal(err)
			}
			ids := runtime.New(runtime.I32, 1, 1)
			for i := 0; i < 3; i++ { // warm
				if _, err := exec.Step(ctx, st, []*runtime.Tensor{ids}); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ids.I[0] = int32(i % 256)
				if _, err := exec.Step(ctx, st, []*runtime.Tensor{ids}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/step")
			b.ReportMetric(float64(params*4)/1e6, "param-MB")
		})
	}
}
