// Package interp runs the IR in pure Go: the reference semantics every other
// backend is checked against, and the backend that needs no toolchain.
package interp

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/seqc-dev/seqc/backend"
	ssmk "github.com/seqc-dev/seqc/backend/interp/kernels/ssm"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// Options configure a Model (backend.Options).
type Options = backend.Options

// Model is a module with its weights loaded, ready to run. It is safe for
// concurrent use: runs share only read-only weights.
type Model struct {
	M       *ir.Module
	weights map[string]*runtime.Tensor
	opts    Options

	// Weight-derived ops (all inputs are parameters or constants) are
	// computed once per model and kept: S4D's discretised A, an LTI SSM's
	// FFT kernels, ...
	fixed   map[*ir.Op]bool
	memo    sync.Map // *ir.Op -> []*runtime.Tensor
	spectra map[*ir.Op]*ssmk.SpectrumCache
	pool    bufferPool
	plans   sync.Map // memory plans by function and symbol values

	kernels Kernels   // ops another backend runs natively
	backend string    // the backend name the model reports ("go", or the one that supplied kernels)
	numIDs  int       // value IDs are below this (countIDs)
	frames  sync.Pool // value tables of finished runs, for reuse
}

// runPlan is what a run of a function needs for one set of sizes: the
// memory plan, and every value's shape (by value ID), evaluated once.
type runPlan struct {
	mem    *ir.MemPlan
	shapes [][]int
}

