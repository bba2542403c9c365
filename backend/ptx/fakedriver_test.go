package ptx

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// A simulated CUDA driver: the driver API's entry points as Go functions
// over host memory standing in for the device, whose cuLaunchKernel runs
// the emulated kernel of the same name on the buffers the parameter array
// points to. With it the GPU path above purego — the runner's weight
// cache, scratch pool, host↔device copies and parameter packing, module
// and function lookup, the context discipline — runs on a CPU, against
// the interpreter. What it cannot check is purego's calls into the real
// libcuda.so.1 and the PTX on real hardware.

type fakeDevice struct {
	mu     sync.Mutex
	emu    *emuRunner
	mem    map[uint64][]float32
	next   uint64
	mods   map[uintptr]string
	fns    map[uintptr]string
	allocs int // cuMemAlloc calls
	bound  bool
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

func newFakeDevice(emu *emuRunner) (*Device, *fakeDevice) {
	f := &fakeDevice{emu: emu, mem: map[uint64][]float32{}, next: 1 << 20, mods: map[uintptr]string{}, fns: map[uintptr]string{}}
	d := &driver{
		cuCtxSetCurrent:  func(uintptr) cuResult { f.bound = true; return 0 },
		cuCtxSynchronize: func() cuResult { return 0 },
		cuModuleLoadData: func(mod *uintptr, image *byte) cuResult {
			f.mu.Lock()
			defer f.mu.Unlock()
			text := cStr(image)
			if CheckPTX(text) != nil || !strings.Contains(text, ".target sm_80") {
				return 218 // CUDA_ERROR_INVALID_PTX
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
				return 500 // CUDA_ERROR_NOT_FOUND
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
			f.next += 1 << 32
			return 0
		},
		cuMemFree: func(p uint64) cuResult { delete(f.mem, p); return 0 },
		cuMemcpyHtoD: func(dst uint64, src unsafe.Pointer, bytes uintptr) cuResult {
			m, ok := f.mem[dst]
			if !ok || int(bytes/4) > len(m) {
				return 1
			}
			copy(m, unsafe.Slice((*float32)(src), bytes/4))
			return 0
		},
		cuMemcpyDtoH: func(dst unsafe.Pointer, src uint64, bytes uintptr) cuResult {
			m, ok := f.mem[src]
			if !ok || int(bytes/4) > len(m) {
				return 1
			}
			copy(unsafe.Slice((*float32)(dst), bytes/4), m)
			return 0
		},
		cuLaunchKernel: func(fn uintptr, gx, gy, gz, bx, by, bz, shared uint32, stream uintptr, params *unsafe.Pointer, extra *unsafe.Pointer) cuResult {
			if !f.bound {
				return 201 // CUDA_ERROR_INVALID_CONTEXT
			}
			name := f.fns[fn]
			spec, ok := f.emu.specs[name]
			if !ok || int(bx) != spec.BX || int(by) != spec.BY || gz != 1 || bz != 1 || extra != nil {
				return 1
			}
			ps := unsafe.Slice(params, spec.Ints+spec.Ptrs)
			l := &Launch{Grid: Grid{int(gx), int(gy)}, Ints: make([]int64, spec.Ints), Bufs: make([]Buf, spec.Ptrs)}
			for i := range l.Ints {
				l.Ints[i] = *(*int64)(ps[i])
			}
			for i := range l.Bufs {
				m, ok := f.mem[*(*uint64)(ps[spec.Ints+i])]
				if !ok {
					return 700 // CUDA_ERROR_ILLEGAL_ADDRESS
				}
				l.Bufs[i] = Buf{m, InOut}
			}
			if err := f.emu.launch(name, l, 1); err != nil {
				return 1
			}
			return 0
		},
		cuGetErrorString: func(r cuResult, s **byte) cuResult { return 1 },
	}
	return &Device{d: d, Name: "simulated", Major: 8}, f
}

// fakeGPU is the ptx backend over the simulated driver.
type fakeGPU struct{ ptxBackend }

func (fakeGPU) Name() string     { return "ptx-simulated" }
func (fakeGPU) Available() error { return (ptxBackend{emu: true}).Available() }

func (b fakeGPU) Prepare(ctx context.Context, m *ir.Module, weights map[string]*runtime.Tensor, source string, o backend.Options) (backend.Executable, error) {
	return prepareWith(ctx, m, weights, source, o, b.Name(), func(ctx context.Context, ks map[*ir.Op]*opKernel) (runner, error) {
		defs := uniqueDefs(ks)
		emu, err := (ptxBackend{emu: true}).load(ctx, ks)
		if err != nil {
			return nil, err
		}
		dv, _ := newFakeDevice(emu.(*emuRunner))
		ptxs, err := compileDefs(ctx, defs) // the real PTX, which the fake driver checks
		if err != nil {
			return nil, err
		}
		specs := map[string]Spec{}
		for _, d := range defs {
			specs[d.spec.Name] = d.spec
		}
		r, err := newGPURunner(dv, ptxs, specs)
		if err != nil {
			return nil, fmt.Errorf("simulated driver: %w", err)
		}
		return r, nil
	})
}

// TestGPURunnerReuse: over the simulated driver, a weight is uploaded once
// and activation buffers come from the pool, so a second identical launch
// allocates nothing; outputs come back to the host.
func TestGPURunnerReuse(t *testing.T) {
	needEmu(t)
	name := "seqc_ptx_test_reuse"
	def := kernelDef{binarySpec(name), func(tg Target, m *Module) error { return EmitBinary(tg, m, name, "add") }}
	emu := loadEmuOrder(t, Emu, []kernelDef{def})
	dv, f := newFakeDevice(emu)
	ptxs, err := compileDefs(context.Background(), []kernelDef{def})
	if err != nil {
		t.Fatal(err)
	}
	r, err := newGPURunner(dv, ptxs, map[string]Spec{name: def.spec})
	if err != nil {
		t.Fatal(err)
	}
	a, w, out := []float32{1, 2, 3}, []float32{10, 20, 30}, make([]float32, 3)
	ints := [binInts]int64{3, 3, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0}
	l := &Launch{Grid: Grid{1, 1}, Ints: ints[:], Bufs: []Buf{{a, In}, {w, Weight}, {out, Out}}}
	if err := r.launch(name, l, 1); err != nil {
		t.Fatal(err)
	}
	first := f.allocs
	a[0] = 5
	if err := r.launch(name, l, 1); err != nil {
		t.Fatal(err)
	}
	if f.allocs != first {
		t.Errorf("the second launch allocated %d more device buffers", f.allocs-first)
	}
	if out[0] != 15 || out[1] != 22 || out[2] != 33 {
		t.Errorf("out = %v, want [15 22 33]", out)
	}
	if first != 3 { // the weight, a's and out's scratch
		t.Errorf("%d allocations for one launch, want 3", first)
	}
}
