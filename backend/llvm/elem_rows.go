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

// Row kernels: normalisations, softmax, reductions and cumsum over an
// axis, embedding lookup and rotary embeddings.
//
// Sums accumulate in float64 like the interpreter's (its reductions are
// float64 loops): each float32 is widened exactly and added into one of a
// few <lanes x double> accumulators, which are combined in a fixed order
// at the end. A float64 sum of d float32 terms is within d·2^-53 of exact,
// so after the final rounding to float32 the kernels agree with the
// interpreter's sequential sums to the last bit but for rare ties; no
// Kahan or pairwise scheme is needed.

// elemAccs is how many independent accumulators a row reduction keeps
// (vector add latency × throughput on the targets).
const elemAccs = 4

// elemRotate returns vals with v as the new last element and the first dropped:
// consecutive vectors of a run go to consecutive accumulators.
func elemRotate(vals []llvalue.Value, v llvalue.Value) []llvalue.Value {
	out := append([]llvalue.Value{}, vals[1:]...)
	return append(out, v)
}

func (e *elemEmit) dzeros(n int) []llvalue.Value {
	z := make([]llvalue.Value, n)
	for i := range z {
		z[i] = llconst.NewZeroInitializer(e.dt)
	}
	return z
}

func (e *elemEmit) fsplats(n int, v float32) []llvalue.Value {
	z := make([]llvalue.Value, n)
	g := &bld{ft: e.vt, lanes: e.lanes}
	for i := range z {
		z[i] = g.f(v)
	}
	return z
}

// dsum adds the accumulators in order, then their lanes (hsum).
func (e *elemEmit) dsum(b *llvmir.Block, accs []llvalue.Value) llvalue.Value {
	s := accs[0]
	for _, a := range accs[1:] {
		s = b.NewFAdd(s, a)
	}
	return e.hsum(b, s)
}

// fmaxAll combines float accumulators with the interpreter's max, then
// their lanes.
func (e *elemEmit) fmaxAll(b *llvmir.Block, accs []llvalue.Value) llvalue.Value {
	g := newBld(b, e.in, e.lanes)
	s := accs[0]
	for _, a := range accs[1:] {
		s = g.minmax(s, a, llenum.FPredOGT, g.iand)
	}
	return e.hmax(b, s)
}

// rowSum is Σ f(x[j]) over a row of n floats at p, in float64: acc adds
// the term of the widened lanes x to the accumulator a (masked lanes must
// add 0: acc gets the mask).
func (e *elemEmit) rowSum(cur **llvmir.Block, name string, p, n llvalue.Value, acc func(d *elemDbl, a, x, mask llvalue.Value) llvalue.Value) llvalue.Value {
	accs := e.vecRun(cur, name, n, elemAccs, e.dzeros(elemAccs), func(b *llvmir.Block, j, mask llvalue.Value, v []llvalue.Value) []llvalue.Value {
		d := e.dbl(b, e.lanes)
		return elemRotate(v, acc(d, v[0], d.ext(e.load(b, p, j, mask)), mask))
	})
	return e.dsum(*cur, accs)
}

// Norm kernel ABI: [lo, hi) rows of d floats.
//
//	ints: [0] d, [1] eps (float64 bits)
//	p0 x, p1 weight [d] (when emitted with one), p2 bias [d] (likewise), p3 y
const (
	elemNormX = iota
	elemNormW
	elemNormB
	elemNormY
)

