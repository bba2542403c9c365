package runtime

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// stBytes builds a safetensors file by hand from a JSON header and a data
// section, independently of the writer under test.
func stBytes(header string, data []byte) []byte {
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	out = append(out, header...)
	return append(out, data...)
}

// le builds little-endian data from 8-, 16-, 32- or 64-bit values.
func le[T uint8 | uint16 | uint32 | uint64](vs ...T) []byte {
	var out []byte
	for _, v := range vs {
		switch x := any(v).(type) {
		case uint8:
			out = append(out, x)
		case uint16:
			out = binary.LittleEndian.AppendUint16(out, x)
		case uint32:
			out = binary.LittleEndian.AppendUint32(out, x)
		case uint64:
			out = binary.LittleEndian.AppendUint64(out, x)
		}
	}
	return out
}

func testTensors() map[string]*Tensor {
	a, _ := NewF32([]int{2, 3}, []float32{1, -2, 3.5, float32(math.Inf(1)), 0, -0.25})
	b, _ := NewI32([]int{4}, []int32{math.MinInt32, -1, 0, math.MaxInt32})
	s, _ := NewF32(nil, []float32{42})
	e, _ := NewF32([]int{0, 5}, []float32{})
	return map[string]*Tensor{"layers.0.weight": a, "ids": b, "scale": s, "empty": e}
}

func TestSafetensorsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.safetensors")
	want := testTensors()
	meta := map[string]string{"format": "pt", "note": `quotes " and <tags>`}
	if err := WriteSafetensors(path, want, meta); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := binary.LittleEndian.Uint64(raw); (8+n)%8 != 0 {
		t.Errorf("data section starts at %d, not 8-byte aligned", 8+n)
	}

	f, err := OpenSafetensors(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.Names(), ","); got != "empty,ids,layers.0.weight,scale" {
		t.Errorf("Names = %s", got)
	}
	if m := f.Metadata(); len(m) != 2 || m["format"] != "pt" || m["note"] != meta["note"] {
		t.Errorf("Metadata = %v", m)
	}
	dt, shape, ok := f.Info("ids")
	if !ok || dt != "I32" || !ShapeEqual(shape, []int{4}) {
		t.Errorf("Info(ids) = %s %v %v", dt, shape, ok)
	}
	if _, _, ok := f.Info("nope"); ok {
		t.Error("Info found a missing tensor")
	}
	got := make(map[string]*Tensor)
	for _, name := range f.Names() {
		tt, err := f.Tensor(name)
		if err != nil {
			t.Fatal(err)
		}
		assertTensorEqual(t, name, tt, want[name])
		got[name] = tt
	}
	if _, err := f.Tensor("nope"); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("Tensor(nope) error = %v", err)
	}

	// Re-writing what was read gives the same bytes.
	path2 := filepath.Join(dir, "w2.safetensors")
	if err := WriteSafetensors(path2, got, f.Metadata()); err != nil {
		t.Fatal(err)
	}
	if raw2, _ := os.ReadFile(path2); !bytes.Equal(raw, raw2) {
		t.Error("re-writing the loaded tensors changed the bytes")
	}

	// Tensors stay valid after Close, and Close twice is fine.
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got["layers.0.weight"].F[2] != 3.5 {
		t.Error("tensor changed after Close")
	}
	if _, err := f.Tensor("ids"); err == nil {
		t.Error("Tensor after Close succeeded")
	}
}

func assertTensorEqual(t *testing.T, name string, got, want *Tensor) {
	t.Helper()
	if got.DType != want.DType || !ShapeEqual(got.Shape, want.Shape) ||
		len(got.F) != len(want.F) || len(got.I) != len(want.I) {
		t.Errorf("%s: got %s %s, want %s %s", name, got.DType, got.ShapeString(), want.DType, want.ShapeString())
		return
	}
	for i := range got.F {
		if math.Float32bits(got.F[i]) != math.Float32bits(want.F[i]) {
			t.Errorf("%s: F[%d] = %v, want %v", name, i, got.F[i], want.F[i])
		}
	}
	for i := range got.I {
		if got.I[i] != want.I[i] {
			t.Errorf("%s: I[%d] = %v, want %v", name, i, got.I[i], want.I[i])
		}
	}
}

// The exact layout: sorted names, metadata first, space padding.
func TestSafetensorsWriteLayout(t *testing.T) {
	b, _ := NewF32([]int{1}, []float32{1})
	a, _ := NewI32([]int{2}, []int32{-1, 2})
	out, err := encodeSafetensors(map[string]*Tensor{"b": b, "a": a}, map[string]string{"k": "v"})
	if err != nil {
		t.Fatal(err)
	}
	header := `{"__metadata__":{"k":"v"},"a":{"dtype":"I32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}`
	header += strings.Repeat(" ", (8-len(header)%8)%8)
	want := stBytes(header, le[uint32](0xFFFFFFFF, 2, 0x3F800000))
	if !bytes.Equal(out, want) {
		t.Errorf("encoded\n%q\nwant\n%q", out, want)
	}
}

