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

// The direct depthwise 1-D convolution (the interpreter's op conv in its
// direct form, backend/interp/kernels/ssm/conv.go ConvDirect), one kernel per
// ConvSpec and variant:
//
//	y[b,t,c] = act(bias[c] + Σ_{k<W} w[c,k]·x[b, t-PL+k, c])
//
// where rows t-PL+k outside [0, Lin) are skipped (zero padding), unless a
// prefix is given: then rows -PL..-1 are prefix[b, 0..PL-1] (a stream's
// window of past inputs, NUMERICS' causal conv state) and take part like
// any other row.
//
// Design (docs KERNELS.md): channels across the vector lanes, the time loop
// inside, the W taps and the bias of a lane block held in registers for a
// chunk of time steps; x and y are [B, L, C], channels innermost, so a step
// reads the block's W rows of x (the newest from memory, the others from
// L1) and writes one row of y. The sum is accumulated in tap order with
// fused multiply-adds (the interpreter sums the same terms in the same
// order in float64). Steps whose taps reach past either end of x (the first
// PL and the last PR steps) run a checked body that skips those taps
// exactly as the interpreter does; the others run without checks.
//
// Kernel ABI (abi.go): the parallel axis [lo, hi) counts (batch, time chunk,
// channel group) triples, batch outermost.
//
//	ints: [0] Lin, [1] C, [2] Lout, [3] PL, [4] T (steps per chunk),
//	      [5] chunks per sequence, [6] G (channels per group, a multiple
//	      of the lanes), [7] groups per chunk
//	p0 x [B, Lin, C], p1 w [C, W], p2 bias [C] (Spec.Bias), p3 prefix
//	[B, PL, C] (nil: zero padding), p4 y [B, Lout, C]
//
// No buffer may overlap another.
const (
	convPX = iota
	convPW
	convPBias
	convPPrefix
	convPY
)

// ConvSpec is what a conv kernel fixes at emission; sizes and padding are
// run-time arguments.
type ConvSpec struct {
	W    int    // taps, 1..ConvMaxW
	Bias bool   // add bias[c]
	Act  string // fused activation: one of GEMMActs
}

// ConvMaxW bounds the taps a kernel holds in registers (W of 32 vector
// registers, with the window rows and the activation's temporaries).
const ConvMaxW = 16

func (s ConvSpec) validate() error {
	if s.W < 1 || s.W > ConvMaxW {
		return fmt.Errorf("llvm: conv: W = %d, want 1..%d", s.W, ConvMaxW)
	}
	for _, a := range GEMMActs {
		if a == s.Act {
			return nil
		}
	}
	return fmt.Errorf("llvm: conv: unknown activation %q", s.Act)
}

// convVecs is the vectors of a wide block: its taps (W·convVecs vectors)
// stay in registers, its rows are convVecs·lanes contiguous floats.
const convVecs = 4

// convPrefetch is how many steps ahead the unchecked time loop prefetches
// the rows of x and y it will touch.
const convPrefetch = 8

// EmitConv adds to m one function named name with the kernel ABI computing
// the convolution of spec s for variant V4 or V3 (see above; RunConv passes
// the arguments). Several kernels may share m.
func EmitConv(m *llvmir.Module, name string, s ConvSpec, variant string) error {
	if err := s.validate(); err != nil {
		return err
	}
	if err := convCheckName(m, name, variant, "conv"); err != nil {
		return err
	}
	f := newKfn(m, name, variant)
	(&convEmit{kfn: f, s: s}).emit()
	return nil
}

// convCheckName rejects an unknown variant, a name that is not a C
// identifier or that m already defines.
func convCheckName(m *llvmir.Module, name, variant, what string) error {
	if variant != V3 && variant != V4 {
		return fmt.Errorf("llvm: %s: unknown variant %q (want %q or %q)", what, variant, V3, V4)
	}
	if !isCIdent(name) {
		return fmt.Errorf("llvm: %s: name %q is not a C identifier", what, name)
	}
	for _, fn := range m.Funcs {
		if fn.Name() == name {
			return fmt.Errorf("llvm: %s: module already has a function %q", what, name)
		}
	}
	return nil
}

