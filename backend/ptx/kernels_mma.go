package ptx

import (
	"fmt"

	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/ir"
)

// The linear layer Y = act(X·Wᵀ + b) on the tensor cores, in TF32: an
// opt-in (backend.Options.TF32, `--tf32`) that trades FP32 exactness for
// the tensor cores' rate. FP32 (kernels_gemm.go) stays the default.
//
// The primitive is PTX's warp-collective
//
//	mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32  D = A·B + C
//
// (A 16×8 row-major, B 8×8 column-major, C/D 16×8 in FP32), which LLVM 14
// offers as @llvm.nvvm.mma.m16n8k8.row.col.tf32, its operands rounded by
// cvt.rna.tf32.f32 (@llvm.nvvm.f2tf32.rna). A warp's 32 lanes each hold a
// fragment of A, B and C; the PTX ISA ("Matrix Fragments for
// mma.m16n8k8", .tf32), with g = lane>>2 and t = lane%4, lays them out as
//
//	A: a0 (g, t)   a1 (g+8, t)   a2 (g, t+4)   a3 (g+8, t+4)    [row, k]
//	B: b0 (t, g)   b1 (t+4, g)                                  [k, col]
//	C: c0 (g, 2t)  c1 (g, 2t+1)  c2 (g+8, 2t)  c3 (g+8, 2t+1)   [row, col]
//
// The emulation runs a block's threads one after another within a phase,
// so no lane can read another's registers, and the collective cannot be
// emulated lane by lane as the GPU runs it. The primitive is therefore
// defined over shared memory: the operand tiles are staged there (a
// phase, then a barrier), already rounded to TF32, and then
//
//   - on the GPU each lane loads its A and B fragment elements from shared
//     memory by the table above and the warp calls the mma;
//   - in the emulation each lane computes its own four C elements directly,
//     c[row][col] += Σ_k A[row][k]·B[k][col] over the same eight k, for the
//     same (row, col) the table gives its c0..c3.
//
// Both leave the lane's accumulators laid out identically, so the
// epilogue (bias, activation, the guarded store) is one code. The
// emulation's TF32 rounding is round to nearest, ties away from zero, to
// 10 mantissa bits, done with integer operations (roundTF32), which is
// what cvt.rna does; the products of two TF32 values are exact in FP32 (11
// × 11 significant bits ≤ 24), so the emulation's fused multiply-adds over
// k in increasing order add exact products to an FP32 accumulator. The
// order (and internal precision) in which the hardware adds the eight
// products of one mma to C is not specified by NVIDIA: the emulation
// equals the GPU up to that, and tests hold the result to the TF32 error
// bound rather than to bits.
//
// Tiling, sized for sm_80/sm_90: a block of 8 warps (256 threads: x the
// lane, y the warp) computes a 128×128 tile of Y; the warps are 2 along M
// by 4 along N, warp w owning rows 64·(w/4) and columns 32·(w%4) of it:
// 4 × 4 m16n8 tiles, 64 FP32 accumulators per lane (registers). Per k
// step of 8 a lane loads 4 × 4 A and 4 × 2 B fragment elements for the
// warp's 16 mma (1.5 shared loads per mma; a 32×32 warp tile would need
// 2). K goes in slices of 32: X[128×32] and W[128×32] staged row-major
// (k contiguous, as X and W are in memory, so the loads from global
// memory are coalesced: 16 per thread and operand) with a pitch of 36
// floats, which puts the 32 lanes' fragment reads (row g, column t) in 32
// distinct banks (36g + t ≡ 4g + t mod 32). 2 × 128 × 36 floats = 36 KiB
// of static shared memory (under the 48 KiB a block gets without opting
// in), so two blocks (512 threads, about 128 registers each) fit an SM of
// sm_80 (164 KiB shared) or sm_90 (228 KiB). Rows or columns past M, N
// and K are staged as zeros, so any shape runs; a small M (a decode step)
// wastes tensor work on zero rows but is bound by reading W anyway.
// Double buffering with cp.async and ldmatrix are the next steps, once
// this is measured on a GPU (gpubench's TF32 row).

