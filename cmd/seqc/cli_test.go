package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/internal/driver"
)

func seqc(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitStatuses(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{nil, exitUsage, "usage"},
		{[]string{"bogus"}, exitUsage, "unknown command"},
		{[]string{"check"}, exitUsage, "want one FILE.seq"},
		{[]string{"check", "nope.seq"}, exitBadInput, "nope.seq"},
		{[]string{"check", "golden/errorcheck/shape_mismatch_add.seq"}, exitBadInput, "shape_mismatch_add.seq:"},
		{[]string{"check", "examples/mamba/mamba_lm.seq", "--set", "d_model=abc"}, exitBadInput, "bad override --set d_model=abc"},
		{[]string{"check", "examples/mamba/mamba_lm.seq", "--set", "nope=1"}, exitBadInput, "unknown hyperparameter nope"},
		{[]string{"ir", "examples/mamba/mamba_lm.seq", "--after", "nope"}, exitBadInput, "unknown pass"},
		{[]string{"run", "examples/rnn/lstm.seq", "--output", "x.npy", "--weights", "golden/reference/lstm/weights.safetensors", "--config", "golden/reference/lstm/config.json", "--input", "golden/reference/lstm/input.npy"}, exitUsage, "3 outputs"},
		{[]string{"run", "examples/mamba/mamba_mixer.seq", "--weights", "golden/reference/lstm/weights.safetensors", "--input", "golden/reference/mamba_mixer/input.npy"}, exitBadInput, "missing tensor in_proj.weight"},
		{[]string{"run", "examples/hydra/hydra.seq", "--step", "--config", "golden/reference/hydra_mixer/config.json", "--weights", "golden/reference/hydra_mixer/weights.safetensors", "--input", "golden/reference/hydra_mixer/input.npy"}, exitBadInput, "not causal"},
		{[]string{"build", "examples/arnet/arnet.seq"}, exitUsage, "-o DIR"},
		// A forced mode that no mixer has is an error, not a silent fallback.
		{[]string{"run", "examples/rnn/gru.seq", "--mode", "conv", "--config", "golden/reference/gru/config.json", "--weights", "golden/reference/gru/weights.safetensors", "--input", "golden/reference/gru/input.npy"}, exitBadInput, "--mode conv applies to no mixer of forward: scan at"},
		{[]string{"run", "examples/rnn/gru.seq", "--mode", "nope", "--config", "golden/reference/gru/config.json", "--weights", "golden/reference/gru/weights.safetensors", "--input", "golden/reference/gru/input.npy"}, exitBadInput, "unknown mode"},
	}
	for _, c := range cases {
		code, out, errs := seqc(t, c.args...)
		if code != c.code || !strings.Contains(out+errs, c.want) {
			t.Errorf("seqc %s: exit %d, want %d with %q; got:\n%s%s", strings.Join(c.args, " "), code, c.code, c.want, out, errs)
		}
	}
}

// TestModeReport: a forced mode says which mixers took it and which kept
// their own algorithm.
func TestModeReport(t *testing.T) {
	out := t.TempDir()
	code, stdout, errs := seqc(t, "run", "examples/s4d/s4d.seq", "--mode", "conv", "--config", "golden/reference/s4d_layer/config.json",
		"--weights", "golden/reference/s4d_layer/weights.safetensors", "--input", "golden/reference/s4d_layer/input.npy", "--output-dir", out)
	if code != 0 {
		t.Fatal(errs)
	}
	if !strings.Contains(stdout, "mode conv for 1 ssm") {
		t.Errorf("the summary does not say which mixers ran as conv:\n%s", stdout)
	}
	code, stdout, errs = seqc(t, "run", "examples/mamba/mamba2_mixer.seq", "--mode", "conv", "--config", "golden/reference/mamba2_mixer/config.json",
		"--weights", "golden/reference/mamba2_mixer/weights.safetensors", "--input", "golden/reference/mamba2_mixer/input.npy", "--output-dir", out)
	if code != 0 {
		t.Fatal(errs)
	}
	if !strings.Contains(stdout, "mode conv for 1 conv; not for 1 ssm (no conv form)") {
		t.Errorf("the summary does not say which mixers kept their algorithm:\n%s", stdout)
	}
}

