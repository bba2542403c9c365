//go:build unix

package dsl

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/seqc-dev/seqc/runtime"
)

// Regression tests for issue 12 (hostile input never crashes, hangs or
// gives silently wrong results), the items of the front end.

func lowerSource(t *testing.T, src string, set map[string]string) error {
	t.Helper()
	prog, err := LoadSource("m.seq", []byte(src))
	if err != nil {
		return err
	}
	_, err = Lower(prog, Options{Set: set})
	return err
}

// within fails the test when fn takes longer than d (a hang, or work that
// grows faster than the input).
func within(t *testing.T, d time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s takes more than %v", what, d)
	}
}

// TestHyperRanges (item 10): ranges declared in a signature are checked at
// check time, at the hyperparameter's position (or the call's, for a
// block's argument), and the formatter keeps them.
func TestHyperRanges(t *testing.T) {
	src := `block Inner(n: int > 0, p: float >= 0 < 1 = 0.5) {
    forward(x: f32[B, L, 4]) -> f32[B, L, 4] {
        return x
    }
}

model M(d_model: int > 0 = 4, eps: float > 0 = 1e-5, k: int >= 1 <= d_model = 2, m: int != 3 = 1) {
    inner = Inner(d_model)
    forward(x: f32[B, L, d_model]) -> f32[B, L, d_model] {
        return x
    }
}
`
	if err := lowerSource(t, src, nil); err != nil {
		t.Fatalf("values in range: %v", err)
	}
	cases := []struct {
		set  map[string]string
		want string
	}{
		{map[string]string{"d_model": "0"}, "m.seq:7:9: hyperparameter d_model of model M must be > 0, got 0 (from --set or --config)"},
		{map[string]string{"d_model": "-1"}, "m.seq:7:9: hyperparameter d_model of model M must be > 0, got -1"},
		{map[string]string{"eps": "-1"}, "m.seq:7:31: hyperparameter eps of model M must be > 0, got -1"},
		{map[string]string{"eps": "NaN"}, "hyperparameter eps of model M must be > 0, got NaN"},
		{map[string]string{"k": "5"}, "hyperparameter k of model M must be <= d_model = 4, got 5"},
		{map[string]string{"m": "3"}, "hyperparameter m of model M must be != 3, got 3"},
	}
	for _, c := range cases {
		err := lowerSource(t, src, c.set)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("--set %v: %v, want %q", c.set, err, c.want)
		}
	}
	// A block's argument out of range: at the call, naming the declaration.
	bad := strings.Replace(src, "inner = Inner(d_model)", "inner = Inner(d_model - 4)", 1)
	if err := lowerSource(t, bad, nil); err == nil || !strings.Contains(err.Error(), "m.seq:8:18: argument n to Inner must be > 0, got 0 (its range is declared at m.seq:1:13)") {
		t.Errorf("a block's argument out of range: %v", err)
	}
	// A default out of its own range.
	bad = strings.Replace(src, "p: float >= 0 < 1 = 0.5", "p: float >= 0 < 1 = 1.5", 1)
	if err := lowerSource(t, bad, nil); err == nil || !strings.Contains(err.Error(), "its default 1.5 is not < 1") {
		t.Errorf("a default out of range: %v", err)
	}
	bad = strings.Replace(src, "m: int != 3 = 1", `m: string > 0 = "a"`, 1)
	if err := lowerSource(t, bad, nil); err == nil || !strings.Contains(err.Error(), "a range (>) applies to int and float hyperparameters") {
		t.Errorf("a range on a string: %v", err)
	}
	// The formatter keeps the ranges.
	f, err := ParseSource("m.seq", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	out := string(Format(f))
	for _, want := range []string{"n: int > 0", "p: float >= 0 < 1 = 0.5", "k: int >= 1 <= d_model = 2", "m: int != 3 = 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("formatted source lost %q:\n%s", want, out)
		}
	}
}

// TestStdlibRanges (item 10): the standard library and examples declare
// their sizes positive, so that a zero or negative size is an error at
// check time rather than an empty model or an unrelated failure later.
func TestStdlibRanges(t *testing.T) {
	for _, c := range []struct{ key, value, want string }{
		{"n_layer", "-1", "hyperparameter n_layer of model MambaLM must be > 0, got -1"},
		{"d_model", "0", "hyperparameter d_model of model MambaLM must be > 0, got 0"},
		{"expand", "0", "hyperparameter expand of model MambaLM must be > 0, got 0"},
		{"d_state", "0", "hyperparameter d_state of model MambaLM must be > 0, got 0"},
		{"norm_epsilon", "-1", "hyperparameter norm_epsilon of model MambaLM must be > 0, got -1"},
	} {
		prog, err := Load("../examples/mamba/mamba_lm.seq")
		if err != nil {
			t.Fatal(err)
		}
		_, err = Lower(prog, Options{Set: map[string]string{c.key: c.value}})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "mamba_lm.seq:") {
			t.Errorf("--set %s=%s: %v", c.key, c.value, err)
		}
	}
}

