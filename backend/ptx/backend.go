package ptx

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// Backend names.
const (
	// Name is the GPU backend: PTX kernels run through the CUDA driver.
	Name = "ptx"
	// EmuName is the same kernels emulated on the CPU: the form of ptx
	// that CI runs.
	EmuName = "ptx-emu"
)

func init() {
	backend.Register(ptxBackend{emu: false})
	backend.Register(ptxBackend{emu: true})
}

// ptxBackend runs the ops it has kernels for with the kernel generator's
// kernels — on an NVIDIA GPU (ptx) or emulated on the CPU (ptx-emu) — and
// leaves the rest to the interpreter, which drives the functions (the
// mixed plan).
type ptxBackend struct{ emu bool }

func (b ptxBackend) Name() string {
	if b.emu {
		return EmuName
	}
	return Name
}

// Available: ptx-emu needs what the llvm backend needs to build kernels
// (cgo, an x86-64-v3 CPU, llc, a linker); ptx needs the CUDA driver with a
// GPU (libcuda.so.1, loaded without cgo), and llc only to build PTX that
// is not in the cache yet (Prepare says so).
func (b ptxBackend) Available() error {
	if b.emu {
		if _, err := llvm.LookupLLC(); err != nil {
			return fmt.Errorf("%v: install LLVM 14 (apt-get install llvm-14)", err)
		}
		if err := native.Available(); err != nil {
			return err
		}
		if llvm.HostVariant() == "" {
			return fmt.Errorf("the emulation needs a CPU with AVX2 and FMA (x86-64-v3)")
		}
		return nil
	}
	_, err := OpenDevice()
	return err
}

// Caps lists the ops with kernels.
func (b ptxBackend) Caps() backend.Caps {
	c := backend.Caps{Ops: map[string][]string{}, Missing: map[string]string{}, DTypes: []ir.DType{ir.F32}}
	for _, info := range ir.Ops() {
		if e, ok := kernelTable[info.Name]; ok {
			c.Ops[info.Name] = e.modes
		} else {
			c.Missing[info.Name] = "no PTX kernel yet: runs on the interpreter"
		}
	}
	return c
}

// Costs are the interpreter's: the algorithm choice stays the
// interpreter's until the kernels are calibrated on a GPU.
// Machine names what ptx measures on (seqc calibrate): the GPU, where
// the emulation runs on the CPU (""; the caller names the CPU).
func (b ptxBackend) Machine() string {
	if b.emu {
		return ""
	}
	dv, err := OpenDevice()
	if err != nil {
		return ""
	}
	if dv.sim != nil {
		return "simulated GPU"
	}
	return dv.Name
}

func (b ptxBackend) Costs() ir.CostModel {
	c := ir.DefaultCosts
	c.Backend = b.Name()
	c.Source = "the interpreter's defaults (PTX kernels not calibrated)"
	return c
}

// kernelDef is one kernel function: its interface and emitter.
type kernelDef struct {
	spec Spec
	emit func(t Target, m *Module) error
}

// opKernel is one op's kernels and how it runs them.
type opKernel struct {
	defs []kernelDef
	run  func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error)
}

// kernelEntry says how an op kind runs.
type kernelEntry struct {
	modes []string
	plan  func(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string)
}

// kernelTable maps op kinds to their kernels (kernels_*.go add entries).
var kernelTable = map[string]kernelEntry{}

// Prepare plans the ops, emits their kernels for the target, compiles
// and loads them, and returns the interpreter's executor with them.
func (b ptxBackend) Prepare(ctx context.Context, m *ir.Module, weights map[string]*runtime.Tensor, source string, o backend.Options) (backend.Executable, error) {
	return prepareWith(ctx, m, weights, source, o, b.Name(), b.load)
}

// prepareWith is Prepare with the kernels loaded by load: the GPU's or the
// emulation's runner (tests pass one over a simulated driver).
func prepareWith(ctx context.Context, m *ir.Module, weights map[string]*runtime.Tensor, source string, o backend.Options, name string,
	load func(ctx context.Context, ks map[*ir.Op]*opKernel) (runner, error)) (backend.Executable, error) {
	ks, why := planModuleWith(m, o)
	kernels := interp.Kernels{ByOp: map[*ir.Op]interp.Kernel{}, Why: func(op *ir.Op) string { return why[op] }}
	if len(ks) > 0 {
		r, err := load(ctx, ks)
		if err != nil {
			return nil, err
		}
		g, onDevice := r.(*gpuRunner)
		if onDevice {
			kernels.DeviceState = g
			kernels.EndRun = g.endRun
			g.devVals = kernelValues(ks)
		}
		res := planResidency(m, ks)
		for op, k := range ks {
			k := k
			if onDevice {
				kernels.ByOp[op] = res.wrap(op, k, g)
				continue
			}
			kernels.ByOp[op] = func(c *interp.KernelCall) ([]*runtime.Tensor, error) { return k.run(c, r) }
		}
	}
	return interp.NewWithKernels(m, weights, source, o, name, kernels)
}

// kernelValues are the values kernels read or write: the ones a run's
// arena has slots for (arena.go).
func kernelValues(ks map[*ir.Op]*opKernel) map[*ir.Value]bool {
	vals := map[*ir.Value]bool{}
	for op := range ks {
		for _, v := range op.Args {
			vals[v] = true
		}
		for _, v := range op.Results {
			vals[v] = true
		}
	}
	return vals
}

var loadMu sync.Mutex

// load builds the kernels for the backend's target and loads them.
func (b ptxBackend) load(ctx context.Context, ks map[*ir.Op]*opKernel) (runner, error) {
	loadMu.Lock()
	defer loadMu.Unlock()
	return b.loadLocked(ctx, ks)
}

