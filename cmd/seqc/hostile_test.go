package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/runtime"
)

// Regression tests for issue 12 (hostile input never crashes, hangs or
// loses a user's file), the items of the CLI. The corpus of hostile inputs
// replayed through the binary is internal/reliability (make reliability).

var lstmRun = []string{"run", "examples/rnn/lstm.seq", "--weights", "golden/reference/lstm/weights.safetensors",
	"--config", "golden/reference/lstm/config.json", "--input", "golden/reference/lstm/input.npy", "-q"}

// TestNegativeFlags (item 13): negative counts and sizes are usage errors.
func TestNegativeFlags(t *testing.T) {
	gen := []string{"generate", "examples/mamba/mamba_lm.seq", "--config", "golden/reference/mamba_charlm/config.json",
		"--weights", "golden/reference/mamba_charlm/weights.safetensors", "--prompt", "x"}
	for _, extra := range [][]string{
		append(append([]string{}, gen...), "--beam", "-1"),
		append(append([]string{}, gen...), "--threads", "-2"),
		append(append([]string{}, gen...), "-n", "-5"),
		append(append([]string{}, gen...), "--top-p", "2"),
		append(append([]string{}, gen...), "--max-memory", "lots"),
		append(append([]string{}, lstmRun...), "--prefill", "-1", "--step"),
		append(append([]string{}, lstmRun...), "--threads", "-1"),
		append(append([]string{}, lstmRun...), "--chunk", "-4"),
		{"ir", "examples/mamba/mamba_lm.seq", "--explain", "--length", "-1"},
		{"bench", "examples/s4d/s4d.seq", "--batch", "0"},
	} {
		code, _, errs := seqc(t, extra...)
		if code != exitUsage {
			t.Errorf("seqc %s: exit %d, want %d\n%s", strings.Join(extra, " "), code, exitUsage, errs)
		}
	}
}

// TestBuildKeepsUserFiles (item 4): seqc build -o DIR never overwrites a
// file it did not write, and rewrites the ones it did.
func TestBuildKeepsUserFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pkg")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(dir, "model.go")
	if err := os.WriteFile(mine, []byte("package pkg\n\n// my own code\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"build", "examples/arnet/arnet.seq", "-o", dir}
	code, _, errs := seqc(t, args...)
	if code != exitBadInput || !strings.Contains(errs, "was not written by seqc build") {
		t.Fatalf("build over a user's model.go: exit %d\n%s", code, errs)
	}
	if b, _ := os.ReadFile(mine); string(b) != "package pkg\n\n// my own code\n" {
		t.Fatalf("the user's model.go was changed:\n%s", b)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("the refused build wrote files: %v", es)
	}
	// A user's model.ir beside no generated model.go is theirs too.
	os.Remove(mine)
	if err := os.WriteFile(filepath.Join(dir, "model.ir"), []byte("notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := seqc(t, args...); code != exitBadInput {
		t.Fatalf("build over a user's model.ir: exit %d\n%s", code, errs)
	}
	os.Remove(filepath.Join(dir, "model.ir"))
	// Generated files are rebuilt, keeping their mode.
	if code, _, errs := seqc(t, args...); code != 0 {
		t.Fatalf("first build: %s", errs)
	}
	if err := os.Chmod(mine, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := seqc(t, args...); code != 0 {
		t.Fatalf("rebuild: %s", errs)
	}
	if fi, _ := os.Stat(mine); fi.Mode().Perm() != 0o600 {
		t.Errorf("the rebuilt model.go has mode %v, want 0600 kept", fi.Mode().Perm())
	}
}

// TestRunOutputsAllOrNone (item 5): when one of a run's outputs cannot be
// written, none is.
func TestRunOutputsAllOrNone(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "output.npy")
	if err := os.WriteFile(old, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "h_n.npy", "x"), 0o755); err != nil { // in the way of the second output
		t.Fatal(err)
	}
	code, _, errs := seqc(t, append(append([]string{}, lstmRun...), "--output-dir", dir)...)
	if code != exitBadInput {
		t.Fatalf("exit %d, want %d\n%s", code, exitBadInput, errs)
	}
	if b, _ := os.ReadFile(old); string(b) != "old" {
		t.Errorf("output.npy was replaced although h_n.npy could not be written")
	}
	es, _ := os.ReadDir(dir)
	if len(es) != 2 {
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		t.Errorf("the folder holds %v, want only output.npy and h_n.npy", names)
	}
}

// TestCheckFiniteCLI (item 12): seqc run --check-finite exits 1 naming the
// op and its .seq position.
func TestCheckFiniteCLI(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := seqc(t, "run", "examples/s4d/s4d.seq", "--config", "golden/reference/s4d_layer/config.json",
		"--weights", "golden/reference/s4d_layer/weights.safetensors", "--input", "golden/reference/s4d_layer/input.npy",
		"--output-dir", dir, "--check-finite", "-q")
	if code != 0 {
		t.Fatalf("finite run: exit %d\n%s", code, errs)
	}
	x, err := runtime.ReadNpy("golden/reference/s4d_layer/input.npy")
	if err != nil {
		t.Fatal(err)
	}
	for i := range x.F {
		x.F[i] = 3e38
	}
	in := filepath.Join(dir, "huge.npy")
	if err := runtime.WriteNpy(in, x); err != nil {
		t.Fatal(err)
	}
	code, _, errs = seqc(t, "run", "examples/s4d/s4d.seq", "--config", "golden/reference/s4d_layer/config.json",
		"--weights", "golden/reference/s4d_layer/weights.safetensors", "--input", in, "--output-dir", dir, "--check-finite", "-q")
	if code != exitBadInput || !strings.Contains(errs, ".seq:") || !strings.Contains(errs, "produced the non-finite value") {
		t.Fatalf("overflowing run: exit %d\n%s", code, errs)
	}
}

// TestByteOrderMarkCLI (item 13): seqc check accepts a file that starts
// with a UTF-8 byte order mark, and seqc fmt -w drops it.
func TestByteOrderMarkCLI(t *testing.T) {
	src, err := os.ReadFile("examples/arnet/arnet.seq")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "bom.seq")
	if err := os.WriteFile(p, append([]byte("\xef\xbb\xbf"), src...), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := seqc(t, "check", p); code != 0 {
		t.Fatalf("check: exit %d\n%s", code, errs)
	}
	if code, _, errs := seqc(t, "fmt", "-w", p); code != 0 {
		t.Fatalf("fmt -w: exit %d\n%s", code, errs)
	}
	if b, _ := os.ReadFile(p); string(b) != string(src) {
		t.Errorf("fmt -w left:\n%q", b[:min(len(b), 40)])
	}
}
