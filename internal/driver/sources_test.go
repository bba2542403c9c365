package driver

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/seqc-dev/seqc/dsl"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/passes"
)

// sources lists every .seq file of the standard library and the examples.
func sources(t *testing.T) []string {
	var out []string
	for _, pat := range []string{"../../stdlib/*.seq", "../../examples/*/*.seq"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	sort.Strings(out)
	if len(out) < 20 {
		t.Fatalf("found only %d .seq sources", len(out))
	}
	return out
}

// TestSourcesFormatted checks that every shipped .seq file is in canonical
// form and that formatting is idempotent.
func TestSourcesFormatted(t *testing.T) {
	for _, p := range sources(t) {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := dsl.ParseSource(p, src)
		if err != nil {
			t.Fatal(err)
		}
		once := dsl.Format(f)
		g, err := dsl.ParseSource(p, once)
		if err != nil {
			t.Fatalf("%s: formatted source does not parse: %v", p, err)
		}
		if twice := dsl.Format(g); string(twice) != string(once) {
			t.Errorf("%s: seqc fmt is not idempotent", p)
		}
		if string(once) != string(src) {
			t.Errorf("%s: not formatted (run seqc fmt -w %s)", p, p)
		}
	}
}

// TestIRRoundTrip lowers every example model and checks that the printed IR
// parses back to the same text, before and after every pass, and that the
// verifier accepts the IR after each pass.
func TestIRRoundTrip(t *testing.T) {
	for _, p := range sources(t) {
		prog, err := dsl.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		hasModel := false
		for _, d := range prog.Root.Decls {
			hasModel = hasModel || d.Kind == "model"
		}
		if !hasModel {
			continue
		}
		m, err := dsl.Lower(prog, dsl.Options{})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		check := func(stage string, m *ir.Module) {
			text := m.String()
			back, err := ir.Parse(text)
			if err != nil {
				t.Fatalf("%s %s: printed IR does not parse: %v", p, stage, err)
			}
			if again := back.String(); again != text {
				t.Errorf("%s %s: print(parse(print(m))) differs", p, stage)
			}
		}
		check("lowered", m)
		err = passes.Run(m, passes.Options{Verify: true, Dump: func(pass string, m *ir.Module) { check("after "+pass, m) }})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
}