// planFor returns the run plan of f for env, computed once per shape; in a
// stream (st != nil) the values of the fixed inputs are held by the state,
// not planned.
func (md *Model) planFor(f *ir.Func, env map[string]int, st *State) (*runPlan, error) {
	key := make([]byte, 0, 64)
	key = append(key, f.Name...)
	var held map[*ir.Op]bool
	if st != nil {
		key = append(key, " stream "...)
		key = append(key, st.plan.Seq...)
		held = st.plan.Static
	}
	for _, k := range sortedKeys(env) {
		key = append(key, ' ')
		key = append(key, k...)
		key = append(key, '=')
		key = strconv.AppendInt(key, int64(env[k]), 10)
	}
	if p, ok := md.plans.Load(string(key)); ok {
		return p.(*runPlan), nil
	}
	// Sizes are checked once per shape, with the plan, not on every step.
	if err := checkSizes(f.Body, env); err != nil {
		return nil, err
	}
	mem, err := ir.PlanMemoryHeld(f, env, held)
	if err != nil {
		return nil, err
	}
	p := &runPlan{mem: mem, shapes: make([][]int, md.numIDs)}
	var walk func(ops []*ir.Op) error
	walk = func(ops []*ir.Op) error {
		for _, op := range ops {
			for _, r := range op.Results {
				if p.shapes[r.ID], err = r.Type.Shape.Eval(env); err != nil {
					return fmt.Errorf("%s: %s: %w", op.Pos, op.Kind, err)
				}
			}
			if op.Region != nil {
				if err := walk(op.Region.Body); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(f.Body); err != nil {
		return nil, err
	}
	md.plans.Store(string(key), p)
	return p, nil
}

// countIDs is one more than the largest value ID of m: frames keep values
// in a slice indexed by ID.
func countIDs(m *ir.Module) int {
	n := 0
	see := func(vs []*ir.Value) {
		for _, v := range vs {
			n = max(n, v.ID+1)
		}
	}
	var walk func(ops []*ir.Op)
	walk = func(ops []*ir.Op) {
		for _, op := range ops {
			see(op.Args)
			see(op.Results)
			if op.Region != nil {
				see(op.Region.Args)
				walk(op.Region.Body)
			}
		}
	}
	for _, f := range m.Funcs {
		see(f.Inputs)
		walk(f.Body)
	}
	return n
}

// ParamSpecs lists what a weight file must hold for m.
func ParamSpecs(m *ir.Module) []runtime.ParamSpec {
	out := make([]runtime.ParamSpec, len(m.Params))
	for i, p := range m.Params {
		shape, err := p.Type.Shape.Eval(nil)
		if err != nil {
			panic("interp: parameter with a symbolic shape: " + p.Name)
		}
		out[i] = runtime.ParamSpec{Name: p.Name, Shape: shape, Optional: p.TiedTo != "", TiedTo: p.TiedTo}
	}
	return out
}

// New checks the weights against the module's parameters (every missing,
// unexpected and mis-shaped tensor reported by name in one error) and
// returns a runnable model. source names the weights in errors.
func New(m *ir.Module, weights map[string]*runtime.Tensor, source string, o Options) (*Model, error) {
	if err := runtime.CheckWeights(source, ParamSpecs(m), weights); err != nil {
		return nil, err
	}
	for _, p := range m.Params {
		if p.TiedTo == "" && weights[p.Name].DType != runtime.DType(p.Type.DType) {
			return nil, fmt.Errorf("%s: tensor %s is %s, want %s", source, p.Name, weights[p.Name].DType, p.Type.DType)
		}
	}
	if _, ok := ir.CanonicalMode(o.Mode); o.Mode != "" && !ok {
		return nil, fmt.Errorf("unknown mode %q (modes: %v)", o.Mode, ir.Modes)
	}
	md := &Model{M: m, weights: weights, opts: o, fixed: map[*ir.Op]bool{}, spectra: map[*ir.Op]*ssmk.SpectrumCache{}, backend: backend.Interp, numIDs: countIDs(m)}
	md.findFixed()
	return md, nil
}

// NewWithKernels is New for another backend that runs some ops natively:
// the interpreter drives the functions (memory plan, streaming state) and
// calls kernels[op] for those ops, running the rest itself (the mixed
// plan). name is the backend the model reports.
func NewWithKernels(m *ir.Module, weights map[string]*runtime.Tensor, source string, o Options, name string, kernels Kernels) (*Model, error) {
	md, err := New(m, weights, source, o)
	if err != nil {
		return nil, err
	}
	md.backend, md.kernels = name, kernels
	return md, nil
}

// Backend names the backend the model runs on.
func (md *Model) Backend() string { return md.backend }

// Module is the module the model runs.
func (md *Model) Module() *ir.Module { return md.M }

// Weights returns the named weight tensor (nil when absent).
func (md *Model) Weights(name string) *runtime.Tensor { return md.weights[name] }

// Placement says where each op runs: on the backend's kernels, or on the
// interpreter. The body of a region op that has a kernel (a scan cell
// compiled into one kernel) runs inside that kernel, on the backend.
func (md *Model) Placement() []backend.Placement {
	var out []backend.Placement
	var walk func(f *ir.Func, ops []*ir.Op, native bool)
	walk = func(f *ir.Func, ops []*ir.Op, native bool) {
		for _, op := range ops {
			if op.Kind != "param" && op.Kind != "const" {
				p := backend.Placement{Func: f.Name, Op: op, Backend: backend.Interp}
				if native || md.kernels.kernel(op) != nil {
					p.Backend = md.backend
				} else if md.backend != backend.Interp {
					p.Why = md.kernels.why(op)
				}
				out = append(out, p)
			}
			if op.Region != nil {
				walk(f, op.Region.Body, native || md.kernels.kernel(op) != nil)
			}
		}
	}
	for _, f := range md.M.Funcs {
		walk(f, f.Body, false)
	}
	return out
}

// findFixed marks the ops whose results depend on the weights only, and
// gives every time-invariant SSM with weight-only a, b, c a kernel cache.
func (md *Model) findFixed() {
	for _, f := range md.M.Funcs {
		fixed := ir.FixedOps(f)
		for op := range fixed {
			md.fixed[op] = true
		}
		fixedVal := func(v *ir.Value) bool { return v.Def != nil && fixed[v.Def] }
		walkOps(f.Body, func(op *ir.Op) {
			if op.Kind == "ssm" && fixedVal(op.Args[1]) && fixedVal(op.Args[2]) && fixedVal(op.Args[3]) {
				md.spectra[op] = &ssmk.SpectrumCache{}
			}
		})
	}
}

// Func returns the named function of the model.
func (md *Model) Func(name string) (*ir.Func, error) {
	f := md.M.Func(name)
	if f == nil {
		var names []string
		for _, g := range md.M.Funcs {
			names = append(names, g.Name)
		}
		sort.Strings(names)
		for _, h := range md.M.Helpers {
			if h == name {
				return nil, fmt.Errorf("%s is a helper function of model %s, not an entry point (it has %v): mark it entry (entry %s(...) { ... }) to run it on its own", name, md.M.Name, names, name)
			}
		}
		return nil, fmt.Errorf("model %s has no function %s (it has %v)", md.M.Name, name, names)
	}
	return f, nil
}

// Run evaluates a function on whole sequences.
func (md *Model) Run(ctx context.Context, fn string, inputs []*runtime.Tensor) ([]*runtime.Tensor, error) {
	out, _, err := md.RunStats(ctx, fn, inputs)
	return out, err
}

// RunStats is Run that also reports the run's peak activation memory.
func (md *Model) RunStats(ctx context.Context, fn string, inputs []*runtime.Tensor) ([]*runtime.Tensor, backend.Stats, error) {
	f, err := md.Func(fn)
	if err != nil {
		return nil, Stats{}, err
	}
	env, err := BindInputs(f, inputs)
	if err != nil {
		return nil, Stats{}, err
	}
	fr, out, err := md.exec(ctx, f, inputs, env, nil)
	if err != nil {
		return nil, Stats{}, err
	}
	return out, Stats{PeakBytes: fr.peak, OpTime: fr.opTime}, nil
}

// BindInputs checks input tensors against the function's signature and
// returns the values of its symbols (backend.BindInputs).
func BindInputs(f *ir.Func, inputs []*runtime.Tensor) (map[string]int, error) {
	return backend.BindInputs(f, inputs)
}

// checkSizes evaluates every symbolic dimension of the ops' results under
// the inputs' sizes, so that an input too short for the model (a sequence
// shorter than a convolution's window) is reported with the value it
// breaks, before anything runs.
func checkSizes(body []*ir.Op, env map[string]int) error {
	for _, op := range body {
		for _, r := range op.Results {
			for _, d := range r.Type.Shape {
				if d.IsConst() {
					continue
				}
				n, err := d.Eval(env)
				if err != nil {
					return fmt.Errorf("%s: %s: %w", op.Pos, op.Kind, err)
				}
				if n < 0 {
					return fmt.Errorf("%s: %s: the inputs are too short: %s has size %s = %d with %s=%d", op.Pos, op.Kind, r.Type, d, n, d.Sym, env[d.Sym])
				}
			}
		}
		if op.Region != nil {
			if err := checkSizes(op.Region.Body, env); err != nil {
				return err
			}
		}
	}
	return nil
}

// frame is the state of one function evaluation.
type frame struct {
	md    *Model
	env   map[string]int
	vals  []*runtime.Tensor // by value ID
	state *State            // nil for whole-sequence runs
	ctx   context.Context

	finite     bool        // check every result for NaN and Inf (backend.WithCheckFinite)
	plan       *ir.MemPlan // buffer reuse plan of the run
	shapes     [][]int     // every value's shape in this run, by ID
	live, peak int64       // activation bytes live now and at most
	opTime     map[string]time.Duration
	local      any // the kernels' per-run state (KernelCall.RunLocal)
}

func (fr *frame) val(v *ir.Value) *runtime.Tensor { return fr.vals[v.ID] }

func (fr *frame) setVal(v *ir.Value, t *runtime.Tensor) { fr.vals[v.ID] = t }

// release hands the frame's value table back for the next run.
func (fr *frame) release() {
	if fr.local != nil && fr.md.kernels.EndRun != nil {
		fr.md.kernels.EndRun(fr.local)
		fr.local = nil
	}
	clear(fr.vals)
	fr.md.frames.Put(&fr.vals)
}

// exec runs f on inputs already bound to env by BindInputs.
func (md *Model) exec(ctx context.Context, f *ir.Func, inputs []*runtime.Tensor, env map[string]int, st *State) (*frame, []*runtime.Tensor, error) {
	fr := &frame{md: md, env: env, state: st, ctx: ctx, finite: backend.CheckFinite(ctx)}
	if p, ok := md.frames.Get().(*[]*runtime.Tensor); ok {
		fr.vals = *p
	} else {
		fr.vals = make([]*runtime.Tensor, md.numIDs)
	}
	defer fr.release()
	// Stateful ops copy what they keep into the state, so buffers can be
	// reused in step mode too.
	rp, err := md.planFor(f, env, st)
	if err != nil {
		return nil, nil, err
	}
	fr.plan, fr.shapes = rp.mem, rp.shapes
	for i, v := range f.Inputs {
		fr.setVal(v, inputs[i])
		if fr.finite {
			if idx, x, bad := firstNonFinite(inputs[i]); bad {
				return nil, nil, &backend.NonFiniteError{Input: true, Name: v.Name, Shape: inputs[i].Shape, Index: idx, Value: x}
			}
		}
	}
	for i, op := range f.Body {
		if err := fr.ctx.Err(); err != nil {
			return nil, nil, err
		}
		var start time.Time
		if md.opts.Profile {
			start = time.Now()
		}
		if err := fr.op(op); err != nil {
			return nil, nil, err
		}
		if md.opts.Profile {
			if fr.opTime == nil {
				fr.opTime = map[string]time.Duration{}
			}
			fr.opTime[op.Kind] += time.Since(start)
		}
		fr.account(i, op)
	}
	out := make([]*runtime.Tensor, len(f.Outputs))
	for i, o := range f.Outputs {
		out[i] = fr.val(o)
		if fr.held(o) { // the caller owns its outputs: never hand out a kept tensor
			out[i] = out[i].Clone()
		}
	}
	return fr, out, nil
}

func (fr *frame) body(ops []*ir.Op) error {
	for _, op := range ops {
		if err := fr.ctx.Err(); err != nil {
			return err
		}
		if err := fr.op(op); err != nil {
			return err
		}
	}
	return nil
}

// InternalError is a bug in seqc found while running a model
// (backend.InternalError).
type InternalError = backend.InternalError

// op runs one op and checks its results against the op's static types. A
// panic inside an op becomes an InternalError naming the op and position.
func (fr *frame) op(op *ir.Op) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &InternalError{Msg: fmt.Sprintf("%s: %s: %v", op.Pos, op.Kind, r)}
		}
	}()
	impl := impls[op.Kind]
	if impl == nil && fr.md.kernels.kernel(op) == nil {
		return fmt.Errorf("%s: interpreter has no implementation of %s", op.Pos, op.Kind)
	}
	args := make([]*runtime.Tensor, len(op.Args))
	for i, a := range op.Args {
		args[i] = fr.val(a)
		if args[i] == nil {
			return &InternalError{Msg: fmt.Sprintf("%s: argument %d of %s has no value", op.Pos, i, op.Kind)}
		}
	}
	var res []*runtime.Tensor
	st := fr.state
	if cached, ok := fr.md.memo.Load(op); ok {
		res = cached.([]*runtime.Tensor)
	} else if st != nil && st.static[op] != nil {
		res = st.static[op]
	} else {
		if k := fr.md.kernels.kernel(op); k != nil {
			res, err = k(&KernelCall{fr: fr, Op: op, Args: args})
		} else {
			res, err = impl(fr, op, args)
		}
		if err != nil {
			return fmt.Errorf("%s: %s: %w", op.Pos, op.Kind, err)
		}
		if fr.md.fixed[op] {
			fr.md.memo.Store(op, res)
		} else if st != nil && st.plan.Static[op] {
			st.static[op] = res
		}
	}
	if !ir.Aliases(op) {
		for i := range res {
			if sharesBuffer(res[i], args) { // e.g. a scan over no positions returns its initial carry
				res[i] = res[i].Clone()
			}
		}
	}
	for i, r := range op.Results {
		want := fr.shapeOf(r)
		if !runtime.ShapeEqual(want, res[i].Shape) || res[i].DType != runtime.DType(r.Type.DType) {
			return &InternalError{Msg: fmt.Sprintf("%s: %s produced %s%s, its type says %s%v", op.Pos, op.Kind, res[i].DType, res[i].ShapeString(), r.Type.DType, want)}
		}
		fr.setVal(r, res[i])
		if fr.finite {
			if idx, x, bad := firstNonFinite(res[i]); bad {
				e := &backend.NonFiniteError{Pos: op.Pos, Op: op.Kind, Result: i, Shape: res[i].Shape, Index: idx, Value: x}
				if op.Kind == "param" {
					e.Op = "parameter " + op.Attrs.String("name")
				}
				return e
			}
		}
	}
	return nil
}

