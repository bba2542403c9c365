package seqcbeam

import (
	"bufio"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// TestJSONRoundTrip: a record written as a JSON line reads back bitwise
// (shortest float32 form, NaN and the infinities as strings).
func TestJSONRoundTrip(t *testing.T) {
	f := runtime.New(runtime.F32, 2, 3)
	copy(f.F, []float32{0.1, -1e-30, 3.4028235e38, float32(math.NaN()), float32(math.Inf(-1)), 7})
	i := runtime.New(runtime.I32, 4)
	copy(i.I, []int32{0, -5, math.MaxInt32, math.MinInt32})
	r := Record{ID: "a\"b", Tensors: map[string]*runtime.Tensor{"x": f, "ids": i, "s": runtime.New(runtime.F32)}}
	line, err := encodeJSONRecord(r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeJSONRecord(line)
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	if got.ID != r.ID || got.Tensors["ids"].DType != runtime.I32 || !runtime.ShapeEqual(got.Tensors["x"].Shape, []int{2, 3}) {
		t.Fatalf("%s read back as %+v", line, got)
	}
	for j, v := range f.F {
		if g := got.Tensors["x"].F[j]; math.Float32bits(g) != math.Float32bits(v) && !(math.IsNaN(float64(g)) && math.IsNaN(float64(v))) {
			t.Errorf("x[%d] = %v, want %v", j, g, v)
		}
	}
	for _, bad := range []string{`{"x": [1]}`, `{"id": "a"}`, `{"id": "a", "x": [[1, 2], [3]]}`, `{"id": "a", "x": [1, "two"]}`, `[1]`, `{"id": "a", "x": {"y": 1}}`} {
		if _, err := decodeJSONRecord([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// TestRecordCoder: the binary coder round-trips records and refuses
// truncated or corrupt bytes with an error.
func TestRecordCoder(t *testing.T) {
	x := runtime.New(runtime.F32, 3, 2)
	x.F[4] = -2.5
	ids := runtime.New(runtime.I32, 5)
	ids.I[1] = -7
	r := Record{ID: "rec", Tensors: map[string]*runtime.Tensor{"x": x, "ids": ids}}
	b, err := encodeRecord(r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	if msg := diffRecords(got, r); msg != "" || got.ID != "rec" {
		t.Fatal(msg)
	}
	for n := 0; n < len(b); n++ {
		if _, err := decodeRecord(b[:n]); err == nil {
			t.Fatalf("truncated to %d bytes: no error", n)
		}
	}
	if _, err := decodeRecord(append(b, 0)); err == nil {
		t.Fatal("trailing byte: no error")
	}
}

// TestFilesEndToEnd: .npy shards (one record per row) and JSON lines in;
// Infer; JSON lines, .npy shards and the dead letters out. What the files
// hold equals Forward on each series alone, bitwise.
func TestFilesEndToEnd(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(9))
	var all []Record
	for shard, l := range []int{24, 32, 40} {
		recs := series(rng, 5, l, l)
		st := runtime.New(runtime.F32, len(recs), l)
		path := filepath.Join(dir, "in", "series-"+string(rune('0'+shard))+".npy")
		for i, r := range recs {
			copy(st.F[i*l:], r.Tensors["input"].F)
			all = append(all, Record{ID: path + "[" + string(rune('0'+i)) + "]", Tensors: r.Tensors})
		}
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := runtime.WriteNpy(path, st); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "in", "broken.npy"), []byte("\x93NUMPY not really"), 0o644); err != nil {
		t.Fatal(err)
	}
	// JSON lines: two good series (one of integers, read as i32 and fed to
	// the f32 input exactly), a malformed line and a series too short.
	jl := filepath.Join(dir, "in", "more.jsonl")
	js := `{"id": "j1", "input": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]}` + "\n" +
		`{"id": "j2", "input": [0.5, 0.25, 0.125, 0, 0.5, 0.25, 0.125, 0, 0.5, 0.25, 0.125, 0, 0.5, 0.25, 0.125, 0, 1.5]}` + "\n" +
		`{"id": "j3", "input": [0.5, oops]}` + "\n\n" +
		`{"id": "j4", "input": [0.5, 0.25]}` + "\n"
	if err := os.WriteFile(jl, []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"j1", "j2"} {
		r, err := decodeJSONRecord([]byte(strings.Split(js, "\n")[map[string]int{"j1": 0, "j2": 1}[line]]))
		if err != nil {
			t.Fatal(err)
		}
		r.Tensors["input"], _ = convert(r.Tensors["input"], mustFunc(t).Inputs[0])
		all = append(all, r)
	}
	want := forwardAlone(t, "test-arnet", arnetWeights, "forward", all)

	p, s := beam.NewPipelineWithRoot()
	rows, badFiles := ReadNpyRows(s, filepath.Join(dir, "in", "*.npy"), "input")
	lines, badLines := ReadJSONLines(s, jl)
	res, fails := Infer(s, beam.Flatten(s, rows, lines), Config{Model: "test-arnet", Weights: arnetWeights, MaxBatch: 4})
	passert.Empty(s, compare(s, res, want))
	out := filepath.Join(dir, "out")
	WriteJSONLines(s, filepath.Join(out, "pred"), 2, res)
	WriteFailures(s, filepath.Join(out, "failed"), 1, beam.Flatten(s, badFiles, badLines, fails))
	// One-step predictions have length L-16: shards mix lengths, so the
	// .npy sink gets the next-value forecasts instead (one number each).
	next, _ := Infer(s, rows, Config{Model: "test-arnet", Weights: arnetWeights, Func: "next"})
	WriteNpyShards(s, filepath.Join(out, "next"), 2, next)
	if _, err := ptest.RunWithMetrics(p); err != nil {
		t.Fatal(err)
	}

	// The JSON lines hold the predictions bitwise.
	got := map[string]Record{}
	for _, f := range glob(t, filepath.Join(out, "pred-*-of-00002.jsonl")) {
		for _, line := range readLines(t, f) {
			r, err := decodeJSONRecord([]byte(line))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			got[r.ID] = r
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d records in the JSON lines, want %d", len(got), len(want))
	}
	for _, w := range want {
		if msg := diffRecords(got[w.ID], w); msg != "" {
			t.Errorf("%s: %s", w.ID, msg)
		}
	}
	// The dead letters: the broken file, the bad line, the short series.
	var failed []string
	for _, line := range readLines(t, glob(t, filepath.Join(out, "failed-00000-of-00001.jsonl"))[0]) {
		failed = append(failed, line)
	}
	joined := strings.Join(failed, "\n")
	if len(failed) != 3 || !strings.Contains(joined, `broken.npy","stage":"read"`) || !strings.Contains(joined, `more.jsonl:3","stage":"read"`) ||
		!strings.Contains(joined, `"j4","stage":"check","error":"input too short`) {
		t.Errorf("dead letters:\n%s", joined)
	}
	// The .npy shards stack one forecast per row, in the order of ids.txt.
	nextWant := forwardAlone(t, "test-arnet", arnetWeights, "next", all[:15])
	byID := map[string]float32{}
	for _, r := range nextWant {
		byID[r.ID] = r.Tensors["forecast"].F[0]
	}
	n := 0
	for _, f := range glob(t, filepath.Join(out, "next-*.forecast.npy")) {
		st, err := runtime.ReadNpy(f)
		if err != nil {
			t.Fatal(err)
		}
		ids := readLines(t, strings.TrimSuffix(f, ".forecast.npy")+".ids.txt")
		if len(st.Shape) != 1 || st.Shape[0] != len(ids) || !sort.StringsAreSorted(ids) {
			t.Fatalf("%s: shape %v for %d ids", f, st.Shape, len(ids))
		}
		for i, id := range ids {
			if st.F[i] != byID[id] {
				t.Errorf("%s row %d (%s) = %v, want %v", f, i, id, st.F[i], byID[id])
			}
			n++
		}
	}
	if n != 15 {
		t.Errorf("%d forecasts in the .npy shards, want 15", n)
	}
}

// TestTextBytesSource: ReadTextBytes makes one record of byte ids per
// non-empty line, with id PATH:LINE.
func TestTextBytesSource(t *testing.T) {
	path := filepath.Join(t.TempDir(), "code.txt")
	if err := os.WriteFile(path, []byte("go f()\r\n\nx := 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, s := beam.NewPipelineWithRoot()
	recs := ReadTextBytes(s, path, "input_ids")
	passert.Equals(s, beam.ParDo(s, recordSummary, recs), path+":1 input_ids=[103 111 32 102 40 41]", path+":3 input_ids=[120 32 58 61 32 49]")
	ptest.RunAndValidate(t, p)
}

func recordSummary(r Record) string {
	var parts []string
	for _, k := range r.names() {
		parts = append(parts, fmt.Sprintf("%s=%v", k, r.Tensors[k].I))
	}
	return r.ID + " " + strings.Join(parts, " ")
}

func mustFunc(t *testing.T) *ir.Func {
	t.Helper()
	load, _ := lookup("test-arnet")
	m, err := load(arnetWeights)
	if err != nil {
		t.Fatal(err)
	}
	f, err := m.Func("forward")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func glob(t *testing.T, pattern string) []string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	if err != nil || len(m) == 0 {
		t.Fatalf("no file matches %s (%v)", pattern, err)
	}
	return m
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}
