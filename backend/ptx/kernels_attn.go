package ptx

import (
	"fmt"
	"math"

	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"
)

// Softmax attention (the interpreter's attn.Attention: grouped heads,
// bottom-right causal mask, key padding) with an online softmax over key
// tiles, FlashAttention-style, one block of attnBlock threads per (query,
// batch·head):
//
//	for each tile of attnBlock keys below the query's causal limit:
//	  phase A: thread t scores key j0+t: s = (q·k)·scale, −inf if masked
//	  phase B: every thread finds the tile's max m' = max(m, max s)
//	           (the same value in every thread), α = exp(m − m'), and
//	           thread t writes p_t = exp(s_t − m')
//	  phase C: every thread rescales l and its output columns by α and
//	           adds Σ_j p_j (and Σ_j p_j·v_j for its columns d ≡ t)
//	out = acc · (1/l), or 0 for a query that sees no key
//
// Keys with weight 0 are skipped (a padded key's value row is never read).
// Each thread owns value columns t, t+attnBlock, … (attnPer of them, fixed
// per kernel), kept in registers across the barriers.

const attnBlock = 128

// attnSpec: ints [Lq, Lk, Hq, Hk, D, Dv, has pad, scale bits, Kcap,
// splits S, keys per split]; buffers q [B, Lq, Hq, D], k [B, Kcap, Hk,
// D], v [B, Kcap, Hk, Dv] (the first Lk positions of each batch row are
// the keys: a KV cache on the device has room to grow in place, kv.go),
// pad [B, Lk] (int32), out [B, Lq, Hq, Dv], partials [B·Hq, Lq, S, 2+Dv]
// (S > 1). Grid (Lq·S, B·Hq).
//
// With S > 1 (flash-decoding: few queries over a long cache, too few
// blocks to fill the GPU) block (i·S + s) takes split s of query i's keys
// and writes its running max, sum and unnormalised outputs to the
// partials, which attncomb merges.
func attnSpec(name string) Spec { return Spec{Name: name, BX: attnBlock, BY: 1, Ints: 11, Ptrs: 6} }

// attnCombSpec: ints [Lq, Dv, S, Hq]; buffers partials, out. Grid (Lq,
// B·Hq).
func attnCombSpec(name string) Spec { return Spec{Name: name, BX: attnBlock, BY: 1, Ints: 4, Ptrs: 2} }

// EmitAttentionCombine adds the kernel merging split attention's partials:
// out = Σ_s e_s·acc_s / Σ_s e_s·l_s with e_s = exp(m_s − max m), 0 for a
// query no split saw a key of.
func EmitAttentionCombine(t Target, m *Module, name string, per int) error {
	return Emit(t, m.M, m.Math, attnCombSpec(name), func(k *K) error {
		pb, out := k.Global(0), k.Global(1)
		Lq, Dv, S, Hq := k.Int(0), k.Int(1), k.Int(2), k.Int(3)
		i := k.BlockX()
		row := k.Add(k.Mul(k.BlockY(), Lq), i) // (b·Hq + h)·Lq + i
		b, h := k.B.NewSDiv(k.BlockY(), Hq), k.B.NewSRem(k.BlockY(), Hq)
		ooff := k.Mul(k.Add(k.Mul(k.Add(k.Mul(b, Lq), i), Hq), h), Dv)
		w := k.Add(Dv, c64(2))
		ninf := f32(float32(math.Inf(-1)))
		exp := func(v llvalue.Value) llvalue.Value {
			e, _ := k.Math.At(k.B).Unary("exp", v)
			return e
		}
		k.Phase(func() {
			base := k.Mul(k.Mul(row, S), w)
			mx := k.For(c64(0), S, 1, []llvalue.Value{ninf}, func(s llvalue.Value, cur []llvalue.Value) []llvalue.Value {
				v, _ := k.Math.At(k.B).Binary("maximum", cur[0], k.Load(pb, k.Add(base, k.Mul(s, w))))
				return []llvalue.Value{v}
			})
			dead := k.B.NewFCmp(llenum.FPredOEQ, mx[0], ninf)
			weight := func(s llvalue.Value) llvalue.Value {
				ms := k.Load(pb, k.Add(base, k.Mul(s, w)))
				return k.B.NewSelect(k.B.NewFCmp(llenum.FPredOEQ, ms, ninf), f32(0), exp(k.B.NewFSub(ms, mx[0])))
			}
			l := k.For(c64(0), S, 1, []llvalue.Value{f32(0)}, func(s llvalue.Value, cur []llvalue.Value) []llvalue.Value {
				return []llvalue.Value{k.Math.At(k.B).Fma(weight(s), k.Load(pb, k.Add(k.Add(base, k.Mul(s, w)), c64(1))), cur[0])}
			})
			for r := 0; r < per; r++ {
				d := k.Add(k.Tid(), c64(int64(r*attnBlock)))
				k.If(k.Lt(d, Dv), func() {
					o := k.For(c64(0), S, 1, []llvalue.Value{f32(0)}, func(s llvalue.Value, cur []llvalue.Value) []llvalue.Value {
						return []llvalue.Value{k.Math.At(k.B).Fma(weight(s), k.Load(pb, k.Add(k.Add(base, k.Mul(s, w)), k.Add(d, c64(2)))), cur[0])}
					})
					v := k.B.NewSelect(k.And(k.B.NewXor(dead, llconst.True), k.B.NewFCmp(llenum.FPredOGT, l[0], f32(0))), k.B.NewFDiv(o[0], l[0]), f32(0))
					k.Store(out, k.Add(ooff, d), v)
				})
			}
		})
		return nil
	})
}