const (
	mmaWarpsM  = 2                                // warps along M
	mmaWarpsN  = 4                                // warps along N
	mmaWarps   = mmaWarpsM * mmaWarpsN            // warps per block
	mmaTileM   = 128                              // rows of Y per block
	mmaTileN   = 128                              // columns of Y per block
	mmaKTile   = 32                               // K per shared-memory stage
	mmaPitch   = mmaKTile + 4                     // floats per staged row (bank-conflict free fragment reads)
	mmaWarpM   = mmaTileM / mmaWarpsM             // rows of Y per warp
	mmaWarpN   = mmaTileN / mmaWarpsN             // columns of Y per warp
	mmaMT      = mmaWarpM / 16                    // m16 tiles per warp
	mmaNT      = mmaWarpN / 8                     // n8 tiles per warp
	mmaAcc     = mmaMT * mmaNT * 4                // accumulators per lane
	mmaThreads = 32 * mmaWarps                    // threads per block
	mmaLoadsA  = mmaTileM * mmaKTile / mmaThreads // staged elements of X per thread and stage
	mmaLoadsB  = mmaTileN * mmaKTile / mmaThreads // staged elements of W per thread and stage
)

// MMAInstruction is the PTX instruction the TF32 kernel is built on.
const MMAInstruction = "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32"

// gemmTF32Spec: ints [M, N, K]; buffers X [M, K], W [N, K], bias [N]
// (unused without), Y [M, N], as gemmSpec. Grid (⌈N/128⌉, ⌈M/128⌉).
func gemmTF32Spec(name string) Spec {
	return Spec{Name: name, BX: 32, BY: mmaWarps, Ints: 3, Ptrs: 4}
}

// The layout of the m16n8k8 TF32 fragments (PTX ISA, "Matrix Fragments
// for mma.m16n8k8", .tf32) as offsets from the lane's g = lane>>2 and
// t = lane%4, which both targets' code is written from: a_i is
// A[g+mmaA[i][0]][t+mmaA[i][1]], b_i is B[t+mmaB[i]][g], c_i is
// C[g+mmaC[i][0]][2t+mmaC[i][1]].
var (
	mmaA = [4][2]int{{0, 0}, {8, 0}, {0, 4}, {8, 4}}
	mmaB = [2]int{0, 4}
	mmaC = [4][2]int{{0, 0}, {0, 1}, {8, 0}, {8, 1}}
)

// mmaFragments is that layout for one lane: the (row, k) of its a0..a3,
// the (k, col) of its b0, b1 and the (row, col) of its c0..c3.
func mmaFragments(lane int) (a [4][2]int, b [2][2]int, c [4][2]int) {
	g, t := lane>>2, lane%4
	for i, o := range mmaA {
		a[i] = [2]int{g + o[0], t + o[1]}
	}
	for i, o := range mmaB {
		b[i] = [2]int{t + o, g}
	}
	for i, o := range mmaC {
		c[i] = [2]int{g + o[0], 2*t + o[1]}
	}
	return
}

func c32(v int64) llvalue.Value { return llconst.NewInt(lltypes.I32, v) }

// roundTF32 rounds v to TF32 (round to nearest, ties away from zero, to 10
// mantissa bits) and returns it as a float whose low 13 mantissa bits are
// 0. On the GPU it is cvt.rna.tf32.f32; the emulation does the same with
// integer operations: adding half a TF32 ulp (0x1000) to the bits rounds
// the magnitude half away from zero whatever the sign (the carry runs
// into the exponent, up to infinity past the largest TF32), then the low
// 13 bits are cleared. Infinities and NaNs (exponent all ones) are kept.
func (k *K) roundTF32(v llvalue.Value) llvalue.Value {
	if k.T == GPU {
		f := k.intrinsic("llvm.nvvm.f2tf32.rna", lltypes.I32, lltypes.Float)
		return k.B.NewBitCast(k.B.NewCall(f, v), lltypes.Float)
	}
	b := k.B
	bits := b.NewBitCast(v, lltypes.I32)
	special := b.NewICmp(llenum.IPredEQ, b.NewAnd(bits, c32(0x7f800000)), c32(0x7f800000))
	r := b.NewAnd(b.NewAdd(bits, c32(0x1000)), c32(-0x2000)) // 0xffffe000
	return b.NewBitCast(b.NewSelect(special, bits, r), lltypes.Float)
}

