package llvm

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	llvmir "github.com/llir/llvm/ir"
)

// goldenKernels are a few kernels whose emitted LLVM IR is kept in
// testdata: a change to an emitter shows up as a diff to review (run
// go test ./backend/llvm -run KernelGolden -update after an intended one).
var goldenKernels = []struct {
	file string
	k    opKernel
}{
	{"gemm_8x16_bias_silu.ll.golden", &linearKernel{spec: GEMMSpec{N: 8, K: 16, Bias: true, Act: "silu"}}},
	{"selscan_n4_g1_skip_gate.ll.golden", &selectiveKernel{spec: SelectiveSpec{N: 4, G: 1, Skip: true, Gate: true, State: true}, d: 8}},
}

func TestKernelGolden(t *testing.T) {
	for _, g := range goldenKernels {
		text, err := emitModule(map[string]opKernel{g.k.key(): g.k}, V4, V3)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", g.file)
		if *update {
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if text != string(want) {
			t.Errorf("%s differs from %s (run with -update if intended):\n%s", g.k.key(), path, firstDiff(text, string(want)))
		}
		again, _ := emitModule(map[string]opKernel{g.k.key(): g.k}, V4, V3)
		if again != text {
			t.Errorf("%s: emission is not deterministic", g.k.key())
		}
	}
}

// TestSelectiveAsmV3: the AVX2 variant's time loop uses ymm FMAs, no zmm
// register (it must run on a CPU without AVX-512) and no calls.
func TestSelectiveAsmV3(t *testing.T) {
	s := SelectiveSpec{N: 16, G: 1, Skip: true, Gate: true}
	m := llvmir.NewModule()
	m.TargetTriple, m.DataLayout = TargetTriple, DataLayout
	if err := EmitSelective(m, "sel_v3", s, V3); err != nil {
		t.Fatal(err)
	}
	asm := selAsm(t, m.String())
	body := selLoopAsm(t, asm, "sel_v3", "full.loop")
	fma, calls := 0, 0
	for _, l := range body {
		if strings.HasPrefix(l, "vfmadd") && strings.Contains(l, "ymm") {
			fma++
		}
		if strings.HasPrefix(l, "call") {
			calls++
		}
	}
	if fma < 4*s.N || calls != 0 {
		t.Errorf("v3 time loop: %d ymm FMAs (want >= %d), %d calls (want 0)", fma, 4*s.N, calls)
	}
	if strings.Contains(asm, "zmm") {
		t.Error("the v3 kernel uses zmm registers: it would fault on an AVX2-only CPU")
	}
}
