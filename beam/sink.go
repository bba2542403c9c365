package seqcbeam

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/seqc-dev/seqc/runtime"
)

// The sinks spread records over a fixed number of shards by a hash of the
// id (so a rerun writes every record to the same shard), sort each shard
// by id, and write it through Beam's filesystems as PREFIX-SSSSS-of-NNNNN
// plus an extension; a shard that receives no record writes no file. Each
// returns a PCollection<string> of the files written. A retried shard
// overwrites its files with the same bytes.

// WriteJSONLines writes records as JSON lines (the format ReadJSONLines
// reads), in shards PREFIX-SSSSS-of-NNNNN.jsonl.
func WriteJSONLines(s beam.Scope, prefix string, shards int, records beam.PCollection) beam.PCollection {
	s = s.Scope("seqcbeam.WriteJSONLines")
	checkShards(prefix, shards)
	lines := beam.ParDo(s, &recordLineFn{Shards: shards}, records)
	return beam.ParDo(s, &writeLinesFn{Prefix: prefix, Shards: shards, Ext: ".jsonl"}, beam.GroupByKey(s, lines))
}

// WriteFailures writes failures as JSON lines {"id", "stage", "error"}, in
// shards PREFIX-SSSSS-of-NNNNN.jsonl.
func WriteFailures(s beam.Scope, prefix string, shards int, failures beam.PCollection) beam.PCollection {
	s = s.Scope("seqcbeam.WriteFailures")
	checkShards(prefix, shards)
	lines := beam.ParDo(s, &failureLineFn{Shards: shards}, failures)
	return beam.ParDo(s, &writeLinesFn{Prefix: prefix, Shards: shards, Ext: ".jsonl"}, beam.GroupByKey(s, lines))
}

// WriteNpyShards writes each shard's records as one .npy per tensor name,
// PREFIX-SSSSS-of-NNNNN.NAME.npy, the records stacked along a new leading
// axis in the order of PREFIX-SSSSS-of-NNNNN.ids.txt (one id per line).
// Stacking needs one dtype and shape per tensor name within a shard: a
// shard that mixes them fails with a message (write outputs whose length
// varies with the record as JSON lines).
func WriteNpyShards(s beam.Scope, prefix string, shards int, records beam.PCollection) beam.PCollection {
	s = s.Scope("seqcbeam.WriteNpyShards")
	checkShards(prefix, shards)
	keyed := beam.ParDo(s, &shardRecordFn{Shards: shards}, records)
	return beam.ParDo(s, &writeNpyFn{Prefix: prefix, Shards: shards}, beam.GroupByKey(s, keyed))
}

func checkShards(prefix string, shards int) {
	if shards < 1 {
		panic(fmt.Sprintf("seqcbeam: %d shards for %s: want >= 1", shards, prefix))
	}
	filesystem.ValidateScheme(prefix)
}

func shardOf(id string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(shards))
}

func shardName(prefix string, shard, shards int) string {
	return fmt.Sprintf("%s-%05d-of-%05d", prefix, shard, shards)
}

type recordLineFn struct{ Shards int }

func (f *recordLineFn) ProcessElement(r Record) (int, string, error) {
	b, err := encodeJSONRecord(r)
	if err != nil {
		return 0, "", fmt.Errorf("seqcbeam.WriteJSONLines: %w", err)
	}
	return shardOf(r.ID, f.Shards), string(b), nil
}

type failureLineFn struct{ Shards int }

func (f *failureLineFn) ProcessElement(x Failure) (int, string, error) {
	b, err := json.Marshal(struct {
		ID    string `json:"id"`
		Stage string `json:"stage"`
		Error string `json:"error"`
	}{x.ID, x.Stage, x.Error})
	return shardOf(x.ID, f.Shards), string(b), err
}

type writeLinesFn struct {
	Prefix string
	Shards int
	Ext    string
}