// EmitNorm adds to m the kernel name for rms_norm, layer_norm or l2_norm
// (kind) over the last axis, with or without weight and bias: the
// interpreter's normImpl, with float64 statistics.
func EmitNorm(m *llvmir.Module, name, kind string, weight, bias bool, variant string) error {
	if kind != "rms_norm" && kind != "layer_norm" && kind != "l2_norm" {
		return fmt.Errorf("llvm: no norm kernel for %q", kind)
	}
	e, err := newElemEmit(m, name, variant)
	if err != nil {
		return err
	}
	k := e.k
	entry := e.block("entry")
	dN := k.Int(entry, 0)
	eps := entry.NewBitCast(k.Int(entry, 1), lltypes.Double)
	dd := entry.NewSIToFP(dN, lltypes.Double)
	cur := entry
	e.loop(&cur, "row", k.Lo, k.Hi, 1, nil, func(b *llvmir.Block, r llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		base := b.NewMul(r, dN)
		xp := b.NewGetElementPtr(lltypes.Float, k.Ptrs[elemNormX], base)
		yp := b.NewGetElementPtr(lltypes.Float, k.Ptrs[elemNormY], base)
		c := b
		var scale, meanHi, meanLo llvalue.Value
		if kind == "layer_norm" {
			sum := e.rowSum(&c, "mean", xp, dN, func(d *elemDbl, a, x, _ llvalue.Value) llvalue.Value { return d.add(a, x) })
			mean := c.NewFDiv(sum, dd)
			ms := e.dbl(c, e.lanes).splatOf(mean)
			vr := e.rowSum(&c, "var", xp, dN, func(d *elemDbl, a, x, mask llvalue.Value) llvalue.Value {
				t := d.sub(x, ms)
				if mask != nil {
					t = d.sel(mask, t, llconst.NewZeroInitializer(e.dt))
				}
				return d.fma(t, t, a)
			})
			s := e.dbl(c, 1)
			scale = s.div(s.c(1), s.sqrt(s.add(s.div(vr, dd), eps)))
			// The mean as a float32 pair: x - hi - lo keeps the difference
			// accurate when the mean is large against the spread.
			hi := c.NewFPTrunc(mean, lltypes.Float)
			meanHi = e.splat(c, hi)
			meanLo = e.splat(c, c.NewFPTrunc(c.NewFSub(mean, c.NewFPExt(hi, lltypes.Double)), lltypes.Float))
		} else {
			ss := e.rowSum(&c, "ss", xp, dN, func(d *elemDbl, a, x, _ llvalue.Value) llvalue.Value { return d.fma(x, x, a) })
			if kind == "rms_norm" {
				ss = c.NewFDiv(ss, dd)
			}
			s := e.dbl(c, 1)
			scale = s.div(s.c(1), s.sqrt(s.add(ss, eps)))
		}
		sc := e.splat(c, c.NewFPTrunc(scale, lltypes.Float))
		e.vecRun(&c, "out", dN, 2, nil, func(b *llvmir.Block, j, mask llvalue.Value, _ []llvalue.Value) []llvalue.Value {
			g := newBld(b, e.in, e.lanes)
			x := e.load(b, xp, j, mask)
			if meanHi != nil {
				x = g.sub(g.sub(x, meanHi), meanLo)
			}
			y := g.mul(x, sc)
			switch {
			case weight && bias:
				y = g.fma(y, e.load(b, k.Ptrs[elemNormW], j, mask), e.load(b, k.Ptrs[elemNormB], j, mask))
			case weight:
				y = g.mul(y, e.load(b, k.Ptrs[elemNormW], j, mask))
			case bias:
				y = g.add(y, e.load(b, k.Ptrs[elemNormB], j, mask))
			}
			e.store(b, y, yp, j, mask)
			return nil
		})
		return c, nil
	})
	cur.NewRet(nil)
	return nil
}

// splatOf broadcasts the scalar double v to the builder's lanes.
func (d *elemDbl) splatOf(v llvalue.Value) llvalue.Value {
	ins := d.b.NewInsertElement(llconst.NewUndef(d.ft), v, selI32(0))
	zero := llconst.NewZeroInitializer(lltypes.NewVector(uint64(d.lanes), lltypes.I32))
	return d.b.NewShuffleVector(ins, llconst.NewUndef(d.ft), zero)
}

