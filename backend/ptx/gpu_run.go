package ptx

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
	"unsafe"
	"weak"

	"github.com/seqc-dev/seqc/ir"
	seqrt "github.com/seqc-dev/seqc/runtime"
)

// gpuRunner runs a model's kernels on the device. Weights (and the
// tensors the interpreter computes once from them, and shape tables) are
// uploaded on first use and stay on the device; activations that only
// kernels read stay there between kernels (resident.go), and so does a
// stream's state between chunks (devstate.go); the rest passes through a
// pool of scratch buffers, copied in and out around a launch. Launches
// are asynchronous (SyncEnv).
//
// NOT YET RUN ON A GPU (see cuda.go).
type gpuRunner struct {
	dv    *Device
	fns   map[string]uintptr
	specs map[string]Spec

	mu      sync.Mutex // one launch at a time: the scratch below is shared
	weights map[weightKey]uint64
	keep    [][]float32      // the uploaded weights' host slices, kept alive
	free    map[int][]uint64 // scratch device buffers by size class, for reuse
	// resident holds the kernels' results that stay on the device for
	// later kernels (resident.go), by their host tensor's data.
	resident map[weightKey]*residentVal
	states   devStates // stream state on the device (devstate.go)
	// Runs' arenas (arena.go): the layouts by memory plan, the values
	// kernels read or write (set at Prepare), the free arenas, and the
	// bytes of all arenas allocated.
	layouts    map[*ir.MemPlan]*ir.Arena
	devVals    map[*ir.Value]bool
	arenas     []arenaBuf
	arenaBytes int64
	unsynced   string // the last kernel launched since the last synchronising copy

	uploads, uploadBytes int // weights (and tables) copied to the device, for tests
}

// scratch is a device buffer of 2^class floats from the runner's pool:
// activations pass through these between the host and a kernel, and
// cuMemAlloc/cuMemFree per launch would cost more than small kernels.
type scratch struct {
	p     uint64
	class int
}

// scratch takes a buffer of at least n floats from the pool.
func (r *gpuRunner) scratch(n int) (scratch, error) {
	class := 0
	for 1<<class < max(n, 1) {
		class++
	}
	if l := r.free[class]; len(l) > 0 {
		r.free[class] = l[:len(l)-1]
		return scratch{l[len(l)-1], class}, nil
	}
	p, err := r.alloc(1 << class)
	return scratch{p, class}, err
}

// release returns a buffer to the pool (an arena's slot goes back with
// its arena, at the end of the run).
func (r *gpuRunner) release(t scratch) {
	if t.class != arenaSlot {
		r.free[t.class] = append(r.free[t.class], t.p)
	}
}

// newGPURunner loads each kernel's PTX (by kernel name) into the driver.
func newGPURunner(dv *Device, ptxs map[string]string, specs map[string]Spec) (*gpuRunner, error) {
	r := &gpuRunner{dv: dv, fns: map[string]uintptr{}, specs: specs, weights: map[weightKey]uint64{}, free: map[int][]uint64{}, resident: map[weightKey]*residentVal{}, layouts: map[*ir.MemPlan]*ir.Arena{}, states: devStates{byT: map[weak.Pointer[seqrt.Tensor]]*devBuf{}}}
	mods := map[string]*GPUModule{} // a text holding several kernels is loaded once
	for name := range specs {
		text, ok := ptxs[name]
		if !ok {
			return nil, fmt.Errorf("ptx: no PTX for kernel %s", name)
		}
		mod := mods[text]
		if mod == nil {
			var err error
			if mod, err = dv.LoadPTX(text); err != nil {
				return nil, fmt.Errorf("ptx: loading %s: %w", name, err)
			}
			mods[text] = mod
		}
		fn, err := mod.Function(name)
		if err != nil {
			return nil, err
		}
		// The launch passes Ints then Ptrs, 8 bytes each (Function checked
		// the sizes): PTX from another seqc would read them wrongly.
		if n, want := mod.Params(name), specs[name].Ints+specs[name].Ptrs; n != want {
			return nil, fmt.Errorf("ptx: kernel %s declares %d parameters, seqc launches it with %d (PTX from another version of seqc?)", name, n, want)
		}
		r.fns[name] = fn
	}
	return r, nil
}

