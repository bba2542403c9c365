package ptx

import (
	"fmt"
	goruntime "runtime"
	"sync"
	"weak"

	"github.com/seqc-dev/seqc/runtime"
)

// Stream state on the device. A stream's state tensors (SSM states, conv
// and shift windows, scan carries, KV caches) stay on the GPU between
// Prefill and Step calls: a
// kernel reads the state before the chunk from its device copy (StateIn)
// and writes the state after it into a fresh device buffer (StateOut)
// whose host tensor has no data (newState: F is nil) — the interpreter's
// stream keeps the tensor in the op's slot as the state's identity. The
// host data is made only when the host reads the state: an op falling
// back to the interpreter (interp.DeviceState.ToHost), and a snapshot
// copies on the device (Clone). The interpreter says when a state tensor
// leaves every stream (Release: a later chunk replaced it, its chunk
// failed, a Restore dropped it), which frees its buffer at once; a state
// its user drops is freed when the garbage collector finds its tensor
// unreachable (a cleanup), and a device allocation that fails runs the
// collector once before it gives up.
//
// State tensors are never written after the kernel that made them: a
// chunk that fails leaves the stream's old tensors, and their device
// buffers, as they were. The KV cache grows in place (kv.go) and keeps
// that property because a tensor only reads the positions it was made
// with. Kernels also hold temporaries that never leave the device this
// way (the chunked selective scan's chunk states, split attention's
// partials): newState, then releaseTemp when the op is done.

// devBuf is a device buffer holding stream state; refs counts the state
// tensors that read it (KV caches share one buffer as they grow).
type devBuf struct {
	dev  scratch
	refs int
	kv   *kvLayout // a KV cache's rows with room to grow (kv.go), or nil: compact
}

// devStates is the runner's table of state tensors on the device.
type devStates struct {
	byT    map[weak.Pointer[runtime.Tensor]]*devBuf
	deadMu sync.Mutex
	dead   []weak.Pointer[runtime.Tensor] // tensors the garbage collector found unreachable
}

// lazyState reports whether a kernel running under r makes state tensors
// without host data (on a GPU) rather than host tensors (the emulation).
func lazyState(r runner) bool {
	_, ok := r.(*opRun)
	return ok
}

// newState is a state tensor of the given shape for a kernel under r to
// write (StateOut): without host data on a GPU.
func newState(r runner, shape ...int) *runtime.Tensor {
	return newStateOf(r, runtime.F32, shape...)
}

// newStateOf is newState of dtype dt (a complex SSM's state is c64).
func newStateOf(r runner, dt runtime.DType, shape ...int) *runtime.Tensor {
	if lazyState(r) {
		return &runtime.Tensor{DType: dt, Shape: append([]int{}, shape...)}
	}
	return runtime.New(dt, shape...)
}

// finalState is the tensor an SSM kernel writes its end state into: a
// host tensor when the op returns it (final), else, in a stream, a state
// that may stay on the device; nil when neither needs it.
func finalState(r runner, final, stream bool, dt runtime.DType, shape ...int) *runtime.Tensor {
	switch {
	case final:
		return runtime.New(dt, shape...)
	case stream:
		return newStateOf(r, dt, shape...)
	}
	return nil
}

// StateRefs maps a launch's buffer indices to the stream state tensors
// they hold (Launch.States).
type StateRefs map[int]*runtime.Tensor

// In is buffer i of a launch reading the state tensor t.
func (s *StateRefs) In(i int, t *runtime.Tensor) Buf { return s.set(i, t, StateIn) }

// Out is buffer i of a launch writing the state tensor t (from newState).
func (s *StateRefs) Out(i int, t *runtime.Tensor) Buf { return s.set(i, t, StateOut) }

func (s *StateRefs) set(i int, t *runtime.Tensor, k BufKind) Buf {
	if *s == nil {
		*s = StateRefs{}
	}
	(*s)[i] = t
	return Buf{t.F, k}
}

// stateBuf is t's device buffer, if it has one. The caller holds r.mu.
func (r *gpuRunner) stateBuf(t *runtime.Tensor) (*devBuf, bool) {
	r.reapStates()
	b, ok := r.states.byT[weak.Make(t)]
	return b, ok
}

// holdState records that t's data is in b (from offset 0). The caller
// holds r.mu.
func (r *gpuRunner) holdState(t *runtime.Tensor, b *devBuf) {
	key := weak.Make(t)
	if old, ok := r.states.byT[key]; ok {
		r.unref(old)
	}
	b.refs++
	r.states.byT[key] = b
	goruntime.AddCleanup(t, r.states.died, key)
}