// TestElaborationBounded (item 7): compile-time work that would take hours
// or exhaust memory is an error at the construct, and long layer lists
// elaborate in linear time.
func TestElaborationBounded(t *testing.T) {
	wrap := func(members, body string) string {
		return "model M(d: int = 4) {\n" + members + "    forward(x: f32[B, L, d]) -> f32[B, L, d] {\n" + body + "        return x\n    }\n}\n"
	}
	cases := []struct{ name, src, want string }{
		{"nested comprehension", wrap("    const big = [[i * j for i in 0..99999] for j in 0..99999]\n", ""), "m.seq:2:"},
		{"nested loops of ops", wrap("", "        for i in 0..99999 {\n            for j in 0..99999 {\n                x = x + 1.0\n            }\n        }\n"), "more than 1000000 ops"},
		{"nested empty loops", wrap("", "        for i in 0..99999 {\n            for j in 0..99999 {\n                y = i\n            }\n        }\n"), "more than 10000000 steps"},
		{"string doubling", wrap("", "        s = \"ab\"\n        for i in 0..200 {\n            s = s + s\n        }\n"), "string concatenation"},
		{"list doubling", wrap("", "        l = [1]\n        for i in 0..200 {\n            l = l + l\n        }\n"), "list concatenation"},
		{"int overflow", wrap("    const n = 4000000000 * 4000000000 * 4000000000\n", ""), "m.seq:2:26: integer overflow"},
		{"huge range", wrap("    const r = [i for i in -9223372036854775807..9223372036854775807]\n", ""), "unroll at compile time"},
	}
	for _, c := range cases {
		within(t, 30*time.Second, c.name, func() {
			err := lowerSource(t, c.src, nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: %v, want an error with %q", c.name, err, c.want)
			}
		})
	}
	layers := func(n string) string {
		return `import "std/nn"
block L(d: int > 0) {
    proj = nn.Linear(d, d)
    forward(x: f32[B, T, d]) -> f32[B, T, d] { return proj(x) + x }
}
model M(n: int > 0, d: int > 0 = 4) {
    layers = [L(d) for i in 0..n]
    forward(x: f32[B, T, d]) -> f32[B, T, d] {
        for l in layers { x = l(x) }
        return x
    }
}
`
	}
	// 20 000 layers took minutes when each parameter was looked up by a
	// scan of all those before it; linear, it takes about a second.
	within(t, 60*time.Second, "a 20 000-layer list", func() {
		if err := lowerSource(t, layers(""), map[string]string{"n": "20000"}); err != nil {
			t.Error(err)
		}
	})
}

// TestByteOrderMark (item 13): a UTF-8 byte order mark at the start of a
// file is ignored, and positions count from after it.
func TestByteOrderMark(t *testing.T) {
	src := "\xef\xbb\xbfmodel M(d: int = 4) {\n    forward(x: f32[B, L, d]) -> f32[B, L, d] {\n        return y\n    }\n}\n"
	err := lowerSource(t, src, nil)
	if err == nil || !strings.Contains(err.Error(), "m.seq:3:16: undefined: y") {
		t.Errorf("got %v, want the undefined name at 3:16", err)
	}
	f, err := ParseSource("m.seq", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if f.Decls[0].Pos.Column != 1 {
		t.Errorf("the model starts at column %d, want 1", f.Decls[0].Pos.Column)
	}
}

// TestSourceFiles (item 9): a .seq path naming a named pipe, a device or a
// directory is an error before it is opened (no hang, no endless read),
// and a file over MaxSourceSize is refused.
func TestSourceFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "m.seq")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	within(t, 20*time.Second, "loading special files", func() {
		for _, p := range []string{fifo, "/dev/zero", dir} {
			if _, err := os.Stat(p); err != nil {
				continue
			}
			var nr *runtime.NotRegularError
			if _, err := Load(p); !errors.As(err, &nr) {
				t.Errorf("Load(%s): %v, want a not-a-regular-file error", p, err)
			}
		}
	})
	big := filepath.Join(dir, "big.seq")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxSourceSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var tl *runtime.TooLargeError
	if _, err := Load(big); !errors.As(err, &tl) {
		t.Errorf("a .seq file over the limit: %v", err)
	}
}
