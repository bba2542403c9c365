package ir

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadCostsKeepsDefaults(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.json")
	os.WriteFile(p, []byte(`{"scan": 2.5}`), 0o644)
	c, err := LoadCosts(p, DefaultCosts)
	if err != nil {
		t.Fatal(err)
	}
	if c.Scan != 2.5 || c.FFT != DefaultCosts.FFT || c.Source != p || c.Backend != "go" {
		t.Errorf("got %+v", c)
	}
	os.WriteFile(p, []byte(`{"scan": "fast"}`), 0o644)
	if _, err := LoadCosts(p, DefaultCosts); err == nil {
		t.Error("bad calibration accepted")
	}
	os.WriteFile(p, []byte(`{"scan": 2.5, "backend": "llvm"}`), 0o644)
	if _, err := LoadCosts(p, DefaultCosts); err == nil || !strings.Contains(err.Error(), "measured for backend llvm") {
		t.Errorf("another backend's calibration: %v", err)
	}
}
