//go:build linux

package reliability

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/seqc-dev/seqc/runtime"
)

// makeFixtures writes the hostile files the corpus names under $T: those
// need says a case uses (nil: all of them).
func makeFixtures(t *testing.T, dir string, need func(name string) bool) {
	t.Helper()
	if need == nil {
		need = func(string) bool { return true }
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	write := func(name string, data []byte, mode os.FileMode) {
		t.Helper()
		p := filepath.Join(dir, name)
		must(os.MkdirAll(filepath.Dir(p), 0o755))
		must(os.WriteFile(p, data, mode))
		must(os.Chmod(p, mode))
	}
	sparse := func(name string, head []byte, size int64) {
		t.Helper()
		f, err := os.Create(filepath.Join(dir, name))
		must(err)
		_, err = f.Write(head)
		must(err)
		must(f.Truncate(size))
		must(f.Close())
	}
	read := func(p string) []byte {
		t.Helper()
		b, err := os.ReadFile(p)
		must(err)
		return b
	}

	// Special files.
	if need("fifo") {
		must(syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600))
	}
	if need("idx") {
		must(os.MkdirAll(filepath.Join(dir, "idx"), 0o755))
		must(syscall.Mkfifo(filepath.Join(dir, "idx", "model.safetensors.index.json"), 0o600))
	}

	// .seq files.
	arnet := read("examples/arnet/arnet.seq")
	if need("bom.seq") {
		write("bom.seq", append([]byte("\xef\xbb\xbf"), arnet...), 0o644)
	}
	if need("big.seq") {
		sparse("big.seq", []byte("// a .seq file of 17 MiB\n"), 17<<20)
	}
	model := func(members, body string) []byte {
		return []byte("model M(d: int > 0 = 4) {\n" + members + "    forward(x: f32[B, L, d]) -> f32[B, L, d] {\n" + body + "        return x\n    }\n}\n")
	}
	if need("deep.seq") {
		write("deep.seq", model("", "        y = "+strings.Repeat("(", 67000)+"x"+strings.Repeat(")", 67000)+"\n"), 0o644)
	}
	if need("nested_comp.seq") {
		write("nested_comp.seq", model("    const big = [[i * j for i in 0..99999] for j in 0..99999]\n", ""), 0o644)
	}
	if need("nested_for.seq") {
		write("nested_for.seq", model("", "        for i in 0..99999 {\n            for j in 0..99999 {\n                x = x + 1.0\n            }\n        }\n"), 0o644)
	}
	if need("nested_noop.seq") {
		write("nested_noop.seq", model("", "        for i in 0..99999 {\n            for j in 0..99999 {\n                y = i\n            }\n        }\n"), 0o644)
	}
	if need("strdouble.seq") {
		write("strdouble.seq", model("", "        s = \"ab\"\n        for i in 0..300 {\n            s = s + s\n        }\n"), 0o644)
	}
	if need("overflow.seq") {
		write("overflow.seq", model("    const n = d * 4000000000 * 4000000000 * 4000000000\n", ""), 0o644)
	}
	if need("layers.seq") {
		write("layers.seq", layersSeq, 0o644)
	}
	if need("fmtreal.seq") || need("fmtlink.seq") {
		write("fmtreal.seq", append([]byte("\xef\xbb\xbf"), arnet...), 0o600)
		must(os.Symlink("fmtreal.seq", filepath.Join(dir, "fmtlink.seq")))
	}

	// Configs.
	if need("dup.json") {
		write("dup.json", []byte(`{"d_model": 16, "n_layer": 2, "d_model": 32}`), 0o644)
	}
	if need("notjson.json") {
		write("notjson.json", []byte(`{"d_model": 16,`), 0o644)
	}
	if need("neg.json") {
		write("neg.json", []byte(`{"hyper": {"n_layer": -1}}`), 0o644)
	}
	if need("eps.json") {
		write("eps.json", []byte(`{"norm_epsilon": -1}`), 0o644)
	}
	if need("hugeint.json") {
		write("hugeint.json", []byte(`{"d_model": 1e300}`), 0o644)
	}
	if need("deep.json") {
		write("deep.json", []byte(`{"a": `+strings.Repeat("[", 20000)+strings.Repeat("]", 20000)+`}`), 0o644)
	}

	// Weights.
	if need("trunc.safetensors") {
		charlm := read("golden/reference/mamba_charlm/weights.safetensors")
		write("trunc.safetensors", charlm[:4096], 0o644)
	}
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(i * 2654435761 >> 13)
	}
	if need("garbage.safetensors") {
		write("garbage.safetensors", garbage, 0o644)
	}
	binary.LittleEndian.PutUint64(garbage, 1<<62) // a header length past the end
	if need("hugeheader.safetensors") {
		write("hugeheader.safetensors", garbage, 0o644)
	}
	if need("extra.safetensors") {
		mixer, err := runtime.LoadWeights("golden/reference/mamba_mixer/weights.safetensors")
		must(err)
		extraTensor(t, filepath.Join(dir, "extra.safetensors"), mixer, "unexpected.huge", 1<<29) // 2 GiB
	}

	// Inputs.
	ids := runtime.New(runtime.I32, 1, 8)
	ids.I[5] = 1000 // the vocabulary has 256 bytes
	if need("ids_oor.npy") {
		must(runtime.WriteNpy(filepath.Join(dir, "ids_oor.npy"), ids))
	}
	ids.I[5] = -3
	if need("ids_neg.npy") {
		must(runtime.WriteNpy(filepath.Join(dir, "ids_neg.npy"), ids))
	}
	if need("ids_f32.npy") {
		must(runtime.WriteNpy(filepath.Join(dir, "ids_f32.npy"), runtime.New(runtime.F32, 1, 8)))
	}
	if need("s4d_nan.npy") || need("s4d_huge.npy") || need("trunc.npy") {
		x, err := runtime.ReadNpy("golden/reference/s4d_layer/input.npy")
		must(err)
		per := x.Numel() / (x.Shape[0] * x.Shape[1])
		nan := x.Clone()
		nan.F[x.Shape[1]*per-1] = float32(math.NaN()) // the last position of the first sequence
		must(runtime.WriteNpy(filepath.Join(dir, "s4d_nan.npy"), nan))
		huge := x.Clone()
		for i := range huge.F {
			huge.F[i] = 3e38
		}
		must(runtime.WriteNpy(filepath.Join(dir, "s4d_huge.npy"), huge))
		npy := runtime.EncodeNpy(x)
		write("trunc.npy", npy[:len(npy)-7], 0o644)
	}
	head := runtime.EncodeNpy(runtime.New(runtime.F32, 0))
	// 2.4 GB of f32, a hole in a sparse file; the header keeps its length
	// (numpy reserves spaces for the first dimension to grow).
	head = []byte(strings.Replace(string(head), "(0,), }"+strings.Repeat(" ", 8), "(600000000,), }", 1))
	if need("huge.npy") {
		sparse("huge.npy", head, int64(len(head))+4*600000000)
	}

	// Outputs: a symbolic link, a 0600 file, hard links, a directory in the
	// way, a folder holding a user's model.go.
	if need("out") {
		write("out/real.npy", []byte("old"), 0o600)
		must(os.Symlink("real.npy", filepath.Join(dir, "out", "link.npy")))
		write("out/hl_a.npy", []byte("old"), 0o640)
		must(os.Link(filepath.Join(dir, "out", "hl_a.npy"), filepath.Join(dir, "out", "hl_b.npy")))
		write("out/dir.npy/keep", []byte("keep"), 0o644)
	}
	if need("lstmout") {
		write("lstmout/output.npy", []byte("old"), 0o644)
		write("lstmout/h_n.npy/keep", []byte("keep"), 0o644)
	}
	if need("userpkg") {
		write("userpkg/model.go", []byte("package userpkg\n\n// my own code\n"), 0o644)
	}
	if need("w0600.safetensors") {
		write("w0600.safetensors", []byte("old"), 0o600)
	}
}

