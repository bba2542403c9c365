package main

import (
	"strings"
	"testing"
)

// TestTF32Flag: --tf32 is the ptx backends' opt-in; on another backend
// the run is FP32 and seqc says so, and build refuses it (the package
// takes it at load time, compiled.WithTF32).
func TestTF32Flag(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := seqc(t, "run", "examples/s4d/s4d.seq", "--config", "golden/reference/s4d_layer/config.json",
		"--weights", "golden/reference/s4d_layer/weights.safetensors", "--input", "golden/reference/s4d_layer/input.npy",
		"--output-dir", dir, "--backend", "go", "--tf32", "-q", "--verbose")
	if code != 0 {
		t.Fatalf("run --tf32 on go: exit %d\n%s", code, errs)
	}
	if !strings.Contains(errs, "--tf32 applies only to the ptx backends: go computes linear in FP32") {
		t.Errorf("run --tf32 on go: no note that it does not apply:\n%s", errs)
	}
	if !strings.Contains(out, "--tf32 applies only to the ptx backends") {
		t.Errorf("run --tf32 --verbose on go: the placement does not say TF32 does not apply:\n%s", out)
	}
	code, _, errs = seqc(t, "build", "examples/s4d/s4d.seq", "--config", "golden/reference/s4d_layer/config.json",
		"-o", t.TempDir(), "--backend", "ptx", "--tf32")
	if code != exitUsage || !strings.Contains(errs, "WithTF32(true)") {
		t.Errorf("build --tf32: exit %d, want %d with the load-time option named\n%s", code, exitUsage, errs)
	}
}
