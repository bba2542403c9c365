package ptx

import (
	"fmt"
	"unsafe"

	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/runtime"
)

// Grid is a launch's number of blocks along x and y.
type Grid struct{ X, Y int }

// Blocks is the grid's number of blocks.
func (g Grid) Blocks() int { return g.X * g.Y }

// CUDA's grid limits (compute capability 3.0 and later).
const (
	maxGridX = 1<<31 - 1
	maxGridY = 65535
)

// Grid1D is the grid of n blocks along x.
func Grid1D(n int) (Grid, error) { return Grid2D(n, 1) }

// Grid2D is the grid of x·y blocks, checked against CUDA's limits (the
// op then runs on the interpreter).
func Grid2D(x, y int) (Grid, error) {
	if x < 0 || y < 0 || x > maxGridX || y > maxGridY {
		return Grid{}, fmt.Errorf("ptx: grid %d×%d exceeds CUDA's limits (%d×%d)", x, y, maxGridX, maxGridY)
	}
	return Grid{X: x, Y: y}, nil
}

// CeilDiv is ⌈a/b⌉ for a ≥ 0, b > 0.
func CeilDiv(a, b int) int { return (a + b - 1) / b }

// BufKind says how a launch uses a buffer: what must be copied to the
// device before and back after (the emulation uses host memory directly).
type BufKind int

const (
	// In is read by the kernel.
	In BufKind = iota
	// Out is written by the kernel (every element it covers).
	Out
	// InOut is read and written.
	InOut
	// Weight is read and never changes: kept on the device once uploaded.
	Weight
	// StateIn is a stream's state before the chunk (a slot tensor), read
	// by the kernel. On the GPU it stays on the device between chunks
	// (devstate.go): the copy in happens only when the host holds it.
	StateIn
	// StateOut is a stream's state after the chunk, written by the kernel
	// into a fresh host tensor the op stores in its slot. On the GPU it
	// stays on the device; the host tensor is filled only when the host
	// reads the state (a snapshot, an interpreter fallback).
	StateOut
	// OutState is an output that is also a stream's state after the
	// chunk (a scan's carries, which the op returns too): the state tensor
	// (Launch.States) gets a copy, on the device on a GPU.
	OutState
)

// Buf is one buffer argument.
type Buf struct {
	F    []float32
	Kind BufKind
}

// Launch is one kernel call.
type Launch struct {
	Grid Grid
	Ints []int64
	Bufs []Buf
	Work int // elements of work, for the emulation's thread count
	// States holds the state tensors of StateIn and StateOut buffers, by
	// buffer index (devstate.go): on a GPU their data may be on the device
	// only. A state buffer without one is copied like an input or output.
	States StateRefs
}

// runner runs the kernels of one prepared model, on the GPU or emulated.
type runner interface {
	launch(name string, l *Launch, threads int) error
}

// dummy stands in for an empty buffer, which kernels never read.
var dummy [1]float32

func hostPtr(f []float32) unsafe.Pointer {
	if len(f) == 0 {
		return unsafe.Pointer(&dummy[0])
	}
	return unsafe.Pointer(&f[0])
}

// emuRunner runs emulated kernels through the native trampoline.
type emuRunner struct {
	fns   map[string]native.Fn
	specs map[string]Spec
}

// launch splits the grid's blocks over goroutines: blocks are
// independent (a kernel communicates only within a block), so the result
// does not depend on the split.
func (r *emuRunner) launch(name string, l *Launch, threads int) error {
	fn, ok := r.fns[name]
	if !ok {
		return fmt.Errorf("ptx-emu: kernel %s not loaded", name)
	}
	spec := r.specs[name]
	if len(l.Ints) != spec.Ints || len(l.Bufs) != spec.Ptrs {
		return fmt.Errorf("ptx-emu: kernel %s takes %d ints and %d buffers, launched with %d and %d", name, spec.Ints, spec.Ptrs, len(l.Ints), len(l.Bufs))
	}
	n := l.Grid.Blocks()
	if n == 0 {
		return nil
	}
	ints := make([]int64, 2+len(l.Ints))
	ints[0], ints[1] = int64(l.Grid.X), int64(l.Grid.Y)
	copy(ints[2:], l.Ints)
	var ptrs native.Ptrs
	for i, b := range l.Bufs {
		ptrs[i] = hostPtr(b.F)
	}
	runtime.ParallelFor(n, runtime.ThreadsFor(threads, max(l.Work, n)), func(lo, hi int) {
		fn.Call(lo, hi, ints, &ptrs)
	})
	for i, b := range l.Bufs {
		if st := l.States[i]; st != nil && b.Kind == OutState {
			copy(st.F, b.F)
		}
	}
	return nil
}

// packParams lays out a CUDA launch's parameters: the kernel's i64
// arguments then its buffers' device addresses, each 8 bytes, and the
// array of pointers to them that cuLaunchKernel takes. The caller pins
// vals (the driver reads through params during the call).
func packParams(ints []int64, dptrs []uint64) (vals []uint64, params []unsafe.Pointer) {
	vals = make([]uint64, len(ints)+len(dptrs))
	for i, v := range ints {
		vals[i] = uint64(v)
	}
	copy(vals[len(ints):], dptrs)
	params = make([]unsafe.Pointer, len(vals))
	for i := range vals {
		params[i] = unsafe.Pointer(&vals[i])
	}
	return vals, params
}
