package main

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/runtime"
)

// TestNpyCommand: seqc npy new makes inputs that seqc run takes, and seqc
// npy show prints what a file holds.
func TestNpyCommand(t *testing.T) {
	dir := t.TempDir()
	x, ids, v := filepath.Join(dir, "x.npy"), filepath.Join(dir, "ids.npy"), filepath.Join(dir, "v.npy")
	for _, c := range []struct {
		args []string
		out  string
	}{
		{[]string{"npy", "new", "-o", x, "--shape", "2,16,8", "--seed", "3"}, "wrote f32[2, 16, 8] to " + x},
		{[]string{"npy", "new", "-o", ids, "--text", "hi"}, "wrote i32[1, 2] to " + ids},
		{[]string{"npy", "new", "--values", "1,2,3,4", "--shape", "2,2", "-o", v}, "wrote f32[2, 2] to " + v},
		{[]string{"npy", "show", v}, v + ": f32[2, 2]: min 1, max 4, mean 2.5\n  1 2\n  3 4\n"},
		{[]string{"npy", "show", ids, "--all"}, ids + ": i32[1, 2]: min 104, max 105, mean 104.5\n  104 105\n"},
	} {
		code, out, errs := seqc(t, c.args...)
		if code != 0 || !strings.Contains(out, c.out) {
			t.Errorf("seqc %s: exit %d, %q, %s; want %q", strings.Join(c.args, " "), code, out, errs, c.out)
		}
	}
	a, err := runtime.ReadNpy(x)
	if err != nil || a.DType != runtime.F32 || !reflect.DeepEqual(a.Shape, []int{2, 16, 8}) {
		t.Fatalf("x.npy: %v", err)
	}
	// The array is an input seqc run takes.
	w := filepath.Join(dir, "w.safetensors")
	if code, _, errs := seqc(t, "init", "examples/custom/mingru.seq", "-o", w); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := seqc(t, "run", "examples/custom/mingru.seq", "--weights", w, "--input", x, "--output-dir", dir)
	if code != 0 || !strings.Contains(out, "output: f32[2, 16, 16] -> "+filepath.Join(dir, "output.npy")) {
		t.Fatalf("run on seqc npy's array: exit %d, %s%s", code, out, errs)
	}

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"npy"}, exitUsage, "usage: seqc npy new"},
		{[]string{"npy", "new", "--shape", "2"}, exitUsage, "-o X.npy is required"},
		{[]string{"npy", "new", "-o", x, "--shape", "2,a"}, exitUsage, "bad shape"},
		{[]string{"npy", "new", "-o", x, "--values", "1,x"}, exitUsage, "bad value"},
		{[]string{"npy", "new", "-o", x, "--values", "1,2,3", "--shape", "2,2"}, exitUsage, "3 values for shape"},
		{[]string{"npy", "new", "-o", x, "--shape", "2", "--fill", "gauss"}, exitUsage, "unknown fill"},
		{[]string{"npy", "new", "-o", x, "extra"}, exitUsage, "unexpected argument"},
		{[]string{"npy", "show"}, exitUsage, "want one X.npy"},
		{[]string{"npy", "show", filepath.Join(dir, "none.npy")}, exitBadInput, "none.npy"},
		{[]string{"npy", "show", w}, exitBadInput, "w.safetensors"},
	} {
		code, out, errs := seqc(t, c.args...)
		if code != c.code || !strings.Contains(out+errs, c.want) {
			t.Errorf("seqc %s: exit %d, want %d with %q; got %s%s", strings.Join(c.args, " "), code, c.code, c.want, out, errs)
		}
	}
	// A refused array leaves the file it would have replaced as it was.
	if b, err := runtime.ReadNpy(x); err != nil || !reflect.DeepEqual(b.F, a.F) {
		t.Errorf("a refused seqc npy new touched %s", x)
	}
}