// convEmit holds the state of one EmitConv call.
type convEmit struct {
	*kfn
	s                ConvSpec
	lin, C, lout, pl llvalue.Value // ints[0..3]
	hasPrefix        llvalue.Value // p3 != null
}

// emit writes the function: for each (batch, chunk, group) item, the
// group's channels in wide blocks, single vectors and a masked tail, each
// over the chunk's three time ranges.
func (e *convEmit) emit() {
	k := e.k
	entry := e.block("entry")
	e.lin, e.C, e.lout, e.pl = k.Int(entry, 0), k.Int(entry, 1), k.Int(entry, 2), k.Int(entry, 3)
	T, nT, G, nG := k.Int(entry, 4), k.Int(entry, 5), k.Int(entry, 6), k.Int(entry, 7)
	e.hasPrefix = convNonNull(entry, k.Ptrs[convPPrefix])
	W := int64(e.s.W)
	lanes := int64(e.lanes)
	perB := entry.NewMul(nT, nG)
	// Steps [0, e0) read rows before x, steps [e1, Lout) rows past it.
	e0 := e.pl
	e1 := entry.NewAdd(entry.NewSub(e.lin, i64c(W-1)), e.pl)

	end, _ := e.loop(entry, "item", k.Lo, k.Hi, 1, nil, func(b *llvmir.Block, i llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		bi := b.NewSDiv(i, perB)
		r := b.NewSub(i, b.NewMul(bi, perB))
		ch := b.NewSDiv(r, nG)
		gi := b.NewSub(r, b.NewMul(ch, nG))
		t0 := b.NewMul(ch, T)
		t1 := convMin(b, b.NewAdd(t0, T), e.lout)
		// The chunk's steps [t0, t1) in three ranges: [t0, a1) and
		// [a2, t1) read padding (checked), [a1, a2) only rows of x.
		a1 := convMax(b, t0, convMin(b, e0, t1))
		a2 := convMax(b, a1, convMin(b, e1, t1))
		g0 := b.NewMul(gi, G) // the group's channels: [g0, g1)
		g1 := convMin(b, b.NewAdd(g0, G), e.C)
		xb := b.NewMul(b.NewMul(bi, e.lin), e.C)
		yb := b.NewMul(b.NewMul(bi, e.lout), e.C)
		pb := b.NewMul(b.NewMul(bi, e.pl), e.C)
		rng := [3][2]llvalue.Value{{t0, a1}, {a1, a2}, {a2, t1}}
		// Blocks of convVecs vectors, then single vectors, then a masked
		// one: a block's rows of x and y are convVecs·lanes contiguous
		// floats, which the hardware prefetchers follow better than
		// one vector per row.
		wide := int64(convVecs) * lanes
		span := b.NewSub(g1, g0)
		nwide := b.NewAdd(g0, b.NewMul(b.NewSDiv(span, i64c(wide)), i64c(wide)))
		nfull := b.NewAdd(g0, b.NewMul(b.NewSDiv(span, i64c(lanes)), i64c(lanes)))
		after, _ := e.loop(b, "cwide", g0, nwide, wide, nil, func(b *llvmir.Block, c0 llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			return e.block3(b, c0, convVecs, nil, xb, yb, pb, rng), nil
		})
		after, _ = e.loop(after, "cblk", nwide, nfull, lanes, nil, func(b *llvmir.Block, c0 llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			return e.block3(b, c0, 1, nil, xb, yb, pb, rng), nil
		})
		after = e.when(after, "ctail", after.NewICmp(llenum.IPredSLT, nfull, g1), func(b *llvmir.Block) *llvmir.Block {
			return e.block3(b, nfull, 1, e.laneMask(b, b.NewSub(g1, nfull)), xb, yb, pb, rng)
		})
		return after, nil
	})
	end.NewRet(nil)
}

