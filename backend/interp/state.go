package interp

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// Stream says how to stream a function (backend.Stream).
type Stream = backend.Stream

// State is the recurrent state of one streaming run of a causal function:
// for every stateful op (SSM states, conv windows, KV caches, scan carries,
// shift windows, running sums) the tensors it carries, the number of
// positions consumed, the inputs given once, and the values computed from
// them alone. A State belongs to one sequence batch; it is never shared
// between concurrent calls.
type State struct {
	md    *Model
	fn    *ir.Func
	plan  *ir.Plan
	pos   int
	slots map[slotKey]*cell // by op index in the function and slot number
	index map[*ir.Op]int    // ops that carry state (plan.Stateful), by program order

	fixed  []*runtime.Tensor            // by input index; nil for streamed inputs
	env    map[string]int               // the symbols bound so far, but the sequence's
	static map[*ir.Op][]*runtime.Tensor // results of plan.Static ops, computed at the first chunk

	// broken is why a snapshot could not copy the state (a device copy
	// failed): restoring it, or streaming on, reports it rather than run
	// from a state that is not the one snapshotted.
	broken error
}

type slotKey struct{ op, i int }

// cell holds one state tensor; ops keep pointers to cells while they run.
type cell struct{ t *runtime.Tensor }

// NewState starts a stream through the named function. It fails with the
// reason when the function cannot be streamed (see ir.StepPlanFor), and
// when the fixed inputs are not exactly the inputs that do not stream.
func (md *Model) NewState(fn string, s Stream) (backend.State, error) {
	f, err := md.Func(fn)
	if err != nil {
		return nil, err
	}
	plan, err := ir.StepPlanFor(f, s.Input)
	if err != nil {
		return nil, err
	}
	st := &State{md: md, fn: f, plan: plan, slots: map[slotKey]*cell{}, index: map[*ir.Op]int{},
		fixed: make([]*runtime.Tensor, len(f.Inputs)), env: map[string]int{}, static: map[*ir.Op][]*runtime.Tensor{}}
	for i, op := range plan.Stateful {
		st.index[op] = i
	}
	if s.Batch < 0 {
		return nil, fmt.Errorf("batch must be >= 0, got %d", s.Batch)
	}
	if s.Batch > 0 && plan.Batch != "" {
		st.env[plan.Batch] = s.Batch
	}
	used := 0
	for i, v := range f.Inputs {
		t, given := s.Fixed[v.Name]
		switch {
		case plan.InputAxis[i] >= 0 && given:
			return nil, fmt.Errorf("input %s streams along %s: give it to Prefill and Step, not once", v.Name, plan.Seq)
		case plan.InputAxis[i] < 0 && (!given || t == nil):
			return nil, fmt.Errorf("input %s %s does not stream along %s: give it once when the stream starts", v.Name, v.Type, plan.Seq)
		case given:
			st.fixed[i] = t
			used++
		}
	}
	if used != len(s.Fixed) {
		known := map[string]bool{}
		for _, v := range f.Inputs {
			known[v.Name] = true
		}
		var names []string
		for name := range s.Fixed {
			if !known[name] {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		return nil, fmt.Errorf("%s has no input %s", f.Name, strings.Join(names, ", "))
	}
	return st, nil
}

// Prefill runs a chunk of positions continuing from st and advances it;
// inputs are the streamed inputs (Streamed), in order. Prefill(a) then
// Prefill(b) gives the outputs of Run(a ++ b), split at len(a). A call that
// fails leaves st as it was.
func (md *Model) Prefill(ctx context.Context, st backend.State, inputs []*runtime.Tensor) ([]*runtime.Tensor, error) {
	return md.advance(ctx, st, inputs, false)
}

// Step runs one position (streamed inputs with sequence length 1).
func (md *Model) Step(ctx context.Context, st backend.State, inputs []*runtime.Tensor) ([]*runtime.Tensor, error) {
	return md.advance(ctx, st, inputs, true)
}

// advance runs a chunk from st and moves it on by the chunk's length.
func (md *Model) advance(ctx context.Context, bst backend.State, inputs []*runtime.Tensor, one bool) ([]*runtime.Tensor, error) {
	st, ok := bst.(*State)
	if bst == nil || (ok && st == nil) {
		return nil, fmt.Errorf("nil state: create one with NewState")
	}
	if !ok || st.md != md {
		return nil, fmt.Errorf("the state was made by another model")
	}
	if st.broken != nil {
		return nil, st.broken
	}
	env, all, err := st.bind(inputs)
	if err != nil {
		return nil, err
	}
	if n := env[st.plan.Seq]; one && n != 1 {
		return nil, fmt.Errorf("step takes one position, got %d (use Prefill for several)", n)
	}
	// A failed chunk must leave the state as it was: run on a copy of the
	// state's cells and keep it only on success.
	work := st.shallowCopy()
	_, out, err := md.exec(ctx, st.fn, all, env, work)
	if err != nil {
		md.releaseDropped(work.slots, st.slots)
		return nil, err
	}
	old := st.slots
	st.slots, st.static = work.slots, work.static
	md.releaseDropped(old, st.slots)
	for k, v := range env {
		if k != st.plan.Seq {
			st.env[k] = v
		}
	}
	st.pos += env[st.plan.Seq]
	return out, nil
}

// releaseDropped tells the backend that keeps state on a device which
// tensors of from no longer belong to a stream: those keep does not hold.
func (md *Model) releaseDropped(from, keep map[slotKey]*cell) {
	dev := md.kernels.DeviceState
	if dev == nil {
		return
	}
	for k, cl := range from {
		if cl.t != nil && (keep[k] == nil || keep[k].t != cl.t) {
			dev.Release(cl.t)
		}
	}
}

// shallowCopy is st with new maps holding the same cells' tensors, so that
// ops replacing a cell's tensor during a chunk do not touch st until the
// chunk succeeds. Ops never write into a state tensor in place.
func (st *State) shallowCopy() *State {
	c := *st
	c.slots = make(map[slotKey]*cell, len(st.slots))
	for k, cl := range st.slots {
		c.slots[k] = &cell{t: cl.t}
	}
	c.static = make(map[*ir.Op][]*runtime.Tensor, len(st.static))
	for k, v := range st.static {
		c.static[k] = v
	}
	return &c
}

// bind joins a chunk's streamed inputs with the fixed ones, checks them
// against the signature, and checks that every symbol but the sequence's
// keeps the value the stream started with.
func (st *State) bind(inputs []*runtime.Tensor) (map[string]int, []*runtime.Tensor, error) {
	streamed := st.plan.Streamed()
	if len(inputs) != len(streamed) {
		var names []string
		for _, i := range streamed {
			names = append(names, st.fn.Inputs[i].Name)
		}
		return nil, nil, fmt.Errorf("a chunk of %s takes the streamed inputs (%s), got %d tensors", st.fn.Name, strings.Join(names, ", "), len(inputs))
	}
	all := append([]*runtime.Tensor(nil), st.fixed...)
	for j, i := range streamed {
		all[i] = inputs[j]
	}
	env, err := BindInputs(st.fn, all)
	if err != nil {
		return nil, nil, err
	}
	for _, k := range sortedKeys(env) {
		if want, ok := st.env[k]; ok && k != st.plan.Seq && env[k] != want {
			return nil, nil, fmt.Errorf("the chunk has %s = %d, the stream started with %s = %d", k, env[k], k, want)
		}
	}
	return env, all, nil
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Plan returns the streaming plan: which axis of each input and output is
// the sequence.
func (st *State) Plan() *ir.Plan { return st.plan }

// Func is the streamed function.
func (st *State) Func() *ir.Func { return st.fn }

// Pos is the number of positions the state has consumed.
func (st *State) Pos() int { return st.pos }

// Snapshot returns a deep copy of the state.
func (st *State) Snapshot() backend.State { return st.snapshot() }

func (st *State) snapshot() *State {
	c := st.shallowCopy()
	dev := st.md.kernels.DeviceState
	for _, cl := range c.slots {
		switch {
		case cl.t == nil:
		case dev != nil:
			t, err := dev.Clone(cl.t)
			if err != nil && c.broken == nil {
				c.broken = fmt.Errorf("the stream's state could not be copied: %w", err)
			}
			cl.t = t
		default:
			cl.t = cl.t.Clone()
		}
	}
	c.env = make(map[string]int, len(st.env))
	for k, v := range st.env {
		c.env[k] = v
	}
	return c
}

// Restore makes st equal to a snapshot taken from a state of the same
// function and model.
func (st *State) Restore(bsnap backend.State) error {
	snap, ok := bsnap.(*State)
	if bsnap == nil || (ok && snap == nil) {
		return fmt.Errorf("restore: nil snapshot")
	}
	if !ok || snap.md != st.md || snap.fn != st.fn {
		return fmt.Errorf("restore: the snapshot is of another model or function than the state, which streams %s", st.fn.Name)
	}
	if snap.broken != nil {
		return fmt.Errorf("restore: %w", snap.broken)
	}
	c := snap.snapshot()
	if c.broken != nil {
		return fmt.Errorf("restore: %w", c.broken)
	}
	old := st.slots
	st.pos, st.slots, st.static, st.env, st.fixed = c.pos, c.slots, c.static, c.env, c.fixed
	st.md.releaseDropped(old, st.slots)
	return nil
}

// Bytes is the memory the state holds now.
func (st *State) Bytes() int {
	n := 0
	for _, cl := range st.slots {
		if t := cl.t; t != nil {
			// From the shape: a state kept on a device has no host data.
			n += 4 * t.Numel()
			if t.DType == runtime.C64 {
				n += 4 * t.Numel()
			}
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

// stateToHost makes the host data of op's state tensors current before
// the interpreter reads them (a kernel falling back), when a backend keeps
// them on a device.
func (fr *frame) stateToHost(op *ir.Op) error {
	st := fr.state
	if st == nil || st.md.kernels.DeviceState == nil {
		return nil
	}
	n, stateful := st.index[op]
	if !stateful {
		return nil
	}
	for k, cl := range st.slots {
		if k.op == n && cl.t != nil {
			if err := st.md.kernels.DeviceState.ToHost(cl.t); err != nil {
				return fmt.Errorf("%s: copying its stream state from the device: %w", op.Kind, err)
			}
		}
	}
	return nil
}

func (fr *frame) slotAt(op *ir.Op, i int) *runtime.Tensor { return *fr.slot(op, i) }

func (fr *frame) setSlot(op *ir.Op, i int, t *runtime.Tensor) { *fr.slot(op, i) = t }

// position is where a chunk starts in the stream for an op that reads the
// position (rope, a positional slice), and 0 in whole-sequence runs and for
// ops that do not stream.
func (fr *frame) position(op *ir.Op) int {
	if st := fr.state; st != nil {
		if _, stateful := st.index[op]; stateful {
			return st.pos
		}
	}
	return 0
}

// carry returns a float32 buffer of n values kept across chunks for op,
// holding the values the last chunk left (zeros at first), or nil for
// whole-sequence runs. The op updates it in place: it is a fresh copy, so
// the state before the chunk is untouched until the chunk succeeds.
func (fr *frame) carry(op *ir.Op, i, n int) []float32 {
	s := fr.slot(op, i)
	if s == nil {
		return nil
	}
	next := runtime.New(runtime.F32, n)
	if *s != nil {
		copy(next.F, (*s).F)
	}
	*s = next
	return next.F
}
