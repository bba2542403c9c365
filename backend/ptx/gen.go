package ptx

import (
	"fmt"

	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/backend/llvm/native"
)

// The one kernel generator. A kernel is written once, against the GPU
// execution model — a grid of blocks of BX×BY threads, block and thread
// indices, block-shared memory, per-thread private arrays, global
// pointers — as a sequence of phases, each run by every thread of a block,
// with a block barrier between consecutive phases. K emits it for one of
// two targets:
//
//   - GPU: nvptx64-nvidia-cuda. Indices come from llvm.nvvm.read.ptx.sreg.*,
//     global pointers are addrspace(1), shared arrays addrspace(3) globals,
//     private arrays allocas (SROA promotes them to registers), and a
//     llvm.nvvm.barrier0 separates phases. The entry has the ptx_kernel
//     calling convention.
//   - Emu: x86-64, the kernel ABI of package native. The blocks are a loop
//     over [lo, hi) of the flattened grid, each phase a loop over the
//     block's threads (the barrier is the end of that loop, as in POCL's
//     work-item loops), shared arrays one per call, and private arrays
//     hold one slot per thread of the block, so a value that lives across
//     a barrier lives in memory, indexed by the thread.
//
// Both targets run the same instructions per thread in the same order
// (reductions included), so the emulation computes what the GPU computes,
// and testing it on the CPU tests the GPU kernel's indexing, tiling and
// reductions. What it cannot test is a missing barrier: phases make the
// barriers structural (one between every two phases), so there is none to
// forget.

// Target is what a kernel is emitted for.
type Target int

const (
	// GPU is NVPTX (nvptx64-nvidia-cuda), compiled to PTX.
	GPU Target = iota
	// Emu is the CPU emulation (x86-64-v3, the native kernel ABI).
	Emu
	// EmuReversed is Emu with every phase's threads run in reverse order.
	// A kernel whose threads race within a phase (one writes what another
	// reads, with no barrier between) gives different results in the two
	// orders; the tests compare them bit for bit.
	EmuReversed
)

func (t Target) String() string {
	switch t {
	case GPU:
		return "nvptx"
	case EmuReversed:
		return "emu-reversed"
	}
	return "emu"
}

// Module triples and data layouts of the two targets.
const (
	GPUTriple     = "nvptx64-nvidia-cuda"
	GPUDataLayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
)

// Address spaces of NVPTX.
const (
	asGlobal = 1
	asShared = 3
)

// Spec is a kernel's interface: its name, block shape and arguments.
type Spec struct {
	Name   string
	BX, BY int // threads per block along x and y (fixed at build time)
	Ints   int // i64 arguments
	Ptrs   int // float32 buffer arguments
}

// Threads is the number of threads in a block.
func (s Spec) Threads() int { return s.BX * max(s.BY, 1) }

// maxEmuInts is how many i64 arguments an emulated kernel may take: the
// grid's two sizes come first in its ints array.
const maxEmuInts = 30

func (s Spec) validate() error {
	switch {
	case s.BX < 1 || s.BY < 1 || s.Threads() > 1024:
		return fmt.Errorf("ptx: kernel %s: block %dx%d (at most 1024 threads)", s.Name, s.BX, s.BY)
	case s.Ints < 0 || s.Ints > maxEmuInts:
		return fmt.Errorf("ptx: kernel %s: %d int arguments (at most %d)", s.Name, s.Ints, maxEmuInts)
	case s.Ptrs < 0 || s.Ptrs > native.MaxPtrs:
		return fmt.Errorf("ptx: kernel %s: %d buffers (at most %d)", s.Name, s.Ptrs, native.MaxPtrs)
	}
	return nil
}

