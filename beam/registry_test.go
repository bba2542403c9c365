package seqcbeam

import (
	"context"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"
)

var countLoads atomic.Int32

func init() {
	Register("test-count", func(w string) (Model, error) {
		countLoads.Add(1)
		load, _ := lookup("test-arnet")
		return load(w)
	})
}

// TestSharedModel: instances that name the same model and weights share
// one load; a remote checkpoint's local copy lives until the last release.
func TestSharedModel(t *testing.T) {
	data, err := os.ReadFile(arnetWeights)
	if err != nil {
		t.Fatal(err)
	}
	memfs.Write("memfs://shared/arnet.safetensors", data)
	ctx := context.Background()
	before := countLoads.Load()
	m1, s1, err := acquire(ctx, "test-count", "memfs://shared/arnet.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	m2, s2, err := acquire(ctx, "test-count", "memfs://shared/arnet.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	if m1 != m2 || s1 != s2 || countLoads.Load()-before != 1 {
		t.Fatalf("two acquires: %d loads, same model %v", countLoads.Load()-before, m1 == m2)
	}
	if !strings.HasSuffix(s1.temp, ".safetensors") {
		t.Fatalf("local copy %q", s1.temp)
	}
	release(s1)
	if _, err := os.Stat(s2.temp); err != nil {
		t.Fatalf("local copy gone while held: %v", err)
	}
	release(s2)
	if _, err := os.Stat(s2.temp); !os.IsNotExist(err) {
		t.Fatalf("local copy left after the last release: %v", err)
	}
	if _, _, err := acquire(ctx, "test-count", "memfs://shared/missing.safetensors"); err == nil {
		t.Fatal("missing weights: no error")
	}
	if _, _, err := acquire(ctx, "test-count", "/no/such/weights.safetensors"); err == nil || !strings.Contains(err.Error(), "/no/such/weights.safetensors") {
		t.Fatalf("missing local weights: %v", err)
	}
}