// loadLocked is load with loadMu held.
func (b ptxBackend) loadLocked(ctx context.Context, ks map[*ir.Op]*opKernel) (runner, error) {
	defs := uniqueDefs(ks)
	specs := map[string]Spec{}
	for _, d := range defs {
		specs[d.spec.Name] = d.spec
	}
	if b.emu {
		text, err := emitDefs(Emu, defs)
		if err != nil {
			return nil, err
		}
		lib, err := LoadEmu(ctx, text)
		if err != nil {
			return nil, err
		}
		r := &emuRunner{fns: map[string]native.Fn{}, specs: specs}
		for name := range specs {
			fn, err := lib.Func(name)
			if err != nil {
				return nil, err
			}
			r.fns[name] = fn
		}
		return r, nil
	}
	dv, err := OpenDevice()
	if err != nil {
		return nil, err
	}
	if dv.sim != nil {
		// The simulated driver's launches run the emulated kernels:
		// build them too.
		emu, err := ptxBackend{emu: true}.loadLocked(ctx, ks)
		if err != nil {
			return nil, err
		}
		dv.sim.add(emu.(*emuRunner))
	}
	ptxs, err := modelPTX(ctx, defs)
	if err != nil {
		return nil, err
	}
	return newGPURunner(dv, ptxs, specs)
}

// compileDefs builds each kernel's PTX on its own, by name: the cache then
// holds one entry per kernel, whatever set of kernels a model needs, so
// PTX built on one machine serves every model on another that lacks llc.
func compileDefs(ctx context.Context, defs []kernelDef) (map[string]string, error) {
	out := map[string]string{}
	for _, d := range defs {
		text, err := emitDefs(GPU, []kernelDef{d})
		if err != nil {
			return nil, err
		}
		if out[d.spec.Name], err = CompilePTX(ctx, text); err != nil {
			return nil, fmt.Errorf("%s: %w", d.spec.Name, err)
		}
	}
	return out, nil
}

// uniqueDefs is the kernels the ops need, each once, by name.
func uniqueDefs(ks map[*ir.Op]*opKernel) []kernelDef {
	byName := map[string]kernelDef{}
	for _, k := range ks {
		for _, d := range k.defs {
			byName[d.spec.Name] = d
		}
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]kernelDef, len(names))
	for i, n := range names {
		out[i] = byName[n]
	}
	return out
}

// emitDefs is the LLVM IR text of the kernels for t, in name order.
func emitDefs(t Target, defs []kernelDef) (string, error) {
	m := NewModule(t)
	for _, d := range defs {
		if err := d.emit(t, m); err != nil {
			return "", err
		}
	}
	return m.M.String(), nil
}

// BuildPTX plans a module's ops and compiles their kernels to PTX (no GPU
// needed): what `--backend ptx` would load, each kernel checked for
// .extern, returned by kernel name (and left in the cache).
func BuildPTX(ctx context.Context, m *ir.Module) (map[string]string, error) {
	ks, _ := planModule(m)
	return compileDefs(ctx, uniqueDefs(ks))
}

// Unplaced lists the top-level ops of m that run on the interpreter under
// ptx for want of a kernel (values computed once from the weights and
// views aside, which need none), each as "kind at file:line:col: why".
func Unplaced(m *ir.Module) []string {
	ks, why := planModule(m)
	var out []string
	for _, f := range m.Funcs {
		fixed := ir.FixedOps(f)
		for _, op := range f.Body {
			if ks[op] == nil && !fixed[op] && !ir.Aliases(op) {
				out = append(out, fmt.Sprintf("%s at %s: %s", op.Kind, op.Pos, why[op]))
			}
		}
	}
	return out
}

// planModule picks a kernel for every op that has one.
func planModule(m *ir.Module) (map[*ir.Op]*opKernel, map[*ir.Op]string) {
	return planModuleWith(m, backend.Options{})
}

// planModuleWith is planModule under the options (o.TF32: linear on the
// tensor cores).
func planModuleWith(m *ir.Module, o backend.Options) (map[*ir.Op]*opKernel, map[*ir.Op]string) {
	return backend.PlanKernels(m, func(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
		e, ok := kernelTable[op.Kind]
		if !ok {
			return nil, "no PTX kernel for " + op.Kind
		}
		if k, why := planFor(e, op.Kind, o)(op, fixed); k != nil {
			return k, ""
		} else if why != "" {
			return nil, why
		}
		return nil, "no PTX kernel for this form of " + op.Kind
	})
}

// keyf builds a kernel name: seqc_ptx_ and the parts, a C identifier.
func keyf(prefix string, parts ...any) string {
	s := "seqc_ptx_" + prefix
	for _, p := range parts {
		v := fmt.Sprint(p)
		out := []byte{}
		for i := 0; i < len(v); i++ {
			c := v[i]
			switch {
			case c == '-':
				out = append(out, 'm')
			case c == '.':
				out = append(out, 'p')
			case c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9'):
				out = append(out, c)
			}
		}
		s += "_" + string(out)
	}
	return s
}

func allF32(vs ...*ir.Value) bool {
	for _, v := range vs {
		if v.Type.DType != ir.F32 {
			return false
		}
	}
	return true
}

func one(t *runtime.Tensor) []*runtime.Tensor { return []*runtime.Tensor{t} }

// weightKind is Weight for an argument the interpreter computes once (a
// model weight or a value derived from weights only), else In.
func weightKind(op *ir.Op, i int, fixed map[*ir.Op]bool) BufKind {
	a := op.Args[i]
	if a.Def == nil || !fixed[a.Def] {
		return In
	}
	return Weight
}
