package bytelm_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/seqc-dev/seqc/examples/gam/gamlm"
	"github.com/seqc-dev/seqc/examples/internal/bytelm"
	"github.com/seqc-dev/seqc/examples/llama/llamalm"
	"github.com/seqc-dev/seqc/examples/mamba/mambalm"
	"github.com/seqc-dev/seqc/examples/rwkv/rwkvlm"
)

// TestGreedyMatchesFixtures: the example programs' greedy decoding through
// the generated packages reproduces the official models' greedy bytes.
func TestGreedyMatchesFixtures(t *testing.T) {
	for name, load := range map[string]func(string) (bytelm.LM, error){
		"mamba_charlm": func(p string) (bytelm.LM, error) { return mambalm.Load(p) },
		"llama_charlm": func(p string) (bytelm.LM, error) { return llamalm.Load(p) },
		"rwkv4_charlm": func(p string) (bytelm.LM, error) { return rwkvlm.Load(p) },
		"gam_charlm":   func(p string) (bytelm.LM, error) { return gamlm.Load(p) },
	} {
		t.Run(name, func(t *testing.T) {
			dir := "../../../golden/reference/" + name
			raw, err := os.ReadFile(dir + "/config.json")
			if err != nil {
				t.Fatal(err)
			}
			var cfg struct {
				Greedy struct {
					Prompt string  `json:"prompt"`
					Tokens []int32 `json:"tokens"`
				} `json:"greedy"`
			}
			if err := json.Unmarshal(raw, &cfg); err != nil {
				t.Fatal(err)
			}
			m, err := load(dir + "/weights.safetensors")
			if err != nil {
				t.Fatal(err)
			}
			var prompt []int32
			for _, c := range []byte(cfg.Greedy.Prompt) {
				prompt = append(prompt, int32(c))
			}
			var got []byte
			if err := bytelm.Greedy(context.Background(), m, prompt, 48, func(b byte) { got = append(got, b) }); err != nil {
				t.Fatal(err)
			}
			for i, b := range got {
				if int32(b) != cfg.Greedy.Tokens[i] {
					t.Fatalf("byte %d: got %q, want %q (so far %q)", i, b, byte(cfg.Greedy.Tokens[i]), got[:i])
				}
			}
		})
	}
}
