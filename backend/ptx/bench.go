package ptx

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"time"
	"unsafe"
)

// The GPU kernel benchmarks of scripts/gpu_check.sh: each kernel on
// device-resident buffers (no host copies in the timing), reported as a
// share of the hardware's limits.
//
// NOT YET RUN ON A GPU (see cuda.go).

// Hardware limits used for the ratios: the H200 SXM's data sheet (HBM3e
// 4.8 TB/s; FP32 67 TFLOP/s = 2 flops per FMA; TF32 tensor cores 494
// TFLOP/s dense — the sheet's 989 is with 2:4 sparsity). Other GPUs get
// the same table with their measured numbers and these ratios marked as
// H200's.
const (
	h200Bandwidth = 4.8e12
	h200FP32      = 67e12
	h200TF32      = 494e12
)

// BenchKernels times the selective scan (d_inner 1536, 32 batches,
// d_state 16, L 2048), the FP32 GEMM 4096³ and the TF32 tensor-core GEMM
// 4096³ (the opt-in, reported on its own row against the TF32 peak) on
// the GPU and writes the rows of the benchmark table to w.
func BenchKernels(ctx context.Context, w io.Writer) error {
	dv, err := OpenDevice()
	if err != nil {
		return err
	}
	ptxs, specs, err := BenchPTX(ctx)
	if err != nil {
		return err
	}
	return benchKernels(w, dv, ptxs, specs, h200Sizes)
}

// benchSizes are the benchmark's problem sizes (a test runs them small
// over the simulated driver).
type benchSizes struct {
	B, L, D, N int // the selective scan
	M          int // the GEMMs, M×M×M
	H, La      int // causal attention: heads of 64, length
	reps       int
}

// h200Sizes are issue 15's benchmark sizes (and attention's of the LLVM
// backend's benchmark).
var h200Sizes = benchSizes{B: 32, L: 2048, D: 1536, N: 16, M: 4096, H: 8, La: 2048, reps: 5}

