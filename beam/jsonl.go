package seqcbeam

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/seqc-dev/seqc/runtime"
)

// The JSON lines format: one object per line, "id" a string and every other
// key a tensor as nested arrays of numbers (numpy's tolist()), e.g.
//
//	{"id": "s1", "input": [0.12, -0.5, 0.33]}
//	{"id": "doc7", "input_ids": [104, 105, 10]}
//
// A tensor whose numbers are all integers (no fraction or exponent) in
// int32's range reads as i32, any other as f32 (an i32 tensor feeds an f32
// input exactly). f32 values are written in the shortest form that reads
// back to the same float32; NaN and the infinities, which JSON lacks, as
// the strings "NaN", "Infinity" and "-Infinity" (read back as such).

// maxJSONRank bounds the nesting of a JSON tensor.
const maxJSONRank = 32

// encodeJSONRecord writes a record as one JSON line (no newline), tensors
// in name order.
func encodeJSONRecord(r Record) ([]byte, error) {
	var b bytes.Buffer
	id, _ := json.Marshal(r.ID)
	b.WriteString(`{"id":`)
	b.Write(id)
	for _, k := range r.names() {
		if k == "id" {
			return nil, fmt.Errorf("record %q: a tensor named \"id\" cannot be written as JSON lines", r.ID)
		}
		t := r.Tensors[k]
		if err := t.Validate(); err != nil {
			return nil, fmt.Errorf("record %q: tensor %s: %w", r.ID, k, err)
		}
		name, _ := json.Marshal(k)
		b.WriteByte(',')
		b.Write(name)
		b.WriteByte(':')
		shape := t.Shape
		if t.DType == runtime.C64 {
			shape = append(append([]int{}, t.Shape...), 2) // (re, im) pairs
		}
		writeNested(&b, t, shape, 0)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeNested(b *bytes.Buffer, t *runtime.Tensor, shape []int, off int) int {
	if len(shape) == 0 {
		if t.DType == runtime.I32 {
			b.WriteString(strconv.FormatInt(int64(t.I[off]), 10))
		} else {
			writeFloat(b, t.F[off])
		}
		return off + 1
	}
	b.WriteByte('[')
	for i := 0; i < shape[0]; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		off = writeNested(b, t, shape[1:], off)
	}
	b.WriteByte(']')
	return off
}

func writeFloat(b *bytes.Buffer, v float32) {
	switch {
	case math.IsNaN(float64(v)):
		b.WriteString(`"NaN"`)
	case math.IsInf(float64(v), 1):
		b.WriteString(`"Infinity"`)
	case math.IsInf(float64(v), -1):
		b.WriteString(`"-Infinity"`)
	default:
		b.WriteString(strconv.FormatFloat(float64(v), 'g', -1, 32))
	}
}

// decodeJSONRecord reads one JSON line as a record.
func decodeJSONRecord(line []byte) (Record, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		return Record{}, fmt.Errorf("not a JSON object: %w", err)
	}
	var r Record
	raw, ok := obj["id"]
	if !ok {
		return Record{}, fmt.Errorf("no \"id\"")
	}
	if err := json.Unmarshal(raw, &r.ID); err != nil {
		var n json.Number
		if json.Unmarshal(raw, &n) != nil {
			return Record{}, fmt.Errorf("\"id\" is %s, want a string", raw)
		}
		r.ID = n.String()
	}
	delete(obj, "id")
	if len(obj) == 0 {
		return r, fmt.Errorf("no tensors besides \"id\"")
	}
	r.Tensors = make(map[string]*runtime.Tensor, len(obj))
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t, err := decodeJSONTensor(obj[k])
		if err != nil {
			return r, fmt.Errorf("%q: %w", k, err)
		}
		r.Tensors[k] = t
	}
	return r, nil
}

func decodeJSONTensor(raw json.RawMessage) (*runtime.Tensor, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var shape []int
	for x := v; ; {
		a, ok := x.([]any)
		if !ok {
			break
		}
		if len(shape) == maxJSONRank {
			return nil, fmt.Errorf("nested deeper than %d", maxJSONRank)
		}
		shape = append(shape, len(a))
		if len(a) == 0 {
			break
		}
		x = a[0]
	}
	var vals []string
	if err := flatten(v, shape, &vals); err != nil {
		return nil, err
	}
	ints := true
	for _, s := range vals {
		if strings.ContainsAny(s, ".eE\"") {
			ints = false
			break
		}
		if _, err := strconv.ParseInt(s, 10, 32); err != nil {
			ints = false
			break
		}
	}
	if ints {
		t := &runtime.Tensor{DType: runtime.I32, Shape: shape, I: make([]int32, len(vals))}
		for i, s := range vals {
			n, _ := strconv.ParseInt(s, 10, 32)
			t.I[i] = int32(n)
		}
		return t, nil
	}
	t := &runtime.Tensor{DType: runtime.F32, Shape: shape, F: make([]float32, len(vals))}
	for i, s := range vals {
		switch s {
		case `"NaN"`:
			t.F[i] = float32(math.NaN())
		case `"Infinity"`:
			t.F[i] = float32(math.Inf(1))
		case `"-Infinity"`:
			t.F[i] = float32(math.Inf(-1))
		default:
			f, err := strconv.ParseFloat(s, 32)
			if err != nil {
				return nil, fmt.Errorf("%s is not a float32", s)
			}
			t.F[i] = float32(f)
		}
	}
	return t, nil
}

// flatten appends the leaves of v in row-major order as their JSON text
// (strings quoted), checking that v is a rectangular array of shape.
func flatten(v any, shape []int, out *[]string) error {
	if len(shape) == 0 {
		switch x := v.(type) {
		case json.Number:
			*out = append(*out, x.String())
		case string:
			if x != "NaN" && x != "Infinity" && x != "-Infinity" {
				return fmt.Errorf("string %q where a number belongs", x)
			}
			*out = append(*out, `"`+x+`"`)
		case []any:
			return fmt.Errorf("ragged array: a list where a number belongs")
		default:
			return fmt.Errorf("%v where a number belongs", v)
		}
		return nil
	}
	a, ok := v.([]any)
	if !ok || len(a) != shape[0] {
		return fmt.Errorf("ragged array: want %d items, found %s", shape[0], describe(v))
	}
	for _, x := range a {
		if err := flatten(x, shape[1:], out); err != nil {
			return err
		}
	}
	return nil
}

func describe(v any) string {
	if a, ok := v.([]any); ok {
		return fmt.Sprintf("a list of %d", len(a))
	}
	return fmt.Sprintf("%v", v)
}
