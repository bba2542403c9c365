// Package backend is the seam between the compiler and the machines it
// runs models on. A backend takes a lowered module (kernel-level IR: modes
// chosen, fusions done) with its weights and prepares an Executable, which
// runs functions on whole sequences and streams them (NewState, Prefill,
// Step). Everything above this package — generated packages
// (runtime/compiled), decoding, the driver and the CLI — works through these
// interfaces; a backend is one package that registers itself.
//
// The pure-Go interpreter ("go", backend/interp) is always present and is
// the reference semantics every other backend is compared with. A backend
// that lacks an op runs it on the interpreter (a mixed plan, reported by
// Executable.Placement, `seqc ir --explain` and `seqc run --verbose`):
// the numbers never depend on which ops a backend has.
package backend

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// Interp is the name of the pure-Go interpreter, present in every build.
const Interp = "go"

// Options configure an Executable.
type Options struct {
	Threads int    // worker goroutines per kernel; <= 0: GOMAXPROCS
	Mode    string // force an algorithm on every mixer that has it ("" or "auto": none)
	Chunk   int    // chunk size of chunked forms; 0: the op's @chunk or its policy's
	Tile    int    // key tile of online-softmax attention; 0: 64
	Profile bool   // time every op (Stats.OpTime)
	// TF32 lets the ptx backends run linear on the tensor cores in TF32
	// (inputs rounded to 10 mantissa bits, FP32 accumulation). Off, the
	// default, every backend computes in FP32; backends without a TF32
	// path (go, llvm) ignore it.
	TF32 bool
}

// Stats describe one run.
type Stats struct {
	PeakBytes int64                    // activation buffers live at once, at most
	OpTime    map[string]time.Duration // time per op kind, with Options.Profile
}

// Stream says how to stream a function.
type Stream struct {
	// Input names the streamed input (or the sequence symbol); "" takes the
	// only sequence the function can stream along (see ir.StepPlanFor).
	Input string
	// Fixed holds the inputs that do not stream (an encoder's source, an
	// initial state), by name: given once for the whole stream.
	Fixed map[string]*runtime.Tensor
	// Batch is the batch size when the function has a batch symbol; 0 takes
	// it from the first chunk.
	Batch int
}

// Backend compiles lowered modules for one kind of machine.
type Backend interface {
	// Name is what --backend and WithBackend take: "go", "llvm", "ptx".
	Name() string
	// Available reports why the backend cannot run on this machine (a
	// missing toolchain, CPU feature or driver), or nil.
	Available() error
	// Caps is what the backend implements natively.
	Caps() Caps
	// Costs are the backend's built-in cost constants (measured on the
	// reference machine); `seqc calibrate --backend NAME` measures them here.
	Costs() ir.CostModel
	// Prepare checks the weights against the module and readies it to run.
	// source names the weights in errors.
	Prepare(ctx context.Context, m *ir.Module, weights map[string]*runtime.Tensor, source string, o Options) (Executable, error)
}

// Caps is a backend's capability table: the ops it runs natively, each with
// the algorithms (ir.Modes) it has for it; an op kind it lists in Missing
// (with the reason) runs on the interpreter. Every op of the op table is in
// one of the two (TestCapabilityTables).
type Caps struct {
	Ops     map[string][]string // op kind → modes it implements (nil for an op without modes)
	Missing map[string]string   // op kind → why the backend does not run it natively
	DTypes  []ir.DType          // element types its kernels take
}

// Has reports whether the backend runs op natively in mode ("" for an op
// without modes).
func (c Caps) Has(kind, mode string) bool {
	modes, ok := c.Ops[kind]
	if !ok {
		return false
	}
	if mode == "" || len(modes) == 0 {
		return true
	}
	for _, m := range modes {
		if m == mode {
			return true
		}
	}
	return false
}

// Executable is a module with its weights, ready to run on a backend. It
// is safe for concurrent use: runs share only read-only weights; a State
// belongs to one caller.
type Executable interface {
	// Backend names the backend that prepared it.
	Backend() string
	// Module is the lowered module it runs.
	Module() *ir.Module
	// Func returns the named function, or an error listing those there are.
	Func(name string) (*ir.Func, error)
	// Run evaluates a function on whole sequences.
	Run(ctx context.Context, fn string, inputs []*runtime.Tensor) ([]*runtime.Tensor, error)
	// RunStats is Run that also reports the run's statistics.
	RunStats(ctx context.Context, fn string, inputs []*runtime.Tensor) ([]*runtime.Tensor, Stats, error)
	// NewState starts a stream through fn; it fails with the reason when fn
	// cannot be streamed.
	NewState(fn string, s Stream) (State, error)
	// Prefill runs a chunk of the streamed inputs (State.Plan().Streamed(),
	// in order) continuing from st, and advances it. A call that fails leaves
	// st as it was.
	Prefill(ctx context.Context, st State, inputs []*runtime.Tensor) ([]*runtime.Tensor, error)
	// Step runs one position.
	Step(ctx context.Context, st State, inputs []*runtime.Tensor) ([]*runtime.Tensor, error)
	// Placement says where each op runs: on this backend, or on the
	// interpreter where the backend lacks it.
	Placement() []Placement
}

// State is the recurrent state of one stream (SSM states, conv windows, KV
// caches, scan carries, the position) of the Executable that made it.
type State interface {
	Pos() int            // positions consumed
	Plan() *ir.Plan      // which inputs and outputs stream, along which axis
	Func() *ir.Func      // the streamed function
	Snapshot() State     // a deep copy
	Restore(State) error // make the state equal to a snapshot of the same stream
	Bytes() int          // the memory it holds
}

