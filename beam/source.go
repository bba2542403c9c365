package seqcbeam

import (
	"bytes"
	"context"
	"fmt"
	"strconv"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/seqc-dev/seqc/runtime"
)

// The sources read whole files (a file is the unit of parallelism: write
// many shards rather than one large file) through Beam's filesystems, so a
// glob may name local files or gs://, s3:// ... where the program links
// the filesystem; .gz files are decompressed. Those that parse return the
// records and a PCollection<Failure> of what they could not read (Stage
// "read"), so one bad line or file does not stop the pipeline.

// ReadNpyRows reads .npy shards: one record per row of the leading axis,
// with the row (shape[1:]) as tensor input ("" for the function's only
// input), and id "PATH[ROW]" (ROW counted from 0).
func ReadNpyRows(s beam.Scope, glob, input string) (records, failures beam.PCollection) {
	s = s.Scope("seqcbeam.ReadNpyRows")
	return beam.ParDo2(s, &npyFn{Input: input, Rows: true}, readFiles(s, glob))
}

// ReadNpyFiles reads one record per .npy file, the whole array as tensor
// input, with the file's path as id.
func ReadNpyFiles(s beam.Scope, glob, input string) (records, failures beam.PCollection) {
	s = s.Scope("seqcbeam.ReadNpyFiles")
	return beam.ParDo2(s, &npyFn{Input: input}, readFiles(s, glob))
}

// ReadJSONLines reads JSON lines files, one record per non-empty line (see
// the format in README.md: {"id": ..., "NAME": nested numbers, ...}). A
// line that does not parse is a Failure with id "PATH:LINE" (from 1).
func ReadJSONLines(s beam.Scope, glob string) (records, failures beam.PCollection) {
	s = s.Scope("seqcbeam.ReadJSONLines")
	return beam.ParDo2(s, &jsonLinesFn{}, readFiles(s, glob))
}

// ReadTextBytes reads text files tokenised as bytes, as the byte-level
// language models are: one record per non-empty line (without its "\n"
// or "\r\n"), each byte an i32 id in tensor input, with id "PATH:LINE"
// (LINE counted from 1). Every line is valid, so there are no failures.
func ReadTextBytes(s beam.Scope, glob, input string) beam.PCollection {
	s = s.Scope("seqcbeam.ReadTextBytes")
	return beam.ParDo(s, &textBytesFn{Input: input}, readFiles(s, glob))
}

func readFiles(s beam.Scope, glob string) beam.PCollection {
	return fileio.ReadMatches(s, fileio.MatchFiles(s, glob))
}

type npyFn struct {
	Input string
	Rows  bool
}

func (f *npyFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(Record), fail func(Failure)) error {
	path := file.Metadata.Path
	data, err := file.Read(ctx)
	if err != nil {
		return fmt.Errorf("seqcbeam: reading %s: %w", path, err) // the filesystem failed: let the runner retry
	}
	t, err := runtime.ParseNpy(data)
	if err != nil {
		fail(Failure{ID: path, Stage: StageRead, Error: err.Error()})
		return nil
	}
	if !f.Rows {
		emit(Record{ID: path, Tensors: map[string]*runtime.Tensor{f.Input: t}})
		return nil
	}
	if len(t.Shape) == 0 {
		fail(Failure{ID: path, Stage: StageRead, Error: "a scalar .npy has no rows (ReadNpyFiles reads one record per file)"})
		return nil
	}
	n := t.Numel() / max(t.Shape[0], 1)
	w := 1
	if t.DType == runtime.C64 {
		w = 2
	}
	for i := 0; i < t.Shape[0]; i++ {
		row := &runtime.Tensor{DType: t.DType, Shape: append([]int{}, t.Shape[1:]...)}
		if t.DType == runtime.I32 {
			row.I = append([]int32(nil), t.I[i*n:(i+1)*n]...)
		} else {
			row.F = append([]float32(nil), t.F[i*n*w:(i+1)*n*w]...)
		}
		emit(Record{ID: path + "[" + strconv.Itoa(i) + "]", Tensors: map[string]*runtime.Tensor{f.Input: row}})
	}
	return nil
}

// eachLine calls fn with every non-empty line of data (without "\n" or
// "\r\n") and its number, counted from 1.
func eachLine(data []byte, fn func(line []byte, n int)) {
	for n := 1; len(data) > 0; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) > 0 {
			fn(line, n)
		}
	}
}

type jsonLinesFn struct{}

func (f *jsonLinesFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(Record), fail func(Failure)) error {
	path := file.Metadata.Path
	data, err := file.Read(ctx)
	if err != nil {
		return fmt.Errorf("seqcbeam: reading %s: %w", path, err)
	}
	eachLine(data, func(line []byte, n int) {
		if len(bytes.TrimSpace(line)) == 0 {
			return
		}
		r, err := decodeJSONRecord(line)
		if err != nil {
			id := path + ":" + strconv.Itoa(n)
			if r.ID != "" {
				id = r.ID
			}
			fail(Failure{ID: id, Stage: StageRead, Error: fmt.Sprintf("%s:%d: %v", path, n, err)})
			return
		}
		emit(r)
	})
	return nil
}

type textBytesFn struct{ Input string }

func (f *textBytesFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(Record)) error {
	path := file.Metadata.Path
	data, err := file.Read(ctx)
	if err != nil {
		return fmt.Errorf("seqcbeam: reading %s: %w", path, err)
	}
	eachLine(data, func(line []byte, n int) {
		t := runtime.New(runtime.I32, len(line))
		for i, c := range line {
			t.I[i] = int32(c)
		}
		emit(Record{ID: path + ":" + strconv.Itoa(n), Tensors: map[string]*runtime.Tensor{f.Input: t}})
	})
	return nil
}

func init() {
	register.DoFn4x1[context.Context, fileio.ReadableFile, func(Record), func(Failure), error](&npyFn{})
	register.DoFn4x1[context.Context, fileio.ReadableFile, func(Record), func(Failure), error](&jsonLinesFn{})
	register.DoFn3x1[context.Context, fileio.ReadableFile, func(Record), error](&textBytesFn{})
}
