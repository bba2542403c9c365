package ptx

import (
	"context"
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The TF32 tensor-core GEMM (kernels_mma.go), emulated.

// refTF32 is TF32 rounding written independently of roundTF32 (which
// works on the bits): with float64 arithmetic, |x| is rounded to a
// multiple of its TF32 ulp — 2^(e−10) for |x| in [2^e, 2^(e+1)), and
// 2^−136 (2^−149 · 2^13) below the normal range — to nearest, ties away
// from zero (floor(q + ½) of the positive quotient q, exact in float64);
// a result of 2^128 or more overflows to infinity. Infinities and NaNs
// are kept.
func refTF32(x float32) float32 {
	if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) || x == 0 {
		return x
	}
	a := math.Abs(float64(x))
	_, e := math.Frexp(a) // a = f·2^e, f in [½, 1): the leading bit is 2^(e−1)
	ulp := math.Max(math.Ldexp(1, e-1-10), math.Ldexp(1, -136))
	r := math.Floor(a/ulp+0.5) * ulp
	if r >= math.Ldexp(1, 128) {
		r = math.Inf(1)
	}
	if x < 0 {
		r = -r
	}
	return float32(r)
}

const tf32RoundName = "seqc_ptx_test_tf32_round"

// tf32RoundDef is a kernel y[i] = roundTF32(x[i]): the rounding the GEMM
// applies to its staged operands, alone. ints [n].
func tf32RoundDef() kernelDef {
	spec := Spec{Name: tf32RoundName, BX: 256, BY: 1, Ints: 1, Ptrs: 2}
	return kernelDef{spec, func(t Target, m *Module) error {
		return Emit(t, m.M, m.Math, spec, func(k *K) error {
			x, y := k.Global(0), k.Global(1)
			k.Phase(func() {
				i := k.Add(k.Mul(k.BlockX(), c64(256)), k.Tid())
				k.If(k.Lt(i, k.Int(0)), func() { k.Store(y, i, k.roundTF32(k.Load(x, i))) })
			})
			return nil
		})
	}}
}

// TestTF32Rounding: the emulation's TF32 rounding equals refTF32 bit for
// bit on ties (which ties-to-even would round the other way), negative
// values, denormals (and a carry out of them), the overflow to infinity,
// infinities and NaNs, and random bit patterns; the GPU's is cvt.rna.
func TestTF32Rounding(t *testing.T) {
	needEmu(t)
	special := []uint32{
		0x00000000, 0x80000000, 0x3f800000, 0xbf800000,
		0x3f801000, 0xbf801000, // ties: away from zero (to even would keep 0x3f800000)
		0x3f803000, 0x3f800fff, 0x3f801001, 0xbf800fff, 0xbf801001,
		0x3fffffff, 0x3ffff000, // carry into the exponent
		0x00000001, 0x00000fff, 0x00001000, 0x00001001, 0x00003000, 0x80001000, 0x80000fff, // denormals
		0x007ff000, 0x807fffff, 0x00800000, 0x00801000, // the carry out of the denormals
		0x7f7fffff, 0x7f7ff000, 0x7f7fefff, 0xff7ff000, // the largest: ties overflow to infinity
		0x7f800000, 0xff800000, // infinities
		0x7fc00000, 0xffc00000, 0x7f800001, 0x7fbfffff, 0x7f801000, // NaNs (quiet, signalling, low payloads)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for i := 0; i < 20000; i++ {
		special = append(special, rng.Uint32())
	}
	x := make([]float32, len(special))
	for i, b := range special {
		x[i] = math.Float32frombits(b)
	}
	y := make([]float32, len(x))
	r := loadEmu(t, tf32RoundDef())
	g, err := Grid2D(CeilDiv(len(x), 256), 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.launch(tf32RoundName, &Launch{Grid: g, Ints: []int64{int64(len(x))}, Bufs: []Buf{{x, In}, {y, Out}}}, 1); err != nil {
		t.Fatal(err)
	}
	for i := range x {
		want := refTF32(x[i])
		got := y[i]
		if math.IsNaN(float64(want)) {
			if !math.IsNaN(float64(got)) {
				t.Errorf("tf32(%#08x) = %#08x, want a NaN", special[i], math.Float32bits(got))
			}
			continue
		}
		if math.Float32bits(got) != math.Float32bits(want) {
			t.Errorf("tf32(%#08x) = %#08x, want %#08x", special[i], math.Float32bits(got), math.Float32bits(want))
		}
		if math.Float32bits(got)&0x1fff != 0 {
			t.Errorf("tf32(%#08x) = %#08x keeps low mantissa bits", special[i], math.Float32bits(got))
		}
	}
	if _, err := llvm.LookupLLC(); err != nil {
		return
	}
	text, err := emitDefs(GPU, []kernelDef{tf32RoundDef()})
	if err != nil {
		t.Fatal(err)
	}
	ptx, err := CompilePTX(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ptx, "cvt.rna.tf32.f32") {
		t.Errorf("the GPU's rounding is not cvt.rna.tf32.f32:\n%s", ptx)
	}
}

// tf32GEMMModel is what the emulated TF32 kernel computes, bit for bit:
// each output the FP32 sum, over k in increasing order, of the products
// of the TF32-rounded operands. Each product of two TF32 values is exact
// in FP32 (11 + 11 significant bits), and float32(p + acc) computed in
// float64 is the correctly rounded FP32 sum (float64 has more than 2·24+2
// bits), so this is the kernel's fused multiply-add chain.
func tf32GEMMModel(x, w []float32, m, n, k int) []float32 {
	rx, rw := make([]float32, len(x)), make([]float32, len(w))
	for i, v := range x {
		rx[i] = refTF32(v)
	}
	for i, v := range w {
		rw[i] = refTF32(v)
	}
	y := make([]float32, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var acc float32
			for kk := 0; kk < k; kk++ {
				acc = float32(float64(rx[i*k+kk])*float64(rw[j*k+kk]) + float64(acc))
			}
			y[i*n+j] = acc
		}
	}
	return y
}

