package ptx

import (
	"slices"
	"unsafe"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// Device-resident activations. On the GPU, a kernel's result that only
// other kernels read stays on the device: the producing op skips the copy
// back, and its consumers find the device buffer by the host tensor the
// interpreter hands them (the interpreter still allocates the host
// tensor, which then holds stale data nobody reads). Copies happen only
// at the interpreter's boundaries: an op on the interpreter, a function
// output, a kernel falling back (which first copies its resident
// arguments back: materialize), or a run that checks for non-finite
// values (every result is read on the host then).
//
// Which values qualify is decided from the IR when the model is prepared
// (planResidency): an f32 or i32 result (any of split's; i32 data is
// keyed and moved as the same 32-bit words, words) of an op in keepKinds
// or produceKinds whose every use is an argument of a top-level op in
// keepKinds, directly or through reshapes (views on the interpreter,
// which share the host data the table is keyed by), and which is not a
// function output. keepKinds lists the ops whose launches read their
// arguments only on the device (a stream's conv window and KV cache are
// on the device too, devstate.go): an op that reads an argument's host
// data (the delta rule's gate check, the embedding's ids) is not in it,
// though its result may stay (produceKinds). A result that nothing reads
// at all (RWKV-4's scan carries, which only the stream keeps, on the
// device) is never copied back either.

// keepKinds are the ops that may produce and consume resident values.
var keepKinds = map[string]bool{
	"linear": true, "selective_scan": true, "ssm": true, "quasiseparable": true,
	"softmax": true, normRMS: true, normLayer: true, normL2: true, "rope": true,
	"add": true, "sub": true, "mul": true, "div": true, "maximum": true, "minimum": true,
	"eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
	"split": true, "concat": true, "transpose": true, "slice": true, "flip": true, "broadcast_to": true,
	"conv": true, "attention": true, "shift": true, "scan": true,
	"matmul": true, "conv2d": true, "max_pool2d": true, "avg_pool2d": true, "top_k": true, "gather": true,
	"index": true, "real": true, "imag": true, "complex": true, "where": true, "cast": true, "arange": true,
	"sum": true, "mean": true, "cumsum": true, "assoc_scan": true,
}

// hostArgs are the arguments that ops in keepKinds read on the host
// (gather checks its indices there): never resident.
var hostArgs = map[string]map[int]bool{"gather": {1: true}}

// hostI32Results are the ops whose i32 result their launcher reads on the
// host (cast to i32 looks for the values the interpreter refuses): kept
// off the device.
var hostI32Results = map[string]bool{"cast": true}

// produceKinds are the ops whose results may stay on the device although
// they read (some of) their arguments on the host: the embedding's ids
// are host data, but it writes its result only from its kernel.
var produceKinds = map[string]bool{"take": true}

func init() {
	for _, op := range ir.UnaryOps {
		keepKinds[op] = true
	}
}

// residency is a prepared model's plan: for each producing op, how many
// ops consume its result (the table entry lives until they all ran); for
// each consuming op, the argument positions that may be resident.
type residency struct {
	keep     map[*ir.Op][]int // per result (split has several): its consumers, or deadResult
	consumes map[*ir.Op][]int
}

// planResidency finds the values that stay on the device between kernels.
func planResidency(m *ir.Module, ks map[*ir.Op]*opKernel) residency {
	r := residency{keep: map[*ir.Op][]int{}, consumes: map[*ir.Op][]int{}}
	for _, f := range m.Funcs {
		users := map[*ir.Value][]*ir.Op{} // distinct top-level users
		bad := map[*ir.Value]bool{}       // read by something that is not a resident-capable kernel
		for _, v := range f.Outputs {
			bad[v] = true
		}
		// A stream computes the ops that depend on no streamed input once
		// and keeps their results on the host for every later chunk: under
		// any choice of streamed input, those results must come back.
		for _, s := range append([]string{""}, inputNames(f)...) {
			if plan, err := ir.StepPlanFor(f, s); err == nil {
				for op := range plan.Static {
					for _, v := range op.Results {
						bad[v] = true
					}
				}
			}
		}
		var inRegion func(ops []*ir.Op)
		inRegion = func(ops []*ir.Op) {
			for _, op := range ops {
				for _, a := range op.Args {
					bad[a] = true // a capture, or a value of the body
				}
				if op.Region != nil {
					inRegion(op.Region.Body)
				}
			}
		}
		// A reshape on the interpreter is a view: its result shares the
		// host data of its argument, so a resident value passes through it
		// (the consumers of the reshape find the producer's entry) and the
		// uses of the reshape count as uses of the value it views.
		root := map[*ir.Value]*ir.Value{}
		alias := func(v *ir.Value) *ir.Value {
			if r, ok := root[v]; ok {
				return r
			}
			return v
		}
		for _, op := range f.Body {
			if op.Region != nil {
				inRegion(op.Region.Body)
			}
			if op.Kind == "reshape" && ks[op] == nil && len(op.Args) == 1 && len(op.Results) == 1 &&
				wordDType(op.Args[0]) && op.Args[0].Type.DType == op.Results[0].Type.DType {
				root[op.Results[0]] = alias(op.Args[0])
				continue
			}
			ok := ks[op] != nil && keepKinds[op.Kind]
			for ai, a := range op.Args {
				a = alias(a)
				if !ok || hostArgs[op.Kind][ai] {
					bad[a] = true
					continue
				}
				if u := users[a]; len(u) == 0 || u[len(u)-1] != op {
					users[a] = append(u, op)
				}
			}
		}
		for r, v := range root {
			if bad[r] { // a reshape that is an output, captured, or computed once
				bad[v] = true
			}
		}
		for _, op := range f.Body {
			if ks[op] == nil || !(keepKinds[op.Kind] || produceKinds[op.Kind]) {
				continue
			}
			for ri, v := range op.Results {
				if bad[v] || !wordDType(v) || (v.Type.DType == ir.I32 && hostI32Results[op.Kind]) {
					continue
				}
				if r.keep[op] == nil {
					r.keep[op] = make([]int, len(op.Results))
				}
				r.keep[op][ri] = len(users[v])
				if len(users[v]) == 0 {
					// Read by nothing (a scan's final carries that only
					// the stream keeps, on the device): never copied back.
					r.keep[op][ri] = deadResult
				}
				for _, u := range users[v] {
					for i, a := range u.Args {
						if alias(a) == v {
							r.consumes[u] = append(r.consumes[u], i)
							break
						}
					}
				}
			}
		}
	}
	return r
}

// deadResult marks a result that nothing reads (residency.keep): its
// kernel's output is dropped on the device, not copied back.
const deadResult = -1

// wrap is op's kernel on the GPU runner g with the residency plan: the
// result kept on the device when the plan says so, the resident arguments
// released after their last consumer, everything copied back on an error.
func (p residency) wrap(op *ir.Op, k *opKernel, g *gpuRunner) interp.Kernel {
	uses, args := p.keep[op], p.consumes[op]
	return func(c *interp.KernelCall) ([]*runtime.Tensor, error) {
		o := &opRun{g: g, c: c, keep: len(uses) > 0 && !c.CheckFinite(), args: map[weightKey]bool{}, arena: g.arenaFor(c)}
		o.results, o.argSlots = o.arena.opSlots(c)
		for _, i := range args {
			if f := words(c.Args[i]); len(f) > 0 {
				o.args[weightKey{hostPtr(f), len(f)}] = true
			}
		}
		out, err := k.run(c, o)
		var keep []keptOut
		if err == nil && o.keep && len(out) == len(uses) {
			for i, t := range out {
				if t != nil && uses[i] != 0 {
					keep = append(keep, keptOut{words(t), uses[i]})
				}
			}
		}
		kept, ferr := g.finish(o, keep)
		if err == nil {
			err = ferr
		}
		if err == nil {
			o.copiedBack(out, kept)
		}
		if err == nil && len(out) == len(uses) {
			for i, t := range out {
				if uses[i] != 0 && t != nil && !kept[hostPtr(words(t))] {
					// The result is on the host after all (a fallback, a
					// run that checks for non-finite values): no older
					// entry for its host buffer may serve the consumers.
					g.forget(words(t))
				}
			}
		}
		for _, i := range args {
			g.consumed(words(c.Args[i]))
		}
		return out, err
	}
}

// opRun is one op's launches on the GPU runner: with keep, the kernels'
// outputs stay on the device until the op ends (finish copies back all
// but the kept result). Only the arguments the plan makes resident (args)
// are looked up in the resident table: every other input is copied in,
// so an entry left by a run that failed half way can never be read — the
// producer of a resident argument always runs first and replaces or
// forgets the entry for its host buffer.
type opRun struct {
	g       *gpuRunner
	c       *interp.KernelCall
	keep    bool
	args    map[weightKey]bool
	pending []pendingOut
	// The run's arena (nil: none) and the slots of the op's results and
	// arguments in it (arena.go).
	arena    *runArena
	results  []resultSlot
	argSlots map[weightKey]argSlot
}

// pendingOut is an output buffer not copied back yet.
type pendingOut struct {
	host []float32
	dev  scratch
}

func (o *opRun) launch(name string, l *Launch, threads int) error {
	return o.g.launchOp(name, l, o)
}

// materializer is a runner that can copy resident values back to the host.
type materializer interface {
	materialize(ts []*runtime.Tensor) error
}

func (o *opRun) materialize(ts []*runtime.Tensor) error {
	var mine []*runtime.Tensor // only the resident arguments: any other entry may be stale
	for _, t := range ts {
		if t != nil && len(words(t)) > 0 && o.args[weightKey{hostPtr(words(t)), len(words(t))}] {
			mine = append(mine, t)
		}
	}
	return o.g.materialize(mine)
}

// fallback runs the op on the interpreter, after copying back any
// argument that is only on the device.
func fallback(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
	if m, ok := r.(materializer); ok {
		if err := m.materialize(c.Args); err != nil {
			return nil, err
		}
	}
	return c.Fallback()
}

// residentVal is a value on the device only: its buffer and how many
// consumers have yet to run.
type residentVal struct {
	dev  scratch
	uses int
}

// lookup finds the device copy of an input: a resident value, or an
// output an earlier launch of the same op left pending. The caller holds
// r.mu.
func (r *gpuRunner) lookup(f []float32, o *opRun) (uint64, bool) {
	if len(f) == 0 {
		return 0, false
	}
	key := weightKey{hostPtr(f), len(f)}
	if o == nil {
		return 0, false
	}
	if v, ok := r.resident[key]; ok && o.args[key] {
		return v.dev.p, true
	}
	return o.pendingPtr(f)
}

// pendingPtr is the device buffer of a pending output with host data f.
func (o *opRun) pendingPtr(f []float32) (uint64, bool) {
	if len(f) == 0 {
		return 0, false
	}
	key := weightKey{hostPtr(f), len(f)}
	for _, po := range o.pending {
		if (weightKey{hostPtr(po.host), len(po.host)}) == key {
			return po.dev.p, true
		}
	}
	return 0, false
}

// keptOut is a result to keep on the device for uses consumers.
type keptOut struct {
	f    []float32
	uses int
}

// finish ends an op's launches: the outputs whose host data are in keep
// (the op's results that the plan keeps) become resident for their
// consumers; every other pending output is copied back. It reports which
// results were kept, by host data.
func (r *gpuRunner) finish(o *opRun, keep []keptOut) (kept map[unsafe.Pointer]bool, err error) {
	kept = map[unsafe.Pointer]bool{}
	if len(o.pending) == 0 {
		return kept, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	err = r.dv.do(func() error {
		var first error
		for _, po := range o.pending {
			if i := slices.IndexFunc(keep, func(k keptOut) bool {
				return len(k.f) > 0 && hostPtr(k.f) == hostPtr(po.host) && len(k.f) == len(po.host)
			}); i >= 0 {
				key := weightKey{hostPtr(po.host), len(po.host)}
				if old, ok := r.resident[key]; ok { // a stale entry of a reused host buffer
					delete(r.resident, key)
					r.release(old.dev)
				}
				kept[hostPtr(po.host)] = true
				if keep[i].uses == deadResult {
					r.release(po.dev)
					continue
				}
				r.resident[key] = &residentVal{dev: po.dev, uses: keep[i].uses}
				continue
			}
			if err := r.dtoh(po.host, po.dev.p); err != nil && first == nil {
				first = err
			}
			r.release(po.dev)
		}
		o.pending = nil
		return first
	})
	return kept, err
}

// consumed records that one consumer of the value with host data f ran:
// after the last, its device buffer returns to the pool.
func (r *gpuRunner) consumed(f []float32) {
	if len(f) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	key := weightKey{hostPtr(f), len(f)}
	if v, ok := r.resident[key]; ok {
		if v.uses--; v.uses <= 0 {
			delete(r.resident, key)
			r.release(v.dev)
		}
	}
}

// materialize copies the resident values among ts back to their host
// tensors and drops them from the table (a kernel falling back to the
// interpreter, which reads them on the host).
func (r *gpuRunner) materialize(ts []*runtime.Tensor) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.dv.do(func() error {
		for _, t := range ts {
			if t == nil || len(words(t)) == 0 {
				continue
			}
			f := words(t)
			key := weightKey{hostPtr(f), len(f)}
			v, ok := r.resident[key]
			if !ok {
				continue
			}
			if err := r.dtoh(f, v.dev.p); err != nil {
				return err
			}
			delete(r.resident, key)
			r.release(v.dev)
		}
		return nil
	})
}

// forget drops the resident entry for host data f, if any.
func (r *gpuRunner) forget(f []float32) {
	if len(f) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	key := weightKey{hostPtr(f), len(f)}
	if v, ok := r.resident[key]; ok {
		delete(r.resident, key)
		r.release(v.dev)
	}
}

// inputNames lists a function's input names.
func inputNames(f *ir.Func) []string {
	var out []string
	for _, v := range f.Inputs {
		out = append(out, v.Name)
	}
	return out
}
