package ptx_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/ptx"
	"github.com/seqc-dev/seqc/decode"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// TestCharLMStreamOnDevice decodes the trained char-LMs greedily on the
// ptx backend over the simulated driver (Prefill of the prompt, then one
// Step per token): the tokens equal the float64 reference's greedy
// continuation (up to its first near-tie), and every step moves the same
// bytes between host and device (weight uploads aside: the rope tables
// grow) — the SSM states, conv and shift windows, scan carries and KV
// caches stay on the device, so a step at position 60 copies no more than
// the second. The trained Mamba and LLaMA copy only the token in and the
// logits out.
func TestCharLMStreamOnDevice(t *testing.T) {
	if err := ptx.SimulatedGPU.Available(); err != nil {
		t.Skip(err)
	}
	// most is the most host↔device copies a step may make (measured in
	// session 5; a regression fails): the token in and the logits out, and
	// for GAM one more: its positions, cast to i32 on the device, come back
	// for the host checks of the cast (values it refuses) and of the
	// embedding's ids (in range).
	for _, c := range []struct {
		model, dir string
		most       int
	}{
		{"../../examples/mamba/mamba_lm.seq", "../../golden/reference/mamba_charlm", 2},
		{"../../examples/llama/llama.seq", "../../golden/reference/llama_charlm", 2},
		{"../../examples/rwkv/rwkv4.seq", "../../golden/reference/rwkv4_charlm", 2},
		{"../../examples/gam/gam.seq", "../../golden/reference/gam_charlm", 3},
		{"../../examples/aaren/aaren.seq", "../../golden/reference/aaren_charlm", 2},
		{"../../examples/ut/ut.seq", "../../golden/reference/ut_charlm", 2},
	} {
		t.Run(filepath.Base(c.dir), func(t *testing.T) {
			var cfg struct {
				Greedy struct {
					Prompt    string    `json:"prompt"`
					PromptIDs []int32   `json:"prompt_ids"`
					Text      string    `json:"text"` // the prompt and the continuation, where tokens are not given
					Tokens    []int32   `json:"tokens"`
					Margins   []float64 `json:"margins"`
				} `json:"greedy"`
			}
			readConfig(t, c.dir, &cfg)
			g := cfg.Greedy
			if g.PromptIDs == nil {
				g.PromptIDs = byteIDs(g.Prompt)
			}
			if g.Tokens == nil {
				g.Tokens = byteIDs(strings.TrimPrefix(g.Text, g.Prompt))
			}
			m, w := loadCharLM(t, c.model, c.dir)
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
			// From the second step on (the first after the Prefill may
			// differ: RWKV-4's).
			for i, s := range perStep[1:] {
				if s != perStep[1] {
					t.Fatalf("step %d moved %d copies, %d bytes between host and device; step 1 %d, %d", i+1, s[0], s[1], perStep[1][0], perStep[1][1])
				}
			}
			if c.most == 2 && perStep[1] != [2]int{2, 4 + 4*256} {
				t.Errorf("a step moved %v (copies, bytes) between host and device, want the token in and the logits out", perStep[1])
			}
			if perStep[1][0] > c.most {
				t.Errorf("a step made %d host↔device copies, at most %d before", perStep[1][0], c.most)
			}
			t.Logf("%d tokens as the reference; a step: %d host↔device copies, %d bytes (the first %d, %d)", n, perStep[1][0], perStep[1][1], perStep[0][0], perStep[0][1])
		})
	}
}

// byteIDs is the byte-level token ids of s.
func byteIDs(s string) []int32 {
	ids := make([]int32, len(s))
	for i := range len(s) {
		ids[i] = int32(s[i])
	}
	return ids
}

// TestCharLMBeamOnDevice: beam search clones a stream's state for every
// kept beam at every step — on ptx, device-to-device snapshots of the SSM
// states, conv windows and KV caches. Over the simulated driver its
// hypotheses equal the interpreter's (tokens, and log-probabilities to
// float32 rounding).
func TestCharLMBeamOnDevice(t *testing.T) {
	if err := ptx.SimulatedGPU.Available(); err != nil {
		t.Skip(err)
	}
	for _, c := range []struct{ model, dir string }{
		{"../../examples/mamba/mamba_lm.seq", "../../golden/reference/mamba_charlm"},
		{"../../examples/llama/llama.seq", "../../golden/reference/llama_charlm"},
	} {
		t.Run(filepath.Base(c.dir), func(t *testing.T) {
			m, w := loadCharLM(t, c.model, c.dir)
			ctx := context.Background()
			gpu, _, err := ptx.PrepareSimulated(ctx, m, w, backend.Options{})
			if err != nil {
				t.Fatal(err)
			}
			cpu, err := backend.Prepare(ctx, backend.Interp, m, w, "test", backend.Options{})
			if err != nil {
				t.Fatal(err)
			}
			prompt := byteIDs("func (b *Buffer) ")
			var hyps [2][]decode.Hypothesis
			for i, ex := range []backend.Executable{cpu, gpu} {
				lm, err := decode.FromModel(ex, "forward")
				if err != nil {
					t.Fatal(err)
				}
				if hyps[i], err = decode.BeamSearch(ctx, lm, prompt, decode.BeamOptions{Width: 4, MaxTokens: 12, EOS: -1}); err != nil {
					t.Fatal(err)
				}
			}
			if len(hyps[0]) != len(hyps[1]) {
				t.Fatalf("%d hypotheses on the interpreter, %d on ptx", len(hyps[0]), len(hyps[1]))
			}
			for i := range hyps[0] {
				a, b := hyps[0][i], hyps[1][i]
				if !slices.Equal(a.Tokens, b.Tokens) || math.Abs(a.LogProb-b.LogProb) > 1e-3*(1+math.Abs(a.LogProb)) {
					t.Errorf("hypothesis %d: interpreter %q (%.5f), ptx %q (%.5f)", i, a.Tokens, a.LogProb, b.Tokens, b.LogProb)
				}
			}
		})
	}
}

// loadCharLM compiles a char-LM reference case's model with its config and
// loads its trained weights.
func loadCharLM(t *testing.T, model, dir string) (*ir.Module, map[string]*runtime.Tensor) {
	t.Helper()
	m, err := driver.Compile(driver.Config{Path: model, ConfigFile: filepath.Join(dir, "config.json")})
	if err != nil {
		t.Fatal(err)
	}
	w, err := runtime.LoadWeights(filepath.Join(dir, "weights.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	return m, w
}

// readConfig decodes the fixture folder dir's config.json into cfg.
func readConfig(t *testing.T, dir string, cfg any) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, cfg); err != nil {
		t.Fatal(err)
	}
}
