package runtime

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FuzzParseSafetensors checks that no input panics, that whatever parses
// converts to valid tensors, and that re-encoding those tensors parses back
// to the same values. Seeds live in testdata/fuzz/FuzzParseSafetensors.
func FuzzParseSafetensors(f *testing.F) {
	if seed, err := encodeSafetensors(testTensors(), map[string]string{"format": "pt"}); err == nil {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sf, err := ParseSafetensors(data)
		if err != nil {
			return
		}
		got := make(map[string]*Tensor)
		for _, name := range sf.Names() {
			dt, shape, ok := sf.Info(name)
			if !ok {
				t.Fatalf("Names lists %q but Info does not find it", name)
			}
			tt, err := sf.Tensor(name)
			if err != nil {
				continue // e.g. an out-of-range I64 or an F8 dtype
			}
			if err := tt.Validate(); err != nil {
				t.Fatalf("tensor %q (%s %v) is invalid: %v", name, dt, shape, err)
			}
			got[name] = tt
		}
		enc, err := encodeSafetensors(got, sf.Metadata())
		if err != nil {
			t.Fatalf("re-encoding: %v", err)
		}
		back, err := ParseSafetensors(enc)
		if err != nil {
			t.Fatalf("re-encoded file does not parse: %v", err)
		}
		for name, want := range got {
			tt, err := back.Tensor(name)
			if err != nil {
				t.Fatal(err)
			}
			assertTensorEqual(t, name, tt, want)
		}
	})
}

// FuzzParseNpy checks that no input panics and that whatever parses
// re-encodes to a file that parses to the same tensor. Seeds live in
// testdata/fuzz/FuzzParseNpy.
func FuzzParseNpy(f *testing.F) {
	f.Add(EncodeNpy(testTensors()["layers.0.weight"]))
	f.Fuzz(func(t *testing.T, data []byte) {
		tt, err := ParseNpy(data)
		if err != nil {
			return
		}
		if err := tt.Validate(); err != nil {
			t.Fatalf("parsed tensor is invalid: %v", err)
		}
		enc := EncodeNpy(tt)
		if enc == nil {
			t.Fatal("EncodeNpy returned nil for a valid tensor")
		}
		back, err := ParseNpy(enc)
		if err != nil {
			t.Fatalf("re-encoded file does not parse: %v", err)
		}
		assertTensorEqual(t, "npy", back, tt)
		if !bytes.Equal(EncodeNpy(back), enc) {
			t.Fatal("encoding is not deterministic")
		}
	})
}

// The committed seeds keep their meaning: those named valid_* parse, the
// others are rejected.
func TestFuzzSeeds(t *testing.T) {
	parsers := map[string]func([]byte) error{
		"FuzzParseSafetensors": func(b []byte) error { _, err := ParseSafetensors(b); return err },
		"FuzzParseNpy":         func(b []byte) error { _, err := ParseNpy(b); return err },
	}
	for target, parse := range parsers {
		dir := filepath.Join("testdata", "fuzz", target)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) < 4 {
			t.Errorf("%s has only %d seeds", dir, len(entries))
		}
		for _, e := range entries {
			raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
			if len(lines) != 2 || lines[0] != "go test fuzz v1" ||
				!strings.HasPrefix(lines[1], "[]byte(") || !strings.HasSuffix(lines[1], ")") {
				t.Errorf("%s/%s is not a one-value corpus file", dir, e.Name())
				continue
			}
			data, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
			if err != nil {
				t.Errorf("%s/%s: %v", dir, e.Name(), err)
				continue
			}
			err = parse([]byte(data))
			if valid := strings.HasPrefix(e.Name(), "valid_"); valid != (err == nil) {
				t.Errorf("%s/%s: valid=%v but error %v", dir, e.Name(), valid, err)
			}
		}
	}
}
