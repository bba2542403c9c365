package llvm

import (
	"fmt"
	"math"

	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// The fused Mamba-1 selective scan (the interpreter's op selective_scan,
// NUMERICS §1.2), one kernel per SelectiveSpec and variant:
//
//	h[d,n] = exp(delta_t[d]·A[d,n])·h[d,n] + delta_t[d]·Bm_t[g(d),n]·u_t[d]
//	y_t[d] = Σ_n Cm_t[g(d),n]·h[d,n] (+ Dskip[d]·u_t[d]) (· silu(z_t[d]))
//
// Design (docs KERNELS.md, Scans): channels across the vector lanes, the time
// loop inside, the state h[N][lanes] held in N vector registers for the whole
// sequence, u/delta/z/y read and written as one contiguous run of lanes per
// step (they are [B, L, D], channels innermost), Bm_t[n] and Cm_t[n]
// broadcast. Every lane block lies inside one group, so B and C are scalars
// per step: blocks are counted per group, and a group whose size is not a
// multiple of the lanes ends in a masked block.
//
// Kernel ABI (abi.go): the parallel axis [lo, hi) counts (batch, group,
// block) triples, B·G·ceil((D/G)/lanes) of them, batch outermost.
//
//	ints: [0] L (time steps), [1] D (channels)
//	p0 u, p1 delta, p2 consts (SelectiveConsts), p3 Bm, p4 Cm,
//	p5 z (Gate), p6 y, p7 H0 (State; nil: zero state), p8 HT (State; nil: not written)
//
// Only H0 and HT may overlap, and then only as the same buffer.
const (
	selPU = iota
	selPDelta
	selPConsts
	selPB
	selPC
	selPZ
	selPY
	selPH0
	selPHT
)

// SelectiveMaxN bounds the state size a kernel is emitted for: the state
// lives in registers (16 of 32 zmm at N = 16); much beyond that it would be
// spilled every step and code size grows with N.
const SelectiveMaxN = 64

// selFlushEvery and selTiny: every selFlushEvery steps the state entries below
// selTiny in magnitude are set to zero, as the interpreter does
// (backend/interp/kernels/ssm/denormal.go): a state decaying with a factor
// above 1/2 would otherwise reach the subnormal range and stay there, and
// subnormal arithmetic is one to two orders of magnitude slower. Values under
// 2^-100 are ~30 orders of magnitude below the outputs of a live sequence.
const (
	selFlushEvery = 16
	selTiny       = 0x1p-100
)

// 2^f ≈ Q(f) on [-1/2, 1/2], degree 6, relative error 3.0e-9 (0.05 float32
// ulp): a weighted minimax fit (Lawson iteration on Chebyshev points, in
// float64) with c0 = 1 exactly, so that integer arguments are exact, each
// coefficient rounded to float32 in turn and the higher ones refitted
// (TestSelectiveExp2Fit).
var selExp2Q = []float32{1, 6.9314718246e-01, 2.4022647738e-01, 5.5503599346e-02, 9.6185058355e-03, 1.3390807435e-03, 1.5326470020e-04}

// SelectiveSpec is what a selective-scan kernel fixes at emission; the batch
// size B, the length L and the channel count D are run-time arguments.
type SelectiveSpec struct {
	N     int  // state size per channel (d_state), 1..SelectiveMaxN
	G     int  // groups of Bm and Cm (channel d uses group d/(D/G)); Mamba-1 has 1
	Skip  bool // y += Dskip·u
	Gate  bool // y *= silu(z)
	State bool // read H0 (when given) and write HT (when given)
}

func (s SelectiveSpec) validate() error {
	if s.N < 1 || s.N > SelectiveMaxN {
		return fmt.Errorf("llvm: selective scan: N = %d, want 1..%d", s.N, SelectiveMaxN)
	}
	if s.G < 1 {
		return fmt.Errorf("llvm: selective scan: G = %d, want >= 1", s.G)
	}
	return nil
}

// EmitSelective adds to m one function named name with the kernel ABI
// (NewKernelFunc) computing the selective scan of spec s for variant V4
// (<16 x float>, AVX-512) or V3 (<8 x float>, AVX2 + FMA). Its arguments are
// described above (selPU...); SelectiveKernel.Run passes them. The function
// uses only instructions: no libm, no calls. Several kernels may share m.
func EmitSelective(m *llvmir.Module, name string, s SelectiveSpec, variant string) error {
	if err := s.validate(); err != nil {
		return err
	}
	if variant != V3 && variant != V4 {
		return fmt.Errorf("llvm: selective scan: unknown variant %q (want %q or %q)", variant, V3, V4)
	}
	if !isCIdent(name) {
		return fmt.Errorf("llvm: selective scan: name %q is not a C identifier", name)
	}
	for _, f := range m.Funcs {
		if f.Name() == name {
			return fmt.Errorf("llvm: selective scan: module already has a function %q", name)
		}
	}
	e := newSelEmit(m, variant)
	e.s = s
	// H0 and HT may be one buffer (a state updated in place): each block
	// reads its part of H0 before it writes the same part of HT.
	e.k = NewKernelFunc(m, name, variant, selPH0, selPHT)
	e.emit()
	return nil
}

// newSelEmit returns an emitter for variant that reuses the intrinsic
// declarations m already holds (another kernel may have declared them).
func newSelEmit(m *llvmir.Module, variant string) *selEmit {
	in := &intrinsics{m: m, funcs: map[string]*llvmir.Func{}}
	for _, f := range m.Funcs {
		if len(f.Blocks) == 0 {
			in.funcs[f.Name()] = f
		}
	}
	lanes := VariantLanes(variant)
	return &selEmit{
		v4: variant == V4, lanes: lanes, in: in,
		vt: lltypes.NewVector(uint64(lanes), lltypes.Float),
		mt: lltypes.NewVector(uint64(lanes), lltypes.I1),
	}
}

// selEmit holds the state of one EmitSelective call.
type selEmit struct {
	s     SelectiveSpec
	v4    bool
	lanes int
	in    *intrinsics
	k     *KernelFunc
	vt    *lltypes.VectorType // <lanes x float>
	mt    *lltypes.VectorType // <lanes x i1>
}

func selI32(v int64) llvalue.Value { return llconst.NewInt(lltypes.I32, v) }

// decl returns the declaration of an intrinsic with a mixed signature
// (intrinsics.get covers only float ops of one type), declaring it once.
func (e *selEmit) decl(name string, ret lltypes.Type, params ...lltypes.Type) *llvmir.Func {
	if f, ok := e.in.funcs[name]; ok {
		return f
	}
	ps := make([]*llvmir.Param, len(params))
	for i, t := range params {
		ps[i] = llvmir.NewParam("", t)
	}
	f := e.in.m.NewFunc(name, ret, ps...)
	e.in.funcs[name] = f
	return f
}

// vsuf is the overload suffix of the float vector type, e.g. "v16f32".
func (e *selEmit) vsuf() string { return suffix(e.vt) }

// iota returns the constant <0, step, 2·step, ...> of lanes elements of type t.
func (e *selEmit) iota(t *lltypes.IntType, step int64) llvalue.Value {
	el := make([]llconst.Constant, e.lanes)
	for j := range el {
		el[j] = llconst.NewInt(t, int64(j)*step)
	}
	return llconst.NewVector(lltypes.NewVector(uint64(e.lanes), t), el...)
}

// splat broadcasts the scalar x to every lane (insertelement + shuffle, which
// llc turns into a broadcast, folded into the user's memory operand when x is
// a load).
func (e *selEmit) splat(b *llvmir.Block, x llvalue.Value) llvalue.Value {
	vt := lltypes.NewVector(uint64(e.lanes), x.Type())
	ins := b.NewInsertElement(llconst.NewUndef(vt), x, selI32(0))
	zero := llconst.NewZeroInitializer(lltypes.NewVector(uint64(e.lanes), lltypes.I32))
	return b.NewShuffleVector(ins, llconst.NewUndef(vt), zero)
}

// load reads lanes floats at p[idx], under mask when mask is not nil
// (disabled lanes read as 0 and touch no memory).
func (e *selEmit) load(b *llvmir.Block, p, idx, mask llvalue.Value) llvalue.Value {
	if mask == nil {
		return loadAt(b, e.vt, p, idx)
	}
	ptr := b.NewBitCast(b.NewGetElementPtr(lltypes.Float, p, idx), lltypes.NewPointer(e.vt))
	f := e.decl("llvm.masked.load."+e.vsuf()+".p0"+e.vsuf(), e.vt, lltypes.NewPointer(e.vt), lltypes.I32, e.mt, e.vt)
	return b.NewCall(f, ptr, selI32(4), mask, llconst.NewZeroInitializer(e.vt))
}

// store writes v to p[idx], under mask when mask is not nil.
func (e *selEmit) store(b *llvmir.Block, v, p, idx, mask llvalue.Value) {
	if mask == nil {
		storeAt(b, v, p, idx)
		return
	}
	ptr := b.NewBitCast(b.NewGetElementPtr(lltypes.Float, p, idx), lltypes.NewPointer(e.vt))
	f := e.decl("llvm.masked.store."+e.vsuf()+".p0"+e.vsuf(), lltypes.Void, e.vt, lltypes.NewPointer(e.vt), lltypes.I32, e.mt)
	b.NewCall(f, v, ptr, selI32(4), mask)
}

// gather reads p[idx[j]] into lane j where mask is set (0 elsewhere).
func (e *selEmit) gather(b *llvmir.Block, p, idx, mask llvalue.Value) llvalue.Value {
	ptrs := b.NewGetElementPtr(lltypes.Float, p, idx)
	pvt := lltypes.NewVector(uint64(e.lanes), lltypes.NewPointer(lltypes.Float))
	f := e.decl("llvm.masked.gather."+e.vsuf()+".v"+itoa(e.lanes)+"p0f32", e.vt, pvt, lltypes.I32, e.mt, e.vt)
	return b.NewCall(f, ptrs, selI32(4), mask, llconst.NewZeroInitializer(e.vt))
}

// scatter writes lane j of v to p[idx[j]] where mask is set.
func (e *selEmit) scatter(b *llvmir.Block, v, p, idx, mask llvalue.Value) {
	ptrs := b.NewGetElementPtr(lltypes.Float, p, idx)
	pvt := lltypes.NewVector(uint64(e.lanes), lltypes.NewPointer(lltypes.Float))
	f := e.decl("llvm.masked.scatter."+e.vsuf()+".v"+itoa(e.lanes)+"p0f32", lltypes.Void, e.vt, pvt, lltypes.I32, e.mt)
	b.NewCall(f, v, ptrs, selI32(4), mask)
}

// selPrefetchSteps is how many steps ahead the time loop prefetches u,
// delta, z and y.
const selPrefetchSteps = 8

// prefetch touches the rows of u, delta, z (read) and y (written)
// selPrefetchSteps steps after offset xo.
func (e *selEmit) prefetch(b *llvmir.Block, xo, D llvalue.Value) {
	i8p := lltypes.NewPointer(lltypes.I8)
	pf := e.decl("llvm.prefetch.p0i8", lltypes.Void, i8p, lltypes.I32, lltypes.I32, lltypes.I32)
	ahead := b.NewAdd(xo, b.NewMul(D, i64c(selPrefetchSteps)))
	ptrs := []int{selPU, selPDelta, selPY}
	if e.s.Gate {
		ptrs = append(ptrs, selPZ)
	}
	for _, pi := range ptrs {
		rw := int64(0)
		if pi == selPY {
			rw = 1
		}
		// A plain (not inbounds) GEP: the address may lie past the
		// buffer, which a prefetch never faults on.
		addr := b.NewBitCast(b.NewGetElementPtr(lltypes.Float, e.k.Ptrs[pi], ahead), i8p)
		b.NewCall(pf, addr, selI32(rw), selI32(3), selI32(1))
	}
}

// exp2 returns 2^x for every float32 x (NaN propagates, large arguments
// overflow to +Inf, small ones go to 0) as Q(f)·2^k with k = round(x) and
// f = x - k ∈ [-1/2, 1/2]. With round-to-nearest, f is exact: near x = 0,
// where decays are close to 1 and errors live longest, f = x keeps every bit
// of x. (Rounding down, f = 1 + x for small negative x loses the low bits of
// x: a quantization of the decay that measurably grows with the memory of
// the channel.)
//
// V4: f by vreduceps (exact), then Q(f)·2^(x-f) by vscalefps, which handles
// every range: ±Inf reduce to f = 0 and scale to +Inf or 0, results round
// once into the subnormals.
//
// V3: x clamped to [-126, 128], 2^(k-1) built in the exponent field and
// 2·Q(f) (coefficients doubled, exactly) as the polynomial, so that k = 128
// still has a finite scale and the product overflows exactly when 2^x does;
// k = -126 gives the field 0, i.e. 0 where the exact result is below
// 2^-125.5 (a flush).
func (e *selEmit) exp2(g *bld, x llvalue.Value) llvalue.Value {
	if e.v4 {
		i16, i32 := lltypes.I16, lltypes.I32
		red := e.decl("llvm.x86.avx512.mask.reduce.ps.512", e.vt, e.vt, i32, e.vt, i16, i32)
		scalef := e.decl("llvm.x86.avx512.mask.scalef.ps.512", e.vt, e.vt, e.vt, e.vt, i16, i32)
		// imm 8: keep 0 fraction bits, round to nearest even (0), suppress
		// the precision exception (8). Rounding argument 4: current
		// direction.
		f := g.b.NewCall(red, x, selI32(8), llconst.NewUndef(e.vt), llconst.NewInt(i16, -1), selI32(4))
		p := g.poly(f, selExp2Q...)
		return g.b.NewCall(scalef, p, g.sub(x, f), llconst.NewUndef(e.vt), llconst.NewInt(i16, -1), selI32(4))
	}
	xc := g.sel(g.cmp(llenum.FPredOLT, x, g.f(-126)), g.f(-126), x)
	xc = g.sel(g.cmp(llenum.FPredOGT, xc, g.f(128)), g.f(128), xc)
	kf := g.b.NewCall(e.in.get("llvm.roundeven", g.ft, 1), xc)
	q2 := make([]float32, len(selExp2Q))
	for i, c := range selExp2Q {
		q2[i] = 2 * c
	}
	p := g.poly(g.sub(xc, kf), q2...)
	k := g.b.NewFPToSI(kf, g.it)
	return g.mul(p, g.float(g.shl(g.iadd(k, g.i(126)), g.i(23))))
}

// emit writes the function body:
//
//	for i in [lo, hi): (b, g, blk) = split(i)
//	    full block ? scan(unmasked) : scan(masked)
func (e *selEmit) emit() {
	k, s, lanes := e.k, e.s, int64(e.lanes)
	f := k.F
	entry := f.NewBlock("entry")
	head := f.NewBlock("blk.head")
	latch := f.NewBlock("blk.latch")
	exit := f.NewBlock("exit")

	L, D := k.Int(entry, 0), k.Int(entry, 1)
	dg := entry.NewSDiv(D, i64c(int64(s.G)))                                             // channels per group
	bpg := entry.NewLShr(entry.NewAdd(dg, i64c(lanes-1)), i64c(int64(selLog2(e.lanes)))) // blocks per group
	perB := entry.NewMul(bpg, i64c(int64(s.G)))
	entry.NewCondBr(entry.NewICmp(llenum.IPredSLT, k.Lo, k.Hi), head, exit)

	i := head.NewPhi(llvmir.NewIncoming(k.Lo, entry))
	i.SetName("i")
	bi := head.NewUDiv(i, perB)
	r := head.NewSub(i, head.NewMul(bi, perB)) // block index within the batch
	gi := head.NewUDiv(r, bpg)
	blk := head.NewSub(r, head.NewMul(gi, bpg))
	c0 := head.NewMul(blk, i64c(lanes)) // first channel of the block within its group
	d0 := head.NewAdd(head.NewMul(gi, dg), c0)
	nch := head.NewSub(dg, c0) // channels left in the group, >= 1
	at := &selBlock{
		L: L, D: D, nch: nch,
		cbase: head.NewMul(r, i64c(int64(s.N+1)*lanes)),
		xoff:  head.NewAdd(head.NewMul(head.NewMul(bi, L), D), d0),
		bcoff: head.NewMul(head.NewAdd(head.NewMul(head.NewMul(bi, L), i64c(int64(s.G))), gi), i64c(int64(s.N))),
		hoff:  head.NewMul(head.NewAdd(head.NewMul(bi, D), d0), i64c(int64(s.N))),
	}
	fullPre := f.NewBlock("full.pre")
	tailPre := f.NewBlock("tail.pre")
	head.NewCondBr(head.NewICmp(llenum.IPredSGE, nch, i64c(lanes)), fullPre, tailPre)
	e.scan(fullPre, "full", at, false, latch)
	e.scan(tailPre, "tail", at, true, latch)

	next := latch.NewAdd(i, i64c(1))
	i.Incs = append(i.Incs, llvmir.NewIncoming(next, latch))
	latch.NewCondBr(latch.NewICmp(llenum.IPredSLT, next, k.Hi), head, exit)
	exit.NewRet(nil)
}

// selBlock holds the per-block values scan starts from.
type selBlock struct {
	L, D  llvalue.Value
	nch   llvalue.Value // channels of the block (masked path: < lanes)
	cbase llvalue.Value // offset of the block's constants in p2
	xoff  llvalue.Value // offset of (b, t = 0, d0) in u, delta, z, y
	bcoff llvalue.Value // offset of (b, t = 0, g, n = 0) in Bm, Cm
	hoff  llvalue.Value // offset of (b, d0, n = 0) in H0, HT
}

func selLog2(n int) int {
	k := 0
	for 1<<k < n {
		k++
	}
	return k
}

// scan emits the time loop of one block starting at pre and branching to
// done when finished. masked selects the path of a partial block: loads and
// stores of u, delta, z, y, H0 and HT are masked to the block's channels
// (the constants are padded with zeros, so the disabled lanes compute
// h = 1·0 + 0).
//
// The loop is two nested loops: chunks of selFlushEvery steps, each followed
// by the flush of tiny states unless it was the last. A flush branch inside
// one loop would merge two values of every state register at the latch,
// which llc resolves with register copies on every step.
func (e *selEmit) scan(pre *llvmir.Block, tag string, at *selBlock, masked bool, done *llvmir.Block) {
	k, s, N := e.k, e.s, e.s.N
	f := k.F
	chunk := f.NewBlock(tag + ".chunk")
	loop := f.NewBlock(tag + ".loop")
	chunkEnd := f.NewBlock(tag + ".chunk.end")
	flush := f.NewBlock(tag + ".flush")
	post := f.NewBlock(tag + ".post")
	lanes := e.lanes

	var mask llvalue.Value
	all := llvalue.Value(llconst.NewVector(e.mt, selRepeat(llconst.True, lanes)...))
	if masked {
		mask = pre.NewICmp(llenum.IPredSLT, e.iota(lltypes.I32, 1), e.splat(pre, pre.NewTrunc(at.nch, lltypes.I32)))
		all = mask
	}

	// Initial state: H0[b, d0+j, n] into lane j of h[n]. A full block with
	// N a multiple of the lanes holds N/lanes square lanes×lanes tiles of
	// [B, D, N]: loaded row by row and transposed with shuffles, which costs
	// a fraction of gathering (this is most of a step in streaming mode,
	// L = 1). Otherwise, one masked gather per n.
	square := !masked && N%lanes == 0
	h0 := make([]llvalue.Value, N)
	var hidx llvalue.Value
	switch {
	case s.State && square:
		load := f.NewBlock(tag + ".h0.load")
		join := f.NewBlock(tag + ".h0.join")
		has := pre.NewICmp(llenum.IPredNE, k.Ptrs[selPH0], llconst.NewNull(lltypes.NewPointer(lltypes.Float)))
		pre.NewCondBr(has, load, join)
		vals := make([]llvalue.Value, 0, N)
		for q := 0; q < N; q += lanes {
			rows := make([]llvalue.Value, lanes)
			for j := range rows {
				rows[j] = loadAt(load, e.vt, k.Ptrs[selPH0], load.NewAdd(at.hoff, i64c(int64(j*N+q))))
			}
			vals = append(vals, e.transpose(load, rows)...)
		}
		load.NewBr(join)
		for n := range h0 {
			h0[n] = join.NewPhi(llvmir.NewIncoming(vals[n], load), llvmir.NewIncoming(llconst.NewZeroInitializer(e.vt), pre))
		}
		pre = join
	case s.State:
		hidx = pre.NewAdd(e.splat(pre, at.hoff), e.iota(lltypes.I64, int64(N)))
		has := pre.NewICmp(llenum.IPredNE, k.Ptrs[selPH0], llconst.NewNull(lltypes.NewPointer(lltypes.Float)))
		m0 := pre.NewAnd(all, e.splat(pre, has))
		for n := range h0 {
			h0[n] = e.gather(pre, k.Ptrs[selPH0], pre.NewAdd(hidx, e.splat(pre, i64c(int64(n)))), m0)
		}
	default:
		for n := range h0 {
			h0[n] = llconst.NewZeroInitializer(e.vt)
		}
	}
	var dskip llvalue.Value
	if s.Skip {
		dskip = loadAt(pre, e.vt, k.Ptrs[selPConsts], pre.NewAdd(at.cbase, i64c(int64(N*lanes))))
	}
	pre.NewCondBr(pre.NewICmp(llenum.IPredSGT, at.L, i64c(0)), chunk, post)

	// chunk: steps [t0, min(t0 + selFlushEvery, L)).
	t0 := chunk.NewPhi(llvmir.NewIncoming(i64c(0), pre))
	xo0 := chunk.NewPhi(llvmir.NewIncoming(at.xoff, pre))
	bo0 := chunk.NewPhi(llvmir.NewIncoming(at.bcoff, pre))
	hc := make([]*llvmir.InstPhi, N)
	for n := range hc {
		hc[n] = chunk.NewPhi(llvmir.NewIncoming(h0[n], pre))
	}
	tEnd := chunk.NewAdd(t0, i64c(selFlushEvery))
	tEnd2 := chunk.NewSelect(chunk.NewICmp(llenum.IPredSLT, tEnd, at.L), tEnd, at.L)
	chunk.NewBr(loop)

	// loop: one time step.
	t := loop.NewPhi(llvmir.NewIncoming(t0, chunk))
	xo := loop.NewPhi(llvmir.NewIncoming(xo0, chunk))
	bo := loop.NewPhi(llvmir.NewIncoming(bo0, chunk))
	hp := make([]*llvmir.InstPhi, N)
	for n := range hp {
		hp[n] = loop.NewPhi(llvmir.NewIncoming(hc[n], chunk))
	}
	g := newBld(loop, e.in, lanes)
	e.prefetch(loop, xo, at.D)
	dt := e.load(loop, k.Ptrs[selPDelta], xo, mask)
	u := e.load(loop, k.Ptrs[selPU], xo, mask)
	dtu := g.mul(dt, u)
	hn := make([]llvalue.Value, N)
	// Two partial sums for y: one chain of N dependent FMAs (4 cycles each)
	// would be longer than a step; more sums would take registers the
	// state needs.
	nacc := min(2, N)
	acc := make([]llvalue.Value, nacc)
	for n := 0; n < N; n++ {
		a := loadAt(loop, e.vt, k.Ptrs[selPConsts], loop.NewAdd(at.cbase, i64c(int64(n*lanes))))
		dA := e.exp2(g, g.mul(dt, a))
		bn := e.splat(loop, loadAt(loop, lltypes.Float, k.Ptrs[selPB], loop.NewAdd(bo, i64c(int64(n)))))
		cn := e.splat(loop, loadAt(loop, lltypes.Float, k.Ptrs[selPC], loop.NewAdd(bo, i64c(int64(n)))))
		hn[n] = g.fma(dA, hp[n], g.mul(dtu, bn))
		if j := n % nacc; acc[j] == nil {
			acc[j] = g.mul(cn, hn[n])
		} else {
			acc[j] = g.fma(cn, hn[n], acc[j])
		}
	}
	y := acc[0]
	if nacc > 1 {
		y = g.add(acc[0], acc[1])
	}
	if s.Skip {
		y = g.fma(dskip, u, y)
	}
	if s.Gate {
		y = g.mul(y, g.silu(e.load(loop, k.Ptrs[selPZ], xo, mask)))
	}
	e.store(loop, y, k.Ptrs[selPY], xo, mask)
	tn := loop.NewAdd(t, i64c(1))
	xn := loop.NewAdd(xo, at.D)
	bn := loop.NewAdd(bo, i64c(int64(s.G*N)))
	t.Incs = append(t.Incs, llvmir.NewIncoming(tn, loop))
	xo.Incs = append(xo.Incs, llvmir.NewIncoming(xn, loop))
	bo.Incs = append(bo.Incs, llvmir.NewIncoming(bn, loop))
	for n := range hp {
		hp[n].Incs = append(hp[n].Incs, llvmir.NewIncoming(hn[n], loop))
	}
	loop.NewCondBr(loop.NewICmp(llenum.IPredSLT, tn, tEnd2), loop, chunkEnd)

	// chunk.end: flush unless the sequence is over.
	chunkEnd.NewCondBr(chunkEnd.NewICmp(llenum.IPredSLT, tn, at.L), flush, post)

	// flush: zero the state entries below selTiny (see selFlushEvery).
	fg := newBld(flush, e.in, lanes)
	for n := range hc {
		hf := fg.sel(fg.cmp(llenum.FPredOLT, fg.abs(hn[n]), fg.f(selTiny)), llconst.NewZeroInitializer(e.vt), hn[n])
		hc[n].Incs = append(hc[n].Incs, llvmir.NewIncoming(hf, flush))
	}
	t0.Incs = append(t0.Incs, llvmir.NewIncoming(tn, flush))
	xo0.Incs = append(xo0.Incs, llvmir.NewIncoming(xn, flush))
	bo0.Incs = append(bo0.Incs, llvmir.NewIncoming(bn, flush))
	flush.NewBr(chunk)

	// post: write the final state, the way it was read.
	if s.State {
		hv := make([]llvalue.Value, N)
		for n := range hv { // phis first: LLVM requires them at the top of a block
			hv[n] = post.NewPhi(llvmir.NewIncoming(h0[n], pre), llvmir.NewIncoming(hn[n], chunkEnd))
		}
		has := post.NewICmp(llenum.IPredNE, k.Ptrs[selPHT], llconst.NewNull(lltypes.NewPointer(lltypes.Float)))
		if square {
			store := f.NewBlock(tag + ".ht.store")
			post.NewCondBr(has, store, done)
			for q := 0; q < N; q += lanes {
				for j, row := range e.transpose(store, hv[q:q+lanes]) {
					storeAt(store, row, k.Ptrs[selPHT], store.NewAdd(at.hoff, i64c(int64(j*N+q))))
				}
			}
			store.NewBr(done)
			return
		}
		mT := post.NewAnd(all, e.splat(post, has))
		for n := range hv {
			e.scatter(post, hv[n], k.Ptrs[selPHT], post.NewAdd(hidx, e.splat(post, i64c(int64(n)))), mT)
		}
	}
	post.NewBr(done)
}

// transpose returns the columns of the square matrix whose rows are the
// lanes-wide vectors rows (its own inverse). Stage w swaps the off-diagonal
// w×w blocks of every 2w×2w block, one two-source shuffle per row: lanes·
// log2(lanes) shuffles in all.
func (e *selEmit) transpose(b *llvmir.Block, rows []llvalue.Value) []llvalue.Value {
	n := len(rows)
	r := append([]llvalue.Value(nil), rows...)
	mt := lltypes.NewVector(uint64(n), lltypes.I32)
	for w := n / 2; w >= 1; w /= 2 {
		for i := 0; i < n; i++ {
			if i&w != 0 {
				continue
			}
			lo, hi := make([]llconst.Constant, n), make([]llconst.Constant, n)
			for c := 0; c < n; c++ {
				if c&w == 0 {
					lo[c], hi[c] = llconst.NewInt(lltypes.I32, int64(c)), llconst.NewInt(lltypes.I32, int64(c+w))
				} else {
					lo[c], hi[c] = llconst.NewInt(lltypes.I32, int64(n+c-w)), llconst.NewInt(lltypes.I32, int64(n+c))
				}
			}
			r[i], r[i+w] = b.NewShuffleVector(r[i], r[i+w], llconst.NewVector(mt, lo...)),
				b.NewShuffleVector(r[i], r[i+w], llconst.NewVector(mt, hi...))
		}
	}
	return r
}

// selRepeat returns n copies of c.
func selRepeat(c llconst.Constant, n int) []llconst.Constant {
	out := make([]llconst.Constant, n)
	for i := range out {
		out[i] = c
	}
	return out
}

// SelectiveConsts lays out the per-model constants of a selective-scan kernel
// (argument p2) for D channels: for each lane block of each group, N rows of
// lanes floats holding A[d,n]·log2(e) (the kernel computes exp(dt·A) as
// 2^(dt·A·log2 e)), then one row of Dskip[d] (zero without skip); lanes past
// the group's end are zero. It is computed once per model, not per call.
// dskip may be nil.
func SelectiveConsts(s SelectiveSpec, variant string, D int, a, dskip []float32) ([]float32, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	if D < 1 || D%s.G != 0 {
		return nil, fmt.Errorf("llvm: selective scan: D = %d must be positive and a multiple of G = %d", D, s.G)
	}
	if len(a) != D*s.N {
		return nil, fmt.Errorf("llvm: selective scan: len(A) = %d, want D·N = %d", len(a), D*s.N)
	}
	if dskip != nil && len(dskip) != D {
		return nil, fmt.Errorf("llvm: selective scan: len(Dskip) = %d, want D = %d", len(dskip), D)
	}
	lanes, N := VariantLanes(variant), s.N
	dg := D / s.G
	bpg := (dg + lanes - 1) / lanes
	row := (N + 1) * lanes
	out := make([]float32, s.G*bpg*row)
	for g := 0; g < s.G; g++ {
		for blk := 0; blk < bpg; blk++ {
			c := out[(g*bpg+blk)*row:][:row]
			for j := 0; j < lanes && blk*lanes+j < dg; j++ {
				d := g*dg + blk*lanes + j
				for n := 0; n < N; n++ {
					c[n*lanes+j] = float32(float64(a[d*N+n]) * math.Log2E)
				}
				if dskip != nil {
					c[N*lanes+j] = dskip[d]
				}
			}
		}
	}
	return out, nil
}

// selectiveWork is the length of a kernel's parallel axis: (batch, group,
// lane block) triples.
func selectiveWork(s SelectiveSpec, variant string, B, D int) int {
	lanes := VariantLanes(variant)
	return B * s.G * ((D/s.G + lanes - 1) / lanes)
}
