package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/decode"
	"github.com/seqc-dev/seqc/internal/driver"
)

// cmdGenerate continues a prompt with a causal LM through its step form:
// greedy, sampled, or by (diverse) beam search. Prompts are bytes (for
// byte-level models) or token ids.
func cmdGenerate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	var mf modelFlags
	mf.register(fs)
	weights := fs.String("weights", "", "checkpoint")
	prompt := fs.String("prompt", "", "prompt text, fed as bytes (byte-level models)")
	ids := fs.String("prompt-ids", "", "prompt as comma-separated token ids")
	n := fs.Int("n", 64, "tokens to generate")
	temperature := fs.Float64("temperature", 0, "sampling temperature (0: greedy)")
	topK := fs.Int("top-k", 0, "sample from the k most likely tokens (0: all)")
	topP := fs.Float64("top-p", 0, "nucleus sampling mass (0: off)")
	seed := fs.Uint64("seed", 1, "sampling seed")
	beam := fs.Int("beam", 0, "beam width (0: no beam search)")
	groups := fs.Int("groups", 0, "diverse beam search groups")
	diversity := fs.Float64("diversity", 0.5, "diverse beam search penalty")
	threads := fs.Int("threads", 0, "worker goroutines (0: all cores)")
	mf.registerBackend(fs)
	mf.registerMemory(fs)
	path, ok := parseFlags(fs, args, stderr)
	if !ok || !nonNegative(fs, stderr, "n", "top-k", "beam", "groups", "threads") {
		return exitUsage
	}
	if *temperature < 0 || *topP < 0 || *topP > 1 || *diversity < 0 || *temperature != *temperature || *topP != *topP || *diversity != *diversity {
		fmt.Fprintln(stderr, "seqc generate: --temperature and --diversity want a number >= 0, --top-p one in [0, 1]")
		return exitUsage
	}
	var toks []int32
	switch {
	case *ids != "":
		for _, s := range strings.Split(*ids, ",") {
			v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
			if err != nil || v < 0 {
				fmt.Fprintf(stderr, "seqc generate: bad token id %q\n", s)
				return exitUsage
			}
			toks = append(toks, int32(v))
		}
	case *prompt != "":
		for _, c := range []byte(*prompt) {
			toks = append(toks, int32(c))
		}
	default:
		fmt.Fprintln(stderr, "seqc generate: give --prompt TEXT or --prompt-ids 1,2,3")
		return exitUsage
	}
	cfg := mf.config4(path)
	m, err := driver.Compile(cfg)
	if err != nil {
		return report(stderr, err)
	}
	md, err := driver.LoadModelBudget(context.Background(), m, *weights, mf.backend, backend.Options{Threads: *threads, TF32: mf.tf32}, cfg.Budget)
	if err != nil {
		return report(stderr, err)
	}
	if err := driver.CheckGenerateMemory(m, len(toks), *n, max(*beam, 1), cfg.Budget); err != nil {
		return report(stderr, err)
	}
	lm, err := decode.FromModel(md, "forward")
	if err != nil {
		return report(stderr, err)
	}
	// Progress on a terminal, unless the text itself streams to the same
	// screen (greedy and sampled decoding print each token as it comes).
	var bar *driver.Progress
	if *beam > 0 || !driver.IsTerminal(stdout) {
		bar = driver.StartProgress(stderr, "generating", int64(*n), "tokens")
		defer bar.Done()
		lm = progressLM(lm, len(toks), bar)
	}
	bytes := *ids == "" && lm.Vocab() <= 256
	show := func(t int32) string {
		if bytes {
			return string([]byte{byte(t)})
		}
		return fmt.Sprintf(" %d", t)
	}
	ctx := context.Background()
	start := time.Now()
	if *beam > 0 {
		hyps, err := decode.BeamSearch(ctx, lm, toks, decode.BeamOptions{Width: *beam, MaxTokens: *n, Groups: *groups, DiversityPenalty: *diversity, EOS: -1})
		bar.Done()
		if err != nil {
			return report(stderr, err)
		}
		for i, h := range hyps {
			var b strings.Builder
			for _, t := range h.Tokens {
				b.WriteString(show(t))
			}
			fmt.Fprintf(stdout, "beam %d (log-prob %.3f): %s%s\n", i, h.LogProb, *prompt, b.String())
		}
		return exitOK
	}
	fmt.Fprint(stdout, *prompt)
	out, err := decode.Generate(ctx, lm, toks, decode.Options{MaxTokens: *n, Temperature: *temperature, TopK: *topK, TopP: *topP, Seed: *seed,
		OnToken: func(t int32) error { _, err := io.WriteString(stdout, show(t)); return err }})
	bar.Done()
	if err != nil {
		return report(stderr, err)
	}
	took := time.Since(start)
	fmt.Fprintf(stderr, "\n%d tokens in %v (%.0f tokens/s)\n", len(out), took.Round(time.Millisecond), float64(len(out))/took.Seconds())
	return exitOK
}

// progressLM wraps a language model so that p is told how many tokens have
// been generated: each Feed returns the logits the next token is chosen
// from, so after the prompt (prompt tokens) and k tokens more have been fed
// to a sequence, k+1 tokens are chosen or being chosen (greedy and sampled
// decoding feed one sequence, beam search several, a position at a time).
// A nil p returns lm itself.
func progressLM(lm decode.LM, prompt int, p *driver.Progress) decode.LM {
	if p == nil {
		return lm
	}
	return &progressModel{LM: lm, prompt: prompt, p: p}
}

type progressModel struct {
	decode.LM
	prompt int
	p      *driver.Progress
	mu     sync.Mutex
	most   int
}

// progressState is a sequence's state with its length.
type progressState struct {
	decode.State
	n int
}

func (s *progressState) Clone() decode.State {
	return &progressState{State: s.State.Clone(), n: s.n}
}

func (m *progressModel) NewState() (decode.State, error) {
	st, err := m.LM.NewState()
	if err != nil {
		return nil, err
	}
	return &progressState{State: st}, nil
}

func (m *progressModel) Feed(ctx context.Context, st decode.State, tokens []int32) ([]float32, error) {
	ps, ok := st.(*progressState)
	if !ok {
		return m.LM.Feed(ctx, st, tokens)
	}
	logits, err := m.LM.Feed(ctx, ps.State, tokens)
	if err != nil {
		return nil, err
	}
	ps.n += len(tokens)
	m.mu.Lock()
	if n := ps.n - m.prompt + 1; n > m.most {
		m.most = n
		m.p.Set(int64(n))
	}
	m.mu.Unlock()
	return logits, nil
}
