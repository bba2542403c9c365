package ptx

import (
	"fmt"
	"math"

	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"
)

// Attention over query tiles (FlashAttention's loop order): one block per
// (tile of attnTq queries, batch·head) walks the key tiles below the
// tile's causal limit, staging the queries once and each key/value tile
// once in shared memory, so the keys are read from global memory once per
// tile of queries instead of once per query (attnBlock's kernel, kept for
// short query runs: a decode step's single query).
//
//	phase Q: the query tile into shared memory (zeros past Lq)
//	per key tile of tk keys:
//	  phase KV: the keys and values into shared memory
//	  phase S:  scores, attnTq·tk of them, several per thread: (q·k)·scale,
//	            −inf where masked (causal, padded, past Lk)
//	  phase R:  one thread per query row: the tile max, α = exp(m − m'),
//	            p = exp(s − m') in place of the scores, l = l·α + Σp
//	  phase O:  each thread's outputs (row, column): o = o·α + Σ_j p_j·v_j,
//	            keys of weight 0 skipped
//	phase W: out = o / l, or 0 for a query that sees no key
//
// The arithmetic per query is the per-query kernel's: the same dots in
// the same order, the online softmax over tiles of tk keys instead of
// attnBlock (so the two agree to rounding, not bit for bit).

// attnTq is the queries per block; attnTiledMinLq the query run from
// which the tiled kernel is used.
const (
	attnTq         = 32
	attnTiledMinLq = 16
)

// attnTiles is the key tile and the head size bound of a tiled kernel:
// heads up to 64 take tiles of 32 keys, up to 128 tiles of 16, so that
// the queries, keys, values and scores fit the 48 KiB of static shared
// memory.
func attnTiles(dmax int) (tk int, ok bool) {
	switch dmax {
	case 64:
		return 32, true
	case 128:
		return 16, true
	}
	return 0, false
}

// attnTiledDmax is the head size bound of the tiled kernel for heads of
// d (the larger of D and Dv), or 0 past 128.
func attnTiledDmax(d int) int {
	switch {
	case d <= 64:
		return 64
	case d <= 128:
		return 128
	}
	return 0
}

// attnTiledSpec: attnSpec's arguments (one split: S and the partials
// unused); grid (⌈Lq/attnTq⌉, B·Hq).
func attnTiledSpec(name string) Spec {
	return Spec{Name: name, BX: attnBlock, BY: 1, Ints: 11, Ptrs: 6}
}

