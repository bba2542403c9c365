package llvm

import (
	"fmt"

	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// The recurrent form of the diagonal SSM (the interpreter's op ssm in mode
// scan, NUMERICS; backend/interp/kernels/ssm scan.go, scan_timemajor.go)
// and of the quasiseparable mixer (qs.go QSScan), one kernel per ScanSpec
// and variant. Per (batch, channel) pair:
//
//	h_t[n] = a_t[n]·h_{t-1}[n] + b_t[n]·x_t,   s_t = Σ_n c_t[n]·h_t[n]
//
// ssm: y_t = s_t, from h_{-1} = H0 (or 0), the final state to HT.
// quasiseparable: a forward scan (af, bf, cf) and a backward one (ab, bb,
// cb, t from L-1 down), each read one step off the diagonal, plus d·x:
//
//	y_t = d_t·x_t + s^f_{t-1} + s^b_{t+1}
//
// a, b and c are the interpreter's views (ssm.View): element (b, t, ch, n)
// at b·SB + t·SL + CO[ch] + n·SN, any axis broadcast (stride 0; CO a table
// because channels flatten several axes, some broadcast), with SN 0 or 1
// fixed by the spec (Vec): Mamba-1's time-varying [B, L, D, N] operands,
// its C shared by every channel, Mamba-2's SSD decay shared over the state
// and the head's channels, time-invariant S4D-like operands.
//
// Design: the state axis n across the vector lanes (ceil(N/lanes) vectors
// per channel, the last one masked; for states of at most ScanChanMaxN,
// channels across the lanes instead, scan_chan.go), time outside and a
// block of channels inside, as the interpreter's time-major scan does:
// each step reads the block's rows of a, b, c contiguously (a block of
// every channel reads whole rows, one sequential stream per operand), and
// an operand shared by several channels (a broadcast axis) is read from
// cache. The block's state lives in a stack buffer (L1) rather than
// registers, since N and the block vary; s_t is the vector sum of c·h
// reduced by halving (a fixed order).
//
// Precision: the arithmetic is float32 with fused multiply-adds, h =
// fma(a, h, b·x), where the interpreter accumulates in float64. An error
// made at one step is carried by later ones with factors |a| ≤ 1, so it
// stays within a few ulp of the terms' magnitude; over 8192 steps with
// decays within 1e-3 of 1 the outputs stay within ~1e-6 of their scale
// (TestScanLongMemory), two orders inside the conformance tolerance.
// Every scanFlushEvery steps states below scanTiny are set to zero, as the
// selective scan does (subnormal arithmetic is very slow and such states
// are ~30 orders of magnitude below any output).
//
// Kernel ABI (abi.go): the parallel axis [lo, hi) counts (batch, channel
// block) pairs, batch outermost.
//
//	ints: [0] L, [1] C, [2] channels per block, [3] blocks per batch,
//	      then for each operand (ssm: a, b, c; quasiseparable: af, bf, cf,
//	      ab, bb, cb, d) its SB and SL
//	ssm:            p0 x, p1 a, p2 b, p3 c, p4 CO tables (i64 [3·C]: a, b,
//	                c), p5 y, p6 H0 [B, C, N] (nil: zero), p7 HT [B, C, N]
//	                (nil: not written)
//	quasiseparable: p0 x, p1..p6 af, bf, cf, ab, bb, cb, p7 d, p8 CO tables
//	                (i64 [7·C]), p9 y
//
// x and y are [B, L, C]. Only H0 and HT may overlap, and then only as the
// same buffer.
const (
	scanPX    = 0
	scanPCO   = 4 // ssm
	scanPY    = 5
	scanPH0   = 6
	scanPHT   = 7
	qsPD      = 7
	qsPCO     = 8
	qsPY      = 9
	scanOps   = 3 // operands of an ssm
	qsOps     = 7 // of a quasiseparable mixer, d included
	scanIntSB = 4 // ints[scanIntSB + 2·i] is operand i's SB, then its SL
)

// ScanSpec is what a scan kernel fixes at emission; sizes and strides are
// run-time arguments.
type ScanSpec struct {
	N  int  // state size, 1..ScanMaxN
	QS bool // the quasiseparable mixer (two passes and d·x) instead of ssm
	// Vec says which of a, b, c (then, for QS, the backward a, b, c) vary
	// along the state axis (SN = 1) rather than broadcast over it.
	Vec [6]bool
	// Chan puts channels rather than the state across the lanes (N at
	// most ScanChanMaxN, see scan_chan.go); Pat then says how each
	// operand (a, b, c, then for QS ab, bb, cb, d) is laid out over
	// channels.
	Chan bool
	Pat  [7]ScanPattern
}

// ScanPattern is how an operand's channel offsets CO run.
type ScanPattern uint8

const (
	// PatTable reads CO from the table (a gather across channels).
	PatTable ScanPattern = iota
	// PatUnit is CO[c] = CO[0] + c: consecutive channels are consecutive
	// floats (one vector load).
	PatUnit
	// PatBcast is CO[c] = CO[0]: every channel reads the same element (a
	// broadcast).
	PatBcast
)

// PatternOf classifies a CO table.
func PatternOf(co []int64) ScanPattern {
	unit, bcast := true, true
	for c, o := range co {
		unit = unit && o == co[0]+int64(c)
		bcast = bcast && o == co[0]
	}
	switch {
	case bcast:
		return PatBcast
	case unit:
		return PatUnit
	}
	return PatTable
}

// ScanMaxN bounds the state size: a channel's state must fit the block
// buffer (scanScratch floats).
const ScanMaxN = 4096

// scanScratch is the floats of a work item's state buffer on the stack
// (16 KiB: the block's states stay in L1); scanMaxBlock bounds a block's
// channels (the quasiseparable carries).
const (
	scanScratch  = 4096
	scanMaxBlock = 256
)

// scanFlushEvery and scanTiny: see selFlushEvery.
const (
	scanFlushEvery = 16
	scanTiny       = 0x1p-100
)

func (s ScanSpec) validate() error {
	if s.N < 1 || s.N > ScanMaxN {
		return fmt.Errorf("llvm: scan: N = %d, want 1..%d", s.N, ScanMaxN)
	}
	if s.Chan && s.N > ScanChanMaxN {
		return fmt.Errorf("llvm: scan: N = %d across channels, want at most %d", s.N, ScanChanMaxN)
	}
	return nil
}

// npad is N rounded up to whole vectors: a channel's stride in the state
// buffer.
func (s ScanSpec) npad(lanes int) int { return (s.N + lanes - 1) / lanes * lanes }

// EmitScan adds to m one function named name with the kernel ABI computing
// the scan of spec s for variant V4 or V3 (see above; RunScan and RunQS
// pass the arguments). Several kernels may share m.
func EmitScan(m *llvmir.Module, name string, s ScanSpec, variant string) error {
	if err := s.validate(); err != nil {
		return err
	}
	if err := convCheckName(m, name, variant, "scan"); err != nil {
		return err
	}
	var f *kfn
	if s.QS {
		f = newKfn(m, name, variant)
	} else {
		f = newKfn(m, name, variant, scanPH0, scanPHT)
	}
	(&scanEmit{kfn: f, s: s}).emit()
	return nil
}

// scanEmit holds the state of one EmitScan call.
type scanEmit struct {
	*kfn
	s        ScanSpec
	nv       int           // vectors per channel
	tail     llvalue.Value // mask of the last vector (nil when full)
	L, C     llvalue.Value
	h, carry llvalue.Value // the state buffer, the quasiseparable carries (float*)
}

// scanOperand is one view as the kernel reads it.
type scanOperand struct {
	p      llvalue.Value // data
	sb, sl llvalue.Value // batch and time strides
	co     llvalue.Value // its CO table (i64*)
	vec    bool          // SN = 1
}

// emit writes the function: for each (batch, block) item, the state
// buffer from H0 (ssm) or zero, the pass(es), the final state to HT.
func (e *scanEmit) emit() {
	k, s := e.k, e.s
	lanes := e.lanes
	e.nv = (s.N + lanes - 1) / lanes
	if s.N%lanes != 0 {
		e.tail = e.constMask(s.N % lanes)
	}
	entry := e.block("entry")
	// The state buffer: 64-byte aligned for whole-vector loads and stores.
	hbuf := entry.NewAlloca(lltypes.NewArray(scanScratch, lltypes.Float))
	hbuf.Align = 64
	e.h = entry.NewBitCast(hbuf, lltypes.NewPointer(lltypes.Float))
	if s.QS {
		cbuf := entry.NewAlloca(lltypes.NewArray(scanMaxBlock, lltypes.Float))
		cbuf.Align = 64
		e.carry = entry.NewBitCast(cbuf, lltypes.NewPointer(lltypes.Float))
	}
	e.L, e.C = k.Int(entry, 0), k.Int(entry, 1)
	cb, nblk := k.Int(entry, 2), k.Int(entry, 3)
	nops, coP := scanOps, scanPCO
	if s.QS {
		nops, coP = qsOps, qsPCO
	}
	co := convI64Ptr(entry, k.Ptrs[coP])
	ops := make([]scanOperand, nops)
	for i := range ops {
		ops[i] = scanOperand{p: k.Ptrs[1+i], sb: k.Int(entry, scanIntSB+2*i), sl: k.Int(entry, scanIntSB+2*i+1),
			co: entry.NewGetElementPtr(lltypes.I64, co, entry.NewMul(i64c(int64(i)), e.C))}
		if i < 6 {
			ops[i].vec = s.Vec[i]
		}
	}
	npad := int64(s.npad(lanes))

	end, _ := e.loop(entry, "item", k.Lo, k.Hi, 1, nil, func(b *llvmir.Block, i llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		bi := b.NewSDiv(i, nblk)
		c0 := b.NewMul(b.NewSub(i, b.NewMul(bi, nblk)), cb)
		nc := b.NewSub(convMin(b, b.NewAdd(c0, cb), e.C), c0)
		hoff := b.NewMul(b.NewAdd(b.NewMul(bi, e.C), c0), i64c(int64(s.N))) // (b, c0, 0) in H0, HT
		if s.Chan {
			return e.chanItem(b, bi, c0, nc, hoff, ops), nil
		}
		if !s.QS {
			b = e.loadState(b, nc, hoff)
			b = e.pass(b, true, bi, c0, nc, ops[0:3], nil, k.Ptrs[scanPY], passPlain)
			return e.storeState(b, nc, hoff), nil
		}
		b = e.zero(b, e.h, b.NewMul(nc, i64c(npad)))
		b = e.zero(b, e.carry, nc)
		b = e.pass(b, true, bi, c0, nc, ops[0:3], &ops[6], k.Ptrs[qsPY], passQSFwd)
		b = e.zero(b, e.h, b.NewMul(nc, i64c(npad)))
		b = e.zero(b, e.carry, nc)
		return e.pass(b, false, bi, c0, nc, ops[3:6], nil, k.Ptrs[qsPY], passQSBwd), nil
	})
	end.NewRet(nil)
}

// zero clears n floats of buf (n a multiple of the lanes, or a carry count:
// scalar stores).
func (e *scanEmit) zero(b *llvmir.Block, buf, n llvalue.Value) *llvmir.Block {
	if buf == e.carry {
		after, _ := e.loop(b, "zc", i64c(0), n, 1, nil, func(b *llvmir.Block, i llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			storeAt(b, llconst.NewFloat(lltypes.Float, 0), buf, i)
			return b, nil
		})
		return after
	}
	after, _ := e.loop(b, "zh", i64c(0), n, int64(e.lanes), nil, func(b *llvmir.Block, i llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		e.storeH(b, llconst.NewZeroInitializer(e.vt), i)
		return b, nil
	})
	return after
}

// loadH and storeH access the vector at h[i] (aligned).
func (e *scanEmit) loadH(b *llvmir.Block, i llvalue.Value) llvalue.Value {
	ld := b.NewLoad(e.vt, b.NewBitCast(b.NewGetElementPtr(lltypes.Float, e.h, i), lltypes.NewPointer(e.vt)))
	ld.Align = llvmir.Align(e.lanes * 4)
	return ld
}

func (e *scanEmit) storeH(b *llvmir.Block, v, i llvalue.Value) {
	st := b.NewStore(v, b.NewBitCast(b.NewGetElementPtr(lltypes.Float, e.h, i), lltypes.NewPointer(e.vt)))
	st.Align = llvmir.Align(e.lanes * 4)
}

// loadState fills the state buffer of the block's nc channels from H0 at
// offset hoff (zeros without H0; the lanes past N are zero either way).
func (e *scanEmit) loadState(b *llvmir.Block, nc, hoff llvalue.Value) *llvmir.Block {
	k := e.k
	has := convNonNull(b, k.Ptrs[scanPH0])
	npad := int64(e.s.npad(e.lanes))
	after, _ := e.loop(b, "h0", i64c(0), nc, 1, nil, func(b *llvmir.Block, c llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		src := b.NewAdd(hoff, b.NewMul(c, i64c(int64(e.s.N))))
		dst := b.NewMul(c, i64c(npad))
		e.channelVecs(b, func(b *llvmir.Block, v int, off llvalue.Value, mask llvalue.Value) {
			m := e.splat(b, has)
			if mask != nil {
				m = b.NewAnd(m, mask)
			}
			e.storeH(b, e.load(b, k.Ptrs[scanPH0], b.NewAdd(src, off), m), b.NewAdd(dst, off))
		})
		return b, nil
	})
	return after
}

// storeState writes the block's states to HT when given.
func (e *scanEmit) storeState(b *llvmir.Block, nc, hoff llvalue.Value) *llvmir.Block {
	k := e.k
	npad := int64(e.s.npad(e.lanes))
	return e.when(b, "ht", convNonNull(b, k.Ptrs[scanPHT]), func(b *llvmir.Block) *llvmir.Block {
		after, _ := e.loop(b, "htc", i64c(0), nc, 1, nil, func(b *llvmir.Block, c llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			dst := b.NewAdd(hoff, b.NewMul(c, i64c(int64(e.s.N))))
			src := b.NewMul(c, i64c(npad))
			e.channelVecs(b, func(b *llvmir.Block, v int, off llvalue.Value, mask llvalue.Value) {
				e.store(b, e.loadH(b, b.NewAdd(src, off)), k.Ptrs[scanPHT], b.NewAdd(dst, off), mask)
			})
			return b, nil
		})
		return after
	})
}

// channelVecs calls fn for each vector of a channel's state, unrolled:
// v its index, off = v·lanes, mask the tail mask on the last partial one.
func (e *scanEmit) channelVecs(b *llvmir.Block, fn func(b *llvmir.Block, v int, off, mask llvalue.Value)) {
	for v := 0; v < e.nv; v++ {
		var mask llvalue.Value
		if v == e.nv-1 {
			mask = e.tail
		}
		fn(b, v, i64c(int64(v*e.lanes)), mask)
	}
}

// passKind is what a pass writes to y.
type passKind int

const (
	passPlain passKind = iota // y_t = s_t
	passQSFwd                 // y_t = d_t·x_t + s_{t-1}
	passQSBwd                 // y_t += s_{t+1}
)

// scanUnroll is the most vectors per channel emitted unrolled; larger
// states loop over their vectors.
const scanUnroll = 8

// pass emits one scan over the block's nc channels from c0 of batch bi:
// t ascending (fwd) or descending, the operands ops (a, b, c), the
// quasiseparable diagonal d, writing y as kind says.
func (e *scanEmit) pass(b *llvmir.Block, fwd bool, bi, c0, nc llvalue.Value, ops []scanOperand, d *scanOperand, y llvalue.Value, kind passKind) *llvmir.Block {
	k := e.k
	lanes := int64(e.lanes)
	npad := int64(e.s.npad(e.lanes))
	after, _ := e.loop(b, "step", i64c(0), e.L, 1, nil, func(b *llvmir.Block, s llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		t := s
		if !fwd {
			t = b.NewSub(b.NewSub(e.L, i64c(1)), s)
		}
		base := make([]llvalue.Value, len(ops))
		for j, o := range ops {
			base[j] = b.NewAdd(b.NewMul(bi, o.sb), b.NewMul(t, o.sl))
		}
		var dbase llvalue.Value
		if d != nil {
			dbase = b.NewAdd(b.NewMul(bi, d.sb), b.NewMul(t, d.sl))
		}
		row := b.NewAdd(b.NewMul(b.NewAdd(b.NewMul(bi, e.L), t), e.C), c0) // (bi, t, c0) in x and y
		b, _ = e.loop(b, "ch", i64c(0), nc, 1, nil, func(b *llvmir.Block, c llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			ch := b.NewAdd(c0, c)
			xi := b.NewAdd(row, c)
			xs := loadAt(b, lltypes.Float, k.Ptrs[scanPX], xi)
			xv := e.splat(b, xs)
			off := make([]llvalue.Value, len(ops))
			bcast := make([]llvalue.Value, len(ops)) // splats of operands broadcast over n
			for j, o := range ops {
				off[j] = b.NewAdd(base[j], convLoadI64(b, o.co, ch))
				if !o.vec {
					bcast[j] = e.splat(b, loadAt(b, lltypes.Float, o.p, off[j]))
				}
			}
			hc := b.NewMul(c, i64c(npad))
			// One vector of the channel's state: returns the updated
			// partial sum of c·h.
			vec := func(b *llvmir.Block, voff, mask, acc llvalue.Value) llvalue.Value {
				g := newBld(b, e.in, e.lanes)
				get := func(j int) llvalue.Value {
					if ops[j].vec {
						return e.load(b, ops[j].p, b.NewAdd(off[j], voff), mask)
					}
					if mask != nil { // lanes past N must stay 0
						return b.NewSelect(mask, bcast[j], llconst.NewZeroInitializer(e.vt))
					}
					return bcast[j]
				}
				hi := b.NewAdd(hc, voff)
				hn := g.fma(get(0), e.loadH(b, hi), g.mul(get(1), xv))
				e.storeH(b, hn, hi)
				if acc == nil {
					return g.mul(get(2), hn)
				}
				return g.fma(get(2), hn, acc)
			}
			var acc llvalue.Value
			if e.nv <= scanUnroll {
				for v := 0; v < e.nv; v++ {
					var mask llvalue.Value
					if v == e.nv-1 {
						mask = e.tail
					}
					acc = vec(b, i64c(int64(v)*lanes), mask, acc)
				}
			} else {
				full := e.nv
				if e.tail != nil {
					full--
				}
				var out []llvalue.Value
				b, out = e.loop(b, "nv", i64c(0), i64c(int64(full)*lanes), lanes, []llvalue.Value{llconst.NewZeroInitializer(e.vt)},
					func(b *llvmir.Block, voff llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
						return b, []llvalue.Value{vec(b, voff, nil, cur[0])}
					})
				acc = out[0]
				if e.tail != nil {
					acc = vec(b, i64c(int64(full)*lanes), e.tail, acc)
				}
			}
			sum := e.hsum(b, acc)
			switch kind {
			case passPlain:
				storeAt(b, sum, y, xi)
			case passQSFwd:
				dv := loadAt(b, lltypes.Float, d.p, b.NewAdd(dbase, convLoadI64(b, d.co, ch)))
				sg := newBld(b, e.in, 1)
				storeAt(b, sg.fma(dv, xs, loadAt(b, lltypes.Float, e.carry, c)), y, xi)
				storeAt(b, sum, e.carry, c)
			case passQSBwd:
				storeAt(b, b.NewFAdd(loadAt(b, lltypes.Float, y, xi), loadAt(b, lltypes.Float, e.carry, c)), y, xi)
				storeAt(b, sum, e.carry, c)
			}
			return b, nil
		})
		// Flush tiny states every scanFlushEvery steps, unless it was the
		// last.
		flush := b.NewAnd(
			b.NewICmp(llenum.IPredEQ, b.NewSRem(s, i64c(scanFlushEvery)), i64c(scanFlushEvery-1)),
			b.NewICmp(llenum.IPredSLT, b.NewAdd(s, i64c(1)), e.L))
		return e.when(b, "flush", flush, func(b *llvmir.Block) *llvmir.Block {
			return e.flushH(b, b.NewMul(nc, i64c(npad)))
		}), nil
	})
	return after
}

// flushH sets the entries of the first n floats of the state buffer (n a
// multiple of the lanes) below scanTiny in magnitude to zero.
func (e *scanEmit) flushH(b *llvmir.Block, n llvalue.Value) *llvmir.Block {
	after, _ := e.loop(b, "fl", i64c(0), n, int64(e.lanes), nil, func(b *llvmir.Block, i llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		g := newBld(b, e.in, e.lanes)
		h := e.loadH(b, i)
		e.storeH(b, g.sel(g.cmp(llenum.FPredOLT, g.abs(h), g.f(scanTiny)), llconst.NewZeroInitializer(e.vt), h), i)
		return b, nil
	})
	return after
}

// hsum is the sum of v's lanes, by halving: lanes i and i + n/2 are added
// until one is left (a fixed order, whatever the thread count).
func (e *scanEmit) hsum(b *llvmir.Block, v llvalue.Value) llvalue.Value {
	n := e.lanes
	for n > 1 {
		h := n / 2
		lo, hi := make([]llconst.Constant, h), make([]llconst.Constant, h)
		for j := 0; j < h; j++ {
			lo[j], hi[j] = llconst.NewInt(lltypes.I32, int64(j)), llconst.NewInt(lltypes.I32, int64(j+h))
		}
		mt := lltypes.NewVector(uint64(h), lltypes.I32)
		v = b.NewFAdd(b.NewShuffleVector(v, llconst.NewUndef(v.Type()), llconst.NewVector(mt, lo...)),
			b.NewShuffleVector(v, llconst.NewUndef(v.Type()), llconst.NewVector(mt, hi...)))
		n = h
	}
	return b.NewExtractElement(v, selI32(0))
}