// Softmax kernel ABI: [lo, hi) rows of d floats (the last axis).
//
//	ints: [0] d
//	p0 x, p1 y
//
// y = exp(x - max)/Σ exp(x - max): exp is the float32 polynomial (1 ulp),
// the sum float64, and the quotient a product with the rounded reciprocal;
// NaN anywhere in a row, or a row of -Inf, gives NaN like the interpreter.
func EmitSoftmax(m *llvmir.Module, name, variant string) error {
	e, err := newElemEmit(m, name, variant)
	if err != nil {
		return err
	}
	k := e.k
	entry := e.block("entry")
	dN := k.Int(entry, 0)
	cur := entry
	negInf := float32(math.Inf(-1))
	e.loop(&cur, "row", k.Lo, k.Hi, 1, nil, func(b *llvmir.Block, r llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		base := b.NewMul(r, dN)
		xp := b.NewGetElementPtr(lltypes.Float, k.Ptrs[0], base)
		yp := b.NewGetElementPtr(lltypes.Float, k.Ptrs[1], base)
		c := b
		mx := e.vecRun(&c, "max", dN, elemAccs, e.fsplats(elemAccs, negInf), func(b *llvmir.Block, j, mask llvalue.Value, v []llvalue.Value) []llvalue.Value {
			g := newBld(b, e.in, e.lanes)
			x := e.load(b, xp, j, mask)
			if mask != nil {
				x = g.sel(mask, x, g.f(negInf))
			}
			return elemRotate(v, g.minmax(v[0], x, llenum.FPredOGT, g.iand))
		})
		ms := e.splat(c, e.fmaxAll(c, mx))
		accs := e.vecRun(&c, "exp", dN, 2, e.dzeros(2), func(b *llvmir.Block, j, mask llvalue.Value, v []llvalue.Value) []llvalue.Value {
			g := newBld(b, e.in, e.lanes)
			// x - max rounds to float32 with an error of up to
			// |x - max|·2^-24, which exp turns into a relative error of as
			// much (16 ulp at a distance of 30): keep the rounding error of
			// the difference (two-sum) and apply it to the exponential,
			// exp(h + l) = exp(h)·(1 + l).
			x := e.load(b, xp, j, mask)
			h := g.sub(x, ms)
			bv := g.sub(h, x)
			l := g.sub(g.sub(x, g.sub(h, bv)), g.add(ms, bv))
			l = g.sel(g.cmp(llenum.FPredORD, l, l), l, g.f(0)) // ±Inf operands: no correction
			ev := g.exp(h)
			ev = g.fma(ev, l, ev)
			e.store(b, ev, yp, j, mask)
			if mask != nil {
				ev = g.sel(mask, ev, g.f(0))
			}
			d := e.dbl(b, e.lanes)
			return elemRotate(v, d.add(v[0], d.ext(ev)))
		})
		s := e.dbl(c, 1)
		inv := e.splat(c, c.NewFPTrunc(s.div(s.c(1), e.dsum(c, accs)), lltypes.Float))
		e.vecRun(&c, "scale", dN, 4, nil, func(b *llvmir.Block, j, mask llvalue.Value, _ []llvalue.Value) []llvalue.Value {
			g := newBld(b, e.in, e.lanes)
			e.store(b, g.mul(e.load(b, yp, j, mask), inv), yp, j, mask)
			return nil
		})
		return c, nil
	})
	cur.NewRet(nil)
	return nil
}

// Reduction kernel ABIs (sum, mean, max over one axis of a tensor seen as
// [outer, size, inner], the interpreter's axisBlocks):
//
// Row form (inner = 1): [lo, hi) rows of outer; ints [0] size; p0 x, p1 out.
//
// Column form: [lo, hi) counts (o, strip) pairs, strips of elemStrip(variant)
// columns of inner; ints [0] size, [1] inner, [2] strips per o; p0 x, p1 out.
// Each column is summed over size in its own float64 lane, in order.
func elemStrip(variant string) int { return 4 * VariantLanes(variant) }

