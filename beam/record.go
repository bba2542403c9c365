package seqcbeam

import (
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"sort"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/seqc-dev/seqc/runtime"
)

// Record is one element of inference: an id and tensors by name. Before
// Infer the tensors are the model function's inputs, without the batch
// axis (one sequence of an input f32[B, L] is a tensor f32[L]); after it
// they are the function's outputs for this record, also without the batch
// axis, trimmed to the record's own length.
//
// Records are encoded by a compact binary coder registered with Beam (the
// id, then each tensor's name, dtype, shape and data in little-endian
// order), so they travel between workers without JSON's cost.
type Record struct {
	ID      string
	Tensors map[string]*runtime.Tensor
}

// Failure is a record that could not be read or run, with why. Stage says
// where it failed: "read" (a source could not parse it), "check" (it does
// not fit the model's signature) or "run" (the model refused it when it
// ran alone).
type Failure struct {
	ID    string
	Stage string
	Error string
}

// Failure stages.
const (
	StageRead  = "read"
	StageCheck = "check"
	StageRun   = "run"
)

func init() {
	beam.RegisterType(reflect.TypeOf((*Record)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*Failure)(nil)).Elem())
	beam.RegisterCoder(reflect.TypeOf((*Record)(nil)).Elem(), encodeRecord, decodeRecord)
}

// names returns the record's tensor names, sorted (maps have no order and
// encodings and messages must be deterministic).
func (r Record) names() []string {
	out := make([]string, 0, len(r.Tensors))
	for k := range r.Tensors {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// maxCodedRank bounds a decoded tensor's rank: a corrupt element must not
// make the decoder allocate without limit.
const maxCodedRank = 64

func encodeRecord(r Record) ([]byte, error) {
	n := 16 + len(r.ID)
	for k, t := range r.Tensors {
		if t == nil {
			return nil, fmt.Errorf("record %q: tensor %q is nil", r.ID, k)
		}
		n += 16 + len(k) + 8*len(t.Shape) + 4*(len(t.F)+len(t.I))
	}
	b := make([]byte, 0, n)
	b = binary.AppendUvarint(b, uint64(len(r.ID)))
	b = append(b, r.ID...)
	b = binary.AppendUvarint(b, uint64(len(r.Tensors)))
	for _, k := range r.names() {
		t := r.Tensors[k]
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
		b = append(b, byte(t.DType))
		b = binary.AppendUvarint(b, uint64(len(t.Shape)))
		for _, d := range t.Shape {
			b = binary.AppendVarint(b, int64(d))
		}
		switch t.DType {
		case runtime.I32:
			b = binary.AppendUvarint(b, uint64(len(t.I)))
			for _, v := range t.I {
				b = binary.LittleEndian.AppendUint32(b, uint32(v))
			}
		default:
			b = binary.AppendUvarint(b, uint64(len(t.F)))
			for _, v := range t.F {
				b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
			}
		}
	}
	return b, nil
}

// decoder reads the encoding with bounds checks: a truncated or corrupt
// element is an error, never a panic or a huge allocation.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = fmt.Errorf("truncated or corrupt varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = fmt.Errorf("truncated or corrupt varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length that needs at least unit bytes per item to follow.
func (d *decoder) count(unit int) int {
	v := d.uvarint()
	if d.err == nil && v > uint64(len(d.b)/unit) {
		d.err = fmt.Errorf("length %d exceeds the %d bytes left", v, len(d.b))
		return 0
	}
	return int(v)
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n > len(d.b) {
		d.err = fmt.Errorf("truncated: need %d bytes, have %d", n, len(d.b))
		return nil
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func decodeRecord(b []byte) (Record, error) {
	d := &decoder{b: b}
	r := Record{ID: string(d.bytes(d.count(1)))}
	nt := d.count(3)
	if nt > 0 {
		r.Tensors = make(map[string]*runtime.Tensor, nt)
	}
	for i := 0; i < nt && d.err == nil; i++ {
		name := string(d.bytes(d.count(1)))
		dt := d.bytes(1)
		rank := d.count(1)
		if d.err == nil && rank > maxCodedRank {
			d.err = fmt.Errorf("tensor %q: rank %d", name, rank)
		}
		if d.err != nil {
			break
		}
		t := &runtime.Tensor{DType: runtime.DType(dt[0]), Shape: make([]int, rank)}
		for j := range t.Shape {
			t.Shape[j] = int(d.varint())
		}
		n := d.count(4)
		raw := d.bytes(4 * n)
		if d.err != nil {
			break
		}
		if t.DType == runtime.I32 {
			t.I = make([]int32, n)
			for j := range t.I {
				t.I[j] = int32(binary.LittleEndian.Uint32(raw[4*j:]))
			}
		} else {
			t.F = make([]float32, n)
			for j := range t.F {
				t.F[j] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*j:]))
			}
		}
		r.Tensors[name] = t
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%d bytes left over", len(d.b))
	}
	if d.err != nil {
		return Record{}, fmt.Errorf("seqcbeam: decoding a Record: %w", d.err)
	}
	return r, nil
}

// KeyByID turns a PCollection<Record> into a PCollection<KV<string,
// Record>> keyed by id, to join results with other data about the same
// records (beam.CoGroupByKey).
func KeyByID(s beam.Scope, records beam.PCollection) beam.PCollection {
	return beam.ParDo(s.Scope("seqcbeam.KeyByID"), keyRecord, records)
}

func keyRecord(r Record) (string, Record) { return r.ID, r }

func init() { register.Function1x2(keyRecord) }
