// Package native loads compiled seqc kernels into the running process and
// calls them. It is the only cgo in seqc's run-time path: a kernel library
// is either a shared object built by the LLVM backend's cache (Open) or the
// kernels linked into a generated package as a .syso file (FromTable).
//
// Every kernel has one C signature (the kernel ABI):
//
//	void k(int64_t lo, int64_t hi, const int64_t *ints, void *p0, ..., void *p11)
//
// [lo, hi) is the part of the kernel's parallel axis this call computes, ints
// holds its integer arguments (sizes, strides) and p0…p11 its buffers. One
// signature means one trampoline, so a call costs one cgo crossing (~30 ns)
// whatever the kernel; buffers are passed as direct arguments, which the cgo
// pointer rules allow without pinning. Kernels must not keep a pointer after
// they return.
package native

import (
	"fmt"
	"sync"
	"unsafe"
)

// MaxPtrs is the number of buffer arguments of the kernel ABI.
const MaxPtrs = 12

// Ptrs holds a call's buffer arguments; unused entries are nil.
type Ptrs [MaxPtrs]unsafe.Pointer

// Fn is a kernel entry point.
type Fn struct {
	Name string
	addr unsafe.Pointer // C function address, outside Go's heap
}

// Valid reports whether fn refers to a kernel.
func (fn Fn) Valid() bool { return fn.addr != nil }

// Library is a set of kernels by symbol name.
type Library struct {
	Source string // the shared object's path, or a description of a linked table
	mu     sync.Mutex
	syms   map[string]Fn
	lookup func(name string) (unsafe.Pointer, error) // dlsym; nil for a linked table
}

// Func returns the kernel named sym.
func (l *Library) Func(sym string) (Fn, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if fn, ok := l.syms[sym]; ok {
		return fn, nil
	}
	if l.lookup == nil {
		return Fn{}, fmt.Errorf("native: %s has no kernel %s", l.Source, sym)
	}
	p, err := l.lookup(sym)
	if err != nil {
		return Fn{}, err
	}
	fn := Fn{Name: sym, addr: p}
	l.syms[sym] = fn
	return fn, nil
}

// FromTable makes a library of kernels linked into the program (a generated
// package's .syso): names[i] is at addrs[i].
func FromTable(source string, names []string, addrs []unsafe.Pointer) (*Library, error) {
	if len(names) != len(addrs) {
		return nil, fmt.Errorf("native: %d kernel names for %d addresses", len(names), len(addrs))
	}
	l := &Library{Source: source, syms: map[string]Fn{}}
	for i, n := range names {
		if addrs[i] == nil {
			return nil, fmt.Errorf("native: kernel %s has no address", n)
		}
		l.syms[n] = Fn{Name: n, addr: addrs[i]}
	}
	return l, nil
}
