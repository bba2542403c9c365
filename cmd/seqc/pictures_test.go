package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seqc-dev/seqc/internal/driver"
)

// mamba2Bench is a small Mamba-2 mixer whose ssm switches algorithms at
// L = 8 under the built-in costs.
var mamba2Bench = []string{"examples/mamba/mamba2_mixer.seq", "--set", "d_model=32", "--set", "d_state=8", "--set", "headdim=8"}

// TestBenchPlot: --plot writes the picture, with auto's crossover; the
// table says what auto runs; a picture format seqc cannot draw is a usage
// error.
func TestBenchPlot(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "m2.svg")
	args := append(append([]string{"bench"}, mamba2Bench...), "--lengths", "4,32", "--max-quadratic", "8", "--threads", "1", "--plot", p)
	code, out, errs := seqc(t, args...)
	if code != 0 {
		t.Fatal(errs)
	}
	if errs != "" {
		t.Errorf("bench wrote to a stderr that is not a terminal: %q", errs)
	}
	for _, want := range []string{"auto runs", "ssm quadratic", "ssm chunked", "wrote " + p} {
		if !strings.Contains(out, want) {
			t.Errorf("bench output lacks %q:\n%s", want, out)
		}
	}
	svg, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", ">Mamba2Mixer: forward on go, batch 1</text>", ">auto</text>", ">quadratic</text>", ">auto: ssm quadratic → scan</text>"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("the plot lacks %q", want)
		}
	}
	code, _, errs = seqc(t, "bench", "examples/s4d/s4d.seq", "--plot", filepath.Join(dir, "x.gif"))
	if code != exitUsage || !strings.Contains(errs, "want a file ending in .svg, .png, .pdf") {
		t.Errorf("--plot x.gif: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.gif")); err == nil {
		t.Error("--plot x.gif wrote a file")
	}
}

// TestGraphWithoutGraphviz: without dot, svg and png say how to install it,
// and DOT still works.
func TestGraphWithoutGraphviz(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	for _, args := range [][]string{{"--format", "svg"}, {"-o", filepath.Join(t.TempDir(), "g.png")}} {
		code, out, errs := seqc(t, append([]string{"graph", "examples/s4d/s4d.seq"}, args...)...)
		if code != exitBadInput || out != "" || !strings.Contains(errs, "apt-get install graphviz") || !strings.Contains(errs, "--format dot") {
			t.Errorf("graph %v without dot: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	code, out, errs := seqc(t, "graph", "examples/s4d/s4d.seq")
	if code != 0 || !strings.HasPrefix(out, "digraph") {
		t.Errorf("graph as DOT without dot: exit %d, %s", code, errs)
	}
	code, _, errs = seqc(t, "graph", "examples/s4d/s4d.seq", "--format", "jpeg")
	if code != exitUsage || !strings.Contains(errs, "want dot, svg, png") {
		t.Errorf("--format jpeg: exit %d, %q", code, errs)
	}
}

// TestGraphRendered renders through Graphviz: required under CI (.ci/run
// installs it), skipped with a note elsewhere when it is missing.
func TestGraphRendered(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("Graphviz's dot is not installed, and CI installs it (.ci/run): seqc graph --format svg|png is untested")
		}
		t.Skip("Graphviz's dot is not installed (apt-get install graphviz): seqc graph --format svg|png is untested here")
	}
	dir := t.TempDir()
	svgPath, pngPath := filepath.Join(dir, "lm.svg"), filepath.Join(dir, "lm.png")
	model := []string{"graph", "examples/mamba/mamba_lm.seq", "--set", "n_layer=2"}
	if code, out, errs := seqc(t, append(model, "-o", svgPath)...); code != 0 || out != "wrote "+svgPath+"\n" {
		t.Fatalf("graph -o lm.svg: exit %d, %q, %s", code, out, errs)
	}
	svg, _ := os.ReadFile(svgPath)
	for _, want := range []string{"<svg", "backbone.layers.1.mixer", "selective_scan"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("the rendered graph lacks %q", want)
		}
	}
	if code, _, errs := seqc(t, append(model, "--format", "png", "-o", pngPath)...); code != 0 {
		t.Fatal(errs)
	}
	if png, _ := os.ReadFile(pngPath); !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Error("graph --format png did not write a PNG")
	}
	if code, out, errs := seqc(t, append(model, "--format", "svg")...); code != 0 || !strings.Contains(out, "<svg") {
		t.Errorf("graph --format svg to stdout: exit %d, %s", code, errs)
	}
}

// ptyOutput collects what is written to a pseudo-terminal.
type ptyOutput struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (p *ptyOutput) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.b.String()
}

