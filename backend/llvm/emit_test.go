package llvm

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.ll.golden from the current emitter")

// TestEmitGolden pins the IR of one binary and one transcendental kernel.
// Run "go test ./backend/llvm -run Golden -update" after an intended change.
func TestEmitGolden(t *testing.T) {
	for _, k := range []Kernel{{Name: "add", Op: "add"}, {Name: "sigmoid", Op: "sigmoid"}} {
		t.Run(k.Name, func(t *testing.T) {
			got, err := Emit([]Kernel{k})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", k.Name+".ll.golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("Emit(%v) differs from %s (run with -update if intended):\n%s", k, path, firstDiff(got, string(want)))
			}
		})
	}
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got:  " + gl + "\n want: " + wl
		}
	}
	return "(no line differs)"
}

func TestEmitDeterministic(t *testing.T) {
	first, err := Emit(allKernels())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		again, err := Emit(allKernels())
		if err != nil {
			t.Fatal(err)
		}
		if again != first {
			t.Fatalf("second Emit differs:\n%s", firstDiff(again, first))
		}
	}
}

func TestEmitShape(t *testing.T) {
	text, err := Emit(allKernels())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range allKernels() {
		sig := "define void @" + k.Symbol() + "(float* nocapture %dst, float* nocapture %a, float* nocapture %b, i64 %n)"
		if !strings.Contains(text, sig) {
			t.Errorf("missing %q", sig)
		}
	}
	if n, want := strings.Count(text, `"target-cpu"="x86-64-v3"`), len(allKernels()); n != want {
		t.Errorf("%d functions carry target-cpu x86-64-v3, want %d", n, want)
	}
	if !strings.Contains(text, "load <8 x float>, <8 x float>*") || !strings.Contains(text, "align 4") {
		t.Error("no unaligned <8 x float> loads")
	}
	for _, name := range declaredFuncs(text) {
		switch name {
		case "llvm.fmuladd.f32", "llvm.fmuladd.v8f32", "llvm.sqrt.f32", "llvm.sqrt.v8f32", "llvm.fabs.f32", "llvm.fabs.v8f32":
		default:
			t.Errorf("unexpected declaration %q", name)
		}
	}
}

func TestEmitErrors(t *testing.T) {
	for _, tc := range []struct {
		ks   []Kernel
		want string
	}{
		{nil, "no kernels"},
		{[]Kernel{{Name: "", Op: "add"}}, "not a C identifier"},
		{[]Kernel{{Name: "1x", Op: "add"}}, "not a C identifier"},
		{[]Kernel{{Name: "a-b", Op: "add"}}, "not a C identifier"},
		{[]Kernel{{Name: "x", Op: "log"}}, `unsupported op "log"`},
		{[]Kernel{{Name: "x", Op: "add"}, {Name: "x", Op: "mul"}}, "duplicate"},
	} {
		_, err := Emit(tc.ks)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Emit(%v) error = %v, want it to contain %q", tc.ks, err, tc.want)
		}
		if _, err := CgoPreamble(tc.ks); err == nil {
			t.Errorf("CgoPreamble(%v) accepted invalid kernels", tc.ks)
		}
	}
}

func TestOps(t *testing.T) {
	ops := Ops()
	if len(ops) != 16 {
		t.Fatalf("Ops() = %v, want 16 ops", ops)
	}
	for _, op := range ops {
		if opBody[op] == nil {
			t.Errorf("op %q has no body", op)
		}
	}
	if Arity("exp") != 1 || Arity("maximum") != 2 || Arity("log") != 0 {
		t.Error("Arity is wrong")
	}
}

func TestCgoPreamble(t *testing.T) {
	got, err := CgoPreamble([]Kernel{{Name: "e", Op: "exp"}, {Name: "m", Op: "mul"}})
	if err != nil {
		t.Fatal(err)
	}
	want := `#cgo noescape seqc_e
#cgo nocallback seqc_e
#cgo noescape seqc_m
#cgo nocallback seqc_m
void seqc_e(float *dst, const float *a, const float *b, long long n);
void seqc_m(float *dst, const float *a, const float *b, long long n);
`
	if got != want {
		t.Errorf("CgoPreamble:\n%s\nwant:\n%s", got, want)
	}
}
