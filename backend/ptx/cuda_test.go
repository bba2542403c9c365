package ptx

import (
	"context"
	"strings"
	"testing"
	"unsafe"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
)

// TestNoDriver: without libcuda.so.1 the device, the backend and a model's
// Prepare fail with an error naming the driver, never a panic.
func TestNoDriver(t *testing.T) {
	_, err := openDevice("libcuda-seqc-missing.so.1")
	if err == nil || !strings.Contains(err.Error(), "libcuda-seqc-missing.so.1") || !strings.Contains(err.Error(), "NVIDIA driver") {
		t.Fatalf("missing driver: %v", err)
	}
	if _, err := OpenDevice(); err == nil {
		t.Skip("a CUDA driver is installed here: the no-driver path cannot be checked")
	}
	err = (ptxBackend{}).Available()
	if err == nil || !strings.Contains(err.Error(), "libcuda.so.1") {
		t.Fatalf("Available without a driver: %v", err)
	}
	_, err = backend.Lookup(Name)
	if err == nil || !strings.Contains(err.Error(), "backend ptx is not available here") || !strings.Contains(err.Error(), "libcuda.so.1") {
		t.Fatalf("Lookup(ptx) without a driver: %v", err)
	}
	// Prepare of a module with kernels reaches the device and reports it.
	m, err := ir.Parse("module M\n\nfunc forward(%1 x: f32[B, L]) -> (y: f32[B, L]) {\n  %2 = silu %1 : f32[B, L]\n  return %2\n}\n")
	if err != nil {
		t.Fatal(err)
	}
	_, err = (ptxBackend{}).Prepare(context.Background(), m, nil, "", backend.Options{})
	if err == nil || !strings.Contains(err.Error(), "libcuda.so.1") {
		t.Fatalf("Prepare without a driver: %v", err)
	}
}

// TestPackParams: cuLaunchKernel's parameter array points at each i64
// argument, then each device address, in the kernel's parameter order.
func TestPackParams(t *testing.T) {
	vals, params := packParams([]int64{7, -1}, []uint64{0xdead0000, 0xbeef0000})
	if len(params) != 4 || len(vals) != 4 {
		t.Fatalf("%d params, %d values", len(params), len(vals))
	}
	want := []uint64{7, ^uint64(0), 0xdead0000, 0xbeef0000}
	for i, p := range params {
		if got := *(*uint64)(p); got != want[i] {
			t.Errorf("param %d is %#x, want %#x", i, got, want[i])
		}
		if p != unsafe.Pointer(&vals[i]) {
			t.Errorf("param %d does not point into the pinned values", i)
		}
	}
	if v, p := packParams(nil, nil); len(v) != 0 || len(p) != 0 {
		t.Error("empty launch has parameters")
	}
}

// TestGeometry: grids within CUDA's limits, and an error past them.
func TestGeometry(t *testing.T) {
	if g, err := Grid1D(CeilDiv(1000, elemBlock)); err != nil || g != (Grid{4, 1}) {
		t.Errorf("1000 elements: %v %v", g, err)
	}
	if g, err := Grid2D(CeilDiv(4096, gemmTile), CeilDiv(4097, gemmTile)); err != nil || g != (Grid{64, 65}) {
		t.Errorf("GEMM 4097x4096: %v %v", g, err)
	}
	if _, err := Grid2D(1, 70000); err == nil {
		t.Error("a grid of 70000 along y was accepted")
	}
	if _, err := Grid1D(1 << 31); err == nil {
		t.Error("a grid of 2^31 blocks along x was accepted")
	}
	if CeilDiv(0, 64) != 0 || CeilDiv(65, 64) != 2 {
		t.Error("CeilDiv")
	}
}

// TestSimulatedJITLog: the simulated driver's module load fills the JIT
// error log as the real one does, and LoadPTX returns it.
func TestSimulatedJITLog(t *testing.T) {
	dv, _ := newSimDevice()
	_, err := dv.LoadPTX(".version 7.5\n.target sm_80\n.address_size 64\n.extern .func seqc_bogus();\n.visible .entry k()\n{\n\tret;\n}\n")
	if err == nil || !strings.Contains(err.Error(), "cuModuleLoadDataEx: CUDA error 218") ||
		!strings.Contains(err.Error(), "JIT log:\nptx: the PTX declares external symbols") || !strings.Contains(err.Error(), "seqc_bogus") {
		t.Errorf("a PTX with an extern: %v", err)
	}
	m, err := dv.LoadPTX(".version 7.5\n.target sm_80\n.address_size 64\n.visible .entry k(\n\t.param .u64 k_param_0\n)\n{\n\tret;\n}\n")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Function("k"); err != nil || m.Params("k") != 1 {
		t.Errorf("Function(k): %v, %d parameters", err, m.Params("k"))
	}
}
