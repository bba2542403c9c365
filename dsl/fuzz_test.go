package dsl_test

import (
	"bytes"
	"fmt"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/seqc-dev/seqc/dsl"
)

// fuzzMaxInput bounds the inputs FuzzParse looks at, so that a large input
// cannot pass for a hang.
const fuzzMaxInput = 4 << 10

// FuzzParse feeds arbitrary bytes to the front end. Whatever the input:
// parsing returns a positioned error or a file; formatting a parsed file is
// idempotent (parse(format(x)) formats to the same bytes); and loading and
// lowering it returns a module or positioned errors, without a panic, an
// internal compiler error or a hang. Seeds are in testdata/fuzz/FuzzParse;
// run with go test ./dsl/ -run XXX -fuzz FuzzParse -fuzztime 20s.
func FuzzParse(f *testing.F) {
	f.Add([]byte("model M(d: int = 4) {\n    forward(x: f32[B, L, d]) -> f32[B, L, d] {\n        return x\n    }\n}\n"))
	f.Add([]byte("model M(d: int = 4) {\n    forward(x: f32[B, L, d]) -> f32[B, L, d] {\n        return body(x)\n    }\n\n    entry other(x: f32[B, L, d]) -> f32[B, L, d] {\n        return body(x, causal: false)\n    }\n\n" +
		"    body(x: f32[B, L, d], causal: bool = true) -> f32[B, L, d] {\n        m = where((x > 0.0) && !(x == 1.0), x, x * [1.0, 0.5, 0.25, 2.0])\n        v, i = top_k(m, 2)\n" +
		"        a, h = scan(over: [sigmoid(x), x], associative: true) { (a1, b1, a2, b2) ->\n            return a1 * a2, a2 * b1 + b2\n        }\n        return h + cast(arange(L) % 2, \"f32\")[None, :, None]\n    }\n}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMaxInput {
			t.Skip("input over 4 KiB")
		}
		file, err := dsl.ParseSource("fuzz.seq", data)
		if err != nil {
			checkFuzzError(t, "parse", err)
		} else {
			out := dsl.Format(file)
			again, err := dsl.ParseSource("fuzz.seq", out)
			if err != nil {
				t.Fatalf("formatted output does not parse: %v\ninput:\n%s\nformatted:\n%s", err, data, out)
			}
			if out2 := dsl.Format(again); !bytes.Equal(out, out2) {
				t.Fatalf("formatting is not idempotent\ninput:\n%s\nonce:\n%s\ntwice:\n%s", data, out, out2)
			}
		}

		done := make(chan string, 1)
		go func() {
			crash := ""
			defer func() {
				if p := recover(); p != nil {
					crash = fmt.Sprintf("panic: %v\n%s", p, debug.Stack())
				}
				done <- crash
			}()
			prog, err := dsl.LoadSource("fuzz.seq", data)
			if err != nil {
				checkFuzzError(t, "load", err)
				return
			}
			lower := func(opts dsl.Options) {
				m, err := dsl.Lower(prog, opts)
				if err != nil {
					checkFuzzError(t, "lower", err)
				} else if m == nil {
					t.Errorf("lower returned neither a module nor an error")
				}
			}
			lower(dsl.Options{})
			for _, d := range prog.Root.Decls {
				if d.Kind == "block" { // as seqc check does for a library
					lower(dsl.Options{Model: d.Name, Block: true})
				}
			}
		}()
		select {
		case crash := <-done:
			if crash != "" {
				t.Fatalf("the front end crashed on\n%s\n%s", data, crash)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("load+lower did not finish in 10s on\n%s", data)
		}
	})
}

// checkFuzzError requires a positioned front-end error that is not an
// internal compiler error.
func checkFuzzError(t *testing.T, phase string, err error) {
	errs, other := frontEndErrors(err)
	if other != nil {
		// A missing import file is an os error when it is the root; here the
		// root is in memory, so every error must be positioned.
		t.Errorf("%s: error without a position: %v", phase, other)
		return
	}
	for _, e := range errs {
		if strings.Contains(e.Msg, "internal compiler error") {
			t.Errorf("%s: %s", phase, e.Error())
		}
		if e.Pos.Line < 1 || e.Pos.Column < 1 {
			t.Errorf("%s: error at an invalid position: %s", phase, e.Error())
		}
	}
}