// K emits one kernel. The values it hands out are i64 (indices, sizes) or
// float; B is the block code is being appended to.
type K struct {
	T    Target
	Spec Spec
	B    *llvmir.Block
	Math *llvm.ScalarMath

	m       *llvmir.Module
	f       *llvmir.Func
	entry   *llvmir.Block
	intr    map[string]*llvmir.Func
	ints    []llvalue.Value
	ptrs    []llvalue.Value
	bx, by  llvalue.Value
	gx, gy  llvalue.Value
	tid     llvalue.Value // the thread's index in its block (in a phase)
	tx, ty  llvalue.Value
	nblk    int
	nshared int
	phases  int
	depth   int // uniform loops open around the code being emitted
	inPhase bool
}

// Emit adds the kernel s, with the given body, to m for target t. math
// must be m's ScalarMath. A body error is returned, as is a misuse of the
// generator (a phase inside a phase).
func Emit(t Target, m *llvmir.Module, math *llvm.ScalarMath, s Spec, body func(k *K) error) (err error) {
	if err := s.validate(); err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(genError); ok {
				err = fmt.Errorf("ptx: kernel %s: %s", s.Name, string(e))
				return
			}
			panic(r)
		}
	}()
	k := &K{T: t, Spec: s, Math: math, m: m, intr: map[string]*llvmir.Func{}}
	for _, f := range m.Funcs {
		if f.Name() == s.Name {
			return fmt.Errorf("ptx: module already has a kernel %s", s.Name)
		}
		if len(f.Blocks) == 0 {
			k.intr[f.Name()] = f
		}
	}
	if t == GPU {
		k.startGPU()
		if err := body(k); err != nil {
			return err
		}
		k.B.NewRet(nil)
		return nil
	}
	lo, hi := k.startEmu()
	k.For(lo, hi, 1, nil, func(blk llvalue.Value, _ []llvalue.Value) []llvalue.Value {
		k.bx, k.by = k.B.NewSRem(blk, k.gx), k.B.NewSDiv(blk, k.gx)
		// The loop over blocks is the grid, not a loop of the kernel's.
		k.depth--
		if e := body(k); e != nil {
			err = e
		}
		k.depth++
		return nil
	})
	k.B.NewRet(nil)
	return err
}

// genError is a misuse of the generator, raised where it happens.
type genError string

func (k *K) fail(format string, a ...any) { panic(genError(fmt.Sprintf(format, a...))) }

func (k *K) startGPU() {
	var params []*llvmir.Param
	for i := 0; i < k.Spec.Ints; i++ {
		params = append(params, llvmir.NewParam(fmt.Sprintf("i%d", i), lltypes.I64))
	}
	gp := lltypes.NewPointer(lltypes.Float)
	gp.AddrSpace = asGlobal
	for i := 0; i < k.Spec.Ptrs; i++ {
		p := llvmir.NewParam(fmt.Sprintf("p%d", i), gp)
		p.Attrs = append(p.Attrs, llenum.ParamAttrNoCapture)
		params = append(params, p)
	}
	k.f = k.m.NewFunc(k.Spec.Name, lltypes.Void, params...)
	k.f.CallingConv = llenum.CallingConvPTXKernel
	k.f.FuncAttrs = append(k.f.FuncAttrs, llenum.FuncAttrNoUnwind)
	k.entry = k.f.NewBlock("entry")
	k.B = k.entry
	for i := 0; i < k.Spec.Ints; i++ {
		k.ints = append(k.ints, params[i])
	}
	for i := 0; i < k.Spec.Ptrs; i++ {
		k.ptrs = append(k.ptrs, params[k.Spec.Ints+i])
	}
	k.bx, k.by = k.sreg("ctaid.x"), k.sreg("ctaid.y")
	k.gx, k.gy = k.sreg("nctaid.x"), k.sreg("nctaid.y")
}

// sreg reads a PTX special register (a u32) as an i64.
func (k *K) sreg(name string) llvalue.Value {
	f := k.intrinsic("llvm.nvvm.read.ptx.sreg."+name, lltypes.I32)
	return k.B.NewZExt(k.B.NewCall(f), lltypes.I64)
}

