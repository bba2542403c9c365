package dsl

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGrammarGolden keeps participle's view of the grammar in testdata, so a
// change to the language shows up in review as a change to its EBNF.
func TestGrammarGolden(t *testing.T) {
	const path = "testdata/grammar.ebnf"
	got := Grammar() + "\n"
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./dsl -update)", err)
	}
	if got != string(want) {
		t.Errorf("grammar changed; if intended, run go test ./dsl -run TestGrammarGolden -update and update docs/language.md\ngot:\n%s", got)
	}
}
