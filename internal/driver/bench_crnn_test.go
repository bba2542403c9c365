package driver

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/seqc-dev/seqc/backend"
)

// BenchmarkCRNN is the CRNN forward (examples/crnn, the authors' sizes:
// channels 64..512, nh 256, 37 classes) over a batch of 64 text lines of
// 32×128, on the interpreter and llvm with 1 and 2 threads (the
// interpreter with 2 only: it takes seconds). best-ms is the best run:
// this VM is shared and noisy. scripts/bench_llvm_crnn.py compares it with
// PyTorch eager in the same script.
func BenchmarkCRNN(b *testing.B) {
	m, w := benchModel(b, "../../examples/crnn/crnn.seq", nil)
	inputs := BenchInputs(m.Func("forward"), 64, 128)
	for _, be := range backend.Available() {
		if be.Name() != backend.Interp && be.Name() != "llvm" {
			continue
		}
		for _, threads := range []int{1, 2} {
			if be.Name() == backend.Interp && threads == 1 {
				continue
			}
			b.Run(fmt.Sprintf("backend=%s/threads=%d", be.Name(), threads), func(b *testing.B) {
				exec, err := be.Prepare(context.Background(), m, w, "init", backend.Options{Threads: threads})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := exec.Run(context.Background(), "forward", inputs); err != nil { // warm: pack weights, touch buffers
					b.Fatal(err)
				}
				b.ResetTimer()
				best := math.Inf(1)
				for i := 0; i < b.N; i++ {
					t0 := time.Now()
					if _, err := exec.Run(context.Background(), "forward", inputs); err != nil {
						b.Fatal(err)
					}
					best = math.Min(best, time.Since(t0).Seconds())
				}
				b.ReportMetric(best*1e3, "best-ms")
			})
		}
	}
}