// TestGEMMTF32Kernel: the TF32 kernel, emulated, at sizes across every
// edge (M and N below, at and past the 128 block tile, the warp tiles
// (64 rows, 32 columns) and the 16×8 mma tile, K below, at and past the
// 8-wide mma step and the 32-wide slice, odd everywhere), with 1 and 2
// threads and in both thread orders:
//
//   - without bias or activation it is bit for bit tf32GEMMModel (the
//     fragment layout: a lane that summed another lane's elements would
//     land them in the wrong output);
//   - with bias and silu it is within the TF32 error bound of float64 math.
//
// The bound: rounding an input to TF32 (10 stored mantissa bits, round
// to nearest) changes it by a relative 2^−11 at most, so a product of two
// rounded inputs is off by (1+2^−11)² − 1 = 2^−10 + 2^−22 relative at
// most; the FP32 sum of K such products adds at most K·2^−24 relative to
// Σ|products| (the classic γ_K bound, with K·2^−24 ≪ 1), and the bias add
// one more 2^−24. So
//
//	|y − y_exact| ≤ (2^−10 + 2^−22 + (K+1)·2^−24·(1+2^−10)) · (Σ_k |x_k·w_k| + |b|),
//
// which silu (|silu′| ≤ 1.1) scales by 1.1, plus the activation's own
// rounding (1e-6 relative). The test uses twice the products and
// accumulation terms as its tolerance.
func TestGEMMTF32Kernel(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(3, 3))
	plain, act := keyf("test_gemm_tf32", false, ""), keyf("test_gemm_tf32", true, "silu")
	r := loadEmu(t,
		kernelDef{gemmTF32Spec(plain), func(tg Target, m *Module) error { return EmitGEMMTF32(tg, m, plain, false, "") }},
		kernelDef{gemmTF32Spec(act), func(tg Target, m *Module) error { return EmitGEMMTF32(tg, m, act, true, "silu") }})
	sizes := [][3]int{{1, 1, 1}, {3, 5, 7}, {16, 8, 8}, {17, 9, 9}, {64, 64, 32}, {65, 63, 33}, {128, 128, 32},
		{129, 131, 41}, {7, 200, 100}, {100, 33, 65}, {64, 260, 17}, {257, 9, 64}}
	for _, s := range sizes {
		m, n, k := s[0], s[1], s[2]
		x, w, b := randF(rng, m*k, 1), randF(rng, n*k, 1), randF(rng, n, 1)
		g, err := Grid2D(CeilDiv(n, mmaTileN), CeilDiv(m, mmaTileM))
		if err != nil {
			t.Fatal(err)
		}
		model := tf32GEMMModel(x, w, m, n, k)
		bound := math.Ldexp(1, -10) + math.Ldexp(1, -22) + float64(k+1)*math.Ldexp(1, -24)*(1+math.Ldexp(1, -10))
		for _, threads := range []int{1, 2} {
			y := make([]float32, m*n)
			l := &Launch{Grid: g, Ints: []int64{int64(m), int64(n), int64(k)}, Bufs: []Buf{{x, In}, {w, Weight}, {nil, In}, {y, Out}}}
			if err := r.launch(plain, l, threads); err != nil {
				t.Fatal(err)
			}
			for i := range y {
				if math.Float32bits(y[i]) != math.Float32bits(model[i]) {
					t.Fatalf("%dx%dx%d: element (%d, %d) is %g, the TF32 model %g", m, n, k, i/n, i%n, y[i], model[i])
				}
			}
			ya := make([]float32, m*n)
			l = &Launch{Grid: g, Ints: []int64{int64(m), int64(n), int64(k)}, Bufs: []Buf{{x, In}, {w, Weight}, {b, Weight}, {ya, Out}}}
			if err := r.launch(act, l, threads); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					exact, mag := float64(b[j]), math.Abs(float64(b[j]))
					for kk := 0; kk < k; kk++ {
						p := float64(x[i*k+kk]) * float64(w[j*k+kk])
						exact += p
						mag += math.Abs(p)
					}
					want := silu64(exact)
					tol := 1.1*2*bound*mag + 1e-6*(1+math.Abs(want))
					if d := math.Abs(float64(ya[i*n+j]) - want); !(d <= tol) {
						t.Fatalf("%dx%dx%d: element (%d, %d) is %g, want %g (TF32 bound %g)", m, n, k, i, j, ya[i*n+j], want, tol)
					}
				}
			}
		}
	}
}

