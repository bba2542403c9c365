package driver

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seqc-dev/seqc/ir"
)

// mamba2Small is a Mamba-2 mixer whose ssm switches algorithms twice under
// the built-in costs (quadratic, then scan, then chunked).
func mamba2Small(t *testing.T) *ir.Module {
	t.Helper()
	m, err := Compile(Config{Path: "../../examples/mamba/mamba2_mixer.seq", Set: map[string]string{"d_model": "32", "d_state": "8", "headdim": "8"}})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestCrossovers: the switches Crossovers lists are the policies' own, and
// AutoModes names what runs on either side of each.
func TestCrossovers(t *testing.T) {
	m := mamba2Small(t)
	cross := Crossovers(m, "forward")
	if len(cross) < 2 {
		t.Fatalf("want the ssm's two switches, got %+v", cross)
	}
	policies := map[string]string{}
	for _, op := range m.Func("forward").Body {
		if p := op.Attrs.String("policy"); p != "" {
			policies[op.Kind] = p
		}
	}
	for i, c := range cross {
		if i > 0 && c.L < cross[i-1].L {
			t.Errorf("crossovers out of order: %+v", cross)
		}
		p := policies[c.Op]
		before, _ := ir.Policy(p, c.L-1)
		after, _ := ir.Policy(p, c.L)
		if !strings.HasPrefix(c.From, before) || !strings.HasPrefix(c.To, after) || c.From == c.To || c.Pos == "" {
			t.Errorf("crossover %+v does not match policy %q (%s below, %s from L = %d)", c, p, before, after, c.L)
		}
		if a, b := AutoModes(m, "forward", c.L-1), AutoModes(m, "forward", c.L); !strings.Contains(a, c.Op+" "+c.From) || !strings.Contains(b, c.Op+" "+c.To) {
			t.Errorf("AutoModes around %+v: %q then %q", c, a, b)
		}
	}
	if Crossovers(m, "nope") != nil || AutoModes(m, "nope", 8) != "" {
		t.Error("a function the model lacks has crossovers")
	}
	// A mixer pinned by @mode has no policy and so no crossover.
	src := "model P() {\n    forward(x: f32[B, L, 4, 2], a: f32[B, L, 4, 1, 1], b: f32[B, L, 4, 1, 2], c: f32[B, L, 4, 1, 2]) -> f32[B, L, 4, 2] {\n        return ssm(x, a, b, c) @mode(scan)\n    }\n}\n"
	path := filepath.Join(t.TempDir(), "p.seq")
	os.WriteFile(path, []byte(src), 0o644)
	pinned, err := Compile(Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	if c := Crossovers(pinned, "forward"); len(c) != 0 {
		t.Errorf("a pinned mixer has crossovers %+v", c)
	}
	if got := AutoModes(pinned, "forward", 4096); got != "ssm scan" {
		t.Errorf("a pinned scan runs %q", got)
	}
}

// TestPlotBench: the picture has a line per algorithm, auto, and the
// crossovers, in each format; nothing to plot is an error.
func TestPlotBench(t *testing.T) {
	modes := []string{"auto", "scan", "chunked", "quadratic"}
	rows := []BenchRow{
		{L: 4, MS: map[string]float64{"auto": 0.01, "scan": 0.02, "chunked": 0.05, "quadratic": 0.01}, Auto: "ssm quadratic"},
		{L: 64, MS: map[string]float64{"auto": 0.2, "scan": 0.2, "chunked": 0.3, "quadratic": 0.9}, Auto: "ssm scan"},
		{L: 4096, MS: map[string]float64{"auto": 9, "scan": 20, "chunked": 9}, Auto: "ssm chunked:64"},
	}
	cross := []Crossover{{Op: "ssm", L: 8, From: "quadratic", To: "scan"}, {Op: "ssm", L: 8, From: "quadratic", To: "scan"}, {Op: "ssm", L: 256, From: "scan", To: "chunked:64"}, {Op: "ssm", L: 1 << 20, From: "chunked:64", To: "chunked:256"}}
	svg, err := PlotBench("P: forward on go, batch 1", modes, rows, cross, "svg")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", ">P: forward on go, batch 1</text>", ">scan</text>", ">chunked</text>", ">quadratic</text>", ">auto</text>",
		">auto: ssm quadratic → scan</text>", ">auto: ssm scan → chunked:64</text>", ">4096</text>", ">sequence length L</text>",
		"auto switches ssm quadratic → scan at L = 8; ssm scan → chunked:64 at L = 256; ssm chunked:64 → chunked:256 at L = 1048576"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	if n := bytes.Count(svg, []byte("auto: ssm quadratic → scan<")); n != 1 {
		t.Errorf("a crossover listed twice is drawn %d times", n)
	}
	if bytes.Contains(svg, []byte(">auto: ssm chunked:64 → chunked:256<")) {
		t.Error("a crossover past the measured lengths is drawn")
	}
	for format, magic := range map[string]string{"png": "\x89PNG\r\n\x1a\n", "pdf": "%PDF"} {
		data, err := PlotBench("P", modes, rows, cross, format)
		if err != nil || !bytes.HasPrefix(data, []byte(magic)) {
			t.Errorf("%s: %v, starts %q", format, err, data[:min(len(data), 8)])
		}
	}
	// One length, times of zero, no crossovers: still a picture, which says so.
	one := []BenchRow{{L: 64, MS: map[string]float64{"auto": 0, "scan": 0}, Auto: "ssm scan"}}
	svg, err = PlotBench("Q", []string{"auto", "scan"}, one, nil, "svg")
	if err != nil || !bytes.Contains(svg, []byte("auto runs ssm scan at every length")) {
		t.Errorf("one length: %v", err)
	}
	if _, err := PlotBench("Q", modes, nil, nil, "svg"); err == nil || !strings.Contains(err.Error(), "no lengths") {
		t.Errorf("no rows: %v", err)
	}
	if _, err := PlotBench("Q", modes, rows, nil, "gif"); err == nil || !strings.Contains(err.Error(), ".svg, .png, .pdf") {
		t.Errorf("gif: %v", err)
	}
}

// TestBenchRows: Bench times every mode at every length (quadratic only up
// to MaxQuadratic), says what auto runs, and reports each run to the
// progress line.
func TestBenchRows(t *testing.T) {
	m := mamba2Small(t)
	w, err := InitWeights(m, 1)
	if err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	p := NewProgress(&out, ProgressOptions{Delay: time.Hour}, "timing", 0, "")
	modes, rows, err := Bench(context.Background(), m, BenchConfig{Weights: w, Batch: 1, Lengths: []int{4, 32}, MaxQuadratic: 8, Threads: 1, Progress: p})
	p.Done()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || modes[0] != "auto" || len(modes) < 3 {
		t.Fatalf("modes %v, %d rows", modes, len(rows))
	}
	runs := 0
	for _, r := range rows {
		for _, md := range modes {
			_, ok := r.MS[md]
			if want := md != ir.ModeQuadratic || r.L <= 8; ok != want {
				t.Errorf("L %d: mode %s timed %v, want %v", r.L, md, ok, want)
			}
			if ok {
				runs++
			}
		}
		if r.Auto != AutoModes(m, "forward", r.L) || r.Auto == "" {
			t.Errorf("L %d: auto runs %q, AutoModes says %q", r.L, r.Auto, AutoModes(m, "forward", r.L))
		}
	}
	if p.done != int64(runs) || p.total != int64(runs) {
		t.Errorf("progress %d/%d after %d runs", p.done, p.total, runs)
	}
	if rows[0].Auto == rows[1].Auto {
		t.Errorf("auto runs %q at L 4 and 32, across the crossover at 8", rows[0].Auto)
	}
}