func TestGraph(t *testing.T) {
	code, out, errs := seqc(t, "graph", "examples/mamba/mamba_lm.seq", "--set", "n_layer=2")
	if code != 0 {
		t.Fatal(errs)
	}
	for _, want := range []string{"digraph \"MambaLM\"", "cluster", "label=\"backbone.layers.1.mixer\"", "selective_scan", "conv", "label=\"[B, L, 768]\"", "out0"} {
		if !strings.Contains(out, want) {
			t.Errorf("graph lacks %q", want)
		}
	}
	if strings.Count(out, "{") != strings.Count(out, "}") {
		t.Error("unbalanced braces in DOT output")
	}
}

func TestExplain(t *testing.T) {
	code, out, errs := seqc(t, "ir", "examples/s4d/s4d.seq", "--explain", "--length", "4096", "--set", "d_model=64")
	if code != 0 {
		t.Fatal(errs)
	}
	for _, want := range []string{"runs scan at length 4096", "estimated per sequence:", "conv", "chunked:16", "step state: ssm state c64[64, 32]", "activation memory: peak"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain lacks %q:\n%s", want, out)
		}
	}
}

// TestInitDeterministic: the same seed gives the same bytes; another seed does not.
func TestInitDeterministic(t *testing.T) {
	dir := t.TempDir()
	for i, seed := range []string{"5", "5", "6"} {
		if code, _, errs := seqc(t, "init", "examples/mamba/mamba_lm.seq", "--set", "d_model=16", "--set", "n_layer=1", "--set", "vocab_size=8", "-o", filepath.Join(dir, string(rune('a'+i))+".safetensors"), "--seed", seed); code != 0 {
			t.Fatal(errs)
		}
	}
	a, _ := os.ReadFile(filepath.Join(dir, "a.safetensors"))
	b, _ := os.ReadFile(filepath.Join(dir, "b.safetensors"))
	c, _ := os.ReadFile(filepath.Join(dir, "c.safetensors"))
	if !bytes.Equal(a, b) || bytes.Equal(a, c) {
		t.Error("seqc init is not deterministic in its seed")
	}
}

// TestFmtWrite: fmt -w rewrites a file in place into canonical form and
// leaves it alone when it already is.
func TestFmtWrite(t *testing.T) {
	p := filepath.Join(t.TempDir(), "m.seq")
	os.WriteFile(p, []byte("model M(d:int=4){\n  forward(x:f32[B,L,d])->f32[B,L,d]{ return x*2 } // twice\n}\n"), 0o644)
	if code, _, errs := seqc(t, "fmt", "-w", p); code != 0 {
		t.Fatal(errs)
	}
	got, _ := os.ReadFile(p)
	want := "model M(d: int = 4) {\n    forward(x: f32[B, L, d]) -> f32[B, L, d] {\n        return x * 2\n    }  // twice\n}\n"
	if string(got) != want {
		t.Errorf("fmt -w gave:\n%s\nwant:\n%s", got, want)
	}
}

// TestOpsDoc keeps docs/ir.md's op table equal to the op table.
func TestOpsDoc(t *testing.T) {
	doc, err := os.ReadFile("docs/ir.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), driver.OpTableMarkdown()) {
		t.Error("docs/ir.md's op table is stale: regenerate it with seqc ops")
	}
}