// EmitAttention adds the attention kernel for value heads of at most
// per·attnBlock columns, causal or not.
func EmitAttention(t Target, m *Module, name string, per int, causal bool) error {
	if per < 1 || per > 4 {
		return fmt.Errorf("ptx: attention with %d value columns per thread (1..4)", per)
	}
	return Emit(t, m.M, m.Math, attnSpec(name), func(k *K) error {
		qb, kb, vb, pad, out, part := k.Global(0), k.Global(1), k.Global(2), k.Global(3), k.Global(4), k.Global(5)
		ss, ps := k.Shared(attnBlock), k.Shared(attnBlock)
		// Private: m, α, l, then the thread's output columns.
		const pm, pa, pl, pacc = 0, 1, 2, 3
		st := k.Private(pacc + per)
		Lq, Lk, Hq, Hk, D, Dv := k.Int(0), k.Int(1), k.Int(2), k.Int(3), k.Int(4), k.Int(5)
		scale := k.FloatArg(7)
		kcap, S, ck := k.Int(8), k.Int(9), k.Int(10)
		i := k.B.NewSDiv(k.BlockX(), S)
		split := k.B.NewSRem(k.BlockX(), S)
		b := k.B.NewSDiv(k.BlockY(), Hq)
		h := k.B.NewSRem(k.BlockY(), Hq)
		kh := k.B.NewSDiv(h, k.B.NewSDiv(Hq, Hk))
		lim := Lk
		if causal { // keys j < min(max(Lk − Lq + i + 1, 0), Lk)
			l := k.Add(k.B.NewSub(Lk, Lq), k.Add(i, c64(1)))
			l = k.B.NewSelect(k.Lt(l, c64(0)), c64(0), l)
			lim = k.B.NewSelect(k.Lt(Lk, l), Lk, l)
		}
		// This block's keys: split s of them.
		lo := k.Mul(split, ck)
		hi := k.Add(lo, ck)
		hi = k.B.NewSelect(k.Lt(lim, hi), lim, hi)
		qoff := k.Mul(k.Add(k.Mul(k.Add(k.Mul(b, Lq), i), Hq), h), D)
		ninf := f32(float32(math.Inf(-1)))
		maxf := func(a, c llvalue.Value) llvalue.Value {
			v, _ := k.Math.At(k.B).Binary("maximum", a, c)
			return v
		}
		exp := func(v llvalue.Value) llvalue.Value {
			e, _ := k.Math.At(k.B).Unary("exp", v)
			return e
		}
		k.Phase(func() {
			k.Store(st, c64(pm), ninf)
			k.Store(st, c64(pl), f32(0))
			for r := 0; r < per; r++ {
				k.Store(st, c64(int64(pacc+r)), f32(0))
			}
		})
		k.For(lo, hi, attnBlock, nil, func(j0 llvalue.Value, _ []llvalue.Value) []llvalue.Value {
			k.Phase(func() {
				j := k.Add(j0, k.Tid())
				s := k.IfValue(k.Lt(j, hi), ninf, func() llvalue.Value {
					koff := k.Mul(k.Add(k.Mul(k.Add(k.Mul(b, kcap), j), Hk), kh), D)
					dot := k.For(c64(0), D, 1, []llvalue.Value{f32(0)}, func(e llvalue.Value, cur []llvalue.Value) []llvalue.Value {
						return []llvalue.Value{k.Math.At(k.B).Fma(k.Load(qb, k.Add(qoff, e)), k.Load(kb, k.Add(koff, e)), cur[0])}
					})
					sv := k.B.NewFMul(dot[0], scale)
					padded := k.IfValue(k.B.NewICmp(llenum.IPredNE, k.Int(6), c64(0)), c64(0), func() llvalue.Value {
						return k.LoadI32(pad, k.Add(k.Mul(b, Lk), j))
					})
					return k.B.NewSelect(k.B.NewICmp(llenum.IPredNE, padded, c64(0)), ninf, sv)
				})
				k.Store(ss, k.Tid(), s)
			})
			k.Phase(func() {
				tm := k.For(c64(0), c64(attnBlock), 1, []llvalue.Value{ninf}, func(j llvalue.Value, cur []llvalue.Value) []llvalue.Value {
					return []llvalue.Value{maxf(cur[0], k.Load(ss, j))}
				})
				mo := k.Load(st, c64(pm))
				mn := maxf(mo, tm[0])
				dead := k.B.NewFCmp(llenum.FPredOEQ, mn, ninf) // every key so far masked
				alpha := k.B.NewSelect(dead, f32(1), exp(k.B.NewFSub(mo, mn)))
				p := k.B.NewSelect(dead, f32(0), exp(k.B.NewFSub(k.Load(ss, k.Tid()), mn)))
				k.Store(ps, k.Tid(), p)
				k.Store(st, c64(pm), mn)
				k.Store(st, c64(pa), alpha)
			})
			k.Phase(func() {
				alpha := k.Load(st, c64(pa))
				var n llvalue.Value = k.B.NewSub(hi, j0)
				n = k.B.NewSelect(k.Lt(c64(attnBlock), n), c64(attnBlock), n)
				tl := k.For(c64(0), n, 1, []llvalue.Value{f32(0)}, func(j llvalue.Value, cur []llvalue.Value) []llvalue.Value {
					return []llvalue.Value{k.B.NewFAdd(cur[0], k.Load(ps, j))}
				})
				k.Store(st, c64(pl), k.Math.At(k.B).Fma(k.Load(st, c64(pl)), alpha, tl[0]))
				for r := 0; r < per; r++ {
					d := k.Add(k.Tid(), c64(int64(r*attnBlock)))
					k.If(k.Lt(d, Dv), func() {
						a0 := k.B.NewFMul(k.Load(st, c64(int64(pacc+r))), alpha)
						acc := k.For(c64(0), n, 1, []llvalue.Value{a0}, func(j llvalue.Value, cur []llvalue.Value) []llvalue.Value {
							p := k.Load(ps, j)
							v := k.IfValue(k.B.NewFCmp(llenum.FPredUNE, p, f32(0)), cur[0], func() llvalue.Value {
								voff := k.Mul(k.Add(k.Mul(k.Add(k.Mul(b, kcap), k.Add(j0, j)), Hk), kh), Dv)
								return k.Math.At(k.B).Fma(p, k.Load(vb, k.Add(voff, d)), cur[0])
							})
							return []llvalue.Value{v}
						})
						k.Store(st, c64(int64(pacc+r)), acc[0])
					})
				}
			})
			return nil
		})
		k.Phase(func() {
			l := k.Load(st, c64(pl))
			whole := k.B.NewICmp(llenum.IPredEQ, S, c64(1))
			k.If(whole, func() { // one split: the output itself
				inv := k.B.NewFDiv(f32(1), l)
				ooff := k.Mul(k.Add(k.Mul(k.Add(k.Mul(b, Lq), i), Hq), h), Dv)
				for r := 0; r < per; r++ {
					d := k.Add(k.Tid(), c64(int64(r*attnBlock)))
					k.If(k.Lt(d, Dv), func() {
						v := k.B.NewSelect(k.B.NewFCmp(llenum.FPredOGT, l, f32(0)), k.B.NewFMul(k.Load(st, c64(int64(pacc+r))), inv), f32(0))
						k.Store(out, k.Add(ooff, d), v)
					})
				}
			})
			k.If(k.B.NewXor(whole, llconst.True), func() { // the split's partial: m, l, the sums
				base := k.Mul(k.Add(k.Mul(k.Add(k.Mul(k.BlockY(), Lq), i), S), split), k.Add(Dv, c64(2)))
				k.If(k.B.NewICmp(llenum.IPredEQ, k.Tid(), c64(0)), func() {
					k.Store(part, base, k.Load(st, c64(pm)))
					k.Store(part, k.Add(base, c64(1)), l)
				})
				for r := 0; r < per; r++ {
					d := k.Add(k.Tid(), c64(int64(r*attnBlock)))
					k.If(k.Lt(d, Dv), func() {
						k.Store(part, k.Add(base, k.Add(d, c64(2))), k.Load(st, c64(int64(pacc+r))))
					})
				}
			})
		})
		return nil
	})
}
