package llvm

import (
	"bytes"
	"context"
	"debug/elf"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"text/template"
	"time"
)

// The end-to-end tests link the compiled kernels into a throwaway Go program,
// exactly as generated packages will: the object saved as
// kernels_linux_amd64.syso next to a main.go that declares the kernels
// through cgo (CgoPreamble). The program reads raw little-endian float32
// inputs, runs every kernel and writes raw outputs back.

// missingTool skips a test that needs a tool this machine lacks, except in
// CI (the CI variable set), where .ci/run installs every tool: there a
// missing one must fail, not quietly skip the LLVM backend's tests.
func missingTool(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("CI lacks a tool the LLVM backend's tests need: "+format, args...)
	}
	t.Skipf("skipping: "+format, args...)
}

// requireLLC skips the test when llc is not on PATH.
func requireLLC(t testing.TB) {
	t.Helper()
	if _, err := LookupLLC(); err != nil {
		missingTool(t, "%v", err)
	}
}

// requireNative skips the test unless llc, a C compiler for cgo and an
// AVX2/FMA host are all present.
func requireNative(t testing.TB) {
	t.Helper()
	requireLLC(t)
	if _, err := exec.LookPath("gcc"); err != nil {
		missingTool(t, "no C compiler (gcc) on PATH, cgo cannot link the kernels")
	}
	if !HostSupportsAVX2() {
		t.Skip("skipping: host lacks AVX2/FMA (x86-64-v3), the kernels cannot run here")
	}
}

// allKernels is one kernel per supported op, named after the op.
func allKernels() []Kernel {
	var ks []Kernel
	for _, op := range Ops() {
		ks = append(ks, Kernel{Name: op, Op: op})
	}
	return ks
}

const harnessMain = `package main

/*
{{.Preamble}}*/
import "C"

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unsafe"
)

func ptr(s []float32, off, n int) *C.float {
	if n == 0 {
		return nil
	}
	return (*C.float)(unsafe.Pointer(&s[off]))
}

var kernels = map[string]func(dst, a, b []float32, off, n int){
{{- range .Kernels}}
	{{printf "%q" .Name}}: func(dst, a, b []float32, off, n int) {
		C.{{.Symbol}}(ptr(dst, off, n), ptr(a, off, n), ptr(b, off, n), C.longlong(n))
	},
{{- end}}
}

const guard = 16

var sentinel = math.Float32frombits(0x7fa5a5a5)

// buffer returns off sentinels, data, then guard sentinels.
func buffer(data []float32, off int) []float32 {
	buf := make([]float32, off+len(data)+guard)
	for i := range buf {
		buf[i] = sentinel
	}
	copy(buf[off:], data)
	return buf
}

func readF32(path string) []float32 {
	raw, err := os.ReadFile(path)
	check(err)
	out := make([]float32, len(raw)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return out
}

func writeF32(path string, v []float32) {
	raw := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(x))
	}
	check(os.WriteFile(path, raw, 0o644))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	if os.Args[1] == "bench" {
		bench(os.Args[2:])
		return
	}
	// run DIR: manifest lines are "case n offset inplace".
	dir := os.Args[2]
	manifest, err := os.ReadFile(filepath.Join(dir, "manifest.txt"))
	check(err)
	for _, line := range strings.Split(strings.TrimSpace(string(manifest)), "\n") {
		f := strings.Fields(line)
		name := f[0]
		off, _ := strconv.Atoi(f[2])
		inplace := f[3] == "1"
		a := readF32(filepath.Join(dir, "a_"+name+".bin"))
		b := readF32(filepath.Join(dir, "b_"+name+".bin"))
		for kname, kern := range kernels {
			ab, bb := buffer(a, off), buffer(b, off)
			dst := buffer(make([]float32, len(a)), off)
			if inplace {
				dst = ab
			}
			kern(dst, ab, bb, off, len(a))
			writeF32(filepath.Join(dir, "out_"+kname+"_"+name+".bin"), dst)
		}
	}
}

// bench N REPS: seconds per element of the silu kernel and of a plain Go loop.
func bench(args []string) {
	n, _ := strconv.Atoi(args[0])
	reps, _ := strconv.Atoi(args[1])
	x, y := make([]float32, n), make([]float32, n)
	for i := range x {
		x[i] = float32(i%2000)/100 - 10
	}
	best := func(f func()) float64 {
		b := math.Inf(1)
		for r := 0; r < reps; r++ {
			t0 := time.Now()
			f()
			b = math.Min(b, time.Since(t0).Seconds())
		}
		return b / float64(n)
	}
	kern := best(func() { kernels["silu"](y, x, x, 0, n) })
	goLoop := best(func() {
		for i, v := range x {
			y[i] = float32(float64(v) / (1 + math.Exp(-float64(v))))
		}
	})
	fmt.Printf("%g %g\n", kern, goLoop)
}
`

// buildHarness writes the throwaway module for kernels ks and object obj into
// a new temporary directory and returns it.
func buildHarness(t testing.TB, ks []Kernel, obj []byte) string {
	t.Helper()
	pre, err := CgoPreamble(ks)
	if err != nil {
		t.Fatal(err)
	}
	var src bytes.Buffer
	tmpl := template.Must(template.New("main").Parse(harnessMain))
	if err := tmpl.Execute(&src, struct {
		Preamble string
		Kernels  []Kernel
	}{pre, ks}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string][]byte{
		"go.mod":                   []byte("module kerneltest\n\ngo 1.26\n"),
		"main.go":                  src.Bytes(),
		"kernels_linux_amd64.syso": obj,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// goRun runs "go run . args..." in the harness directory with cgo enabled and
// returns its standard output.
func goRun(t testing.TB, dir string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", append([]string{"run", "."}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go run . %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

func writeF32(t testing.TB, path string, v []float32) {
	t.Helper()
	raw := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(x))
	}
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readF32(t testing.TB, path string) []float32 {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float32, len(raw)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return out
}

// definedSymbols returns the names an ELF object defines.
func definedSymbols(obj []byte) (map[string]bool, error) {
	f, err := elf.NewFile(bytes.NewReader(obj))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, s := range syms {
		if s.Section != elf.SHN_UNDEF {
			out[s.Name] = true
		}
	}
	return out, nil
}
