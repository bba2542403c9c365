package ptx

import (
	"fmt"
	"runtime"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

// The CUDA driver API, loaded at run time from libcuda.so.1 with purego:
// no cgo, no CUDA toolkit, no headers. Only the functions seqc needs are
// bound; the memory functions by their _v2 names, which are the real
// symbols (cuMemAlloc is a macro in cuda.h).
//
// NOT YET RUN ON A GPU: this file compiles and its error paths are tested
// on machines without a driver; scripts/gpu_check.sh is its first real run.

// libcudaName is the driver library's soname.
var libcudaName = "libcuda.so.1"

type cuResult int32

// driver holds the bound entry points.
type driver struct {
	cuInit                    func(flags uint32) cuResult
	cuDeviceGetCount          func(n *int32) cuResult
	cuDeviceGet               func(dev *int32, ordinal int32) cuResult
	cuDeviceGetName           func(name *byte, n int32, dev int32) cuResult
	cuDevicePrimaryCtxRetain  func(ctx *uintptr, dev int32) cuResult
	cuCtxSetCurrent           func(ctx uintptr) cuResult
	cuCtxSynchronize          func() cuResult
	cuModuleLoadData          func(mod *uintptr, image *byte) cuResult
	cuModuleGetFunction       func(fn *uintptr, mod uintptr, name *byte) cuResult
	cuLaunchKernel            func(fn uintptr, gx, gy, gz, bx, by, bz, shared uint32, stream uintptr, params *unsafe.Pointer, extra *unsafe.Pointer) cuResult
	cuMemAlloc                func(dptr *uint64, bytes uintptr) cuResult
	cuMemFree                 func(dptr uint64) cuResult
	cuMemcpyHtoD              func(dst uint64, src unsafe.Pointer, bytes uintptr) cuResult
	cuMemcpyDtoH              func(dst unsafe.Pointer, src uint64, bytes uintptr) cuResult
	cuMemcpyDtoD              func(dst, src uint64, bytes uintptr) cuResult
	cuGetErrorString          func(res cuResult, str **byte) cuResult
	cuDeviceComputeCapability func(major, minor *int32, dev int32) cuResult
}

// bindings lists each entry point with its symbol.
func (d *driver) bindings() []struct {
	sym string
	fn  any
} {
	return []struct {
		sym string
		fn  any
	}{
		{"cuInit", &d.cuInit}, {"cuDeviceGetCount", &d.cuDeviceGetCount}, {"cuDeviceGet", &d.cuDeviceGet},
		{"cuDeviceGetName", &d.cuDeviceGetName}, {"cuDevicePrimaryCtxRetain", &d.cuDevicePrimaryCtxRetain},
		{"cuCtxSetCurrent", &d.cuCtxSetCurrent}, {"cuCtxSynchronize", &d.cuCtxSynchronize},
		{"cuModuleLoadData", &d.cuModuleLoadData}, {"cuModuleGetFunction", &d.cuModuleGetFunction},
		{"cuLaunchKernel", &d.cuLaunchKernel}, {"cuMemAlloc_v2", &d.cuMemAlloc}, {"cuMemFree_v2", &d.cuMemFree},
		{"cuMemcpyHtoD_v2", &d.cuMemcpyHtoD}, {"cuMemcpyDtoH_v2", &d.cuMemcpyDtoH}, {"cuMemcpyDtoD_v2", &d.cuMemcpyDtoD},
		{"cuGetErrorString", &d.cuGetErrorString}, {"cuDeviceComputeCapability", &d.cuDeviceComputeCapability},
	}
}

// Device is an initialised GPU: the driver, device 0 and its primary
// context.
type Device struct {
	d     *driver
	dev   int32
	ctx   uintptr
	Name  string
	Major int32 // compute capability
	Minor int32
	sim   *simDevice // the simulated driver's state (SimulateEnv), or nil
}

var (
	deviceOnce sync.Once
	deviceVal  *Device
	deviceErr  error
)

// OpenDevice loads the driver and initialises device 0, once per process.
// Without libcuda.so.1 or a GPU it returns an error that says which. With
// SimulateEnv=1 it returns a simulated device instead (simdriver.go).
func OpenDevice() (*Device, error) {
	deviceOnce.Do(func() {
		if simulated() {
			deviceVal, deviceErr = openSimDevice()
			return
		}
		deviceVal, deviceErr = openDevice(libcudaName)
	})
	return deviceVal, deviceErr
}

func openDevice(lib string) (*Device, error) {
	d, err := loadDriver(lib)
	if err != nil {
		return nil, err
	}
	if r := d.cuInit(0); r != 0 {
		return nil, d.err("cuInit", r)
	}
	var n int32
	if r := d.cuDeviceGetCount(&n); r != 0 {
		return nil, d.err("cuDeviceGetCount", r)
	}
	if n == 0 {
		return nil, fmt.Errorf("the CUDA driver reports no GPU")
	}
	dv := &Device{d: d}
	if r := d.cuDeviceGet(&dv.dev, 0); r != 0 {
		return nil, d.err("cuDeviceGet", r)
	}
	name := make([]byte, 256)
	if d.cuDeviceGetName(&name[0], int32(len(name)), dv.dev) == 0 {
		dv.Name = cString(&name[0])
	}
	d.cuDeviceComputeCapability(&dv.Major, &dv.Minor, dv.dev)
	if dv.Major > 0 && dv.Major < 8 {
		return nil, fmt.Errorf("GPU %s has compute capability %d.%d; the PTX kernels target sm_80 (Ampere) or newer", dv.Name, dv.Major, dv.Minor)
	}
	if r := d.cuDevicePrimaryCtxRetain(&dv.ctx, dv.dev); r != 0 {
		return nil, d.err("cuDevicePrimaryCtxRetain", r)
	}
	return dv, nil
}

// loadDriver opens lib and binds every entry point.
func loadDriver(lib string) (*driver, error) {
	h, err := purego.Dlopen(lib, purego.RTLD_NOW|purego.RTLD_GLOBAL)
	if err != nil {
		return nil, fmt.Errorf("cannot load the CUDA driver %s (an NVIDIA driver is needed; the CUDA toolkit is not): %v", lib, err)
	}
	d := &driver{}
	for _, b := range d.bindings() {
		sym, err := purego.Dlsym(h, b.sym)
		if err != nil {
			return nil, fmt.Errorf("the CUDA driver %s lacks %s (too old?): %v", lib, b.sym, err)
		}
		purego.RegisterFunc(b.fn, sym)
	}
	return d, nil
}

// err describes a failed driver call.
func (d *driver) err(call string, r cuResult) error {
	var s *byte
	msg := ""
	if d.cuGetErrorString != nil && d.cuGetErrorString(r, &s) == 0 && s != nil {
		msg = cString(s)
	}
	if msg == "" {
		msg = "unknown error"
	}
	return fmt.Errorf("%s: CUDA error %d: %s", call, int32(r), msg)
}

// cString reads a NUL-terminated string (at most 4096 bytes).
func cString(p *byte) string {
	var b []byte
	for i := 0; i < 4096; i++ {
		c := *(*byte)(unsafe.Add(unsafe.Pointer(p), i))
		if c == 0 {
			break
		}
		b = append(b, c)
	}
	return string(b)
}

// bind makes the device's context current on this OS thread; the caller
// holds the thread (runtime.LockOSThread) until its driver calls are done.
func (dv *Device) bind() error {
	if r := dv.d.cuCtxSetCurrent(dv.ctx); r != 0 {
		return dv.d.err("cuCtxSetCurrent", r)
	}
	return nil
}

// do runs f on a locked OS thread with the context current.
func (dv *Device) do(f func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := dv.bind(); err != nil {
		return err
	}
	return f()
}

// GPUModule is PTX loaded into the context.
type GPUModule struct {
	dv  *Device
	mod uintptr
}

// LoadPTX JIT-compiles PTX text in the driver.
func (dv *Device) LoadPTX(ptx string) (*GPUModule, error) {
	img := append([]byte(ptx), 0)
	m := &GPUModule{dv: dv}
	err := dv.do(func() error {
		if r := dv.d.cuModuleLoadData(&m.mod, &img[0]); r != 0 {
			return dv.d.err("cuModuleLoadData", r)
		}
		return nil
	})
	return m, err
}

// Function looks a kernel up by name.
func (m *GPUModule) Function(name string) (uintptr, error) {
	cname := append([]byte(name), 0)
	var fn uintptr
	err := m.dv.do(func() error {
		if r := m.dv.d.cuModuleGetFunction(&fn, m.mod, &cname[0]); r != 0 {
			return m.dv.d.err("cuModuleGetFunction "+name, r)
		}
		return nil
	})
	return fn, err
}
