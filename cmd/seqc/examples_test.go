package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExamplesGenerated checks that every example's generated package is
// what its //go:generate line produces now: regenerating gives no diff.
func TestExamplesGenerated(t *testing.T) {
	mains, err := filepath.Glob("examples/*/main.go")
	if err != nil || len(mains) < 5 {
		t.Fatalf("found %d example programs: %v", len(mains), err)
	}
	root, _ := os.Getwd()
	defer os.Chdir(root)
	for _, mainGo := range mains {
		dir := filepath.Dir(mainGo)
		f, err := os.Open(mainGo)
		if err != nil {
			t.Fatal(err)
		}
		var gen []string
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "//go:generate go run ../../cmd/seqc ") {
				gen = strings.Fields(strings.TrimPrefix(line, "//go:generate go run ../../cmd/seqc "))
			}
		}
		f.Close()
		if len(gen) == 0 || gen[0] != "build" {
			t.Errorf("%s has no //go:generate ... seqc build line", mainGo)
			continue
		}
		tmp := t.TempDir()
		var pkgDir string
		for i := 0; i+1 < len(gen); i++ {
			if gen[i] == "-o" {
				pkgDir = gen[i+1]
				gen[i+1] = filepath.Join(tmp, pkgDir)
			}
		}
		if err := os.Chdir(filepath.Join(root, dir)); err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		code := run(gen, &bytes.Buffer{}, &stderr)
		os.Chdir(root)
		if code != 0 {
			t.Fatalf("%s: seqc %s: %s", dir, strings.Join(gen, " "), stderr.String())
		}
		for _, name := range []string{"model.go", "model.ir"} {
			want, err := os.ReadFile(filepath.Join(dir, pkgDir, name))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(filepath.Join(tmp, pkgDir, name))
			if !bytes.Equal(got, want) {
				t.Errorf("%s/%s/%s is stale: run go generate ./%s", dir, pkgDir, name, dir)
			}
		}
	}
}
