package ptx

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGPUCheckWithoutGPU: scripts/gpu_check.sh on a machine without an
// NVIDIA GPU says so and exits 0, and with nvidia-smi but no driver
// library likewise.
func TestGPUCheckWithoutGPU(t *testing.T) {
	if _, err := exec.LookPath("nvidia-smi"); err == nil {
		t.Skip("nvidia-smi is here: the script would run the GPU check")
	}
	if _, err := OpenDevice(); err == nil {
		t.Skip("a CUDA driver is here")
	}
	script, err := filepath.Abs("../../scripts/gpu_check.sh")
	if err != nil {
		t.Fatal(err)
	}
	run := func(path string) string {
		cmd := exec.Command("bash", script)
		cmd.Env = append(os.Environ(), "PATH="+path, "SEQC_GPU_CHECK_BACKEND=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("gpu_check.sh: %v\n%s", err, out)
		}
		return string(out)
	}
	if out := run(os.Getenv("PATH")); !strings.Contains(out, "no NVIDIA GPU here") {
		t.Errorf("without a GPU:\n%s", out)
	}
	fake := t.TempDir()
	if err := os.WriteFile(filepath.Join(fake, "nvidia-smi"), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if out := run(fake + ":" + os.Getenv("PATH")); !strings.Contains(out, "libcuda.so.1 is not") {
		t.Errorf("with nvidia-smi but no driver:\n%s", out)
	}
}
