package ptx

import (
	"fmt"
	"math"

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

// attnSpec: ints [Lq, Lk, Hq, Hk, D, Dv, has pad, scale bits, Kcap];
// buffers q [B, Lq, Hq, D], k [B, Kcap, Hk, D], v [B, Kcap, Hk, Dv] (the
// first Lk positions of each batch row are the keys: a KV cache on the
// device has room to grow in place, kv.go), pad [B, Lk] (int32), out [B,
// Lq, Hq, Dv]. Grid (Lq, B·Hq).
func attnSpec(name string) Spec { return Spec{Name: name, BX: attnBlock, BY: 1, Ints: 9, Ptrs: 5} }

// EmitAttention adds the attention kernel for value heads of at most
// per·attnBlock columns, causal or not.
func EmitAttention(t Target, m *Module, name string, per int, causal bool) error {
	if per < 1 || per > 4 {
		return fmt.Errorf("ptx: attention with %d value columns per thread (1..4)", per)
	}
	return Emit(t, m.M, m.Math, attnSpec(name), func(k *K) error {
		qb, kb, vb, pad, out := k.Global(0), k.Global(1), k.Global(2), k.Global(3), k.Global(4)
		ss, ps := k.Shared(attnBlock), k.Shared(attnBlock)
		// Private: m, α, l, then the thread's output columns.
		const pm, pa, pl, pacc = 0, 1, 2, 3
		st := k.Private(pacc + per)
		Lq, Lk, Hq, Hk, D, Dv := k.Int(0), k.Int(1), k.Int(2), k.Int(3), k.Int(4), k.Int(5)
		scale := k.FloatArg(7)
		kcap := k.Int(8)
		i := k.BlockX()
		b := k.B.NewSDiv(k.BlockY(), Hq)
		h := k.B.NewSRem(k.BlockY(), Hq)
		kh := k.B.NewSDiv(h, k.B.NewSDiv(Hq, Hk))
		lim := Lk
		if causal { // keys j < min(max(Lk − Lq + i + 1, 0), Lk)
			l := k.Add(k.B.NewSub(Lk, Lq), k.Add(i, c64(1)))
			l = k.B.NewSelect(k.Lt(l, c64(0)), c64(0), l)
			lim = k.B.NewSelect(k.Lt(Lk, l), Lk, l)
		}
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
		k.For(c64(0), lim, attnBlock, nil, func(j0 llvalue.Value, _ []llvalue.Value) []llvalue.Value {
			k.Phase(func() {
				j := k.Add(j0, k.Tid())
				s := k.IfValue(k.Lt(j, lim), ninf, func() llvalue.Value {
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
				var n llvalue.Value = k.B.NewSub(lim, j0)
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
		return nil
	})
}
