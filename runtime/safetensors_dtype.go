package runtime

import (
	"encoding/binary"
	"fmt"
	"math"
)

// stDTypeSize maps the safetensors dtype names this package knows to their
// element size in bytes. A header naming any other dtype is rejected when the
// file is opened, because without a size its offsets cannot be checked.
var stDTypeSize = map[string]int{
	"F64": 8, "F32": 4, "F16": 2, "BF16": 2,
	"I64": 8, "I32": 4, "I16": 2, "I8": 1,
	"U64": 8, "U32": 4, "U16": 2, "U8": 1,
	"BOOL": 1,
	// 8-bit floats are accepted so that such files open and can be listed,
	// but Tensor cannot convert them.
	"F8_E4M3": 1, "F8_E5M2": 1,
}

// stDecode converts the raw little-endian bytes of n elements of a
// safetensors dtype into a tensor: floating types become F32, integer and
// boolean types become I32 (with a range check, so that no value is silently
// wrapped). Each dtype has its own loop because checkpoints can hold
// billions of elements.
func stDecode(dtype string, shape []int, n int, raw []byte) (*Tensor, error) {
	le := binary.LittleEndian
	var f []float32
	switch dtype {
	case "F32":
		f = make([]float32, n)
		for i := range f {
			f[i] = math.Float32frombits(le.Uint32(raw[4*i:]))
		}
	case "F64":
		f = make([]float32, n)
		for i := range f {
			f[i] = float32(math.Float64frombits(le.Uint64(raw[8*i:])))
		}
	case "F16":
		f = make([]float32, n)
		for i := range f {
			f[i] = f16ToF32(le.Uint16(raw[2*i:]))
		}
	case "BF16":
		f = make([]float32, n)
		for i := range f {
			f[i] = bf16ToF32(le.Uint16(raw[2*i:]))
		}
	}
	if f != nil {
		return &Tensor{DType: F32, Shape: shape, F: f}, nil
	}

	switch dtype {
	case "I64", "I32", "I16", "I8", "U64", "U32", "U16", "U8", "BOOL":
	default:
		return nil, fmt.Errorf("dtype %s cannot be converted to f32 or i32", dtype)
	}
	out := make([]int32, n)
	switch dtype {
	case "I32":
		for i := range out {
			out[i] = int32(le.Uint32(raw[4*i:]))
		}
	case "I16":
		for i := range out {
			out[i] = int32(int16(le.Uint16(raw[2*i:])))
		}
	case "I8":
		for i := range out {
			out[i] = int32(int8(raw[i]))
		}
	case "U16":
		for i := range out {
			out[i] = int32(le.Uint16(raw[2*i:]))
		}
	case "U8":
		for i := range out {
			out[i] = int32(raw[i])
		}
	case "BOOL":
		for i := range out {
			if raw[i] != 0 {
				out[i] = 1
			}
		}
	case "I64":
		for i := range out {
			v := int64(le.Uint64(raw[8*i:]))
			if v < math.MinInt32 || v > math.MaxInt32 {
				return nil, fmt.Errorf("element %d = %d does not fit in int32", i, v)
			}
			out[i] = int32(v)
		}
	case "U32", "U64":
		for i := range out {
			var v uint64
			if dtype == "U32" {
				v = uint64(le.Uint32(raw[4*i:]))
			} else {
				v = le.Uint64(raw[8*i:])
			}
			if v > math.MaxInt32 {
				return nil, fmt.Errorf("element %d = %d does not fit in int32", i, v)
			}
			out[i] = int32(v)
		}
	}
	return &Tensor{DType: I32, Shape: shape, I: out}, nil
}
