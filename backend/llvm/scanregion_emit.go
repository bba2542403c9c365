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

// Emission of a scan region program (scanregion_plan.go) for one variant.
//
// Kernel ABI (abi.go):
//
//	ints: [0] L (time steps), [1] R (rows per work item: 1, or the
//	      variant's srLayout.rows), [2] B (batch rows)
//	p0 the pool (srPool), p1 scratch of R·srLayout.scratch floats for the
//	call, then the carries [B, dc] (read at the start of a row, written at
//	its end), the inputs [B, L, dx], the outputs [B, L, dy] and the
//	captures [B, dq] (srProgram.carryPtr ...).
//
// The parallel axis [lo, hi) counts work items of R rows; a call runs its
// items one after another, each through its whole time loop. With R = 1
// an item is a row. With R > 1 the rows of an item run in lockstep, so
// that every step streams the GEMV's weight once for all R rows (the
// weight is read from L2 or beyond at every step, which bounds a row's
// step); the last item's rows past B repeat row B-1, computing and
// writing exactly its values again. Each row's arithmetic is the same in
// both forms (the same operations in the same order), so the results do
// not depend on R, nor on the split into calls.
//
// Every value of the body has a slot of the row's scratch (when a later
// stage reads it) padded to whole vectors plus one: groups read and write
// whole vectors, and a view (a split part) read as whole vectors stays
// inside its value's slot. Only the caller's buffers (carries, inputs,
// outputs, captures) are read and written with masks at a row's last,
// partial vector.

// srKUnroll is how many k steps one iteration of the GEMV loop does.
const srKUnroll = 4

// srUnroll is the most vectors a group's row is emitted without a loop.
const srUnroll = 4

// srTiles gives a variant's GEMV column tile (in vectors) and the rows of
// a work item with R > 1: the R·tile accumulators and R broadcasts of x
// stay in registers (V4: 24 + 3 of 32 zmm; V3: 8 + 2 of 16 ymm), and each
// weight vector loaded serves R rows.
func srTiles(variant string) (tile, rows int) {
	if variant == V4 {
		return 8, 3
	}
	return 4, 2
}

// srLayout is where everything lives for one variant: offsets in the
// row's scratch (carries, values with slots) and in the pool (weights).
type srLayout struct {
	lanes   int
	tile    int // the GEMV's column tile, in vectors
	rows    int // the rows of a work item in the blocked form
	carry   []int
	val     []int // -1: no slot
	weight  []int
	scratch int
	pool    int
}

// srPadded is the room of n floats read and written as whole vectors, plus
// one vector for views that start inside.
func srPadded(n, lanes int) int { return (n+lanes-1)/lanes*lanes + lanes }

func (p *srProgram) layout(variant string) srLayout {
	lanes := VariantLanes(variant)
	l := srLayout{lanes: lanes}
	l.tile, l.rows = srTiles(variant)
	for _, d := range p.Carries {
		l.carry = append(l.carry, l.scratch)
		l.scratch += srPadded(d, lanes)
	}
	for _, v := range p.Vals {
		if !v.Slot {
			l.val = append(l.val, -1)
			continue
		}
		l.val = append(l.val, l.scratch)
		l.scratch += srPadded(v.N, lanes)
	}
	for _, w := range p.Weights {
		l.weight = append(l.weight, l.pool)
		switch w.Kind {
		case srWGemv:
			l.pool += w.K*(w.N+lanes-1)/lanes*lanes + lanes
		default:
			l.pool += srPadded(w.N, lanes)
		}
	}
	l.scratch = max(l.scratch, 1)
	l.pool = max(l.pool, 1)
	return l
}

