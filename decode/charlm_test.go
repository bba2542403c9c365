package decode

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	_ "github.com/seqc-dev/seqc/backend/all"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/runtime"
)

// charGreedy is the "greedy" object of a charlm reference config.json: a
// float64 reference's greedy continuation of a prompt and, at each decoded
// position, the gap between its two best logits.
type charGreedy struct {
	Prompt    string    `json:"prompt"`
	PromptIDs []int32   `json:"prompt_ids"`
	NNew      int       `json:"n_new"`
	Tokens    []int32   `json:"tokens"`
	Margins   []float64 `json:"margins"`
}

// loadCharLM compiles model (a .seq file) with the reference case's config,
// loads its trained weights and returns the LM and the greedy expectation.
func loadCharLM(tb testing.TB, model, dir, backendName string) (LM, charGreedy) {
	tb.Helper()
	cfgPath := filepath.Join(dir, "config.json")
	raw, err := os.ReadFile(cfgPath)
	if err != nil {
		tb.Skipf("reference case not available: %v", err)
	}
	var cfg struct {
		Greedy charGreedy `json:"greedy"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		tb.Fatal(err)
	}
	g := cfg.Greedy
	if g.NNew == 0 || len(g.Tokens) != g.NNew || len(g.Margins) != g.NNew {
		tb.Fatalf("%s: greedy has n_new %d, %d tokens, %d margins", cfgPath, g.NNew, len(g.Tokens), len(g.Margins))
	}
	if string(int32sToBytes(g.PromptIDs)) != g.Prompt {
		tb.Fatalf("%s: prompt_ids %v are not the bytes of %q", cfgPath, g.PromptIDs, g.Prompt)
	}
	m, err := driver.Compile(driver.Config{Path: model, ConfigFile: cfgPath})
	if err != nil {
		tb.Fatal(err)
	}
	w, err := runtime.LoadWeights(filepath.Join(dir, "weights.safetensors"))
	if err != nil {
		tb.Fatal(err)
	}
	md, err := backend.Prepare(context.Background(), backendName, m, w, dir, backend.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	lm, err := FromModel(md, "forward")
	if err != nil {
		tb.Fatal(err)
	}
	if lm.Vocab() != 256 {
		tb.Fatalf("vocab %d, want 256 (bytes)", lm.Vocab())
	}
	return lm, g
}

func int32sToBytes(ts []int32) []byte {
	b := make([]byte, len(ts))
	for i, t := range ts {
		b[i] = byte(t)
	}
	return b
}

// minMargin is the smallest top-1/top-2 logit gap at which the float32
// model must agree with the float64 reference's greedy choice.
const minMargin = 1e-3

// checkCharGreedy decodes the reference prompt greedily and compares the
// tokens with the reference up to the first position whose margin is small
// (after it, a legitimate flip may change everything that follows).
func checkCharGreedy(t *testing.T, model, dir string) {
	for _, b := range backend.Available() {
		t.Run(b.Name(), func(t *testing.T) { checkCharGreedyOn(t, model, dir, b.Name()) })
	}
}

func checkCharGreedyOn(t *testing.T, model, dir, backendName string) {
	lm, g := loadCharLM(t, model, dir, backendName)
	got, err := Generate(context.Background(), lm, g.PromptIDs, Options{MaxTokens: g.NNew})
	if err != nil {
		t.Fatal(err)
	}
	n := len(g.Margins)
	if i := slices.IndexFunc(g.Margins, func(m float64) bool { return m <= minMargin }); i >= 0 {
		n = i
	}
	if n == 0 {
		t.Fatalf("the first margin %v is below %v: nothing to compare", g.Margins[0], minMargin)
	}
	for i := 0; i < n; i++ {
		if got[i] != g.Tokens[i] {
			t.Fatalf("token %d = %d (%q), reference %d (%q), margin %.4f\ngot  %q\nwant %q", i, got[i], rune(got[i]), g.Tokens[i], rune(g.Tokens[i]), g.Margins[i], int32sToBytes(got), int32sToBytes(g.Tokens))
		}
	}
	t.Logf("%d/%d tokens compared: %q%q", n, g.NNew, g.Prompt, int32sToBytes(got))
}

func TestCharLMGreedyMamba(t *testing.T) {
	checkCharGreedy(t, "../examples/mamba/mamba_lm.seq", "../golden/reference/mamba_charlm")
}

func TestCharLMGreedyLlama(t *testing.T) {
	checkCharGreedy(t, "../examples/llama/llama.seq", "../golden/reference/llama_charlm")
}

// BenchmarkGenerate measures greedy decoding of the trained charlms on
// every backend: the reference prompt, then 64 bytes, one Step per byte.
func BenchmarkGenerate(b *testing.B) {
	for _, lmCase := range []struct{ name, model, dir string }{
		{"mamba", "../examples/mamba/mamba_lm.seq", "../golden/reference/mamba_charlm"},
		{"llama", "../examples/llama/llama.seq", "../golden/reference/llama_charlm"},
	} {
		for _, be := range backend.Available() {
			b.Run(lmCase.name+"/backend="+be.Name(), func(b *testing.B) {
				lm, g := loadCharLM(b, lmCase.model, lmCase.dir, be.Name())
				ctx := context.Background()
				const n = 64
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					toks, err := Generate(ctx, lm, g.PromptIDs, Options{MaxTokens: n})
					if err != nil {
						b.Fatal(err)
					}
					if len(toks) != n {
						b.Fatalf("%d tokens", len(toks))
					}
				}
				b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "tokens/s")
			})
		}
	}
}