func (k *K) intrinsic(name string, ret lltypes.Type, params ...lltypes.Type) *llvmir.Func {
	if f, ok := k.intr[name]; ok {
		return f
	}
	ps := make([]*llvmir.Param, len(params))
	for i, t := range params {
		ps[i] = llvmir.NewParam("", t)
	}
	f := k.m.NewFunc(name, ret, ps...)
	k.intr[name] = f
	return f
}

// startEmu opens the kernel-ABI function: ints[0], ints[1] are the grid's
// x and y sizes, ints[2:] the kernel's own; [lo, hi) the blocks to run,
// numbered by*gx + bx.
func (k *K) startEmu() (lo, hi llvalue.Value) {
	kf := llvm.NewKernelFunc(k.m, k.Spec.Name, llvm.V3)
	k.f = kf.F
	k.entry = k.f.NewBlock("entry")
	k.B = k.entry
	k.gx, k.gy = kf.Int(k.B, 0), kf.Int(k.B, 1)
	for i := 0; i < k.Spec.Ints; i++ {
		k.ints = append(k.ints, kf.Int(k.B, 2+i))
	}
	for i := 0; i < k.Spec.Ptrs; i++ {
		k.ptrs = append(k.ptrs, kf.Ptrs[i])
	}
	return kf.Lo, kf.Hi
}

// Int is the kernel's i-th integer argument (uniform).
func (k *K) Int(i int) llvalue.Value {
	if i >= len(k.ints) {
		k.fail("int argument %d of %d", i, len(k.ints))
	}
	return k.ints[i]
}

// Ptr is the kernel's i-th buffer (a global float pointer).
func (k *K) Ptr(i int) llvalue.Value {
	if i >= len(k.ptrs) {
		k.fail("buffer %d of %d", i, len(k.ptrs))
	}
	return k.ptrs[i]
}

// BlockX and BlockY are the block's index in the grid; GridX and GridY the
// grid's size (all uniform over the block).
func (k *K) BlockX() llvalue.Value { return k.bx }

// BlockY is the block's y index.
func (k *K) BlockY() llvalue.Value { return k.by }

// GridX is the grid's x size.
func (k *K) GridX() llvalue.Value { return k.gx }

// GridY is the grid's y size.
func (k *K) GridY() llvalue.Value { return k.gy }

// Tid, Tx and Ty are the thread's index in its block (flattened, x, y);
// only inside a phase.
func (k *K) Tid() llvalue.Value { k.needPhase("Tid"); return k.tid }

// Tx is the thread's x index in its block.
func (k *K) Tx() llvalue.Value { k.needPhase("Tx"); return k.tx }

// Ty is the thread's y index in its block.
func (k *K) Ty() llvalue.Value { k.needPhase("Ty"); return k.ty }

func (k *K) needPhase(what string) {
	if !k.inPhase {
		k.fail("%s outside a phase", what)
	}
}

// Phase emits code every thread of the block runs. Consecutive phases
// are separated by a block barrier: writes to shared memory in one phase
// are seen by every thread in the next. Phases run at the kernel's uniform
// level (not inside a phase, nor under a condition that depends on the
// thread); uniform loops (For outside a phase) may hold phases.
func (k *K) Phase(body func()) {
	if k.inPhase {
		k.fail("a phase inside a phase")
	}
	bx, by := int64(k.Spec.BX), int64(k.Spec.BY)
	if k.T == GPU {
		if k.phases > 0 || k.depth > 0 {
			k.B.NewCall(k.intrinsic("llvm.nvvm.barrier0", lltypes.Void))
		}
		k.phases++
		k.tx, k.ty = k.sreg("tid.x"), k.sreg("tid.y")
		k.tid = k.B.NewAdd(k.B.NewMul(k.ty, c64(bx)), k.tx)
		k.inPhase = true
		body()
		k.inPhase = false
		return
	}
	k.phases++
	k.For(c64(0), c64(bx*by), 1, nil, func(t llvalue.Value, _ []llvalue.Value) []llvalue.Value {
		if k.T == EmuReversed {
			t = k.B.NewSub(c64(bx*by-1), t)
		}
		k.tid = t
		k.tx, k.ty = k.B.NewSRem(t, c64(bx)), k.B.NewSDiv(t, c64(bx))
		k.inPhase = true
		body()
		k.inPhase = false
		return nil
	})
}

