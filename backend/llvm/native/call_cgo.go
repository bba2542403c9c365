//go:build cgo && linux

package native

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>

typedef void (*seqc_kernel)(int64_t, int64_t, const int64_t *,
	void *, void *, void *, void *, void *, void *, void *, void *, void *, void *, void *, void *);

static void seqc_invoke(void *f, int64_t lo, int64_t hi, const int64_t *ints,
		void *p0, void *p1, void *p2, void *p3, void *p4, void *p5,
		void *p6, void *p7, void *p8, void *p9, void *p10, void *p11) {
	((seqc_kernel)f)(lo, hi, ints, p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11);
}

#cgo noescape seqc_invoke
#cgo nocallback seqc_invoke

static void *seqc_dlopen(const char *path, char **err) {
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) *err = dlerror();
	return h;
}

static void *seqc_dlsym(void *h, const char *name, char **err) {
	dlerror();
	void *p = dlsym(h, name);
	if (!p) *err = dlerror();
	return p;
}
*/
import "C"

import (
	"fmt"
	"sync"
	"unsafe"
)

// Available reports whether this build can load and call kernels.
func Available() error { return nil }

// Call runs fn on [lo, hi) of its parallel axis. ints and ptrs must stay
// valid for the call; the kernel keeps neither.
func (fn Fn) Call(lo, hi int, ints []int64, p *Ptrs) {
	var ip *C.int64_t
	if len(ints) > 0 {
		ip = (*C.int64_t)(unsafe.Pointer(&ints[0]))
	}
	C.seqc_invoke(fn.addr, C.int64_t(lo), C.int64_t(hi), ip,
		p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11])
}

var (
	openMu sync.Mutex
	opened = map[string]*Library{}
)

// Open loads a shared object of kernels. A path is loaded once per process
// and never unloaded (kernels may be running on other goroutines).
func Open(path string) (*Library, error) {
	openMu.Lock()
	defer openMu.Unlock()
	if l := opened[path]; l != nil {
		return l, nil
	}
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var cerr *C.char
	h := C.seqc_dlopen(cpath, &cerr)
	if h == nil {
		return nil, fmt.Errorf("native: loading %s: %s", path, C.GoString(cerr))
	}
	l := &Library{Source: path, syms: map[string]Fn{}}
	l.lookup = func(name string) (unsafe.Pointer, error) {
		cname := C.CString(name)
		defer C.free(unsafe.Pointer(cname))
		var cerr *C.char
		p := C.seqc_dlsym(h, cname, &cerr)
		if p == nil {
			return nil, fmt.Errorf("native: %s has no kernel %s", path, name)
		}
		return p, nil
	}
	opened[path] = l
	return l, nil
}
