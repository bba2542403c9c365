package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/passes"
	"github.com/seqc-dev/seqc/runtime"
)

// The tests run from the repository root, where models.txt's paths start.
func TestMain(m *testing.M) {
	if err := os.Chdir("../.."); err != nil {
		panic(err)
	}
	// Hermetic: the CLI reads calibration files, and the tests must not read
	// the machine's (their IR would depend on what seqc calibrate wrote).
	dir, err := os.MkdirTemp("", "seqc-test-calibration-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	os.Setenv("SEQC_CALIBRATION_DIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type refCase struct {
	name  string
	model string
	args  []string
}

// config is the compilation models.txt gives the case (its --set and --config).
func (c refCase) config() driver.Config {
	set := setFlag{}
	for _, kv := range flagValue(c.args, "set") {
		set.Set(kv)
	}
	return driver.Config{Path: c.model, Set: set, ConfigFile: flagValue(c.args, "config")[0]}
}

func readModels(t *testing.T) []refCase {
	f, err := os.Open("golden/reference/models.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []refCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Fields(line)
		if len(fs) < 2 {
			t.Fatalf("models.txt: bad line %q", line)
		}
		out = append(out, refCase{fs[0], fs[1], fs[2:]})
	}
	return out
}

type refConfig struct {
	Outputs   map[string]json.RawMessage   `json:"outputs"`
	Tolerance struct{ Atol, Rtol float64 } `json:"tolerance"`
	ValidRows bool                         `json:"valid_query_rows_only"`
}

// flagValue returns the value of --name in args.
func flagValue(args []string, name string) []string {
	var out []string
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "--"+name {
			out = append(out, args[i+1])
		}
	}
	return out
}

// TestReference runs every reference case through the CLI's own code path
// (run), on every backend available here, in every applicable mode and,
// when the model is causal, through the step form, and compares each output
// with the official implementation's.
func TestReference(t *testing.T) {
	cases := readModels(t)
	if len(cases) < 19 {
		t.Fatalf("models.txt lists %d cases, want all 19 reference cases", len(cases))
	}
	var names []string
	for _, b := range backend.Available() {
		names = append(names, b.Name())
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkReference(t, c, names) })
	}
}

// checkReference runs a case on each of the backends in every mode, with
// the passes on and with every optional pass off, and, when the model is
// causal, through the step form, and compares each output with the
// fixture's.
func checkReference(t *testing.T, c refCase, backends []string) {
	dir := filepath.Join("golden/reference", c.name)
	var cfg refConfig
	raw, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	m, err := driver.Compile(c.config())
	if err != nil {
		t.Fatal(err)
	}
	var runs [][]string
	long := strings.HasSuffix(c.name, "charlm") // L = 256: quadratic forms are checked on the short cases
	// Every mode with the passes on, and with every optional pass off
	// (the unfused mixers then run each of their algorithms).
	noOpt := c.config()
	noOpt.Passes = passes.Options{Disable: optional()}
	unopt, err := driver.Compile(noOpt)
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range ir.ApplicableModes(m) {
		if !(long && mode == "quadratic") {
			runs = append(runs, []string{"--mode", mode})
		}
	}
	for _, mode := range ir.ApplicableModes(unopt) {
		if !(long && mode == "quadratic") {
			runs = append(runs, []string{"-O0", "--mode", mode})
		}
	}
	// A function with two sequences (a source and a target) streams
	// along the one the case's --stream names.
	stream := ""
	if s := flagValue(c.args, "stream"); len(s) > 0 {
		stream = s[0]
	}
	if _, err := ir.StepPlanFor(m.Func("forward"), stream); err == nil {
		runs = append(runs, []string{"--step", "--prefill", "3"})
	} else if stream != "" {
		t.Fatalf("the case streams %s, but: %v", stream, err)
	}
	for _, b := range backends {
		for _, r := range runs {
			extra := append([]string{"--backend", b}, r...)
			t.Run(strings.Join(extra, " "), func(t *testing.T) {
				out := t.TempDir()
				args := append(append([]string{"run", c.model}, c.args...), extra...)
				args = append(args, "--output-dir", out, "-q")
				var stderr bytes.Buffer
				if code := run(args, &bytes.Buffer{}, &stderr); code != 0 {
					t.Fatalf("seqc %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
				}
				mask := maskFor(t, cfg, dir)
				for name := range cfg.Outputs {
					got := readNpy(t, filepath.Join(out, name+".npy"))
					want := readNpy(t, filepath.Join(dir, name+".npy"))
					compare(t, name, got, want, cfg.Tolerance.Atol, cfg.Tolerance.Rtol, mask)
				}
			})
		}
	}
}

// maskFor returns the padding mask of a case whose padded rows are undefined.
func maskFor(t *testing.T, cfg refConfig, dir string) *runtime.Tensor {
	if !cfg.ValidRows {
		return nil
	}
	return readNpy(t, filepath.Join(dir, "src_key_padding_mask.npy"))
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

// optional lists every optional pass, for runs with the passes off.
func optional() map[string]bool {
	off := map[string]bool{}
	for _, p := range passes.Pipeline {
		if !p.Required {
			off[p.Name] = true
		}
	}
	return off
}

func readNpy(t *testing.T, path string) *runtime.Tensor {
	t.Helper()
	x, err := runtime.ReadNpy(path)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// compare checks |got - want| <= atol + rtol*|want| elementwise. With a
// padding mask [B, L], rows of padded positions are not defined and skipped.
func compare(t *testing.T, name string, got, want *runtime.Tensor, atol, rtol float64, mask *runtime.Tensor) {
	t.Helper()
	if !runtime.ShapeEqual(got.Shape, want.Shape) {
		t.Fatalf("%s: shape %s, want %s", name, got.ShapeString(), want.ShapeString())
	}
	row := 1
	if mask != nil {
		row = len(want.F) / len(mask.I)
	}
	bad, worst := 0, 0.0
	var first string
	for i, w := range want.F {
		if mask != nil && mask.I[i/row] != 0 {
			continue
		}
		g := got.F[i]
		d := math.Abs(float64(g) - float64(w))
		worst = math.Max(worst, d)
		if !(d <= atol+rtol*math.Abs(float64(w))) {
			if bad == 0 {
				first = fmt.Sprintf("element %d: got %g, want %g", i, g, w)
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d elements outside atol %g rtol %g (max diff %g); first: %s", name, bad, len(want.F), atol, rtol, worst, first)
	}
}
