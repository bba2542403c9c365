package ptx

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"unsafe"

	"github.com/seqc-dev/seqc/backend/llvm/native"
)

// A simulated CUDA driver: the driver API's entry points as Go functions
// over host memory standing in for the device, whose cuLaunchKernel runs
// the emulated kernel of the same name on the buffers the parameter array
// points to. With it the GPU path above purego — the runner's weight
// cache, scratch pool, host↔device copies and parameter packing, module
// and function lookup (of the PTX the driver would JIT), the context
// discipline — runs on a CPU, against the interpreter. What it cannot
// check is purego's calls into the real libcuda.so.1 and the PTX on real
// hardware.
//
// The tests use it directly; a program (a generated package built with
// --backend ptx, or seqc itself) runs `ptx` over it when SimulateEnv is
// set, so that the ptx path of a generated package is testable without a
// GPU. The emulated kernels need what ptx-emu needs (cgo, llc).

// SimulateEnv names the environment variable that, set to 1, makes the
// ptx backend run over the simulated driver instead of libcuda.so.1.
const SimulateEnv = "SEQC_PTX_SIMULATE"

// simulated reports whether SimulateEnv asks for the simulated driver.
func simulated() bool { return os.Getenv(SimulateEnv) == "1" }

// simDevice is the simulated driver's state: device memory, loaded
// modules and functions, and the emulated kernels launches run.
type simDevice struct {
	mu     sync.Mutex
	emu    *emuRunner // the kernels a launch can run, by name (add merges)
	mem    map[uint64][]float32
	next   uint64
	mods   map[uintptr]string
	fns    map[uintptr]string
	allocs int // cuMemAlloc calls
	copies int // cuMemcpyHtoD and cuMemcpyDtoH calls
	dtod   int // cuMemcpyDtoD calls
	bytes  int // bytes cuMemcpyHtoD and cuMemcpyDtoH moved
	bound  bool
}

// add makes the emulated kernels of r launchable.
func (f *simDevice) add(r *emuRunner) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for n, fn := range r.fns {
		f.emu.fns[n] = fn
		f.emu.specs[n] = r.specs[n]
	}
}

// simSpacing is the distance between the simulated allocations' start
// addresses: an address inside one (an offset in a run's arena) finds it.
const simSpacing = 1 << 32

// simBase is the first simulated allocation's address.
const simBase = 1 << 20

// at is the simulated memory from device address p to the end of its
// allocation (an address inside an allocation, 4-byte aligned, as a
// kernel's argument may be). The caller holds f.mu.
func (f *simDevice) at(p uint64) ([]float32, bool) {
	if p < simBase || p%4 != 0 {
		return nil, false
	}
	base := simBase + (p-simBase)/simSpacing*simSpacing
	m, ok := f.mem[base]
	off := (p - base) / 4
	if !ok || off > uint64(len(m)) {
		return nil, false
	}
	return m[off:], true
}

// cStr reads a NUL-terminated string of any length.
func cStr(p *byte) string {
	var b []byte
	for i := 0; ; i++ {
		c := *(*byte)(unsafe.Add(unsafe.Pointer(p), i))
		if c == 0 {
			return string(b)
		}
		b = append(b, c)
	}
}

// CUDA result codes the simulation returns.
const (
	cudaErrorInvalidValue   = 1
	cudaErrorInvalidContext = 201
	cudaErrorInvalidPTX     = 218
	cudaErrorNotFound       = 500
	cudaErrorIllegalAddress = 700
)

