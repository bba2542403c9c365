package interp

import (
	"context"
	"fmt"

	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// State is the recurrent state of one streaming run of a causal function:
// for every stateful op (SSM states, conv windows, KV caches, scan carries,
// shift windows, running sums) the tensors it carries, and the number of
// positions consumed. A State belongs to one sequence batch; it is never
// shared between concurrent calls.
type State struct {
	fn    *ir.Func
	plan  *ir.Plan
	Pos   int
	slots map[slotKey]*cell // by op index in the function and slot number
	index map[*ir.Op]int    // ops that carry state (plan.Stateful), by program order
}

type slotKey struct{ op, i int }

// cell holds one state tensor; ops keep pointers to cells while they run.
type cell struct{ t *runtime.Tensor }

// NewState starts a stream for the named function. It fails with the reason
// when the function is not causal (see ir.StepPlan).
func (md *Model) NewState(fn string) (*State, error) {
	f, err := md.Func(fn)
	if err != nil {
		return nil, err
	}
	plan, err := ir.StepPlan(f)
	if err != nil {
		return nil, err
	}
	st := &State{fn: f, plan: plan, slots: map[slotKey]*cell{}, index: map[*ir.Op]int{}}
	for i, op := range plan.Stateful {
		st.index[op] = i
	}
	return st, nil
}

// Prefill runs a chunk of positions [B, l, ...] continuing from st and
// advances it. Prefill(a) then Prefill(b) gives the outputs of Run(a ++ b),
// split at len(a).
func (md *Model) Prefill(ctx context.Context, st *State, inputs []*runtime.Tensor) ([]*runtime.Tensor, error) {
	if st == nil {
		return nil, fmt.Errorf("nil state: create one with NewState")
	}
	env, err := BindInputs(st.fn, inputs)
	if err != nil {
		return nil, err
	}
	return md.advance(ctx, st, inputs, env)
}

// advance runs bound inputs from st and moves it on by their length.
func (md *Model) advance(ctx context.Context, st *State, inputs []*runtime.Tensor, env map[string]int) ([]*runtime.Tensor, error) {
	_, out, err := md.exec(ctx, st.fn, inputs, env, st)
	if err != nil {
		return nil, err
	}
	st.Pos += env[st.plan.Seq]
	return out, nil
}

// Plan returns the streaming plan: which axis of each input and output is
// the sequence.
func (st *State) Plan() *ir.Plan { return st.plan }

// Step runs one position (inputs with sequence length 1).
func (md *Model) Step(ctx context.Context, st *State, inputs []*runtime.Tensor) ([]*runtime.Tensor, error) {
	if st == nil {
		return nil, fmt.Errorf("nil state: create one with NewState")
	}
	env, err := BindInputs(st.fn, inputs)
	if err != nil {
		return nil, err
	}
	if n := env[st.plan.Seq]; n != 1 {
		return nil, fmt.Errorf("step takes one position, got %d (use Prefill for several)", n)
	}
	return md.advance(ctx, st, inputs, env)
}

// Snapshot returns a deep copy of the state.
func (st *State) Snapshot() *State {
	c := &State{fn: st.fn, plan: st.plan, Pos: st.Pos, slots: make(map[slotKey]*cell, len(st.slots)), index: st.index}
	for k, cl := range st.slots {
		n := &cell{}
		if cl.t != nil {
			n.t = cl.t.Clone()
		}
		c.slots[k] = n
	}
	return c
}

// Restore makes st equal to a snapshot taken from a state of the same function.
func (st *State) Restore(snap *State) error {
	if snap.fn != st.fn {
		return fmt.Errorf("snapshot of function %s restored into a state of %s", snap.fn.Name, st.fn.Name)
	}
	c := snap.Snapshot()
	st.Pos, st.slots = c.Pos, c.slots
	return nil
}

// Bytes is the memory the state holds now.
func (st *State) Bytes() int {
	n := 0
	for _, cl := range st.slots {
		if cl.t != nil {
			n += 4 * (len(cl.t.F) + len(cl.t.I))
		}
	}
	return n
}

// slot returns a pointer to the i-th state tensor of op in step mode, or
// nil for whole-sequence runs.
func (fr *frame) slot(op *ir.Op, i int) **runtime.Tensor {
	st := fr.state
	if st == nil {
		return nil
	}
	n, stateful := st.index[op]
	if !stateful {
		return nil
	}
	k := slotKey{n, i}
	cl := st.slots[k]
	if cl == nil {
		cl = &cell{}
		st.slots[k] = cl
	}
	return &cl.t
}

func (fr *frame) slotAt(op *ir.Op, i int) *runtime.Tensor { return *fr.slot(op, i) }

func (fr *frame) setSlot(op *ir.Op, i int, t *runtime.Tensor) { *fr.slot(op, i) = t }

// carry returns a float32 buffer of n values kept across chunks for op, or
// nil for whole-sequence runs.
func (fr *frame) carry(op *ir.Op, i, n int) []float32 {
	s := fr.slot(op, i)
	if s == nil {
		return nil
	}
	if *s == nil {
		*s = runtime.New(runtime.F32, n)
	}
	return (*s).F
}
