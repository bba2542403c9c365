package llvm

import (
	"fmt"

	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// The block forms of `ssm` (chunked SSD, quadratic, time-invariant
// convolution) are one exported kernel per variant, whose ints[0] selects
// the algorithm; each algorithm is an internal function with the kernel
// ABI. One symbol per variant means every ssm op of a model shares the
// same compiled code (sizes and strides are run-time arguments), and a
// kernel that runs several passes (FFT, multiply, inverse FFT) still costs
// one cgo call per goroutine.
const (
	sbSelSSD      = 1 // the chunked SSD form (quadratic: one chunk)
	sbSelConvFFT  = 2 // causal convolution by FFT against a prepared spectrum
	sbSelConvDir  = 3 // direct causal convolution (short sequences)
	sbSelSpectrum = 4 // the spectra of convolution kernels
)

// Arguments of the SSD form (ints and pointers).
const (
	sdL = 1 + iota
	sdN
	sdP
	sdQ
	sdC
	sdG
	sdSBA
	sdSLA
	sdSBB
	sdSLB
	sdSNB
	sdSBC
	sdSLC
	sdSNC
	sdFlags // 1: H0 is given, 2: HT is wanted
	sdLdq   // row stride of the q-wide scratch matrices (q rounded up to lanes)
	sdLdp   // row stride of the state (P rounded up to lanes)
	sdOffBT
	sdOffW
	sdOffST
	sdOffL
	sdOffPre
	sdOffA
	sdR // rows of W per panel
	sdInts
)

const (
	sdPX = iota
	sdPA
	sdPB
	sdPC
	sdPY
	sdPH0
	sdPHT
	sdPGroups // i64 [G][4]: channel offsets of A, Bm, Cm and the group's first channel
	sdPScratch
)

// Arguments of the convolution forms.
const (
	cvL     = 1 + iota
	cvNFFT  // FFT size (a power of two >= 2L-1); 0 for the direct form
	cvC     // channels
	cvNB    // channel blocks of lanes channels
	cvFlags // cvXComplex | cvYComplex | cvKComplex | cvPerBatch
	cvInts
)

const (
	cvXComplex = 1 // x is c64 (interleaved pairs)
	cvYComplex = 2 // y is c64
	cvKComplex = 4 // the kernel is complex (read its imaginary plane)
	cvPerBatch = 8 // the kernel differs per batch element: table [B·NB] blocks
)

const (
	cvPX       = iota
	cvPK       // spectra [blocks][2][n][lanes] (FFT) or kernels [blocks][2][L][lanes] (direct)
	cvPY       // output
	cvPTw      // twiddles: cos then -sin of 2πk/n, k < n
	cvPScratch // 4·n·lanes floats (FFT) or 2·L·lanes (direct)
)

// sbTiny is the magnitude under which decay products and states are
// flushed to zero (as the selective scan does): far below anything that
// reaches a float32 output, and it keeps long decays out of the subnormal
// range, where x86 arithmetic is two orders of magnitude slower.
const sbTiny = 0x1p-100

// sbTile is the register block of the chunk products: mr rows × nv vectors
// of accumulators, 16 of the 32 zmm registers on V4 (with the nv loaded
// vectors of B and a broadcast: no spills) and 8 of the 16 ymm on V3, both
// enough independent FMA chains to cover the FMA latency. Four rows divide
// the usual chunk sizes and state sizes (16, 64, 256), so row tails are rare.
func sbTile(variant string) (mr, nv int) {
	if variant == V4 {
		return 4, 4
	}
	return 4, 2
}

// sbEmit emits one variant's ssm block kernel.
type sbEmit struct {
	m       *llvmir.Module
	in      *intrinsics
	name    string
	variant string
	lanes   int
	vt, mt  *lltypes.VectorType
	ivt     *lltypes.VectorType // <lanes x i64>
	fptr    *lltypes.PointerType
	blocks  int
	tiles   map[[3]int]*llvmir.Func
	mr, nv  int
}

// EmitSSMBlock adds to m the ssm block kernel name for variant (V4 or V3)
// and its internal functions name.*. The kernel has the kernel ABI; ints[0]
// selects the algorithm (sbSel*) and the rest of the arguments are that
// algorithm's (sd*, cv*). Work items [lo, hi) are (batch, group) pairs for
// the SSD form and (batch, channel block) pairs for the convolutions; each
// item's arithmetic is independent of the others, so any split gives the
// same bits.
func EmitSSMBlock(m *llvmir.Module, name, variant string) error {
	if variant != V3 && variant != V4 {
		return fmt.Errorf("llvm: ssm block: unknown variant %q", variant)
	}
	if !isCIdent(name) {
		return fmt.Errorf("llvm: ssm block: name %q is not a C identifier", name)
	}
	for _, f := range m.Funcs {
		if f.Name() == name {
			return fmt.Errorf("llvm: ssm block: module already defines %s", name)
		}
	}
	in := &intrinsics{m: m, funcs: map[string]*llvmir.Func{}}
	for _, f := range m.Funcs {
		if len(f.Blocks) == 0 {
			in.funcs[f.Name()] = f
		}
	}
	lanes := VariantLanes(variant)
	e := &sbEmit{m: m, in: in, name: name, variant: variant, lanes: lanes,
		vt:    lltypes.NewVector(uint64(lanes), lltypes.Float),
		mt:    lltypes.NewVector(uint64(lanes), lltypes.I1),
		ivt:   lltypes.NewVector(uint64(lanes), lltypes.I64),
		fptr:  lltypes.NewPointer(lltypes.Float),
		tiles: map[[3]int]*llvmir.Func{}}
	e.mr, e.nv = sbTile(variant)
	e.emit()
	return nil
}

// --- small emission helpers ---

func sbI(v int64) llvalue.Value { return llconst.NewInt(lltypes.I64, v) }

func sbF(v float64) llvalue.Value { return llconst.NewFloat(lltypes.Float, v) }

func (e *sbEmit) block(f *llvmir.Func, tag string) *llvmir.Block {
	e.blocks++
	return f.NewBlock(fmt.Sprintf("%s.%d", tag, e.blocks))
}

func (e *sbEmit) decl(name string, ret lltypes.Type, params ...lltypes.Type) *llvmir.Func {
	if f, ok := e.in.funcs[name]; ok {
		return f
	}
	ps := make([]*llvmir.Param, len(params))
	for i, t := range params {
		ps[i] = llvmir.NewParam("", t)
	}
	f := e.m.NewFunc(name, ret, ps...)
	e.in.funcs[name] = f
	return f
}

// fn adds an internal function name.suffix with the variant's target-cpu.
func (e *sbEmit) fn(suffix string, ret lltypes.Type, params ...*llvmir.Param) *llvmir.Func {
	f := e.m.NewFunc(e.name+"."+suffix, ret, params...)
	f.Linkage = llenum.LinkageInternal
	f.FuncAttrs = append(f.FuncAttrs, llenum.FuncAttrNoUnwind, llvmir.AttrPair{Key: "target-cpu", Value: e.variant})
	return f
}

func sbPtrParam(name string) *llvmir.Param {
	p := llvmir.NewParam(name, lltypes.NewPointer(lltypes.Float))
	p.Attrs = append(p.Attrs, llenum.ParamAttrNoCapture)
	return p
}

// loop emits for i := from; i < to; i += step with loop-carried values
// (init at entry; body returns the block it ends in and the next values)
// and returns the block after the loop with the values at exit.
func (e *sbEmit) loop(f *llvmir.Func, pre *llvmir.Block, tag string, from, to, step llvalue.Value, init []llvalue.Value,
	body func(b *llvmir.Block, i llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value)) (*llvmir.Block, []llvalue.Value) {
	head, bb, exit := e.block(f, tag+".head"), e.block(f, tag+".body"), e.block(f, tag+".exit")
	pre.NewBr(head)
	i := head.NewPhi(llvmir.NewIncoming(from, pre))
	phis := make([]*llvmir.InstPhi, len(init))
	cur := make([]llvalue.Value, len(init))
	for k, v := range init {
		phis[k] = head.NewPhi(llvmir.NewIncoming(v, pre))
		cur[k] = phis[k]
	}
	head.NewCondBr(head.NewICmp(llenum.IPredSLT, i, to), bb, exit)
	end, next := body(bb, i, cur)
	ni := end.NewAdd(i, step)
	i.Incs = append(i.Incs, llvmir.NewIncoming(ni, end))
	for k := range phis {
		phis[k].Incs = append(phis[k].Incs, llvmir.NewIncoming(next[k], end))
	}
	end.NewBr(head)
	return exit, cur
}

// for_ is loop without carried values.
func (e *sbEmit) for_(f *llvmir.Func, pre *llvmir.Block, tag string, from, to, step llvalue.Value,
	body func(b *llvmir.Block, i llvalue.Value) *llvmir.Block) *llvmir.Block {
	exit, _ := e.loop(f, pre, tag, from, to, step, nil, func(b *llvmir.Block, i llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		return body(b, i), nil
	})
	return exit
}

// ifThen emits if cond { then } and returns the block after it.
func (e *sbEmit) ifThen(f *llvmir.Func, b *llvmir.Block, tag string, cond llvalue.Value, then func(b *llvmir.Block) *llvmir.Block) *llvmir.Block {
	tb, after := e.block(f, tag+".then"), e.block(f, tag+".end")
	b.NewCondBr(cond, tb, after)
	then(tb).NewBr(after)
	return after
}

// ifElse emits cond ? then : els producing values, merged by phis.
func (e *sbEmit) ifElse(f *llvmir.Func, b *llvmir.Block, tag string, cond llvalue.Value,
	then, els func(b *llvmir.Block) (*llvmir.Block, []llvalue.Value)) (*llvmir.Block, []llvalue.Value) {
	tb, eb, after := e.block(f, tag+".then"), e.block(f, tag+".else"), e.block(f, tag+".end")
	b.NewCondBr(cond, tb, eb)
	te, tv := then(tb)
	ee, ev := els(eb)
	te.NewBr(after)
	ee.NewBr(after)
	out := make([]llvalue.Value, len(tv))
	for i := range tv {
		out[i] = after.NewPhi(llvmir.NewIncoming(tv[i], te), llvmir.NewIncoming(ev[i], ee))
	}
	return after, out
}

func (e *sbEmit) add(b *llvmir.Block, x llvalue.Value, ys ...llvalue.Value) llvalue.Value {
	for _, y := range ys {
		x = b.NewAdd(x, y)
	}
	return x
}

// ld and st are scalar float accesses p[idx].
func (e *sbEmit) ld(b *llvmir.Block, p, idx llvalue.Value) llvalue.Value {
	return loadAt(b, lltypes.Float, p, idx)
}

func (e *sbEmit) st(b *llvmir.Block, v, p, idx llvalue.Value) { storeAt(b, v, p, idx) }

func (e *sbEmit) vld(b *llvmir.Block, p, idx llvalue.Value) llvalue.Value {
	return loadAt(b, e.vt, p, idx)
}

func (e *sbEmit) vst(b *llvmir.Block, v, p, idx llvalue.Value) { storeAt(b, v, p, idx) }

// mld loads the lanes of p[idx] under mask (nil: all), others 0.
func (e *sbEmit) mld(b *llvmir.Block, p, idx, mask llvalue.Value) llvalue.Value {
	if mask == nil {
		return e.vld(b, p, idx)
	}
	vs := suffix(e.vt)
	vp := lltypes.NewPointer(e.vt)
	f := e.decl("llvm.masked.load."+vs+".p0"+vs, e.vt, vp, lltypes.I32, e.mt, e.vt)
	ptr := b.NewBitCast(b.NewGetElementPtr(lltypes.Float, p, idx), vp)
	return b.NewCall(f, ptr, llconst.NewInt(lltypes.I32, 4), mask, llconst.NewZeroInitializer(e.vt))
}

// mst stores the lanes of v to p[idx] under mask (nil: all).
func (e *sbEmit) mst(b *llvmir.Block, v, p, idx, mask llvalue.Value) {
	if mask == nil {
		e.vst(b, v, p, idx)
		return
	}
	vs := suffix(e.vt)
	vp := lltypes.NewPointer(e.vt)
	f := e.decl("llvm.masked.store."+vs+".p0"+vs, lltypes.Void, e.vt, vp, lltypes.I32, e.mt)
	ptr := b.NewBitCast(b.NewGetElementPtr(lltypes.Float, p, idx), vp)
	b.NewCall(f, v, ptr, llconst.NewInt(lltypes.I32, 4), mask)
}

func (e *sbEmit) splat(b *llvmir.Block, x llvalue.Value) llvalue.Value {
	vt := lltypes.NewVector(uint64(e.lanes), x.Type())
	ins := b.NewInsertElement(llconst.NewUndef(vt), x, llconst.NewInt(lltypes.I32, 0))
	zero := llconst.NewZeroInitializer(lltypes.NewVector(uint64(e.lanes), lltypes.I32))
	return b.NewShuffleVector(ins, llconst.NewUndef(vt), zero)
}

func (e *sbEmit) vconst(v float64) llvalue.Value {
	el := make([]llconst.Constant, e.lanes)
	for i := range el {
		el[i] = llconst.NewFloat(lltypes.Float, v)
	}
	return llconst.NewVector(e.vt, el...)
}

// iota is <0, 1, ..., lanes-1> as i64.
func (e *sbEmit) iota() llvalue.Value {
	el := make([]llconst.Constant, e.lanes)
	for i := range el {
		el[i] = llconst.NewInt(lltypes.I64, int64(i))
	}
	return llconst.NewVector(e.ivt, el...)
}

// below is the mask of lanes j with from + j < n.
func (e *sbEmit) below(b *llvmir.Block, from, n llvalue.Value) llvalue.Value {
	return b.NewICmp(llenum.IPredSLT, b.NewAdd(e.iota(), e.splat(b, from)), e.splat(b, n))
}

// vfma is x*y+z, always fused (llvm.fma) so both variants round alike.
func (e *sbEmit) vfma(b *llvmir.Block, x, y, z llvalue.Value) llvalue.Value {
	return b.NewCall(e.in.get("llvm.fma", x.Type(), 3), x, y, z)
}

// flush sets values below sbTiny in magnitude to 0 (NaN passes).
func (e *sbEmit) flush(b *llvmir.Block, v llvalue.Value) llvalue.Value {
	a := b.NewCall(e.in.get("llvm.fabs", v.Type(), 1), v)
	var tiny, zero llvalue.Value = sbF(sbTiny), sbF(0)
	if v.Type() != lltypes.Float {
		tiny, zero = e.vconst(sbTiny), llconst.NewZeroInitializer(e.vt)
	}
	return b.NewSelect(b.NewFCmp(llenum.FPredOLT, a, tiny), zero, v)
}

// --- the chunk products ---

// tile returns the microkernel of an mr × nv block (the last vector
// masked when masked):
//
//	t(A, sai, sak, B, ldb, C, ldc, kfull, kend, dbase, beta, accum, rs, valid)
//
// computes, for rows r < mr and the nv·lanes columns at B and C,
//
//	acc[r] = sum_{k < kfull} A[r·sai + k·sak] B[k·ldb]
//	       + sum_{kfull <= k < kend, k <= dbase + r} A[r·sai + k·sak] B[k·ldb]
//	C[r]   = (accum ? beta·C[r] : 0) + (rs ? rs[r] : 1)·acc[r]
//
// the second sum being the diagonal block of a lower-triangular product:
// entries above the diagonal are skipped by a select, never multiplied, so
// what lies there (uninitialised scratch, or an Inf of x) cannot leak.
// Only the valid lanes of the last vector are loaded or stored.
func (e *sbEmit) tile(mr, nv int, masked bool) *llvmir.Func {
	key := [3]int{mr, nv, 0}
	if masked {
		key[2] = 1
	}
	if f := e.tiles[key]; f != nil {
		return f
	}
	pA, sai, sak := sbPtrParam("a"), llvmir.NewParam("sai", lltypes.I64), llvmir.NewParam("sak", lltypes.I64)
	pB, ldb := sbPtrParam("b"), llvmir.NewParam("ldb", lltypes.I64)
	pC, ldc := sbPtrParam("c"), llvmir.NewParam("ldc", lltypes.I64)
	kfull, kend, dbase := llvmir.NewParam("kfull", lltypes.I64), llvmir.NewParam("kend", lltypes.I64), llvmir.NewParam("dbase", lltypes.I64)
	beta, accum := llvmir.NewParam("beta", lltypes.Float), llvmir.NewParam("accum", lltypes.I1)
	rs, valid := sbPtrParam("rs"), llvmir.NewParam("valid", lltypes.I64)
	f := e.fn(fmt.Sprintf("t%dx%d%s", mr, nv, map[bool]string{true: "m", false: ""}[masked]), lltypes.Void,
		pA, sai, sak, pB, ldb, pC, ldc, kfull, kend, dbase, beta, accum, rs, valid)
	e.tiles[key] = f
	lanes := int64(e.lanes)
	entry := e.block(f, "entry")
	var mask llvalue.Value
	if masked {
		mask = e.below(entry, sbI(0), valid)
	}
	lastMask := func(q int) llvalue.Value {
		if q == nv-1 {
			return mask
		}
		return nil
	}
	rowOff := make([]llvalue.Value, mr)
	for r := range rowOff {
		rowOff[r] = entry.NewMul(sbI(int64(r)), sai)
	}
	init := make([]llvalue.Value, mr*nv)
	for i := range init {
		init[i] = llconst.NewZeroInitializer(e.vt)
	}
	step := func(tri bool) func(b *llvmir.Block, k llvalue.Value, acc []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		return func(b *llvmir.Block, k llvalue.Value, acc []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			bv := make([]llvalue.Value, nv)
			kb := b.NewMul(k, ldb)
			for q := range bv {
				bv[q] = e.mld(b, pB, b.NewAdd(kb, sbI(int64(q)*lanes)), lastMask(q))
			}
			ka := b.NewMul(k, sak)
			next := make([]llvalue.Value, len(acc))
			for r := 0; r < mr; r++ {
				av := e.splat(b, e.ld(b, pA, b.NewAdd(rowOff[r], ka)))
				var keep llvalue.Value
				if tri {
					keep = b.NewICmp(llenum.IPredSLE, k, b.NewAdd(dbase, sbI(int64(r))))
				}
				for q := 0; q < nv; q++ {
					v := e.vfma(b, av, bv[q], acc[r*nv+q])
					if tri {
						v = b.NewSelect(keep, v, acc[r*nv+q])
					}
					next[r*nv+q] = v
				}
			}
			return b, next
		}
	}
	b, acc := e.loop(f, entry, "k", sbI(0), kfull, sbI(1), init, step(false))
	b, acc = e.loop(f, b, "kd", kfull, kend, sbI(1), acc, step(true))
	// Row scales.
	b, scale := e.ifElse(f, b, "rs", b.NewICmp(llenum.IPredEQ, rs, llconst.NewNull(e.fptr)),
		func(b *llvmir.Block) (*llvmir.Block, []llvalue.Value) {
			one := make([]llvalue.Value, mr)
			for r := range one {
				one[r] = sbF(1)
			}
			return b, one
		},
		func(b *llvmir.Block) (*llvmir.Block, []llvalue.Value) {
			v := make([]llvalue.Value, mr)
			for r := range v {
				v[r] = e.ld(b, rs, sbI(int64(r)))
			}
			return b, v
		})
	for r := 0; r < mr; r++ {
		sv := e.splat(b, scale[r])
		for q := 0; q < nv; q++ {
			acc[r*nv+q] = b.NewFMul(acc[r*nv+q], sv)
		}
	}
	cidx := func(b *llvmir.Block, r, q int) llvalue.Value {
		return b.NewAdd(b.NewMul(sbI(int64(r)), ldc), sbI(int64(q)*lanes))
	}
	b, acc = e.ifElse(f, b, "acc", accum,
		func(b *llvmir.Block) (*llvmir.Block, []llvalue.Value) {
			bv := e.splat(b, beta)
			out := make([]llvalue.Value, len(acc))
			for r := 0; r < mr; r++ {
				for q := 0; q < nv; q++ {
					old := e.mld(b, pC, cidx(b, r, q), lastMask(q))
					out[r*nv+q] = e.vfma(b, old, bv, acc[r*nv+q])
				}
			}
			return b, out
		},
		func(b *llvmir.Block) (*llvmir.Block, []llvalue.Value) { return b, acc })
	for r := 0; r < mr; r++ {
		for q := 0; q < nv; q++ {
			e.mst(b, acc[r*nv+q], pC, cidx(b, r, q), lastMask(q))
		}
	}
	b.NewRet(nil)
	return f
}

// gemm emits the driver of the chunk products:
//
//	g(M, Nc, K, A, sai, sak, B, ldb, C, ldc, beta, accum, rs, lower, tri, roff)
//
// C[M×Nc] = (accum ? beta·C : 0) + diag(rs)·A·B, A read as scalars
// A[i·sai + k·sak] (any layout), B and C row-major (ldb, ldc). Row i stands
// for row roff + i of a larger matrix (a panel of rows): lower computes
// only the columns j < roff + i0 + mr of each row block (a lower triangle,
// up to the tile's width); tri sums only k <= roff + i (a lower-triangular
// A; K must reach roff + M).
func (e *sbEmit) gemm() *llvmir.Func {
	M, Nc, K := llvmir.NewParam("m", lltypes.I64), llvmir.NewParam("nc", lltypes.I64), llvmir.NewParam("k", lltypes.I64)
	pA, sai, sak := sbPtrParam("a"), llvmir.NewParam("sai", lltypes.I64), llvmir.NewParam("sak", lltypes.I64)
	pB, ldb := sbPtrParam("b"), llvmir.NewParam("ldb", lltypes.I64)
	pC, ldc := sbPtrParam("c"), llvmir.NewParam("ldc", lltypes.I64)
	beta, accum := llvmir.NewParam("beta", lltypes.Float), llvmir.NewParam("accum", lltypes.I1)
	rs := sbPtrParam("rs")
	lower, tri := llvmir.NewParam("lower", lltypes.I1), llvmir.NewParam("tri", lltypes.I1)
	roff := llvmir.NewParam("roff", lltypes.I64)
	f := e.fn("gemm", lltypes.Void, M, Nc, K, pA, sai, sak, pB, ldb, pC, ldc, beta, accum, rs, lower, tri, roff)
	MR, NV, lanes := int64(e.mr), int64(e.nv), int64(e.lanes)
	entry := e.block(f, "entry")
	rsNull := entry.NewICmp(llenum.IPredEQ, rs, llconst.NewNull(e.fptr))
	exit := e.for_(f, entry, "i0", sbI(0), M, sbI(MR), func(b *llvmir.Block, i0 llvalue.Value) *llvmir.Block {
		mr := smin(b, sbI(MR), b.NewSub(M, i0))
		g0 := b.NewAdd(roff, i0) // the block's first row in the whole matrix
		colEnd := b.NewSelect(lower, smin(b, Nc, b.NewAdd(g0, mr)), Nc)
		kfull := b.NewSelect(tri, g0, K)
		kend := b.NewSelect(tri, b.NewAdd(g0, mr), K)
		ai := b.NewGetElementPtr(lltypes.Float, pA, b.NewMul(i0, sai))
		ci := b.NewGetElementPtr(lltypes.Float, pC, b.NewMul(i0, ldc))
		rsi := b.NewSelect(rsNull, llconst.NewNull(e.fptr), b.NewGetElementPtr(lltypes.Float, rs, i0))
		return e.for_(f, b, "j0", sbI(0), colEnd, sbI(NV*lanes), func(b *llvmir.Block, j0 llvalue.Value) *llvmir.Block {
			cols := smin(b, sbI(NV*lanes), b.NewSub(colEnd, j0))
			nv := b.NewSDiv(b.NewAdd(cols, sbI(lanes-1)), sbI(lanes))
			valid := b.NewSub(cols, b.NewMul(b.NewSub(nv, sbI(1)), sbI(lanes)))
			masked := b.NewZExt(b.NewICmp(llenum.IPredNE, valid, sbI(lanes)), lltypes.I64)
			sel := e.add(b, b.NewMul(b.NewSub(mr, sbI(1)), sbI(NV*2)), b.NewMul(b.NewSub(nv, sbI(1)), sbI(2)), masked)
			bj := b.NewGetElementPtr(lltypes.Float, pB, j0)
			cj := b.NewGetElementPtr(lltypes.Float, ci, j0)
			after := e.block(f, "tile.done")
			var cases []*llvmir.Case
			for r := 1; r <= int(MR); r++ {
				for v := 1; v <= int(NV); v++ {
					for mk := 0; mk < 2; mk++ {
						cb := e.block(f, "tile")
						cb.NewCall(e.tile(r, v, mk == 1), ai, sai, sak, bj, ldb, cj, ldc, kfull, kend, g0, beta, accum, rsi, valid)
						cb.NewBr(after)
						idx := int64((r-1)*int(NV)*2 + (v-1)*2 + mk)
						cases = append(cases, llvmir.NewCase(llconst.NewInt(lltypes.I64, idx), cb))
					}
				}
			}
			b.NewSwitch(sel, after, cases...)
			return after
		})
	})
	exit.NewRet(nil)
	return f
}

// ssd emits the chunked SSD form for work items (b, g) in [lo, hi): per
// chunk of q steps [s, s+q) of group g (P channels sharing a scalar decay
// a_t and the rows B_t, C_t of N values), with S the [N × P] state:
//
//	pre_i   = prod_{k=s..s+i} a_k                      (running products)
//	W[i,j]  = Lm[i,j] (C_i · B_j),  Lm[i,j] = prod_{k=j+1..i} a_{s+k}, j <= i
//	Y_i     = pre_i C_i S + sum_{j<=i} W[i,j] X_j
//	S'      = pre_{q-1} S + sum_j Lm[q-1,j] B_jᵀ X_j
//
// every decay product a running product over its own segment (Lm row by
// row: Lm[i,·] = a_i Lm[i-1,·], Lm[i,i] = 1), as the interpreter builds
// them, never a quotient of prefixes. Products are on the tile kernels, W
// a panel of R rows at a time; Bᵀ of the chunk is gathered once (it is the
// vector operand of C Bᵀ); the state lives in the item's scratch.
func (e *sbEmit) ssd(gemm *llvmir.Func) *llvmir.Func {
	k := NewKernelFunc(e.m, e.name+".ssd", e.variant)
	k.F.Linkage = llenum.LinkageInternal
	f := k.F
	lanes := int64(e.lanes)
	entry := e.block(f, "entry")
	I := func(i int) llvalue.Value { return k.Int(entry, i) }
	L, N, P, Q, C, G := I(sdL), I(sdN), I(sdP), I(sdQ), I(sdC), I(sdG)
	sbA, slA, sbB, slB, snB := I(sdSBA), I(sdSLA), I(sdSBB), I(sdSLB), I(sdSNB)
	sbC, slC, snC, flags := I(sdSBC), I(sdSLC), I(sdSNC), I(sdFlags)
	ldq, ldp, R := I(sdLdq), I(sdLdp), I(sdR)
	scr := k.Ptrs[sdPScratch]
	sp := func(i int) llvalue.Value { return entry.NewGetElementPtr(lltypes.Float, scr, I(i)) }
	BT, W, ST, Lr, Pre, Av := sp(sdOffBT), sp(sdOffW), sp(sdOffST), sp(sdOffL), sp(sdOffPre), sp(sdOffA)
	hasH0 := entry.NewICmp(llenum.IPredNE, entry.NewAnd(flags, sbI(1)), sbI(0))
	wantHT := entry.NewICmp(llenum.IPredNE, entry.NewAnd(flags, sbI(2)), sbI(0))
	groups := entry.NewBitCast(k.Ptrs[sdPGroups], lltypes.NewPointer(lltypes.I64))
	X, A, Bm, Cm, Y, H0, HT := k.Ptrs[sdPX], k.Ptrs[sdPA], k.Ptrs[sdPB], k.Ptrs[sdPC], k.Ptrs[sdPY], k.Ptrs[sdPH0], k.Ptrs[sdPHT]
	null := llconst.NewNull(e.fptr)
	ftrue, ffalse := llconst.True, llconst.False

	exit := e.for_(f, entry, "u", k.Lo, k.Hi, sbI(1), func(b *llvmir.Block, u llvalue.Value) *llvmir.Block {
		bi, g := b.NewSDiv(u, G), b.NewSRem(u, G)
		gi := func(j int64) llvalue.Value {
			p := b.NewGetElementPtr(lltypes.I64, groups, b.NewAdd(b.NewMul(g, sbI(4)), sbI(j)))
			ld := b.NewLoad(lltypes.I64, p)
			ld.Align = 8
			return ld
		}
		coA, coB, coC, c0 := gi(0), gi(1), gi(2), gi(3)
		Ab := b.NewGetElementPtr(lltypes.Float, A, b.NewAdd(b.NewMul(bi, sbA), coA))
		Bb := b.NewGetElementPtr(lltypes.Float, Bm, b.NewAdd(b.NewMul(bi, sbB), coB))
		Cb := b.NewGetElementPtr(lltypes.Float, Cm, b.NewAdd(b.NewMul(bi, sbC), coC))
		xo := b.NewAdd(b.NewMul(b.NewMul(bi, L), C), c0)
		Xb := b.NewGetElementPtr(lltypes.Float, X, xo)
		Yb := b.NewGetElementPtr(lltypes.Float, Y, xo)
		ho := b.NewMul(b.NewAdd(b.NewMul(bi, C), c0), N) // channel c0 of batch b in H0/HT
		// S from H0 (transposed: H0 is [P × N] per group) or zero.
		b = e.for_(f, b, "s0.n", sbI(0), N, sbI(1), func(b *llvmir.Block, n llvalue.Value) *llvmir.Block {
			return e.for_(f, b, "s0.p", sbI(0), P, sbI(1), func(b *llvmir.Block, p llvalue.Value) *llvmir.Block {
				b, v := e.ifElse(f, b, "h0", hasH0,
					func(b *llvmir.Block) (*llvmir.Block, []llvalue.Value) {
						return b, []llvalue.Value{e.ld(b, H0, e.add(b, ho, b.NewMul(p, N), n))}
					},
					func(b *llvmir.Block) (*llvmir.Block, []llvalue.Value) { return b, []llvalue.Value{sbF(0)} })
				e.st(b, v[0], ST, b.NewAdd(b.NewMul(n, ldp), p))
				return b
			})
		})
		b = e.for_(f, b, "chunk", sbI(0), L, Q, func(b *llvmir.Block, s llvalue.Value) *llvmir.Block {
			qe := smin(b, Q, b.NewSub(L, s))
			// Decays and their running prefix products.
			b, _ = e.loop(f, b, "pre", sbI(0), qe, sbI(1), []llvalue.Value{sbF(1)},
				func(b *llvmir.Block, i llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
					a := e.ld(b, Ab, b.NewMul(b.NewAdd(s, i), slA))
					e.st(b, a, Av, i)
					m := e.flush(b, b.NewFMul(cur[0], a))
					e.st(b, m, Pre, i)
					return b, []llvalue.Value{m}
				})
			// Bᵀ of the chunk: BT[n, j] = B_{s+j}[n].
			b = e.for_(f, b, "bt.j", sbI(0), qe, sbI(1), func(b *llvmir.Block, j llvalue.Value) *llvmir.Block {
				row := b.NewMul(b.NewAdd(s, j), slB)
				return e.for_(f, b, "bt.n", sbI(0), N, sbI(1), func(b *llvmir.Block, n llvalue.Value) *llvmir.Block {
					e.st(b, e.ld(b, Bb, b.NewAdd(row, b.NewMul(n, snB))), BT, b.NewAdd(b.NewMul(n, ldq), j))
					return b
				})
			})
			Cs := b.NewGetElementPtr(lltypes.Float, Cb, b.NewMul(s, slC))
			Xs := b.NewGetElementPtr(lltypes.Float, Xb, b.NewMul(s, C))
			Ys := b.NewGetElementPtr(lltypes.Float, Yb, b.NewMul(s, C))
			// Panels of R rows of the chunk: W's rows [r0, r0+R) (their lower
			// part, C Bᵀ masked by the decay rows), then those rows of Y:
			// diag(pre) C S + W X. The scratch holds one panel of W, so a long
			// block (the quadratic form) needs R·q floats, not q².
			b = e.for_(f, b, "panel", sbI(0), qe, R, func(b *llvmir.Block, r0 llvalue.Value) *llvmir.Block {
				rows := smin(b, R, b.NewSub(qe, r0))
				r1 := b.NewAdd(r0, rows)
				Cr := b.NewGetElementPtr(lltypes.Float, Cs, b.NewMul(r0, slC))
				Yr := b.NewGetElementPtr(lltypes.Float, Ys, b.NewMul(r0, C))
				b.NewCall(gemm, rows, r1, N, Cr, slC, snC, BT, ldq, W, ldq, sbF(0), ffalse, null, ftrue, ffalse, r0)
				b = e.for_(f, b, "lm.i", r0, r1, sbI(1), func(b *llvmir.Block, i llvalue.Value) *llvmir.Block {
					ai := e.splat(b, e.ld(b, Av, i))
					i1 := b.NewAdd(i, sbI(1))
					wrow := b.NewMul(b.NewSub(i, r0), ldq)
					return e.for_(f, b, "lm.j", sbI(0), i1, sbI(lanes), func(b *llvmir.Block, j0 llvalue.Value) *llvmir.Block {
						mk := e.below(b, j0, i1)
						lt := e.below(b, j0, i)
						lv := e.mld(b, Lr, j0, mk)
						nl := b.NewSelect(lt, e.flush(b, b.NewFMul(lv, ai)), e.vconst(1))
						e.mst(b, nl, Lr, j0, mk)
						wi := b.NewAdd(wrow, j0)
						e.mst(b, b.NewFMul(e.mld(b, W, wi, mk), nl), W, wi, mk)
						return b
					})
				})
				preR := b.NewGetElementPtr(lltypes.Float, Pre, r0)
				b.NewCall(gemm, rows, P, N, Cr, slC, snC, ST, ldp, Yr, C, sbF(0), ffalse, preR, ffalse, ffalse, sbI(0))
				b.NewCall(gemm, rows, P, r1, W, ldq, sbI(1), Xs, C, Yr, C, sbF(1), ftrue, null, ffalse, ftrue, r0)
				return b
			})
			// Bᵀ scaled by the last row of Lm, then S' = pre_{q-1} S + (Lm_{q-1} ∘ B)ᵀ X.
			b = e.for_(f, b, "bs.n", sbI(0), N, sbI(1), func(b *llvmir.Block, n llvalue.Value) *llvmir.Block {
				row := b.NewMul(n, ldq)
				return e.for_(f, b, "bs.j", sbI(0), qe, sbI(lanes), func(b *llvmir.Block, j0 llvalue.Value) *llvmir.Block {
					mk := e.below(b, j0, qe)
					idx := b.NewAdd(row, j0)
					e.mst(b, b.NewFMul(e.mld(b, BT, idx, mk), e.mld(b, Lr, j0, mk)), BT, idx, mk)
					return b
				})
			})
			pl := e.ld(b, Pre, b.NewSub(qe, sbI(1)))
			b.NewCall(gemm, N, P, qe, BT, ldq, sbI(1), Xs, C, ST, ldp, pl, ftrue, null, ffalse, ffalse, sbI(0))
			return e.for_(f, b, "sf.n", sbI(0), N, sbI(1), func(b *llvmir.Block, n llvalue.Value) *llvmir.Block {
				row := b.NewMul(n, ldp)
				return e.for_(f, b, "sf.p", sbI(0), P, sbI(lanes), func(b *llvmir.Block, p0 llvalue.Value) *llvmir.Block {
					mk := e.below(b, p0, P)
					idx := b.NewAdd(row, p0)
					e.mst(b, e.flush(b, e.mld(b, ST, idx, mk)), ST, idx, mk)
					return b
				})
			})
		})
		return e.ifThen(f, b, "ht", wantHT, func(b *llvmir.Block) *llvmir.Block {
			return e.for_(f, b, "ht.p", sbI(0), P, sbI(1), func(b *llvmir.Block, p llvalue.Value) *llvmir.Block {
				return e.for_(f, b, "ht.n", sbI(0), N, sbI(1), func(b *llvmir.Block, n llvalue.Value) *llvmir.Block {
					e.st(b, e.ld(b, ST, b.NewAdd(b.NewMul(n, ldp), p)), HT, e.add(b, ho, b.NewMul(p, N), n))
					return b
				})
			})
		})
	})
	exit.NewRet(nil)
	return f
}

// --- FFT and convolutions ---

// sbCplx is a vector of lanes complex values (one per channel).
type sbCplx struct{ re, im llvalue.Value }

func (e *sbEmit) cadd(b *llvmir.Block, x, y sbCplx) sbCplx {
	return sbCplx{b.NewFAdd(x.re, y.re), b.NewFAdd(x.im, y.im)}
}

func (e *sbEmit) csub(b *llvmir.Block, x, y sbCplx) sbCplx {
	return sbCplx{b.NewFSub(x.re, y.re), b.NewFSub(x.im, y.im)}
}

// cmul is x·y with fused multiply-adds.
func (e *sbEmit) cmul(b *llvmir.Block, x, y sbCplx) sbCplx {
	re := e.vfma(b, x.re, y.re, b.NewFNeg(b.NewFMul(x.im, y.im)))
	im := e.vfma(b, x.re, y.im, b.NewFMul(x.im, y.re))
	return sbCplx{re, im}
}

// cload reads complex element t of a buffer of interleaved vectors
// (the real parts of lanes values, then their imaginary parts).
func (e *sbEmit) cload(b *llvmir.Block, p, t llvalue.Value) sbCplx {
	o := b.NewMul(t, sbI(2*int64(e.lanes)))
	return sbCplx{e.vld(b, p, o), e.vld(b, p, b.NewAdd(o, sbI(int64(e.lanes))))}
}

// cstore writes complex element t (see cload).
func (e *sbEmit) cstore(b *llvmir.Block, v sbCplx, p, t llvalue.Value) {
	o := b.NewMul(t, sbI(2*int64(e.lanes)))
	e.vst(b, v.re, p, o)
	e.vst(b, v.im, p, b.NewAdd(o, sbI(int64(e.lanes))))
}

// fft emits the batched FFT
//
//	fft(n, a, b, twr, twi) -> i1
//
// of lanes independent sequences of n (a power of two) complex values, one
// per vector lane (one channel each): element t of every sequence is the
// vector of real parts at a[2t·lanes] followed by the vector of imaginary
// parts (one pointer per buffer keeps the address arithmetic of the
// butterflies small). It is Stockham's self-sorting radix-4 (with one
// radix-2 pass when log2 n is odd), ping-ponging between a and b, and
// returns whether the result ended in b. Every butterfly is vertical SIMD
// over the channels: no shuffles, any size. twr/twi hold cos and -sin of
// 2πk/n for k < n (forward transform, unnormalised), computed in float64
// and rounded once.
func (e *sbEmit) fft() *llvmir.Func {
	n := llvmir.NewParam("n", lltypes.I64)
	pa, pb := sbPtrParam("a"), sbPtrParam("b")
	twr, twi := sbPtrParam("twr"), sbPtrParam("twi")
	f := e.fn("fft", lltypes.I1, n, pa, pb, twr, twi)
	entry := e.block(f, "entry")
	load := func(b *llvmir.Block, p, _, t llvalue.Value) sbCplx { return e.cload(b, p, t) }
	store := func(b *llvmir.Block, v sbCplx, p, _, t llvalue.Value) { e.cstore(b, v, p, t) }
	tw := func(b *llvmir.Block, k llvalue.Value) sbCplx {
		return sbCplx{e.splat(b, e.ld(b, twr, k)), e.splat(b, e.ld(b, twi, k))}
	}
	// Radix-4 passes while the length is at least 4. State: len, s (the
	// stride, len·s = n), src, dst, flip. A pass is one flat loop over its
	// n/4 butterflies: butterfly i (p = i/s, q = i mod s) reads elements
	// i + k·n/4 and writes q + s·(4p + k) = 4i - 3q + k·s, with twiddles
	// w^(k·p·s), so short and long strides run the same tight loop.
	head, body, done := e.block(f, "r4.head"), e.block(f, "r4.body"), e.block(f, "r4.done")
	entry.NewBr(head)
	ln := head.NewPhi(llvmir.NewIncoming(n, entry))
	s := head.NewPhi(llvmir.NewIncoming(sbI(1), entry))
	sre := head.NewPhi(llvmir.NewIncoming(pa, entry))
	dre := head.NewPhi(llvmir.NewIncoming(pb, entry))
	var sim, dim llvalue.Value
	flip := head.NewPhi(llvmir.NewIncoming(llconst.False, entry))
	head.NewCondBr(head.NewICmp(llenum.IPredSGE, ln, sbI(4)), body, done)
	n0 := body.NewLShr(ln, sbI(2))
	n4 := body.NewLShr(n, sbI(2))
	qmask := body.NewSub(s, sbI(1))
	end := e.for_(f, body, "r4.i", sbI(0), n4, sbI(1), func(b *llvmir.Block, i llvalue.Value) *llvmir.Block {
		q := b.NewAnd(i, qmask)
		t1 := b.NewSub(i, q)
		w1, w2, w3 := tw(b, t1), tw(b, b.NewShl(t1, sbI(1))), tw(b, b.NewMul(t1, sbI(3)))
		x0 := load(b, sre, sim, i)
		x1 := load(b, sre, sim, b.NewAdd(i, n4))
		x2 := load(b, sre, sim, b.NewAdd(i, b.NewShl(n4, sbI(1))))
		x3 := load(b, sre, sim, b.NewAdd(i, b.NewMul(n4, sbI(3))))
		apc, amc := e.cadd(b, x0, x2), e.csub(b, x0, x2)
		bpd, bmd := e.cadd(b, x1, x3), e.csub(b, x1, x3)
		jbmd := sbCplx{b.NewFNeg(bmd.im), bmd.re}
		o := b.NewSub(b.NewShl(i, sbI(2)), b.NewMul(q, sbI(3)))
		store(b, e.cadd(b, apc, bpd), dre, dim, o)
		store(b, e.cmul(b, w1, e.csub(b, amc, jbmd)), dre, dim, b.NewAdd(o, s))
		store(b, e.cmul(b, w2, e.csub(b, apc, bpd)), dre, dim, b.NewAdd(o, b.NewShl(s, sbI(1))))
		store(b, e.cmul(b, w3, e.cadd(b, amc, jbmd)), dre, dim, b.NewAdd(o, b.NewMul(s, sbI(3))))
		return b
	})
	ln.Incs = append(ln.Incs, llvmir.NewIncoming(n0, end))
	s.Incs = append(s.Incs, llvmir.NewIncoming(end.NewMul(s, sbI(4)), end))
	sre.Incs = append(sre.Incs, llvmir.NewIncoming(dre, end))
	dre.Incs = append(dre.Incs, llvmir.NewIncoming(sre, end))
	flip.Incs = append(flip.Incs, llvmir.NewIncoming(end.NewXor(flip, llconst.True), end))
	end.NewBr(head)
	// A last radix-2 pass when the length left is 2.
	r2, ret := e.block(f, "r2"), e.block(f, "ret")
	done.NewCondBr(done.NewICmp(llenum.IPredEQ, ln, sbI(2)), r2, ret)
	r2end := e.for_(f, r2, "r2.q", sbI(0), s, sbI(1), func(b *llvmir.Block, q llvalue.Value) *llvmir.Block {
		x0 := load(b, sre, sim, q)
		x1 := load(b, sre, sim, b.NewAdd(q, s))
		store(b, e.cadd(b, x0, x1), dre, dim, q)
		store(b, e.csub(b, x0, x1), dre, dim, b.NewAdd(q, s))
		return b
	})
	r2end.NewBr(ret)
	res := ret.NewPhi(llvmir.NewIncoming(flip, done), llvmir.NewIncoming(r2end.NewXor(flip, llconst.True), r2end))
	ret.NewRet(res)
	return f
}

// deinterleave splits two vectors of (re, im) pairs into re and im.
func (e *sbEmit) deinterleave(b *llvmir.Block, v0, v1 llvalue.Value) sbCplx {
	ev, od := make([]llconst.Constant, e.lanes), make([]llconst.Constant, e.lanes)
	for i := range ev {
		ev[i] = llconst.NewInt(lltypes.I32, int64(2*i))
		od[i] = llconst.NewInt(lltypes.I32, int64(2*i+1))
	}
	it := lltypes.NewVector(uint64(e.lanes), lltypes.I32)
	return sbCplx{b.NewShuffleVector(v0, v1, llconst.NewVector(it, ev...)), b.NewShuffleVector(v0, v1, llconst.NewVector(it, od...))}
}

// interleave is the inverse of deinterleave.
func (e *sbEmit) interleave(b *llvmir.Block, z sbCplx) (llvalue.Value, llvalue.Value) {
	lo, hi := make([]llconst.Constant, e.lanes), make([]llconst.Constant, e.lanes)
	for i := 0; i < e.lanes; i++ {
		j := i / 2
		if i%2 == 1 {
			j += e.lanes
		}
		lo[i] = llconst.NewInt(lltypes.I32, int64(j))
		hi[i] = llconst.NewInt(lltypes.I32, int64(j+e.lanes/2))
	}
	it := lltypes.NewVector(uint64(e.lanes), lltypes.I32)
	return b.NewShuffleVector(z.re, z.im, llconst.NewVector(it, lo...)), b.NewShuffleVector(z.re, z.im, llconst.NewVector(it, hi...))
}

// convLoad reads one channel block of x, [B, L, C] (c64: interleaved
// pairs), at row = b·L + t: lanes channels from c0, of which valid exist
// (the others read as 0).
func (e *sbEmit) convLoad(f *llvmir.Func, b *llvmir.Block, x, C, xcplx, row, c0, valid llvalue.Value) (*llvmir.Block, sbCplx) {
	lanes := int64(e.lanes)
	o := b.NewAdd(b.NewMul(row, C), c0)
	b, v := e.ifElse(f, b, "xl", xcplx,
		func(b *llvmir.Block) (*llvmir.Block, []llvalue.Value) {
			o2, v2 := b.NewMul(o, sbI(2)), b.NewMul(valid, sbI(2))
			z := e.deinterleave(b, e.mld(b, x, o2, e.below(b, sbI(0), v2)), e.mld(b, x, b.NewAdd(o2, sbI(lanes)), e.below(b, sbI(lanes), v2)))
			return b, []llvalue.Value{z.re, z.im}
		},
		func(b *llvmir.Block) (*llvmir.Block, []llvalue.Value) {
			return b, []llvalue.Value{e.mld(b, x, o, e.below(b, sbI(0), valid)), llconst.NewZeroInitializer(e.vt)}
		})
	return b, sbCplx{v[0], v[1]}
}

// convStore writes one channel block of y (see convLoad): the real part,
// or both when ycplx.
func (e *sbEmit) convStore(f *llvmir.Func, b *llvmir.Block, y, C, ycplx, row, c0, valid llvalue.Value, z sbCplx) *llvmir.Block {
	lanes := int64(e.lanes)
	o := b.NewAdd(b.NewMul(row, C), c0)
	tb, eb, after := e.block(f, "ys.c"), e.block(f, "ys.r"), e.block(f, "ys.end")
	b.NewCondBr(ycplx, tb, eb)
	o2, v2 := tb.NewMul(o, sbI(2)), tb.NewMul(valid, sbI(2))
	lo, hi := e.interleave(tb, z)
	e.mst(tb, lo, y, o2, e.below(tb, sbI(0), v2))
	e.mst(tb, hi, y, tb.NewAdd(o2, sbI(lanes)), e.below(tb, sbI(lanes), v2))
	tb.NewBr(after)
	e.mst(eb, z.re, y, o, e.below(eb, sbI(0), valid))
	eb.NewBr(after)
	return after
}

// convFFT emits the FFT convolution: per item (b, channel block), x is
// transformed (zero-padded to n), multiplied by the block's prepared
// spectrum (already scaled by 1/n; [n][2][lanes] per block, interleaved as
// the FFT's buffers), and transformed back as the conjugate of the forward
// transform of the conjugate; the first L values are y.
func (e *sbEmit) convFFT(fft *llvmir.Func) *llvmir.Func {
	k := NewKernelFunc(e.m, e.name+".convfft", e.variant)
	k.F.Linkage = llenum.LinkageInternal
	f := k.F
	lanes := int64(e.lanes)
	entry := e.block(f, "entry")
	L, n, C, NB, flags := k.Int(entry, cvL), k.Int(entry, cvNFFT), k.Int(entry, cvC), k.Int(entry, cvNB), k.Int(entry, cvFlags)
	flag := func(m int64) llvalue.Value { return entry.NewICmp(llenum.IPredNE, entry.NewAnd(flags, sbI(m)), sbI(0)) }
	xc, yc, perBatch := flag(cvXComplex), flag(cvYComplex), flag(cvPerBatch)
	scr, twr := k.Ptrs[cvPScratch], k.Ptrs[cvPTw]
	twi := entry.NewGetElementPtr(lltypes.Float, twr, n)
	n2l := entry.NewMul(n, sbI(2*lanes))
	buf0, buf1 := scr, entry.NewGetElementPtr(lltypes.Float, scr, n2l)
	zero := llconst.NewZeroInitializer(e.vt)
	exit := e.for_(f, entry, "u", k.Lo, k.Hi, sbI(1), func(b *llvmir.Block, u llvalue.Value) *llvmir.Block {
		bi, blk := b.NewSDiv(u, NB), b.NewSRem(u, NB)
		c0 := b.NewMul(blk, sbI(lanes))
		valid := smin(b, sbI(lanes), b.NewSub(C, c0))
		rowb := b.NewMul(bi, L)
		b = e.for_(f, b, "ld", sbI(0), L, sbI(1), func(b *llvmir.Block, t llvalue.Value) *llvmir.Block {
			b, z := e.convLoad(f, b, k.Ptrs[cvPX], C, xc, b.NewAdd(rowb, t), c0, valid)
			e.cstore(b, z, buf0, t)
			return b
		})
		b = e.for_(f, b, "pad", L, n, sbI(1), func(b *llvmir.Block, t llvalue.Value) *llvmir.Block {
			e.cstore(b, sbCplx{zero, zero}, buf0, t)
			return b
		})
		fl := b.NewCall(fft, n, buf0, buf1, twr, twi)
		src, dst := b.NewSelect(fl, buf1, buf0), b.NewSelect(fl, buf0, buf1)
		kb := b.NewSelect(perBatch, b.NewAdd(b.NewMul(bi, NB), blk), blk)
		sp := b.NewGetElementPtr(lltypes.Float, k.Ptrs[cvPK], b.NewMul(kb, n2l))
		b = e.for_(f, b, "mul", sbI(0), n, sbI(1), func(b *llvmir.Block, t llvalue.Value) *llvmir.Block {
			z := e.cmul(b, e.cload(b, src, t), e.cload(b, sp, t))
			e.cstore(b, sbCplx{z.re, b.NewFNeg(z.im)}, src, t)
			return b
		})
		fl2 := b.NewCall(fft, n, src, dst, twr, twi)
		res := b.NewSelect(fl2, dst, src)
		return e.for_(f, b, "st", sbI(0), L, sbI(1), func(b *llvmir.Block, t llvalue.Value) *llvmir.Block {
			z := e.cload(b, res, t)
			return e.convStore(f, b, k.Ptrs[cvPY], C, yc, b.NewAdd(rowb, t), c0, valid, sbCplx{z.re, b.NewFNeg(z.im)})
		})
	})
	exit.NewRet(nil)
	return f
}

// spectrum emits the transform of convolution kernels: item u reads the
// kernel block [2][L][lanes] at u·2·L·lanes of p0 (the imaginary plane only
// when cvKComplex), and writes its spectrum scaled by 1/n, [n][2][lanes],
// at u·2·n·lanes of p1.
func (e *sbEmit) spectrum(fft *llvmir.Func) *llvmir.Func {
	k := NewKernelFunc(e.m, e.name+".spectrum", e.variant)
	k.F.Linkage = llenum.LinkageInternal
	f := k.F
	lanes := int64(e.lanes)
	entry := e.block(f, "entry")
	L, n, flags := k.Int(entry, cvL), k.Int(entry, cvNFFT), k.Int(entry, cvFlags)
	kc := entry.NewICmp(llenum.IPredNE, entry.NewAnd(flags, sbI(cvKComplex)), sbI(0))
	scr, twr := k.Ptrs[cvPScratch], k.Ptrs[cvPTw]
	twi := entry.NewGetElementPtr(lltypes.Float, twr, n)
	n2l, ll := entry.NewMul(n, sbI(2*lanes)), entry.NewMul(L, sbI(lanes))
	buf0, buf1 := scr, entry.NewGetElementPtr(lltypes.Float, scr, n2l)
	inv := e.splat(entry, entry.NewFDiv(sbF(1), entry.NewSIToFP(n, lltypes.Float)))
	zero := llconst.NewZeroInitializer(e.vt)
	exit := e.for_(f, entry, "u", k.Lo, k.Hi, sbI(1), func(b *llvmir.Block, u llvalue.Value) *llvmir.Block {
		kr := b.NewGetElementPtr(lltypes.Float, k.Ptrs[cvPX], b.NewMul(u, b.NewMul(ll, sbI(2))))
		ki := b.NewGetElementPtr(lltypes.Float, kr, ll)
		b = e.for_(f, b, "ld", sbI(0), L, sbI(1), func(b *llvmir.Block, t llvalue.Value) *llvmir.Block {
			o := b.NewMul(t, sbI(lanes))
			b, im := e.ifElse(f, b, "ki", kc,
				func(b *llvmir.Block) (*llvmir.Block, []llvalue.Value) { return b, []llvalue.Value{e.vld(b, ki, o)} },
				func(b *llvmir.Block) (*llvmir.Block, []llvalue.Value) { return b, []llvalue.Value{zero} })
			e.cstore(b, sbCplx{e.vld(b, kr, o), im[0]}, buf0, t)
			return b
		})
		b = e.for_(f, b, "pad", L, n, sbI(1), func(b *llvmir.Block, t llvalue.Value) *llvmir.Block {
			e.cstore(b, sbCplx{zero, zero}, buf0, t)
			return b
		})
		fl := b.NewCall(fft, n, buf0, buf1, twr, twi)
		res := b.NewSelect(fl, buf1, buf0)
		sp := b.NewGetElementPtr(lltypes.Float, k.Ptrs[cvPK], b.NewMul(u, n2l))
		return e.for_(f, b, "st", sbI(0), n, sbI(1), func(b *llvmir.Block, t llvalue.Value) *llvmir.Block {
			z := e.cload(b, res, t)
			e.cstore(b, sbCplx{b.NewFMul(z.re, inv), b.NewFMul(z.im, inv)}, sp, t)
			return b
		})
	})
	exit.NewRet(nil)
	return f
}

// convDirect emits the direct causal convolution y_t = sum_{j<=t} K_{t-j} x_j
// per item (b, channel block), for short sequences: x is gathered into the
// scratch ([2][L][lanes]) and the kernel block is read from p1
// ([2][L][lanes] per block), in real arithmetic unless x or K is complex.
func (e *sbEmit) convDirect() *llvmir.Func {
	k := NewKernelFunc(e.m, e.name+".convdir", e.variant)
	k.F.Linkage = llenum.LinkageInternal
	f := k.F
	lanes := int64(e.lanes)
	entry := e.block(f, "entry")
	L, C, NB, flags := k.Int(entry, cvL), k.Int(entry, cvC), k.Int(entry, cvNB), k.Int(entry, cvFlags)
	flag := func(m int64) llvalue.Value { return entry.NewICmp(llenum.IPredNE, entry.NewAnd(flags, sbI(m)), sbI(0)) }
	xc, yc, perBatch := flag(cvXComplex), flag(cvYComplex), flag(cvPerBatch)
	cplxPath := entry.NewICmp(llenum.IPredNE, entry.NewAnd(flags, sbI(cvXComplex|cvKComplex)), sbI(0))
	ll := entry.NewMul(L, sbI(lanes))
	xr, xi := k.Ptrs[cvPScratch], entry.NewGetElementPtr(lltypes.Float, k.Ptrs[cvPScratch], ll)
	zero := llconst.NewZeroInitializer(e.vt)
	exit := e.for_(f, entry, "u", k.Lo, k.Hi, sbI(1), func(b *llvmir.Block, u llvalue.Value) *llvmir.Block {
		bi, blk := b.NewSDiv(u, NB), b.NewSRem(u, NB)
		c0 := b.NewMul(blk, sbI(lanes))
		valid := smin(b, sbI(lanes), b.NewSub(C, c0))
		rowb := b.NewMul(bi, L)
		b = e.for_(f, b, "ld", sbI(0), L, sbI(1), func(b *llvmir.Block, t llvalue.Value) *llvmir.Block {
			b, z := e.convLoad(f, b, k.Ptrs[cvPX], C, xc, b.NewAdd(rowb, t), c0, valid)
			o := b.NewMul(t, sbI(lanes))
			e.vst(b, z.re, xr, o)
			e.vst(b, z.im, xi, o)
			return b
		})
		kb := b.NewSelect(perBatch, b.NewAdd(b.NewMul(bi, NB), blk), blk)
		kr := b.NewGetElementPtr(lltypes.Float, k.Ptrs[cvPK], b.NewMul(kb, b.NewMul(ll, sbI(2))))
		ki := b.NewGetElementPtr(lltypes.Float, kr, ll)
		return e.for_(f, b, "t", sbI(0), L, sbI(1), func(b *llvmir.Block, t llvalue.Value) *llvmir.Block {
			t1 := b.NewAdd(t, sbI(1))
			b, acc := e.ifElse(f, b, "path", cplxPath,
				func(b *llvmir.Block) (*llvmir.Block, []llvalue.Value) {
					return e.loop(f, b, "jc", sbI(0), t1, sbI(1), []llvalue.Value{zero, zero},
						func(b *llvmir.Block, j llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
							oj, ok := b.NewMul(j, sbI(lanes)), b.NewMul(b.NewSub(t, j), sbI(lanes))
							x := sbCplx{e.vld(b, xr, oj), e.vld(b, xi, oj)}
							kk := sbCplx{e.vld(b, kr, ok), e.vld(b, ki, ok)}
							re := e.vfma(b, kk.re, x.re, e.vfma(b, b.NewFNeg(kk.im), x.im, cur[0]))
							im := e.vfma(b, kk.re, x.im, e.vfma(b, kk.im, x.re, cur[1]))
							return b, []llvalue.Value{re, im}
						})
				},
				func(b *llvmir.Block) (*llvmir.Block, []llvalue.Value) {
					b, v := e.loop(f, b, "jr", sbI(0), t1, sbI(1), []llvalue.Value{zero},
						func(b *llvmir.Block, j llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
							oj, ok := b.NewMul(j, sbI(lanes)), b.NewMul(b.NewSub(t, j), sbI(lanes))
							return b, []llvalue.Value{e.vfma(b, e.vld(b, kr, ok), e.vld(b, xr, oj), cur[0])}
						})
					return b, []llvalue.Value{v[0], zero}
				})
			return e.convStore(f, b, k.Ptrs[cvPY], C, yc, b.NewAdd(rowb, t), c0, valid, sbCplx{acc[0], acc[1]})
		})
	})
	exit.NewRet(nil)
	return f
}

// emit builds every function and the entry switch.
func (e *sbEmit) emit() {
	gemm := e.gemm()
	ssd := e.ssd(gemm)
	fft := e.fft()
	cf := e.convFFT(fft)
	cd := e.convDirect()
	sp := e.spectrum(fft)
	k := NewKernelFunc(e.m, e.name, e.variant)
	entry := k.F.NewBlock("entry")
	sel := k.Int(entry, 0)
	exit := k.F.NewBlock("exit")
	exit.NewRet(nil)
	var cases []*llvmir.Case
	for i, fn := range []*llvmir.Func{ssd, cf, cd, sp} {
		b := k.F.NewBlock(fmt.Sprintf("sel%d", i+1))
		args := []llvalue.Value{k.Lo, k.Hi, k.Ints}
		for _, p := range k.Ptrs {
			args = append(args, p)
		}
		b.NewCall(fn, args...)
		b.NewBr(exit)
		cases = append(cases, llvmir.NewCase(llconst.NewInt(lltypes.I64, int64(i+1)), b))
	}
	entry.NewSwitch(sel, exit, cases...)
}
