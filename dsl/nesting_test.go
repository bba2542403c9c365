package dsl

import (
	"strings"
	"testing"
)

// TestDeepNesting: nesting past MaxNesting is a positioned error, not a Go
// stack overflow (200 000 parentheses crashed the parser once).
func TestDeepNesting(t *testing.T) {
	wrap := func(body string) string {
		return "model M() {\n    forward(x: f32[B, L, 4]) -> f32[B, L, 4] {\n        return " + body + "\n    }\n}\n"
	}
	for name, src := range map[string]string{
		"parentheses": wrap(strings.Repeat("(", 200000) + "x" + strings.Repeat(")", 200000)),
		"brackets":    wrap("x" + strings.Repeat("[None", 5000) + strings.Repeat("]", 5000)),
		"negations":   wrap(strings.Repeat("- ", 200000) + "x"),
	} {
		_, err := ParseSource("deep.seq", []byte(src))
		if err == nil || !strings.Contains(err.Error(), "deep.seq:3:") || !strings.Contains(err.Error(), "nest more than 1000 levels") {
			t.Errorf("%s: got %v, want a positioned nesting error", name, err)
		}
	}
	ok := wrap(strings.Repeat("(", MaxNesting-10) + "x" + strings.Repeat(")", MaxNesting-10))
	if _, err := ParseSource("ok.seq", []byte(ok)); err != nil {
		t.Errorf("nesting below the limit: %v", err)
	}
}
