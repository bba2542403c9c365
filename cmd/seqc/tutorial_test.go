package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/runtime"
)

// tutorialBlocks reads the fenced blocks of docs/tutorial.md that follow a
// "<!-- tested: NAME ... -->" line, by NAME.
func tutorialBlocks(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("docs/tutorial.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	blocks := map[string]string{}
	name, in := "", false
	var body strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case in && line == "```":
			blocks[name] = body.String()
			name, in = "", false
		case in:
			body.WriteString(line + "\n")
		case strings.HasPrefix(line, "<!-- tested: "):
			name = strings.Fields(strings.TrimPrefix(line, "<!-- tested: "))[0]
		case name != "" && strings.HasPrefix(line, "```"):
			in = true
			body.Reset()
		}
	}
	for _, want := range []string{"run", "module", "main.go", "build", "output"} {
		if blocks[want] == "" {
			t.Fatalf("docs/tutorial.md has no block marked <!-- tested: %s -->", want)
		}
	}
	return blocks
}

// shell runs a tutorial block with bash in dir, failing at its first
// failing command, and returns what it printed.
func shell(t *testing.T, dir string, env []string, script string) string {
	t.Helper()
	cmd := exec.Command("bash", "-euo", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the tutorial's commands failed in %s: %v\n%s\n--- commands:\n%s", dir, err, out, script)
	}
	return string(out)
}

// TestTutorial runs docs/tutorial.md as a reader would: the commands of
// "Run it" with a seqc built from this checkout, then "Use it from another
// Go module" — a new module in a folder of its own that requires seqc
// through a replace of this checkout, the generated package and the
// tutorial's main.go, built and run with the go command (offline: the
// module cache holds what seqc needs, and seqc's go.sum stands in for the
// checksum database) — and compares its output with the tutorial's.
func TestTutorial(t *testing.T) {
	if testing.Short() {
		t.Skip("builds seqc and a module that uses it")
	}
	blocks := tutorialBlocks(t)
	root, _ := os.Getwd()
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin")
	goTool(t, root, nil, "build", "-o", filepath.Join(bin, "seqc"), "./cmd/seqc")
	env := []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "SEQC=" + root, "GOPROXY=off"}

	// 4. Run it: from a folder that has the checkout's examples.
	work := filepath.Join(tmp, "repo")
	os.MkdirAll(work, 0o755)
	if err := os.Symlink(filepath.Join(root, "examples"), filepath.Join(work, "examples")); err != nil {
		t.Fatal(err)
	}
	out := shell(t, work, env, blocks["run"])
	if !strings.Contains(out, "output.npy: f32[2, 16, 16]: min ") {
		t.Errorf("seqc npy show output.npy printed:\n%s", out)
	}
	whole, err := runtime.ReadNpy(filepath.Join(work, "output.npy"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"step/output.npy", "seq.npy"} {
		other, err := runtime.ReadNpy(filepath.Join(work, p))
		if err != nil {
			t.Fatal(err)
		}
		if d := diffMax(whole, other); d > 1e-5 {
			t.Errorf("%s differs from output.npy by %g", p, d)
		}
	}

	// 5. Use it from another Go module.
	home := filepath.Join(tmp, "home")
	os.MkdirAll(home, 0o755)
	shell(t, home, env, blocks["module"])
	mod := filepath.Join(home, "mingrudemo")
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(mod, "go.sum"), sum, 0o644)
	os.WriteFile(filepath.Join(mod, "main.go"), []byte(blocks["main.go"]), 0o644)
	gomod, _ := os.ReadFile(filepath.Join(mod, "go.mod"))
	if !strings.Contains(string(gomod), "replace github.com/seqc-dev/seqc => "+root) {
		t.Errorf("the module does not replace seqc by the checkout:\n%s", gomod)
	}
	if got := shell(t, mod, env, blocks["build"]); got != blocks["output"] {
		t.Errorf("go run . printed:\n%s\nthe tutorial shows:\n%s", got, blocks["output"])
	}
	if _, err := runtime.ReadNpy(filepath.Join(mod, "x.npy")); err != nil {
		t.Errorf("main.go's x.npy: %v", err)
	}
}

func diffMax(a, b *runtime.Tensor) float64 {
	if len(a.F) != len(b.F) {
		return 1e30
	}
	d := 0.0
	for i := range a.F {
		d = max(d, float64(a.F[i]-b.F[i]), float64(b.F[i]-a.F[i]))
	}
	return d
}
