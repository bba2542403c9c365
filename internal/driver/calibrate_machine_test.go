package driver

import (
	"testing"

	"github.com/seqc-dev/seqc/backend"
)

// gpuNamed is a backend that names its own machine (as ptx names its GPU).
type gpuNamed struct{ backend.Backend }

func (gpuNamed) Machine() string { return "NVIDIA H200" }

// TestMachineOf: a calibration records the machine the backend computes
// on — its own name for it where it has one, else this machine's CPU.
func TestMachineOf(t *testing.T) {
	if got := machineOf(gpuNamed{}); got != "NVIDIA H200" {
		t.Errorf("machineOf(a backend naming its GPU) = %q", got)
	}
	b, err := backend.Lookup(backend.Interp)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := machineOf(b), MachineName(); got != want {
		t.Errorf("machineOf(go) = %q, want the CPU %q", got, want)
	}
}
