package runtime

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// referenceDir is the repository's copy of the mamba_mixer reference
// fixtures; a missing copy fails the test (they are part of the repository).
func referenceDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "golden", "reference", "mamba_mixer")
	if _, err := os.Stat(filepath.Join(dir, "weights.safetensors")); err != nil {
		t.Fatalf("the reference fixtures are missing from golden/reference: %v", err)
	}
	return dir
}

func TestReferenceFixtures(t *testing.T) {
	dir := referenceDir(t)
	wpath := filepath.Join(dir, "weights.safetensors")
	w, err := LoadWeights(wpath)
	if err != nil {
		t.Fatal(err)
	}
	want := []ParamSpec{
		{Name: "A_log", Shape: []int{64, 8}},
		{Name: "D", Shape: []int{64}},
		{Name: "conv1d.bias", Shape: []int{64}},
		{Name: "conv1d.weight", Shape: []int{64, 1, 4}},
		{Name: "dt_proj.bias", Shape: []int{64}},
		{Name: "dt_proj.weight", Shape: []int{64, 2}},
		{Name: "in_proj.weight", Shape: []int{128, 32}},
		{Name: "out_proj.weight", Shape: []int{32, 64}},
		{Name: "x_proj.weight", Shape: []int{18, 64}},
	}
	if err := CheckWeights(wpath, want, w); err != nil {
		t.Error(err)
	}
	// The file was written by the reference safetensors library; our writer
	// produces the same bytes for it.
	raw, err := os.ReadFile(wpath)
	if err != nil {
		t.Fatal(err)
	}
	if enc, err := encodeSafetensors(w, nil); err != nil || !bytes.Equal(enc, raw) {
		t.Errorf("re-encoding the reference weights differs (err %v)", err)
	}

	for _, name := range []string{"input.npy", "output.npy"} {
		path := filepath.Join(dir, name)
		x, err := ReadNpy(path)
		if err != nil {
			t.Fatal(err)
		}
		if x.DType != F32 || !ShapeEqual(x.Shape, []int{2, 33, 32}) {
			t.Errorf("%s: %s %s, want f32 [2, 33, 32]", name, x.DType, x.ShapeString())
		}
		// numpy wrote the file; EncodeNpy reproduces its bytes.
		raw, _ := os.ReadFile(path)
		if !bytes.Equal(EncodeNpy(x), raw) {
			t.Errorf("%s: re-encoding differs from numpy's bytes", name)
		}
	}
}
