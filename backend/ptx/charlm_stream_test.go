package ptx_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/ptx"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/runtime"
)

// TestCharLMStreamOnDevice decodes the trained char-LMs greedily on the
// ptx backend over the simulated driver (Prefill of the prompt, then one
// Step per token): the tokens equal the float64 reference's greedy
// continuation (up to its first near-tie), and every step moves the same
// bytes between host and device (weight uploads aside: the rope tables
// grow) — the SSM states, conv windows and KV caches stay on the device,
// so a step at position 60 copies no more than the first.
func TestCharLMStreamOnDevice(t *testing.T) {
	if err := ptx.SimulatedGPU.Available(); err != nil {
		t.Skip(err)
	}
	for _, c := range []struct{ model, dir string }{
		{"../../examples/mamba/mamba_lm.seq", "../../golden/reference/mamba_charlm"},
		{"../../examples/llama/llama.seq", "../../golden/reference/llama_charlm"},
	} {
		t.Run(filepath.Base(c.dir), func(t *testing.T) {
			var cfg struct {
				Greedy struct {
					PromptIDs []int32   `json:"prompt_ids"`
					Tokens    []int32   `json:"tokens"`
					Margins   []float64 `json:"margins"`
				} `json:"greedy"`
			}
			raw, err := os.ReadFile(filepath.Join(c.dir, "config.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &cfg); err != nil {
				t.Fatal(err)
			}
			g := cfg.Greedy
			m, err := driver.Compile(driver.Config{Path: c.model, ConfigFile: filepath.Join(c.dir, "config.json")})
			if err != nil {
				t.Fatal(err)
			}
			w, err := runtime.LoadWeights(filepath.Join(c.dir, "weights.safetensors"))
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			exec, count, err := ptx.PrepareSimulated(ctx, m, w, backend.Options{})
			if err != nil {
				t.Fatal(err)
			}
			st, err := exec.NewState("forward", backend.Stream{Batch: 1})
			if err != nil {
				t.Fatal(err)
			}
			ids := func(ts ...int32) *runtime.Tensor {
				return &runtime.Tensor{DType: runtime.I32, Shape: []int{1, len(ts)}, I: ts}
			}
			out, err := exec.Prefill(ctx, st, []*runtime.Tensor{ids(g.PromptIDs...)})
			if err != nil {
				t.Fatal(err)
			}
			n := len(g.Margins)
			if i := slices.IndexFunc(g.Margins, func(m float64) bool { return m <= 1e-3 }); i >= 0 {
				n = i
			}
			var perStep [][2]int
			for i := 0; i < n; i++ {
				logits := out[0].F[len(out[0].F)-256:]
				tok := int32(0)
				for v := range logits {
					if logits[v] > logits[tok] {
						tok = int32(v)
					}
				}
				if tok != g.Tokens[i] {
					t.Fatalf("token %d = %d, reference %d", i, tok, g.Tokens[i])
				}
				c0, b0 := count()
				if out, err = exec.Step(ctx, st, []*runtime.Tensor{ids(tok)}); err != nil {
					t.Fatal(err)
				}
				c1, b1 := count()
				perStep = append(perStep, [2]int{c1 - c0, b1 - b0})
			}
			for i, s := range perStep {
				if s != perStep[0] {
					t.Fatalf("step %d moved %d copies, %d bytes between host and device; step 0 %d, %d", i, s[0], s[1], perStep[0][0], perStep[0][1])
				}
			}
			t.Logf("%d tokens as the reference; a step: %d host↔device copies, %d bytes", n, perStep[0][0], perStep[0][1])
		})
	}
}