// EmitReduce adds to m the kernel name computing kind (sum, mean or max)
// in the row or column form.
func EmitReduce(m *llvmir.Module, name, kind string, row bool, variant string) error {
	if kind != "sum" && kind != "mean" && kind != "max" {
		return fmt.Errorf("llvm: no reduction kernel for %q", kind)
	}
	e, err := newElemEmit(m, name, variant)
	if err != nil {
		return err
	}
	k := e.k
	entry := e.block("entry")
	size := k.Int(entry, 0)
	sizeD := entry.NewSIToFP(size, lltypes.Double)
	negInf := float32(math.Inf(-1))
	cur := entry
	if row {
		e.loop(&cur, "row", k.Lo, k.Hi, 1, nil, func(b *llvmir.Block, r llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			xp := b.NewGetElementPtr(lltypes.Float, k.Ptrs[0], b.NewMul(r, size))
			c := b
			var res llvalue.Value
			if kind == "max" {
				mx := e.vecRun(&c, "max", size, elemAccs, e.fsplats(elemAccs, negInf), func(b *llvmir.Block, j, mask llvalue.Value, v []llvalue.Value) []llvalue.Value {
					g := newBld(b, e.in, e.lanes)
					x := e.load(b, xp, j, mask)
					if mask != nil {
						x = g.sel(mask, x, g.f(negInf))
					}
					return elemRotate(v, g.minmax(v[0], x, llenum.FPredOGT, g.iand))
				})
				res = e.fmaxAll(c, mx)
			} else {
				s := e.rowSum(&c, "sum", xp, size, func(d *elemDbl, a, x, _ llvalue.Value) llvalue.Value { return d.add(a, x) })
				if kind == "mean" {
					s = c.NewFDiv(s, sizeD)
				}
				res = c.NewFPTrunc(s, lltypes.Float)
			}
			elemScalarStore(c, res, k.Ptrs[1], r)
			return c, nil
		})
		cur.NewRet(nil)
		return nil
	}
	inner, strips := k.Int(entry, 1), k.Int(entry, 2)
	e.strips(&cur, inner, strips, func(b *llvmir.Block, o, i0 llvalue.Value, masks []llvalue.Value) *llvmir.Block {
		base := b.NewAdd(b.NewMul(b.NewMul(o, size), inner), i0)
		c := b
		var init []llvalue.Value
		if kind == "max" {
			init = e.fsplats(len(masks), negInf)
		} else {
			init = e.dzeros(len(masks))
		}
		accs := e.loop(&c, "t", i64c(0), size, 1, init, func(b *llvmir.Block, t llvalue.Value, v []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			off := b.NewAdd(base, b.NewMul(t, inner))
			g, d := newBld(b, e.in, e.lanes), e.dbl(b, e.lanes)
			next := make([]llvalue.Value, len(v))
			for u := range v {
				x := e.load(b, k.Ptrs[0], b.NewAdd(off, i64c(int64(u*e.lanes))), masks[u])
				if kind == "max" {
					next[u] = g.minmax(v[u], x, llenum.FPredOGT, g.iand)
				} else {
					next[u] = d.add(v[u], d.ext(x))
				}
			}
			return b, next
		})
		ob := c.NewAdd(c.NewMul(o, inner), i0)
		d := e.dbl(c, e.lanes)
		for u, a := range accs {
			if kind == "mean" {
				a = d.div(a, d.splatOf(sizeD))
			}
			if kind != "max" {
				a = d.trunc(a)
			}
			e.store(c, a, k.Ptrs[1], c.NewAdd(ob, i64c(int64(u*e.lanes))), masks[u])
		}
		return c
	})
	cur.NewRet(nil)
	return nil
}

// strips emits the loop over (o, strip) work items [lo, hi) of a column
// kernel: body gets o, the first column i0 and one lane mask per vector of
// the strip (columns at or beyond inner are off). A full strip gets nil
// masks: body is emitted twice, and full strips run without masked loads
// and stores (on AVX2 masked stores are slow).
func (e *elemEmit) strips(cur **llvmir.Block, inner, strips llvalue.Value, body func(b *llvmir.Block, o, i0 llvalue.Value, masks []llvalue.Value) *llvmir.Block) {
	k := e.k
	width := int64(4 * e.lanes)
	e.loop(cur, "strip", k.Lo, k.Hi, 1, nil, func(b *llvmir.Block, w llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		o := b.NewSDiv(w, strips)
		i0 := b.NewMul(b.NewSRem(w, strips), i64c(width))
		left := b.NewSub(inner, i0)
		full, part, join := e.block("strip.full"), e.block("strip.part"), e.block("strip.join")
		b.NewCondBr(b.NewICmp(llenum.IPredSGE, left, i64c(width)), full, part)
		body(full, o, i0, make([]llvalue.Value, 4)).NewBr(join)
		masks := make([]llvalue.Value, 4)
		for u := range masks {
			var rem llvalue.Value = part.NewSub(left, i64c(int64(u*e.lanes)))
			rem = part.NewSelect(part.NewICmp(llenum.IPredSGT, rem, i64c(int64(e.lanes))), i64c(int64(e.lanes)), rem)
			rem = part.NewSelect(part.NewICmp(llenum.IPredSLT, rem, i64c(0)), i64c(0), rem)
			masks[u] = e.tailMask(part, rem)
		}
		body(part, o, i0, masks).NewBr(join)
		return join, nil
	})
}

