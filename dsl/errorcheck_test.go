package dsl_test

// The front end's error-check corpus, after Go's test/ directory: every
// golden/errorcheck/*.seq file whose first line is the recipe
//
//	// seqc:errorcheck [-model NAME] [-set k=v]...
//
// is loaded and lowered, and each line that carries
//
//	// ERROR "regexp" ["regexp"...]
//
// must get, for each regexp, at least one error on that line whose message
// (the text after "path:line:col: ") matches it. An error on a line without
// an ERROR comment, or one that no regexp on its line matches, fails the
// test, and so does a panic or a hang. A file without the recipe line is a
// helper (the second half of an import cycle): it is not run by itself, but
// errors that land in it are checked against its ERROR comments, and each
// of those must be hit by some run.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/seqc-dev/seqc/dsl"
	"github.com/seqc-dev/seqc/ir"
)

const (
	corpusDir     = "../golden/errorcheck"
	recipe        = "seqc:errorcheck"
	minCorpusSize = 40
	lowerTimeout  = 30 * time.Second
)

var (
	errorCommentRx = regexp.MustCompile(`//\s*ERROR\s+(.*)$`)
	quotedRx       = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
)

// wantRx is one expected error: a regexp on a line of a file.
type wantRx struct {
	src string
	rx  *regexp.Regexp
	hit bool
}

// corpusFile is a parsed corpus file: its recipe and its expectations.
type corpusFile struct {
	path  string // clean path as passed to dsl.Load
	test  bool   // has the recipe line
	model string
	set   map[string]string
	want  map[int][]*wantRx // by line
}

func parseCorpusFile(path string) (*corpusFile, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cf := &corpusFile{path: filepath.Clean(path), want: map[int][]*wantRx{}}
	lines := strings.Split(string(src), "\n")
	if first := strings.TrimSpace(lines[0]); strings.HasPrefix(first, "//") {
		fields := strings.Fields(strings.TrimPrefix(first, "//"))
		if len(fields) > 0 && fields[0] == recipe {
			cf.test = true
			for i := 1; i < len(fields); i++ {
				switch f := fields[i]; {
				case strings.HasPrefix(f, "//"):
					i = len(fields) // an ERROR comment on the recipe line
				case f == "-model" && i+1 < len(fields):
					cf.model = fields[i+1]
					i++
				case f == "-set" && i+1 < len(fields):
					k, v, ok := strings.Cut(fields[i+1], "=")
					if !ok {
						return nil, fmt.Errorf("%s:1: recipe: -set wants k=v, got %q", path, fields[i+1])
					}
					if cf.set == nil {
						cf.set = map[string]string{}
					}
					cf.set[k] = v
					i++
				default:
					return nil, fmt.Errorf("%s:1: recipe: unknown flag %q (want -model NAME or -set k=v)", path, f)
				}
			}
		}
	}
	for i, line := range lines {
		m := errorCommentRx.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		qs := quotedRx.FindAllStringSubmatch(m[1], -1)
		if len(qs) == 0 {
			return nil, fmt.Errorf("%s:%d: ERROR comment without a quoted regexp", path, i+1)
		}
		for _, q := range qs {
			s := strings.ReplaceAll(q[1], `\"`, `"`)
			rx, err := regexp.Compile(s)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: bad ERROR regexp %q: %v", path, i+1, s, err)
			}
			cf.want[i+1] = append(cf.want[i+1], &wantRx{src: s, rx: rx})
		}
	}
	return cf, nil
}

// frontEndErrors flattens what Load or Lower returned into positioned
// errors; an error of any other kind is returned as the second result.
func frontEndErrors(err error) ([]*dsl.Error, error) {
	if err == nil {
		return nil, nil
	}
	var list dsl.ErrorList
	if errors.As(err, &list) {
		return list, nil
	}
	var one *dsl.Error
	if errors.As(err, &one) {
		return []*dsl.Error{one}, nil
	}
	return nil, err
}

// compile runs dsl.Load and dsl.Lower on path, turning a panic into an
// error that carries the stack and giving up after lowerTimeout.
func compile(path string, opts dsl.Options) (m *ir.Module, crash string, err error) {
	type result struct {
		m     *ir.Module
		err   error
		crash string
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if p := recover(); p != nil {
				r.crash = fmt.Sprintf("panic: %v\n%s", p, debug.Stack())
			}
			done <- r
		}()
		prog, err := dsl.Load(path)
		if err != nil {
			r.err = err
			return
		}
		r.m, r.err = dsl.Lower(prog, opts)
	}()
	select {
	case r := <-done:
		return r.m, r.crash, r.err
	case <-time.After(lowerTimeout):
		return nil, fmt.Sprintf("no result after %v: the compiler hangs", lowerTimeout), nil
	}
}

