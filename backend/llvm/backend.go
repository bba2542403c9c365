package llvm

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"

	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// Name is the backend's name for --backend and WithBackend.
const Name = "llvm"

func init() { backend.Register(llvmBackend{}) }

// llvmBackend runs the ops it has kernels for as native SIMD code, emitted
// per model (specialised to the shapes fixed at build time), compiled by
// llc, linked and loaded; the interpreter drives the functions and runs the
// other ops (the mixed plan).
type llvmBackend struct{}

func (llvmBackend) Name() string { return Name }

// Available needs cgo and a CPU with AVX2 and FMA, and either kernels
// linked into the program (a generated package) or llc and a linker to
// build them.
func (llvmBackend) Available() error {
	if err := native.Available(); err != nil {
		return err
	}
	if HostVariant() == "" {
		return fmt.Errorf("this CPU lacks AVX2 and FMA (x86-64-v3)")
	}
	if anyLinked() {
		return nil
	}
	return toolchainAvailable()
}

// toolchainAvailable says why kernels cannot be built here, or nil.
func toolchainAvailable() error {
	if _, err := LookupLLC(); err != nil {
		return fmt.Errorf("%v: install LLVM 14 (apt-get install llvm-14)", err)
	}
	for _, l := range linkerNames {
		if _, err := exec.LookPath(l); err == nil {
			return nil
		}
	}
	return fmt.Errorf("no linker on PATH (install binutils: apt-get install binutils)")
}

// Caps lists the ops with kernels; the others run on the interpreter.
func (llvmBackend) Caps() backend.Caps {
	c := backend.Caps{Ops: map[string][]string{}, Missing: map[string]string{}, DTypes: []ir.DType{ir.F32}}
	for _, info := range ir.Ops() {
		if k, ok := kernelTable[info.Name]; ok {
			c.Ops[info.Name] = k.modes
		} else {
			c.Missing[info.Name] = "no LLVM kernel yet: runs on the interpreter"
		}
	}
	return c
}

// Costs are the LLVM kernels' costs, measured with `seqc calibrate
// --backend llvm` on the reference machine (2-core AMD EPYC, AVX-512, one
// thread). Forms without a native kernel for the calibration problem run
// on the interpreter, and their costs say so: the generic chunked and
// quadratic forms of a state-per-channel ssm, and complex recurrences
// (ComplexFactor 12: the interpreter's complex scan over the native real
// one), while complex FFT convolutions are native (ComplexConvFactor 1.1).
func (llvmBackend) Costs() ir.CostModel {
	return ir.CostModel{
		Scan: 0.655, ScanLTI: 0.264, ComplexFactor: 12, ComplexConvFactor: 1.1, ChunkedSSD: 0.0188, ChunkedGeneric: 1.04, Quadratic: 1.14,
		FFT: 0.365, KernelGen: 2.74, ConvDirect: 0.0907, AttnScore: 0.0274, AttnFlash: 0.0248,
		DeltaRecurrent: 0.109, DeltaChunked: 0.0822,
		Backend: Name, Machine: "AMD EPYC (reference)", Source: "built-in defaults",
	}
}

// kernelEntry says how an op kind runs natively.
type kernelEntry struct {
	modes []string // the algorithms with kernels (nil: the op has none)
	// plan returns the kernel for one op, or why it runs on the
	// interpreter (a shape or dtype the kernel does not take).
	plan func(op *ir.Op, fixed map[*ir.Op]bool) (opKernel, string)
}

// opKernel is one op's native kernel: the functions it needs emitted, and
// how it runs given the loaded library.
type opKernel interface {
	// key names the emitted function; ops with the same key share it.
	key() string
	// emit adds the function named key()+VariantSuffix(variant) to m.
	emit(m *llvmir.Module, variant string) error
	// bind resolves the loaded function.
	bind(fn native.Fn, variant string) error
	// run computes the op.
	run(c *interp.KernelCall) ([]*runtime.Tensor, error)
}

// kernelTable maps op kinds to their kernels (kernels_*.go add entries).
var kernelTable = map[string]kernelEntry{}