// TestGEMMTF32PTX: the tensor-core kernel's PTX (llc 14, sm_80) has its
// entry, the m16n8k8 TF32 mma and cvt.rna, barriers, and no .extern (an
// intrinsic llc did not know) or .local (the 32 accumulators and the
// fragments stay in registers).
func TestGEMMTF32PTX(t *testing.T) {
	if _, err := llvm.LookupLLC(); err != nil {
		t.Skip(err)
	}
	for _, c := range []struct {
		bias bool
		act  string
	}{{false, ""}, {true, "silu"}} {
		name := keyf("gemm_tf32", c.bias, c.act)
		text, err := emitDefs(GPU, []kernelDef{{gemmTF32Spec(name), func(tg Target, m *Module) error { return EmitGEMMTF32(tg, m, name, c.bias, c.act) }}})
		if err != nil {
			t.Fatal(err)
		}
		ptx, err := CompilePTX(context.Background(), text)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{".visible .entry " + name + "(", MMAInstruction, "cvt.rna.tf32.f32", "bar.sync", ".target sm_80"} {
			if !strings.Contains(ptx, want) {
				t.Errorf("%s: no %q in the PTX", name, want)
			}
		}
		if n := strings.Count(ptx, MMAInstruction); n != 4*mmaMT*mmaNT {
			t.Errorf("%s: %d mma in the PTX, want %d (%d k steps × %d tiles)", name, n, 4*mmaMT*mmaNT, mmaKTile/8, mmaMT*mmaNT)
		}
		for _, bad := range []string{".extern", ".local"} {
			if strings.Contains(ptx, bad) {
				t.Errorf("%s: the PTX holds %s", name, bad)
			}
		}
		if m := inexactRe.FindString(ptx); m != "" {
			t.Errorf("%s: the PTX holds %q", name, strings.TrimSpace(m))
		}
	}
}

// linearModule is one linear layer without bias: Y = X·Wᵀ, W [70, 37].
const linearModule = `module L

param "w": f32[70, 37]

func forward(%1 x: f32[B, L, 37]) -> (y: f32[B, L, 70]) {
  %2 = param {name="w"} : f32[70, 37]
  %3 = linear %1, %2 : f32[B, L, 70]
  return %3
}
`

