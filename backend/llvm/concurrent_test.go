package llvm_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	_ "github.com/seqc-dev/seqc/backend/interp"
	_ "github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/runtime"
)

// TestConcurrentNative runs the trained char-LMs' forward and streams
// (Prefill, then Steps) through the native kernels from several goroutines
// at once on one prepared model: every goroutine must get the sequential
// run's bits. make test runs it under -race, so the kernels' shared
// structures (packed weights, the GEMM worker pool, workspaces, KV caches
// appended in place) are checked for data races through the cgo path.
func TestConcurrentNative(t *testing.T) {
	requireBackend(t)
	ctx := context.Background()
	for _, c := range []struct{ name, model string }{
		{"mamba_charlm", "../../examples/mamba/mamba_lm.seq"},
		{"llama_charlm", "../../examples/llama/llama.seq"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join("../../golden/reference", c.name)
			m, err := driver.Compile(driver.Config{Path: c.model, ConfigFile: filepath.Join(dir, "config.json")})
			if err != nil {
				t.Fatal(err)
			}
			w, err := runtime.LoadWeights(filepath.Join(dir, "weights.safetensors"))
			if err != nil {
				t.Fatal(err)
			}
			md, err := backend.Prepare(ctx, "llvm", m, w, dir, backend.Options{Threads: 2})
			if err != nil {
				t.Fatal(err)
			}
			const B, L, prefill = 2, 24, 7
			ids := runtime.New(runtime.I32, B, L)
			for i := range ids.I {
				ids.I[i] = int32((i*37 + 11) % 256)
			}
			whole, err := md.Run(ctx, "forward", []*runtime.Tensor{ids})
			if err != nil {
				t.Fatal(err)
			}
			// stream returns the logits of every position, streamed.
			stream := func() ([]*runtime.Tensor, error) {
				st, err := md.NewState("forward", backend.Stream{Batch: B})
				if err != nil {
					return nil, err
				}
				var outs []*runtime.Tensor
				chunk, _ := runtime.SliceAxis(ids, 1, 0, prefill)
				y, err := md.Prefill(ctx, st, []*runtime.Tensor{chunk})
				if err != nil {
					return nil, err
				}
				outs = append(outs, y[0])
				for p := prefill; p < L; p++ {
					tok, _ := runtime.SliceAxis(ids, 1, p, p+1)
					if y, err = md.Step(ctx, st, []*runtime.Tensor{tok}); err != nil {
						return nil, err
					}
					outs = append(outs, y[0])
				}
				return outs, nil
			}
			want, err := stream()
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			errs := make(chan string, 16)
			for g := range 6 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if g%2 == 0 {
						got, err := md.Run(ctx, "forward", []*runtime.Tensor{ids})
						if err != nil {
							errs <- err.Error()
						} else if !sameBits(got[0].F, whole[0].F) {
							errs <- "a concurrent forward differs from the sequential one"
						}
						return
					}
					got, err := stream()
					if err != nil {
						errs <- err.Error()
						return
					}
					for i := range want {
						if !sameBits(got[i].F, want[i].F) {
							errs <- "a concurrent stream differs from the sequential one"
							return
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for e := range errs {
				t.Error(e)
			}
		})
	}
}

func sameBits(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(a[i] != a[i] && b[i] != b[i]) {
			return false
		}
	}
	return true
}

// requireBackend skips a test when the llvm backend cannot run here (no
// llc, no C compiler, no AVX2), and fails it under CI, where it must.
func requireBackend(t *testing.T) {
	t.Helper()
	b, err := backend.Lookup("llvm")
	if err == nil {
		err = b.Available()
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the llvm backend must run under CI: %v", err)
		}
		t.Skipf("skipping: %v", err)
	}
}
