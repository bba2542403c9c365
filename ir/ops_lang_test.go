package ir

import (
	"strings"
	"testing"
)

// langModule parses a module around one forward function.
func langModule(t *testing.T, sig, body string) *Module {
	t.Helper()
	m, err := Parse("module M\n\nfunc forward(" + sig + " {\n" + body + "}\n")
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestLangTypes: the type rules of the language's ops, right and wrong.
func TestLangTypes(t *testing.T) {
	ok := langModule(t, "%1 x: f32[B, L, 8, 4], %2 i: i32[B, L, 3, 4], %3 s: f32[B, L, 3, 4]) -> (a: f32[B, L, 3, 4], b: f32[B, L, 8, 4], c: f32[B, L, 2, 4], d: i32[B, L, 2, 4], e: f32[B, L, 8, 4], g: f32[5], h: f32[2, 2])",
		"  %4 = gather %1, %2 {axis=2} : f32[B, L, 3, 4]\n"+
			"  %5 = scatter_add %1, %2, %3 {axis=2} : f32[B, L, 8, 4]\n"+
			"  %6, %7 = top_k %1 {axis=2, k=2} : f32[B, L, 2, 4], i32[B, L, 2, 4]\n"+
			"  %8 = gt %1, %1 : f32[B, L, 8, 4]\n  %9 = where %8, %1, %5 : f32[B, L, 8, 4]\n"+
			"  %10 = arange {dtype=\"f32\", n=#5} : f32[5]\n"+
			"  %11 = literal {shape=#[2, 2], values=[1.0, -0.5, 0.25, 2e-07]} : f32[2, 2]\n"+
			"  return %4, %5, %6, %7, %9, %10, %11\n")
	if text := ok.Format(PrintOptions{}); !strings.Contains(text, "values=[1.0, -0.5, 0.25, 2e-07]") {
		t.Errorf("a literal's values do not print back:\n%s", text)
	}
	for _, c := range []struct{ sig, body, want string }{
		{"%1 x: f32[B, L, 8], %2 i: f32[B, L, 2]) -> (y: f32[B, L, 2])", "  %3 = gather %1, %2 {axis=2} : f32[B, L, 2]\n  return %3\n", "gather needs i32 indices"},
		{"%1 x: f32[B, L, 8], %2 i: i32[B, 2]) -> (y: f32[B, L, 2])", "  %3 = gather %1, %2 {axis=2} : f32[B, L, 2]\n  return %3\n", "same rank"},
		{"%1 x: f32[B, L, 8], %2 i: i32[B, 3, 2]) -> (y: f32[B, L, 2])", "  %3 = gather %1, %2 {axis=2} : f32[B, L, 2]\n  return %3\n", "mismatched shapes in gather"},
		{"%1 x: f32[B, L, 8]) -> (y: f32[B, L, 9])", "  %2, %3 = top_k %1 {axis=2, k=9} : f32[B, L, 9], i32[B, L, 9]\n  return %2\n", "top_k of 9 along axis 2 of size 8"},
		{"%1 x: f32[B, L], %2 i: i32[B, L]) -> (y: f32[B, L])", "  %3 = lt %1, %2 : f32[B, L]\n  return %3\n", "mismatched element types in lt"},
		{"%1 x: i32[B, L]) -> (y: i32[B, L])", "  %2 = div %1, %1 : i32[B, L]\n  return %2\n", "div is not defined for i32 tensors"},
		{"%1 x: i32[B, L]) -> (y: i32[B, L])", "  %2 = exp %1 : i32[B, L]\n  return %2\n", "exp needs a floating-point tensor"},
		{"%1 x: f32[B, L]) -> (y: f32[3])", "  %2 = literal {shape=#[3], values=[1.0, 2.0]} : f32[3]\n  return %2\n", "holds 2 values, want 3"},
		{"%1 x: f32[B, L]) -> (y: i32[1])", "  %2 = literal {dtype=\"i32\", shape=#[1], values=[1.5]} : i32[1]\n  return %2\n", "not a 32-bit integer"},
		{"%1 x: f32[B, L, 2]) -> (y: f32[B, L, 2])", "  %2 = assoc_scan %1 : f32[B, L, 2] {\n    ^(%3: f32[B, 2], %4: f32[B, 2]):\n    %5 = sum %3 {axis=1} : f32[B]\n    yield %5\n  }\n  return %2\n", "a combine keeps each component's type"},
		{"%1 x: f32[B, L, 2]) -> (y: f32[B, L, 2])", "  %2 = assoc_scan %1 : f32[B, L, 2]\n  return %2\n", "assoc_scan needs a body"},
	} {
		m, err := Parse("module M\n\nfunc forward(" + c.sig + " {\n" + c.body + "}\n")
		if err == nil {
			err = Verify(m)
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", strings.TrimSpace(c.body), err, c.want)
		}
	}
}

// TestDilatedConvType: a conv with dilation d spans d·(W-1)+1 positions.
func TestDilatedConvType(t *testing.T) {
	m := langModule(t, "%1 x: f32[B, L, 4], %2 k: f32[4, 3]) -> (y: f32[B, L, 4], z: f32[B, L-4, 4])",
		"  %3 = conv %1, %2 {dilation=2, pad_left=4, pad_right=0} : f32[B, L, 4]\n  %4 = conv %1, %2 {dilation=2} : f32[B, L-4, 4]\n  return %3, %4\n")
	op := m.Funcs[0].Body[0]
	if span, ok := ConvSpan(op); !ok || span != 5 || ConvDilation(op) != 2 {
		t.Errorf("span %d, dilation %d", span, ConvDilation(op))
	}
}

// TestLangStepRules: how the new ops stream, and why they do not.
func TestLangStepRules(t *testing.T) {
	for _, c := range []struct {
		name, sig, body string
		stateful        []string // the stateful ops, when it streams
		refusal         string   // else, the reason
	}{
		{"positions", "%1 x: f32[B, L]) -> (y: f32[B, L])",
			"  %2 = arange {dtype=\"f32\", n=#L} : f32[L]\n  %3 = reshape %2 {shape=#[1, L]} : f32[1, L]\n  %4 = add %1, %3 : f32[B, L]\n  return %4\n",
			[]string{"arange"}, ""},
		{"an L×L mask", "%1 x: f32[B, L]) -> (y: f32[B, L])",
			"  %2 = arange {n=#L} : i32[L]\n  %3 = reshape %2 {shape=#[L, 1]} : i32[L, 1]\n  %4 = reshape %2 {shape=#[1, L]} : i32[1, L]\n  %5 = ge %3, %4 : f32[L, L]\n  %6 = sum %5 {axis=1} : f32[L]\n  %7 = reshape %6 {shape=#[1, L]} : f32[1, L]\n  %8 = mul %1, %7 : f32[B, L]\n  return %8\n",
			nil, "sequence axes do not line up"},
		{"routing over the features", "%1 x: f32[B, L, 8]) -> (y: f32[B, L, 2])",
			"  %2, %3 = top_k %1 {axis=2, k=2} : f32[B, L, 2], i32[B, L, 2]\n  %4 = gather %1, %3 {axis=2} : f32[B, L, 2]\n  %5 = scatter_add %4, %3, %2 {axis=2} : f32[B, L, 2]\n  return %5\n",
			nil, ""},
		{"top_k along the sequence", "%1 x: f32[B, L, 8]) -> (y: f32[B, 1, 8])",
			"  %2, %3 = top_k %1 {axis=1, k=1} : f32[B, 1, 8], i32[B, 1, 8]\n  return %2\n",
			nil, "ranks along the sequence axis"},
		{"gather along the sequence", "%1 x: f32[B, L, 8], %2 i: i32[B, L, 8]) -> (y: f32[B, L, 8])",
			"  %3 = gather %1, %2 {axis=1} : f32[B, L, 8]\n  return %3\n",
			nil, "indexes along the sequence axis"},
		{"a dilated causal conv", "%1 x: f32[B, L, 4], %2 k: f32[4, 3]) -> (y: f32[B, L, 4])",
			"  %3 = conv %1, %2 {dilation=2, pad_left=4, pad_right=0} : f32[B, L, 4]\n  return %3\n",
			[]string{"conv"}, ""},
		{"a dilated conv padded as if undilated", "%1 x: f32[B, L, 4], %2 k: f32[4, 3]) -> (y: f32[B, L-2, 4])",
			"  %3 = conv %1, %2 {dilation=2, pad_left=2, pad_right=0} : f32[B, L-2, 4]\n  return %3\n",
			nil, "is not causal"},
		{"an associative scan", "%1 x: f32[B, L, 4]) -> (y: f32[B, L, 4])",
			"  %2 = assoc_scan %1 : f32[B, L, 4] {\n    ^(%3: f32[B, 4], %4: f32[B, 4]):\n    %5 = add %3, %4 : f32[B, 4]\n    yield %5\n  }\n  return %2\n",
			[]string{"assoc_scan"}, ""},
	} {
		m := langModule(t, c.sig, c.body)
		p, err := StepPlan(m.Funcs[0])
		switch {
		case c.refusal != "":
			if err == nil || !strings.Contains(err.Error(), c.refusal) {
				t.Errorf("%s: got %v, want a refusal (%s)", c.name, err, c.refusal)
			}
		case err != nil:
			t.Errorf("%s: %v", c.name, err)
		default:
			var got []string
			for _, op := range p.Stateful {
				got = append(got, op.Kind)
			}
			if strings.Join(got, " ") != strings.Join(c.stateful, " ") {
				t.Errorf("%s: stateful ops %v, want %v", c.name, got, c.stateful)
			}
		}
	}
}
