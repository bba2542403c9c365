package runtime

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// npyMagic starts every .npy file; the format version bytes follow.
const npyMagic = "\x93NUMPY"

// ReadNpy reads a .npy file; see ParseNpy. The file is mapped, not read
// into memory, so only the decoded tensor is held (one copy of the data).
func ReadNpy(path string) (*Tensor, error) {
	return ReadNpyBudget(path, nil)
}

// ReadNpyBudget is ReadNpy that first counts the decoded tensor's size
// against the budget (from the header alone), and fails with a
// *MemoryError, before anything is allocated, when it does not fit.
func ReadNpyBudget(path string, b *Budget) (*Tensor, error) {
	data, unmap, err := mapFile(path)
	if err != nil {
		return nil, fmt.Errorf("read npy: %w", err)
	}
	defer unmap()
	t, err := decodeNpyBudget(data, func(shape []int, dt DType) error {
		elem := 4
		if dt == C64 {
			elem = 8
		}
		return b.Take(fmt.Sprintf("%s (%s%s)", path, dt, formatShape(shape)), ShapeBytes(shape, elem))
	})
	if err != nil {
		var me *MemoryError
		if errors.As(err, &me) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// ParseNpy decodes a .npy file held in memory: format versions 1.0, 2.0 and
// 3.0, C order only (fortran_order True is an error). Supported element types
// and the tensor they become:
//
//	'<f4', '<f8' (rounded), '<f2' (exact)        -> F32
//	'<i4', '<i8', '<i2', '<u2', '<u4', '<u8'      -> I32, range-checked
//	'|i1', '|u1', '|b1'                           -> I32
//	'<c8', '<c16' (rounded)                       -> C64
//
// Big-endian '>' variants are converted the same way; 1-byte types accept any
// byte-order character. The data must be exactly numel*itemsize bytes.
func ParseNpy(data []byte) (*Tensor, error) {
	return parseNpy("npy data", data)
}

func parseNpy(source string, data []byte) (*Tensor, error) {
	t, err := decodeNpy(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	return t, nil
}

func decodeNpy(data []byte) (*Tensor, error) { return decodeNpyBudget(data, nil) }

// decodeNpyBudget decodes, calling fits (when not nil) with the tensor's
// shape and dtype before anything is allocated for it.
func decodeNpyBudget(data []byte, fits func(shape []int, dt DType) error) (*Tensor, error) {
	if len(data) < 10 || string(data[:6]) != npyMagic {
		return nil, errors.New("not a .npy file (no \\x93NUMPY magic)")
	}
	major, minor := data[6], data[7]
	var hlen, start int
	switch major {
	case 1:
		hlen, start = int(binary.LittleEndian.Uint16(data[8:])), 10
	case 2, 3:
		if len(data) < 12 {
			return nil, errors.New("truncated header")
		}
		n := binary.LittleEndian.Uint32(data[8:])
		if uint64(n) > uint64(len(data)) {
			return nil, fmt.Errorf("header length %d is larger than the file (%d bytes)", n, len(data))
		}
		hlen, start = int(n), 12
	default:
		return nil, fmt.Errorf("unsupported .npy format version %d.%d", major, minor)
	}
	if hlen > len(data)-start {
		return nil, fmt.Errorf("header length %d is larger than the %d bytes after it (truncated file?)", hlen, len(data)-start)
	}
	// Versions 1 and 2 use latin-1 and version 3 UTF-8, but a valid header is
	// plain ASCII, which both read the same.
	h, err := parseNpyHeader(string(bytes.TrimRight(data[start:start+hlen], " \n\x00")))
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if h.fortran {
		return nil, errors.New("fortran_order True is not supported (save the array in C order)")
	}
	order, kind, size, err := parseDescr(h.descr)
	if err != nil {
		return nil, err
	}
	item := size
	if kind == 'c' {
		item = 2 * size
	}
	want, err := byteSize(h.shape, item)
	if err != nil {
		return nil, err
	}
	body := data[start+hlen:]
	if len(body) != want {
		return nil, fmt.Errorf("descr %s shape %s needs %d data bytes, file has %d", h.descr, formatShape(h.shape), want, len(body))
	}
	n := want / item
	if fits != nil {
		dt := F32
		switch kind {
		case 'c':
			dt = C64
		case 'i', 'u', 'b':
			dt = I32
		}
		if err := fits(h.shape, dt); err != nil {
			return nil, err
		}
	}
	t, err := npyDecode(order, kind, size, h.shape, n, body)
	if err != nil {
		return nil, fmt.Errorf("descr %s: %w", h.descr, err)
	}
	return t, nil
}

// parseDescr splits a simple numpy type string such as '<f4' into its byte
// order, kind and size, rejecting types this package cannot convert. For
// complex types size is that of one component.
func parseDescr(descr string) (binary.ByteOrder, byte, int, error) {
	bad := fmt.Errorf("unsupported descr %q", descr)
	if len(descr) < 3 {
		return nil, 0, 0, bad
	}
	kind := descr[1]
	size, err := strconv.Atoi(descr[2:])
	if err != nil {
		return nil, 0, 0, bad
	}
	ok := false
	switch kind {
	case 'f':
		ok = size == 2 || size == 4 || size == 8
	case 'i', 'u':
		ok = size == 1 || size == 2 || size == 4 || size == 8
	case 'b':
		ok = size == 1
	case 'c':
		ok = size == 8 || size == 16
		size /= 2
	}
	if !ok {
		return nil, 0, 0, bad
	}
	switch descr[0] {
	case '<':
		return binary.LittleEndian, kind, size, nil
	case '>':
		return binary.BigEndian, kind, size, nil
	case '|', '=':
		if size == 1 { // byte order is meaningless for single bytes
			return binary.LittleEndian, kind, size, nil
		}
	}
	return nil, 0, 0, fmt.Errorf("descr %q: byte order %q is not supported for multi-byte types", descr, descr[0])
}

// npyDecode converts n elements of the given kind and component size.
func npyDecode(order binary.ByteOrder, kind byte, size int, shape []int, n int, raw []byte) (*Tensor, error) {
	switch kind {
	case 'f', 'c':
		count := n
		dt := F32
		if kind == 'c' {
			count, dt = 2*n, C64
		}
		out := make([]float32, count)
		switch size {
		case 2:
			for i := range out {
				out[i] = f16ToF32(order.Uint16(raw[2*i:]))
			}
		case 4:
			for i := range out {
				out[i] = math.Float32frombits(order.Uint32(raw[4*i:]))
			}
		case 8:
			for i := range out {
				out[i] = float32(math.Float64frombits(order.Uint64(raw[8*i:])))
			}
		}
		return &Tensor{DType: dt, Shape: shape, F: out}, nil
	}
	out := make([]int32, n)
	for i := range out {
		var v int64
		var u uint64
		switch size {
		case 1:
			u = uint64(raw[i])
		case 2:
			u = uint64(order.Uint16(raw[2*i:]))
		case 4:
			u = uint64(order.Uint32(raw[4*i:]))
		case 8:
			u = order.Uint64(raw[8*i:])
		}
		switch kind {
		case 'b':
			if u != 0 {
				v = 1
			}
		case 'u':
			if u > math.MaxInt32 {
				return nil, fmt.Errorf("element %d = %d does not fit in int32", i, u)
			}
			v = int64(u)
		case 'i':
			// Sign-extend from size bytes.
			shift := 64 - 8*uint(size)
			v = int64(u<<shift) >> shift
		}
		if v < math.MinInt32 || v > math.MaxInt32 {
			return nil, fmt.Errorf("element %d = %d does not fit in int32", i, v)
		}
		out[i] = int32(v)
	}
	return &Tensor{DType: I32, Shape: shape, I: out}, nil
}
