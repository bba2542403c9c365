package ptx

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/ebitengine/purego"
	"github.com/seqc-dev/seqc/backend/llvm"
)

// The purego binding (cuda.go) against a fake libcuda.so.1 written in C
// with cuda.h's prototypes (testdata/fakecuda/fakecuda.c): every entry
// point is called through purego as it would be on a GPU machine, and the
// fake reports what arrived — each argument's value, in C's types — and
// fails the calls the test asks it to. What this cannot check is the real
// driver's behaviour (the JIT, launches running, asynchronous errors).

// fakeCUDA is the fake driver, built for this test, with its control and
// query functions (fake_* in fakecuda.c) bound.
type fakeCUDA struct {
	path string

	reset        func()
	setDevice    func(count, major, minor, version int32)
	failNext     func(name string, code int32)
	clearCurrent func()
	calls        func(name string) int32

	nameLen, attrDev, retainDev                 func() int32
	allocBytes, htodBytes, dtohBytes, dtodBytes func() uint64

	launchDim                                           func(i int32) uint32
	launchStream, launchParams, launchExtra, launchFunc func() uint64
	launchNParams                                       func() int32
	launchParam                                         func(i int32) uint64
	launchIsPtr                                         func(i int32) int32
	launchHead                                          func(i, j int32) float32

	jitNOpts func() uint32
	jitOpt   func(i int32) int32
	jitVal   func(i int32) uint64

	funcNParams   func(f uint64) int32
	funcParamSize func(f uint64, i int32) int32
	liveAllocs    func() int32
}

// buildFakeCUDA compiles the fake driver and binds its query functions.
func buildFakeCUDA(t *testing.T) *fakeCUDA {
	t.Helper()
	path := compileFakeCUDA(t)
	h, err := purego.Dlopen(path, purego.RTLD_NOW|purego.RTLD_GLOBAL)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeCUDA{path: path}
	for sym, fn := range map[string]any{
		"fake_reset": &f.reset, "fake_set_device": &f.setDevice, "fake_fail_next": &f.failNext,
		"fake_clear_current": &f.clearCurrent, "fake_calls": &f.calls,
		"fake_name_len": &f.nameLen, "fake_attr_dev": &f.attrDev, "fake_retain_dev": &f.retainDev,
		"fake_alloc_bytes": &f.allocBytes, "fake_htod_bytes": &f.htodBytes, "fake_dtoh_bytes": &f.dtohBytes, "fake_dtod_bytes": &f.dtodBytes,
		"fake_launch_dim": &f.launchDim, "fake_launch_stream": &f.launchStream, "fake_launch_params": &f.launchParams,
		"fake_launch_extra": &f.launchExtra, "fake_launch_func": &f.launchFunc, "fake_launch_nparams": &f.launchNParams,
		"fake_launch_param": &f.launchParam, "fake_launch_is_ptr": &f.launchIsPtr, "fake_launch_head": &f.launchHead,
		"fake_jit_nopts": &f.jitNOpts, "fake_jit_opt": &f.jitOpt, "fake_jit_val": &f.jitVal,
		"fake_func_nparams": &f.funcNParams, "fake_func_param_size": &f.funcParamSize, "fake_live_allocs": &f.liveAllocs,
	} {
		purego.RegisterLibFunc(fn, h, sym)
	}
	return f
}

// compileFakeCUDA builds fakecuda.c with gcc into a fresh directory,
// with the extra flags, and returns the library's path. Without gcc the
// test is skipped, except in CI (the CI variable set), where it must run.
func compileFakeCUDA(t *testing.T, flags ...string) string {
	t.Helper()
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI lacks gcc, which the fake CUDA driver test needs: %v", err)
		}
		t.Skipf("skipping: gcc is needed to build the fake libcuda.so.1: %v", err)
	}
	src, err := filepath.Abs(filepath.Join("testdata", "fakecuda", "fakecuda.c"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "libcuda.so.1")
	args := append([]string{"-shared", "-fPIC", "-O1", "-o", path, src}, flags...)
	if out, err := exec.Command(gcc, args...).CombinedOutput(); err != nil {
		t.Fatalf("building the fake driver: %v\n%s", err, out)
	}
	return path
}

