package ptx

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

// The CUDA driver API, loaded at run time from libcuda.so.1 with purego:
// no cgo, no CUDA toolkit, no headers. Only the functions seqc needs are
// bound; the memory functions by their _v2 names, which are the real
// symbols (cuMemAlloc is a macro in cuda.h).
//
// NOT YET RUN ON A GPU. What a CPU can check is checked: cuda_abi_test.go
// calls every entry point through purego into a fake libcuda.so.1 written
// in C with cuda.h's prototypes (testdata/fakecuda), which records each
// argument as C received it and fails calls on demand; the no-driver
// path is tested too. The real driver's JIT, launches and asynchronous
// errors meet this code first in scripts/gpu_check.sh.

// libcudaName is the driver library's soname.
var libcudaName = "libcuda.so.1"

type cuResult int32

// driver holds the bound entry points. Their Go signatures mirror cuda.h's
// prototypes on a 64-bit platform: CUresult, CUdevice, int, unsigned int
// and the enums (CUjit_option, CUdevice_attribute) are 32 bits;
// CUdeviceptr is 64; size_t and the handles (CUcontext, CUmodule,
// CUfunction, CUstream) are pointer-sized. cuda_abi_test.go calls each
// through a fake libcuda.so.1 written in C with those prototypes.
type driver struct {
	cuInit                   func(flags uint32) cuResult
	cuDriverGetVersion       func(version *int32) cuResult
	cuDeviceGetCount         func(n *int32) cuResult
	cuDeviceGet              func(dev *int32, ordinal int32) cuResult
	cuDeviceGetName          func(name *byte, n int32, dev int32) cuResult
	cuDeviceGetAttribute     func(v *int32, attr int32, dev int32) cuResult
	cuDevicePrimaryCtxRetain func(ctx *uintptr, dev int32) cuResult
	cuCtxSetCurrent          func(ctx uintptr) cuResult
	cuCtxSynchronize         func() cuResult
	// cuModuleLoadDataEx(module, image, numOptions, options, optionValues):
	// options are CUjit_option (32 bits), optionValues void* slots that
	// hold a pointer or a value cast to void*.
	cuModuleLoadDataEx  func(mod *uintptr, image *byte, n uint32, opts *int32, vals *uintptr) cuResult
	cuModuleGetFunction func(fn *uintptr, mod uintptr, name *byte) cuResult
	cuLaunchKernel      func(fn uintptr, gx, gy, gz, bx, by, bz, shared uint32, stream uintptr, params *unsafe.Pointer, extra *unsafe.Pointer) cuResult
	cuMemAlloc          func(dptr *uint64, bytes uintptr) cuResult
	cuMemFree           func(dptr uint64) cuResult
	cuMemcpyHtoD        func(dst uint64, src unsafe.Pointer, bytes uintptr) cuResult
	cuMemcpyDtoH        func(dst unsafe.Pointer, src uint64, bytes uintptr) cuResult
	cuMemcpyDtoD        func(dst, src uint64, bytes uintptr) cuResult
	cuGetErrorString    func(res cuResult, str **byte) cuResult
	cuGetErrorName      func(res cuResult, str **byte) cuResult
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
		{"cuInit", &d.cuInit}, {"cuDriverGetVersion", &d.cuDriverGetVersion},
		{"cuDeviceGetCount", &d.cuDeviceGetCount}, {"cuDeviceGet", &d.cuDeviceGet},
		{"cuDeviceGetName", &d.cuDeviceGetName}, {"cuDeviceGetAttribute", &d.cuDeviceGetAttribute},
		{"cuDevicePrimaryCtxRetain", &d.cuDevicePrimaryCtxRetain},
		{"cuCtxSetCurrent", &d.cuCtxSetCurrent}, {"cuCtxSynchronize", &d.cuCtxSynchronize},
		{"cuModuleLoadDataEx", &d.cuModuleLoadDataEx}, {"cuModuleGetFunction", &d.cuModuleGetFunction},
		{"cuLaunchKernel", &d.cuLaunchKernel}, {"cuMemAlloc_v2", &d.cuMemAlloc}, {"cuMemFree_v2", &d.cuMemFree},
		{"cuMemcpyHtoD_v2", &d.cuMemcpyHtoD}, {"cuMemcpyDtoH_v2", &d.cuMemcpyDtoH}, {"cuMemcpyDtoD_v2", &d.cuMemcpyDtoD},
		{"cuGetErrorString", &d.cuGetErrorString}, {"cuGetErrorName", &d.cuGetErrorName},
	}
}

// Constants of cuda.h.
const (
	cuDeviceAttributeComputeCapabilityMajor = 75 // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR
	cuDeviceAttributeComputeCapabilityMinor = 76 // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR

	cuJitInfoLogBuffer           = 3 // CU_JIT_INFO_LOG_BUFFER: char*
	cuJitInfoLogBufferSizeBytes  = 4 // CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES: unsigned int, in and out
	cuJitErrorLogBuffer          = 5 // CU_JIT_ERROR_LOG_BUFFER: char*
	cuJitErrorLogBufferSizeBytes = 6 // CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES: unsigned int, in and out
)