// Cumsum kernel ABIs (the inclusive prefix sum over one axis, [outer, size,
// inner], continuing from a carry in streams):
//
// Row form (inner = 1): [lo, hi) rows of outer; ints [0] size.
// Column form: [lo, hi) (o, strip) pairs as for the reductions; ints [0]
// size, [1] inner, [2] strips per o.
//
//	p0 x, p1 y, p2 carry in [outer·inner] (nil: zeros), p3 carry out
//	[outer·inner] (nil: not written)
//
// Each running sum is a float64 started from the float32 carry, exactly as
// the interpreter's cumsumImpl; the carry written is the last sum rounded.
const (
	elemCumX = iota
	elemCumY
	elemCumIn
	elemCumOut
)

// EmitCumsum adds to m the kernel name in the row or column form.
func EmitCumsum(m *llvmir.Module, name string, row bool, variant string) error {
	e, err := newElemEmit(m, name, variant)
	if err != nil {
		return err
	}
	k := e.k
	entry := e.block("entry")
	size := k.Int(entry, 0)
	cur := entry
	null := llconst.NewNull(lltypes.NewPointer(lltypes.Float))
	hasIn := entry.NewICmp(llenum.IPredNE, k.Ptrs[elemCumIn], null)
	hasOut := entry.NewICmp(llenum.IPredNE, k.Ptrs[elemCumOut], null)
	if row {
		e.loop(&cur, "row", k.Lo, k.Hi, 1, nil, func(b *llvmir.Block, r llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			c := b
			acc0 := e.condLoad(&c, hasIn, func(b *llvmir.Block) llvalue.Value {
				return b.NewFPExt(elemScalarLoad(b, lltypes.Float, k.Ptrs[elemCumIn], r), lltypes.Double)
			}, llconst.NewFloat(lltypes.Double, 0))
			base := c.NewMul(r, size)
			acc := e.loop(&c, "t", i64c(0), size, 1, []llvalue.Value{acc0}, func(b *llvmir.Block, t llvalue.Value, v []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
				at := b.NewAdd(base, t)
				a := b.NewFAdd(v[0], b.NewFPExt(elemScalarLoad(b, lltypes.Float, k.Ptrs[elemCumX], at), lltypes.Double))
				elemScalarStore(b, b.NewFPTrunc(a, lltypes.Float), k.Ptrs[elemCumY], at)
				return b, []llvalue.Value{a}
			})
			e.ifThen(&c, "out", hasOut, func(b *llvmir.Block) *llvmir.Block {
				elemScalarStore(b, b.NewFPTrunc(acc[0], lltypes.Float), k.Ptrs[elemCumOut], r)
				return b
			})
			return c, nil
		})
		cur.NewRet(nil)
		return nil
	}
	inner, strips := k.Int(entry, 1), k.Int(entry, 2)
	e.strips(&cur, inner, strips, func(b *llvmir.Block, o, i0 llvalue.Value, masks []llvalue.Value) *llvmir.Block {
		c := b
		cb := c.NewAdd(c.NewMul(o, inner), i0)
		init := make([]llvalue.Value, len(masks))
		for u := range masks {
			u := u
			init[u] = e.condLoad(&c, hasIn, func(b *llvmir.Block) llvalue.Value {
				return e.dbl(b, e.lanes).ext(e.load(b, k.Ptrs[elemCumIn], b.NewAdd(cb, i64c(int64(u*e.lanes))), masks[u]))
			}, llconst.NewZeroInitializer(e.dt))
		}
		base := c.NewAdd(c.NewMul(c.NewMul(o, size), inner), i0)
		accs := e.loop(&c, "t", i64c(0), size, 1, init, func(b *llvmir.Block, t llvalue.Value, v []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			off := b.NewAdd(base, b.NewMul(t, inner))
			d := e.dbl(b, e.lanes)
			next := make([]llvalue.Value, len(v))
			for u := range v {
				at := b.NewAdd(off, i64c(int64(u*e.lanes)))
				next[u] = d.add(v[u], d.ext(e.load(b, k.Ptrs[elemCumX], at, masks[u])))
				e.store(b, d.trunc(next[u]), k.Ptrs[elemCumY], at, masks[u])
			}
			return b, next
		})
		e.ifThen(&c, "out", hasOut, func(b *llvmir.Block) *llvmir.Block {
			d := e.dbl(b, e.lanes)
			for u, a := range accs {
				e.store(b, d.trunc(a), k.Ptrs[elemCumOut], b.NewAdd(cb, i64c(int64(u*e.lanes))), masks[u])
			}
			return b
		})
		return c
	})
	cur.NewRet(nil)
	return nil
}

