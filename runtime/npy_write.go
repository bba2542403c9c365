package runtime

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// WriteNpy writes t as a version 1.0 .npy file (F32 as '<f4', I32 as '<i4',
// C64 as '<c8'), atomically (see WriteFileAtomic).
func WriteNpy(path string, t *Tensor) error {
	if err := t.Validate(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	data := EncodeNpy(t)
	if data == nil {
		return fmt.Errorf("write %s: shape %s does not fit a version 1.0 header", path, t.ShapeString())
	}
	return WriteFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// EncodeNpy returns the bytes of t as a version 1.0 .npy file. The header is
// laid out exactly as numpy's np.save writes it (including its spare room
// for growing the first axis), padded so the data starts at a multiple of 64
// bytes; so an array saved by numpy re-encodes to identical bytes. It
// returns nil when t is not valid (see Validate) or its header would not fit
// version 1.0, which only absurd ranks can cause.
func EncodeNpy(t *Tensor) []byte {
	if t.Validate() != nil {
		return nil
	}
	var descr string
	switch t.DType {
	case F32:
		descr = "<f4"
	case I32:
		descr = "<i4"
	case C64:
		descr = "<c8"
	}
	header := npyHeaderText(descr, t.Shape)
	// numpy: padlen = 64 - (magic+version + 2-byte length + len(header)+1) % 64,
	// then the header, padlen spaces and a newline.
	pad := 64 - (8+2+len(header)+1)%64
	hlen := len(header) + pad + 1
	if hlen > math.MaxUint16 {
		return nil
	}
	out := make([]byte, 0, 10+hlen+4*len(t.F)+4*len(t.I))
	out = append(out, npyMagic...)
	out = append(out, 1, 0)
	out = binary.LittleEndian.AppendUint16(out, uint16(hlen))
	out = append(out, header...)
	out = append(out, strings.Repeat(" ", pad)...)
	out = append(out, '\n')
	if t.DType == I32 {
		for _, v := range t.I {
			out = binary.LittleEndian.AppendUint32(out, uint32(v))
		}
	} else {
		for _, v := range t.F {
			out = binary.LittleEndian.AppendUint32(out, math.Float32bits(v))
		}
	}
	return out
}

// npyHeaderText is the dict repr numpy writes, followed by the spaces numpy
// reserves so that the first dimension can grow to 21 digits in place.
func npyHeaderText(descr string, shape []int) string {
	var b strings.Builder
	b.WriteString("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (")
	for i, d := range shape {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(d))
	}
	if len(shape) == 1 {
		b.WriteByte(',') // a 1-tuple in Python is written "(5,)"
	}
	b.WriteString("), }")
	if len(shape) > 0 {
		if grow := 21 - len(strconv.Itoa(shape[0])); grow > 0 {
			b.WriteString(strings.Repeat(" ", grow))
		}
	}
	return b.String()
}
