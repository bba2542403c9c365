package llvm

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
	"time"

	"github.com/seqc-dev/seqc/backend/interp/kernels/attn"
)

// BenchmarkDeltaRule times gated DeltaNet over T 1024 tokens, B 1, H 4,
// K = V 64 (the interpreter's BenchmarkDelta shape): the recurrent and the
// chunked (chunk 64) kernels on 1 and 2 threads, and the interpreter's
// DeltaRecurrent and DeltaChunked on the same inputs (interp/...).
func BenchmarkDeltaRule(b *testing.B) {
	const B, T = 1, 1024
	s := DeltaSpec{H: 4, K: 64, V: 64, N: 1, Gated: true, Scale: 0.125}
	k := deltaTestKernel(b, s, attnBenchVariant())
	p := newDeltaProblem(rand.New(rand.NewSource(1)), s, B, T, true)
	out, hT := make([]float32, B*T*s.H*s.V), make([]float32, B*s.H*s.K*s.V)
	for _, chunk := range []int{0, 64} {
		mode := "scan"
		if chunk > 0 {
			mode = "chunked"
		}
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("mode=%s/threads=%d", mode, threads), func(b *testing.B) {
				ws := &DeltaWorkspace{}
				a := &DeltaArgs{B: B, T: T, Q: p.q, K: p.k, V: p.v, Beta: p.beta, G: p.g, H0: p.h0, HT: hT, Out: out, Chunk: chunk}
				if err := k.Run(ws, threads, a); err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				best := time.Duration(math.MaxInt64)
				for i := 0; i < b.N; i++ {
					t0 := time.Now()
					k.Run(ws, threads, a)
					best = min(best, time.Since(t0))
				}
				attnReportMs(b, best)
			})
			b.Run(fmt.Sprintf("interp/mode=%s/threads=%d", mode, threads), func(b *testing.B) {
				d := &attn.DeltaRule{B: B, T: T, H: s.H, K: s.K, V: s.V, N: s.N, Q: p.q, Kk: p.k, Vv: p.v, Beta: p.beta, G: p.g,
					Scale: s.Scale, Out: out, H0: p.h0, HT: hT, Threads: threads}
				best := time.Duration(math.MaxInt64)
				for i := 0; i < b.N; i++ {
					t0 := time.Now()
					var err error
					if chunk > 0 {
						err = attn.DeltaChunked(d, chunk)
					} else {
						err = attn.DeltaRecurrent(d)
					}
					if err != nil {
						b.Fatal(err)
					}
					best = min(best, time.Since(t0))
				}
				attnReportMs(b, best)
			})
		}
	}
}

// BenchmarkDeltaStep times one decoding step (T 1) of gated DeltaNet, H 4,
// K = V 64, against the interpreter's.
func BenchmarkDeltaStep(b *testing.B) {
	s := DeltaSpec{H: 4, K: 64, V: 64, N: 1, Gated: true, Scale: 0.125}
	k := deltaTestKernel(b, s, attnBenchVariant())
	p := newDeltaProblem(rand.New(rand.NewSource(1)), s, 1, 1, true)
	out, hT := make([]float32, s.H*s.V), make([]float32, s.H*s.K*s.V)
	b.Run("llvm", func(b *testing.B) {
		ws := &DeltaWorkspace{}
		a := &DeltaArgs{B: 1, T: 1, Q: p.q, K: p.k, V: p.v, Beta: p.beta, G: p.g, H0: p.h0, HT: hT, Out: out}
		for i := 0; i < b.N; i++ {
			k.Run(ws, 1, a)
		}
	})
	b.Run("interp", func(b *testing.B) {
		d := &attn.DeltaRule{B: 1, T: 1, H: s.H, K: s.K, V: s.V, N: 1, Q: p.q, Kk: p.k, Vv: p.v, Beta: p.beta, G: p.g,
			Scale: s.Scale, Out: out, H0: p.h0, HT: hT, Threads: 1}
		for i := 0; i < b.N; i++ {
			attn.DeltaRecurrent(d)
		}
	})
}
