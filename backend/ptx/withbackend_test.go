package ptx_test

import (
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend/ptx"
	"github.com/seqc-dev/seqc/runtime"
	"github.com/seqc-dev/seqc/runtime/compiled"
)

// TestWithBackendWithoutGPU: a program that links the ptx backend and asks
// for it with WithBackend gets an error naming the missing driver (and no
// silent fallback to the CPU) where there is no GPU.
func TestWithBackendWithoutGPU(t *testing.T) {
	if _, err := ptx.OpenDevice(); err == nil {
		t.Skip("a CUDA driver is here")
	}
	mod := &compiled.Module{Text: "module M\n\nfunc forward(%1 x: f32[B, L]) -> (y: f32[B, L]) {\n  %2 = silu %1 : f32[B, L]\n  return %2\n}\n"}
	_, err := compiled.New(mod, map[string]*runtime.Tensor{}, "test", []compiled.Option{compiled.WithBackend(ptx.Name)})
	if err == nil || !strings.Contains(err.Error(), "backend ptx is not available here") || !strings.Contains(err.Error(), "libcuda.so.1") {
		t.Fatalf("WithBackend(ptx) without a GPU: %v", err)
	}
}