// TestLinearTF32Option: the planner for linear under the options is the
// kernel table's (the FP32 kernel, emitted exactly as EmitGEMM emits it)
// by default and the TF32 kernel with Options.TF32; other kinds keep
// theirs.
func TestLinearTF32Option(t *testing.T) {
	m, err := ir.Parse(`module L

param "w": f32[6, 5]
param "b": f32[6]

func forward(%1 x: f32[B, L, 5]) -> (y: f32[B, L, 6]) {
  %2 = param {name="w"} : f32[6, 5]
  %3 = param {name="b"} : f32[6]
  %4 = linear %1, %2, %3 {act="silu"} : f32[B, L, 6]
  return %4
}
`)
	if err != nil {
		t.Fatal(err)
	}
	var op *ir.Op
	for _, f := range m.Funcs {
		for _, o := range f.Body {
			if o.Kind == "linear" {
				op = o
			}
		}
	}
	if op == nil {
		t.Fatal("no linear op")
	}
	emit := func(d kernelDef) string {
		text, err := emitDefs(Emu, []kernelDef{d})
		if err != nil {
			t.Fatal(err)
		}
		return text
	}
	e := kernelTable["linear"]
	off, why := planFor(e, "linear", backend.Options{})(op, nil)
	if off == nil {
		t.Fatal(why)
	}
	// Off: the FP32 GEMM (and the FP32 GEMV of decode steps), no TF32.
	fp32 := keyf("gemm", true, "silu")
	if len(off.defs) != 2 || off.defs[0].spec != gemmSpec(fp32) || off.defs[1].spec != gemvSpec(keyf("gemv", true, "silu")) {
		t.Fatalf("option off: kernels %+v, want the FP32 %s and its GEMV", off.defs, fp32)
	}
	want := emit(kernelDef{gemmSpec(fp32), func(tg Target, m *Module) error { return EmitGEMM(tg, m, fp32, true, "silu") }})
	if emit(off.defs[0]) != want {
		t.Error("option off: the FP32 kernel differs from EmitGEMM's")
	}
	on, why := planFor(e, "linear", backend.Options{TF32: true})(op, nil)
	if on == nil {
		t.Fatal(why)
	}
	if tf := keyf("gemm_tf32", true, "silu"); len(on.defs) != 1 || on.defs[0].spec != gemmTF32Spec(tf) {
		t.Fatalf("option on: kernels %+v, want %s", on.defs, tf)
	}
	if sm := kernelTable["softmax"]; sm.plan != nil {
		if p := planFor(sm, "softmax", backend.Options{TF32: true}); reflect.ValueOf(p).Pointer() != reflect.ValueOf(sm.plan).Pointer() {
			t.Error("TF32 changed the planner of softmax")
		}
	}
}

// TestLinearTF32EndToEnd: a model's linear prepared on ptx-emu gives the
// FP32 kernel's bits by default (the FMA chain over k in increasing order,
// each rounded once: computed here exactly with big.Float) and, with
// Options.TF32, the TF32 model's bits.
func TestLinearTF32EndToEnd(t *testing.T) {
	needEmu(t)
	m, err := ir.Parse(linearModule)
	if err != nil {
		t.Fatal(err)
	}
	const B, L, K, N = 2, 33, 37, 70
	rng := rand.New(rand.NewPCG(5, 5))
	w, x := randF(rng, N*K, 1), randF(rng, B*L*K, 1)
	weights := map[string]*runtime.Tensor{"w": runtime.FromF32([]int{N, K}, w)}
	fp32 := make([]float32, B*L*N)
	for i := 0; i < B*L; i++ {
		for j := 0; j < N; j++ {
			var acc float32
			for kk := 0; kk < K; kk++ {
				p := new(big.Float).SetPrec(200).Mul(big.NewFloat(float64(x[i*K+kk])), big.NewFloat(float64(w[j*K+kk])))
				acc, _ = p.Add(p, big.NewFloat(float64(acc))).Float32()
			}
			fp32[i*N+j] = acc
		}
	}
	for _, tf32 := range []bool{false, true} {
		var names []string
		exec, err := prepareWith(context.Background(), m, weights, "test", backend.Options{TF32: tf32}, EmuName,
			func(ctx context.Context, ks map[*ir.Op]*opKernel) (runner, error) {
				for _, d := range uniqueDefs(ks) {
					names = append(names, d.spec.Name)
				}
				return ptxBackend{emu: true}.load(ctx, ks)
			})
		if err != nil {
			t.Fatal(err)
		}
		// FP32: the GEMM (M = 66 rows) and the GEMV a decode step would
		// take; TF32: the tensor-core GEMM alone.
		kernels, want := []string{keyf("gemm", false, ""), keyf("gemv", false, "")}, fp32
		if tf32 {
			kernels, want = []string{keyf("gemm_tf32", false, "")}, tf32GEMMModel(x, w, B*L, N, K)
		}
		if !slices.Equal(names, kernels) {
			t.Fatalf("TF32 %v: kernels %v, want %v", tf32, names, kernels)
		}
		outs, err := exec.Run(context.Background(), "forward", []*runtime.Tensor{runtime.FromF32([]int{B, L, K}, x)})
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range outs[0].F {
			if math.Float32bits(v) != math.Float32bits(want[i]) {
				t.Fatalf("TF32 %v: element %d is %g, want %g", tf32, i, v, want[i])
			}
		}
	}
}

