package llvm

import (
	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// The scan with channels across the lanes (ScanSpec.Chan), for small
// states: with the state across the lanes, a state of N < lanes leaves most
// of each vector idle (a minGRU's N = 1 uses one lane of 16). Here a vector
// holds lanes consecutive channels and the N state entries are N vectors:
// each step loads x and stores y as whole vectors, and reads each operand
// entry by the channel pattern Spec.Pat fixes (one vector load when
// consecutive channels are consecutive floats, one broadcast when they
// share the element, a gather through the CO table otherwise). The readout
// sums over n in order, as the interpreter does.
//
// The state buffer holds, for the block's v-th lane vector, entry n at
// (v·N + n)·lanes; lanes past the block's channels are masked out of every
// load and store of x, y, H0 and HT.

// ScanChanMaxN bounds the state of a kernel with channels across the
// lanes: from a few entries on, the state across the lanes (one load per
// operand) costs less than a load or gather per entry.
const ScanChanMaxN = 4

// chanItem computes one (batch, block) item: channels [c0, c0+nc) of batch
// bi; hoff is (bi, c0, 0) in H0 and HT.
func (e *scanEmit) chanItem(b *llvmir.Block, bi, c0, nc, hoff llvalue.Value, ops []scanOperand) *llvmir.Block {
	k, s := e.k, e.s
	lanes := int64(e.lanes)
	nvec := b.NewSDiv(b.NewAdd(nc, i64c(lanes-1)), i64c(lanes))
	if !s.QS {
		b = e.chanState(b, nvec, nc, hoff, false)
		b = e.chanPass(b, true, bi, c0, nc, nvec, ops[0:3], nil, k.Ptrs[scanPY], passPlain)
		return e.when(b, "ht", convNonNull(b, k.Ptrs[scanPHT]), func(b *llvmir.Block) *llvmir.Block {
			return e.chanState(b, nvec, nc, hoff, true)
		})
	}
	size := b.NewMul(nvec, i64c(int64(s.N)*lanes))
	b = e.zero(b, e.h, size)
	b = e.zero(b, e.carry, b.NewMul(nvec, i64c(lanes)))
	b = e.chanPass(b, true, bi, c0, nc, nvec, ops[0:3], &ops[6], k.Ptrs[qsPY], passQSFwd)
	b = e.zero(b, e.h, size)
	b = e.zero(b, e.carry, b.NewMul(nvec, i64c(lanes)))
	return e.chanPass(b, false, bi, c0, nc, nvec, ops[3:6], nil, k.Ptrs[qsPY], passQSBwd)
}

// chanMask is the mask of lane vector v's channels (of nc).
func (e *scanEmit) chanMask(b *llvmir.Block, v, nc llvalue.Value) llvalue.Value {
	lanes := i64c(int64(e.lanes))
	return e.laneMask(b, convMin(b, lanes, b.NewSub(nc, b.NewMul(v, lanes))))
}

// chanState moves the block's state between the buffer and H0 (load: zero
// without H0) or HT (store): H0 and HT are [B, C, N], so lane j of entry n
// of vector v is at hoff + (v·lanes + j)·N + n, a gather or scatter of
// stride N.
func (e *scanEmit) chanState(b *llvmir.Block, nvec, nc, hoff llvalue.Value, store bool) *llvmir.Block {
	k, N := e.k, int64(e.s.N)
	lanes := int64(e.lanes)
	after, _ := e.loop(b, "hv", i64c(0), nvec, 1, nil, func(b *llvmir.Block, v llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		m := e.chanMask(b, v, nc)
		base := b.NewAdd(hoff, b.NewMul(v, i64c(lanes*N)))
		lane := b.NewMul(e.iota(lltypes.I64, 1), e.splat(b, i64c(N)))
		for n := int64(0); n < N; n++ {
			idx := b.NewAdd(lane, e.splat(b, b.NewAdd(base, i64c(n))))
			hi := b.NewMul(b.NewAdd(b.NewMul(v, i64c(N)), i64c(n)), i64c(lanes))
			if store {
				e.scatter(b, e.loadH(b, hi), k.Ptrs[scanPHT], idx, m)
				continue
			}
			mh := b.NewAnd(m, e.splat(b, convNonNull(b, k.Ptrs[scanPH0])))
			e.storeH(b, e.gather(b, k.Ptrs[scanPH0], idx, mh), hi)
		}
		return b, nil
	})
	return after
}

// chanOperand reads lane vector (c, mask) of operand o at element offset
// base + CO[c] (+ n when it varies along the state), by pattern pat.
func (e *scanEmit) chanOperand(b *llvmir.Block, o scanOperand, pat ScanPattern, base, c, n, mask llvalue.Value) llvalue.Value {
	if o.vec {
		base = b.NewAdd(base, n)
	}
	switch pat {
	case PatUnit:
		return e.load(b, o.p, b.NewAdd(base, convLoadI64(b, o.co, c)), mask)
	case PatBcast:
		return e.splat(b, loadAt(b, lltypes.Float, o.p, b.NewAdd(base, convLoadI64(b, o.co, c))))
	}
	it := lltypes.NewVector(uint64(e.lanes), lltypes.I64)
	suf := "v" + itoa(e.lanes) + "i64"
	ld := e.decl("llvm.masked.load."+suf+".p0"+suf, it, lltypes.NewPointer(it), lltypes.I32, e.mt, it)
	ptr := b.NewBitCast(b.NewGetElementPtr(lltypes.I64, o.co, c), lltypes.NewPointer(it))
	co := b.NewCall(ld, ptr, selI32(8), mask, llconst.NewZeroInitializer(it))
	return e.gather(b, o.p, b.NewAdd(co, e.splat(b, base)), mask)
}

// chanPass is pass (scan.go) with channels across the lanes.
func (e *scanEmit) chanPass(b *llvmir.Block, fwd bool, bi, c0, nc, nvec llvalue.Value, ops []scanOperand, d *scanOperand, y llvalue.Value, kind passKind) *llvmir.Block {
	k, s := e.k, e.s
	N := int64(s.N)
	lanes := int64(e.lanes)
	pat := s.Pat[0:3]
	if !fwd {
		pat = s.Pat[3:6]
	}
	after, _ := e.loop(b, "step", i64c(0), e.L, 1, nil, func(b *llvmir.Block, st llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		t := st
		if !fwd {
			t = b.NewSub(b.NewSub(e.L, i64c(1)), st)
		}
		base := make([]llvalue.Value, len(ops))
		for j, o := range ops {
			base[j] = b.NewAdd(b.NewMul(bi, o.sb), b.NewMul(t, o.sl))
		}
		row := b.NewAdd(b.NewMul(b.NewAdd(b.NewMul(bi, e.L), t), e.C), c0) // (bi, t, c0) in x and y
		b, _ = e.loop(b, "cv", i64c(0), nvec, 1, nil, func(b *llvmir.Block, v llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			g := newBld(b, e.in, e.lanes)
			m := e.chanMask(b, v, nc)
			off := b.NewMul(v, i64c(lanes))
			c := b.NewAdd(c0, off)
			xi := b.NewAdd(row, off)
			xv := e.load(b, k.Ptrs[scanPX], xi, m)
			var acc llvalue.Value
			for n := int64(0); n < N; n++ {
				get := func(j int) llvalue.Value { return e.chanOperand(b, ops[j], pat[j], base[j], c, i64c(n), m) }
				hi := b.NewMul(b.NewAdd(b.NewMul(v, i64c(N)), i64c(n)), i64c(lanes))
				hn := g.fma(get(0), e.loadH(b, hi), g.mul(get(1), xv))
				e.storeH(b, hn, hi)
				if acc == nil {
					acc = g.mul(get(2), hn)
				} else {
					acc = g.fma(get(2), hn, acc)
				}
			}
			switch kind {
			case passPlain:
				e.store(b, acc, y, xi, m)
			case passQSFwd:
				db := b.NewAdd(b.NewMul(bi, d.sb), b.NewMul(t, d.sl))
				dv := e.chanOperand(b, *d, s.Pat[6], db, c, i64c(0), m)
				e.store(b, g.fma(dv, xv, e.loadCarry(b, off)), y, xi, m)
				e.storeCarry(b, acc, off)
			case passQSBwd:
				e.store(b, g.add(e.load(b, y, xi, m), e.loadCarry(b, off)), y, xi, m)
				e.storeCarry(b, acc, off)
			}
			return b, nil
		})
		flush := b.NewAnd(
			b.NewICmp(llenum.IPredEQ, b.NewSRem(st, i64c(scanFlushEvery)), i64c(scanFlushEvery-1)),
			b.NewICmp(llenum.IPredSLT, b.NewAdd(st, i64c(1)), e.L))
		return e.when(b, "flush", flush, func(b *llvmir.Block) *llvmir.Block {
			return e.flushH(b, b.NewMul(nvec, i64c(N*lanes)))
		}), nil
	})
	return after
}

// loadCarry and storeCarry access the carries of lane vector at off
// (aligned: off is a multiple of the lanes).
func (e *scanEmit) loadCarry(b *llvmir.Block, off llvalue.Value) llvalue.Value {
	ld := b.NewLoad(e.vt, b.NewBitCast(b.NewGetElementPtr(lltypes.Float, e.carry, off), lltypes.NewPointer(e.vt)))
	ld.Align = llvmir.Align(e.lanes * 4)
	return ld
}

func (e *scanEmit) storeCarry(b *llvmir.Block, v, off llvalue.Value) {
	st := b.NewStore(v, b.NewBitCast(b.NewGetElementPtr(lltypes.Float, e.carry, off), lltypes.NewPointer(e.vt)))
	st.Align = llvmir.Align(e.lanes * 4)
}