// Prepare plans which ops run natively, emits their kernels into one
// module for this CPU's variant, compiles and loads it (from the cache when
// the same kernels were built before), and returns the interpreter's
// executor with those kernels.
func (llvmBackend) Prepare(ctx context.Context, m *ir.Module, weights map[string]*runtime.Tensor, source string, o backend.Options) (backend.Executable, error) {
	variant := HostVariant()
	ks, why := planModule(m)
	byKey := uniqueKernels(ks)
	kernels := interp.Kernels{ByOp: map[*ir.Op]interp.Kernel{}, Why: func(op *ir.Op) string { return why[op] }}
	if len(byKey) > 0 {
		lib, err := findKernels(ctx, byKey, variant)
		if err != nil {
			return nil, err
		}
		for op, k := range ks {
			fn, err := lib.Func(k.key() + VariantSuffix(variant))
			if err != nil {
				return nil, err
			}
			if err := k.bind(fn, variant); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", op.Pos, op.Kind, err)
			}
			kernels.ByOp[op] = k.run
		}
	}
	return interp.NewWithKernels(m, weights, source, o, Name, kernels)
}

// planModule picks a kernel for every op that has one.
func planModule(m *ir.Module) (map[*ir.Op]opKernel, map[*ir.Op]string) {
	ks, why := backend.PlanKernels(m, func(op *ir.Op, fixed map[*ir.Op]bool) (opKernel, string) {
		e, ok := kernelTable[op.Kind]
		if !ok {
			return nil, "no LLVM kernel for " + op.Kind
		}
		if k, why := e.plan(op, fixed); k != nil {
			return k, ""
		} else if why != "" {
			return nil, why
		}
		return nil, "no LLVM kernel for this form of " + op.Kind
	})
	// A region op with a kernel of its own (a compiled scan cell) runs its
	// body inside that kernel: the body's ops need none (and the placement
	// reports them on this backend).
	for op := range ks {
		if op.Region != nil {
			dropBody(op.Region.Body, ks)
		}
	}
	return ks, why
}

func dropBody(ops []*ir.Op, ks map[*ir.Op]opKernel) {
	for _, op := range ops {
		delete(ks, op)
		if op.Region != nil {
			dropBody(op.Region.Body, ks)
		}
	}
}

// emitModule is the LLVM IR of the kernels, in key order (deterministic).
func emitModule(ks map[string]opKernel, variants ...string) (string, error) {
	return emitModuleNamed(ks, "", variants...)
}

// emitModuleNamed is emitModule with suffix appended to every kernel's
// symbol: two generated packages in one program must not define the same
// symbol, so a package's object names its kernels after its own hash.
func emitModuleNamed(ks map[string]opKernel, suffix string, variants ...string) (string, error) {
	m := llvmir.NewModule()
	m.SourceFilename = "seqc"
	m.TargetTriple, m.DataLayout = TargetTriple, DataLayout
	keys := make([]string, 0, len(ks))
	for k := range ks {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, v := range variants {
		for _, k := range keys {
			if err := ks[k].emit(m, v); err != nil {
				return "", fmt.Errorf("llvm: emitting %s: %w", k, err)
			}
		}
	}
	if suffix != "" {
		for _, f := range m.Funcs {
			if len(f.Blocks) > 0 {
				f.SetName(f.Name() + suffix)
			}
		}
	}
	return m.String(), nil
}

var loadMu sync.Mutex

// findKernels returns the kernels linked into the program for this module
// when there are, else builds them (loadKernels).
func findKernels(ctx context.Context, ks map[string]opKernel, variant string) (*native.Library, error) {
	if anyLinked() {
		text, err := emitModule(ks, V4, V3)
		if err != nil {
			return nil, err
		}
		if lib := linkedLibrary(ObjectHash(text)); lib != nil {
			return lib, nil
		}
		if err := toolchainAvailable(); err != nil {
			return nil, fmt.Errorf("the kernels linked into this program were built by another version of seqc (regenerate the package with seqc build --backend llvm), and they cannot be rebuilt here: %w", err)
		}
	}
	return loadKernels(ctx, ks, variant)
}

// loadKernels emits, compiles (or finds in the cache) and loads the kernels.
func loadKernels(ctx context.Context, ks map[string]opKernel, variant string) (*native.Library, error) {
	text, err := emitModule(ks, variant)
	if err != nil {
		return nil, err
	}
	loadMu.Lock() // one llc at a time: two Prepares of one model share the cache entry
	defer loadMu.Unlock()
	lib, err := LoadText(ctx, text)
	if err != nil && os.Getenv("SEQC_LLVM_DUMP") != "" {
		os.WriteFile(os.Getenv("SEQC_LLVM_DUMP"), []byte(text), 0o644)
	}
	return lib, err
}

// keyf builds a kernel key from a prefix and parts: a C identifier.
func keyf(prefix string, parts ...any) string {
	s := prefix
	for _, p := range parts {
		s += "_" + strings.NewReplacer("-", "m", ".", "p").Replace(fmt.Sprint(p))
	}
	return "seqc_" + s
}