// checkListShape checks that an ErrorList is sorted and that its text is
// capped at dsl.MaxErrors entries. It reports whether the cap applied.
func checkListShape(t *testing.T, name string, err error) bool {
	t.Helper()
	var list dsl.ErrorList
	if !errors.As(err, &list) {
		return false
	}
	less := func(a, b *dsl.Error) bool {
		if a.Pos.Filename != b.Pos.Filename {
			return a.Pos.Filename < b.Pos.Filename
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		return a.Pos.Column < b.Pos.Column
	}
	if !sort.SliceIsSorted(list, func(i, j int) bool { return less(list[i], list[j]) }) {
		t.Errorf("%s: errors are not sorted by position:\n%v", name, err)
	}
	lines := strings.Split(err.Error(), "\n")
	switch {
	case len(list) <= dsl.MaxErrors:
		if len(lines) != len(list) {
			t.Errorf("%s: %d errors print as %d lines:\n%v", name, len(list), len(lines), err)
		}
	default:
		if len(lines) != dsl.MaxErrors+1 {
			t.Errorf("%s: %d errors print as %d lines, want %d (capped at dsl.MaxErrors) and a summary", name, len(list), len(lines), dsl.MaxErrors+1)
		}
		want := fmt.Sprintf("too many errors (%d more)", len(list)-dsl.MaxErrors)
		if last := lines[len(lines)-1]; last != want {
			t.Errorf("%s: last line of a capped list is %q, want %q", name, last, want)
		}
	}
	return len(list) > dsl.MaxErrors
}

// corpus parses every .seq file of the corpus, by clean path.
func corpus(t *testing.T) (map[string]*corpusFile, []string) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(corpusDir, "*.seq"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*corpusFile{}
	var tests []string
	for _, p := range paths {
		cf, err := parseCorpusFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[cf.path] = cf
		if cf.test {
			tests = append(tests, cf.path)
		}
	}
	return files, tests
}

func TestErrorCheck(t *testing.T) {
	files, tests := corpus(t)
	capped := false
	for _, path := range tests {
		cf := files[path]
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".seq"), func(t *testing.T) {
			for _, ws := range cf.want { // expectations are per run for a test file
				for _, w := range ws {
					w.hit = false
				}
			}
			_, crash, err := compile(path, dsl.Options{Model: cf.model, Set: cf.set})
			if crash != "" {
				t.Fatalf("%s: the compiler crashed:\n%s", name, crash)
			}
			errs, other := frontEndErrors(err)
			if other != nil {
				t.Fatalf("%s: error without a position (want a dsl.ErrorList or *dsl.Error): %v", name, other)
			}
			if checkListShape(t, name, err) {
				capped = true
			}
			for _, e := range errs {
				if strings.HasSuffix(e.Msg, ".") || strings.Contains(e.Msg, "\n") {
					t.Errorf("%s: message should be one line without a trailing period: %q", e.Error(), e.Msg)
				}
				if strings.HasPrefix(e.Msg, "internal compiler error") {
					t.Errorf("%s: internal compiler error for wrong input", e.Error())
				}
				target := files[filepath.Clean(e.Pos.Filename)]
				if target == nil {
					t.Errorf("unexpected error outside the corpus: %s", e.Error())
					continue
				}
				matched := false
				for _, w := range target.want[e.Pos.Line] {
					if w.rx.MatchString(e.Msg) {
						w.hit, matched = true, true
					}
				}
				if !matched {
					if len(target.want[e.Pos.Line]) == 0 {
						t.Errorf("unexpected error: %s", e.Error())
					} else {
						t.Errorf("error matches no ERROR regexp of its line: %s", e.Error())
					}
				}
			}
			lines := make([]int, 0, len(cf.want))
			for l := range cf.want {
				lines = append(lines, l)
			}
			sort.Ints(lines)
			for _, l := range lines {
				for _, w := range cf.want[l] {
					if !w.hit {
						t.Errorf("%s:%d: missing error matching %q", path, l, w.src)
					}
				}
			}
			if len(errs) == 0 {
				t.Errorf("%s: compiled without errors (an errorcheck file must expect one)", name)
			}
		})
	}
	if !capped {
		t.Errorf("no corpus file produced more than dsl.MaxErrors (%d) errors: the cap is untested", dsl.MaxErrors)
	}
	// A helper file's expectations must be met by some run.
	for _, cf := range files {
		if cf.test {
			continue
		}
		for l, ws := range cf.want {
			for _, w := range ws {
				if !w.hit {
					t.Errorf("%s:%d: no test run produced an error matching %q", cf.path, l, w.src)
				}
			}
		}
	}
}