// EmitGEMMTF32 adds the TF32 tensor-core linear kernel with an optional
// bias and activation (one of llvm.GEMMActs).
func EmitGEMMTF32(t Target, m *Module, name string, bias bool, act string) error {
	if act != "" && !llvm.HasUnary(act) {
		return fmt.Errorf("ptx: gemm tf32: unknown activation %q", act)
	}
	return Emit(t, m.M, m.Math, gemmTF32Spec(name), func(k *K) error {
		x, w, bm, y := k.Global(0), k.Global(1), k.Global(2), k.Global(3)
		M, N, K := k.Int(0), k.Int(1), k.Int(2)
		as, bs := k.Shared(mmaTileM*mmaPitch), k.Shared(mmaTileN*mmaPitch)
		acc := k.Private(mmaAcc)
		m0 := k.Mul(k.BlockY(), c64(mmaTileM))
		n0 := k.Mul(k.BlockX(), c64(mmaTileN))
		k.Phase(func() {
			for i := 0; i < mmaAcc; i++ {
				k.Store(acc, c64(int64(i)), f32(0))
			}
		})
		// stage copies a 128 × 32 slice of src (rows from r0, K columns
		// from k0; loads elements per thread, consecutive threads along
		// k) into sh, row-major with pitch 36, rounded to TF32, zero
		// outside [0, rows)×[0, K).
		stage := func(src, sh *Mem, loads int, r0, rows, k0 llvalue.Value) {
			for r := 0; r < loads; r++ {
				e := k.Add(k.Tid(), c64(int64(r*mmaThreads)))
				row := k.B.NewSDiv(e, c64(mmaKTile))
				kk := k.B.NewSRem(e, c64(mmaKTile))
				gr, gk := k.Add(r0, row), k.Add(k0, kk)
				in := k.And(k.Lt(gr, rows), k.Lt(gk, K))
				v := k.IfValue(in, f32(0), func() llvalue.Value { return k.Load(src, k.Add(k.Mul(gr, K), gk)) })
				k.Store(sh, k.Add(k.Mul(row, c64(mmaPitch)), kk), k.roundTF32(v))
			}
		}
		// The lane's fragment coordinates g, t and the first row and
		// column of its warp's 64×32 part of the tile.
		lanePos := func() (g, t, wr, wc llvalue.Value) {
			lane, warp := k.Tx(), k.Ty()
			g, t = k.B.NewSDiv(lane, c64(4)), k.B.NewSRem(lane, c64(4))
			wr = k.Mul(k.B.NewSDiv(warp, c64(mmaWarpsN)), c64(mmaWarpM))
			wc = k.Mul(k.B.NewSRem(warp, c64(mmaWarpsN)), c64(mmaWarpN))
			return
		}
		k.For(c64(0), K, mmaKTile, nil, func(k0 llvalue.Value, _ []llvalue.Value) []llvalue.Value {
			k.Phase(func() {
				stage(x, as, mmaLoadsA, m0, M, k0)
				stage(w, bs, mmaLoadsB, n0, N, k0)
			})
			k.Phase(func() {
				g, t, wr, wc := lanePos()
				var a [mmaAcc]llvalue.Value
				for i := range a {
					a[i] = k.Load(acc, c64(int64(i)))
				}
				// at is the staged element of X's (as) or W's (bs) tile
				// at row base + off, column lo + kk.
				at := func(sh *Mem, base llvalue.Value, off, kk int, lo llvalue.Value) llvalue.Value {
					row := k.Add(base, c64(int64(off)))
					return k.Load(sh, k.Add(k.Add(k.Mul(row, c64(mmaPitch)), lo), c64(int64(kk))))
				}
				for s := 0; s < mmaKTile/8; s++ {
					if k.T == GPU {
						k.mmaStepGPU(as, bs, a[:], g, t, wr, wc, s*8, at)
					} else {
						k.mmaStepEmu(as, bs, a[:], g, t, wr, wc, s*8, at)
					}
				}
				for i := range a {
					k.Store(acc, c64(int64(i)), a[i])
				}
			})
			return nil
		})
		var err error
		k.Phase(func() {
			g, t, wr, wc := lanePos()
			for mi := 0; mi < mmaMT; mi++ {
				for nj := 0; nj < mmaNT; nj++ {
					for ci := 0; ci < 4; ci++ {
						row := k.Add(k.Add(m0, wr), k.Add(g, c64(int64(mi*16+mmaC[ci][0]))))
						col := k.Add(k.Add(n0, wc), k.Add(k.Mul(t, c64(2)), c64(int64(nj*8+mmaC[ci][1]))))
						idx := (mi*mmaNT+nj)*4 + ci
						k.If(k.And(k.Lt(row, M), k.Lt(col, N)), func() {
							if e := k.gemmEpilogue(y, bm, bias, act, N, row, col, k.Load(acc, c64(int64(idx)))); e != nil {
								err = e
							}
						})
					}
				}
			}
		})
		return err
	})
}

// fragAt loads a staged element: base row + off, column lo + kk.
type fragAt func(sh *Mem, base llvalue.Value, off, kk int, lo llvalue.Value) llvalue.Value

