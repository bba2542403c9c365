//go:build unix

package runtime

import (
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	goruntime "runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Regression tests for issue 12 (hostile input never crashes, hangs,
// corrupts state or loses a user's file), the items runtime answers for.

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWriteThroughSymlink (item 4): writing to a symbolic link writes its
// target; the link stays a link.
func TestWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.npy")
	link := filepath.Join(dir, "link.npy")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.npy", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(link, writeString("new")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi.Mode(), err)
	}
	if got := readString(t, target); got != "new" {
		t.Errorf("the link's target holds %q, want the new contents", got)
	}
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o600 {
		t.Errorf("the target's mode became %v, want 0600 kept", fi.Mode().Perm())
	}
	// A dangling link: the file it names is created.
	dangling := filepath.Join(dir, "dangling")
	if err := os.Symlink("sub-missing-file", dangling); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(dangling, writeString("x")); err != nil {
		t.Fatal(err)
	}
	if got := readString(t, filepath.Join(dir, "sub-missing-file")); got != "x" {
		t.Errorf("dangling link's target holds %q", got)
	}
	if names := dirEntries(t, dir); len(names) != 4 {
		t.Errorf("directory holds %v, want no temp files", names)
	}
}

// TestWriteKeepsModeAndLinks (item 4): an existing file keeps its mode, and a
// file with several hard links stays one file.
func TestWriteKeepsModeAndLinks(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if err := os.WriteFile(a, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(a, b); err != nil {
		t.Skip("no hard links here:", err)
	}
	if err := WriteFileAtomic(a, writeString("new")); err != nil {
		t.Fatal(err)
	}
	if got := readString(t, b); got != "new" {
		t.Errorf("the other hard link holds %q: the links were split", got)
	}
	if fi, _ := os.Stat(a); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	c := filepath.Join(dir, "c")
	if err := os.WriteFile(c, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(c, writeString("new")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(c); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", fi.Mode().Perm())
	}
}

// TestWriteSpecialFiles (item 4): a device or named pipe is written
// directly, never replaced; a directory or socket is refused. No test writes
// to a device: planWrite says what would happen.
func TestWriteSpecialFiles(t *testing.T) {
	if _, err := os.Stat("/dev/null"); err == nil {
		s, err := planWrite("/dev/null")
		if err != nil || s.how != direct {
			t.Errorf("/dev/null: plan %+v, %v; want a direct write", s, err)
		}
	}
	dir := t.TempDir()
	if _, err := planWrite(dir); err == nil || !strings.Contains(err.Error(), "a directory") {
		t.Errorf("a directory: %v", err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	// Nobody reads the pipe: an error, not a wait.
	done := make(chan error, 1)
	go func() { done <- WriteFileAtomic(fifo, writeString("data")) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "no process is reading") {
			t.Errorf("writing a pipe nobody reads: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("writing a pipe nobody reads hangs")
	}
	// A reader: the data goes through the pipe, which stays a pipe.
	r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := WriteFileAtomic(fifo, writeString("data")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	n, _ := r.Read(buf)
	if string(buf[:n]) != "data" {
		t.Errorf("the reader got %q", buf[:n])
	}
	if fi, _ := os.Lstat(fifo); fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced by %v", fi.Mode())
	}
}

// TestWriteFilesAllOrNone (item 5): when one of several outputs fails, none
// is written and no temp file is left.
func TestWriteFilesAllOrNone(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.npy"), filepath.Join(dir, "b.npy")
	if err := os.WriteFile(a, []byte("old a"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteFilesAtomic([]FileWrite{
		{Path: a, Write: writeString("new a")},
		{Path: b, Write: func(io.Writer) error { return errors.New("disk full") }},
	})
	if err == nil {
		t.Fatal("no error")
	}
	if got := readString(t, a); got != "old a" {
		t.Errorf("a holds %q after the write of b failed, want the old contents", got)
	}
	if names := dirEntries(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v, want only a.npy", names)
	}
	// The second target is a directory: refused before anything is written.
	if err := os.Mkdir(b, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteFilesAtomic([]FileWrite{{Path: a, Write: writeString("new a")}, {Path: b, Write: writeString("b")}}); err == nil {
		t.Fatal("writing over a directory succeeded")
	}
	if got := readString(t, a); got != "old a" {
		t.Errorf("a holds %q", got)
	}
	// Success writes both.
	c := filepath.Join(dir, "c.npy")
	if err := WriteFilesAtomic([]FileWrite{{Path: a, Write: writeString("new a")}, {Path: c, Write: writeString("c")}}); err != nil {
		t.Fatal(err)
	}
	if readString(t, a) != "new a" || readString(t, c) != "c" {
		t.Error("a successful write did not write both files")
	}
	if names := dirEntries(t, dir); len(names) != 3 {
		t.Errorf("directory holds %v", names)
	}
}

// TestRemoveTempFiles (item 5): an interrupted command removes the temp
// files of writes in progress.
func TestRemoveTempFiles(t *testing.T) {
	dir := t.TempDir()
	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- WriteFileAtomic(filepath.Join(dir, "out.npy"), func(w io.Writer) error {
			w.Write(make([]byte, 2<<20))
			close(started)
			<-release
			return nil
		})
	}()
	<-started
	if names := dirEntries(t, dir); len(names) != 1 || !strings.HasPrefix(names[0], ".out.npy.tmp-") {
		t.Fatalf("directory holds %v, want the temp file", names)
	}
	if n := RemoveTempFiles(); n != 1 {
		t.Errorf("removed %d temp files, want 1", n)
	}
	if names := dirEntries(t, dir); len(names) != 0 {
		t.Errorf("directory holds %v after RemoveTempFiles", names)
	}
	close(release)
	if err := <-done; err == nil {
		t.Error("the interrupted write succeeded")
	}
	if names := dirEntries(t, dir); len(names) != 0 {
		t.Errorf("directory holds %v", names)
	}
}

// TestOpenSpecialFiles (item 9): named pipes, devices and directories are
// refused before they are opened for reading (a pipe would block the open,
// /dev/zero never end); files without a size (/proc) are read.
func TestOpenSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, p := range []string{fifo, "/dev/zero", dir} {
			if _, err := os.Stat(p); err != nil {
				continue
			}
			var nr *NotRegularError
			if _, err := ReadNpy(p); !errors.As(err, &nr) {
				t.Errorf("ReadNpy(%s): %v, want a NotRegularError", p, err)
			}
			if _, err := OpenSafetensors(p); !errors.As(err, &nr) {
				t.Errorf("OpenSafetensors(%s): %v", p, err)
			}
			if _, err := ReadConfigFile(p); !errors.As(err, &nr) {
				t.Errorf("ReadConfigFile(%s): %v", p, err)
			}
			if _, err := LoadWeights(filepath.Join(p)); err == nil && p != dir {
				t.Errorf("LoadWeights(%s) succeeded", p)
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("reading a special file hangs")
	}
	if _, err := os.Stat("/proc/self/status"); err == nil {
		data, err := ReadFileLimit("/proc/self/status", 1<<20, "a test")
		if err != nil || len(data) == 0 {
			t.Errorf("/proc/self/status: %d bytes, %v", len(data), err)
		}
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, make([]byte, 100), 0o644); err != nil {
		t.Fatal(err)
	}
	var tl *TooLargeError
	if _, err := ReadFileLimit(big, 99, "a test file"); !errors.As(err, &tl) {
		t.Errorf("a file over the limit: %v", err)
	}
}

// sparseSafetensors writes a checkpoint holding the named small tensors and
// one huge tensor whose data is a hole in a sparse file.
func sparseSafetensors(t *testing.T, path string, small map[string]*Tensor, hugeName string, hugeElems int64) {
	t.Helper()
	hdr := `{"` + hugeName + `":{"dtype":"F32","shape":[` + itoa(hugeElems) + `],"data_offsets":[0,` + itoa(4*hugeElems) + `]}`
	off := 4 * hugeElems
	var data []byte
	for _, name := range sortedNames(small) {
		x := small[name]
		hdr += `,"` + name + `":{"dtype":"F32","shape":[` + itoa(int64(len(x.F))) + `],"data_offsets":[` + itoa(off) + `,` + itoa(off+4*int64(len(x.F))) + `]}`
		off += 4 * int64(len(x.F))
		for _, v := range x.F {
			data = binary.LittleEndian.AppendUint32(data, math.Float32bits(v))
		}
	}
	hdr += "}"
	for len(hdr)%8 != 0 {
		hdr += " "
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(hdr)))
	f.Write(n[:])
	f.WriteString(hdr)
	start := int64(8 + len(hdr))
	if _, err := f.WriteAt(data, start+4*hugeElems); err != nil {
		t.Fatal(err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func sortedNames(m map[string]*Tensor) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestUnexpectedTensorNotDecoded (item 6): a checkpoint with an unexpected
// 2 GB tensor is refused by name, from its header, without decoding it;
// the expected tensors count against the memory budget before they are
// decoded.
func TestUnexpectedTensorNotDecoded(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.safetensors")
	w, _ := NewF32([]int{4}, []float32{1, 2, 3, 4})
	sparseSafetensors(t, path, map[string]*Tensor{"w": w}, "huge", 1<<29) // 2 GiB of F32
	want := []ParamSpec{{Name: "w", Shape: []int{4}}}
	var before, after goruntime.MemStats
	goruntime.ReadMemStats(&before)
	_, err := LoadWeightsFor(path, want, nil)
	goruntime.ReadMemStats(&after)
	var we *WeightsError
	if !errors.As(err, &we) || len(we.Unexpected) != 1 || we.Unexpected[0] != "huge" {
		t.Fatalf("got %v, want an unexpected tensor huge", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("refusing the checkpoint allocated %d bytes: the unexpected tensor was decoded", grew)
	}
	// Expected tensors over the budget: a MemoryError, before decoding.
	specs := []ParamSpec{{Name: "w", Shape: []int{4}}, {Name: "huge", Shape: []int{1 << 29}}}
	_, err = LoadWeightsFor(path, specs, NewBudget(1<<30))
	var me *MemoryError
	if !errors.As(err, &me) || !strings.Contains(err.Error(), "2.0 GiB") {
		t.Fatalf("weights over the budget: %v", err)
	}
	got, err := LoadWeightsFor(path, want[:1], nil)
	if err == nil {
		t.Fatalf("the checkpoint with an unexpected tensor loaded: %v", got)
	}
}

// TestReadNpyOneCopy (item 6): a .npy file is decoded from a mapping of the
// file, not read into memory first: reading it allocates about one copy of
// its data; and a budget refuses it from the header.
func TestReadNpyOneCopy(t *testing.T) {
	x := New(F32, 1<<22) // 16 MiB
	path := filepath.Join(t.TempDir(), "x.npy")
	if err := WriteNpy(path, x); err != nil {
		t.Fatal(err)
	}
	var before, after goruntime.MemStats
	goruntime.GC()
	goruntime.ReadMemStats(&before)
	y, err := ReadNpy(path)
	goruntime.ReadMemStats(&after)
	if err != nil || len(y.F) != len(x.F) {
		t.Fatal(err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 20<<20 {
		t.Errorf("reading a 16 MiB .npy allocated %d MiB: two copies", grew>>20)
	}
	var me *MemoryError
	if _, err := ReadNpyBudget(path, NewBudget(8<<20)); !errors.As(err, &me) {
		t.Errorf("a .npy over the budget: %v", err)
	}
}

// TestTiedTensorValues (item 11): a tied tensor present in the checkpoint
// must hold the values of the tensor it is tied to.
func TestTiedTensorValues(t *testing.T) {
	emb, _ := NewF32([]int{2, 2}, []float32{1, 2, 3, 4})
	same, _ := NewF32([]int{2, 2}, []float32{1, 2, 3, 4})
	other, _ := NewF32([]int{2, 2}, []float32{1, 2, 3.5, 4})
	specs := []ParamSpec{{Name: "emb", Shape: []int{2, 2}}, {Name: "head", Shape: []int{2, 2}, Optional: true, TiedTo: "emb"}}
	if err := CheckWeights("w", specs, map[string]*Tensor{"emb": emb}); err != nil {
		t.Errorf("tied tensor absent: %v", err)
	}
	if err := CheckWeights("w", specs, map[string]*Tensor{"emb": emb, "head": same}); err != nil {
		t.Errorf("tied tensor with the same values: %v", err)
	}
	err := CheckWeights("w", specs, map[string]*Tensor{"emb": emb, "head": other})
	if err == nil || !strings.Contains(err.Error(), "tensor head is tied to emb but holds other values (element 2: 3.5, not 3)") {
		t.Errorf("tied tensor with other values: %v", err)
	}
}

// TestDuplicateConfigKeys (item 10): a config with a key given twice is an
// error, at any depth, not "the last one wins".
func TestDuplicateConfigKeys(t *testing.T) {
	for _, src := range []string{`{"d_model": 4, "d_model": 8}`, `{"hyper": {"n_layer": 1, "n_layer": 2}}`} {
		if _, err := ParseJSONObject([]byte(src)); err == nil || !strings.Contains(err.Error(), "duplicate key") {
			t.Errorf("%s: %v", src, err)
		}
		var cfg struct {
			DModel int `json:"d_model"`
			NLayer int `json:"n_layer"`
		}
		if err := DecodeConfig([]byte(src), &cfg); err == nil || !strings.Contains(err.Error(), "duplicate key") {
			t.Errorf("DecodeConfig %s: %v", src, err)
		}
	}
	obj, err := ParseJSONObject([]byte(`{"a": [1, {"b": null}], "c": "x"}`))
	if err != nil || obj["c"] != "x" {
		t.Errorf("a valid object: %v %v", obj, err)
	}
	deep := strings.Repeat("[", 5000) + strings.Repeat("]", 5000)
	if _, err := ParseJSONObject([]byte(`{"a": ` + deep + `}`)); err == nil {
		t.Error("a config nested 5000 deep was accepted")
	}
}

func TestParseBytesAndBudget(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "512": 512, "1KiB": 1024, "16G": 16 << 30, "1.5GiB": 3 << 29, "2 MB": 2 << 20} {
		if got, err := ParseBytes(in); err != nil || got != want {
			t.Errorf("ParseBytes(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "-1", "x", "1XB", "NaN"} {
		if _, err := ParseBytes(bad); err == nil {
			t.Errorf("ParseBytes(%q) succeeded", bad)
		}
	}
	b := NewBudget(100)
	if b.Take("a", 60) != nil || b.Take("b", 60) == nil || b.Take("c", 40) != nil {
		t.Error("budget arithmetic")
	}
	if NewBudget(10).Take("x", math.MaxInt64) == nil || (*Budget)(nil).Take("x", math.MaxInt64) != nil {
		t.Error("budget limits")
	}
	if MulBytes(1<<40, 1<<40) != math.MaxInt64 || ShapeBytes([]int{1 << 40, 1 << 40}, 4) != math.MaxInt64 {
		t.Error("byte counts do not saturate")
	}
	if DefaultMaxMemory() < 0 {
		t.Error("negative default budget")
	}
}
