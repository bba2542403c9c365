package dsl

import (
	"flag"
	"os"
	"strings"
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
	doc, err := os.ReadFile("../docs/language.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), strings.TrimSpace(got)) {
		t.Errorf("docs/language.md does not hold the current grammar: copy testdata/grammar.ebnf into its EBNF section")
	}
	if got != string(want) {
		t.Errorf("grammar changed; if intended, run go test ./dsl -run TestGrammarGolden -update and update docs/language.md\ngot:\n%s", got)
	}
}