func TestErrorCorpusSize(t *testing.T) {
	_, tests := corpus(t)
	if len(tests) < minCorpusSize {
		t.Errorf("golden/errorcheck has %d files with the recipe line, want at least %d", len(tests), minCorpusSize)
	}
}

// TestErrorCheckHarness checks the harness's own parsing of recipes and
// ERROR comments.
func TestErrorCheckHarness(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.seq")
	src := "// seqc:errorcheck -model M -set d=4 // ERROR \"top\"\n" +
		"x = 1 // ERROR \"a \\\"quoted\\\" \\(paren\\)\" \"second\"\n" +
		"y = 2\n"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cf, err := parseCorpusFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !cf.test || cf.model != "M" || cf.set["d"] != "4" {
		t.Errorf("recipe parsed as test=%v model=%q set=%v", cf.test, cf.model, cf.set)
	}
	if len(cf.want[1]) != 1 || cf.want[1][0].src != "top" {
		t.Errorf("line 1 expectations: %+v", cf.want[1])
	}
	if len(cf.want[2]) != 2 || !cf.want[2][0].rx.MatchString(`a "quoted" (paren)`) || cf.want[2][1].src != "second" {
		t.Errorf("line 2 expectations: %+v", cf.want[2])
	}
	if len(cf.want[3]) != 0 {
		t.Errorf("line 3 has expectations: %+v", cf.want[3])
	}
	if err := os.WriteFile(p, []byte("// seqc:errorcheck -bogus\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := parseCorpusFile(p); err == nil {
		t.Error("an unknown recipe flag was accepted")
	}
}

// TestLoadPathSpelling: the same file reached under two spellings of its
// path is one file; the import cycle of cycle_a.seq is reported at the same
// place however the root path is written.
func TestLoadPathSpelling(t *testing.T) {
	describe := func(path string) string {
		_, err := dsl.Load(path)
		errs, other := frontEndErrors(err)
		if other != nil || len(errs) == 0 {
			return fmt.Sprintf("unexpected result %v", err)
		}
		e := errs[0]
		return fmt.Sprintf("%s:%d:%d: %s", filepath.Base(e.Pos.Filename), e.Pos.Line, e.Pos.Column, e.Msg)
	}
	clean := describe(filepath.Join(corpusDir, "cycle_a.seq"))
	for _, p := range []string{corpusDir + "/./cycle_a.seq", corpusDir + "/../errorcheck/cycle_a.seq"} {
		if got := describe(p); got != clean {
			t.Errorf("dsl.Load(%q): %s\nwant (as for the clean path) %s", p, got, clean)
		}
	}
}

// The hyperparameter overrides of the command line (--set, --config) are
// checked when the model is lowered; a bad one names the key and the value.

const overrideSrc = `model Tiny(d_model: int = 8, flag: bool = false, eps: float = 1e-5, act: string = "gelu") {
    forward(x: f32[B, L, d_model]) -> f32[B, L, d_model] {
        if flag {
            return silu(x)
        }
        return rms_norm(x, eps: eps)
    }
}
`

func lowerTiny(t *testing.T, opts dsl.Options) (*ir.Module, error) {
	t.Helper()
	prog, err := dsl.LoadSource("tiny.seq", []byte(overrideSrc))
	if err != nil {
		t.Fatalf("the override test model does not load: %v", err)
	}
	return dsl.Lower(prog, opts)
}

func TestOverrideErrors(t *testing.T) {
	tests := []struct {
		name   string
		set    map[string]string
		config map[string]any
		want   []string // regexps that must all match the one error's message
		line   int      // the error's line in tiny.seq
		hypers map[string]any
	}{
		{name: "unknown key", set: map[string]string{"d_modle": "64"},
			want: []string{`unknown hyperparameter d_modle`, `d_modle=64`, `d_model, flag, eps, act`}, line: 1},
		{name: "int from letters", set: map[string]string{"d_model": "abc"},
			want: []string{`d_model=abc`, `want an int, got "abc"`}, line: 1},
		{name: "int from a float", set: map[string]string{"d_model": "6.5"},
			want: []string{`d_model=6\.5`, `want an int`}, line: 1},
		{name: "bool from maybe", set: map[string]string{"flag": "maybe"},
			want: []string{`flag=maybe`, `want true or false, got "maybe"`}, line: 1},
		{name: "float from letters", set: map[string]string{"eps": "tiny"},
			want: []string{`eps=tiny`, `want a float, got "tiny"`}, line: 1},
		{name: "config float for int", config: map[string]any{"d_model": 2.5},
			want: []string{`hyperparameter d_model in config`, `want an int, got 2\.5`}, line: 1},
		{name: "config string for int", config: map[string]any{"d_model": "wide"},
			want: []string{`hyperparameter d_model in config`, `"wide"`}, line: 1},
		{name: "config number for bool", config: map[string]any{"flag": 1.0},
			want: []string{`hyperparameter flag in config`, `want bool, got float 1`}, line: 1},
		// Official configs write null for "not set" (pad_token_id, rope_scaling): the default holds.
		{name: "config null keeps the default", config: map[string]any{"d_model": nil},
			hypers: map[string]any{"d_model": 8}},
		{name: "config object", config: map[string]any{"act": map[string]any{"type": "linear"}},
			want: []string{`hyperparameter act in config`, `JSON object`}, line: 1},
		{name: "set string", set: map[string]string{"act": "relu"},
			hypers: map[string]any{"act": "relu"}},
		{name: "set int and bool", set: map[string]string{"d_model": "16", "flag": "true"},
			hypers: map[string]any{"d_model": 16, "flag": true}},
		{name: "config whole float for int", config: map[string]any{"d_model": 32.0, "unrelated_key": "ignored"},
			hypers: map[string]any{"d_model": 32}},
		{name: "set wins over config", config: map[string]any{"d_model": 32.0}, set: map[string]string{"d_model": "16"},
			hypers: map[string]any{"d_model": 16}},
		// Options.Config is also the Go API: a Go int for an int
		// hyperparameter must be accepted, not "want int, got int".
		{name: "config go int", config: map[string]any{"d_model": 24},
			hypers: map[string]any{"d_model": 24}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := lowerTiny(t, dsl.Options{Set: tc.set, Config: tc.config})
			if tc.want == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				got := map[string]any{}
				for _, h := range m.Hypers {
					got[h.Name] = h.Value
				}
				for k, v := range tc.hypers {
					if got[k] != v {
						t.Errorf("hyperparameter %s = %#v, want %#v", k, got[k], v)
					}
				}
				return
			}
			errs, other := frontEndErrors(err)
			if other != nil || len(errs) != 1 {
				t.Fatalf("want one positioned error, got %v", err)
			}
			e := errs[0]
			for _, w := range tc.want {
				if !regexp.MustCompile(w).MatchString(e.Msg) {
					t.Errorf("message %q does not match %q", e.Msg, w)
				}
			}
			if e.Pos.Filename != "tiny.seq" || e.Pos.Line != tc.line {
				t.Errorf("error at %s:%d, want tiny.seq:%d", e.Pos.Filename, e.Pos.Line, tc.line)
			}
		})
	}
}

