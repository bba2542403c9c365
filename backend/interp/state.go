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
	Pos   int
	slots map[slotKey]*cell // by op index in the function and slot number
	index map[*ir.Op]int
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
	if _, err := ir.StepPlan(f); err != nil {
		return nil, err
	}
	st := &State{fn: f, slots: map[slotKey]*cell{}, index: map[*ir.Op]int{}}
	n := 0
	var walk func(ops []*ir.Op)
	walk = func(ops []*ir.Op) {
		for _, op := range ops {
			st.index[op] = n
			n++
			if op.Region != nil {
				walk(op.Region.Body)
			}
		}
	}
	walk(f.Body)
	return st, nil
}

// Prefill runs a chunk of positions [B, l, ...] continuing from st and
// advances it. Prefill(a) then Prefill(b) gives the outputs of Run(a ++ b),
// split at len(a).
func (md *Model) Prefill(ctx context.Context, st *State, inputs []*runtime.Tensor) ([]*runtime.Tensor, error) {
	if st == nil {
		return nil, fmt.Errorf("nil state: create one with NewState")
	}
	l := -1
	for i, v := range st.fn.Inputs {
		if len(v.Type.Shape) >= 2 && !v.Type.Shape[1].IsConst() && i < len(inputs) && inputs[i] != nil && len(inputs[i].Shape) >= 2 {
			l = inputs[i].Shape[1]
			break
		}
	}
	out, err := md.exec(ctx, st.fn, inputs, st)
	if err != nil {
		return nil, err
	}
	if l > 0 {
		st.Pos += l
	}
	return out, nil
}

// Step runs one position (inputs with sequence length 1).
func (md *Model) Step(ctx context.Context, st *State, inputs []*runtime.Tensor) ([]*runtime.Tensor, error) {
	for i, t := range inputs {
		if v := st.fn.Inputs[i]; t != nil && len(t.Shape) >= 2 && !v.Type.Shape[1].IsConst() {
			if want, _ := v.Type.Shape[1].Eval(map[string]int{v.Type.Shape[1].Sym: 1}); t.Shape[1] != want {
				return nil, fmt.Errorf("step input %s has %d positions, want %d (use Prefill for several)", v.Name, t.Shape[1], want)
			}
		}
	}
	return md.Prefill(ctx, st, inputs)
}

// Snapshot returns a deep copy of the state.
func (st *State) Snapshot() *State {
	c := &State{fn: st.fn, Pos: st.Pos, slots: make(map[slotKey]*cell, len(st.slots)), index: st.index}
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
	k := slotKey{st.index[op], i}
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