func (r *gpuRunner) launch(name string, l *Launch, _ int) error { return r.launchOp(name, l, nil) }

// launchOp launches a kernel for one op: weights from the weight cache,
// inputs from the resident table (a value a kernel left on the device) or
// copied in, outputs copied back — or, with o.keep, left pending until
// the op ends (finish).
func (r *gpuRunner) launchOp(name string, l *Launch, o *opRun) error {
	fn, ok := r.fns[name]
	if !ok {
		return fmt.Errorf("ptx: kernel %s not loaded", name)
	}
	spec := r.specs[name]
	if len(l.Ints) != spec.Ints || len(l.Bufs) != spec.Ptrs {
		return fmt.Errorf("ptx: kernel %s takes %d ints and %d buffers, launched with %d and %d", name, spec.Ints, spec.Ptrs, len(l.Ints), len(l.Bufs))
	}
	if l.Grid.Blocks() == 0 {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.dv.do(func() error {
		dptrs := make([]uint64, len(l.Bufs))
		var temps []scratch
		defer func() {
			for _, t := range temps {
				r.release(t)
			}
		}()
		var outs []pendingOut
		var made []stateMade // StateOut buffers, held once the launch succeeds
		defer func() {
			for _, m := range made {
				r.release(m.b.dev)
			}
		}()
		for i, b := range l.Bufs {
			st := l.States[i]
			if st != nil && b.Kind == StateIn {
				if sb, ok := r.stateBuf(st); ok {
					dptrs[i] = sb.dev.p
					continue
				}
				if st.F == nil && stateFloats(st) > 0 {
					return fmt.Errorf("ptx: %s: a stream state %s has neither host nor device data", name, st.ShapeString())
				}
				b.F = st.F
			}
			if st != nil && b.Kind == StateOut {
				n := stateFloats(st)
				sb, err := r.newDevBuf(n, n)
				if err != nil {
					return err
				}
				made = append(made, stateMade{st, sb})
				dptrs[i] = sb.dev.p
				continue
			}
			b.Kind = plainKind(b.Kind)
			if b.Kind == Weight {
				p, err := r.weight(b.F)
				if err != nil {
					return err
				}
				dptrs[i] = p
				continue
			}
			if b.Kind == In {
				if p, ok := r.lookup(b.F, o); ok {
					dptrs[i] = p
					continue
				}
			}
			if (b.Kind == Out || b.Kind == InOut) && o != nil && o.keep {
				// An output an earlier launch of the op left pending: the
				// launches write one device buffer, as they would one host
				// buffer.
				if p, ok := o.pendingPtr(b.F); ok {
					dptrs[i] = p
					continue
				}
			}
			t, filled, err := r.activation(b, o)
			if err != nil {
				return err
			}
			p := t.p
			dptrs[i] = p
			if (b.Kind == Out || b.Kind == InOut) && o != nil && o.keep && len(b.F) > 0 {
				outs = append(outs, pendingOut{b.F, t})
			} else {
				temps = append(temps, t)
			}
			if (b.Kind == In || b.Kind == InOut) && len(b.F) > 0 && !filled {
				if err := r.htod(p, b.F); err != nil {
					return err
				}
				if t.class == arenaSlot && b.Kind == In {
					o.arena.valid[o.argSlots[weightKey{hostPtr(b.F), len(b.F)}].v] = true
				}
			}
		}
		if err := r.launchRaw(fn, spec, l.Grid, l.Ints, dptrs); err != nil {
			for _, po := range outs {
				r.release(po.dev)
			}
			return fmt.Errorf("%s: %w", name, err)
		}
		for i, b := range l.Bufs {
			if st := l.States[i]; st != nil && b.Kind == StateOut {
				if len(st.F) > 0 { // a host tensor after all: fill it too
					if err := r.dtoh(st.F, dptrs[i]); err != nil {
						return err
					}
				}
				continue
			}
			if st := l.States[i]; st != nil && b.Kind == OutState {
				// The stream's copy of the output, on the device.
				n := stateFloats(st)
				sb, err := r.newDevBuf(n, n)
				if err != nil {
					return err
				}
				made = append(made, stateMade{st, sb})
				if n > 0 {
					if err := r.dtod(sb.dev.p, dptrs[i], n); err != nil {
						return err
					}
				}
				if len(st.F) > 0 {
					if err := r.dtoh(st.F, dptrs[i]); err != nil {
						return err
					}
				}
			}
			b.Kind = plainKind(b.Kind)
			if (b.Kind == Out || b.Kind == InOut) && len(b.F) > 0 && !(o != nil && o.keep) {
				if err := r.dtoh(b.F, dptrs[i]); err != nil {
					return err
				}
			}
		}
		for _, m := range made {
			r.holdState(m.t, m.b)
		}
		made = nil
		if o != nil {
			o.pending = append(o.pending, outs...)
		}
		return nil
	})
}

// activation is the device buffer of an activation a launch reads or
// writes: its slot in the run's arena when it has one (an output the
// op's result slot, an input its value's slot — filled when the slot
// already holds the host data this run), else a scratch buffer.
// The caller holds r.mu.
func (r *gpuRunner) activation(b Buf, o *opRun) (t scratch, filled bool, err error) {
	if o != nil && o.arena != nil && len(b.F) > 0 {
		switch b.Kind {
		case Out, InOut:
			if p, ok := o.outputSlot(b.F); ok {
				return scratch{p, arenaSlot}, false, nil
			}
		case In:
			if s, ok := o.argSlots[weightKey{hostPtr(b.F), len(b.F)}]; ok {
				return scratch{s.p, arenaSlot}, o.arena.valid[s.v], nil
			}
		}
	}
	t, err = r.scratch(len(b.F))
	return t, false, err
}

// htod copies a host slice to the device.
func (r *gpuRunner) htod(p uint64, f []float32) error {
	if res := r.dv.d.cuMemcpyHtoD(p, unsafe.Pointer(&f[0]), uintptr(4*len(f))); res != 0 {
		return r.driverErr("cuMemcpyHtoD", res)
	}
	r.unsynced = "" // the copy waited for the kernels before it
	return nil
}

// dtoh copies a device buffer back to a host slice.
func (r *gpuRunner) dtoh(f []float32, p uint64) error {
	if res := r.dv.d.cuMemcpyDtoH(unsafe.Pointer(&f[0]), p, uintptr(4*len(f))); res != 0 {
		return r.driverErr("cuMemcpyDtoH", res)
	}
	r.unsynced = ""
	return nil
}

// alloc allocates n floats on the device (at least one). Out of memory,
// it frees what the runner holds without use — the pooled scratch, the
// state of streams the garbage collector finds dropped — and tries once
// more. The caller holds r.mu and the context.
func (r *gpuRunner) alloc(n int) (uint64, error) {
	var p uint64
	res := r.dv.d.cuMemAlloc(&p, uintptr(4*max(n, 1)))
	if res == cudaErrorOutOfMemory {
		r.reclaim()
		res = r.dv.d.cuMemAlloc(&p, uintptr(4*max(n, 1)))
	}
	if res != 0 {
		return 0, r.dv.d.err(fmt.Sprintf("cuMemAlloc of %d bytes", 4*n), res)
	}
	return p, nil
}

// cudaErrorOutOfMemory is CUDA_ERROR_OUT_OF_MEMORY.
const cudaErrorOutOfMemory = 2

// reclaim frees the device memory the runner holds without use.
func (r *gpuRunner) reclaim() {
	runtime.GC()
	time.Sleep(time.Millisecond) // let the collector's cleanups queue the dead states
	r.reapStates()
	for class, l := range r.free {
		for _, p := range l {
			r.dv.d.cuMemFree(p)
		}
		delete(r.free, class)
	}
	for _, b := range r.arenas {
		r.dv.d.cuMemFree(b.p)
		r.arenaBytes -= b.bytes
	}
	r.arenas = nil
}

// weightKey names a weight's host data: its start and length (two views
// of one array that start together are different weights).
type weightKey struct {
	p unsafe.Pointer
	n int
}

// weight returns the device copy of a weight, uploading it the first time.
func (r *gpuRunner) weight(f []float32) (uint64, error) {
	key := weightKey{hostPtr(f), len(f)}
	if p, ok := r.weights[key]; ok {
		return p, nil
	}
	p, err := r.alloc(len(f))
	if err != nil {
		return 0, err
	}
	if len(f) > 0 {
		if res := r.dv.d.cuMemcpyHtoD(p, unsafe.Pointer(&f[0]), uintptr(4*len(f))); res != 0 {
			return 0, r.dv.d.err("cuMemcpyHtoD (weight)", res)
		}
	}
	r.weights[key] = p
	r.keep = append(r.keep, f)
	r.uploads++
	r.uploadBytes += 4 * len(f)
	return p, nil
}

// launchRaw launches fn on device buffers and waits for it; the caller
// holds the OS thread with the context current.
func (r *gpuRunner) launchRaw(fn uintptr, spec Spec, g Grid, ints []int64, dptrs []uint64) error {
	if len(ints) != spec.Ints || len(dptrs) != spec.Ptrs {
		// The kernel would read parameters that are not there.
		return fmt.Errorf("ptx: kernel %s takes %d ints and %d buffers, launched with %d and %d", spec.Name, spec.Ints, spec.Ptrs, len(ints), len(dptrs))
	}
	d := r.dv.d
	vals, params := packParams(ints, dptrs)
	var pin runtime.Pinner
	if len(vals) > 0 {
		pin.Pin(&vals[0])
		pin.Pin(&params[0])
	}
	var pp *unsafe.Pointer
	if len(params) > 0 {
		pp = &params[0]
	}
	res := d.cuLaunchKernel(fn, uint32(g.X), uint32(g.Y), 1, uint32(spec.BX), uint32(spec.BY), 1, 0, 0, pp, nil)
	pin.Unpin()
	if res != 0 {
		return r.driverErr("cuLaunchKernel", res)
	}
	r.unsynced = spec.Name
	if syncLaunches {
		if res := d.cuCtxSynchronize(); res != 0 {
			return r.driverErr("cuCtxSynchronize", res)
		}
		r.unsynced = ""
	}
	return nil
}

// SyncEnv names the environment variable that, set to 1, makes the ptx
// backend wait for every kernel as it is launched, so that a kernel that
// faults is named in the error. By default launches are asynchronous:
// they queue on the context's stream in order, and the next copy between
// host and device waits for them (the driver's copies from and to
// pageable memory synchronise), which saves a round trip per kernel —
// most of a step's time for small models.
const SyncEnv = "SEQC_PTX_SYNC"

var syncLaunches = os.Getenv(SyncEnv) == "1"

// driverErr describes a failed driver call; after asynchronous launches
// the failure may be an earlier kernel's, which it says.
func (r *gpuRunner) driverErr(call string, res cuResult) error {
	err := r.dv.d.err(call, res)
	if r.unsynced != "" {
		err = fmt.Errorf("%w (kernels run asynchronously: the failure may be a kernel's up to %s; %s=1 waits for each kernel to say which)", err, r.unsynced, SyncEnv)
	}
	return err
}

// stateMade is a state tensor a launch writes and its new device buffer.
type stateMade struct {
	t *seqrt.Tensor
	b *devBuf
}

// plainKind treats stream state as any other input or output.
func plainKind(k BufKind) BufKind {
	switch k {
	case StateIn:
		return In
	case StateOut, OutState:
		return Out
	}
	return k
}
