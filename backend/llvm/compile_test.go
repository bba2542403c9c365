package llvm

import (
	"context"
	"strings"
	"testing"
)

// TestCompileCPUs checks that llc accepts the whole module for AVX2
// (x86-64-v3) and for baseline x86-64, and that both objects are
// self-contained and define every kernel.
func TestCompileCPUs(t *testing.T) {
	requireLLC(t)
	ks := allKernels()
	text, err := Emit(ks)
	if err != nil {
		t.Fatal(err)
	}
	for _, cpu := range []string{"x86-64-v3", "x86-64"} {
		obj, err := Compile(context.Background(), text, cpu)
		if err != nil {
			t.Fatalf("Compile(-mcpu=%s): %v", cpu, err)
		}
		defined, err := definedSymbols(obj)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range ks {
			if !defined[k.Symbol()] {
				t.Errorf("-mcpu=%s: object does not define %s", cpu, k.Symbol())
			}
		}
	}
}

// libmIR calls llvm.exp.f32, which llc lowers to a call to expf.
const libmIR = `target triple = "x86_64-unknown-linux-gnu"

declare float @llvm.exp.f32(float)

define float @f(float %x) {
  %y = call float @llvm.exp.f32(float %x)
  ret float %y
}
`

func TestCompileRejects(t *testing.T) {
	requireLLC(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, ir, cpu, want string
	}{
		{"libm call in object", libmIR, "x86-64-v3", "undefined symbols (unintended external calls): expf"},
		{"external declaration", "declare float @expf(float)\n", "x86-64-v3", `declares external function "expf"`},
		{"syntax error", "define void @f( {\n", "x86-64-v3", "llc -mcpu=x86-64-v3 failed"},
		{"llc stderr included", "define void @f( {\n", "x86-64-v3", "in.ll"},
		{"bad cpu", libmIR, "-O0", "invalid cpu"},
		{"empty cpu", libmIR, "", "invalid cpu"},
	} {
		_, err := Compile(ctx, tc.ir, tc.cpu)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error = %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
}

func TestCompileNoLLC(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := Compile(context.Background(), "", TargetCPU)
	if err == nil || !strings.Contains(err.Error(), "llc") || !strings.Contains(err.Error(), "not found on PATH") {
		t.Fatalf("error = %v, want one naming llc", err)
	}
}

func TestCompileCanceled(t *testing.T) {
	requireLLC(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	text, err := Emit([]Kernel{{Name: "add", Op: "add"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Compile(ctx, text, TargetCPU); err == nil {
		t.Fatal("Compile with a canceled context succeeded")
	}
}

func TestUndefinedSymbolsBadInput(t *testing.T) {
	if _, err := UndefinedSymbols([]byte("not an object")); err == nil {
		t.Fatal("UndefinedSymbols accepted garbage")
	}
}
