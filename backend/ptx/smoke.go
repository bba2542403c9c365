package ptx

import (
	"context"
	"fmt"
	"io"
	"time"
	"unsafe"
)

// The driver smoke check scripts/gpu_check.sh runs first on a GPU: one
// kernel through the whole path (driver, JIT, copies, launch) on three
// numbers, so a broken binding fails in seconds with the driver's own
// words rather than in the middle of the reference runs; then the costs
// every step pays — a launch's round trip and the copy bandwidths — for
// the notes.

// smokeKernel is the kernel of the check: the broadcasting add.
var smokeKernel = keyf("b", "add")

// smokeDefs is the check's kernel (BenchPTX builds it with the benchmarks).
func smokeDefs() []kernelDef {
	return []kernelDef{{binarySpec(smokeKernel), func(t Target, m *Module) error { return EmitBinary(t, m, smokeKernel, "add") }}}
}

// Smoke opens the GPU, runs the check and writes what it measured.
func Smoke(ctx context.Context, w io.Writer) error {
	dv, err := OpenDevice()
	if err != nil {
		return err
	}
	ptxs, err := compileDefs(ctx, smokeDefs())
	if err != nil {
		return err
	}
	return smoke(w, dv, ptxs, 64<<20)
}

// smoke runs the check on dv with copies of copyBytes for the bandwidth.
func smoke(w io.Writer, dv *Device, ptxs map[string]string, copyBytes int) error {
	spec := smokeDefs()[0].spec
	r, err := newGPURunner(dv, ptxs, map[string]Spec{smokeKernel: spec})
	if err != nil {
		return fmt.Errorf("loading the PTX: %w", err)
	}
	fmt.Fprintf(w, "GPU: %s, compute capability %d.%d, driver for CUDA %d.%d\n", dv.Name, dv.Major, dv.Minor, dv.Driver/1000, dv.Driver%1000/10)
	a, b, out := []float32{1, 2, 3}, []float32{10, 20, 30}, make([]float32, 3)
	ints := [binInts]int64{3, 3, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0}
	l := &Launch{Grid: Grid{1, 1}, Ints: ints[:], Bufs: []Buf{{a, In}, {b, In}, {out, Out}}}
	if err := r.launch(smokeKernel, l, 1); err != nil {
		return fmt.Errorf("a launch: %w", err)
	}
	if out[0] != 11 || out[1] != 22 || out[2] != 33 {
		return fmt.Errorf("1+10, 2+20, 3+30 on the GPU gave %v", out)
	}
	fmt.Fprintln(w, "driver path OK: PTX JIT-compiled, copies and a launch give 11 22 33")
	return dv.do(func() error {
		n := copyBytes / 4
		host := make([]float32, n)
		p, err := r.alloc(n)
		if err != nil {
			return err
		}
		defer dv.d.cuMemFree(p)
		q, err := r.alloc(3)
		if err != nil {
			return err
		}
		defer dv.d.cuMemFree(q)
		// A launch and its wait, the smallest unit of a step.
		const reps = 200
		dptrs := []uint64{q, q, q}
		t0 := time.Now()
		for range reps {
			if err := r.launchRaw(r.fns[smokeKernel], spec, Grid{1, 1}, ints[:], dptrs); err != nil {
				return err
			}
			if res := dv.d.cuCtxSynchronize(); res != 0 {
				return r.driverErr("cuCtxSynchronize", res)
			}
		}
		round := time.Since(t0) / reps
		t0 = time.Now()
		for range reps {
			if err := r.launchRaw(r.fns[smokeKernel], spec, Grid{1, 1}, ints[:], dptrs); err != nil {
				return err
			}
		}
		if res := dv.d.cuCtxSynchronize(); res != 0 {
			return r.driverErr("cuCtxSynchronize", res)
		}
		queued := time.Since(t0) / reps
		bw := func(copy func() cuResult, what string) (float64, error) {
			best := time.Duration(1 << 62)
			for range 3 {
				t0 := time.Now()
				if res := copy(); res != 0 {
					return 0, r.driverErr(what, res)
				}
				best = min(best, time.Since(t0))
			}
			return float64(copyBytes) / best.Seconds() / 1e9, nil
		}
		hd, err := bw(func() cuResult { return dv.d.cuMemcpyHtoD(p, unsafe.Pointer(&host[0]), uintptr(copyBytes)) }, "cuMemcpyHtoD")
		if err != nil {
			return err
		}
		dh, err := bw(func() cuResult { return dv.d.cuMemcpyDtoH(unsafe.Pointer(&host[0]), p, uintptr(copyBytes)) }, "cuMemcpyDtoH")
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "launch + wait %.1f µs; a launch queued behind others %.1f µs; host→device %.1f GB/s, device→host %.1f GB/s (%d MiB, pageable)\n",
			float64(round.Nanoseconds())/1e3, float64(queued.Nanoseconds())/1e3, hd, dh, copyBytes>>20)
		return nil
	})
}