// EmitAttentionTiled adds the query-tiled attention kernel for head sizes
// (D and Dv) up to dmax (64 or 128), causal or not.
func EmitAttentionTiled(t Target, m *Module, name string, dmax int, causal bool) error {
	tk, ok := attnTiles(dmax)
	if !ok {
		return fmt.Errorf("ptx: tiled attention for heads of %d (64 or 128)", dmax)
	}
	perS := attnTq * tk / attnBlock   // scores per thread
	perO := attnTq * dmax / attnBlock // outputs per thread
	return Emit(t, m.M, m.Math, attnTiledSpec(name), func(k *K) error {
		qb, kb, vb, pad, out := k.Global(0), k.Global(1), k.Global(2), k.Global(3), k.Global(4)
		qs, ks, vs := k.Shared(attnTq*dmax), k.Shared(tk*dmax), k.Shared(tk*dmax)
		ss := k.Shared(attnTq * tk)
		ms, ls, as := k.Shared(attnTq), k.Shared(attnTq), k.Shared(attnTq)
		acc := k.Private(perO)
		Lq, Lk, Hq, Hk, D, Dv := k.Int(0), k.Int(1), k.Int(2), k.Int(3), k.Int(4), k.Int(5)
		scale := k.FloatArg(7)
		kcap := k.Int(8)
		i0 := k.Mul(k.BlockX(), c64(attnTq))
		b := k.B.NewSDiv(k.BlockY(), Hq)
		h := k.B.NewSRem(k.BlockY(), Hq)
		kh := k.B.NewSDiv(h, k.B.NewSDiv(Hq, Hk))
		ninf := f32(float32(math.Inf(-1)))
		maxf := func(a, c llvalue.Value) llvalue.Value {
			v, _ := k.Math.At(k.B).Binary("maximum", a, c)
			return v
		}
		exp := func(v llvalue.Value) llvalue.Value {
			e, _ := k.Math.At(k.B).Unary("exp", v)
			return e
		}
		// limit is the number of keys query i sees.
		limit := func(i llvalue.Value) llvalue.Value {
			if !causal {
				return Lk
			}
			l := k.Add(k.B.NewSub(Lk, Lq), k.Add(i, c64(1)))
			l = k.B.NewSelect(k.Lt(l, c64(0)), c64(0), l)
			return k.B.NewSelect(k.Lt(Lk, l), Lk, l)
		}
		// The block's keys: those its last query sees.
		last := k.Add(i0, c64(attnTq-1))
		last = k.B.NewSelect(k.Lt(last, Lq), last, k.B.NewSub(Lq, c64(1)))
		blockLim := limit(last)
		k.Phase(func() {
			for r := 0; r < attnTq*dmax/attnBlock; r++ {
				e := k.Add(k.Tid(), c64(int64(r*attnBlock)))
				row, col := k.B.NewSDiv(e, c64(int64(dmax))), k.B.NewSRem(e, c64(int64(dmax)))
				i := k.Add(i0, row)
				v := k.IfValue(k.And(k.Lt(i, Lq), k.Lt(col, D)), f32(0), func() llvalue.Value {
					return k.Load(qb, k.Add(k.Mul(k.Add(k.Mul(k.Add(k.Mul(b, Lq), i), Hq), h), D), col))
				})
				k.Store(qs, e, v)
			}
			k.If(k.Lt(k.Tid(), c64(attnTq)), func() {
				k.Store(ms, k.Tid(), ninf)
				k.Store(ls, k.Tid(), f32(0))
			})
			for r := 0; r < perO; r++ {
				k.Store(acc, c64(int64(r)), f32(0))
			}
		})
		k.For(c64(0), blockLim, int64(tk), nil, func(j0 llvalue.Value, _ []llvalue.Value) []llvalue.Value {
			k.Phase(func() { // the key and value tile
				for r := 0; r < tk*dmax/attnBlock; r++ {
					e := k.Add(k.Tid(), c64(int64(r*attnBlock)))
					row, col := k.B.NewSDiv(e, c64(int64(dmax))), k.B.NewSRem(e, c64(int64(dmax)))
					j := k.Add(j0, row)
					kv := k.Add(k.Mul(k.Add(k.Mul(b, kcap), j), Hk), kh)
					in := k.Lt(j, Lk)
					k.Store(ks, e, k.IfValue(k.And(in, k.Lt(col, D)), f32(0), func() llvalue.Value {
						return k.Load(kb, k.Add(k.Mul(kv, D), col))
					}))
					k.Store(vs, e, k.IfValue(k.And(in, k.Lt(col, Dv)), f32(0), func() llvalue.Value {
						return k.Load(vb, k.Add(k.Mul(kv, Dv), col))
					}))
				}
			})
			k.Phase(func() { // scores
				for r := 0; r < perS; r++ {
					e := k.Add(k.Tid(), c64(int64(r*attnBlock)))
					row, col := k.B.NewSDiv(e, c64(int64(tk))), k.B.NewSRem(e, c64(int64(tk)))
					i, j := k.Add(i0, row), k.Add(j0, col)
					see := k.And(k.Lt(i, Lq), k.Lt(j, limit(i)))
					s := k.IfValue(see, ninf, func() llvalue.Value {
						dot := k.For(c64(0), D, 1, []llvalue.Value{f32(0)}, func(d llvalue.Value, cur []llvalue.Value) []llvalue.Value {
							q := k.Load(qs, k.Add(k.Mul(row, c64(int64(dmax))), d))
							kk := k.Load(ks, k.Add(k.Mul(col, c64(int64(dmax))), d))
							return []llvalue.Value{k.Math.At(k.B).Fma(q, kk, cur[0])}
						})
						sv := k.B.NewFMul(dot[0], scale)
						padded := k.IfValue(k.B.NewICmp(llenum.IPredNE, k.Int(6), c64(0)), c64(0), func() llvalue.Value {
							return k.LoadI32(pad, k.Add(k.Mul(b, Lk), j))
						})
						return k.B.NewSelect(k.B.NewICmp(llenum.IPredNE, padded, c64(0)), ninf, sv)
					})
					k.Store(ss, e, s)
				}
			})
			k.Phase(func() { // the softmax's running max and sum, a thread per query
				k.If(k.Lt(k.Tid(), c64(attnTq)), func() {
					row := k.Tid()
					base := k.Mul(row, c64(int64(tk)))
					tm := k.For(c64(0), c64(int64(tk)), 1, []llvalue.Value{ninf}, func(j llvalue.Value, cur []llvalue.Value) []llvalue.Value {
						return []llvalue.Value{maxf(cur[0], k.Load(ss, k.Add(base, j)))}
					})
					mo := k.Load(ms, row)
					mn := maxf(mo, tm[0])
					dead := k.B.NewFCmp(llenum.FPredOEQ, mn, ninf) // every key so far masked
					alpha := k.B.NewSelect(dead, f32(1), exp(k.B.NewFSub(mo, mn)))
					tl := k.For(c64(0), c64(int64(tk)), 1, []llvalue.Value{f32(0)}, func(j llvalue.Value, cur []llvalue.Value) []llvalue.Value {
						at := k.Add(base, j)
						p := k.B.NewSelect(dead, f32(0), exp(k.B.NewFSub(k.Load(ss, at), mn)))
						k.Store(ss, at, p)
						return []llvalue.Value{k.B.NewFAdd(cur[0], p)}
					})
					k.Store(ls, row, k.Math.At(k.B).Fma(k.Load(ls, row), alpha, tl[0]))
					k.Store(ms, row, mn)
					k.Store(as, row, alpha)
				})
			})
			k.Phase(func() { // the outputs
				for r := 0; r < perO; r++ {
					e := k.Add(k.Tid(), c64(int64(r*attnBlock)))
					row, col := k.B.NewSDiv(e, c64(int64(dmax))), k.B.NewSRem(e, c64(int64(dmax)))
					a0 := k.B.NewFMul(k.Load(acc, c64(int64(r))), k.Load(as, row))
					sum := k.For(c64(0), c64(int64(tk)), 1, []llvalue.Value{a0}, func(j llvalue.Value, cur []llvalue.Value) []llvalue.Value {
						p := k.Load(ss, k.Add(k.Mul(row, c64(int64(tk))), j))
						v := k.IfValue(k.B.NewFCmp(llenum.FPredUNE, p, f32(0)), cur[0], func() llvalue.Value {
							return k.Math.At(k.B).Fma(p, k.Load(vs, k.Add(k.Mul(j, c64(int64(dmax))), col)), cur[0])
						})
						return []llvalue.Value{v}
					})
					k.Store(acc, c64(int64(r)), sum[0])
				}
			})
			return nil
		})
		k.Phase(func() {
			for r := 0; r < perO; r++ {
				e := k.Add(k.Tid(), c64(int64(r*attnBlock)))
				row, col := k.B.NewSDiv(e, c64(int64(dmax))), k.B.NewSRem(e, c64(int64(dmax)))
				i := k.Add(i0, row)
				k.If(k.And(k.Lt(i, Lq), k.Lt(col, Dv)), func() {
					l := k.Load(ls, row)
					inv := k.B.NewFDiv(f32(1), l)
					v := k.B.NewSelect(k.B.NewFCmp(llenum.FPredOGT, l, f32(0)), k.B.NewFMul(k.Load(acc, c64(int64(r))), inv), f32(0))
					k.Store(out, k.Add(k.Mul(k.Add(k.Mul(k.Add(k.Mul(b, Lq), i), Hq), h), Dv), col), v)
				})
			}
		})
		return nil
	})
}