// died queues a state tensor the garbage collector found unreachable; it
// runs on the collector's goroutine, so the buffer is freed at the next
// call that holds the runner.
func (s *devStates) died(key weak.Pointer[runtime.Tensor]) {
	s.deadMu.Lock()
	s.dead = append(s.dead, key)
	s.deadMu.Unlock()
}

// reapStates frees the buffers of the tensors that died. The caller holds
// r.mu.
func (r *gpuRunner) reapStates() {
	r.states.deadMu.Lock()
	dead := r.states.dead
	r.states.dead = nil
	r.states.deadMu.Unlock()
	for _, key := range dead {
		if b, ok := r.states.byT[key]; ok {
			delete(r.states.byT, key)
			r.unref(b)
		}
	}
}

// unref drops one reader of b, returning it to the pool after the last.
func (r *gpuRunner) unref(b *devBuf) {
	if b.refs--; b.refs == 0 {
		r.release(b.dev)
	}
}

// newDevBuf takes a device buffer for n floats of state, with room for
// capacity floats.
func (r *gpuRunner) newDevBuf(n, capacity int) (*devBuf, error) {
	t, err := r.scratch(max(n, capacity))
	if err != nil {
		return nil, err
	}
	return &devBuf{dev: t}, nil
}

// ToHost copies a state tensor's data from the device into new host data
// (interp.DeviceState); the device copy stays (both hold the same data).
func (r *gpuRunner) ToHost(t *runtime.Tensor) error {
	r.mu.Lock()
	b, ok := r.stateBuf(t)
	r.mu.Unlock()
	if !ok || t.F != nil {
		return nil
	}
	if b.kv != nil && b.kv.cap != t.Shape[1] { // rows with room: compact them first
		c, err := r.Clone(t)
		if err != nil {
			return err
		}
		defer r.Release(c)
		if err := r.ToHost(c); err != nil {
			return err
		}
		t.F = c.F
		return nil
	}
	f := make([]float32, stateFloats(t))
	if len(f) > 0 {
		r.mu.Lock()
		defer r.mu.Unlock()
		if err := r.dv.do(func() error { return r.dtoh(f, b.dev.p) }); err != nil {
			return err
		}
	}
	t.F = f
	return nil
}

// Clone copies a state tensor (interp.DeviceState): on the device for one
// there, into a compact buffer of its own.
func (r *gpuRunner) Clone(t *runtime.Tensor) (*runtime.Tensor, error) {
	r.mu.Lock()
	b, ok := r.stateBuf(t)
	r.mu.Unlock()
	if !ok {
		if t.F == nil && stateFloats(t) > 0 {
			return nil, fmt.Errorf("ptx: a stream state tensor %s has neither host nor device data", t.ShapeString())
		}
		return t.Clone(), nil
	}
	n := stateFloats(t)
	nb, err := r.lockedNewDevBuf(n, n)
	if err != nil {
		return nil, err
	}
	nb.refs = 1 // the clone's, until c holds it
	defer r.lockedUnref(nb)
	if b.kv != nil {
		// A KV cache: its rows, without the room, by the kvcopy kernel.
		T := t.Shape[1]
		nb.kv = &kvLayout{batch: b.kv.batch, row: b.kv.row, cap: T}
		if n > 0 {
			var sts StateRefs
			if err := r.kvCopy(nil, sts.In(0, t), sts, nb, b.kv.batch, b.kv.row, T, b.kv.cap, 0); err != nil {
				return nil, err
			}
		}
	} else if n > 0 {
		r.mu.Lock()
		err := r.dv.do(func() error { return r.dtod(nb.dev.p, b.dev.p, n) })
		r.mu.Unlock()
		if err != nil {
			return nil, err
		}
	}
	c := &runtime.Tensor{DType: t.DType, Shape: append([]int{}, t.Shape...)}
	r.mu.Lock()
	r.holdState(c, nb)
	r.mu.Unlock()
	return c, nil
}

// Release drops a state tensor no stream holds (interp.DeviceState).
func (r *gpuRunner) Release(t *runtime.Tensor) {
	r.mu.Lock()
	defer r.mu.Unlock()
	key := weak.Make(t)
	if b, ok := r.states.byT[key]; ok {
		delete(r.states.byT, key)
		r.unref(b)
	}
}

// stateFloats is the number of floats a state tensor holds.
func stateFloats(t *runtime.Tensor) int {
	if t.DType == runtime.C64 {
		return 2 * t.Numel()
	}
	return t.Numel()
}

// dtod copies n floats between device buffers.
func (r *gpuRunner) dtod(dst, src uint64, n int) error {
	if res := r.dv.d.cuMemcpyDtoD(dst, src, uintptr(4*n)); res != 0 {
		return r.driverErr("cuMemcpyDtoD", res)
	}
	return nil
}