// benchKernels runs the kernel benchmarks on dv.
func benchKernels(w io.Writer, dv *Device, ptxs map[string]string, specs map[string]Spec, z benchSizes) error {
	sel, gemm, gemmTF32 := benchSel, benchGEMM, benchGEMMTF32
	r, err := newGPURunner(dv, ptxs, specs)
	if err != nil {
		return err
	}
	note := ""
	if !strings.Contains(dv.Name, "H200") {
		note = " (ratios to H200 limits)"
	}
	fmt.Fprintf(w, "GPU: %s, compute capability %d.%d, driver for CUDA %d.%d%s\n", dv.Name, dv.Major, dv.Minor, dv.Driver/1000, dv.Driver%1000/10, note)
	fmt.Fprintf(w, "| what | time | rate | share of the limit |\n|---|---|---|---|\n")
	return dv.do(func() error {
		var bufs []uint64
		defer func() {
			for _, p := range bufs {
				dv.d.cuMemFree(p)
			}
		}()
		rng := rand.New(rand.NewPCG(1, 2))
		upload := func(n int, lo, hi float32) (uint64, error) {
			p, err := r.alloc(n)
			if err != nil {
				return 0, err
			}
			bufs = append(bufs, p)
			h := make([]float32, n)
			for i := range h {
				h[i] = lo + (hi-lo)*rng.Float32()
			}
			if res := dv.d.cuMemcpyHtoD(p, unsafe.Pointer(&h[0]), uintptr(4*n)); res != 0 {
				return 0, dv.d.err("cuMemcpyHtoD", res)
			}
			return p, nil
		}
		// timeN is the best of reps runs of the launches, each waited for:
		// launches are asynchronous, so the clock stops after
		// cuCtxSynchronize.
		timeN := func(reps int, ls ...benchLaunch) (time.Duration, error) {
			best := time.Duration(1 << 62)
			for i := -1; i < reps; i++ { // i = -1: the warm-up
				t0 := time.Now()
				for _, l := range ls {
					if err := r.launchRaw(r.fns[l.name], specs[l.name], l.g, l.ints, l.ptrs); err != nil {
						return 0, err
					}
				}
				if res := dv.d.cuCtxSynchronize(); res != 0 {
					return 0, r.driverErr("cuCtxSynchronize", res)
				}
				if i >= 0 {
					best = min(best, time.Since(t0))
				}
			}
			return best, nil
		}
		time1 := func(name string, g Grid, ints []int64, ptrs []uint64, reps int) (time.Duration, error) {
			return timeN(reps, benchLaunch{name, g, ints, ptrs})
		}
		// Selective scan: the bytes it must move are u, dt, z in and y out
		// ([B, L, D] each), B and C in ([B, L, N] each), A and D.
		B, L, D, N := z.B, z.L, z.D, z.N
		var p [selPtrs]uint64
		var err error
		for _, a := range []struct {
			i      int
			n      int
			lo, hi float32
		}{{selU, B * L * D, -1, 1}, {selDelta, B * L * D, 0, 0.1}, {selA, D * N, -4, -0.5}, {selB, B * L * N, -1, 1},
			{selC, B * L * N, -1, 1}, {selD, D, -1, 1}, {selZ, B * L * D, -1, 1}, {selY, B * L * D, 0, 0}, {selH0, 1, 0, 0}, {selHT, 1, 0, 0}, {selP, 1, 0, 0}} {
			if p[a.i], err = upload(a.n, a.lo, a.hi); err != nil {
				return err
			}
		}
		g, _ := Grid2D(CeilDiv(D, selBlock), B)
		// The plain scan (no state in or out, one chunk of L steps): at
		// these sizes selChunks keeps it unchunked.
		dt, err := time1(sel, g, []int64{int64(L), int64(D), 0, 0, 1, int64(L), 0}, p[:], z.reps)
		if err != nil {
			return err
		}
		bytes := 4 * float64(4*B*L*D+2*B*L*N+D*N+D)
		bw := bytes / dt.Seconds()
		fmt.Fprintf(w, "| selective scan d_inner %d×%d batches, d_state %d, L %d | %.3f ms | %.0f GB/s | %.1f%% of HBM bandwidth |\n",
			D, B, N, L, ms(dt), bw/1e9, 100*bw/h200Bandwidth)
		// One batch row: the plain scan against the chunked form (what
		// selChunks chooses there), the same bytes to move.
		nc, q := selChunks(1, D, L)
		g1, _ := Grid2D(CeilDiv(D, selBlock), 1)
		if dt, err = time1(sel, g1, []int64{int64(L), int64(D), 0, 0, 1, int64(L), 0}, p[:], z.reps); err != nil {
			return err
		}
		bytes1 := 4 * float64(4*L*D+2*L*N+D*N+D)
		fmt.Fprintf(w, "| selective scan, 1 batch, plain | %.3f ms | %.0f GB/s | %.1f%% of HBM bandwidth |\n", ms(dt), bytes1/dt.Seconds()/1e9, 100*bytes1/dt.Seconds()/h200Bandwidth)
		if nc > 1 {
			var tmp [3]uint64 // the chunks' end states, decay products, start states
			for i := range tmp {
				if tmp[i], err = upload(nc*D*N, 0, 0); err != nil {
					return err
				}
			}
			local, final := p, p
			local[selHT], local[selP] = tmp[0], tmp[1]
			final[selH0] = tmp[2]
			gc, _ := Grid2D(CeilDiv(D, selBlock), nc)
			dt, err = timeN(z.reps,
				benchLaunch{sel, gc, []int64{int64(L), int64(D), 0, 1, int64(nc), int64(q), 1}, local[:]},
				benchLaunch{benchSelComb, g1, []int64{int64(D), int64(nc), 0, 0}, []uint64{tmp[1], tmp[0], tmp[2], p[selH0], p[selHT]}},
				benchLaunch{sel, gc, []int64{int64(L), int64(D), 1, 0, int64(nc), int64(q), 0}, final[:]})
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "| selective scan, 1 batch, chunked (%d chunks of %d) | %.3f ms | %.0f GB/s | %.1f%% of HBM bandwidth |\n", nc, q, ms(dt), bytes1/dt.Seconds()/1e9, 100*bytes1/dt.Seconds()/h200Bandwidth)
		}
		// Causal attention, heads of 64: the per-query kernel (decode
		// steps) and the query-tiled one (whole sequences).
		H, La, Dh := z.H, z.La, 64
		var qa, ka, va, oa uint64
		for _, b := range []*uint64{&qa, &ka, &va} {
			if *b, err = upload(La*H*Dh, -1, 1); err != nil {
				return err
			}
		}
		if oa, err = upload(La*H*Dh, 0, 0); err != nil {
			return err
		}
		aints := []int64{int64(La), int64(La), int64(H), int64(H), int64(Dh), int64(Dh), 0, int64(math.Float32bits(0.125)), int64(La), 1, int64(La)}
		aflops := 2 * 2 * float64(La) * float64(La+1) / 2 * float64(Dh) * float64(H) // QKᵀ and PV below the diagonal
		for _, a := range []struct {
			what, name string
			g          Grid
		}{{"per query", benchAttn, Grid{La, H}}, {"query tiles", benchAttnTiled, Grid{CeilDiv(La, attnTq), H}}} {
			if dt, err = time1(a.name, a.g, aints, []uint64{qa, ka, va, oa, oa, oa}, z.reps); err != nil {
				return err
			}
			f := aflops / dt.Seconds()
			fmt.Fprintf(w, "| causal attention H%d d%d L%d, %s | %.3f ms | %.1f TFLOP/s | %.1f%% of FP32 FMA peak |\n", H, Dh, La, a.what, ms(dt), f/1e12, 100*f/h200FP32)
		}
		// GEMM 4096³, FP32 (no TF32).
		M := z.M
		var x, wt, y uint64
		if x, err = upload(M*M, -1, 1); err != nil {
			return err
		}
		if wt, err = upload(M*M, -1, 1); err != nil {
			return err
		}
		if y, err = upload(M*M, 0, 0); err != nil {
			return err
		}
		g, _ = Grid2D(CeilDiv(M, gemmTile), CeilDiv(M, gemmTile))
		dt, err = time1(gemm, g, []int64{int64(M), int64(M), int64(M)}, []uint64{x, wt, y, y}, z.reps)
		if err != nil {
			return err
		}
		flops := 2 * float64(M) * float64(M) * float64(M) / dt.Seconds()
		fmt.Fprintf(w, "| GEMM %d×%d×%d FP32 | %.2f ms | %.1f TFLOP/s | %.1f%% of FP32 FMA peak |\n", M, M, M, ms(dt), flops/1e12, 100*flops/h200FP32)
		// The same GEMM in TF32 on the tensor cores (--tf32): inputs
		// rounded to 10 mantissa bits, so against the TF32 peak, not FP32's.
		g, _ = Grid2D(CeilDiv(M, mmaTileN), CeilDiv(M, mmaTileM))
		if dt, err = time1(gemmTF32, g, []int64{int64(M), int64(M), int64(M)}, []uint64{x, wt, y, y}, z.reps); err != nil {
			return err
		}
		flops = 2 * float64(M) * float64(M) * float64(M) / dt.Seconds()
		fmt.Fprintf(w, "| GEMM %d×%d×%d TF32 mma (--tf32) | %.2f ms | %.1f TFLOP/s | %.1f%% of TF32 tensor peak (dense) |\n", M, M, M, ms(dt), flops/1e12, 100*flops/h200TF32)
		return nil
	})
}