// newSimDevice is a device over a fresh simulated driver.
func newSimDevice() (*Device, *simDevice) {
	f := &simDevice{emu: &emuRunner{fns: map[string]native.Fn{}, specs: map[string]Spec{}}, mem: map[uint64][]float32{}, next: simBase, mods: map[uintptr]string{}, fns: map[uintptr]string{}}
	d := &driver{
		cuCtxSetCurrent:  func(uintptr) cuResult { f.bound = true; return 0 },
		cuCtxSynchronize: func() cuResult { return 0 },
		cuModuleLoadDataEx: func(mod *uintptr, image *byte, n uint32, opts *int32, vals *uintptr) cuResult {
			f.mu.Lock()
			defer f.mu.Unlock()
			text := cStr(image)
			err := CheckPTX(text)
			if err == nil && !strings.Contains(text, ".target sm_80") {
				err = fmt.Errorf("the PTX does not target sm_80")
			}
			if err != nil {
				simJITLog(n, opts, vals, err.Error())
				return cudaErrorInvalidPTX
			}
			*mod = uintptr(len(f.mods) + 1)
			f.mods[*mod] = text
			return 0
		},
		cuModuleGetFunction: func(fn *uintptr, mod uintptr, name *byte) cuResult {
			f.mu.Lock()
			defer f.mu.Unlock()
			n := cStr(name)
			if !strings.Contains(f.mods[mod], ".visible .entry "+n+"(") {
				return cudaErrorNotFound
			}
			*fn = uintptr(len(f.fns) + 1)
			f.fns[*fn] = n
			return 0
		},
		cuMemAlloc: func(dptr *uint64, bytes uintptr) cuResult {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.allocs++
			*dptr = f.next
			f.mem[f.next] = make([]float32, bytes/4)
			f.next += simSpacing
			return 0
		},
		cuMemFree: func(p uint64) cuResult {
			f.mu.Lock()
			defer f.mu.Unlock()
			delete(f.mem, p)
			return 0
		},
		cuMemcpyHtoD: func(dst uint64, src unsafe.Pointer, bytes uintptr) cuResult {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.copies++
			f.bytes += int(bytes)
			m, ok := f.at(dst)
			if !ok || int(bytes/4) > len(m) {
				return cudaErrorInvalidValue
			}
			copy(m, unsafe.Slice((*float32)(src), bytes/4))
			return 0
		},
		cuMemcpyDtoH: func(dst unsafe.Pointer, src uint64, bytes uintptr) cuResult {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.copies++
			f.bytes += int(bytes)
			m, ok := f.at(src)
			if !ok || int(bytes/4) > len(m) {
				return cudaErrorInvalidValue
			}
			copy(unsafe.Slice((*float32)(dst), bytes/4), m)
			return 0
		},
		cuMemcpyDtoD: func(dst, src uint64, bytes uintptr) cuResult {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.dtod++
			d, ok1 := f.at(dst)
			s, ok2 := f.at(src)
			if !ok1 || !ok2 || int(bytes/4) > len(d) || int(bytes/4) > len(s) {
				return cudaErrorInvalidValue
			}
			copy(d, s[:bytes/4])
			return 0
		},
		cuLaunchKernel: func(fn uintptr, gx, gy, gz, bx, by, bz, shared uint32, stream uintptr, params *unsafe.Pointer, extra *unsafe.Pointer) cuResult {
			f.mu.Lock()
			bound, name := f.bound, f.fns[fn]
			spec, ok := f.emu.specs[name]
			f.mu.Unlock()
			if !bound {
				return cudaErrorInvalidContext
			}
			if !ok || int(bx) != spec.BX || int(by) != spec.BY || gz != 1 || bz != 1 || extra != nil {
				return cudaErrorInvalidValue
			}
			ps := unsafe.Slice(params, spec.Ints+spec.Ptrs)
			l := &Launch{Grid: Grid{int(gx), int(gy)}, Ints: make([]int64, spec.Ints), Bufs: make([]Buf, spec.Ptrs)}
			for i := range l.Ints {
				l.Ints[i] = *(*int64)(ps[i])
			}
			f.mu.Lock()
			for i := range l.Bufs {
				m, ok := f.at(*(*uint64)(ps[spec.Ints+i]))
				if !ok {
					f.mu.Unlock()
					return cudaErrorIllegalAddress
				}
				l.Bufs[i] = Buf{m, InOut}
			}
			f.mu.Unlock()
			if err := f.emu.launch(name, l, 1); err != nil {
				return cudaErrorInvalidValue
			}
			return 0
		},
		cuGetErrorString: func(r cuResult, s **byte) cuResult { return 1 },
		cuGetErrorName:   func(r cuResult, s **byte) cuResult { return 1 },
		cuDriverGetVersion: func(v *int32) cuResult {
			*v = minDriverVersion
			return 0
		},
		cuDeviceGetAttribute: func(v *int32, attr int32, dev int32) cuResult {
			switch attr {
			case cuDeviceAttributeComputeCapabilityMajor:
				*v = 8
			case cuDeviceAttributeComputeCapabilityMinor:
				*v = 0
			default:
				return cudaErrorInvalidValue
			}
			return 0
		},
	}
	return &Device{d: d, Name: "simulated", Major: 8, Driver: minDriverVersion, sim: f}, f
}

// simJITLog writes msg into the error log buffer that cuModuleLoadDataEx's
// options name, as the driver writes ptxas's messages there.
func simJITLog(n uint32, opts *int32, vals *uintptr, msg string) {
	if n == 0 {
		return
	}
	o, v := unsafe.Slice(opts, n), unsafe.Slice(vals, n)
	var buf unsafe.Pointer
	size := 0
	for i := range o {
		switch o[i] {
		case cuJitErrorLogBuffer:
			// The slot holds the buffer's address (as the driver reads it).
			buf = *(*unsafe.Pointer)(unsafe.Pointer(&v[i]))
		case cuJitErrorLogBufferSizeBytes:
			size = int(uint32(v[i]))
		}
	}
	if buf == nil || size == 0 {
		return
	}
	b := unsafe.Slice((*byte)(buf), size)
	k := copy(b[:size-1], msg)
	b[k] = 0
}

// openSimDevice is OpenDevice's simulated device: it needs the emulation.
func openSimDevice() (*Device, error) {
	if err := (ptxBackend{emu: true}).Available(); err != nil {
		return nil, fmt.Errorf("%s=1 asks for the simulated CUDA driver, whose launches run the emulated kernels: %v", SimulateEnv, err)
	}
	dv, _ := newSimDevice()
	return dv, nil
}

// OnGPU reports whether this process runs ptx on a real GPU: the driver
// opens and it is not the simulated one.
func OnGPU() bool {
	dv, err := OpenDevice()
	return err == nil && dv.sim == nil
}
