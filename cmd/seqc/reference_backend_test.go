package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/backend/ptx"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/passes"
)

// TestReferenceOn runs every reference case, in every mode (passes on and
// off) and streamed, on the one backend SEQC_REFERENCE_BACKEND names, and
// fails when that backend is not available: what scripts/gpu_check.sh
// runs to require the GPU (TestReference runs whatever is available and so
// cannot tell a missing GPU from a pass). Skipped when the variable is
// unset.
func TestReferenceOn(t *testing.T) {
	name := os.Getenv("SEQC_REFERENCE_BACKEND")
	if name == "" {
		t.Skip("SEQC_REFERENCE_BACKEND not set")
	}
	if _, err := backend.Lookup(name); err != nil {
		t.Fatal(err)
	}
	for _, c := range readModels(t) {
		t.Run(c.name, func(t *testing.T) {
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
			noOpt := c.config()
			noOpt.Passes = passes.Options{Disable: optional()}
			unopt, err := driver.Compile(noOpt)
			if err != nil {
				t.Fatal(err)
			}
			long := strings.HasSuffix(c.name, "charlm")
			var runs [][]string
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
			stream := ""
			if s := flagValue(c.args, "stream"); len(s) > 0 {
				stream = s[0]
			}
			if _, err := ir.StepPlanFor(m.Func("forward"), stream); err == nil {
				runs = append(runs, []string{"--step", "--prefill", "3"})
			}
			for _, r := range runs {
				extra := append([]string{"--backend", name}, r...)
				t.Run(strings.Join(extra, " "), func(t *testing.T) {
					out := t.TempDir()
					args := append(append([]string{"run", c.model}, c.args...), extra...)
					args = append(args, "--output-dir", out, "-q")
					var stderr bytes.Buffer
					if code := run(args, &bytes.Buffer{}, &stderr); code != 0 {
						t.Fatalf("seqc %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
					}
					mask := maskFor(t, cfg, dir)
					for out2 := range cfg.Outputs {
						got := readNpy(t, filepath.Join(out, out2+".npy"))
						want := readNpy(t, filepath.Join(dir, out2+".npy"))
						compare(t, out2, got, want, cfg.Tolerance.Atol, cfg.Tolerance.Rtol, mask)
					}
				})
			}
		})
	}
}

// TestReferencePTXBuilds: the PTX kernels of every reference model (passes
// on and off) build with llc for sm_80 and hold no .extern — what `--backend
// ptx` would load on a GPU, checked where there is none.
func TestReferencePTXBuilds(t *testing.T) {
	if _, err := llvm.LookupLLC(); err != nil {
		t.Skip(err)
	}
	for _, c := range readModels(t) {
		t.Run(c.name, func(t *testing.T) {
			// ptx's costs are the interpreter's, so the IR (and the kernels'
			// text, the PTX cache's key) is what `--backend ptx` compiles.
			cfg := c.config()
			noOpt := cfg
			noOpt.Passes = passes.Options{Disable: optional()}
			for _, cfg := range []driver.Config{cfg, noOpt} {
				m, err := driver.Compile(cfg)
				if err != nil {
					t.Fatal(err)
				}
				ptxs, err := ptx.BuildPTX(context.Background(), m)
				if err != nil {
					t.Fatal(err)
				}
				for name, text := range ptxs {
					if strings.Contains(text, ".extern") {
						t.Fatalf("the PTX of %s holds .extern", name)
					}
				}
			}
		})
	}
}