// mmaStepGPU: one k step of 8 for the warp's mmaMT × mmaNT (4 × 4) tiles,
// on the tensor cores. Lane (g, t) loads a0..a3 (rows g, g+8; k t, t+4)
// of each m16 tile and b0, b1 (k t, t+4 of column g) of each n8 tile, and
// the warp issues the 16 mma.
func (k *K) mmaStepGPU(as, bs *Mem, a []llvalue.Value, g, t, wr, wc llvalue.Value, kk int, at fragAt) {
	f32s := lltypes.NewStruct(lltypes.Float, lltypes.Float, lltypes.Float, lltypes.Float)
	i32, fl := lltypes.I32, lltypes.Float
	mma := k.intrinsic("llvm.nvvm.mma.m16n8k8.row.col.tf32", f32s, i32, i32, i32, i32, i32, i32, fl, fl, fl, fl)
	bits := func(v llvalue.Value) llvalue.Value { return k.B.NewBitCast(v, lltypes.I32) }
	var af [mmaMT][4]llvalue.Value
	for mi := 0; mi < mmaMT; mi++ {
		base := k.Add(wr, g)
		for i, rk := range mmaA { // a_i: (g+rk[0], t+rk[1])
			af[mi][i] = bits(at(as, base, mi*16+rk[0], kk+rk[1], t))
		}
	}
	var bf [mmaNT][2]llvalue.Value
	for nj := 0; nj < mmaNT; nj++ {
		base := k.Add(wc, g)
		for i, dk := range mmaB { // b_i: (k t+dk, column g)
			bf[nj][i] = bits(at(bs, base, nj*8, kk+dk, t))
		}
	}
	for mi := 0; mi < mmaMT; mi++ {
		for nj := 0; nj < mmaNT; nj++ {
			c := a[(mi*mmaNT+nj)*4:]
			d := k.B.NewCall(mma, af[mi][0], af[mi][1], af[mi][2], af[mi][3], bf[nj][0], bf[nj][1], c[0], c[1], c[2], c[3])
			for i := 0; i < 4; i++ {
				c[i] = k.B.NewExtractValue(d, uint64(i))
			}
		}
	}
}

// mmaStepEmu: the same k step computed lane by lane: each of the lane's
// accumulators c0..c3 of each tile — (g, 2t), (g, 2t+1), (g+8, 2t),
// (g+8, 2t+1) — gains Σ A[row][k]·B[k][col] over the step's 8 k, as fused
// multiply-adds in increasing k (exact TF32 products added to FP32).
func (k *K) mmaStepEmu(as, bs *Mem, a []llvalue.Value, g, t, wr, wc llvalue.Value, kk int, at fragAt) {
	zero := c64(0)
	var ar [mmaMT][2][8]llvalue.Value // [tile][row g, g+8][k]
	for mi := 0; mi < mmaMT; mi++ {
		base := k.Add(wr, g)
		for h := 0; h < 2; h++ {
			for j := 0; j < 8; j++ {
				ar[mi][h][j] = at(as, base, mi*16+h*8, kk+j, zero)
			}
		}
	}
	var bc [mmaNT][2][8]llvalue.Value // [tile][column 2t, 2t+1][k]
	for nj := 0; nj < mmaNT; nj++ {
		base := k.Add(wc, k.Mul(t, c64(2)))
		for h := 0; h < 2; h++ {
			for j := 0; j < 8; j++ {
				bc[nj][h][j] = at(bs, base, nj*8+h, kk+j, zero)
			}
		}
	}
	fm := k.Math.At(k.B)
	for mi := 0; mi < mmaMT; mi++ {
		for nj := 0; nj < mmaNT; nj++ {
			for ci := 0; ci < 4; ci++ {
				i := (mi*mmaNT+nj)*4 + ci
				h, w := mmaC[ci][0]/8, mmaC[ci][1] // row g+8h, column 2t+w
				for j := 0; j < 8; j++ {
					a[i] = fm.Fma(ar[mi][h][j], bc[nj][w][j], a[i])
				}
			}
		}
	}
}

// planLinearTF32 is linear's planner under backend.Options.TF32 (see
// planFor): the tensor-core kernel for an f32 linear (any M, N, K: the
// tiles are zero-filled at the edges); nil with the reason where
// planLinear would refuse too (the op then runs on the interpreter).
func planLinearTF32(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	return planGEMM(op, fixed, gemmKernel{"gemm_tf32", gemmTF32Spec, EmitGEMMTF32, mmaTileM, mmaTileN, false})
}

// planFor is the planner of an op kind under the options: e's (the
// kernel table's), except linear with o.TF32, which takes the tensor-core
// kernel (planModule calls it for every op).
func planFor(e kernelEntry, kind string, o backend.Options) func(*ir.Op, map[*ir.Op]bool) (*opKernel, string) {
	if kind == "linear" && o.TF32 {
		return planLinearTF32
	}
	return e.plan
}