// condLoad is `cond ? load(b) : otherwise` with the load in its own block
// (a null pointer must not be read).
func (e *elemEmit) condLoad(cur **llvmir.Block, cond llvalue.Value, load func(b *llvmir.Block) llvalue.Value, otherwise llvalue.Value) llvalue.Value {
	pre := *cur
	lb, join := e.block("cload"), e.block("cload.end")
	pre.NewCondBr(cond, lb, join)
	v := load(lb)
	lb.NewBr(join)
	*cur = join
	return join.NewPhi(llvmir.NewIncoming(v, lb), llvmir.NewIncoming(otherwise, pre))
}

// Take kernel ABI: [lo, hi) ids; ints [0] width, [1] table rows; p0 table
// [rows, width], p1 ids (i32), p2 out [ids, width], p3 a float set to 1
// when an id is out of range (its row is left as it was; the launcher
// reports the error as the interpreter does).
const (
	elemTakeTab = iota
	elemTakeIDs
	elemTakeOut
	elemTakeFlag
)

// EmitTake adds to m the kernel name copying table rows by id.
func EmitTake(m *llvmir.Module, name, variant string) error {
	e, err := newElemEmit(m, name, variant)
	if err != nil {
		return err
	}
	k := e.k
	entry := e.block("entry")
	width, rows := k.Int(entry, 0), k.Int(entry, 1)
	ids := entry.NewBitCast(k.Ptrs[elemTakeIDs], lltypes.NewPointer(lltypes.I32))
	cur := entry
	e.loop(&cur, "id", k.Lo, k.Hi, 1, nil, func(b *llvmir.Block, i llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		id := b.NewSExt(elemScalarLoad(b, lltypes.I32, ids, i), lltypes.I64)
		ok := b.NewICmp(llenum.IPredULT, id, rows) // negative ids wrap high
		c := b
		e.ifThen(&c, "copy", ok, func(b *llvmir.Block) *llvmir.Block {
			src := b.NewGetElementPtr(lltypes.Float, k.Ptrs[elemTakeTab], b.NewMul(id, width))
			dst := b.NewGetElementPtr(lltypes.Float, k.Ptrs[elemTakeOut], b.NewMul(i, width))
			c := b
			e.vecRun(&c, "row", width, 4, nil, func(b *llvmir.Block, j, mask llvalue.Value, _ []llvalue.Value) []llvalue.Value {
				e.store(b, e.load(b, src, j, mask), dst, j, mask)
				return nil
			})
			return c
		})
		e.ifThen(&c, "bad", c.NewXor(ok, llconst.True), func(b *llvmir.Block) *llvmir.Block {
			elemScalarStore(b, llconst.NewFloat(lltypes.Float, 1), k.Ptrs[elemTakeFlag], i64c(0))
			return b
		})
		return c, nil
	})
	cur.NewRet(nil)
	return nil
}

// RoPE kernel ABI: [lo, hi) rows (b, t) of B·L; each row holds H heads of
// D = 2·half floats.
//
//	ints: [0] L, [1] H, [2] D
//	p0 x, p1 y, p2 cos [L, half] (float64), p3 sin [L, half] (float64)
//
// The pairs are (i, i + half) (half-split) or (2i, 2i+1) (interleaved);
// each becomes (a·cos - b·sin, a·sin + b·cos) computed in float64 from the
// float64 tables with separate products and sums (no fused multiply-add),
// the interpreter's arithmetic operation for operation: the results are
// bitwise its own.
const (
	elemRopeX = iota
	elemRopeY
	elemRopeCos
	elemRopeSin
)