// Mem is an array of floats: shared by the block, private to each
// thread, or a global buffer.
type Mem struct {
	base    llvalue.Value // float pointer to element 0
	n       int
	private bool
}

// Shared declares a block-shared array of n floats.
func (k *K) Shared(n int) *Mem {
	if k.inPhase || k.depth > 0 {
		k.fail("shared memory declared inside a phase or loop")
	}
	arr := lltypes.NewArray(uint64(n), lltypes.Float)
	if k.T == GPU {
		k.nshared++
		g := k.m.NewGlobalDef(fmt.Sprintf("%s_sh%d", k.Spec.Name, k.nshared), llconst.NewUndef(arr))
		g.Linkage = llenum.LinkageInternal
		// The address space goes on the global and on its pointer type,
		// which llir fixed when the global was made.
		g.AddrSpace = asShared
		g.Typ = lltypes.NewPointer(arr)
		g.Typ.AddrSpace = asShared
		g.Align = 16
		zero := llconst.NewInt(lltypes.I64, 0)
		base := llconst.NewGetElementPtr(arr, g, zero, zero)
		return &Mem{base: base, n: n}
	}
	a := k.entry.NewAlloca(arr)
	a.Align = 16
	moveToFront(k.entry, a)
	return &Mem{base: k.entry.NewGetElementPtr(arr, a, c64(0), c64(0)), n: n}
}

// Private declares an array of n floats per thread. On the GPU it is one
// per thread (registers, when indexed by constants); in the emulation one
// slot per thread of the block, so values survive the phase loop.
func (k *K) Private(n int) *Mem {
	if k.inPhase || k.depth > 0 {
		k.fail("private memory declared inside a phase or loop")
	}
	cnt := n
	if k.T != GPU {
		cnt = n * k.Spec.Threads()
	}
	arr := lltypes.NewArray(uint64(cnt), lltypes.Float)
	a := k.entry.NewAlloca(arr)
	a.Align = 16
	moveToFront(k.entry, a)
	return &Mem{base: k.entry.NewGetElementPtr(arr, a, c64(0), c64(0)), n: n, private: true}
}

// moveToFront keeps the entry block's allocas first (llc treats them as
// static stack slots only there), after the instructions before it.
func moveToFront(b *llvmir.Block, a *llvmir.InstAlloca) {
	insts := b.Insts[:len(b.Insts)-1]
	b.Insts = append([]llvmir.Instruction{a}, insts...)
}

// Global wraps buffer i as a Mem.
func (k *K) Global(i int) *Mem { return &Mem{base: k.Ptr(i)} }

func (k *K) addr(m *Mem, idx llvalue.Value) llvalue.Value {
	if m.private && k.T != GPU {
		k.needPhase("private memory access")
		idx = k.B.NewAdd(k.B.NewMul(k.tid, c64(int64(m.n))), idx)
	}
	return k.B.NewGetElementPtr(lltypes.Float, m.base, idx)
}

// Load reads m[idx] (idx an i64).
func (k *K) Load(m *Mem, idx llvalue.Value) llvalue.Value {
	ld := k.B.NewLoad(lltypes.Float, k.addr(m, idx))
	ld.Align = 4
	return ld
}

// Store writes m[idx] = v.
func (k *K) Store(m *Mem, idx, v llvalue.Value) {
	st := k.B.NewStore(v, k.addr(m, idx))
	st.Align = 4
}

// c64 is the i64 constant v; f32 the float constant v.
func c64(v int64) llvalue.Value { return llconst.NewInt(lltypes.I64, v) }

func f32(v float32) llvalue.Value { return llconst.NewFloat(lltypes.Float, float64(v)) }