// The benchmarked kernels: Mamba's scan (D skip, silu gate) and the plain
// GEMM, FP32 and TF32.
var (
	benchSel       = keyf("selscan", 16, 1, true, true)
	benchSelComb   = keyf("selcomb", 16)
	benchAttn      = keyf("attn", 1, true)
	benchAttnTiled = keyf("attnq", 64, true)
	benchGEMM      = keyf("gemm", false, "")
	benchGEMMTF32  = keyf("gemm_tf32", false, "")
)

// benchLaunch is one launch of a timed sequence.
type benchLaunch struct {
	name string
	g    Grid
	ints []int64
	ptrs []uint64
}

// benchDefs are the benchmarked kernels.
func benchDefs() []kernelDef {
	return []kernelDef{
		{selSpec(benchSel), func(t Target, m *Module) error { return EmitSelective(t, m, benchSel, 16, 1, true, true) }},
		{selCombineSpec(benchSelComb), func(t Target, m *Module) error { return EmitSelectiveCombine(t, m, benchSelComb, 16) }},
		{attnSpec(benchAttn), func(t Target, m *Module) error { return EmitAttention(t, m, benchAttn, 1, true) }},
		{attnTiledSpec(benchAttnTiled), func(t Target, m *Module) error { return EmitAttentionTiled(t, m, benchAttnTiled, 64, true) }},
		{gemmSpec(benchGEMM), func(t Target, m *Module) error { return EmitGEMM(t, m, benchGEMM, false, "") }},
		{gemmTF32Spec(benchGEMMTF32), func(t Target, m *Module) error { return EmitGEMMTF32(t, m, benchGEMMTF32, false, "") }},
	}
}

// BenchPTX builds the benchmarked kernels' PTX and the smoke check's
// (through the cache: run on a machine with llc, it leaves the PTX for a
// GPU machine without one).
func BenchPTX(ctx context.Context) (map[string]string, map[string]Spec, error) {
	defs := append(benchDefs(), smokeDefs()...)
	ptxs, err := compileDefs(ctx, defs)
	if err != nil {
		return nil, nil, err
	}
	specs := map[string]Spec{}
	for _, d := range defs {
		specs[d.spec.Name] = d.spec
	}
	return ptxs, specs, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
