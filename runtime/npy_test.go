package runtime

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// npyFile builds a .npy file by hand: magic, version, header length (2 bytes
// for version 1, 4 otherwise), the header padded with spaces and a newline to
// a multiple of 64 bytes, then data.
func npyFile(major byte, header string, data []byte) []byte {
	lenSize := 2
	if major > 1 {
		lenSize = 4
	}
	pre := 6 + 2 + lenSize
	for (pre+len(header)+1)%64 != 0 {
		header += " "
	}
	header += "\n"
	out := append([]byte("\x93NUMPY"), major, 0)
	if lenSize == 2 {
		out = binary.LittleEndian.AppendUint16(out, uint16(len(header)))
	} else {
		out = binary.LittleEndian.AppendUint32(out, uint32(len(header)))
	}
	out = append(out, header...)
	return append(out, data...)
}

func npyDict(descr, shape string) string {
	return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }"
}

func be[T uint16 | uint32 | uint64](vs ...T) []byte {
	var out []byte
	for _, v := range vs {
		switch x := any(v).(type) {
		case uint16:
			out = binary.BigEndian.AppendUint16(out, x)
		case uint32:
			out = binary.BigEndian.AppendUint32(out, x)
		case uint64:
			out = binary.BigEndian.AppendUint64(out, x)
		}
	}
	return out
}

func TestParseNpyDTypes(t *testing.T) {
	f := func(shape []int, v ...float32) *Tensor { return &Tensor{DType: F32, Shape: shape, F: v} }
	i := func(shape []int, v ...int32) *Tensor { return &Tensor{DType: I32, Shape: shape, I: v} }
	cases := []struct {
		name string
		file []byte
		want *Tensor
	}{
		{"<f4", npyFile(1, npyDict("<f4", "(2, 2)"), le[uint32](0x3F800000, 0xC0000000, 0x3E800000, 0x7F800000)),
			f([]int{2, 2}, 1, -2, 0.25, float32(math.Inf(1)))},
		{"<f8", npyFile(1, npyDict("<f8", "(3,)"), le[uint64](0x3FF0000000000000, 0xC000000000000000, 0x3FB999999999999A)),
			f([]int{3}, 1, -2, 0.1)},
		{"<f2", npyFile(1, npyDict("<f2", "(4,)"), le[uint16](0x3C00, 0xC000, 0x0001, 0xFC00)),
			f([]int{4}, 1, -2, float32(math.Ldexp(1, -24)), float32(math.Inf(-1)))},
		{"<i4", npyFile(1, npyDict("<i4", "(2,)"), le[uint32](0xFFFFFFFF, 5)), i([]int{2}, -1, 5)},
		{"<i8", npyFile(1, npyDict("<i8", "(2,)"), le[uint64](0xFFFFFFFF80000000, 0x7FFFFFFF)), i([]int{2}, math.MinInt32, math.MaxInt32)},
		{"<i2", npyFile(1, npyDict("<i2", "(2,)"), le[uint16](0x8000, 3)), i([]int{2}, -32768, 3)},
		{"<u2", npyFile(1, npyDict("<u2", "(2,)"), le[uint16](0x8000, 3)), i([]int{2}, 32768, 3)},
		{"|b1", npyFile(1, npyDict("|b1", "(3,)"), []byte{1, 0, 1}), i([]int{3}, 1, 0, 1)},
		{"|u1", npyFile(1, npyDict("|u1", "(3,)"), []byte{255, 0, 7}), i([]int{3}, 255, 0, 7)},
		{"|i1", npyFile(1, npyDict("|i1", "(3,)"), []byte{255, 0x80, 7}), i([]int{3}, -1, -128, 7)},
		{"<c8", npyFile(1, npyDict("<c8", "(2,)"), le[uint32](0x3F800000, 0xC0000000, 0, 0x3E800000)),
			&Tensor{DType: C64, Shape: []int{2}, F: []float32{1, -2, 0, 0.25}}},
		{"<c16", npyFile(1, npyDict("<c16", "(1,)"), le[uint64](0x3FF0000000000000, 0xC000000000000000)),
			&Tensor{DType: C64, Shape: []int{1}, F: []float32{1, -2}}},
		{">f4", npyFile(1, npyDict(">f4", "(2,)"), be[uint32](0x3F800000, 0xC0000000)), f([]int{2}, 1, -2)},
		{">i8", npyFile(1, npyDict(">i8", "(1,)"), be[uint64](0xFFFFFFFFFFFFFFFE)), i([]int{1}, -2)},
		{"scalar", npyFile(1, npyDict("<f4", "()"), le[uint32](0x40400000)), f([]int{}, 3)},
		{"empty", npyFile(1, npyDict("<f4", "(0, 3)"), nil), f([]int{0, 3})},
		{"version 2", npyFile(2, npyDict("<f4", "(1,)"), le[uint32](0x3F800000)), f([]int{1}, 1)},
		{"version 3", npyFile(3, npyDict("<i4", "(1,)"), le[uint32](9)), i([]int{1}, 9)},
		{"key order and quotes", npyFile(1, `{"shape": (1, 1), "fortran_order": False, "descr": "<f4"}`, le[uint32](0x3F800000)),
			f([]int{1, 1}, 1)},
		{"python 2 longs", npyFile(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1L, 2L), }", le[uint32](1, 2)),
			i([]int{1, 2}, 1, 2)},
	}
	for _, c := range cases {
		got, err := ParseNpy(c.file)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		assertTensorEqual(t, c.name, got, c.want)
	}
}