// TestOverrideErrorsDeterministic: with several bad config values the
// reported error must not depend on map iteration order.
func TestOverrideErrorsDeterministic(t *testing.T) {
	opts := dsl.Options{Config: map[string]any{"d_model": "wide", "flag": "maybe", "eps": "tiny"}}
	_, first := lowerTiny(t, opts)
	if first == nil {
		t.Fatal("bad config values were accepted")
	}
	for range 30 {
		if _, err := lowerTiny(t, opts); err == nil || err.Error() != first.Error() {
			t.Fatalf("errors differ between runs:\n%v\n%v", first, err)
		}
	}
}

// TestSignatureNotShadowed: a function's declared types are read in the
// block's scope. A local variable named like a hyperparameter (d = 3 below)
// either is an error at the assignment or leaves the signature alone; it
// must not turn f32[B, L, d] into f32[B, L, 3] and fail the return type.
func TestSignatureNotShadowed(t *testing.T) {
	const src = `model Shadow(d: int = 8) {
    forward(x: f32[B, L, d]) -> f32[B, L, d] {
        d = 3
        L = 2
        return x
    }
}
`
	prog, err := dsl.LoadSource("shadow.seq", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, err = dsl.Lower(prog, dsl.Options{})
	errs, other := frontEndErrors(err)
	if other != nil {
		t.Fatal(other)
	}
	for _, e := range errs {
		if e.Pos.Line != 3 && e.Pos.Line != 4 {
			t.Errorf("error outside the assignments (lines 3 and 4): %s", e.Error())
		}
	}
}
