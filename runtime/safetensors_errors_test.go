package runtime

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each malformed file must give an error that names the file and, where one
// tensor is at fault, that tensor, and must never panic.
func TestSafetensorsMalformed(t *testing.T) {
	f32 := func(name, shape, offsets string) string {
		return `"` + name + `":{"dtype":"F32","shape":` + shape + `,"data_offsets":` + offsets + `}`
	}
	bigLen := binary.LittleEndian.AppendUint64(nil, 1000)
	bigLen = append(bigLen, "{}"...)
	cases := []struct {
		name string
		file []byte
		want []string // substrings of the error besides the file name
	}{
		{"empty", nil, []string{"truncated"}},
		{"truncated length", []byte{1, 0, 0}, []string{"truncated"}},
		{"header longer than file", bigLen, []string{"header length 1000"}},
		{"huge header length", binary.LittleEndian.AppendUint64(nil, 1<<63), []string{"header length"}},
		{"not JSON", stBytes("this is not json", nil), []string{"not JSON"}},
		{"JSON array", stBytes(`[1,2]`, nil), []string{"not a JSON object"}},
		{"trailing junk", stBytes(`{} {}`, nil), []string{"after the object"}},
		{"cut JSON", stBytes(`{"a":{"dtype":"F32"`, nil), []string{"not JSON"}},
		{"duplicate names", stBytes(`{`+f32("a", "[1]", "[0,4]")+`,`+f32("a", "[1]", "[4,8]")+`}`, make([]byte, 8)),
			[]string{`duplicate key "a"`}},
		{"offsets past data", stBytes(`{`+f32("w", "[2]", "[0,8]")+`}`, make([]byte, 4)),
			[]string{`tensor "w"`, "exceed the data section of 4 bytes"}},
		{"overlap", stBytes(`{`+f32("a", "[2]", "[0,8]")+`,`+f32("b", "[2]", "[4,12]")+`}`, make([]byte, 12)),
			[]string{`tensor "b"`, `overlap tensor "a"`}},
		{"same range twice", stBytes(`{`+f32("a", "[1]", "[0,4]")+`,`+f32("b", "[1]", "[0,4]")+`}`, make([]byte, 4)),
			[]string{`tensor "b"`, `overlap tensor "a"`}},
		{"length mismatch", stBytes(`{`+f32("w", "[3]", "[0,8]")+`}`, make([]byte, 12)),
			[]string{`tensor "w"`, "span 8 bytes", "needs 12"}},
		{"reversed offsets", stBytes(`{`+f32("w", "[0]", "[8,4]")+`}`, make([]byte, 8)),
			[]string{`tensor "w"`, "bad data_offsets"}},
		{"negative offset", stBytes(`{`+f32("w", "[1]", "[-4,0]")+`}`, make([]byte, 8)),
			[]string{`tensor "w"`, "bad data_offsets"}},
		{"three offsets", stBytes(`{`+f32("w", "[1]", "[0,4,8]")+`}`, make([]byte, 8)),
			[]string{`tensor "w"`, "3 values"}},
		{"offset overflows int64", stBytes(`{`+f32("w", "[1]", "[0,99999999999999999999]")+`}`, make([]byte, 8)),
			[]string{`tensor "w"`, "bad entry"}},
		{"unknown dtype", stBytes(`{"w":{"dtype":"F7","shape":[1],"data_offsets":[0,4]}}`, make([]byte, 4)),
			[]string{`tensor "w"`, `unknown dtype "F7"`}},
		{"missing dtype", stBytes(`{"w":{"shape":[1],"data_offsets":[0,4]}}`, make([]byte, 4)),
			[]string{`tensor "w"`, "missing dtype"}},
		{"missing shape", stBytes(`{"w":{"dtype":"F32","data_offsets":[0,4]}}`, make([]byte, 4)),
			[]string{`tensor "w"`, "missing shape"}},
		{"missing offsets", stBytes(`{"w":{"dtype":"F32","shape":[1]}}`, make([]byte, 4)),
			[]string{`tensor "w"`, "missing data_offsets"}},
		{"entry not object", stBytes(`{"w":3}`, nil), []string{`tensor "w"`, "bad entry"}},
		{"negative shape", stBytes(`{`+f32("w", "[-1, 4]", "[0,4]")+`}`, make([]byte, 4)),
			[]string{`tensor "w"`, "negative dimension"}},
		{"huge shape", stBytes(`{`+f32("w", "[4611686018427387904, 4]", "[0,4]")+`}`, make([]byte, 4)),
			[]string{`tensor "w"`, "too many"}},
		{"huge shape bytes", stBytes(`{`+f32("w", "[4611686018427387904]", "[0,4]")+`}`, make([]byte, 4)),
			[]string{`tensor "w"`, "too many"}}, // bytes on 64-bit, elements on 32-bit
		{"shape overflows int", stBytes(`{`+f32("w", "[99999999999999999999]", "[0,4]")+`}`, make([]byte, 4)),
			[]string{`tensor "w"`, "bad entry"}},
		{"fractional shape", stBytes(`{`+f32("w", "[1.5]", "[0,4]")+`}`, make([]byte, 4)),
			[]string{`tensor "w"`, "bad entry"}},
		{"metadata not strings", stBytes(`{"__metadata__":{"a":1}}`, nil), []string{"__metadata__"}},
	}
	dir := t.TempDir()
	for i, c := range cases {
		path := filepath.Join(dir, "bad"+strings.ReplaceAll(c.name, " ", "_")+".safetensors")
		if err := os.WriteFile(path, c.file, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := OpenSafetensors(path)
		if err == nil {
			f.Close()
			t.Errorf("%d %s: no error", i, c.name)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, path) {
			t.Errorf("%s: error %q does not name the file", c.name, msg)
		}
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: error %q does not contain %q", c.name, msg, w)
			}
		}
		// The in-memory parser agrees.
		if _, err := ParseSafetensors(c.file); err == nil {
			t.Errorf("%s: ParseSafetensors accepted it", c.name)
		}
	}
}

// Cutting a valid file anywhere makes it invalid, never a panic.
func TestSafetensorsEveryTruncation(t *testing.T) {
	full, err := encodeSafetensors(testTensors(), map[string]string{"a": "b"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseSafetensors(full); err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(full); n++ {
		if _, err := ParseSafetensors(full[:n]); err == nil {
			t.Fatalf("file cut to %d of %d bytes parsed without error", n, len(full))
		}
	}
}

// Gaps and zero-size tensors are legal, and a tensor may use the space
// after padding.
func TestSafetensorsGapsAndEmpty(t *testing.T) {
	header := `{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"e":{"dtype":"F32","shape":[0],"data_offsets":[4,4]},"z":{"dtype":"I8","shape":[],"data_offsets":[8,9]}}`
	f, err := ParseSafetensors(stBytes(header, []byte{9, 9, 9, 9, 0, 0, 0x80, 0x3F, 0xFE}))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := f.Tensor("a")
	e, _ := f.Tensor("e")
	z, _ := f.Tensor("z")
	if a.F[0] != 1 || e.Numel() != 0 || len(e.F) != 0 || z.I[0] != -2 || len(z.Shape) != 0 {
		t.Errorf("got a=%v e=%v z=%v", a, e, z)
	}
}

func TestOpenSafetensorsMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.safetensors")
	if _, err := OpenSafetensors(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v does not name the file", err)
	}
	if _, err := OpenSafetensors(t.TempDir()); err == nil {
		t.Error("opening a directory succeeded")
	}
}
