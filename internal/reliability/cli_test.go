//go:build linux

package reliability

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// full reports whether every case runs (make reliability), not only the
// bounded ones (make test).
func full() bool { return os.Getenv("SEQC_RELIABILITY") == "full" }

// seqcBin is the binary the corpus runs, built once by TestMain.
var seqcBin string

func TestMain(m *testing.M) {
	// The corpus's paths start at the repository root.
	if err := os.Chdir("../.."); err != nil {
		panic(err)
	}
	code := m.Run()
	if seqcBin != "" && os.Getenv("SEQC_RELIABILITY_BIN") == "" {
		os.RemoveAll(filepath.Dir(seqcBin))
	}
	os.Exit(code)
}

// buildSeqc builds cmd/seqc into a temp folder.
func buildSeqc(t *testing.T) string {
	t.Helper()
	if seqcBin != "" {
		return seqcBin
	}
	if bin := os.Getenv("SEQC_RELIABILITY_BIN"); bin != "" { // replay the corpus against another build
		return bin
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build seqc")
	}
	dir, err := os.MkdirTemp("", "seqc-reliability-")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "seqc")
	out, err := exec.Command(goTool, "build", "-o", bin, "./cmd/seqc").CombinedOutput()
	if err != nil {
		t.Fatalf("go build ./cmd/seqc: %v\n%s", err, out)
	}
	seqcBin = bin
	return bin
}

// A corpusCase is one line of testdata/corpus.txt.
type corpusCase struct {
	name      string
	line      int
	exits     []int         // accepted exit statuses
	signal    bool          // death by the interrupt signal is accepted too
	full      bool          // only in make reliability
	timeout   time.Duration // the bound past which the run counts as a hang
	writes    []string      // files under $T the run may write (their kind and mode must stay)
	interrupt time.Duration // send SIGINT after this long (0: never)
	want      []string      // substrings the output (stdout and stderr) must hold
	args      []string
}

// readCorpus parses testdata/corpus.txt:
//
//	define NAME = ARGS...          (@NAME in later args expands to ARGS)
//	NAME EXITS [OPTION...] : ARGS...
//
// EXITS is a comma-separated list of statuses, and "sig" for death by the
// interrupt signal. Options: full, timeout=SECONDS, writes=A,B (paths
// under $T), interrupt=SECONDS, want="TEXT". $T in arguments is the case's
// fixture folder. Double quotes group words.
func readCorpus(t *testing.T) []corpusCase {
	t.Helper()
	f, err := os.Open("internal/reliability/testdata/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	defs := map[string][]string{}
	var out []corpusCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		words, err := splitWords(line)
		if err != nil {
			t.Fatalf("corpus.txt:%d: %v", n, err)
		}
		var expanded []string
		for _, w := range words {
			if strings.HasPrefix(w, "@") {
				d, ok := defs[w[1:]]
				if !ok {
					t.Fatalf("corpus.txt:%d: undefined %s", n, w)
				}
				expanded = append(expanded, d...)
				continue
			}
			expanded = append(expanded, w)
		}
		words = expanded
		if words[0] == "define" {
			if len(words) < 3 || words[2] != "=" {
				t.Fatalf("corpus.txt:%d: want define NAME = ARGS", n)
			}
			defs[words[1]] = words[3:]
			continue
		}
		c := corpusCase{name: words[0], line: n, timeout: 60 * time.Second}
		colon := -1
		for i, w := range words {
			if w == ":" {
				colon = i
				break
			}
		}
		if colon < 2 {
			t.Fatalf("corpus.txt:%d: want NAME EXITS [OPTIONS] : ARGS", n)
		}
		for _, e := range strings.Split(words[1], ",") {
			if e == "sig" {
				c.signal = true
				continue
			}
			code, err := strconv.Atoi(e)
			if err != nil {
				t.Fatalf("corpus.txt:%d: bad exit status %q", n, e)
			}
			c.exits = append(c.exits, code)
		}
		for _, o := range words[2:colon] {
			k, v, _ := strings.Cut(o, "=")
			switch k {
			case "full":
				c.full = true
			case "timeout", "interrupt":
				s, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Fatalf("corpus.txt:%d: bad %s", n, o)
				}
				d := time.Duration(s * float64(time.Second))
				if k == "timeout" {
					c.timeout = d
				} else {
					c.interrupt = d
				}
			case "writes":
				c.writes = strings.Split(v, ",")
			case "want":
				c.want = append(c.want, v)
			default:
				t.Fatalf("corpus.txt:%d: unknown option %q", n, o)
			}
		}
		c.args = words[colon+1:]
		out = append(out, c)
	}
	return out
}

// splitWords splits on spaces, keeping double-quoted text together.
func splitWords(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	in, have := false, false
	for _, r := range s {
		switch {
		case r == '"':
			in, have = !in, true
		case r == ' ' && !in:
			if have {
				out = append(out, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteRune(r)
			have = true
		}
	}
	if in {
		return nil, errors.New("unterminated quote")
	}
	if have {
		out = append(out, cur.String())
	}
	return out, nil
}

// fileState is what the corpus checks of a file: its kind and mode, its
// link target, its contents (hashed; large sparse fixtures by size).
type fileState struct {
	mode   fs.FileMode
	link   string
	size   int64
	digest [32]byte
}

// snapshot records every file under dir, and the given files elsewhere.
func snapshot(t *testing.T, dir string, extra []string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	record := func(p string, fi fs.FileInfo) {
		st := fileState{mode: fi.Mode(), size: fi.Size()}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			st.link, _ = os.Readlink(p)
		case fi.Mode().IsRegular() && fi.Size() <= 64<<20:
			if b, err := os.ReadFile(p); err == nil {
				st.digest = sha256.Sum256(b)
			}
		}
		out[p] = st
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return nil
		}
		if fi, err := os.Lstat(p); err == nil {
			record(p, fi)
		}
		return nil
	})
	for _, p := range extra {
		if fi, err := os.Lstat(p); err == nil {
			record(p, fi)
		}
	}
	return out
}