// block3 computes nv lane blocks of channels from c0 (mask: the channels
// present in the last block, nil for all) over the three time ranges rng
// (checked, unchecked, checked), with the taps and bias loaded once.
func (e *convEmit) block3(b *llvmir.Block, c0 llvalue.Value, nv int, mask, xb, yb, pb llvalue.Value, rng [3][2]llvalue.Value) *llvmir.Block {
	k := e.k
	W := e.s.W
	lanes := int64(e.lanes)
	masks := make([]llvalue.Value, nv)
	masks[nv-1] = mask
	cv := make([]llvalue.Value, nv) // first channel of each vector
	taps := make([][]llvalue.Value, nv)
	bias := make([]llvalue.Value, nv)
	for v := range cv {
		cv[v] = b.NewAdd(c0, i64c(int64(v)*lanes))
		all := masks[v]
		if all == nil {
			all = e.constMask(e.lanes)
		}
		// Taps: lane j of tap q is w[c+j, q], a gather of stride W.
		cidx := b.NewMul(b.NewAdd(e.splat(b, cv[v]), e.iota(lltypes.I64, 1)), e.splat(b, i64c(int64(W))))
		taps[v] = make([]llvalue.Value, W)
		for q := range taps[v] {
			taps[v][q] = e.gather(b, k.Ptrs[convPW], b.NewAdd(cidx, e.splat(b, i64c(int64(q)))), all)
		}
		bias[v] = llconst.NewZeroInitializer(e.vt)
		if e.s.Bias {
			bias[v] = e.load(b, k.Ptrs[convPBias], cv[v], masks[v])
		}
	}
	for part, r := range rng {
		checked := part != 1
		b, _ = e.loop(b, fmt.Sprintf("t%d", part), r[0], r[1], 1, nil, func(lb *llvmir.Block, t llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			g := newBld(lb, e.in, e.lanes)
			s0 := lb.NewSub(t, e.pl) // the row of tap 0
			xo := lb.NewAdd(lb.NewAdd(xb, lb.NewMul(s0, e.C)), c0)
			yo := lb.NewAdd(lb.NewAdd(yb, lb.NewMul(t, e.C)), c0)
			if !checked {
				for v := 0; v < nv; v += max(1, 16/e.lanes) { // one per 64-byte line
					e.prefetchRows(lb, k.Ptrs[convPX], lb.NewAdd(xo, i64c(int64(v)*lanes)), int64(W-1+convPrefetch), false)
					e.prefetchRows(lb, k.Ptrs[convPY], lb.NewAdd(yo, i64c(int64(v)*lanes)), convPrefetch, true)
				}
			}
			for v := 0; v < nv; v++ {
				acc := bias[v]
				if !checked {
					for q := 0; q < W; q++ {
						row := lb.NewAdd(xo, lb.NewMul(i64c(int64(q)), e.C))
						x := e.load(lb, k.Ptrs[convPX], lb.NewAdd(row, i64c(int64(v)*lanes)), masks[v])
						acc = g.fma(taps[v][q], x, acc)
					}
				} else {
					for q := 0; q < W; q++ {
						acc = e.checkedTap(lb, g, taps[v][q], acc, lb.NewAdd(s0, i64c(int64(q))), cv[v], masks[v], xb, pb)
					}
				}
				e.store(lb, e.act(g, acc), k.Ptrs[convPY], lb.NewAdd(yo, i64c(int64(v)*lanes)), masks[v])
			}
			return lb, nil
		})
	}
	return b
}