func TestWriteSafetensorsErrors(t *testing.T) {
	dir := t.TempDir()
	bad := map[string]map[string]*Tensor{
		"c64":      {"z": New(C64, 2)},
		"nil":      {"n": nil},
		"short":    {"s": FromF32([]int{3}, []float32{1})},
		"reserved": {"__metadata__": New(F32, 1)},
	}
	for name, tensors := range bad {
		path := filepath.Join(dir, name+".safetensors")
		err := WriteSafetensors(path, tensors, nil)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %q does not name the file", name, err)
		}
	}
	if names := dirEntries(t, dir); len(names) != 0 {
		t.Errorf("failed writes left %v", names)
	}
}

// Every supported dtype converts from hand-built bytes.
func TestSafetensorsDTypes(t *testing.T) {
	type entry struct {
		dtype string
		data  []byte
		f     []float32
		i     []int32
	}
	entries := map[string]entry{
		"f16":  {"F16", le[uint16](0x3C00, 0xC000, 0x0001, 0x7C00), []float32{1, -2, float32(math.Ldexp(1, -24)), float32(math.Inf(1))}, nil},
		"bf16": {"BF16", le[uint16](0x3F80, 0xC000, 0x3FC0, 0xFF80), []float32{1, -2, 1.5, float32(math.Inf(-1))}, nil},
		"f32":  {"F32", le[uint32](0x3F800000, 0xC0000000, 0x3E800000, 0), []float32{1, -2, 0.25, 0}, nil},
		"f64":  {"F64", le[uint64](0x3FF0000000000000, 0xC000000000000000, 0x3FB999999999999A, 0x7FF0000000000000), []float32{1, -2, 0.1, float32(math.Inf(1))}, nil},
		"i64":  {"I64", le[uint64](1, 0xFFFFFFFFFFFFFFFF, 0x7FFFFFFF, 0xFFFFFFFF80000000), nil, []int32{1, -1, math.MaxInt32, math.MinInt32}},
		"i32":  {"I32", le[uint32](1, 0xFFFFFFFF, 7, 0x80000000), nil, []int32{1, -1, 7, math.MinInt32}},
		"i16":  {"I16", le[uint16](1, 0xFFFF, 7, 0x8000), nil, []int32{1, -1, 7, -32768}},
		"i8":   {"I8", le[uint8](1, 0xFF, 7, 0x80), nil, []int32{1, -1, 7, -128}},
		"u8":   {"U8", le[uint8](1, 0xFF, 7, 0x80), nil, []int32{1, 255, 7, 128}},
		"u16":  {"U16", le[uint16](1, 0xFFFF, 7, 0x8000), nil, []int32{1, 65535, 7, 32768}},
		"u32":  {"U32", le[uint32](1, 0x7FFFFFFF, 7, 0), nil, []int32{1, math.MaxInt32, 7, 0}},
		"u64":  {"U64", le[uint64](1, 0x7FFFFFFF, 7, 0), nil, []int32{1, math.MaxInt32, 7, 0}},
		"bool": {"BOOL", le[uint8](1, 0, 2, 0), nil, []int32{1, 0, 1, 0}},
	}
	for name, e := range entries {
		header := `{"` + name + `":{"dtype":"` + e.dtype + `","shape":[2,2],"data_offsets":[0,` + strconv.Itoa(len(e.data)) + `]}}`
		f, err := ParseSafetensors(stBytes(header, e.data))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		got, err := f.Tensor(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		want := &Tensor{DType: F32, Shape: []int{2, 2}, F: e.f}
		if e.i != nil {
			want = &Tensor{DType: I32, Shape: []int{2, 2}, I: e.i}
		}
		assertTensorEqual(t, name, got, want)
	}
}

// Values that do not fit in int32, and dtypes that cannot be converted, fail
// in Tensor with the tensor's name, while the file itself opens.
func TestSafetensorsConversionErrors(t *testing.T) {
	cases := map[string]struct {
		dtype string
		data  []byte
		want  string
	}{
		"big":   {"I64", le[uint64](0, 1<<31), "element 1 = 2147483648"},
		"small": {"I64", le[uint64](0, 0xFFFFFFFF7FFFFFFF), "element 1 = -2147483649"},
		"u32":   {"U32", le[uint32](0, 1<<31), "element 1 = 2147483648"},
		"u64":   {"U64", le[uint64](1<<63, 0), "element 0 = 9223372036854775808"},
		"f8":    {"F8_E4M3", le[uint8](0, 0), "cannot be converted"},
	}
	for name, c := range cases {
		header := `{"` + name + `":{"dtype":"` + c.dtype + `","shape":[2],"data_offsets":[0,` + strconv.Itoa(len(c.data)) + `]}}`
		f, err := ParseSafetensors(stBytes(header, c.data))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		_, err = f.Tensor(name)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), `"`+name+`"`) {
			t.Errorf("%s: error %v, want the name and %q", name, err, c.want)
		}
	}
}