// minDriverVersion is the oldest driver that JIT-compiles the kernels'
// PTX: ISA 7.5 (llcPTXArgs' +ptx75) came with CUDA 11.5. cuDriverGetVersion
// reports 1000·major + 10·minor. An older driver would fail each module
// load with CUDA_ERROR_UNSUPPORTED_PTX_VERSION; OpenDevice says why first.
const (
	minDriverVersion = 11050
	ptxISA           = "7.5"
)

// jitLogSize is the size of each JIT log buffer (ptxas's messages).
const jitLogSize = 16 << 10

// Device is an initialised GPU: the driver, device 0 and its primary
// context.
type Device struct {
	d     *driver
	dev   int32
	ctx   uintptr
	Name  string
	Major int32 // compute capability
	Minor int32
	// Driver is the CUDA version the driver supports, as
	// cuDriverGetVersion reports it (12040 is CUDA 12.4).
	Driver int32
	sim    *simDevice // the simulated driver's state (SimulateEnv), or nil
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
	dv := &Device{d: d}
	if r := d.cuDriverGetVersion(&dv.Driver); r != 0 {
		return nil, d.err("cuDriverGetVersion", r)
	}
	if dv.Driver < minDriverVersion {
		return nil, fmt.Errorf("the CUDA driver supports CUDA %s (version %d); the PTX kernels are ISA %s, which needs CUDA %s (version %d) or newer: update the NVIDIA driver",
			cudaVersion(dv.Driver), dv.Driver, ptxISA, cudaVersion(minDriverVersion), minDriverVersion)
	}
	var n int32
	if r := d.cuDeviceGetCount(&n); r != 0 {
		return nil, d.err("cuDeviceGetCount", r)
	}
	if n == 0 {
		return nil, fmt.Errorf("the CUDA driver reports no GPU")
	}
	if r := d.cuDeviceGet(&dv.dev, 0); r != 0 {
		return nil, d.err("cuDeviceGet", r)
	}
	name := make([]byte, 256)
	if d.cuDeviceGetName(&name[0], int32(len(name)), dv.dev) == 0 {
		dv.Name = cString(&name[0])
	}
	if dv.Name == "" {
		dv.Name = "GPU 0" // the name is only for messages
	}
	// cuDeviceGetAttribute, not the deprecated cuDeviceComputeCapability;
	// a capability that cannot be read is an error, not sm_80 assumed.
	if r := d.cuDeviceGetAttribute(&dv.Major, cuDeviceAttributeComputeCapabilityMajor, dv.dev); r != 0 {
		return nil, d.err("cuDeviceGetAttribute (compute capability major)", r)
	}
	if r := d.cuDeviceGetAttribute(&dv.Minor, cuDeviceAttributeComputeCapabilityMinor, dv.dev); r != 0 {
		return nil, d.err("cuDeviceGetAttribute (compute capability minor)", r)
	}
	if dv.Major < 8 {
		return nil, fmt.Errorf("GPU %s has compute capability %d.%d; the PTX kernels target sm_80 (Ampere) or newer", dv.Name, dv.Major, dv.Minor)
	}
	if r := d.cuDevicePrimaryCtxRetain(&dv.ctx, dv.dev); r != 0 {
		return nil, d.err("cuDevicePrimaryCtxRetain", r)
	}
	return dv, nil
}

// cudaVersion writes a cuDriverGetVersion number as CUDA's "major.minor".
func cudaVersion(v int32) string { return fmt.Sprintf("%d.%d", v/1000, v%1000/10) }

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

// err describes a failed driver call: the call, the code, its name and
// the driver's message (CUDA_ERROR_INVALID_PTX: a PTX JIT compilation
// failed).
func (d *driver) err(call string, r cuResult) error {
	name := d.errText(d.cuGetErrorName, r)
	msg := d.errText(d.cuGetErrorString, r)
	if msg == "" {
		msg = "unknown error"
	}
	if name != "" {
		return fmt.Errorf("%s: CUDA error %d (%s): %s", call, int32(r), name, msg)
	}
	return fmt.Errorf("%s: CUDA error %d: %s", call, int32(r), msg)
}

// errText asks cuGetErrorName or cuGetErrorString about r; "" when the
// entry point is missing or the driver does not know r (it then returns
// CUDA_ERROR_INVALID_VALUE and leaves the string NULL).
func (d *driver) errText(f func(cuResult, **byte) cuResult, r cuResult) string {
	var s *byte
	if f == nil || f(r, &s) != 0 || s == nil {
		return ""
	}
	return cString(s)
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
	ptx string // the text loaded: its entries' parameter lists
}