// Placement is where one op of a function runs.
type Placement struct {
	Func    string
	Op      *ir.Op
	Backend string // the backend whose kernel runs it
	Why     string // for an op on the interpreter under another backend: why
}

var (
	mu       sync.Mutex
	backends = map[string]Backend{}
)

// Register adds a backend; backends call it from init. A second backend of
// the same name panics.
func Register(b Backend) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := backends[b.Name()]; dup {
		panic("backend: " + b.Name() + " registered twice")
	}
	backends[b.Name()] = b
}

// Names lists the registered backends, the interpreter first.
func Names() []string {
	mu.Lock()
	defer mu.Unlock()
	var names []string
	for n := range backends {
		if n != Interp {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if backends[Interp] != nil {
		names = append([]string{Interp}, names...)
	}
	return names
}

// Lookup returns the named backend ("" is the interpreter) when it is
// registered and available here; otherwise the error lists those that are.
func Lookup(name string) (Backend, error) {
	if name == "" {
		name = Interp
	}
	mu.Lock()
	b := backends[name]
	mu.Unlock()
	if b == nil {
		return nil, fmt.Errorf("unknown backend %q (backends in this build: %s)", name, availableList())
	}
	if err := b.Available(); err != nil {
		return nil, fmt.Errorf("backend %s is not available here: %v (available: %s)", name, err, availableList())
	}
	return b, nil
}

// Registered returns a registered backend whether or not it can run here.
func Registered(name string) (Backend, error) {
	mu.Lock()
	defer mu.Unlock()
	if b := backends[name]; b != nil {
		return b, nil
	}
	return nil, fmt.Errorf("unknown backend %q", name)
}

// Available lists the registered backends that can run here.
func Available() []Backend {
	var out []Backend
	for _, n := range Names() {
		mu.Lock()
		b := backends[n]
		mu.Unlock()
		if b.Available() == nil {
			out = append(out, b)
		}
	}
	return out
}

func availableList() string {
	var names []string
	for _, b := range Available() {
		names = append(names, b.Name())
	}
	return strings.Join(names, ", ")
}

// Prepare looks up the named backend and prepares m on it.
func Prepare(ctx context.Context, name string, m *ir.Module, weights map[string]*runtime.Tensor, source string, o Options) (Executable, error) {
	b, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	return b.Prepare(ctx, m, weights, source, o)
}

// Place says where each op of m would run on b: on b where its capability
// table has the op in the mode the op runs as at sequence length l,
// otherwise on the interpreter, with the reason. Prepare follows the same
// rule, so `seqc ir --explain --backend NAME` shows the plan without weights.
func Place(b Backend, m *ir.Module, l int) []Placement {
	caps := b.Caps()
	var out []Placement
	for _, f := range m.Funcs {
		var walk func(ops []*ir.Op)
		walk = func(ops []*ir.Op) {
			for _, op := range ops {
				if op.Kind != "param" && op.Kind != "const" {
					p := Placement{Func: f.Name, Op: op, Backend: b.Name()}
					if why := caps.Lacks(op, l); why != "" {
						p.Backend, p.Why = Interp, why
					}
					out = append(out, p)
				}
				if op.Region != nil {
					walk(op.Region.Body)
				}
			}
		}
		walk(f.Body)
	}
	return out
}

// Lacks says why a backend with these capabilities does not run op at
// sequence length l natively, or "" when it does.
func (c Caps) Lacks(op *ir.Op, l int) string {
	if why, ok := c.Missing[op.Kind]; ok {
		return why
	}
	if _, ok := c.Ops[op.Kind]; !ok {
		return "no kernel for " + op.Kind
	}
	if mode := ir.ModeAt(op, "", l); mode != "" && !c.Has(op.Kind, mode) {
		return fmt.Sprintf("no %s kernel for %s", mode, op.Kind)
	}
	return ""
}

// Summary counts a placement, the backend's ops first, then those on the
// interpreter grouped by why: "41 ops on llvm; 78 on go: 70 computed once
// from the weights (add at m.seq:3:5, ...); 8 no LLVM kernel for conv2d
// (conv2d at m.seq:9:7, ...)".
func Summary(ps []Placement) string {
	on := map[string]int{}
	where := map[string][]string{} // ops on the interpreter, by reason
	var reasons []string
	for _, p := range ps {
		on[p.Backend]++
		if p.Why == "" {
			continue
		}
		if where[p.Why] == nil {
			reasons = append(reasons, p.Why)
		}
		where[p.Why] = append(where[p.Why], fmt.Sprintf("%s at %s", p.Op.Kind, p.Op.Pos))
	}
	var parts []string
	for _, n := range slices.Sorted(maps.Keys(on)) {
		if n != Interp {
			parts = append(parts, fmt.Sprintf("%d ops on %s", on[n], n))
		}
	}
	if n := on[Interp]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d on %s", n, Interp))
		if len(parts) == 1 {
			parts[0] = fmt.Sprintf("%d ops on %s", n, Interp)
		}
	}
	s := strings.Join(parts, "; ")
	var why []string
	for _, r := range reasons {
		ops := where[r]
		if len(ops) > 3 {
			ops = append(ops[:3:3], "...")
		}
		why = append(why, fmt.Sprintf("%d %s (%s)", len(where[r]), r, strings.Join(ops, ", ")))
	}
	if len(why) > 0 {
		s += ": " + strings.Join(why, "; ")
	}
	return s
}