// open resets the fake and opens its device through the real binding.
func (f *fakeCUDA) open(t *testing.T) *Device {
	t.Helper()
	f.reset()
	dv, err := openDevice(f.path)
	if err != nil {
		t.Fatalf("openDevice over the fake driver: %v", err)
	}
	return dv
}

// fakeErrors are the fake's cuGetErrorName and cuGetErrorString answers
// (the real driver's words).
var fakeErrors = map[int32][2]string{
	1:   {"CUDA_ERROR_INVALID_VALUE", "invalid argument"},
	2:   {"CUDA_ERROR_OUT_OF_MEMORY", "out of memory"},
	3:   {"CUDA_ERROR_NOT_INITIALIZED", "initialization error"},
	100: {"CUDA_ERROR_NO_DEVICE", "no CUDA-capable device is detected"},
	101: {"CUDA_ERROR_INVALID_DEVICE", "invalid device ordinal"},
	201: {"CUDA_ERROR_INVALID_CONTEXT", "invalid device context"},
	218: {"CUDA_ERROR_INVALID_PTX", "a PTX JIT compilation failed"},
	222: {"CUDA_ERROR_UNSUPPORTED_PTX_VERSION", "the provided PTX was compiled with an unsupported toolchain."},
	500: {"CUDA_ERROR_NOT_FOUND", "named symbol not found"},
	700: {"CUDA_ERROR_ILLEGAL_ADDRESS", "an illegal memory access was encountered"},
}

// wantCUDAError checks that err is call's failure with code: the call,
// the code, its name and the driver's message.
func wantCUDAError(t *testing.T, err error, call string, code int32) {
	t.Helper()
	e := fakeErrors[code]
	want := fmt.Sprintf("%s: CUDA error %d (%s): %s", call, code, e[0], e[1])
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got error %v, want one containing %q", err, want)
	}
}

// bmulPTX is the golden PTX of a broadcasting multiply: 12 i64 arguments
// then 3 buffers.
func bmulPTX(t *testing.T) (string, string, Spec) {
	t.Helper()
	const name = "seqc_ptx_b_mul"
	text, err := os.ReadFile(filepath.Join("testdata", name+".ptx"))
	if err != nil {
		t.Fatal(err)
	}
	return name, string(text), binarySpec(name)
}

