package runtime

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeShards writes two shard files and an index into a new directory.
func writeShards(t *testing.T, index string) string {
	t.Helper()
	dir := t.TempDir()
	a, _ := NewF32([]int{2}, []float32{1, 2})
	b, _ := NewI32([]int{1}, []int32{7})
	c, _ := NewF32([]int{1, 1}, []float32{3})
	if err := WriteSafetensors(filepath.Join(dir, "model-00001-of-00002.safetensors"), map[string]*Tensor{"a": a, "b": b}, nil); err != nil {
		t.Fatal(err)
	}
	if err := WriteSafetensors(filepath.Join(dir, "model-00002-of-00002.safetensors"), map[string]*Tensor{"c": c}, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "model.safetensors.index.json"), []byte(index), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

const goodIndex = `{"metadata": {"total_size": 16}, "weight_map": {
  "a": "model-00001-of-00002.safetensors",
  "b": "model-00001-of-00002.safetensors",
  "c": "model-00002-of-00002.safetensors"}}`

func TestLoadWeightsSharded(t *testing.T) {
	dir := writeShards(t, goodIndex)
	for _, path := range []string{dir, filepath.Join(dir, "model.safetensors.index.json")} {
		w, err := LoadWeights(path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(w) != 3 || w["a"].F[1] != 2 || w["b"].I[0] != 7 || w["c"].F[0] != 3 || !ShapeEqual(w["c"].Shape, []int{1, 1}) {
			t.Errorf("%s: loaded %v", path, w)
		}
	}
}

func TestLoadWeightsSingle(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.safetensors")
	if err := WriteSafetensors(path, testTensors(), nil); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, dir} {
		w, err := LoadWeights(p)
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range testTensors() {
			assertTensorEqual(t, name, w[name], want)
		}
	}
}

func TestLoadWeightsErrors(t *testing.T) {
	cases := []struct {
		name, index string
		want        []string
	}{
		{"duplicate across shards", `{"weight_map": {"a": "model-00001-of-00002.safetensors", "c": "model-00002-of-00002.safetensors", "x": "dup.safetensors"}}`,
			[]string{`tensor "c" is also in`, "dup.safetensors"}},
		{"name not in its shard", `{"weight_map": {"a": "model-00002-of-00002.safetensors", "c": "model-00002-of-00002.safetensors"}}`,
			[]string{`tensor "a" is mapped to model-00002-of-00002.safetensors`}},
		{"missing shard", `{"weight_map": {"a": "gone.safetensors"}}`, []string{"gone.safetensors"}},
		{"escaping shard", `{"weight_map": {"a": "../x.safetensors"}}`, []string{`tensor "a"`, "not a file name inside"}},
		{"absolute shard", `{"weight_map": {"a": "/etc/passwd"}}`, []string{`tensor "a"`, "not a file name inside"}},
		{"duplicate in index", `{"weight_map": {"a": "model-00001-of-00002.safetensors", "a": "model-00002-of-00002.safetensors"}}`,
			[]string{`duplicate key "a"`}},
		{"no weight_map", `{"metadata": {}}`, []string{"no weight_map"}},
		{"empty weight_map", `{"weight_map": {}}`, []string{"empty"}},
		{"shard not string", `{"weight_map": {"a": 3}}`, []string{`tensor "a"`}},
		{"not JSON", `weight_map`, []string{"not JSON"}},
	}
	for _, c := range cases {
		dir := writeShards(t, c.index)
		// dup.safetensors holds a second "c".
		c2, _ := NewF32([]int{1}, []float32{5})
		if err := WriteSafetensors(filepath.Join(dir, "dup.safetensors"), map[string]*Tensor{"c": c2, "x": c2}, nil); err != nil {
			t.Fatal(err)
		}
		_, err := LoadWeights(dir)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		msg := err.Error()
		for _, w := range append(c.want, "model.safetensors.index.json") {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: error %q does not contain %q", c.name, msg, w)
			}
		}
	}
	if _, err := LoadWeights(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Error("missing path: no error")
	}
	if _, err := LoadWeights(t.TempDir()); err == nil || !strings.Contains(err.Error(), "neither") {
		t.Errorf("empty directory: error %v", err)
	}
}