func (f *writeLinesFn) ProcessElement(ctx context.Context, shard int, lines func(*string) bool) (string, error) {
	var all []string
	var l string
	for lines(&l) {
		all = append(all, l)
	}
	// Lines start with {"id":..., so sorting them orders the shard by id.
	sort.Strings(all)
	var b strings.Builder
	for _, l := range all {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	path := shardName(f.Prefix, shard, f.Shards) + f.Ext
	return path, writeFile(ctx, path, []byte(b.String()))
}

type shardRecordFn struct{ Shards int }

func (f *shardRecordFn) ProcessElement(r Record) (int, Record) { return shardOf(r.ID, f.Shards), r }

type writeNpyFn struct {
	Prefix string
	Shards int
}

func (f *writeNpyFn) ProcessElement(ctx context.Context, shard int, iter func(*Record) bool, emit func(string)) error {
	var recs []Record
	var r Record
	for iter(&r) {
		recs = append(recs, r)
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].ID < recs[j].ID })
	base := shardName(f.Prefix, shard, f.Shards)
	stacked, err := stackShard(recs)
	if err != nil {
		return fmt.Errorf("seqcbeam.WriteNpyShards: %s: %w", base, err)
	}
	names := make([]string, 0, len(stacked))
	for k := range stacked {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		path := base + "." + k + ".npy"
		if err := writeFile(ctx, path, runtime.EncodeNpy(stacked[k])); err != nil {
			return err
		}
		emit(path)
	}
	var ids strings.Builder
	for _, r := range recs {
		ids.WriteString(r.ID)
		ids.WriteByte('\n')
	}
	path := base + ".ids.txt"
	if err := writeFile(ctx, path, []byte(ids.String())); err != nil {
		return err
	}
	emit(path)
	return nil
}

// stackShard stacks each tensor name's records along a new leading axis.
func stackShard(recs []Record) (map[string]*runtime.Tensor, error) {
	out := map[string]*runtime.Tensor{}
	if len(recs) == 0 {
		return out, nil
	}
	first := recs[0]
	for _, k := range first.names() {
		if k == "" || k == "ids" || strings.ContainsAny(k, `/\`) {
			return nil, fmt.Errorf("tensor name %q cannot name a file", k)
		}
		t0 := first.Tensors[k]
		rows := make([]*runtime.Tensor, len(recs))
		for i, r := range recs {
			t := r.Tensors[k]
			switch {
			case t == nil:
				return nil, fmt.Errorf("record %s has no tensor %s (record %s has)", r.ID, k, first.ID)
			case t.DType != t0.DType || !runtime.ShapeEqual(t.Shape, t0.Shape):
				return nil, fmt.Errorf("tensor %s is %s%v in record %s and %s%v in record %s: .npy shards need one dtype and shape per tensor (write these as JSON lines)", k, t0.DType, t0.Shape, first.ID, t.DType, t.Shape, r.ID)
			}
			if err := t.Validate(); err != nil {
				return nil, fmt.Errorf("record %s: tensor %s: %w", r.ID, k, err)
			}
			rows[i] = t
		}
		st := runtime.New(t0.DType, append([]int{len(recs)}, t0.Shape...)...)
		for i, t := range rows {
			if t.DType == runtime.I32 {
				copy(st.I[i*len(t.I):], t.I)
			} else {
				copy(st.F[i*len(t.F):], t.F)
			}
		}
		out[k] = st
	}
	for _, r := range recs {
		if len(r.Tensors) != len(first.Tensors) {
			return nil, fmt.Errorf("record %s has tensors %s, record %s has %s", r.ID, tensorList(r), first.ID, tensorList(first))
		}
	}
	return out, nil
}

// writeFile writes data to path through Beam's filesystem for its scheme.
func writeFile(ctx context.Context, path string, data []byte) error {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return fmt.Errorf("seqcbeam: %s: %w", path, err)
	}
	defer fs.Close()
	if err := filesystem.Write(ctx, fs, path, data); err != nil {
		return fmt.Errorf("seqcbeam: writing %s: %w", path, err)
	}
	return nil
}

func init() {
	register.DoFn1x3[Record, int, string, error](&recordLineFn{})
	register.DoFn1x3[Failure, int, string, error](&failureLineFn{})
	register.DoFn3x2[context.Context, int, func(*string) bool, string, error](&writeLinesFn{})
	register.DoFn1x2[Record, int, Record](&shardRecordFn{})
	register.DoFn4x1[context.Context, int, func(*Record) bool, func(string), error](&writeNpyFn{})
	register.Iter1[string]()
	register.Iter1[Record]()
	register.Emitter1[string]()
}
