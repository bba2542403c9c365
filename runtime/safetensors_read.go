package runtime

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// maxSafetensorsHeader bounds the JSON header, as the reference
// implementation does, so a corrupt length cannot make us parse gigabytes.
const maxSafetensorsHeader = 100_000_000

// SafetensorsFile is an opened safetensors checkpoint. The header is parsed
// and fully checked when the file is opened; tensor data is read from the
// mapping only when Tensor is called. A SafetensorsFile is safe for
// concurrent reads; Close must not race with them.
type SafetensorsFile struct {
	source   string // file path, or a description for in-memory data
	data     []byte // the data section (after the header)
	entries  map[string]stEntry
	names    []string
	metadata map[string]string
	unmap    func() error
	closed   bool
}

// stEntry is one checked tensor entry of the header.
type stEntry struct {
	dtype      string
	shape      []int
	begin, end int // byte offsets into the data section
}

// OpenSafetensors maps the file at path and checks its header; see
// ParseSafetensors for the checks. Close releases the mapping. On Unix the
// file is memory-mapped, so it must not be truncated while it is open.
func OpenSafetensors(path string) (*SafetensorsFile, error) {
	data, unmap, err := mapFile(path)
	if err != nil {
		return nil, fmt.Errorf("open safetensors: %w", err)
	}
	f, err := parseSafetensors(path, data)
	if err != nil {
		unmap()
		return nil, err
	}
	f.unmap = unmap
	return f, nil
}

// ParseSafetensors reads a safetensors file held in memory, with the same
// checks as OpenSafetensors: the header length must fit in the data, the
// header must be a JSON object without duplicate names, every dtype must be
// known, every shape non-negative with an element count that does not
// overflow, and every tensor's data_offsets must lie inside the data section,
// span exactly numel*dtype-size bytes and not overlap another tensor's.
// Gaps between tensors are tolerated. data is not copied, and must not be
// changed while the file is in use.
func ParseSafetensors(data []byte) (*SafetensorsFile, error) {
	return parseSafetensors("safetensors data", data)
}

