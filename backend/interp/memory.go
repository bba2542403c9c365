package interp

import (
	"sync"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// bufferPool keeps released activation buffers for reuse by later ops and
// later runs: on machines where touching fresh memory is slow this matters
// as much as the arithmetic. Buffers are matched by element type and length.
type bufferPool struct {
	mu   sync.Mutex
	free map[poolKey][]*runtime.Tensor
}

type poolKey struct {
	dt runtime.DType
	n  int
}

func (p *bufferPool) get(dt runtime.DType, shape []int) *runtime.Tensor {
	t := p.getDirty(dt, shape)
	clear(t.F)
	clear(t.I)
	return t
}

// getDirty is get without zeroing a reused buffer: for a kernel that
// writes every element, the zeroing would be a second pass over memory.
func (p *bufferPool) getDirty(dt runtime.DType, shape []int) *runtime.Tensor {
	n := numel(shape)
	p.mu.Lock()
	k := poolKey{dt, n}
	list := p.free[k]
	var t *runtime.Tensor
	if len(list) > 0 {
		t = list[len(list)-1]
		p.free[k] = list[:len(list)-1]
	}
	p.mu.Unlock()
	if t == nil {
		return runtime.New(dt, shape...)
	}
	t.Shape = append(t.Shape[:0], shape...)
	return t
}

func (p *bufferPool) put(t *runtime.Tensor) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.free == nil {
		p.free = map[poolKey][]*runtime.Tensor{}
	}
	k := poolKey{t.DType, t.Numel()}
	p.free[k] = append(p.free[k], t)
}

// alloc returns a zeroed tensor for an op's result, reusing a released
// buffer when one fits. A nil frame allocates fresh memory.
func (fr *frame) alloc(dt runtime.DType, shape ...int) *runtime.Tensor {
	if fr == nil || fr.plan == nil {
		return runtime.New(dt, shape...)
	}
	return fr.md.pool.get(dt, shape)
}

// threads is the run's worker count (a nil frame: all cores).
func (fr *frame) threads() int {
	if fr == nil {
		return 0
	}
	return fr.md.opts.Threads
}

func tensorBytes(t *runtime.Tensor) int64 { return 4 * int64(len(t.F)+len(t.I)) }

// account adds the buffers a top-level op just allocated to the live
// activation memory, then releases the buffers the plan says are dead.
func (fr *frame) account(i int, op *ir.Op) {
	if fr.plan == nil {
		return
	}
	for _, r := range op.Results {
		if fr.plan.Root[r] == r {
			fr.live += tensorBytes(fr.val(r))
		}
	}
	fr.peak = max(fr.peak, fr.live)
	for _, root := range fr.plan.Release[i] {
		t := fr.val(root)
		fr.live -= tensorBytes(t)
		fr.md.pool.put(t)
	}
}

// Stats describe one run (a scan's body counts inside the scan).
type Stats = backend.Stats