// EmitRoPE adds to m the kernel name for the interleaved or half-split
// layout.
func EmitRoPE(m *llvmir.Module, name string, interleaved bool, variant string) error {
	e, err := newElemEmit(m, name, variant)
	if err != nil {
		return err
	}
	k := e.k
	entry := e.block("entry")
	L, H, D := k.Int(entry, 0), k.Int(entry, 1), k.Int(entry, 2)
	half := entry.NewSDiv(D, i64c(2))
	cosp := entry.NewBitCast(k.Ptrs[elemRopeCos], lltypes.NewPointer(lltypes.Double))
	sinp := entry.NewBitCast(k.Ptrs[elemRopeSin], lltypes.NewPointer(lltypes.Double))
	t0 := entry.NewSRem(k.Lo, L)
	cur := entry
	rot := func(b *llvmir.Block, a, bb, cs, sn llvalue.Value) (llvalue.Value, llvalue.Value) {
		d := e.dbl(b, e.lanes)
		ad, bd := d.ext(a), d.ext(bb)
		return d.trunc(d.sub(d.mul(ad, cs), d.mul(bd, sn))), d.trunc(d.add(d.mul(ad, sn), d.mul(bd, cs)))
	}
	lanes := e.lanes
	idx := func(f func(j int) int) llvalue.Value {
		el := make([]llconst.Constant, lanes)
		for j := range el {
			el[j] = llconst.NewInt(lltypes.I32, int64(f(j)))
		}
		return llconst.NewVector(lltypes.NewVector(uint64(lanes), lltypes.I32), el...)
	}
	even, odd := idx(func(j int) int { return 2 * j }), idx(func(j int) int { return 2*j + 1 })
	lo, hi := idx(func(j int) int { return j/2 + (j%2)*lanes }), idx(func(j int) int { return lanes/2 + j/2 + (j%2)*lanes })
	mlo, mhi := idx(func(j int) int { return j / 2 }), idx(func(j int) int { return lanes/2 + j/2 })
	e.loop(&cur, "row", k.Lo, k.Hi, 1, []llvalue.Value{t0}, func(b *llvmir.Block, r llvalue.Value, v []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		t := v[0]
		tb := b.NewMul(t, half)
		cp := b.NewGetElementPtr(lltypes.Double, cosp, tb)
		sp := b.NewGetElementPtr(lltypes.Double, sinp, tb)
		c := b
		e.loop(&c, "head", i64c(0), H, 1, nil, func(b *llvmir.Block, h llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			base := b.NewMul(b.NewAdd(b.NewMul(r, H), h), D)
			xp := b.NewGetElementPtr(lltypes.Float, k.Ptrs[elemRopeX], base)
			yp := b.NewGetElementPtr(lltypes.Float, k.Ptrs[elemRopeY], base)
			c := b
			if !interleaved {
				xq := b.NewGetElementPtr(lltypes.Float, xp, half)
				yq := b.NewGetElementPtr(lltypes.Float, yp, half)
				e.vecRun(&c, "pair", half, 1, nil, func(b *llvmir.Block, j, mask llvalue.Value, _ []llvalue.Value) []llvalue.Value {
					ya, yb := rot(b, e.load(b, xp, j, mask), e.load(b, xq, j, mask), e.loadF64(b, cp, j, mask), e.loadF64(b, sp, j, mask))
					e.store(b, ya, yp, j, mask)
					e.store(b, yb, yq, j, mask)
					return nil
				})
				return c, nil
			}
			e.vecRun(&c, "pair", half, 1, nil, func(b *llvmir.Block, j, mask llvalue.Value, _ []llvalue.Value) []llvalue.Value {
				var m0, m1 llvalue.Value
				if mask != nil {
					m0 = b.NewShuffleVector(mask, llconst.NewUndef(e.mt), mlo)
					m1 = b.NewShuffleVector(mask, llconst.NewUndef(e.mt), mhi)
				}
				j2 := b.NewMul(j, i64c(2))
				j2b := b.NewAdd(j2, i64c(int64(lanes)))
				v0, v1 := e.load(b, xp, j2, m0), e.load(b, xp, j2b, m1)
				a := b.NewShuffleVector(v0, v1, even)
				bb := b.NewShuffleVector(v0, v1, odd)
				ya, yb := rot(b, a, bb, e.loadF64(b, cp, j, mask), e.loadF64(b, sp, j, mask))
				e.store(b, b.NewShuffleVector(ya, yb, lo), yp, j2, m0)
				e.store(b, b.NewShuffleVector(ya, yb, hi), yp, j2b, m1)
				return nil
			})
			return c, nil
		})
		tn := c.NewAdd(t, i64c(1))
		tn2 := c.NewSelect(c.NewICmp(llenum.IPredEQ, tn, L), i64c(0), tn)
		return c, []llvalue.Value{tn2}
	})
	cur.NewRet(nil)
	return nil
}