// layersSeq is a model of n layers (a list of sub-blocks).
var layersSeq = []byte(`import "std/nn"
block L(d: int > 0) {
    proj = nn.Linear(d, d)
    forward(x: f32[B, T, d]) -> f32[B, T, d] { return proj(x) + x }
}
model M(n: int > 0 = 10, d: int > 0 = 4) {
    layers = [L(d) for i in 0..n]
    forward(x: f32[B, T, d]) -> f32[B, T, d] {
        for l in layers { x = l(x) }
        return x
    }
}
`)

// extraTensor writes the tensors of w and one more, huge, tensor whose
// data is a hole in a sparse file.
func extraTensor(t *testing.T, path string, w map[string]*runtime.Tensor, name string, elems int64) {
	t.Helper()
	names := make([]string, 0, len(w))
	for n := range w {
		names = append(names, n)
	}
	sort.Strings(names)
	var hdr strings.Builder
	fmt.Fprintf(&hdr, `{%q:{"dtype":"F32","shape":[%d],"data_offsets":[0,%d]}`, name, elems, 4*elems)
	off := 4 * elems
	var data []byte
	for _, n := range names {
		x := w[n]
		fmt.Fprintf(&hdr, `,%q:{"dtype":"F32","shape":%s,"data_offsets":[%d,%d]}`, n, strings.ReplaceAll(x.ShapeString(), " ", ""), off, off+4*int64(len(x.F)))
		off += 4 * int64(len(x.F))
		for _, v := range x.F {
			data = binary.LittleEndian.AppendUint32(data, math.Float32bits(v))
		}
	}
	hdr.WriteString("}")
	h := hdr.String()
	for len(h)%8 != 0 {
		h += " "
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(h)))
	f.Write(n[:])
	f.WriteString(h)
	if _, err := f.WriteAt(data, int64(8+len(h))+4*elems); err != nil {
		t.Fatal(err)
	}
}
