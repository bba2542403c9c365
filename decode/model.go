package decode

import (
	"context"
	"fmt"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// modelLM adapts a prepared model (any backend) to LM.
type modelLM struct {
	md    backend.Executable
	fn    string
	out   int // index of the logits output
	vocab int
	// stream names the token input of a function with several; fixed holds
	// the others, given to every state (ModelOption).
	stream string
	fixed  map[string]*runtime.Tensor
}

// modelState is the State of a modelLM: the backend's streaming state of
// one sequence (batch 1).
type modelState struct {
	owner *modelLM
	st    backend.State
}

// Clone returns a deep copy of the state.
func (s *modelState) Clone() State { return &modelState{owner: s.owner, st: s.st.Snapshot()} }

// FromModel adapts a prepared model (a generated package's
// m.Executable(), or backend.Prepare's result) whose function fn ("forward") maps
// input_ids i32[B, L] to logits f32[B, L, V] (batch 1 per state; Feed uses
// Prefill for several tokens, Step for one). The logits are the output named
// "logits", or the function's only output. fn must be causal so that it can
// run through a streaming state.
//
// A function with more inputs decodes along one of them with the others
// fixed (see ModelOption): a sequence-to-sequence model's
//
//	lm, err := decode.FromModel(md, "forward", decode.WithStream("tgt_ids"), decode.WithFixed("src_ids", src))
//
// decodes a translation of src (i32[1, S]): every state starts with the
// source, whose encoder runs once per state (and not again when beam search
// forks a state: the fork carries its results). The vocabulary axis may then be a size
// of a fixed input (a pointer network's logits over its N inputs).
func FromModel(md backend.Executable, fn string, opts ...ModelOption) (LM, error) {
	if md == nil {
		return nil, fmt.Errorf("decode: nil model")
	}
	f, err := md.Func(fn)
	if err != nil {
		return nil, err
	}
	var c modelConfig
	for _, o := range opts {
		o(&c)
	}
	if len(f.Inputs) == 0 {
		return nil, fmt.Errorf("decode: %s takes no inputs, want token ids i32[B, L]", fn)
	}
	tok, stream, err := c.tokenInput(fn, f)
	if err != nil {
		return nil, err
	}
	in := f.Inputs[tok].Type
	if in.DType != ir.I32 || len(in.Shape) != 2 {
		return nil, fmt.Errorf("decode: %s takes %s, want token ids i32[B, L]", fn, in)
	}
	out := -1
	for i, name := range f.OutNames {
		if name == "logits" {
			out = i
		}
	}
	if out < 0 && len(f.Outputs) == 1 {
		out = 0
	}
	if out < 0 {
		return nil, fmt.Errorf("decode: %s has %d outputs and none named logits", fn, len(f.Outputs))
	}
	lt := f.Outputs[out].Type
	if lt.DType != ir.F32 || len(lt.Shape) != 3 {
		return nil, fmt.Errorf("decode: %s returns %s, want logits f32[B, L, V]", fn, lt)
	}
	plan, err := ir.StepPlanFor(f, stream)
	if err != nil {
		return nil, fmt.Errorf("decode: %s cannot decode token by token: %w", fn, err)
	}
	if plan.InputAxis[tok] != 1 || plan.OutAxis[out] != 1 {
		return nil, fmt.Errorf("decode: %s streams along input axis %d and logits axis %d, want 1 (the L of [B, L])", fn, plan.InputAxis[tok], plan.OutAxis[out])
	}
	for i, ax := range plan.InputAxis {
		if i != tok && ax >= 0 {
			return nil, fmt.Errorf("decode: %s streams %s along %s too: decoding feeds only the token ids %s", fn, f.Inputs[i].Name, plan.Seq, f.Inputs[tok].Name)
		}
	}
	v, ok := lt.Shape[2].Value()
	if len(f.Inputs) > 1 {
		env, err := c.bind(fn, f, tok, plan)
		if err != nil {
			return nil, err
		}
		if !ok {
			if n, err := lt.Shape[2].Eval(env); err == nil {
				v, ok = n, true
			}
		}
	}
	if !ok || v < 1 {
		return nil, fmt.Errorf("decode: %s returns logits %s: the vocabulary axis is not a positive constant or size of a fixed input", fn, lt)
	}
	return &modelLM{md: md, fn: fn, out: out, vocab: v, stream: stream, fixed: c.fixed}, nil
}

// Vocab is the size of the logits' last axis.
func (m *modelLM) Vocab() int { return m.vocab }

// NewState starts an empty stream of the function.
func (m *modelLM) NewState() (State, error) {
	st, err := m.md.NewState(m.fn, backend.Stream{Input: m.stream, Fixed: m.fixed, Batch: 1})
	if err != nil {
		return nil, err
	}
	return &modelState{owner: m, st: st}, nil
}

// Feed runs tokens through the model as one batch-1 chunk and returns a
// copy of the last position's logits.
func (m *modelLM) Feed(ctx context.Context, s State, tokens []int32) ([]float32, error) {
	ms, ok := s.(*modelState)
	if !ok || ms.owner != m {
		return nil, fmt.Errorf("decode: state %T was not made by this model's NewState", s)
	}
	n := len(tokens)
	if n == 0 {
		return nil, fmt.Errorf("decode: Feed needs at least one token")
	}
	for i, t := range tokens {
		if t < 0 || int(t) >= m.vocab {
			return nil, fmt.Errorf("decode: token %d at %d is outside the vocabulary [0, %d)", t, i, m.vocab)
		}
	}
	ids := runtime.New(runtime.I32, 1, n)
	copy(ids.I, tokens)
	in := []*runtime.Tensor{ids}
	var outs []*runtime.Tensor
	var err error
	if n == 1 {
		outs, err = m.md.Step(ctx, ms.st, in)
	} else {
		outs, err = m.md.Prefill(ctx, ms.st, in)
	}
	if err != nil {
		return nil, err
	}
	lg := outs[m.out]
	if lg.DType != runtime.F32 || len(lg.Shape) != 3 || lg.Shape[0] != 1 || lg.Shape[1] != n || lg.Shape[2] != m.vocab {
		return nil, fmt.Errorf("decode: %s returned logits %s%s, want f32[1, %d, %d]", m.fn, lg.DType, lg.ShapeString(), n, m.vocab)
	}
	return append([]float32(nil), lg.F[(n-1)*m.vocab:]...), nil
}