// readPTY copies everything written to the terminal into a buffer.
func readPTY(master *os.File) *ptyOutput {
	out := &ptyOutput{}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			out.mu.Lock()
			out.b.Write(buf[:n])
			out.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return out
}

// TestProgressOnTerminal: long work shows progress on a terminal's stderr
// (the delay before it appears is off here, so quick work shows it too) and
// its results on stdout; generate leaves a terminal that shows its text to
// the text. Off a terminal, progress is silent: the other tests run every
// command with a buffer for stderr and find no progress there.
func TestProgressOnTerminal(t *testing.T) {
	master, term := openPTY(t)
	t.Setenv("TERM", "xterm")
	screen := readPTY(master)
	defer func(d time.Duration) { driver.ProgressDelay = d }(driver.ProgressDelay)
	driver.ProgressDelay = 0
	dir := t.TempDir()
	w, x := filepath.Join(dir, "w.safetensors"), filepath.Join(dir, "x.npy")
	charlm := []string{"examples/mamba/mamba_lm.seq", "--config", "golden/reference/mamba_charlm/config.json",
		"--weights", "golden/reference/mamba_charlm/weights.safetensors", "--prompt", "func ", "-n", "6"}
	cases := []struct {
		name   string
		args   []string
		stdout string // what the command prints on stdout
		shown  string // what the terminal shows
		hidden string // what it must not show ("" = nothing to check)
	}{
		{"init", []string{"init", "examples/custom/mingru.seq", "-o", w, "--seed", "1"}, "wrote 4 tensors", "initialising MinGRU [", ""},
		{"npy", []string{"npy", "new", "-o", x, "--shape", "1,40,8"}, "wrote f32[1, 40, 8]", "", ""},
		{"run --step", []string{"run", "examples/custom/mingru.seq", "--weights", w, "--input", x, "--step", "--output-dir", dir}, "ran forward (step by step", "streaming forward [", ""},
		{"run", []string{"run", "examples/custom/mingru.seq", "--weights", w, "--input", x, "--output-dir", dir}, "ran forward (whole sequences", "running forward", ""},
		{"bench", append(append([]string{"bench"}, mamba2Bench...), "--lengths", "4", "--threads", "1"), "auto/best", "timing [", ""},
		{"generate to a file", append([]string{"generate"}, charlm...), "func ", "generating [", ""},
		{"calibrate", []string{"calibrate", "-o", filepath.Join(dir, "cal.json")}, "  scan: ", "calibrating go [", ""},
	}
	for _, c := range cases {
		before := len(screen.String())
		var stdout bytes.Buffer
		if code := run(c.args, &stdout, term); code != 0 {
			t.Fatalf("%s: exit %d; terminal:\n%q", c.name, code, screen.String()[before:])
		}
		if !strings.Contains(stdout.String(), c.stdout) || strings.Contains(stdout.String(), "\r") {
			t.Errorf("%s: stdout %q, want %q and no progress", c.name, stdout.String(), c.stdout)
		}
		if c.shown == "" {
			continue
		}
		time.Sleep(20 * time.Millisecond) // the terminal's reader catches up
		shown := screen.String()[before:]
		if !strings.Contains(shown, c.shown) || !strings.HasSuffix(shown, "\r\033[K") && c.name != "generate to a file" {
			t.Errorf("%s: the terminal shows %q, want %q, then the line erased", c.name, shown, c.shown)
		}
	}
	// generate's text on the terminal is its progress: no line over it.
	before := len(screen.String())
	if code := run(append([]string{"generate"}, charlm...), term, term); code != 0 {
		t.Fatal("generate to the terminal failed")
	}
	time.Sleep(20 * time.Millisecond)
	if shown := screen.String()[before:]; !strings.Contains(shown, "func ") || strings.Contains(shown, "generating") || strings.Contains(shown, "\r\033[K") {
		t.Errorf("generate on a terminal shows %q", shown)
	}
	// A PNG is not written to a terminal.
	var errs bytes.Buffer
	if code := run([]string{"graph", "examples/s4d/s4d.seq", "--format", "png"}, term, &errs); code != exitUsage || !strings.Contains(errs.String(), "give -o FILE.png") {
		t.Errorf("graph --format png to a terminal: exit %d, %q", code, errs.String())
	}
	// Off a terminal nothing is drawn, even with no delay.
	var stderr bytes.Buffer
	if code := run([]string{"init", "examples/custom/mingru.seq", "-o", w}, &bytes.Buffer{}, &stderr); code != 0 || stderr.Len() != 0 {
		t.Errorf("init with stderr off a terminal: exit %d, stderr %q", code, stderr.String())
	}
}