// checkedTap adds tap·x[s] to acc when row s exists (in x, or in the prefix
// when there is one) and returns acc unchanged otherwise, reading no memory
// for a missing row.
func (e *convEmit) checkedTap(b *llvmir.Block, g *bld, tap, acc, s, c0, mask, xb, pb llvalue.Value) llvalue.Value {
	k := e.k
	before := b.NewICmp(llenum.IPredSLT, s, i64c(0))
	inX := b.NewAnd(b.NewXor(before, llconst.True), b.NewICmp(llenum.IPredSLT, s, e.lin))
	valid := b.NewOr(inX, b.NewAnd(before, e.hasPrefix))
	// Row s of x, or row PL+s of the prefix.
	xi := b.NewAdd(b.NewAdd(xb, b.NewMul(s, e.C)), c0)
	pi := b.NewAdd(b.NewAdd(pb, b.NewMul(b.NewAdd(s, e.pl), e.C)), c0)
	p := b.NewSelect(before, k.Ptrs[convPPrefix], k.Ptrs[convPX])
	idx := b.NewSelect(before, pi, xi)
	m := e.splat(b, valid)
	if mask != nil {
		m = b.NewAnd(m, mask)
	}
	x := e.load(b, p, idx, m)
	return b.NewSelect(valid, g.fma(tap, x, acc), acc)
}

// prefetchRows prefetches p[off + ahead·C], a row the loop reaches ahead
// steps later (write: for a store). A plain GEP: the address may lie past
// the buffer, which a prefetch never faults on.
func (e *convEmit) prefetchRows(b *llvmir.Block, p, off llvalue.Value, ahead int64, write bool) {
	i8p := lltypes.NewPointer(lltypes.I8)
	pf := e.decl("llvm.prefetch.p0i8", lltypes.Void, i8p, lltypes.I32, lltypes.I32, lltypes.I32)
	rw := int64(0)
	if write {
		rw = 1
	}
	addr := b.NewBitCast(b.NewGetElementPtr(lltypes.Float, p, b.NewAdd(off, b.NewMul(i64c(ahead), e.C))), i8p)
	b.NewCall(pf, addr, selI32(rw), selI32(3), selI32(1))
}

// act applies the spec's activation. silu, Mamba's, is computed with fewer
// instructions than the shared polynomial (bld.silu), which made the
// conv compute-bound on one thread: x/(1 + 2^t) with t = -x·log2(e)
// clamped at 126 (so that 1 + 2^t stays finite), 2^t by selEmit.exp2
// (vreduceps and vscalefps on V4), and on V4 the division replaced by
// vrcp14ps and one Newton step. Its relative error is a few ulp plus
// |t|·2^-24 from rounding t, which matters only where silu(x) is
// negligible (x ≪ 0); below siluZeroBelow it is -0, and silu(-Inf) is NaN
// (-Inf·0), as in the interpreter.
func (e *convEmit) act(g *bld, x llvalue.Value) llvalue.Value {
	if e.s.Act != "silu" {
		return gemmAct(g, e.s.Act, x)
	}
	t := g.mul(x, g.f(-log2e))
	t = g.sel(g.cmp(llenum.FPredOGT, t, g.f(126)), g.f(126), t)
	den := g.add(g.f(1), e.exp2(g, t))
	var y llvalue.Value
	if e.v4 {
		rcp := e.decl("llvm.x86.avx512.rcp14.ps.512", e.vt, e.vt, e.vt, lltypes.I16)
		r := g.b.NewCall(rcp, den, llconst.NewZeroInitializer(e.vt), llconst.NewInt(lltypes.I16, -1))
		y = g.mul(x, g.mul(r, g.fma(g.neg(den), r, g.f(2))))
	} else {
		y = g.div(x, den)
	}
	// Far below zero silu is -0 (2^t would overflow the clamp; the
	// interpreter's float64 result rounds to a float32 zero or subnormal).
	y = g.sel(g.cmp(llenum.FPredOLT, x, g.f(siluZeroBelow)), g.f(float32(math.Copysign(0, -1))), y)
	return g.sel(g.cmp(llenum.FPredOEQ, x, g.f(float32(math.Inf(-1)))), g.f(float32(math.NaN())), y)
}
