package interp

import (
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// Kernel runs one op in place of the interpreter's implementation: a
// native backend's kernel. It computes the op's results from its
// arguments, exactly as the interpreter would, within that backend's
// per-op tolerance.
type Kernel func(c *KernelCall) ([]*runtime.Tensor, error)

// Kernels maps the ops another backend runs natively to their kernels; Why
// says, for an op left to the interpreter, why (for Placement).
type Kernels struct {
	ByOp map[*ir.Op]Kernel
	Why  func(op *ir.Op) string
	// DeviceState is set by a backend that keeps stream state tensors on
	// a device between chunks: a slot tensor it stored may then hold no
	// host data until the host asks for it.
	DeviceState DeviceState
	// EndRun is called when a run (a whole-sequence run or one chunk of a
	// stream) ends, successful or not, with what the run's kernels stored
	// in KernelCall.RunLocal — a backend's per-run device memory — when
	// they stored something.
	EndRun func(local any)
}

// DeviceState lets the interpreter read and copy stream state tensors
// whose data a backend keeps on a device.
type DeviceState interface {
	// ToHost makes t's host data current (a state tensor the interpreter
	// is about to read: an op falling back to the interpreter); a tensor
	// the backend does not hold is left as it is.
	ToHost(t *runtime.Tensor) error
	// Clone is a deep copy of the state tensor t (a snapshot of a stream):
	// on the device for a tensor the backend holds there.
	Clone(t *runtime.Tensor) (*runtime.Tensor, error)
	// Release says no stream holds t any more (a later chunk replaced it,
	// the chunk that made it failed, a Restore dropped it): its device
	// copy can go. A state dropped by its user is released when the
	// garbage collector finds it unreachable.
	Release(t *runtime.Tensor)
}

func (k Kernels) kernel(op *ir.Op) Kernel { return k.ByOp[op] }

func (k Kernels) why(op *ir.Op) string {
	if k.Why == nil {
		return ""
	}
	return k.Why(op)
}

// KernelCall is what a kernel sees of the run: its op, its arguments, and
// the run's buffers, streaming state and options.
type KernelCall struct {
	fr   *frame
	Op   *ir.Op
	Args []*runtime.Tensor
}

// Alloc returns a zeroed buffer for a result from the run's memory plan
// (reused across calls).
func (c *KernelCall) Alloc(dt runtime.DType, shape ...int) *runtime.Tensor {
	return c.fr.alloc(dt, shape...)
}

// Output returns a buffer for a result from the run's memory plan whose
// contents are undefined (a reused buffer is not zeroed): for kernels that
// write every element of the result.
func (c *KernelCall) Output(dt runtime.DType, shape ...int) *runtime.Tensor {
	if c.fr == nil || c.fr.plan == nil {
		return runtime.New(dt, shape...)
	}
	return c.fr.md.pool.getDirty(dt, shape)
}

// MemPlan is the run's activation memory plan (nil outside a planned
// run): which buffer each value lives in and for which ops, from which a
// backend lays out its own memory for the run (ir.MemPlan.Layout).
func (c *KernelCall) MemPlan() *ir.MemPlan {
	if c.fr == nil {
		return nil
	}
	return c.fr.plan
}

// RunLocal is a slot shared by the kernels of one run (nil outside a
// run): a backend keeps its per-run state there, and Kernels.EndRun gets
// it back when the run ends. Runs on several goroutines have their own.
func (c *KernelCall) RunLocal() *any {
	if c.fr == nil {
		return nil
	}
	return &c.fr.local
}

// Shape is the shape of a value of the op (a result) in this run.
func (c *KernelCall) Shape(v *ir.Value) []int { return c.fr.shapeOf(v) }

// Slot is the op's i-th state tensor in a stream (nil before the first
// chunk), or nil in whole-sequence runs. A kernel replaces the tensor
// rather than writing into it, so that a chunk that fails leaves the
// stream as it was.
func (c *KernelCall) Slot(i int) **runtime.Tensor { return c.fr.slot(c.Op, i) }

// Position is where the chunk starts in a stream for an op that reads the
// position, else 0.
func (c *KernelCall) Position() int { return c.fr.position(c.Op) }

// Threads is the run's worker count (<= 0: GOMAXPROCS).
func (c *KernelCall) Threads() int { return c.fr.md.opts.Threads }

// Mode is the algorithm the op runs as in this run.
func (c *KernelCall) Mode() string { return c.fr.mode(c.Op) }

// Chunk is the chunk size of the op's chunked form in this run.
func (c *KernelCall) Chunk() int { return c.fr.chunk(c.Op) }

// Fallback runs the op on the interpreter: for a kernel asked for an
// algorithm (Mode) or a shape it does not have in this call.
func (c *KernelCall) Fallback() ([]*runtime.Tensor, error) {
	impl := impls[c.Op.Kind]
	if impl == nil {
		return nil, &InternalError{Msg: "no interpreter implementation of " + c.Op.Kind}
	}
	if err := c.fr.stateToHost(c.Op); err != nil {
		return nil, err
	}
	return impl(c.fr, c.Op, c.Args)
}

// CheckFinite reports whether the run checks every result for NaN and
// infinity (backend.WithCheckFinite), which reads each result on the host:
// a kernel that would leave its result on a device copies it back then.
func (c *KernelCall) CheckFinite() bool { return c.fr != nil && c.fr.finite }

// KeepState stores hT, a mixer's state at the end of the chunk, in the op's
// stream slot (nil outside a stream) and returns the op's results: y, then
// hT when the op returns its final state (final). The slot then gets a copy:
// a result's buffer belongs to the run's memory plan, which may reuse it.
func KeepState(slot **runtime.Tensor, y, hT *runtime.Tensor, final bool) []*runtime.Tensor {
	if slot != nil {
		if final {
			*slot = hT.Clone()
		} else {
			*slot = hT
		}
	}
	if final {
		return []*runtime.Tensor{y, hT}
	}
	return []*runtime.Tensor{y}
}