func parseSafetensors(source string, data []byte) (*SafetensorsFile, error) {
	if len(data) < 8 {
		return nil, fmt.Errorf("%s: truncated: %d bytes, a safetensors file starts with an 8-byte header length", source, len(data))
	}
	n := binary.LittleEndian.Uint64(data)
	if n > uint64(len(data)-8) {
		return nil, fmt.Errorf("%s: header length %d is larger than the %d bytes that follow it (truncated or not a safetensors file)", source, n, len(data)-8)
	}
	if n > maxSafetensorsHeader {
		return nil, fmt.Errorf("%s: header length %d exceeds the limit of %d", source, n, maxSafetensorsHeader)
	}
	f := &SafetensorsFile{
		source:   source,
		data:     data[8+n:],
		entries:  make(map[string]stEntry),
		metadata: make(map[string]string),
		unmap:    func() error { return nil },
	}
	err := forEachKey(data[8:8+n], func(name string, raw json.RawMessage) error {
		if name == "__metadata__" {
			if err := json.Unmarshal(raw, &f.metadata); err != nil {
				return fmt.Errorf("__metadata__ is not an object of strings: %w", err)
			}
			return nil
		}
		e, err := parseSTEntry(raw, len(f.data))
		if err != nil {
			return fmt.Errorf("tensor %q: %w", name, err)
		}
		f.entries[name] = e
		f.names = append(f.names, name)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", source, err)
	}
	sort.Strings(f.names)
	if err := f.checkOverlap(); err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	return f, nil
}

// parseSTEntry decodes and checks one tensor entry against a data section of
// dataLen bytes.
func parseSTEntry(raw json.RawMessage, dataLen int) (stEntry, error) {
	var j struct {
		DType   *string  `json:"dtype"`
		Shape   *[]int64 `json:"shape"`
		Offsets *[]int64 `json:"data_offsets"`
	}
	if err := json.Unmarshal(raw, &j); err != nil {
		return stEntry{}, fmt.Errorf("bad entry: %w", err)
	}
	switch {
	case j.DType == nil:
		return stEntry{}, errors.New("missing dtype")
	case j.Shape == nil:
		return stEntry{}, errors.New("missing shape")
	case j.Offsets == nil:
		return stEntry{}, errors.New("missing data_offsets")
	}
	size, ok := stDTypeSize[*j.DType]
	if !ok {
		return stEntry{}, fmt.Errorf("unknown dtype %q", *j.DType)
	}
	shape, err := shapeFromInt64(*j.Shape)
	if err != nil {
		return stEntry{}, err
	}
	want, err := byteSize(shape, size)
	if err != nil {
		return stEntry{}, err
	}
	off := *j.Offsets
	if len(off) != 2 {
		return stEntry{}, fmt.Errorf("data_offsets has %d values, want [begin, end]", len(off))
	}
	begin, end := off[0], off[1]
	if begin < 0 || end < begin {
		return stEntry{}, fmt.Errorf("bad data_offsets [%d, %d]", begin, end)
	}
	if end > int64(dataLen) {
		return stEntry{}, fmt.Errorf("data_offsets [%d, %d] exceed the data section of %d bytes (truncated file?)", begin, end, dataLen)
	}
	if end-begin != int64(want) {
		return stEntry{}, fmt.Errorf("data_offsets [%d, %d] span %d bytes, but %s %s needs %d",
			begin, end, end-begin, *j.DType, formatShape(shape), want)
	}
	return stEntry{dtype: *j.DType, shape: shape, begin: int(begin), end: int(end)}, nil
}

// checkOverlap rejects tensors whose byte ranges intersect: a writer never
// produces them, and two tensors sharing bytes would alias each other.
func (f *SafetensorsFile) checkOverlap() error {
	byStart := make([]string, 0, len(f.names))
	for _, name := range f.names {
		if e := f.entries[name]; e.end > e.begin { // empty ranges overlap nothing
			byStart = append(byStart, name)
		}
	}
	sort.SliceStable(byStart, func(i, j int) bool {
		return f.entries[byStart[i]].begin < f.entries[byStart[j]].begin
	})
	for i := 1; i < len(byStart); i++ {
		prev, cur := f.entries[byStart[i-1]], f.entries[byStart[i]]
		if cur.begin < prev.end {
			return fmt.Errorf("tensor %q: data_offsets [%d, %d] overlap tensor %q at [%d, %d]",
				byStart[i], cur.begin, cur.end, byStart[i-1], prev.begin, prev.end)
		}
	}
	return nil
}

// Names returns the tensor names in sorted order.
func (f *SafetensorsFile) Names() []string {
	return append([]string{}, f.names...)
}

// Info returns the safetensors dtype name (e.g. "BF16") and shape of a
// tensor without reading its data; ok is false when there is no such tensor.
func (f *SafetensorsFile) Info(name string) (dtype string, shape []int, ok bool) {
	e, ok := f.entries[name]
	if !ok {
		return "", nil, false
	}
	return e.dtype, append([]int{}, e.shape...), true
}

// Tensor copies a tensor out of the file. F32, F16, BF16 and F64 become an
// F32 tensor (F16 and BF16 exactly, F64 rounded to nearest); I64, I32, I16,
// I8, U64, U32, U16, U8 and BOOL become an I32 tensor, with an error for a
// value outside the int32 range.
func (f *SafetensorsFile) Tensor(name string) (*Tensor, error) {
	if f.closed {
		return nil, fmt.Errorf("%s: tensor %q: file is closed", f.source, name)
	}
	e, ok := f.entries[name]
	if !ok {
		return nil, fmt.Errorf("%s: no tensor %q", f.source, name)
	}
	n, _ := shapeNumel(e.shape) // checked when the header was parsed
	t, err := stDecode(e.dtype, append([]int{}, e.shape...), n, f.data[e.begin:e.end])
	if err != nil {
		return nil, fmt.Errorf("%s: tensor %q: %w", f.source, name, err)
	}
	return t, nil
}

// Metadata returns a copy of the header's __metadata__ (empty if absent).
func (f *SafetensorsFile) Metadata() map[string]string {
	m := make(map[string]string, len(f.metadata))
	for k, v := range f.metadata {
		m[k] = v
	}
	return m
}

// Close releases the file's mapping. Tensors already returned stay valid,
// since they were copied. Closing twice is a no-op.
func (f *SafetensorsFile) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	f.data = nil
	if err := f.unmap(); err != nil {
		return fmt.Errorf("close %s: %w", f.source, err)
	}
	return nil
}