// TestMMAFragmentLayout: the fragment layout both targets are written
// from (mmaA, mmaB, mmaC) is the PTX ISA's table for m16n8k8 .tf32,
// copied here as the ISA writes it, and every element of A (16×8), B
// (8×8) and C (16×8) is held by exactly one lane's fragment.
func TestMMAFragmentLayout(t *testing.T) {
	var seenA [16][8]int
	var seenB [8][8]int
	var seenC [16][8]int
	for lane := 0; lane < 32; lane++ {
		a, b, c := mmaFragments(lane)
		groupID, tig := lane>>2, lane%4
		// A: row = groupID for a0 and a2, groupID+8 for a1 and a3;
		//    col = threadID_in_group for a0 and a1, +4 for a2 and a3.
		isaA := [4][2]int{{groupID, tig}, {groupID + 8, tig}, {groupID, tig + 4}, {groupID + 8, tig + 4}}
		// B: row = threadID_in_group for b0, +4 for b1; col = groupID.
		isaB := [2][2]int{{tig, groupID}, {tig + 4, groupID}}
		// C: row = groupID for c0 and c1, groupID+8 for c2 and c3;
		//    col = threadID_in_group*2 + (i & 1).
		isaC := [4][2]int{{groupID, tig * 2}, {groupID, tig*2 + 1}, {groupID + 8, tig * 2}, {groupID + 8, tig*2 + 1}}
		if a != isaA || b != isaB || c != isaC {
			t.Fatalf("lane %d: fragments A %v B %v C %v, the PTX ISA says A %v B %v C %v", lane, a, b, c, isaA, isaB, isaC)
		}
		for _, e := range a {
			seenA[e[0]][e[1]]++
		}
		for _, e := range b {
			seenB[e[0]][e[1]]++
		}
		for _, e := range c {
			seenC[e[0]][e[1]]++
		}
	}
	for r := 0; r < 16; r++ {
		for c := 0; c < 8; c++ {
			if seenA[r][c] != 1 || seenC[r][c] != 1 || (r < 8 && seenB[r][c] != 1) {
				t.Fatalf("element (%d, %d) held %d (A), %d (C) times", r, c, seenA[r][c], seenC[r][c])
			}
		}
	}
}

// TestBenchPTXTF32: the GPU benchmark builds the TF32 GEMM with the FP32
// one (gpu_check.sh --prepare fills the cache with both).
func TestBenchPTXTF32(t *testing.T) {
	if _, err := llvm.LookupLLC(); err != nil {
		t.Skip(err)
	}
	ptxs, specs, err := BenchPTX(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ptxs[benchGEMMTF32], MMAInstruction) || specs[benchGEMMTF32] != gemmTF32Spec(benchGEMMTF32) {
		t.Errorf("the benchmark's TF32 GEMM %s is missing or not the mma kernel", benchGEMMTF32)
	}
	if strings.Contains(ptxs[benchGEMM], "mma.sync") {
		t.Errorf("the FP32 GEMM %s uses the tensor cores", benchGEMM)
	}
}

// TestBenchKernelsSimulated runs the GPU benchmark's code at small sizes
// over the simulated driver (the emulated kernels): every launch has the
// arguments its kernel takes and the table is written — what
// scripts/gpu_check.sh would otherwise find out on the GPU.
func TestBenchKernelsSimulated(t *testing.T) {
	needEmu(t)
	ctx := context.Background()
	ptxs, specs, err := BenchPTX(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dv, _ := newFakeDevice(loadEmuOrder(t, Emu, benchDefs()))
	var out strings.Builder
	if err := benchKernels(&out, dv, ptxs, specs, benchSizes{B: 2, L: 300, D: 130, N: 16, M: 70, H: 2, La: 40, reps: 1}); err != nil {
		t.Fatal(err)
	}
	for _, row := range []string{"selective scan d_inner", "1 batch, plain", "1 batch, chunked", "attention H2 d64 L40, per query", "query tiles", "GEMM 70×70×70 FP32", "GEMM 70×70×70 TF32"} {
		if !strings.Contains(out.String(), row) {
			t.Errorf("the table lacks %q:\n%s", row, out.String())
		}
	}
	if testing.Verbose() {
		t.Log("\n" + out.String())
	}
}

// TestSmokeSimulated runs the GPU smoke check over the simulated driver.
func TestSmokeSimulated(t *testing.T) {
	needEmu(t)
	ptxs, err := compileDefs(context.Background(), smokeDefs())
	if err != nil {
		t.Fatal(err)
	}
	dv, _ := newFakeDevice(loadEmuOrder(t, Emu, smokeDefs()))
	var out strings.Builder
	if err := smoke(&out, dv, ptxs, 1<<16); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"driver path OK", "launch + wait", "host→device"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the smoke check's report lacks %q:\n%s", want, out.String())
		}
	}
}