// firstNonFinite finds the first NaN or infinite element of a float tensor
// (either part of a complex one) and returns its index by axis.
func firstNonFinite(t *runtime.Tensor) ([]int, float32, bool) {
	if t.DType == runtime.I32 {
		return nil, 0, false
	}
	w := elemWidth(t)
	for i, x := range t.F {
		if x-x != 0 { // NaN or ±Inf
			flat := i / w
			idx := make([]int, len(t.Shape))
			for ax := len(t.Shape) - 1; ax >= 0; ax-- {
				if d := t.Shape[ax]; d > 0 {
					idx[ax] = flat % d
					flat /= d
				}
			}
			return idx, x, true
		}
	}
	return nil, 0, false
}

// sharesBuffer reports whether t's data is one of the arguments' buffers:
// the memory plan gives every result of an op that does not alias (reshape)
// a buffer of its own, which it may hand to the pool when the result dies.
func sharesBuffer(t *runtime.Tensor, args []*runtime.Tensor) bool {
	for _, a := range args {
		if t == a || (len(t.F) > 0 && len(a.F) > 0 && &t.F[0] == &a.F[0]) || (len(t.I) > 0 && len(a.I) > 0 && &t.I[0] == &a.I[0]) {
			return true
		}
	}
	return false
}

// held reports whether a value is kept beyond this run (a weight, a
// weight-only value, a stream's value of its fixed inputs), rather than
// planned for it.
func (fr *frame) held(v *ir.Value) bool {
	op := v.Def
	if op == nil {
		return false
	}
	if ir.Aliases(op) {
		return fr.held(op.Args[0])
	}
	return op.Kind == "param" || op.Kind == "const" || fr.md.fixed[op] || (fr.state != nil && fr.state.plan.Static[op])
}

// opImpl computes an op's results from its argument tensors.
type opImpl func(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error)

var impls = map[string]opImpl{}

// Implemented reports whether the interpreter implements an op.
func Implemented(kind string) bool { return impls[kind] != nil }

func one(t *runtime.Tensor) ([]*runtime.Tensor, error) { return []*runtime.Tensor{t}, nil }

// shapeOf is a result's shape in this run (evaluated once per set of
// sizes: do not modify it).
func (fr *frame) shapeOf(v *ir.Value) []int {
	if fr.shapes != nil && v.ID < len(fr.shapes) && fr.shapes[v.ID] != nil {
		return fr.shapes[v.ID]
	}
	s, err := v.Type.Shape.Eval(fr.env)
	if err != nil {
		panic(err)
	}
	return s
}
