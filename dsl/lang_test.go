package dsl

import (
	"sort"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/ir"
)

// Tests of issue 13's language items: builtins and modules that share a
// name, compile-time function arguments and entry points, mixed layer
// stacks, tensor literals and index arithmetic, syntax errors in words and
// nearest-name suggestions. The wrong programs are in golden/errorcheck.

// lowerText lowers one file's text.
func lowerText(t *testing.T, src string) *ir.Module {
	t.Helper()
	prog, err := LoadSource("m.seq", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Lower(prog, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// kinds counts a function's ops by kind, bodies included.
func kinds(f *ir.Func) map[string]int {
	n := map[string]int{}
	var walk func(ops []*ir.Op)
	walk = func(ops []*ir.Op) {
		for _, op := range ops {
			n[op.Kind]++
			if op.Region != nil {
				walk(op.Region.Body)
			}
		}
	}
	walk(f.Body)
	return n
}

// TestModuleAndBuiltinShareName: after import "std/ssm", ssm(...) is the
// builtin and ssm.Mamba the module's block; the same for attention.
func TestModuleAndBuiltinShareName(t *testing.T) {
	m := lowerText(t, `import "std/ssm"
import "std/attention"

model M(d: int = 8) {
    mixer = ssm.Mamba(d)

    forward(x: f32[B, L, d]) -> f32[B, L, d] {
        y = ssm(x, sigmoid(x)[.., None], x[.., None], x[.., None])
        q = x[.., None, :]
        return mixer(y) + attention(q, q, q, causal: true)[.., 0, :]
    }
}
`)
	k := kinds(m.Func("forward"))
	if k["ssm"] != 2 || k["attention"] != 1 {
		t.Errorf("want the builtin ssm twice (one from Mamba) and attention once, got %v", k)
	}
}

// TestCompileTimeArguments: a function's bool, int, float and string
// arguments, by position, by name and by default, choose what it
// lowers to; each call lowers its own variant.
func TestCompileTimeArguments(t *testing.T) {
	m := lowerText(t, `model M(d: int = 8) {
    mix(x: f32[B, L, d], causal: bool = true, act: string = "silu", n: int = 1, scale: float = 1.0) -> f32[B, L, d] {
        y = x * scale
        for i in 0..n {
            if act == "silu" {
                y = silu(y)
            } else {
                y = tanh(y)
            }
        }
        if causal {
            return cumsum(y, axis: 1)
        }
        return flip(cumsum(flip(y, axis: 1), axis: 1), axis: 1)
    }

    forward(x: f32[B, L, d]) -> f32[B, L, d] {
        return mix(x) + mix(x, false, "tanh", 2, scale: 0.5) + mix(x, act: "tanh", n: 3)
    }
}
`)
	k := kinds(m.Func("forward"))
	if k["silu"] != 1 || k["tanh"] != 5 || k["cumsum"] != 3 || k["flip"] != 2 {
		t.Errorf("the three calls lowered to %v", k)
	}
}

// TestEntryPoints: a model's entry points are forward and the functions
// marked entry; helpers are inlined where called, not lowered, and named
// in Module.Helpers.
func TestEntryPoints(t *testing.T) {
	m := lowerText(t, `model M(d: int = 8) {
    forward(x: f32[B, L, d]) -> f32[B, L, d] {
        return body(x)
    }

    entry bidirectional(x: f32[B, L, d]) -> f32[B, L, d] {
        return body(x, causal: false)
    }

    body(x: f32[.., d], causal: bool = true) -> f32[.., d] {
        if causal {
            return cumsum(x, axis: 1)
        }
        return x + flip(x, axis: 1)
    }
}
`)
	var names []string
	for _, f := range m.Funcs {
		names = append(names, f.Name)
	}
	if strings.Join(names, " ") != "forward bidirectional" || strings.Join(m.Helpers, " ") != "body" {
		t.Errorf("entry points %v, helpers %v; want [forward bidirectional] and [body]", names, m.Helpers)
	}
	// The text form does not change: entry only decides which functions
	// are lowered.
	if strings.Contains(m.Format(ir.PrintOptions{}), "entry") {
		t.Error("entry leaked into the IR text")
	}
}

// TestMixedStack: select chooses a field's block (or a list element's) at
// compile time, so a stack can mix kinds: every third layer attention.
func TestMixedStack(t *testing.T) {
	m := lowerText(t, `import "std/nn"

block Attn(d: int) {
    q = nn.Linear(d, d, bias: false)

    forward(x: f32[B, L, d]) -> f32[B, L, d] {
        h = reshape(q(x), [B, L, 1, d])
        return reshape(attention(h, h, h, causal: true), [B, L, d])
    }
}

block Recurrent(d: int) {
    param decay: f32[d] = init.zeros()

    forward(x: f32[B, L, d]) -> f32[B, L, d] {
        return ssm(x, sigmoid(decay)[None, None, :, None], x[.., None], x[.., None])
    }
}

model Hybrid(d: int = 4, n: int = 6, period: int = 3) {
    layers = [select(i % period == period - 1, Attn(d), Recurrent(d)) for i in 0..n]

    forward(x: f32[B, L, d]) -> f32[B, L, d] {
        for layer in layers {
            x = x + layer(x)
        }
        return x
    }
}
`)
	var params []string
	for _, p := range m.Params {
		params = append(params, p.Name)
	}
	sort.Strings(params)
	want := "layers.0.decay layers.1.decay layers.2.q.weight layers.3.decay layers.4.decay layers.5.q.weight"
	if got := strings.Join(params, " "); got != want {
		t.Errorf("parameters %s, want %s", got, want)
	}
	k := kinds(m.Func("forward"))
	if k["attention"] != 2 || k["ssm"] != 4 {
		t.Errorf("ops %v: want 2 attention and 4 ssm", k)
	}
}

// TestTensorLiteralsAndIndices: a list of numbers next to a tensor is a
// constant tensor (i32 when every number is an int), ints next to an i32
// tensor are i32, comparisons make f32 masks, % is the floor modulo.
func TestTensorLiteralsAndIndices(t *testing.T) {
	m := lowerText(t, `model M(d: int = 3) {
    forward(x: f32[B, L, d], ids: i32[B, L]) -> (y: f32[B, L, d], j: i32[B, L], m: f32[B, L]) {
        y = x * [1.0, 0.5, 0.25] + tensor([[1, 2, 3]], dtype: "f32")[None]
        j = (ids + 1) % 4 - arange(L)[None, :]
        return y, j, (ids > 2) && !(ids == 4)
    }
}
`)
	f := m.Func("forward")
	var lits, i32consts int
	for _, op := range f.Body {
		switch {
		case op.Kind == "literal":
			lits++
		case op.Kind == "const" && op.Attrs.String("dtype") == "i32":
			i32consts++
		}
	}
	k := kinds(f)
	if lits != 2 || i32consts < 3 || k["mod"] != 1 || k["gt"] != 1 || k["eq"] != 1 || k["arange"] != 1 {
		t.Errorf("literals %d, i32 constants %d, ops %v", lits, i32consts, k)
	}
	if got := f.Outputs[2].Type.String(); got != "f32[B, L]" {
		t.Errorf("a mask is %s, want f32[B, L]", got)
	}
}

// TestSyntaxInWords: the mistakes the issue names, and a few more, are
// reported in words at the offending token.
func TestSyntaxInWords(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{"y = x ** 2.0", "3:15: syntax error: no ** operator: use pow(x, 2.0)"},
		{"y = x\n        y += x", "4:11: syntax error: no += operator: write y = y + x"},
		{"y = x[:, ::-1]", "3:18: syntax error: slices have no step (::): to reverse an axis use flip(x, axis: 1)"},
		{"y = x if true else x", "no conditional expression (a if c else b)"},
		{"y = not x", "no not operator: use !"},
		{"y = x[]", "an index needs at least one item"},
		{"y = x; z = x", "no ';' is needed"},
		{"y = 'a'", "double quotes"},
		{"y = (x", "3:13: syntax error: ( is never closed"},
		{"y = x & x", "no & operator"},
		{"let y = x", "no let: bind a name with y = ..."},
	} {
		src := "model M(d: int = 4) {\n    forward(x: f32[B, L, d]) -> f32[B, L, d] {\n        " + c.line + "\n        return x\n    }\n}\n"
		_, err := ParseSource("m.seq", []byte(src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.line, err, c.want)
		}
	}
	// The parser's own messages lose the grammar's notation.
	_, err := ParseSource("m.seq", []byte("model M(d int = 4) {}"))
	if err == nil || err.Error() != "m.seq:1:11: syntax error: unexpected name int, expected :" {
		t.Errorf("got %v", err)
	}
}

// TestNearest: suggestions are near misses only.
func TestNearest(t *testing.T) {
	names := []string{"sigmoid", "silu", "causal", "softplus", "true", "weight", "x"}
	for _, c := range []struct{ name, want string }{
		{"sigmod", "sigmoid"}, {"casual", "causal"}, {"True", "true"}, {"wieght", "weight"}, {"softpuls", "softplus"},
		{"y", ""}, {"banana", ""}, {"sil", "silu"},
	} {
		if got := nearest(c.name, names); got != c.want {
			t.Errorf("nearest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