// TestGenerate: seqc generate continues the trained Mamba's greedy prompt
// with the fixture's greedy tokens.
func TestGenerate(t *testing.T) {
	raw, err := os.ReadFile("golden/reference/mamba_charlm/config.json")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Greedy struct {
			Prompt string  `json:"prompt"`
			Tokens []int32 `json:"tokens"`
		} `json:"greedy"`
	}
	if err := jsonUnmarshal(raw, &cfg); err != nil || len(cfg.Greedy.Tokens) < 32 {
		t.Fatalf("fixture greedy: %v", err)
	}
	code, out, errs := seqc(t, "generate", "examples/mamba/mamba_lm.seq", "--config", "golden/reference/mamba_charlm/config.json",
		"--weights", "golden/reference/mamba_charlm/weights.safetensors", "--prompt", cfg.Greedy.Prompt, "-n", "32")
	if code != 0 {
		t.Fatal(errs)
	}
	want := cfg.Greedy.Prompt
	for _, tok := range cfg.Greedy.Tokens[:32] {
		want += string([]byte{byte(tok)})
	}
	if out != want {
		t.Errorf("generate printed %q, want %q", out, want)
	}
}

// TestHintPinsMode: @mode and @chunk hints survive the passes and --explain
// reports the pinned choice.
func TestHintPinsMode(t *testing.T) {
	p := filepath.Join(t.TempDir(), "hint.seq")
	os.WriteFile(p, []byte(`model Hinted(d: int = 4, n: int = 8) {
    param a: f32[d, n] = init.constant(value: 0.5)
    param b: f32[d, n] = init.ones()
    param c: f32[d, n] = init.ones()

    forward(x: f32[B, L, d]) -> f32[B, L, d] {
        return ssm(x, a[None, None], b[None, None], c[None, None]) @mode(chunked) @chunk(32)
    }
}
`), 0o644)
	code, out, errs := seqc(t, "ir", p, "--explain")
	if code != 0 {
		t.Fatal(errs)
	}
	if !strings.Contains(out, "runs chunked: pinned by @mode") {
		t.Errorf("explain:\n%s", out)
	}
	code, out, errs = seqc(t, "ir", p, "--all")
	if code != 0 || !strings.Contains(out, `chunk=32`) || !strings.Contains(out, `mode="chunked"`) || strings.Contains(out, "policy=") {
		t.Errorf("IR after passes:\n%s%s", out, errs)
	}
}

func TestCheckLibrary(t *testing.T) {
	code, out, errs := seqc(t, "check", "stdlib/nn.seq")
	if code != exitOK || !strings.Contains(out, "block Linear: not checked alone (hyperparameter in_features has no default") {
		t.Errorf("check stdlib/nn.seq: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = seqc(t, "check", "stdlib/nn.seq", "--model", "Linear", "--set", "in_features=4", "--set", "out_features=8")
	if code != exitOK || !strings.Contains(out, "block Linear ok: 40 parameters (2 tensors)") || !strings.Contains(out, "f32[Batch_, 8]") {
		t.Errorf("check --model Linear: exit %d\n%s%s", code, out, errs)
	}
	code, _, errs = seqc(t, "check", "stdlib/nn.seq", "--model", "Linear", "--set", "in_features=4")
	if code != exitBadInput || !strings.Contains(errs, "hyperparameter out_features of block Linear has no default: give it with --set out_features=") {
		t.Errorf("check --model Linear without out_features: exit %d\n%s", code, errs)
	}

	dir := t.TempDir()
	lib := filepath.Join(dir, "lib.seq")
	src := "block Gate(d: int = 4) {\n    forward(x: f32[.., d]) -> f32[.., d] {\n        return silu(x)\n    }\n}\n" +
		"block Bad(d: int = 4) {\n    param w: f32[d, 2 * d] = init.zeros()\n    forward(x: f32[B, L, d]) -> f32[B, L, d] {\n        return x + w\n    }\n}\n" +
		"block P(d: int = 4) {\n    param w: f32[d] = init.zeros()\n}\n"
	if err := os.WriteFile(lib, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = seqc(t, "check", lib)
	if code != exitBadInput || !strings.Contains(out, "block Gate ok") || !strings.Contains(out, "block P: parameters only") || !strings.Contains(errs, "lib.seq:9:") {
		t.Errorf("check a library with one bad block: exit %d\n%s%s", code, out, errs)
	}
}