// LoadPTX JIT-compiles PTX text in the driver. It passes the driver log
// buffers (cuModuleLoadDataEx's CU_JIT_*_LOG_BUFFER options), so a
// failed JIT reports ptxas's own message: which line, which symbol.
func (dv *Device) LoadPTX(ptx string) (*GPUModule, error) {
	img := append([]byte(ptx), 0)
	m := &GPUModule{dv: dv, ptx: ptx}
	err := dv.do(func() error {
		infoLog := make([]byte, jitLogSize)
		errLog := make([]byte, jitLogSize)
		opts := []int32{cuJitInfoLogBuffer, cuJitInfoLogBufferSizeBytes, cuJitErrorLogBuffer, cuJitErrorLogBufferSizeBytes}
		// The buffers' addresses travel as integers in the void* slots,
		// where the garbage collector does not see them: pin the buffers
		// for the call. The size slots hold the value itself, and the
		// driver overwrites them with the bytes it wrote.
		var pin runtime.Pinner
		pin.Pin(&infoLog[0])
		pin.Pin(&errLog[0])
		defer pin.Unpin()
		vals := []uintptr{uintptr(unsafe.Pointer(&infoLog[0])), jitLogSize, uintptr(unsafe.Pointer(&errLog[0])), jitLogSize}
		r := dv.d.cuModuleLoadDataEx(&m.mod, &img[0], uint32(len(opts)), &opts[0], &vals[0])
		runtime.KeepAlive(img)
		if r != 0 {
			err := dv.d.err("cuModuleLoadDataEx", r)
			log := jitLog(errLog)
			if log == "" {
				log = jitLog(infoLog)
			}
			if log != "" {
				err = fmt.Errorf("%w; JIT log:\n%s", err, log)
			}
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// jitLog is the text the driver wrote into a JIT log buffer, up to the
// first NUL. The count the driver writes back into the size slot is not
// needed: the buffer starts zeroed and the driver NUL-terminates.
func jitLog(buf []byte) string {
	if i := bytes.IndexByte(buf, 0); i >= 0 {
		buf = buf[:i]
	}
	return strings.TrimSpace(string(buf))
}

// Function looks a kernel up by name. The driver copies each kernel
// parameter at the size the PTX declares it from where the launch's
// parameter array points, and launchRaw passes every argument as an
// 8-byte slot (packParams): a parameter of another size would read the
// wrong bytes on the GPU, so it is refused here.
func (m *GPUModule) Function(name string) (uintptr, error) {
	cname := append([]byte(name), 0)
	var fn uintptr
	err := m.dv.do(func() error {
		if r := m.dv.d.cuModuleGetFunction(&fn, m.mod, &cname[0]); r != 0 {
			return m.dv.d.err("cuModuleGetFunction "+name, r)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	decls, sizes := entryParams(m.ptx, name)
	for i, n := range sizes {
		if n != 8 {
			return 0, fmt.Errorf("ptx: kernel %s's parameter %d is %q; launches pass every argument as an 8-byte slot", name, i, decls[i])
		}
	}
	return fn, nil
}

// Params is the number of parameters the PTX declares for the kernel
// entry name, or -1 when the text has no such entry: what a launch of it
// must pass (its i64 arguments and buffers, Spec.Ints + Spec.Ptrs).
func (m *GPUModule) Params(name string) int {
	decls, _ := entryParams(m.ptx, name)
	if decls == nil {
		return -1
	}
	return len(decls)
}

// entryParams lists the parameter declarations of the entry name in PTX
// text (".param .u64 k_param_0", ".param .align 8 .b8 k_param_1[16]")
// and each one's size in bytes (-1 when not understood); nil when the
// text has no such entry.
func entryParams(ptx, name string) (decls []string, sizes []int) {
	i := strings.Index(ptx, ".entry "+name+"(")
	if i < 0 {
		return nil, nil
	}
	body := ptx[i+len(".entry "+name+"("):]
	end := strings.IndexByte(body, ')')
	if end < 0 {
		return nil, nil
	}
	decls = []string{}
	for _, d := range strings.Split(body[:end], ",") {
		d = strings.Join(strings.Fields(d), " ")
		if d == "" {
			continue
		}
		decls = append(decls, d)
		sizes = append(sizes, paramSize(d))
	}
	return decls, sizes
}

// paramSize is the size in bytes of one PTX parameter declaration, or -1.
func paramSize(decl string) int {
	f := strings.Fields(decl)
	if len(f) < 3 || f[0] != ".param" {
		return -1
	}
	if f[1] == ".align" {
		// .param .align A .b8 name[N]: an aggregate of N bytes.
		l, r := strings.IndexByte(decl, '['), strings.IndexByte(decl, ']')
		if l < 0 || r < l {
			return -1
		}
		n, err := strconv.Atoi(decl[l+1 : r])
		if err != nil {
			return -1
		}
		return n
	}
	t := f[1] // .u64, .f32, .b8, ...
	if len(t) < 3 || !strings.ContainsRune("usbf", rune(t[1])) {
		return -1
	}
	bits, err := strconv.Atoi(t[2:])
	if err != nil || bits%8 != 0 {
		return -1
	}
	return bits / 8
}
