package llvm

import (
	"context"
	"testing"

	llvmir "github.com/llir/llvm/ir"
)

// BenchmarkGEMVSmall is one step-mode GEMV of a small model (d 128): the
// per-call cost (cgo crossing, launcher) matters as much as the kernel.
func BenchmarkGEMVSmall(b *testing.B) {
	requireJIT(b)
	s := GEMMSpec{N: 128, K: 128}
	v := HostVariant()
	m := llvmir.NewModule()
	m.TargetTriple, m.DataLayout = TargetTriple, DataLayout
	if err := EmitGEMM(m, "g"+VariantSuffix(v), s, v); err != nil {
		b.Fatal(err)
	}
	lib, err := LoadText(context.Background(), m.String())
	if err != nil {
		b.Fatal(err)
	}
	fn, _ := lib.Func("g" + VariantSuffix(v))
	w := make([]float32, 128*128)
	packed := PackGEMMWeight(w, s, v)
	x, y := make([]float32, 128), make([]float32, 128)
	ws := NewGEMMWorkspace()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		RunGEMM(fn, ws, 0, s, v, 1, x, packed, nil, y)
	}
}
