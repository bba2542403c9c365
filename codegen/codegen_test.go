package codegen_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/codegen"
	"github.com/seqc-dev/seqc/internal/driver"
)

var update = flag.Bool("update", false, "rewrite golden files")

func generate(t *testing.T) map[string][]byte {
	t.Helper()
	m, err := driver.Compile(driver.Config{Path: "../examples/mamba/mamba_mixer.seq", Set: map[string]string{"d_model": "16", "d_state": "4"}})
	if err != nil {
		t.Fatal(err)
	}
	files, err := codegen.Generate(m, codegen.Options{Package: "mambamixer", Source: "examples/mamba/mamba_mixer.seq", Command: "seqc build examples/mamba/mamba_mixer.seq -o mambamixer --set d_model=16 --set d_state=4"})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGolden keeps one generated package in testdata, so changes to the
// generated API show up in review.
func TestGolden(t *testing.T) {
	files := generate(t)
	for name, data := range files {
		path := filepath.Join("testdata", "mambamixer", name+".golden")
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./codegen -update)", err)
		}
		if !bytes.Equal(data, want) {
			t.Errorf("%s differs from %s (run go test ./codegen -update if intended)", name, path)
		}
	}
}

// TestDeterministic: two builds give identical bytes, starting with the header.
func TestDeterministic(t *testing.T) {
	a, b := generate(t), generate(t)
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
	if !strings.HasPrefix(string(a["model.go"]), codegen.Header) {
		t.Errorf("model.go does not start with %q", codegen.Header)
	}
	for _, forbidden := range []string{"seqc/dsl", "seqc/passes", "seqc/codegen", "seqc/internal"} {
		if strings.Contains(string(a["model.go"]), forbidden) {
			t.Errorf("generated code imports %s: a user's binary would carry the compiler", forbidden)
		}
	}
}

func TestBadOptions(t *testing.T) {
	m, err := driver.Compile(driver.Config{Path: "../examples/arnet/arnet.seq"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := codegen.Generate(m, codegen.Options{Package: "func"}); err == nil {
		t.Error("keyword package name accepted")
	}
	if _, err := codegen.Generate(m, codegen.Options{Package: "x", Backend: "ptx"}); err == nil {
		t.Error("unavailable backend accepted")
	}
}

// TestEntryPointsOnly: a model's entry points (forward and the functions
// marked entry) are the generated package's methods; its helpers are not.
func TestEntryPointsOnly(t *testing.T) {
	m, err := driver.Compile(driver.Config{Path: "../examples/lang/retnet.seq", Set: map[string]string{"n_layer": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	files, err := codegen.Generate(m, codegen.Options{Package: "retnet"})
	if err != nil {
		t.Fatal(err)
	}
	src := string(files["model.go"])
	for _, want := range []string{"func (m *Model) Forward(", "func (m *Model) Parallel(", "func (m *Model) Step("} {
		if !strings.Contains(src, want) {
			t.Errorf("the generated package lacks %s...)", want)
		}
	}
	if strings.Contains(src, "func (m *Model) Lm(") {
		t.Error("the helper lm became a method of the generated package")
	}
}