// TestFakeCUDA drives the binding's every entry point through purego into
// the fake driver and checks what arrived.
func TestFakeCUDA(t *testing.T) {
	f := buildFakeCUDA(t)

	t.Run("open", func(t *testing.T) {
		dv := f.open(t)
		if dv.Name != "NVIDIA H200 (fake)" || dv.Major != 9 || dv.Minor != 0 || dv.Driver != 12040 {
			t.Errorf("device %q, capability %d.%d, driver %d; want NVIDIA H200 (fake), 9.0, 12040", dv.Name, dv.Major, dv.Minor, dv.Driver)
		}
		// The device handle cuDeviceGet returned (7, not the ordinal)
		// reaches the calls that take a CUdevice.
		if dv.dev != 7 || f.attrDev() != 7 || f.retainDev() != 7 {
			t.Errorf("device handle %d, passed as %d and %d; want 7", dv.dev, f.attrDev(), f.retainDev())
		}
		if f.nameLen() != 256 {
			t.Errorf("cuDeviceGetName got a buffer length of %d, want 256", f.nameLen())
		}
		if dv.ctx == 0 {
			t.Error("no primary context")
		}
		for _, c := range []string{"cuInit", "cuDriverGetVersion", "cuDeviceGetCount", "cuDeviceGet", "cuDeviceGetName", "cuDevicePrimaryCtxRetain"} {
			if n := f.calls(c); n != 1 {
				t.Errorf("%s called %d times, want 1", c, n)
			}
		}
		if n := f.calls("cuDeviceGetAttribute"); n != 2 {
			t.Errorf("cuDeviceGetAttribute called %d times, want 2 (major, minor)", n)
		}
	})

	t.Run("launch", func(t *testing.T) {
		dv := f.open(t)
		name, text, spec := bmulPTX(t)
		r, err := newGPURunner(dv, map[string]string{name: text}, map[string]Spec{name: spec})
		if err != nil {
			t.Fatal(err)
		}
		// The JIT options: both log buffers and their sizes, the sizes
		// as values in the void* slots.
		wantOpts := []int32{cuJitInfoLogBuffer, cuJitInfoLogBufferSizeBytes, cuJitErrorLogBuffer, cuJitErrorLogBufferSizeBytes}
		if n := f.jitNOpts(); n != uint32(len(wantOpts)) {
			t.Fatalf("cuModuleLoadDataEx got %d options, want %d", n, len(wantOpts))
		}
		for i, o := range wantOpts {
			if got := f.jitOpt(int32(i)); got != o {
				t.Errorf("JIT option %d is %d, want %d", i, got, o)
			}
		}
		if f.jitVal(0) == 0 || f.jitVal(2) == 0 || f.jitVal(0) == f.jitVal(2) {
			t.Errorf("JIT log buffers at %#x and %#x", f.jitVal(0), f.jitVal(2))
		}
		if f.jitVal(1) != jitLogSize || f.jitVal(3) != jitLogSize {
			t.Errorf("JIT log sizes %d and %d, want %d", f.jitVal(1), f.jitVal(3), jitLogSize)
		}
		fn := r.fns[name]
		if got := f.funcNParams(uint64(fn)); got != int32(spec.Ints+spec.Ptrs) {
			t.Fatalf("the PTX entry has %d parameters, the spec %d", got, spec.Ints+spec.Ptrs)
		}
		// Distinct values of every width: a swapped, dropped or truncated
		// argument shows.
		ints := []int64{3, -5, 1 << 40, math.MaxInt64, math.MinInt64, 0, 7, 8, 9, 10, 11, 12}
		g := Grid{X: 70000, Y: 3}
		var dptrs []uint64
		a := []float32{1.5, -2, 3.25, 4}
		err = dv.do(func() error {
			for _, n := range []int{4, 5, 6} {
				p, err := r.alloc(n)
				if err != nil {
					return err
				}
				if got := f.allocBytes(); got != uint64(4*n) {
					t.Errorf("cuMemAlloc of %d floats asked for %d bytes", n, got)
				}
				dptrs = append(dptrs, p)
			}
			if err := r.htod(dptrs[0], a); err != nil {
				return err
			}
			return r.launchRaw(fn, spec, g, ints, dptrs)
		})
		if err != nil {
			t.Fatal(err)
		}
		wantDims := []uint32{70000, 3, 1, uint32(spec.BX), uint32(spec.BY), 1, 0}
		for i, w := range wantDims {
			if got := f.launchDim(int32(i)); got != w {
				t.Errorf("cuLaunchKernel argument %d (grid x y z, block x y z, shared) is %d, want %d", i+1, got, w)
			}
		}
		if f.launchFunc() != uint64(fn) {
			t.Errorf("launched function %#x, want %#x", f.launchFunc(), fn)
		}
		if f.launchStream() != 0 || f.launchExtra() != 0 || f.launchParams() == 0 {
			t.Errorf("stream %#x, extra %#x, kernelParams %#x; want 0, 0 and an array", f.launchStream(), f.launchExtra(), f.launchParams())
		}
		if got := f.launchNParams(); got != int32(len(ints)+len(dptrs)) {
			t.Fatalf("the driver read %d parameters, want %d", got, len(ints)+len(dptrs))
		}
		for i, v := range ints {
			if got := f.launchParam(int32(i)); got != uint64(v) {
				t.Errorf("kernel parameter %d is %#x, want %#x", i, got, uint64(v))
			}
		}
		for j, p := range dptrs {
			i := int32(len(ints) + j)
			if got := f.launchParam(i); got != p || f.launchIsPtr(i) != 1 {
				t.Errorf("kernel parameter %d is %#x, want the device buffer %#x", i, got, p)
			}
		}
		for j, v := range a {
			if got := f.launchHead(int32(len(ints)), int32(j)); got != v {
				t.Errorf("the first buffer held %v at %d when launched, want %v", got, j, v)
			}
		}
		if n := f.calls("cuCtxSynchronize"); n != 0 {
			t.Errorf("cuCtxSynchronize called %d times after one launch, want 0 (launches are asynchronous)", n)
		}
		withSyncLaunches(t)
		if err := dv.do(func() error { return r.launchRaw(fn, spec, Grid{1, 1}, ints, dptrs) }); err != nil {
			t.Fatal(err)
		}
		if n := f.calls("cuCtxSynchronize"); n != 1 {
			t.Errorf("with %s=1, cuCtxSynchronize called %d times after a launch, want 1", SyncEnv, n)
		}
		syncLaunches = false
		// The binding itself, with a distinct value in each of the 11
		// arguments (on amd64 the last five travel on the stack).
		vals, params := packParams(ints, dptrs)
		var res cuResult
		err = dv.do(func() error {
			res = dv.d.cuLaunchKernel(fn, 70001, 3, 2, 32, 4, 2, 4096, 0x5000, &params[0], nil)
			return nil
		})
		runtime.KeepAlive(vals)
		if err != nil || res != 0 {
			t.Fatalf("raw launch: %v, result %d", err, res)
		}
		for i, w := range []uint32{70001, 3, 2, 32, 4, 2, 4096} {
			if got := f.launchDim(int32(i)); got != w {
				t.Errorf("raw launch: argument %d is %d, want %d", i+1, got, w)
			}
		}
		if f.launchStream() != 0x5000 || f.launchExtra() != 0 || f.launchParams() != uint64(uintptr(unsafe.Pointer(&params[0]))) {
			t.Errorf("raw launch: stream %#x, extra %#x, params %#x; want 0x5000, 0, %p", f.launchStream(), f.launchExtra(), f.launchParams(), &params[0])
		}
		if n := f.calls("cuCtxSetCurrent"); n < 2 {
			t.Errorf("cuCtxSetCurrent called %d times: the loads and the launch each bind the context", n)
		}
	})

	t.Run("launchOp", func(t *testing.T) {
		// The runner's whole path: an input and a weight copied in, the
		// output copied back from the device buffer the kernel got.
		dv := f.open(t)
		name, text, spec := bmulPTX(t)
		r, err := newGPURunner(dv, map[string]string{name: text}, map[string]Spec{name: spec})
		if err != nil {
			t.Fatal(err)
		}
		in, w, out := []float32{1, 2, 3}, []float32{10, 20, 30}, make([]float32, 3)
		ints := [binInts]int64{3, 3, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0}
		l := &Launch{Grid: Grid{1, 1}, Ints: ints[:], Bufs: []Buf{{in, In}, {w, Weight}, {out, Out}}}
		if err := r.launch(name, l, 1); err != nil {
			t.Fatal(err)
		}
		for j := range in {
			if got := f.launchHead(binInts, int32(j)); got != in[j] {
				t.Errorf("input[%d] on the device: %v, want %v", j, got, in[j])
			}
			if got := f.launchHead(binInts+1, int32(j)); got != w[j] {
				t.Errorf("weight[%d] on the device: %v, want %v", j, got, w[j])
			}
		}
		// The fake runs no kernel: the output is the device buffer's
		// fresh contents, the fake's fill pattern.
		for j, v := range out {
			if math.Float32bits(v) != 0xA5A5A5A5 {
				t.Errorf("out[%d] = %#x, want the device buffer's 0xa5a5a5a5", j, math.Float32bits(v))
			}
		}
		if got := f.dtohBytes(); got != 12 {
			t.Errorf("the output came back as %d bytes, want 12", got)
		}
		allocs := f.calls("cuMemAlloc_v2")
		in[0] = 5
		if err := r.launch(name, l, 1); err != nil {
			t.Fatal(err)
		}
		if got := f.launchHead(binInts, 0); got != 5 {
			t.Errorf("second launch: input[0] on the device %v, want 5", got)
		}
		if n := f.calls("cuMemAlloc_v2"); n != allocs {
			t.Errorf("the second launch allocated %d buffers", n-allocs)
		}
	})

	t.Run("copies", func(t *testing.T) {
		dv := f.open(t)
		r := &gpuRunner{dv: dv}
		src := []float32{1, -2, 3.5, math.Float32frombits(0x7fc00001), 1e-40, 6}
		dst := make([]float32, len(src))
		err := dv.do(func() error {
			p, err := r.alloc(len(src))
			if err != nil {
				return err
			}
			q, err := r.alloc(len(src))
			if err != nil {
				return err
			}
			if err := r.htod(p, src); err != nil {
				return err
			}
			if res := dv.d.cuMemcpyDtoD(q, p, uintptr(4*len(src))); res != 0 {
				return dv.d.err("cuMemcpyDtoD", res)
			}
			if err := r.dtoh(dst, q); err != nil {
				return err
			}
			if res := dv.d.cuMemFree(p); res != 0 {
				return dv.d.err("cuMemFree", res)
			}
			// A second free of the same pointer is the driver's error.
			wantCUDAError(t, dv.d.err("cuMemFree", dv.d.cuMemFree(p)), "cuMemFree", 1)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := range src {
			if math.Float32bits(dst[i]) != math.Float32bits(src[i]) {
				t.Errorf("element %d came back as %#x, want %#x", i, math.Float32bits(dst[i]), math.Float32bits(src[i]))
			}
		}
		for what, got := range map[string]uint64{"HtoD": f.htodBytes(), "DtoD": f.dtodBytes(), "DtoH": f.dtohBytes()} {
			if got != uint64(4*len(src)) {
				t.Errorf("cuMemcpy%s copied %d bytes, want %d", what, got, 4*len(src))
			}
		}
		if n := f.liveAllocs(); n != 1 {
			t.Errorf("%d device buffers live, want 1", n)
		}
		// A copy past the allocation is refused, as the driver refuses it.
		err = dv.do(func() error {
			p, err := r.alloc(2)
			if err != nil {
				return err
			}
			return r.htod(p, src)
		})
		wantCUDAError(t, err, "cuMemcpyHtoD", 1)
	})

	t.Run("context", func(t *testing.T) {
		// The context is per thread: a call on a thread without it fails
		// (the driver's check), and Device.do binds it first.
		dv := f.open(t)
		r := &gpuRunner{dv: dv}
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		f.clearCurrent()
		_, err := r.alloc(1)
		wantCUDAError(t, err, "cuMemAlloc of 4 bytes", 201)
		if err := dv.do(func() error { _, err := r.alloc(1); return err }); err != nil {
			t.Errorf("after binding: %v", err)
		}
	})

	t.Run("errors", func(t *testing.T) {
		name, text, spec := bmulPTX(t)
		for _, c := range []struct {
			sym  string
			code int32
			call string // as the error names it
			run  func(dv *Device) error
		}{
			{"cuInit", 100, "cuInit", nil},
			{"cuDriverGetVersion", 3, "cuDriverGetVersion", nil},
			{"cuDeviceGetCount", 3, "cuDeviceGetCount", nil},
			{"cuDeviceGet", 101, "cuDeviceGet", nil},
			{"cuDeviceGetAttribute", 101, "cuDeviceGetAttribute (compute capability major)", nil},
			{"cuDevicePrimaryCtxRetain", 101, "cuDevicePrimaryCtxRetain", nil},
			{"cuCtxSetCurrent", 201, "cuCtxSetCurrent", func(dv *Device) error { _, err := dv.LoadPTX(text); return err }},
			{"cuModuleLoadDataEx", 218, "cuModuleLoadDataEx", func(dv *Device) error { _, err := dv.LoadPTX(text); return err }},
			{"cuModuleGetFunction", 500, "cuModuleGetFunction " + name, func(dv *Device) error {
				_, err := newGPURunner(dv, map[string]string{name: text}, map[string]Spec{name: spec})
				return err
			}},
			{"cuMemAlloc_v2", 1, "cuMemAlloc of 40 bytes", func(dv *Device) error {
				return dv.do(func() error { _, err := (&gpuRunner{dv: dv}).alloc(10); return err })
			}},
			{"cuMemcpyHtoD_v2", 1, "cuMemcpyHtoD", func(dv *Device) error {
				r := &gpuRunner{dv: dv}
				return dv.do(func() error {
					p, err := r.alloc(1)
					if err != nil {
						return err
					}
					return r.htod(p, []float32{1})
				})
			}},
			{"cuMemcpyDtoH_v2", 700, "cuMemcpyDtoH", func(dv *Device) error {
				r := &gpuRunner{dv: dv}
				return dv.do(func() error {
					p, err := r.alloc(1)
					if err != nil {
						return err
					}
					return r.dtoh(make([]float32, 1), p)
				})
			}},
			{"cuLaunchKernel", 1, "cuLaunchKernel", func(dv *Device) error { return fakeLaunch(dv, name, text, spec) }},
			{"cuCtxSynchronize", 700, "cuCtxSynchronize", func(dv *Device) error {
				withSyncLaunches(t)
				defer func() { syncLaunches = false }()
				return fakeLaunch(dv, name, text, spec)
			}},
		} {
			t.Run(c.sym, func(t *testing.T) {
				f.reset()
				var err error
				if c.run == nil {
					f.failNext(c.sym, c.code)
					_, err = openDevice(f.path)
				} else {
					dv, oerr := openDevice(f.path)
					if oerr != nil {
						t.Fatal(oerr)
					}
					f.failNext(c.sym, c.code)
					err = c.run(dv)
				}
				wantCUDAError(t, err, c.call, c.code)
			})
		}
		// A code the driver does not know: cuGetErrorString fails and
		// leaves the string NULL.
		dv := f.open(t)
		f.failNext("cuMemAlloc_v2", 999)
		err := dv.do(func() error { _, err := (&gpuRunner{dv: dv}).alloc(1); return err })
		if err == nil || err.Error() != "cuMemAlloc of 4 bytes: CUDA error 999: unknown error" {
			t.Errorf("unknown code: %v", err)
		}
		// A name the module lacks: the driver's own not-found.
		m, err := dv.LoadPTX(text)
		if err != nil {
			t.Fatal(err)
		}
		_, err = m.Function("seqc_ptx_missing")
		wantCUDAError(t, err, "cuModuleGetFunction seqc_ptx_missing", 500)
		// No GPU: cuInit's CUDA_ERROR_NO_DEVICE.
		f.reset()
		f.setDevice(0, 9, 0, 12040)
		_, err = openDevice(f.path)
		wantCUDAError(t, err, "cuInit", 100)
	})

	t.Run("jitLog", func(t *testing.T) {
		dv := f.open(t)
		_, text, _ := bmulPTX(t)
		for _, c := range []struct {
			what, edit string
			code       int32
			log        string
		}{
			{"extern", ".extern .func  (.param .b32 func_retval0) llvm_nvvm_bogus(\n\t.param .b32 p\n);\n", 218, "Unresolved extern function 'llvm_nvvm_bogus'"},
			{"shared", ".shared .align 4 .b8 seqc_big[65536];\n", 218, "uses too much shared data (0x10000 bytes, 0xc000 max)"},
			{"version", "", 222, "Unsupported .version 9.9; current version is '8.4'"},
		} {
			t.Run(c.what, func(t *testing.T) {
				bad := strings.Replace(text, ".address_size 64\n", ".address_size 64\n"+c.edit, 1)
				if c.what == "version" {
					bad = strings.Replace(text, ".version 7.5", ".version 9.9", 1)
				}
				if bad == text {
					t.Fatal("the edit did not apply")
				}
				m, err := dv.LoadPTX(bad)
				if m != nil {
					t.Error("a module returned with the error")
				}
				wantCUDAError(t, err, "cuModuleLoadDataEx", c.code)
				if err == nil || !strings.Contains(err.Error(), "JIT log:\n") || !strings.Contains(err.Error(), c.log) {
					t.Errorf("the error lacks the JIT log %q: %v", c.log, err)
				}
			})
		}
	})

	t.Run("narrowParam", func(t *testing.T) {
		// A kernel parameter that is not 8 bytes would read the wrong
		// bytes of its slot: Function refuses it, naming it.
		dv := f.open(t)
		name, text, _ := bmulPTX(t)
		bad := strings.Replace(text, ".param .u64 seqc_ptx_b_mul_param_3,", ".param .u32 seqc_ptx_b_mul_param_3,", 1)
		if bad == text {
			t.Fatal("the edit did not apply")
		}
		m, err := dv.LoadPTX(bad)
		if err != nil {
			t.Fatal(err)
		}
		_, err = m.Function(name)
		if err == nil || !strings.Contains(err.Error(), `parameter 3 is ".param .u32 seqc_ptx_b_mul_param_3"`) {
			t.Errorf("a 4-byte parameter: %v", err)
		}
	})

	t.Run("oldDriver", func(t *testing.T) {
		f.reset()
		f.setDevice(1, 9, 0, 11040)
		_, err := openDevice(f.path)
		for _, s := range []string{"CUDA 11.4 (version 11040)", "ISA 7.5", "CUDA 11.5 (version 11050) or newer"} {
			if err == nil || !strings.Contains(err.Error(), s) {
				t.Errorf("a CUDA 11.4 driver: %v; want it to say %q", err, s)
			}
		}
		// The oldest driver accepted JIT-compiles the kernels' PTX.
		f.reset()
		f.setDevice(1, 9, 0, minDriverVersion)
		dv, err := openDevice(f.path)
		if err != nil {
			t.Fatal(err)
		}
		_, text, _ := bmulPTX(t)
		if _, err := dv.LoadPTX(text); err != nil {
			t.Errorf("driver %d: %v", minDriverVersion, err)
		}
	})

	t.Run("missingSymbol", func(t *testing.T) {
		_, err := openDevice(compileFakeCUDA(t, "-DFAKE_OLD_DRIVER"))
		if err == nil || !strings.Contains(err.Error(), "lacks cuGetErrorName") {
			t.Errorf("a driver without cuGetErrorName: %v", err)
		}
	})

	t.Run("oldGPU", func(t *testing.T) {
		f.reset()
		f.setDevice(1, 7, 5, 12040)
		_, err := openDevice(f.path)
		if err == nil || !strings.Contains(err.Error(), "compute capability 7.5") || !strings.Contains(err.Error(), "sm_80") {
			t.Errorf("a Turing GPU: %v", err)
		}
	})

	t.Run("goldenKernels", func(t *testing.T) {
		// Every golden kernel's PTX (as llc builds it now, or the golden
		// file without llc) loads on the oldest driver accepted,
		// its entry is found by name, and its parameters are the 8-byte
		// slots packParams lays out: one per i64 argument and buffer.
		f.reset()
		f.setDevice(1, 8, 0, minDriverVersion)
		dv, err := openDevice(f.path)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range goldenDefs() {
			text := kernelPTX(t, d)
			m, err := dv.LoadPTX(text)
			if err != nil {
				t.Errorf("%s: %v", d.spec.Name, err)
				continue
			}
			fn, err := m.Function(d.spec.Name)
			if err != nil {
				t.Errorf("%s: %v", d.spec.Name, err)
				continue
			}
			n := f.funcNParams(uint64(fn))
			if m.Params(d.spec.Name) != int(n) {
				t.Errorf("%s: Params says %d parameters, the driver's parse %d", d.spec.Name, m.Params(d.spec.Name), n)
			}
			if n != int32(d.spec.Ints+d.spec.Ptrs) {
				t.Errorf("%s: the PTX entry has %d parameters, the launch passes %d ints and %d buffers", d.spec.Name, n, d.spec.Ints, d.spec.Ptrs)
			}
			for i := int32(0); i < n; i++ {
				if s := f.funcParamSize(uint64(fn), i); s != 8 {
					t.Errorf("%s: parameter %d is %d bytes, packParams passes 8", d.spec.Name, i, s)
				}
			}
			if d.spec.BX*d.spec.BY > 1024 {
				t.Errorf("%s: %d×%d threads per block, more than CUDA's 1024", d.spec.Name, d.spec.BX, d.spec.BY)
			}
		}
	})
}

// kernelPTX is d's PTX: compiled now where llc is installed, else the
// golden file (which TestPTXGolden keeps equal to it).
func kernelPTX(t *testing.T, d kernelDef) string {
	t.Helper()
	if _, err := llvm.LookupLLC(); err == nil {
		ll, err := emitDefs(GPU, []kernelDef{d})
		if err != nil {
			t.Fatal(err)
		}
		text, err := CompilePTX(context.Background(), ll)
		if err != nil {
			t.Fatal(err)
		}
		return text
	}
	text, err := os.ReadFile(filepath.Join("testdata", d.spec.Name+".ptx"))
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}

// fakeLaunch loads the kernel and launches it on three fresh buffers.
func fakeLaunch(dv *Device, name, text string, spec Spec) error {
	r, err := newGPURunner(dv, map[string]string{name: text}, map[string]Spec{name: spec})
	if err != nil {
		return err
	}
	return dv.do(func() error {
		var dptrs []uint64
		for range spec.Ptrs {
			p, err := r.alloc(1)
			if err != nil {
				return err
			}
			dptrs = append(dptrs, p)
		}
		return r.launchRaw(r.fns[name], spec, Grid{1, 1}, make([]int64, spec.Ints), dptrs)
	})
}

// TestMinDriverVersion: the driver version OpenDevice requires is the one
// that introduced the PTX ISA llc is asked for (ISA 7.m came with CUDA
// 11.m), so raising the ISA without the requirement fails here.
func TestMinDriverVersion(t *testing.T) {
	var isa string
	for _, a := range llcPTXArgs {
		if m := regexp.MustCompile(`^-mattr=\+ptx(\d)(\d)$`).FindStringSubmatch(a); m != nil {
			isa = m[1] + "." + m[2]
			if m[1] != "7" {
				t.Fatalf("PTX ISA %s: map it to its CUDA release in this test and in minDriverVersion", isa)
			}
			minor, _ := strconv.Atoi(m[2])
			if want := 11000 + 10*minor; minDriverVersion != want {
				t.Errorf("ISA %s needs CUDA 11.%d (%d), minDriverVersion is %d", isa, minor, want, minDriverVersion)
			}
		}
	}
	if isa == "" || isa != ptxISA {
		t.Errorf("llc's PTX ISA %q, ptxISA %q", isa, ptxISA)
	}
	if got := cudaVersion(12040); got != "12.4" {
		t.Errorf("cudaVersion(12040) = %s", got)
	}
}

// TestJITLog: the log is the buffer's text up to the NUL.
func TestJITLog(t *testing.T) {
	buf := make([]byte, 16)
	copy(buf, "ptxas error \x00junk")
	if got := jitLog(buf); got != "ptxas error" {
		t.Errorf("jitLog = %q", got)
	}
	full := []byte("0123456789")
	if got := jitLog(full); got != "0123456789" {
		t.Errorf("jitLog of a full buffer = %q", got)
	}
}

// TestEntryParams: the parameter lists Function checks and Params counts.
func TestEntryParams(t *testing.T) {
	ptx := ".visible .entry k(\n\t.param .u64 k_param_0,\n\t.param .f32 k_param_1,\n\t.param .align 8 .b8 k_param_2[24],\n\t.param .b16 k_param_3\n)\n{\n}\n" +
		".visible .entry none()\n{\n}\n"
	decls, sizes := entryParams(ptx, "k")
	want := []int{8, 4, 24, 2}
	if len(decls) != 4 || fmt.Sprint(sizes) != fmt.Sprint(want) || decls[2] != ".param .align 8 .b8 k_param_2[24]" {
		t.Errorf("k: %q %v, want sizes %v", decls, sizes, want)
	}
	if d, _ := entryParams(ptx, "none"); d == nil || len(d) != 0 {
		t.Errorf("an entry without parameters: %q", d)
	}
	if d, _ := entryParams(ptx, "missing"); d != nil {
		t.Errorf("a missing entry: %q", d)
	}
	if m := (&GPUModule{ptx: ptx}); m.Params("k") != 4 || m.Params("none") != 0 || m.Params("missing") != -1 {
		t.Errorf("Params: %d %d %d", m.Params("k"), m.Params("none"), m.Params("missing"))
	}
	if n := paramSize(".param .pred p"); n != -1 {
		t.Errorf("a .pred parameter: %d", n)
	}
}

// withSyncLaunches turns SyncEnv's mode on for the rest of the test.
func withSyncLaunches(t *testing.T) {
	old := syncLaunches
	syncLaunches = true
	t.Cleanup(func() { syncLaunches = old })
}

// TestAsyncFaultNamed: launches are asynchronous, so a kernel that faults
// is reported by the next copy; the error says so and names the last
// kernel launched, and how to find the faulting one.
func TestAsyncFaultNamed(t *testing.T) {
	f := buildFakeCUDA(t)
	name, text, spec := bmulPTX(t)
	dv := f.open(t)
	r, err := newGPURunner(dv, map[string]string{name: text}, map[string]Spec{name: spec})
	if err != nil {
		t.Fatal(err)
	}
	err = dv.do(func() error {
		var dptrs []uint64
		for range spec.Ptrs {
			p, err := r.alloc(1)
			if err != nil {
				return err
			}
			dptrs = append(dptrs, p)
		}
		if err := r.launchRaw(r.fns[name], spec, Grid{1, 1}, make([]int64, spec.Ints), dptrs); err != nil {
			return err
		}
		f.failNext("cuMemcpyDtoH_v2", 700)
		return r.dtoh(make([]float32, 1), dptrs[0])
	})
	if err == nil || !strings.Contains(err.Error(), "cuMemcpyDtoH: CUDA error 700") || !strings.Contains(err.Error(), "up to "+name) || !strings.Contains(err.Error(), SyncEnv+"=1") {
		t.Fatalf("a fault reported by the copy after a launch: %v", err)
	}
}
