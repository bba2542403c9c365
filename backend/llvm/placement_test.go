package llvm_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/runtime"
)

// TestPlacementScanBody: an LSTM's scan cell is compiled into one kernel,
// so the ops of its body run on llvm too, and the placement says so rather
// than listing them as left to the interpreter.
func TestPlacementScanBody(t *testing.T) {
	requireBackend(t)
	dir := "../../golden/reference/lstm"
	m, err := driver.Compile(driver.Config{Path: "../../examples/rnn/lstm.seq", ConfigFile: filepath.Join(dir, "config.json")})
	if err != nil {
		t.Fatal(err)
	}
	w, err := runtime.LoadWeights(filepath.Join(dir, "weights.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	md, err := backend.Prepare(context.Background(), "llvm", m, w, dir, backend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	scans, inBody := 0, 0
	for _, p := range md.Placement() {
		if p.Op.Kind == "scan" {
			scans++
			if p.Backend != "llvm" {
				t.Fatalf("the scan at %s runs on %s (%s), want llvm", p.Op.Pos, p.Backend, p.Why)
			}
			for _, q := range md.Placement() {
				for _, b := range p.Op.Region.Body {
					if q.Op == b {
						inBody++
						if q.Backend != "llvm" || q.Why != "" {
							t.Errorf("%s at %s inside the compiled scan is placed on %s (%s)", b.Kind, b.Pos, q.Backend, q.Why)
						}
					}
				}
			}
		}
	}
	if scans == 0 || inBody == 0 {
		t.Fatalf("found %d scans with %d body ops: the LSTM example should have a scan cell", scans, inBody)
	}
}