// repoFiles lists the arguments that name files of the repository (the
// reference weights, inputs and configs a case reads): they must not change.
func repoFiles(args []string, tdir string) []string {
	var out []string
	for _, a := range args {
		if _, v, ok := strings.Cut(a, "="); ok && !strings.HasPrefix(a, "-") {
			a = v
		}
		if strings.HasPrefix(a, "-") || strings.HasPrefix(a, tdir) || strings.HasPrefix(a, "/") {
			continue
		}
		if fi, err := os.Stat(a); err == nil && fi.Mode().IsRegular() {
			out = append(out, a)
		}
	}
	return out
}

// TestCLICorpus replays testdata/corpus.txt through the seqc binary.
func TestCLICorpus(t *testing.T) {
	bin := buildSeqc(t)
	for _, c := range readCorpus(t) {
		t.Run(c.name, func(t *testing.T) {
			if c.full && !full() {
				t.Skip("slow: run by make reliability")
			}
			t.Parallel()
			runCase(t, bin, c)
		})
	}
}

func runCase(t *testing.T, bin string, c corpusCase) {
	tdir := t.TempDir()
	makeFixtures(t, tdir, func(name string) bool {
		for _, a := range c.args {
			if strings.Contains(a, "$T/"+name) {
				return true
			}
		}
		return false
	})
	args := make([]string, len(c.args))
	for i, a := range c.args {
		args[i] = strings.ReplaceAll(a, "$T", tdir)
	}
	repo := repoFiles(args, tdir)
	before := snapshot(t, tdir, repo)

	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = append(os.Environ(), "SEQC_CALIBRATION_DIR="+tdir+"/no-calibration")
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if c.interrupt > 0 {
		timer := time.AfterFunc(c.interrupt, func() { cmd.Process.Signal(syscall.SIGINT) })
		defer timer.Stop()
	}
	err := cmd.Wait()
	took := time.Since(start)
	where := fmt.Sprintf("corpus.txt:%d: seqc %s", c.line, strings.Join(args, " "))
	output := out.String()
	if ctx.Err() != nil {
		t.Fatalf("%s: still running after %v (a hang)\n%s", where, c.timeout, tail(output))
	}
	code, signalled := 0, false
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		ws := ee.Sys().(syscall.WaitStatus)
		if ws.Signaled() {
			signalled = true
			if !c.signal || ws.Signal() != syscall.SIGINT {
				t.Fatalf("%s: killed by %v after %v\n%s", where, ws.Signal(), took, tail(output))
			}
		}
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	if !signalled {
		if code < 0 || code > 3 {
			t.Errorf("%s: exit status %d is none of the documented ones (0, 1, 2, 3)\n%s", where, code, tail(output))
		}
		ok := false
		for _, e := range c.exits {
			ok = ok || e == code
		}
		if !ok {
			t.Errorf("%s: exit %d, want %v\n%s", where, code, c.exits, tail(output))
		}
	}
	if code != 3 && (strings.Contains(output, "panic:") || strings.Contains(output, "fatal error:") || strings.Contains(output, "goroutine ")) {
		t.Errorf("%s: a panic or a fatal error\n%s", where, tail(output))
	}
	for _, w := range c.want {
		if !strings.Contains(output, strings.ReplaceAll(w, "$T", tdir)) {
			t.Errorf("%s: the output does not say %q\n%s", where, w, tail(output))
		}
	}
	checkFiles(t, where, tdir, c, before, snapshot(t, tdir, repo))
	t.Logf("exit %d (signal %v) in %v", code, signalled, took.Round(time.Millisecond))
}

// checkFiles compares the files before and after a case: only the files the
// case writes may change or appear, those keep their kind and mode, and no
// temp file is left anywhere.
func checkFiles(t *testing.T, where, tdir string, c corpusCase, before, after map[string]fileState) {
	t.Helper()
	writes := map[string]bool{}
	for _, w := range c.writes {
		writes[filepath.Join(tdir, w)] = true
	}
	for p, b := range before {
		a, ok := after[p]
		switch {
		case !ok && !writes[p]:
			t.Errorf("%s: removed %s", where, p)
		case !ok:
		case writes[p] && a.mode != b.mode:
			t.Errorf("%s: %s changed from %v to %v", where, p, b.mode, a.mode)
		case !writes[p] && a != b:
			t.Errorf("%s: changed %s, which it should not touch (%v %d bytes -> %v %d bytes)", where, p, b.mode, b.size, a.mode, a.size)
		}
	}
	for p := range after {
		base := filepath.Base(p)
		if strings.Contains(base, ".tmp-") || strings.Contains(base, ".old-") {
			t.Errorf("%s: left the temp file %s", where, p)
			continue
		}
		if _, ok := before[p]; !ok && !writes[p] && !underWrites(p, writes) {
			t.Errorf("%s: created %s", where, p)
		}
	}
}

// underWrites reports whether p is inside a folder the case writes.
func underWrites(p string, writes map[string]bool) bool {
	for w := range writes {
		if strings.HasPrefix(p, w+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func tail(s string) string {
	if len(s) > 3000 {
		return "..." + s[len(s)-3000:]
	}
	return s
}