func TestParseNpyErrors(t *testing.T) {
	good := npyFile(1, npyDict("<f4", "(2,)"), make([]byte, 8))
	long := npyFile(1, npyDict("<f4", "(2,)"), nil)
	binary.LittleEndian.PutUint16(long[8:], 60000)
	v2long := npyFile(2, npyDict("<f4", "(2,)"), nil)
	binary.LittleEndian.PutUint32(v2long[8:], 0xFFFFFFFF)
	cases := []struct {
		name string
		file []byte
		want string
	}{
		{"empty", nil, "not a .npy file"},
		{"bad magic", []byte("\x93NUMPX\x01\x00\x00\x00"), "not a .npy file"},
		{"truncated header", good[:40], "larger than"},
		{"truncated data", good[:len(good)-1], "needs 8 data bytes, file has 7"},
		{"trailing data", append(append([]byte{}, good...), 0), "needs 8 data bytes, file has 9"},
		{"header length too big", long, "header length 60000"},
		{"v2 header length too big", v2long, "header length 4294967295"},
		{"v2 truncated", []byte("\x93NUMPY\x02\x00\x01\x00"), "truncated"},
		{"version 4", npyFile(4, npyDict("<f4", "(1,)"), make([]byte, 4)), "version 4.0"},
		{"fortran", npyFile(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", make([]byte, 16)), "fortran_order True"},
		{"big-endian ambiguous", npyFile(1, npyDict("|f4", "(1,)"), make([]byte, 4)), "byte order"},
		{"unknown descr", npyFile(1, npyDict("<U8", "(1,)"), make([]byte, 32)), `unsupported descr "<U8"`},
		{"odd float size", npyFile(1, npyDict("<f3", "(1,)"), make([]byte, 3)), `unsupported descr "<f3"`},
		{"structured", npyFile(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", make([]byte, 4)), "structured"},
		{"out of range", npyFile(1, npyDict("<i8", "(1,)"), le[uint64](1<<40)), "element 0 = 1099511627776 does not fit"},
		{"u8 out of range", npyFile(1, npyDict("<u8", "(1,)"), le[uint64](1<<63)), "element 0 = 9223372036854775808"},
		{"negative shape", npyFile(1, npyDict("<f4", "(-1,)"), nil), "negative"},
		{"huge shape", npyFile(1, npyDict("<f4", "(4611686018427387904, 4)"), nil), "too many"},
		{"shape overflow", npyFile(1, npyDict("<f4", "(99999999999999999999,)"), nil), "bad integer"},
		{"shape not tuple", npyFile(1, npyDict("<f4", "3"), nil), "shape is missing or not a tuple"},
		{"shape float", npyFile(1, npyDict("<f4", "(2.0,)"), nil), "expected ','"},
		{"extra key", npyFile(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", nil), "4 keys"},
		{"missing key", npyFile(1, "{'descr': '<f4', 'shape': (1,), 'x': 1}", nil), "fortran_order"},
		{"duplicate key", npyFile(1, "{'descr': '<f4', 'descr': '<f4', 'shape': (1,)}", nil), "duplicate header key"},
		{"not a dict", npyFile(1, "('<f4', False, (1,))", nil), "not a dict"},
		{"unterminated", npyFile(1, "{'descr: '<f4'", nil), "header"},
		{"garbage", npyFile(1, "{'descr': '<f4'} junk", nil), "after the header dict"},
		{"deep nesting", npyFile(1, strings.Repeat("(", 100)+strings.Repeat(")", 100), nil), "nests too deeply"},
	}
	for _, c := range cases {
		_, err := ParseNpy(c.file)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
	// Every truncation of a valid file is an error.
	for n := 0; n < len(good); n++ {
		if _, err := ParseNpy(good[:n]); err == nil {
			t.Fatalf("file cut to %d bytes parsed", n)
		}
	}
}

func TestReadNpyNamesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.npy")
	if err := os.WriteFile(path, []byte("nope"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadNpy(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v does not name the file", err)
	}
	if _, err := ReadNpy(path + ".missing"); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v does not name the file", err)
	}
}

// The encoder writes the header exactly as numpy does; the expected bytes
// are spelled out by hand.
func TestEncodeNpyLayout(t *testing.T) {
	tt, _ := NewF32([]int{3}, []float32{1, -2, 0.5})
	got := EncodeNpy(tt)
	// numpy: the dict repr, then 20 spaces of growth room (21 minus the
	// digits of shape[0]), then padding to 64 and a newline.
	header := "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }" + strings.Repeat(" ", 20)
	want := append([]byte("\x93NUMPY\x01\x00\x76\x00"), header...)
	want = append(want, strings.Repeat(" ", 128-10-len(header)-1)...)
	want = append(want, '\n')
	want = append(want, le[uint32](0x3F800000, 0xC0000000, 0x3F000000)...)
	if !bytes.Equal(got, want) {
		t.Errorf("encoded\n%q\nwant\n%q", got, want)
	}
	// A header that is already a multiple of 64 still gets 64 spaces, as numpy does.
	for _, shape := range [][]int{{}, {1}, {2, 33, 32}, {1234567890, 0}, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}, {7, 1, 1, 1, 1, 1, 1}} {
		b := EncodeNpy(New(I32, shape...))
		hlen := int(binary.LittleEndian.Uint16(b[8:]))
		if (10+hlen)%64 != 0 || b[10+hlen-1] != '\n' {
			t.Errorf("shape %v: data starts at %d", shape, 10+hlen)
		}
	}
	// This shape's header plus prefix and newline is exactly 128 bytes, so
	// numpy pads with a full 64 spaces: data at 192.
	aligned := EncodeNpy(New(I32, 0, 1, 1, 1, 10, 10, 10, 10, 10, 10, 10, 10))
	if hlen := binary.LittleEndian.Uint16(aligned[8:]); hlen != 182 {
		t.Errorf("aligned header length %d, want 182", hlen)
	}
	if EncodeNpy(FromF32([]int{2}, nil)) != nil {
		t.Error("EncodeNpy of an invalid tensor is not nil")
	}
}

func TestNpyRoundTrip(t *testing.T) {
	dir := t.TempDir()
	c := New(C64, 2, 1)
	copy(c.F, []float32{1, 2, -3, float32(math.NaN())})
	for name, tt := range map[string]*Tensor{
		"f32":    testTensors()["layers.0.weight"],
		"i32":    testTensors()["ids"],
		"scalar": testTensors()["scale"],
		"empty":  testTensors()["empty"],
		"c64":    c,
	} {
		path := filepath.Join(dir, name+".npy")
		if err := WriteNpy(path, tt); err != nil {
			t.Fatal(err)
		}
		got, err := ReadNpy(path)
		if err != nil {
			t.Fatal(err)
		}
		assertTensorEqual(t, name, got, tt)
		raw, _ := os.ReadFile(path)
		if !bytes.Equal(EncodeNpy(got), raw) {
			t.Errorf("%s: re-encoding changed the bytes", name)
		}
	}
	bad := filepath.Join(dir, "bad.npy")
	if err := WriteNpy(bad, FromF32([]int{3}, nil)); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("invalid tensor: error %v", err)
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Error("failed WriteNpy left a file")
	}
}