// emitScanRegion adds the function name computing program p for variant.
func emitScanRegion(m *llvmir.Module, name string, p *srProgram, variant string) (err error) {
	if variant != V3 && variant != V4 {
		return fmt.Errorf("llvm: scan region: unknown variant %q", variant)
	}
	if !isCIdent(name) {
		return fmt.Errorf("llvm: scan region: name %q is not a C identifier", name)
	}
	if p.numPtrs() > len(KernelFunc{}.Ptrs) {
		return fmt.Errorf("llvm: scan region: %d buffers, the ABI has %d", p.numPtrs(), len(KernelFunc{}.Ptrs))
	}
	for _, f := range m.Funcs {
		if f.Name() == name {
			return fmt.Errorf("llvm: scan region: module already has a function %q", name)
		}
	}
	in := &intrinsics{m: m, funcs: map[string]*llvmir.Func{}}
	for _, f := range m.Funcs {
		if len(f.Blocks) == 0 {
			in.funcs[f.Name()] = f
		}
	}
	lanes := VariantLanes(variant)
	e := &srEmit{p: p, lay: p.layout(variant), lanes: lanes, in: in,
		vt: lltypes.NewVector(uint64(lanes), lltypes.Float), mt: lltypes.NewVector(uint64(lanes), lltypes.I1)}
	defer func() {
		if r := recover(); r != nil { // an emitter bug, reported as the kernel's error
			err = fmt.Errorf("llvm: scan region: %v", r)
		}
	}()
	e.k = NewKernelFunc(m, name, variant)
	e.emit()
	return nil
}

// srEmit holds the state of one emitScanRegion call.
type srEmit struct {
	p      *srProgram
	lay    srLayout
	lanes  int
	in     *intrinsics
	k      *KernelFunc
	vt, mt *lltypes.VectorType
	nblk   int
}

// srRow is where one row of a work item reads and writes: its part of
// the scratch, and its offsets in the caller's buffers (per row: carries
// and captures; per step: inputs and outputs).
type srRow struct {
	scr          llvalue.Value // offset of the row's scratch (nil: 0)
	carry, seq   []llvalue.Value
	xBase, yBase []llvalue.Value
	row, xrow    llvalue.Value // the row, and row·L + t
}

func (e *srEmit) block(tag string) *llvmir.Block {
	e.nblk++
	return e.k.F.NewBlock(fmt.Sprintf("%s.%d", tag, e.nblk))
}

