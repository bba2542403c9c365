package llvm

import (
	"fmt"
	"strings"

	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// EmitGEMM adds to m the GEMM kernel name for spec s and variant (V4 or V3),
// plus internal helper functions named name.* and, shared by the kernels of
// a module, seqc.gemm.act.<act>_<v3|v4>. The kernel has the kernel ABI
// (NewKernelFunc):
//
//	lo, hi   rows [lo, hi) of X and Y to compute
//	ints[0]  j0: first panel of W (columns from j0·NR)
//	ints[1]  j1: end panel (columns below min(j1·NR, N))
//	ints[2]  ldx: floats between rows of X (K when contiguous)
//	ints[3]  ldy: floats between rows of Y (N when contiguous)
//	p0       X (row 0; rows lo..hi-1 are read)
//	p1       W packed by PackGEMMWeight for the same spec and variant
//	p2       bias[N] (ignored unless s.Bias)
//	p3       Y (row 0; rows lo..hi-1, columns of panels j0..j1-1 are written)
//	p4       scratch of GEMMScratchLen floats, 64-byte aligned, used only
//	         when hi-lo exceeds the GEMV path's rows (4); owned by the call
//
// Calls on disjoint row ranges or panel ranges may run concurrently (each
// with its own scratch). RunGEMM does the splitting.
func EmitGEMM(m *llvmir.Module, name string, s GEMMSpec, variant string) error {
	if err := s.validate(); err != nil {
		return err
	}
	cfg, err := gemmConfigFor(s, variant)
	if err != nil {
		return err
	}
	if !isCIdent(name) {
		return fmt.Errorf("llvm: gemm: kernel name %q is not a C identifier", name)
	}
	for _, f := range m.Funcs {
		if f.Name() == name || strings.HasPrefix(f.Name(), name+".") {
			return fmt.Errorf("llvm: gemm: module already defines %s", f.Name())
		}
	}
	e := newGEMMEmit(m, name, s, variant, cfg)
	e.emit()
	return nil
}

// gemmEmit holds what the functions of one GEMM kernel share.
type gemmEmit struct {
	m       *llvmir.Module
	in      *intrinsics
	name    string
	s       GEMMSpec
	variant string
	cfg     gemmConfig
	vt      *lltypes.VectorType // <lanes x float>
	mt      *lltypes.VectorType // <lanes x i1>
	fptr    *lltypes.PointerType
	panels  int
	edge    int // valid columns of the last panel; NR when it is full
	blocks  int // counter for unique block names
}

func newGEMMEmit(m *llvmir.Module, name string, s GEMMSpec, variant string, cfg gemmConfig) *gemmEmit {
	// Reuse intrinsic declarations already in m (other kernels emitted
	// into the same module): LLVM rejects a second declaration.
	in := &intrinsics{m: m, funcs: map[string]*llvmir.Func{}}
	for _, f := range m.Funcs {
		if strings.HasPrefix(f.Name(), "llvm.") {
			in.funcs[f.Name()] = f
		}
	}
	nr := cfg.nr()
	e := &gemmEmit{
		m: m, in: in, name: name, s: s, variant: variant, cfg: cfg,
		vt:     lltypes.NewVector(uint64(cfg.lanes), lltypes.Float),
		mt:     lltypes.NewVector(uint64(cfg.lanes), lltypes.I1),
		fptr:   lltypes.NewPointer(lltypes.Float),
		panels: (s.N + nr - 1) / nr,
	}
	e.edge = s.N - (e.panels-1)*nr
	return e
}

func gi64(v int64) llvalue.Value { return llconst.NewInt(lltypes.I64, v) }

// block adds a block with a unique name to f.
func (e *gemmEmit) block(f *llvmir.Func, tag string) *llvmir.Block {
	e.blocks++
	return f.NewBlock(fmt.Sprintf("%s.%d", tag, e.blocks))
}

// decl returns the declaration of intrinsic name, adding it once per module.
func (e *gemmEmit) decl(name string, ret lltypes.Type, params ...lltypes.Type) *llvmir.Func {
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

func (e *gemmEmit) vptr() *lltypes.PointerType { return lltypes.NewPointer(e.vt) }

// fma is llvm.fma (always fused, whatever the target), so that both
// variants round identically.
func (e *gemmEmit) fma(b *llvmir.Block, x, y, z llvalue.Value) llvalue.Value {
	return b.NewCall(e.in.get("llvm.fma", e.vt, 3), x, y, z)
}

// splat broadcasts the float x to every lane.
func (e *gemmEmit) splat(b *llvmir.Block, x llvalue.Value) llvalue.Value {
	v := b.NewInsertElement(llconst.NewUndef(e.vt), x, llconst.NewInt(lltypes.I32, 0))
	mask := llconst.NewZeroInitializer(lltypes.NewVector(uint64(e.cfg.lanes), lltypes.I32))
	return b.NewShuffleVector(v, llconst.NewUndef(e.vt), mask)
}

// gep is &p[idx] for a float pointer.
func gep(b *llvmir.Block, p, idx llvalue.Value) llvalue.Value {
	return b.NewGetElementPtr(lltypes.Float, p, idx)
}

func (e *gemmEmit) vload(b *llvmir.Block, p llvalue.Value, idx llvalue.Value) llvalue.Value {
	return loadAt(b, e.vt, p, idx)
}

func (e *gemmEmit) vstore(b *llvmir.Block, v, p, idx llvalue.Value) {
	storeAt(b, v, p, idx)
}

// mload loads the lanes of &p[idx] where mask is set (others read as 0 and
// are not accessed).
func (e *gemmEmit) mload(b *llvmir.Block, p, idx, mask llvalue.Value) llvalue.Value {
	vp := e.vptr()
	f := e.decl("llvm.masked.load."+suffix(e.vt)+".p0"+suffix(e.vt), e.vt, vp, lltypes.I32, e.mt, e.vt)
	ptr := b.NewBitCast(gep(b, p, idx), vp)
	return b.NewCall(f, ptr, llconst.NewInt(lltypes.I32, 4), mask, llconst.NewZeroInitializer(e.vt))
}

// mstore stores the lanes of v where mask is set.
func (e *gemmEmit) mstore(b *llvmir.Block, v, p, idx, mask llvalue.Value) {
	vp := e.vptr()
	f := e.decl("llvm.masked.store."+suffix(e.vt)+".p0"+suffix(e.vt), lltypes.Void, e.vt, vp, lltypes.I32, e.mt)
	ptr := b.NewBitCast(gep(b, p, idx), vp)
	b.NewCall(f, v, ptr, llconst.NewInt(lltypes.I32, 4), mask)
}

// boolVec is the constant <lanes x i1> with lane i set when set(i).
func (e *gemmEmit) boolVec(set func(i int) bool) llconst.Constant {
	el := make([]llconst.Constant, e.cfg.lanes)
	for i := range el {
		el[i] = llconst.False
		if set(i) {
			el[i] = llconst.True
		}
	}
	return llconst.NewVector(e.mt, el...)
}

// colMask is the mask of vector q of a tile w vectors wide (one or more
// consecutive panels): when edge is true the tile's last panel is the
// partial last panel of W and only its valid lanes are set, otherwise all.
func (e *gemmEmit) colMask(b *llvmir.Block, q, w int, edge llvalue.Value) llvalue.Value {
	all := e.boolVec(func(int) bool { return true })
	if e.edge == e.cfg.nr() {
		return all
	}
	valid := w*e.cfg.lanes - e.cfg.nr() + e.edge
	part := e.boolVec(func(i int) bool { return q*e.cfg.lanes+i < valid })
	return b.NewSelect(edge, part, all)
}

// newFunc adds an internal helper function with the variant's target-cpu.
func (e *gemmEmit) newFunc(suffix string, params ...*llvmir.Param) *llvmir.Func {
	f := e.m.NewFunc(e.name+"."+suffix, lltypes.Void, params...)
	f.Linkage = llenum.LinkageInternal
	f.FuncAttrs = append(f.FuncAttrs, llenum.FuncAttrNoUnwind, llvmir.AttrPair{Key: "target-cpu", Value: e.variant})
	return f
}

func noalias(p *llvmir.Param) *llvmir.Param {
	p.Attrs = append(p.Attrs, llenum.ParamAttrNoAlias, llenum.ParamAttrNoCapture)
	return p
}

// tile is an mr × nv array of vectors.
type tile [][]llvalue.Value

func newTile(rows, w int) tile {
	t := make(tile, rows)
	for r := range t {
		t[r] = make([]llvalue.Value, w)
	}
	return t
}

// kloop emits the microkernel's loop over kc values of k in f, entered from
// pre with accumulators init, and returns the block after it and the final
// accumulators. Row r of X at step k is element aOff(r) of pointer aPtrs[aIdx(r)],
// each pointer advancing by aStep floats per k; vector q of W is at bOff(q)
// from bPtr, which advances by NR.
func (e *gemmEmit) kloop(f *llvmir.Func, pre *llvmir.Block, init tile, kc llvalue.Value, aPtrs []llvalue.Value,
	aIdx func(r int) int, aOff func(r int) int64, aStep int64, bPtr llvalue.Value, bOff func(q int) int64) (*llvmir.Block, tile) {
	rows, nv := len(init), len(init[0])
	loop, done := e.block(f, "k.loop"), e.block(f, "k.done")
	pre.NewCondBr(pre.NewICmp(llenum.IPredSGT, kc, gi64(0)), loop, done)

	k := loop.NewPhi(llvmir.NewIncoming(gi64(0), pre))
	aps := make([]*llvmir.InstPhi, len(aPtrs))
	for i, p := range aPtrs {
		aps[i] = loop.NewPhi(llvmir.NewIncoming(p, pre))
	}
	bp := loop.NewPhi(llvmir.NewIncoming(bPtr, pre))
	acc := newTile(rows, nv)
	phis := make([][]*llvmir.InstPhi, rows)
	for r := range acc {
		phis[r] = make([]*llvmir.InstPhi, nv)
		for q := range acc[r] {
			phis[r][q] = loop.NewPhi(llvmir.NewIncoming(init[r][q], pre))
			acc[r][q] = phis[r][q]
		}
	}
	bv := make([]llvalue.Value, nv)
	for q := range bv {
		bv[q] = e.vload(loop, bp, gi64(bOff(q)))
	}
	next := newTile(rows, nv)
	for r := 0; r < rows; r++ {
		a := loop.NewLoad(lltypes.Float, gep(loop, aps[aIdx(r)], gi64(aOff(r))))
		a.Align = 4
		av := e.splat(loop, a)
		for q := 0; q < nv; q++ {
			next[r][q] = e.fma(loop, av, bv[q], acc[r][q])
		}
	}
	kn := loop.NewAdd(k, gi64(1))
	k.Incs = append(k.Incs, llvmir.NewIncoming(kn, loop))
	for _, ap := range aps {
		ap.Incs = append(ap.Incs, llvmir.NewIncoming(gep(loop, ap, gi64(aStep)), loop))
	}
	bp.Incs = append(bp.Incs, llvmir.NewIncoming(gep(loop, bp, gi64(int64(e.cfg.nr()))), loop))
	for r := range phis {
		for q := range phis[r] {
			phis[r][q].Incs = append(phis[r][q].Incs, llvmir.NewIncoming(next[r][q], loop))
		}
	}
	loop.NewCondBr(loop.NewICmp(llenum.IPredSLT, kn, kc), loop, done)

	out := newTile(rows, nv)
	for r := range out {
		for q := range out[r] {
			out[r][q] = done.NewPhi(llvmir.NewIncoming(init[r][q], pre), llvmir.NewIncoming(next[r][q], loop))
		}
	}
	return done, out
}

// finish adds bias and applies the activation to every vector of t in b.
// The bias of the edge panel is read with its column mask (it has N
// floats, not a whole panel).
func (e *gemmEmit) finish(b *llvmir.Block, t tile, bias, edge llvalue.Value) tile {
	w := len(t[0])
	out := newTile(len(t), w)
	var bv []llvalue.Value
	if e.s.Bias {
		bv = make([]llvalue.Value, w)
		for q := range bv {
			bv[q] = e.mload(b, bias, gi64(int64(q*e.cfg.lanes)), e.colMask(b, q, w, edge))
		}
	}
	act := e.actFunc()
	for r := range t {
		for q := range t[r] {
			v := t[r][q]
			if bv != nil {
				v = b.NewFAdd(v, bv[q])
			}
			if act != nil {
				v = b.NewCall(act, v)
			}
			out[r][q] = v
		}
	}
	return out
}

// actFunc returns the internal function that applies the activation to one
// vector (nil for none), shared by the kernels of a module. A call per
// vector, rather than the polynomial inlined for each of a tile's vectors,
// keeps the IR and llc's time small; it runs once per output element, against
// K fmas.
func (e *gemmEmit) actFunc() *llvmir.Func {
	if e.s.Act == "" {
		return nil
	}
	name := "seqc.gemm.act." + e.s.Act + VariantSuffix(e.variant)
	for _, f := range e.m.Funcs {
		if f.Name() == name {
			return f
		}
	}
	x := llvmir.NewParam("x", e.vt)
	f := e.m.NewFunc(name, e.vt, x)
	f.Linkage = llenum.LinkageInternal
	f.FuncAttrs = append(f.FuncAttrs, llenum.FuncAttrNoUnwind, llvmir.AttrPair{Key: "target-cpu", Value: e.variant})
	b := f.NewBlock("entry")
	b.NewRet(gemmAct(newBld(b, e.in, e.cfg.lanes), e.s.Act, x))
	return f
}

// gemmAct emits activation act (GEMMActs) on x.
func gemmAct(g *bld, act string, x llvalue.Value) llvalue.Value {
	switch act {
	case "":
		return x
	case "gelu":
		return g.gelu(x)
	case "gelu_tanh":
		return g.geluTanh(x)
	}
	return opBody[act](g, x, nil)
}

// store writes tile t at c (row stride ldc) from b, then branches to exit:
// plain stores when full, otherwise stores masked by row (r < mr) and, on
// the edge panel, by column.
func (e *gemmEmit) store(f *llvmir.Func, b *llvmir.Block, t tile, c, ldc, full, mr, edge llvalue.Value, exit *llvmir.Block) {
	fb, mb := e.block(f, "store.full"), e.block(f, "store.masked")
	b.NewCondBr(full, fb, mb)
	lanes := e.cfg.lanes
	for r := range t {
		row := fb.NewMul(gi64(int64(r)), ldc)
		for q := range t[r] {
			e.vstore(fb, t[r][q], c, fb.NewAdd(row, gi64(int64(q*lanes))))
		}
	}
	fb.NewBr(exit)
	for r := range t {
		row := mb.NewMul(gi64(int64(r)), ldc)
		var rowOK llvalue.Value = llconst.True
		if mr != nil {
			rowOK = mb.NewICmp(llenum.IPredSLT, gi64(int64(r)), mr)
		}
		rm := mb.NewSelect(rowOK, e.boolVec(func(int) bool { return true }), e.boolVec(func(int) bool { return false }))
		for q := range t[r] {
			m := mb.NewAnd(rm, e.colMask(mb, q, len(t[r]), edge))
			e.mstore(mb, t[r][q], c, mb.NewAdd(row, gi64(int64(q*lanes))), m)
		}
	}
	mb.NewBr(exit)
}

// emitMicro emits the packed microkernel
//
//	mk(kc, a, b, c, ldc, mr, first, last, edge, bias)
//
// C[mr×NR] (row stride ldc) = (first ? 0 : C) + A·B over kc values of k, A
// packed ((k·MR + r)), B a panel of packed W at the chunk's first k; on the
// last chunk bias and act are applied before storing. Rows from mr on are
// computed from A's zero padding and never loaded or stored; edge marks the
// last, partial panel (columns masked).
func (e *gemmEmit) emitMicro() *llvmir.Func {
	kc := llvmir.NewParam("kc", lltypes.I64)
	a := noalias(llvmir.NewParam("a", e.fptr))
	bw := noalias(llvmir.NewParam("b", e.fptr))
	c := noalias(llvmir.NewParam("c", e.fptr))
	ldc := llvmir.NewParam("ldc", lltypes.I64)
	mr := llvmir.NewParam("mr", lltypes.I64)
	first := llvmir.NewParam("first", lltypes.I1)
	last := llvmir.NewParam("last", lltypes.I1)
	edge := llvmir.NewParam("edge", lltypes.I1)
	bias := noalias(llvmir.NewParam("bias", e.fptr))
	f := e.newFunc("mk", kc, a, bw, c, ldc, mr, first, last, edge, bias)
	MR, nv, lanes := e.cfg.mr, e.cfg.nv, e.cfg.lanes

	entry := e.block(f, "entry")
	full := entry.NewAnd(entry.NewICmp(llenum.IPredEQ, mr, gi64(int64(MR))), entry.NewXor(edge, llconst.True))
	zero, sel := e.block(f, "c.zero"), e.block(f, "c.sel")
	lf, lm := e.block(f, "c.load.full"), e.block(f, "c.load.masked")
	pre := e.block(f, "k.pre")
	entry.NewCondBr(first, zero, sel)
	zero.NewBr(pre)
	sel.NewCondBr(full, lf, lm)
	tf, tm := newTile(MR, nv), newTile(MR, nv)
	for r := 0; r < MR; r++ {
		rowF := lf.NewMul(gi64(int64(r)), ldc)
		rowM := lm.NewMul(gi64(int64(r)), ldc)
		rowOK := lm.NewICmp(llenum.IPredSLT, gi64(int64(r)), mr)
		rm := lm.NewSelect(rowOK, e.boolVec(func(int) bool { return true }), e.boolVec(func(int) bool { return false }))
		for q := 0; q < nv; q++ {
			tf[r][q] = e.vload(lf, c, lf.NewAdd(rowF, gi64(int64(q*lanes))))
			tm[r][q] = e.mload(lm, c, lm.NewAdd(rowM, gi64(int64(q*lanes))), lm.NewAnd(rm, e.colMask(lm, q, nv, edge)))
		}
	}
	lf.NewBr(pre)
	lm.NewBr(pre)
	init := newTile(MR, nv)
	for r := range init {
		for q := range init[r] {
			init[r][q] = pre.NewPhi(llvmir.NewIncoming(llconst.NewZeroInitializer(e.vt), zero),
				llvmir.NewIncoming(tf[r][q], lf), llvmir.NewIncoming(tm[r][q], lm))
		}
	}
	done, acc := e.kloop(f, pre, init, kc, []llvalue.Value{a},
		func(int) int { return 0 }, func(r int) int64 { return int64(r) }, int64(MR), bw,
		func(q int) int64 { return int64(q * lanes) })

	exit := e.block(f, "exit")
	st := e.block(f, "store")
	out := acc
	if e.s.Bias || e.s.Act != "" {
		epi := e.block(f, "epilogue")
		done.NewCondBr(last, epi, st)
		fin := e.finish(epi, acc, bias, edge)
		epi.NewBr(st)
		out = newTile(MR, nv)
		for r := range out {
			for q := range out[r] {
				out[r][q] = st.NewPhi(llvmir.NewIncoming(acc[r][q], done), llvmir.NewIncoming(fin[r][q], epi))
			}
		}
	} else {
		done.NewBr(st)
	}
	e.store(f, st, out, c, ldc, full, mr, edge, exit)
	exit.NewRet(nil)
	return f
}

// emitDirect emits the GEMV microkernel for exactly rows rows of X read in
// place (row stride lda) and pp consecutive panels of W, over all of K:
//
//	gv<rows>x<pp>(a, lda, b, c, ldc, edge, bias)
//
// edge marks that the last of the pp panels is W's partial last one. It
// computes the same fma sequence per element as the packed path; several
// panels give several independent accumulator chains for a single row.
func (e *gemmEmit) emitDirect(rows, pp int) *llvmir.Func {
	a := noalias(llvmir.NewParam("a", e.fptr))
	lda := llvmir.NewParam("lda", lltypes.I64)
	bw := noalias(llvmir.NewParam("b", e.fptr))
	c := noalias(llvmir.NewParam("c", e.fptr))
	ldc := llvmir.NewParam("ldc", lltypes.I64)
	edge := llvmir.NewParam("edge", lltypes.I1)
	bias := noalias(llvmir.NewParam("bias", e.fptr))
	f := e.newFunc(fmt.Sprintf("gv%dx%d", rows, pp), a, lda, bw, c, ldc, edge, bias)
	nv, lanes, panel := e.cfg.nv, e.cfg.lanes, int64(e.s.K*e.cfg.nr())

	entry := e.block(f, "entry")
	ptrs := make([]llvalue.Value, rows)
	for r := range ptrs {
		ptrs[r] = gep(entry, a, entry.NewMul(gi64(int64(r)), lda))
	}
	init := newTile(rows, nv*pp)
	for r := range init {
		for q := range init[r] {
			init[r][q] = llconst.NewZeroInitializer(e.vt)
		}
	}
	done, acc := e.kloop(f, entry, init, gi64(int64(e.s.K)), ptrs,
		func(r int) int { return r }, func(int) int64 { return 0 }, 1, bw,
		func(q int) int64 { return int64(q/nv)*panel + int64(q%nv*lanes) })
	fin := e.finish(done, acc, bias, edge)
	exit := e.block(f, "exit")
	var notEdge llvalue.Value = done.NewXor(edge, llconst.True)
	e.store(f, done, fin, c, ldc, notEdge, nil, edge, exit)
	exit.NewRet(nil)
	return f
}

// gemvPanels is how many panels the GEMV kernel for rows rows covers at
// once: enough for gemvChains independent accumulators (fma latency ×
// fmas per cycle: 4 × 2 on AVX2 and on AVX-512 with two fma units), within
// the register file (rows·w accumulators, w vectors of W when shared by
// several rows, a broadcast).
func (e *gemmEmit) gemvPanels(rows int) int {
	const gemvChains = 8
	regs := 16
	if e.cfg.lanes == 16 {
		regs = 32
	}
	pp := max(1, (gemvChains+rows*e.cfg.nv-1)/(rows*e.cfg.nv))
	for ; pp > 1; pp-- {
		w := pp * e.cfg.nv
		need := rows*w + 2
		if rows > 1 {
			need += w
		}
		if need <= regs {
			break
		}
	}
	return min(pp, max(1, e.panels))
}

// forLoop emits for i := from; i < to; i += step { body } after pre and
// returns the block after the loop. body gets the block to fill and i, and
// returns the block its code ends in (which must not be terminated).
func (e *gemmEmit) forLoop(f *llvmir.Func, pre *llvmir.Block, tag string, from, to llvalue.Value, step int64,
	body func(b *llvmir.Block, i llvalue.Value) *llvmir.Block) *llvmir.Block {
	return e.forLoopV(f, pre, tag, from, to, gi64(step), body)
}

// forLoopV is forLoop with a step computed at run time (positive).
func (e *gemmEmit) forLoopV(f *llvmir.Func, pre *llvmir.Block, tag string, from, to, step llvalue.Value,
	body func(b *llvmir.Block, i llvalue.Value) *llvmir.Block) *llvmir.Block {
	head, bb, exit := e.block(f, tag+".head"), e.block(f, tag+".body"), e.block(f, tag+".exit")
	pre.NewBr(head)
	i := head.NewPhi(llvmir.NewIncoming(from, pre))
	head.NewCondBr(head.NewICmp(llenum.IPredSLT, i, to), bb, exit)
	end := body(bb, i)
	next := end.NewAdd(i, step)
	i.Incs = append(i.Incs, llvmir.NewIncoming(next, end))
	end.NewBr(head)
	return exit
}

func smin(b *llvmir.Block, x, y llvalue.Value) llvalue.Value {
	return b.NewSelect(b.NewICmp(llenum.IPredSLT, x, y), x, y)
}

// emit adds the micro kernels and the ABI entry point.
func (e *gemmEmit) emit() {
	cfg := e.cfg
	mk := e.emitMicro()
	gvs := make([][2]*llvmir.Func, cfg.gv+1) // [rows]{pp panels, 1 panel}
	gvp := make([]int, cfg.gv+1)
	for r := 1; r <= cfg.gv; r++ {
		gvp[r] = e.gemvPanels(r)
		gvs[r][1] = e.emitDirect(r, 1)
		gvs[r][0] = gvs[r][1]
		if gvp[r] > 1 {
			gvs[r][0] = e.emitDirect(r, gvp[r])
		}
	}

	k := NewKernelFunc(e.m, e.name, e.variant)
	f := k.F
	x, w, bias, y, scratch := k.Ptrs[0], k.Ptrs[1], k.Ptrs[2], k.Ptrs[3], k.Ptrs[4]
	K, NR, MR := int64(e.s.K), int64(cfg.nr()), int64(cfg.mr)

	entry := e.block(f, "entry")
	j0, j1, ldx, ldy := k.Int(entry, 0), k.Int(entry, 1), k.Int(entry, 2), k.Int(entry, 3)
	rows := entry.NewSub(k.Hi, k.Lo)
	exit := e.block(f, "exit")
	exit.NewRet(nil)
	start := e.block(f, "start")
	ok := entry.NewAnd(entry.NewICmp(llenum.IPredSGT, rows, gi64(0)), entry.NewICmp(llenum.IPredSLT, j0, j1))
	entry.NewCondBr(ok, start, exit)

	// edgeOf is whether panel j is the partial last one.
	edgeOf := func(b *llvmir.Block, j llvalue.Value) llvalue.Value {
		if e.edge == cfg.nr() {
			return llconst.False
		}
		return b.NewICmp(llenum.IPredEQ, j, gi64(int64(e.panels-1)))
	}
	panelW := func(b *llvmir.Block, j llvalue.Value, k0 llvalue.Value) llvalue.Value {
		return gep(b, w, b.NewAdd(b.NewMul(j, gi64(K*NR)), b.NewMul(k0, gi64(NR))))
	}

	// GEMV path: rows ≤ gv, X read in place, one pass over the panels, gvp
	// panels at a time, then the remaining ones singly.
	gvSwitch, blocked := e.block(f, "gemv"), e.block(f, "blocked")
	start.NewCondBr(start.NewICmp(llenum.IPredSLE, rows, gi64(int64(cfg.gv))), gvSwitch, blocked)
	var cases []*llvmir.Case
	for r := 1; r <= cfg.gv; r++ {
		b := e.block(f, fmt.Sprintf("gemv%d", r))
		cases = append(cases, llvmir.NewCase(llconst.NewInt(lltypes.I64, int64(r)), b))
		xr := gep(b, x, b.NewMul(k.Lo, ldx))
		yr := gep(b, y, b.NewMul(k.Lo, ldy))
		pp := int64(gvp[r])
		jm := b.NewAdd(j0, b.NewMul(b.NewSDiv(b.NewSub(j1, j0), gi64(pp)), gi64(pp)))
		call := func(bb *llvmir.Block, fn *llvmir.Func, j llvalue.Value, n int64) {
			bb.NewCall(fn, xr, ldx, panelW(bb, j, gi64(0)), gep(bb, yr, bb.NewMul(j, gi64(NR))), ldy,
				edgeOf(bb, bb.NewAdd(j, gi64(n-1))), gep(bb, bias, bb.NewMul(j, gi64(NR))))
		}
		after := e.forLoop(f, b, "gv.j", j0, jm, pp, func(bb *llvmir.Block, j llvalue.Value) *llvmir.Block {
			call(bb, gvs[r][0], j, pp)
			return bb
		})
		after = e.forLoop(f, after, "gv.jr", jm, j1, 1, func(bb *llvmir.Block, j llvalue.Value) *llvmir.Block {
			call(bb, gvs[r][1], j, 1)
			return bb
		})
		after.NewBr(exit)
	}
	gvSwitch.NewSwitch(rows, exit, cases...)

	// Blocked path. The rows are cut into equal blocks of at most mc rows
	// (a multiple of MR): 1026 rows run as 5 blocks of 210, not 4 of 240
	// and one of 66, each block streaming all of W once.
	MC := int64(cfg.mc)
	nch := int64(1)
	if K > 0 {
		nch = (K + int64(cfg.kc) - 1) / int64(cfg.kc)
	}
	nb := blocked.NewSDiv(blocked.NewAdd(rows, gi64(MC-1)), gi64(MC))
	per := blocked.NewSDiv(blocked.NewAdd(rows, blocked.NewSub(nb, gi64(1))), nb)
	step := blocked.NewMul(blocked.NewSDiv(blocked.NewAdd(per, gi64(MR-1)), gi64(MR)), gi64(MR))
	after := e.forLoopV(f, blocked, "ic", k.Lo, k.Hi, step, func(b *llvmir.Block, ic llvalue.Value) *llvmir.Block {
		mc := smin(b, step, b.NewSub(k.Hi, ic))
		np := b.NewSDiv(b.NewAdd(mc, gi64(MR-1)), gi64(MR))
		// Pack rows ic..ic+mc-1 of X: panel p at p·K·MR, (k·MR + r) within.
		b = e.forLoop(f, b, "pack.p", gi64(0), np, 1, func(b *llvmir.Block, p llvalue.Value) *llvmir.Block {
			r0 := b.NewAdd(ic, b.NewMul(p, gi64(MR)))
			rp := smin(b, gi64(MR), b.NewSub(k.Hi, r0))
			src := make([]llvalue.Value, MR)
			valid := make([]llvalue.Value, MR)
			for r := int64(0); r < MR; r++ {
				// Rows past the block read its last row (in bounds) and store 0.
				rr := smin(b, gi64(r), b.NewSub(rp, gi64(1)))
				src[r] = gep(b, x, b.NewMul(b.NewAdd(r0, rr), ldx))
				valid[r] = b.NewICmp(llenum.IPredSLT, gi64(r), rp)
			}
			dst := gep(b, scratch, b.NewMul(p, gi64(K*MR)))
			return e.forLoop(f, b, "pack.k", gi64(0), gi64(K), 1, func(b *llvmir.Block, kk llvalue.Value) *llvmir.Block {
				base := b.NewMul(kk, gi64(MR))
				for r := int64(0); r < MR; r++ {
					v := b.NewLoad(lltypes.Float, gep(b, src[r], kk))
					v.Align = 4
					sv := b.NewSelect(valid[r], v, llconst.NewFloat(lltypes.Float, 0))
					st := b.NewStore(sv, gep(b, dst, b.NewAdd(base, gi64(r))))
					st.Align = 4
				}
				return b
			})
		})
		yRow := gep(b, y, b.NewMul(ic, ldy))
		return e.forLoop(f, b, "jc", j0, j1, int64(cfg.ncp), func(b *llvmir.Block, jc llvalue.Value) *llvmir.Block {
			je := smin(b, b.NewAdd(jc, gi64(int64(cfg.ncp))), j1)
			return e.forLoop(f, b, "ch", gi64(0), gi64(nch), 1, func(b *llvmir.Block, ch llvalue.Value) *llvmir.Block {
				k0 := b.NewMul(ch, gi64(int64(cfg.kc)))
				kc := smin(b, gi64(int64(cfg.kc)), b.NewSub(gi64(K), k0))
				first := b.NewICmp(llenum.IPredEQ, ch, gi64(0))
				last := b.NewICmp(llenum.IPredEQ, ch, gi64(nch-1))
				aChunk := gep(b, scratch, b.NewMul(k0, gi64(MR)))
				return e.forLoop(f, b, "j", jc, je, 1, func(b *llvmir.Block, j llvalue.Value) *llvmir.Block {
					bp := panelW(b, j, k0)
					edge := edgeOf(b, j)
					yc := gep(b, yRow, b.NewMul(j, gi64(NR)))
					bj := gep(b, bias, b.NewMul(j, gi64(NR)))
					return e.forLoop(f, b, "p", gi64(0), np, 1, func(b *llvmir.Block, p llvalue.Value) *llvmir.Block {
						mr := smin(b, gi64(MR), b.NewSub(mc, b.NewMul(p, gi64(MR))))
						ap := gep(b, aChunk, b.NewMul(p, gi64(K*MR)))
						cp := gep(b, yc, b.NewMul(b.NewMul(p, gi64(MR)), ldy))
						b.NewCall(mk, kc, ap, bp, cp, ldy, mr, first, last, edge, bj)
						return b
					})
				})
			})
		})
	})
	after.NewBr(exit)
}
