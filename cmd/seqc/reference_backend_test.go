package main

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/backend/ptx"
	"github.com/seqc-dev/seqc/internal/driver"
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
		t.Run(c.name, func(t *testing.T) { checkReference(t, c, []string{name}) })
	}
}

// TestReferencePTXBuilds: every op of every reference model (passes on and
// off) has a PTX kernel but the values computed once from the weights and
// the views, and the kernels build with llc for sm_80 and hold no .extern —
// what `--backend ptx` would load on a GPU, checked where there is none.
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
				for _, u := range ptx.Unplaced(m) {
					t.Errorf("on the interpreter under ptx: %s", u)
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