func (e *srEmit) decl(name string, ret lltypes.Type, params ...lltypes.Type) *llvmir.Func {
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

// index is base + jv + c, emitting only the terms present (base and jv
// may be nil); constant offsets fold into llc's addressing modes.
func (e *srEmit) index(b *llvmir.Block, base, jv llvalue.Value, c int) llvalue.Value {
	var v llvalue.Value
	for _, t := range []llvalue.Value{base, jv} {
		if t == nil {
			continue
		}
		if v == nil {
			v = t
		} else {
			v = b.NewAdd(v, t)
		}
	}
	switch {
	case v == nil:
		return i64c(int64(c))
	case c != 0:
		return b.NewAdd(v, i64c(int64(c)))
	}
	return v
}

// addr returns the buffer and index of element jv + jc of the view r in
// row w, and whether the buffer is the caller's (read and written with
// masks at a partial vector).
func (e *srEmit) addr(b *llvmir.Block, w *srRow, r srRef, jv llvalue.Value, jc int) (ptr, idx llvalue.Value, ext bool) {
	p, k := e.p, e.k
	switch r.Kind {
	case srCarry:
		return k.Ptrs[srPScratch], e.index(b, w.scr, jv, e.lay.carry[r.Idx]+r.Off+jc), false
	case srVal:
		if e.lay.val[r.Idx] < 0 {
			panic(fmt.Sprintf("value %d read from a slot it does not have", r.Idx))
		}
		return k.Ptrs[srPScratch], e.index(b, w.scr, jv, e.lay.val[r.Idx]+r.Off+jc), false
	case srPool:
		return k.Ptrs[srPPool], e.index(b, nil, jv, e.lay.weight[r.Idx]+r.Off+jc), false
	case srX:
		return k.Ptrs[p.xPtr(r.Idx)], e.index(b, w.xBase[r.Idx], jv, r.Off+jc), true
	case srY:
		return k.Ptrs[p.yPtr(r.Idx)], e.index(b, w.yBase[r.Idx], jv, r.Off+jc), true
	case srSeq:
		return k.Ptrs[p.seqPtr(r.Idx)], e.index(b, w.seq[r.Idx], jv, r.Off+jc), true
	}
	panic(fmt.Sprintf("no address for %+v", r))
}

func (e *srEmit) splat(b *llvmir.Block, x llvalue.Value) llvalue.Value {
	ins := b.NewInsertElement(llconst.NewUndef(e.vt), x, llconst.NewInt(lltypes.I32, 0))
	zero := llconst.NewZeroInitializer(lltypes.NewVector(uint64(e.lanes), lltypes.I32))
	return b.NewShuffleVector(ins, llconst.NewUndef(e.vt), zero)
}

// mask is the constant mask of the first n lanes.
func (e *srEmit) mask(n int) llvalue.Value {
	el := make([]llconst.Constant, e.lanes)
	for i := range el {
		el[i] = llconst.False
		if i < n {
			el[i] = llconst.True
		}
	}
	return llconst.NewVector(e.mt, el...)
}

func (e *srEmit) vptr(b *llvmir.Block, ptr, idx llvalue.Value) llvalue.Value {
	return b.NewBitCast(b.NewGetElementPtr(lltypes.Float, ptr, idx), lltypes.NewPointer(e.vt))
}

// loadMasked reads the first n lanes at ptr[idx] (the others read as 0
// and touch no memory).
func (e *srEmit) loadMasked(b *llvmir.Block, ptr, idx llvalue.Value, n int) llvalue.Value {
	s := suffix(e.vt)
	f := e.decl("llvm.masked.load."+s+".p0"+s, e.vt, lltypes.NewPointer(e.vt), lltypes.I32, e.mt, e.vt)
	return b.NewCall(f, e.vptr(b, ptr, idx), llconst.NewInt(lltypes.I32, 4), e.mask(n), llconst.NewZeroInitializer(e.vt))
}

func (e *srEmit) storeMasked(b *llvmir.Block, v, ptr, idx llvalue.Value, n int) {
	s := suffix(e.vt)
	f := e.decl("llvm.masked.store."+s+".p0"+s, lltypes.Void, e.vt, lltypes.NewPointer(e.vt), lltypes.I32, e.mt)
	b.NewCall(f, v, e.vptr(b, ptr, idx), llconst.NewInt(lltypes.I32, 4), e.mask(n))
}

// loadVec reads the vector at element jv + jc of r in row w; tail > 0 is
// the number of lanes of a row's partial last vector. A broadcast view
// (N = 1) is one element splat across the lanes.
func (e *srEmit) loadVec(b *llvmir.Block, w *srRow, r srRef, jv llvalue.Value, jc, tail int) llvalue.Value {
	if r.Kind == srImm {
		return newBld(b, e.in, e.lanes).f(math.Float32frombits(r.Imm))
	}
	if r.N == 1 {
		return e.splat(b, e.loadScalar(b, w, r, nil, 0))
	}
	ptr, idx, ext := e.addr(b, w, r, jv, jc)
	if ext && tail > 0 {
		return e.loadMasked(b, ptr, idx, tail)
	}
	return loadAt(b, e.vt, ptr, idx)
}

func (e *srEmit) loadScalar(b *llvmir.Block, w *srRow, r srRef, kv llvalue.Value, kc int) llvalue.Value {
	if r.Kind == srImm {
		return llconst.NewFloat(lltypes.Float, float64(math.Float32frombits(r.Imm)))
	}
	ptr, idx, _ := e.addr(b, w, r, kv, kc)
	return loadAt(b, lltypes.Float, ptr, idx)
}

func (e *srEmit) storeVec(b *llvmir.Block, w *srRow, v llvalue.Value, dst srRef, jv llvalue.Value, jc, tail int) {
	ptr, idx, ext := e.addr(b, w, dst, jv, jc)
	if ext && tail > 0 {
		e.storeMasked(b, v, ptr, idx, tail)
		return
	}
	storeAt(b, v, ptr, idx)
}

// chunks emits body for every vector of a row of width d: unrolled when
// short, else as a loop over the whole vectors, then the partial last
// vector (tail lanes). body emits straight-line code into the block it is
// given.
func (e *srEmit) chunks(b *llvmir.Block, d int, body func(b *llvmir.Block, jv llvalue.Value, jc, tail int)) *llvmir.Block {
	lanes := e.lanes
	full, rem := d/lanes, d%lanes
	if full <= srUnroll {
		for v := 0; v < full; v++ {
			body(b, nil, v*lanes, 0)
		}
	} else {
		loop, exit := e.block("vec"), e.block("vec.end")
		b.NewBr(loop)
		j := loop.NewPhi(llvmir.NewIncoming(i64c(0), b))
		body(loop, j, 0, 0)
		jn := loop.NewAdd(j, i64c(int64(lanes)))
		j.Incs = append(j.Incs, llvmir.NewIncoming(jn, loop))
		loop.NewCondBr(loop.NewICmp(llenum.IPredSLT, jn, i64c(int64(full*lanes))), loop, exit)
		b = exit
	}
	if rem > 0 {
		body(b, nil, full*lanes, rem)
	}
	return b
}

// ops emits a group's ops for one vector of row w; regs holds the vectors
// of the group's values computed so far (the GEMV's result in an
// epilogue).
func (e *srEmit) ops(b *llvmir.Block, w *srRow, ops []srOp, regs map[int]llvalue.Value, width int, jv llvalue.Value, jc, tail int) {
	g := newBld(b, e.in, e.lanes)
	for _, op := range ops {
		args := make([]llvalue.Value, len(op.Args))
		for i, a := range op.Args {
			if r, ok := regs[a.Idx]; ok && a.Kind == srVal && srAligned(a, width) {
				args[i] = r
			} else {
				args[i] = e.loadVec(b, w, a, jv, jc, tail)
			}
		}
		v := e.apply(g, op.Kind, args)
		if op.Res >= 0 {
			regs[op.Res] = v
		}
		e.stores(b, w, v, op.Res, op.Dst, jv, jc, tail)
	}
}

// stores writes v, the vector of value res (-1: none) of row w, to its
// slot and to dsts.
func (e *srEmit) stores(b *llvmir.Block, w *srRow, v llvalue.Value, res int, dsts []srRef, jv llvalue.Value, jc, tail int) {
	if res >= 0 && e.lay.val[res] >= 0 {
		e.storeVec(b, w, v, srRef{Kind: srVal, Idx: res, N: e.p.Vals[res].N}, jv, jc, tail)
	}
	for _, d := range dsts {
		e.storeVec(b, w, v, d, jv, jc, tail)
	}
}

// apply computes one elementwise op (the interpreter's unary and binary
// ops, and "copy").
func (e *srEmit) apply(g *bld, kind string, a []llvalue.Value) llvalue.Value {
	switch kind {
	case "copy":
		return a[0]
	case "add":
		return g.add(a[0], a[1])
	case "sub":
		return g.sub(a[0], a[1])
	case "mul":
		return g.mul(a[0], a[1])
	case "div":
		return g.div(a[0], a[1])
	case "maximum":
		return srMinMax(g, a[0], a[1], true)
	case "minimum":
		return srMinMax(g, a[0], a[1], false)
	case "neg":
		return g.neg(a[0])
	case "abs":
		return g.abs(a[0])
	case "relu":
		return srMinMax(g, a[0], g.f(0), true)
	case "square":
		return g.mul(a[0], a[0])
	case "recip":
		return g.div(g.f(1), a[0])
	case "sqrt":
		return g.sqrt(a[0])
	case "rsqrt":
		return g.div(g.f(1), g.sqrt(a[0]))
	case "exp":
		return g.exp(a[0])
	case "tanh":
		return g.tanh(a[0])
	case "sigmoid":
		return g.sigmoid(a[0])
	case "silu":
		return g.silu(a[0])
	case "softplus":
		return g.softplus(a[0])
	case "gelu":
		return g.gelu(a[0])
	case "gelu_tanh":
		return g.geluTanh(a[0])
	case "logsigmoid":
		// log σ(x) = -softplus(-x): the interpreter's two branches are
		// softplus's, mirrored.
		return g.neg(g.softplus(g.neg(a[0])))
	}
	panic("llvm: scan region: no op " + kind)
}

// srMinMax is Go's max (or min) of float32s, the interpreter's maximum and
// minimum: NaN when either is NaN, and max(-0, +0) = +0, min(-0, +0) = -0.
func srMinMax(g *bld, x, y llvalue.Value, isMax bool) llvalue.Value {
	p := llenum.FPredOLT
	if isMax {
		p = llenum.FPredOGT
	}
	r := g.sel(g.cmp(p, x, y), x, y)
	// Equal operands differ only for ±0: the sign bits decide.
	var z llvalue.Value
	if isMax {
		z = g.float(g.iand(g.bits(x), g.bits(y)))
	} else {
		z = g.float(g.ior(g.bits(x), g.bits(y)))
	}
	r = g.sel(g.cmp(llenum.FPredOEQ, x, y), z, r)
	return g.sel(g.cmp(llenum.FPredUNO, x, y), g.add(x, y), r)
}

// emit writes the function: the form with single rows and the blocked
// form, chosen by ints[1].
func (e *srEmit) emit() {
	k := e.k
	entry := e.block("entry")
	single, blocked, exit := e.block("single"), e.block("blocked"), e.block("exit")
	entry.NewCondBr(entry.NewICmp(llenum.IPredEQ, k.Int(entry, 1), i64c(1)), single, blocked)
	e.items(single, 1, exit)
	e.items(blocked, e.lay.rows, exit)
	exit.NewRet(nil)
}

// items emits, from b, the loop over the work items [lo, hi) of R rows:
//
//	for i in [lo, hi):
//	    each row's carry slots = carries[row]
//	    for t in [0, L): the stages, for every row
//	    carries[row] = each row's carry slots
func (e *srEmit) items(b *llvmir.Block, R int, done *llvmir.Block) {
	k, p := e.k, e.p
	item := e.block("item")
	L, B := k.Int(b, 0), k.Int(b, 2)
	last := b.NewSub(B, i64c(1))
	b.NewCondBr(b.NewICmp(llenum.IPredSLT, k.Lo, k.Hi), item, done)

	i := item.NewPhi(llvmir.NewIncoming(k.Lo, b))
	rows := make([]*srRow, R)
	cur := item
	for r := range rows {
		w := &srRow{row: i}
		if R > 1 { // rows past the batch repeat its last row
			row := cur.NewAdd(cur.NewMul(i, i64c(int64(R))), i64c(int64(r)))
			w.row = cur.NewSelect(cur.NewICmp(llenum.IPredSLT, row, last), row, last)
		}
		if r > 0 {
			w.scr = i64c(int64(r * e.lay.scratch))
		}
		for _, d := range p.Carries {
			w.carry = append(w.carry, cur.NewMul(w.row, i64c(int64(d))))
		}
		for _, d := range p.Seqs {
			w.seq = append(w.seq, cur.NewMul(w.row, i64c(int64(d))))
		}
		rows[r] = w
	}
	for _, w := range rows {
		for ci, d := range p.Carries {
			slot := srRef{Kind: srCarry, Idx: ci, N: d}
			ext, base := k.Ptrs[p.carryPtr(ci)], w.carry[ci]
			cur = e.chunks(cur, d, func(blk *llvmir.Block, jv llvalue.Value, jc, tail int) {
				idx := e.index(blk, base, jv, jc)
				var v llvalue.Value
				if tail > 0 {
					v = e.loadMasked(blk, ext, idx, tail)
				} else {
					v = loadAt(blk, e.vt, ext, idx)
				}
				e.storeVec(blk, w, v, slot, jv, jc, 0)
			})
		}
	}
	step, itemEnd := e.block("step"), e.block("item.end")
	cur.NewCondBr(cur.NewICmp(llenum.IPredSGT, L, i64c(0)), step, itemEnd)
	fromItem := cur

	t := step.NewPhi(llvmir.NewIncoming(i64c(0), fromItem))
	for _, w := range rows {
		w.xrow = step.NewAdd(step.NewMul(w.row, L), t)
		w.xBase, w.yBase = nil, nil
		for _, d := range p.Xs {
			w.xBase = append(w.xBase, step.NewMul(w.xrow, i64c(int64(d))))
		}
		for _, d := range p.Ys {
			w.yBase = append(w.yBase, step.NewMul(w.xrow, i64c(int64(d))))
		}
	}
	cur = step
	for s := range p.Stages {
		cur = e.stage(cur, rows, &p.Stages[s])
	}
	tn := cur.NewAdd(t, i64c(1))
	t.Incs = append(t.Incs, llvmir.NewIncoming(tn, cur))
	cur.NewCondBr(cur.NewICmp(llenum.IPredSLT, tn, L), step, itemEnd)

	cur = itemEnd
	for _, w := range rows {
		for ci, d := range p.Carries {
			slot := srRef{Kind: srCarry, Idx: ci, N: d}
			ext, base := k.Ptrs[p.carryPtr(ci)], w.carry[ci]
			cur = e.chunks(cur, d, func(blk *llvmir.Block, jv llvalue.Value, jc, tail int) {
				v := e.loadVec(blk, w, slot, jv, jc, 0)
				idx := e.index(blk, base, jv, jc)
				if tail > 0 {
					e.storeMasked(blk, v, ext, idx, tail)
				} else {
					storeAt(blk, v, ext, idx)
				}
			})
		}
	}
	in := cur.NewAdd(i, i64c(1))
	i.Incs = append(i.Incs, llvmir.NewIncoming(in, cur))
	cur.NewCondBr(cur.NewICmp(llenum.IPredSLT, in, k.Hi), item, done)
}

// stage emits one stage of a step for every row starting in b and returns
// the block it ends in.
func (e *srEmit) stage(b *llvmir.Block, rows []*srRow, st *srStage) *llvmir.Block {
	if st.Gemv != nil {
		return e.gemv(b, rows, st)
	}
	for _, w := range rows {
		b = e.chunks(b, st.Width, func(blk *llvmir.Block, jv llvalue.Value, jc, tail int) {
			e.ops(blk, w, st.Ops, map[int]llvalue.Value{}, st.Width, jv, jc, tail)
		})
	}
	return b
}

// gemv emits y = act(x·Wᵀ + b) for every row, tile by tile of columns (a
// loop over the whole tiles but the one holding a partial vector, then the
// rest), with the epilogue applied to each tile's vectors while they are
// in registers.
func (e *srEmit) gemv(b *llvmir.Block, rows []*srRow, st *srStage) *llvmir.Block {
	g, lanes, T := st.Gemv, e.lanes, e.lay.tile
	nv := (g.N + lanes - 1) / lanes
	full, last := nv/T, nv%T
	tailVec := -1 // the partial vector's index in the row
	if g.N%lanes != 0 {
		tailVec = nv - 1
	}
	loopTiles := full
	if tailVec >= 0 && last == 0 {
		loopTiles--
	}
	if loopTiles == 1 {
		b = e.tile(b, rows, st, nil, 0, T, -1)
	} else if loopTiles > 1 {
		loop := e.block("tile")
		pre := b
		pre.NewBr(loop)
		tv := loop.NewPhi(llvmir.NewIncoming(i64c(0), pre))
		end := e.tile(loop, rows, st, tv, 0, T, -1)
		tn := end.NewAdd(tv, i64c(1))
		tv.Incs = append(tv.Incs, llvmir.NewIncoming(tn, end))
		exit := e.block("tile.end")
		end.NewCondBr(end.NewICmp(llenum.IPredSLT, tn, i64c(int64(loopTiles))), loop, exit)
		b = exit
	}
	for t := loopTiles; t < full; t++ {
		b = e.tile(b, rows, st, nil, t, T, tailVec-t*T)
	}
	if last > 0 {
		b = e.tile(b, rows, st, nil, full, last, tailVec-full*T)
	}
	return b
}

// tile emits the columns of tile tv + tc (tv may be nil), tw vectors wide,
// for every row; tailAt is the index of its partial vector (out of range:
// none). Each k step broadcasts x[k] of every row and loads each weight
// vector once for all rows.
func (e *srEmit) tile(b *llvmir.Block, rows []*srRow, st *srStage, tv llvalue.Value, tc, tw, tailAt int) *llvmir.Block {
	g, lanes := st.Gemv, e.lanes
	tileCols := e.lay.tile * lanes
	pool := e.k.Ptrs[srPPool]
	// The tile's first column (jv + jc) and the offset of its packed
	// weights (wv + wc): tiles are K rows of tw·lanes floats.
	var jv, wv llvalue.Value
	if tv != nil {
		jv = b.NewMul(tv, i64c(int64(tileCols)))
		wv = b.NewMul(tv, i64c(int64(g.K*tileCols)))
	}
	jc := tc * tileCols
	wc := e.lay.weight[g.W] + tc*g.K*tileCols
	R := len(rows)
	acc := make([]llvalue.Value, R*tw) // acc[r*tw + v]
	for v := 0; v < tw; v++ {
		var init llvalue.Value = llconst.NewZeroInitializer(e.vt)
		if g.Bias >= 0 {
			init = loadAt(b, e.vt, pool, e.index(b, nil, jv, e.lay.weight[g.Bias]+jc+v*lanes))
		}
		for r := 0; r < R; r++ {
			acc[r*tw+v] = init
		}
	}
	row := tw * lanes
	// step does k steps kv + kc .. kv + kc + n - 1.
	step := func(blk *llvmir.Block, acc []llvalue.Value, kv llvalue.Value, kc, n int) []llvalue.Value {
		bl := newBld(blk, e.in, lanes)
		out := append([]llvalue.Value(nil), acc...)
		// base: the dynamic part of the offset of row kv + kc of the tile.
		base := wv
		if kv != nil {
			wk := blk.NewMul(kv, i64c(int64(row)))
			if base == nil {
				base = wk
			} else {
				base = blk.NewAdd(base, wk)
			}
		}
		x := make([]llvalue.Value, R)
		for u := 0; u < n; u++ {
			for r, w := range rows {
				x[r] = e.splat(blk, e.loadScalar(blk, w, g.In, kv, kc+u))
			}
			for v := 0; v < tw; v++ {
				wt := loadAt(blk, e.vt, pool, e.index(blk, base, nil, wc+(kc+u)*row+v*lanes))
				for r := range rows {
					out[r*tw+v] = bl.fma(x[r], wt, out[r*tw+v])
				}
			}
		}
		return out
	}
	kmain := g.K / srKUnroll * srKUnroll
	if kmain > 0 {
		loop, exit := e.block("k"), e.block("k.end")
		b.NewBr(loop)
		kv := loop.NewPhi(llvmir.NewIncoming(i64c(0), b))
		phis := make([]*llvmir.InstPhi, len(acc))
		in := make([]llvalue.Value, len(acc))
		for v := range phis {
			phis[v] = loop.NewPhi(llvmir.NewIncoming(acc[v], b))
			in[v] = phis[v]
		}
		out := step(loop, in, kv, 0, srKUnroll)
		kn := loop.NewAdd(kv, i64c(srKUnroll))
		kv.Incs = append(kv.Incs, llvmir.NewIncoming(kn, loop))
		for v := range phis {
			phis[v].Incs = append(phis[v].Incs, llvmir.NewIncoming(out[v], loop))
		}
		loop.NewCondBr(loop.NewICmp(llenum.IPredSLT, kn, i64c(int64(kmain))), loop, exit)
		b, acc = exit, out
	}
	if g.K > kmain {
		acc = step(b, acc, nil, kmain, g.K-kmain)
	}
	bl := newBld(b, e.in, lanes)
	for r, w := range rows {
		for v := 0; v < tw; v++ {
			tail := 0
			if v == tailAt {
				tail = g.N % lanes
			}
			y := acc[r*tw+v]
			if g.Act != "" {
				y = e.apply(bl, g.Act, []llvalue.Value{y})
			}
			c := jc + v*lanes
			e.stores(b, w, y, g.Res, g.Dst, jv, c, tail)
			if len(st.Ops) > 0 {
				e.ops(b, w, st.Ops, map[int]llvalue.Value{g.Res: y}, st.Width, jv, c, tail)
			}
		}
	}
	return b
}
