package ptx

import (
	"unsafe"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// A run's activations on the device live in one arena laid out from the
// interpreter's memory plan (ir.PlanMemory, ir.MemPlan.Layout): each value
// a kernel reads or writes has a slot at a fixed offset, shared with other
// values whose lifetimes do not overlap, so a run allocates nothing on the
// device once its arena exists and its device memory is the plan's peak
// (within the layout's fragmentation), not a pool of power-of-two
// buffers. A kernel's result is written into its slot (and stays there
// when the residency plan keeps it on the device); an argument computed on
// the host is copied into its slot once per run, however many kernels
// read it, and so is a function input (the plan's Inputs: alive from the
// start to its last reader). Stream state, a scan body's values and a
// kernel's temporaries are not in the plan: they use the scratch pool.
//
// Runs on several goroutines each take an arena from the runner's free
// list (interp.KernelCall.RunLocal holds it for the run; interp's EndRun
// gives it back), so concurrent runs never share a slot.

// arenaAlign is the slots' alignment in bytes: a GPU reads an aligned
// buffer in whole 128-byte transactions, and vector loads need 16.
const arenaAlign = 256

// arenaSlot marks a scratch that is a slot of a run's arena: it returns
// to no pool (release ignores it), the arena goes back whole.
const arenaSlot = -1

// maxLayouts bounds the cached layouts (one per function and shape).
const maxLayouts = 256

// runArena is one run's arena: its device memory and layout, and the
// slots that hold their value's host data (copied in, or a kernel's
// result copied back) in this run.
type runArena struct {
	buf    arenaBuf
	layout *ir.Arena
	plan   *ir.MemPlan
	valid  map[*ir.Value]bool
}

// arenaBuf is a device allocation for arenas.
type arenaBuf struct {
	p     uint64
	bytes int64
}

// slot is the device address of root's slot in the arena, if it has one.
func (a *runArena) slot(root *ir.Value) (uint64, int64, bool) {
	if a == nil || root == nil {
		return 0, 0, false
	}
	off, ok := a.layout.Offset[root]
	if !ok {
		return 0, 0, false
	}
	n, ok := a.plan.Bytes[root]
	if !ok {
		n = a.plan.Inputs[root]
	}
	return a.buf.p + uint64(off), n, true
}

// owner is the value whose buffer holds v in the plan: its root, or v
// itself for a function input.
func owner(plan *ir.MemPlan, v *ir.Value) *ir.Value {
	if root := plan.Root[v]; root != nil {
		return root
	}
	if _, ok := plan.Inputs[v]; ok {
		return v
	}
	return nil
}

// arenaFor is the arena of c's run, made by the run's first kernel call:
// nil outside a planned run, for a run with no planned value on the
// device, or when the device has no memory for it (the launches then use
// the scratch pool, which reports the error if it fails too).
func (r *gpuRunner) arenaFor(c *interp.KernelCall) *runArena {
	local, plan := c.RunLocal(), c.MemPlan()
	if local == nil || plan == nil {
		return nil
	}
	if a, ok := (*local).(*runArena); ok {
		return a
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	layout := r.layouts[plan]
	if layout == nil {
		if len(r.layouts) >= maxLayouts {
			clear(r.layouts)
		}
		onDevice := map[*ir.Value]bool{}
		for v := range r.devVals {
			if root := owner(plan, v); root != nil {
				onDevice[root] = true
			}
		}
		layout = plan.Layout(func(root *ir.Value) bool { return onDevice[root] }, arenaAlign)
		r.layouts[plan] = layout
	}
	if layout.Size == 0 || layout.Size > maxArena {
		return nil
	}
	var buf arenaBuf
	err := r.dv.do(func() error {
		var err error
		buf, err = r.takeArena(layout.Size)
		return err
	})
	if err != nil {
		return nil
	}
	a := &runArena{buf: buf, layout: layout, plan: plan, valid: map[*ir.Value]bool{}}
	*local = a
	return a
}

// maxArena bounds one run's arena (bytes); a larger plan uses the scratch
// pool, buffer by buffer.
const maxArena = 1 << 40

// takeArena takes a free arena of at least n bytes, the smallest, or
// allocates one with an eighth to spare (a sequence growing by a few
// positions reuses it). Free arenas too small for n are freed first: they
// served shorter runs, and the new one serves those too. The caller holds
// r.mu and the context.
func (r *gpuRunner) takeArena(n int64) (arenaBuf, error) {
	best := -1
	for i, b := range r.arenas {
		if b.bytes >= n && (best < 0 || b.bytes < r.arenas[best].bytes) {
			best = i
		}
	}
	if best >= 0 {
		b := r.arenas[best]
		r.arenas = append(r.arenas[:best], r.arenas[best+1:]...)
		return b, nil
	}
	kept := r.arenas[:0]
	for _, b := range r.arenas {
		if b.bytes < n {
			r.dv.d.cuMemFree(b.p)
			r.arenaBytes -= b.bytes
			continue
		}
		kept = append(kept, b)
	}
	r.arenas = kept
	size := (n + n/8 + arenaAlign - 1) &^ (arenaAlign - 1)
	p, err := r.alloc(int((size + 3) / 4))
	if err != nil {
		return arenaBuf{}, err
	}
	r.arenaBytes += size
	return arenaBuf{p, size}, nil
}

// endRun returns a run's arena to the free list (interp.Kernels.EndRun).
// Entries of the resident table inside it were left by a run that failed
// half way (a run that ends well consumed them all): they go too.
func (r *gpuRunner) endRun(local any) {
	a, ok := local.(*runArena)
	if !ok {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	end := a.buf.p + uint64(a.buf.bytes)
	for key, v := range r.resident {
		if v.dev.class == arenaSlot && v.dev.p >= a.buf.p && v.dev.p < end {
			delete(r.resident, key)
		}
	}
	r.arenas = append(r.arenas, a.buf)
}

// opSlots returns the arena slots of c's op's results, for its output
// buffers, and the slots of its arguments, by their host data.
func (a *runArena) opSlots(c *interp.KernelCall) (results []resultSlot, args map[weightKey]argSlot) {
	if a == nil {
		return nil, nil
	}
	for _, v := range c.Op.Results {
		if a.plan.Root[v] != v {
			continue
		}
		if p, n, ok := a.slot(v); ok {
			results = append(results, resultSlot{v: v, p: p, bytes: n})
		}
	}
	for i, v := range c.Op.Args {
		root := owner(a.plan, v)
		p, n, ok := a.slot(root)
		f := words(c.Args[i])
		if !ok || len(f) == 0 || int64(4*len(f)) != n {
			continue
		}
		if args == nil {
			args = map[weightKey]argSlot{}
		}
		args[weightKey{hostPtr(f), len(f)}] = argSlot{v: root, p: p}
	}
	return results, args
}

// resultSlot is the slot of one of an op's results; an output buffer of
// the same size claims it (host is the buffer's host data).
type resultSlot struct {
	v       *ir.Value
	p       uint64
	bytes   int64
	claimed bool
	host    weightKey
}

// argSlot is the slot of an op's argument (the value owning it).
type argSlot struct {
	v *ir.Value
	p uint64
}

// outputSlot claims a result slot for an output buffer with host data f:
// the first unclaimed one of f's size, in result order (an op's launchers
// allocate their results in that order). A temporary of the same size
// may take it instead, and the result then uses the scratch pool: either
// way each buffer has the slot to itself for the op, and the slot is its
// value's from the op to the value's last use. A buffer that is one of
// the op's arguments (written in place) never takes one.
func (o *opRun) outputSlot(f []float32) (uint64, bool) {
	key := weightKey{hostPtr(f), len(f)}
	for _, a := range o.c.Args {
		if w := words(a); len(w) > 0 && (weightKey{hostPtr(w), len(w)}) == key {
			return 0, false
		}
	}
	for i := range o.results {
		s := &o.results[i]
		if s.claimed && s.host == key {
			return s.p, true // a later launch of the op writing the same buffer
		}
	}
	for i := range o.results {
		s := &o.results[i]
		if !s.claimed && s.bytes == int64(4*len(f)) {
			s.claimed, s.host = true, key
			return s.p, true
		}
	}
	return 0, false
}

// copiedBack records the results the op copied back to the host from
// their own slots (not a temporary's): the slot holds the value's host
// data, and a later kernel reading the value needs no copy in.
func (o *opRun) copiedBack(out []*runtime.Tensor, kept map[unsafe.Pointer]bool) {
	if o.arena == nil {
		return
	}
	for i, v := range o.c.Op.Results {
		if i >= len(out) || out[i] == nil {
			continue
		}
		f := words(out[i])
		key := weightKey{hostPtr(f), len(f)}
		if len(f) == 0 || kept[key.p] {
			continue
		}
		for _, s := range o.results {
			if s.v == v && s.claimed && s.host == key {
				o.arena.valid[v] = true
			}
		}
	}
}
