package runtime

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
)

// WriteSafetensors writes tensors (F32 as "F32", I32 as "I32"; C64 is an
// error) in sorted name order, with the header padded with spaces to a
// multiple of 8 bytes so the data section is aligned. The same inputs always
// give the same bytes. The file is written atomically (see WriteFileAtomic);
// every tensor is checked before anything is written.
func WriteSafetensors(path string, tensors map[string]*Tensor, metadata map[string]string) error {
	header, names, err := safetensorsHeader(tensors, metadata)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return WriteFileAtomic(path, func(w io.Writer) error {
		return writeSafetensorsBody(w, header, names, tensors)
	})
}

// encodeSafetensors returns the bytes WriteSafetensors would write.
func encodeSafetensors(tensors map[string]*Tensor, metadata map[string]string) ([]byte, error) {
	header, names, err := safetensorsHeader(tensors, metadata)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := writeSafetensorsBody(&buf, header, names, tensors); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// safetensorsHeader checks the tensors and builds the padded JSON header.
// The JSON is assembled by hand, rather than by marshalling a map, so that
// __metadata__ comes first and the key order inside entries is fixed.
func safetensorsHeader(tensors map[string]*Tensor, metadata map[string]string) ([]byte, []string, error) {
	names := make([]string, 0, len(tensors))
	for name, t := range tensors {
		if name == "__metadata__" {
			return nil, nil, fmt.Errorf("tensor name %q is reserved", name)
		}
		if t == nil {
			return nil, nil, fmt.Errorf("tensor %q is nil", name)
		}
		if t.DType != F32 && t.DType != I32 {
			return nil, nil, fmt.Errorf("tensor %q: safetensors cannot hold %s", name, t.DType)
		}
		if err := t.Validate(); err != nil {
			return nil, nil, fmt.Errorf("tensor %q: %w", name, err)
		}
		names = append(names, name)
	}
	sort.Strings(names)

	var h bytes.Buffer
	h.WriteByte('{')
	if len(metadata) > 0 {
		keys := make([]string, 0, len(metadata))
		for k := range metadata {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		h.WriteString(`"__metadata__":{`)
		for i, k := range keys {
			if i > 0 {
				h.WriteByte(',')
			}
			writeJSONString(&h, k)
			h.WriteByte(':')
			writeJSONString(&h, metadata[k])
		}
		h.WriteByte('}')
	}
	offset := 0
	for i, name := range names {
		t := tensors[name]
		if i > 0 || len(metadata) > 0 {
			h.WriteByte(',')
		}
		writeJSONString(&h, name)
		h.WriteString(`:{"dtype":"`)
		h.WriteString(map[DType]string{F32: "F32", I32: "I32"}[t.DType])
		h.WriteString(`","shape":[`)
		for j, d := range t.Shape {
			if j > 0 {
				h.WriteByte(',')
			}
			h.WriteString(strconv.Itoa(d))
		}
		size := 4 * t.Numel() // Validate bounded Numel, and both dtypes are 4 bytes
		if offset > math.MaxInt-size {
			return nil, nil, fmt.Errorf("tensors too large: more than %d bytes", math.MaxInt)
		}
		h.WriteString(`],"data_offsets":[`)
		h.WriteString(strconv.Itoa(offset))
		h.WriteByte(',')
		h.WriteString(strconv.Itoa(offset + size))
		h.WriteString(`]}`)
		offset += size
	}
	h.WriteByte('}')
	for h.Len()%8 != 0 {
		h.WriteByte(' ')
	}
	return h.Bytes(), names, nil
}

// writeJSONString writes s as a JSON string literal.
func writeJSONString(b *bytes.Buffer, s string) {
	q, _ := json.Marshal(s) // marshalling a string cannot fail
	b.Write(q)
}

// writeSafetensorsBody writes the length prefix, the header and the data.
func writeSafetensorsBody(w io.Writer, header []byte, names []string, tensors map[string]*Tensor) error {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(header)))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	if _, err := w.Write(header); err != nil {
		return err
	}
	// Convert in bounded chunks so a large tensor does not need a second
	// full-size copy in memory.
	buf := make([]byte, 0, 64<<10)
	for _, name := range names {
		t := tensors[name]
		count := len(t.F)
		if t.DType == I32 {
			count = len(t.I)
		}
		for i := 0; i < count; i++ {
			if t.DType == F32 {
				buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(t.F[i]))
			} else {
				buf = binary.LittleEndian.AppendUint32(buf, uint32(t.I[i]))
			}
			if len(buf) == cap(buf) {
				if _, err := w.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
	}
	_, err := w.Write(buf)
	return err
}
