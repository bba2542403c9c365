package ptx

import (
	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"
)

// The real `ssm` in its chunked (SSD) form, for a decay that is one scalar
// per (batch, time, channel group) — Mamba-2's structure, linear
// attention's (NUMERICS §2.4; the interpreter's chunkedSSD). Channels
// that read the same a, b and c (equal channel offsets: the P channels of
// one head) form a group; per chunk [s, e) of q ≤ ssdMaxQ steps the group
// computes
//
//	Lm[i,j] = prod_{k=j+1..i} a_k          (running products down each column)
//	pre[i]  = prod_{k=s..s+i} a_k
//	W       = Lm ∘ (C Bᵀ)                  (lower triangle)
//	Y       = diag(pre) C Sᵀ + W X
//	S'      = pre[q-1] S + (Lm[q-1,:] ∘ X)ᵀ B
//
// with S the group's [P × N] state entering the chunk, exactly the
// interpreter's sequence of products (running products, never quotients
// of prefix products, so a strong decay cannot give 0/0), in float32 with
// fused multiply-adds where it accumulates in float64.
//
// Geometry: one block of ssdBlock threads per (batch, group, tile of
// ssdTileP channels of the group); the block walks the chunks in order (a
// uniform loop holding the phases), the tile's state in shared memory
// between them. Per chunk: the decays and the tile's x (phase 1, into
// shared memory), the columns of Lm and
// pre (2: thread j walks column j; thread 0 also pre), W in place (3: C·B
// dots over N, one thread per (i, j)), the outputs (4: one thread per
// (i, p), reading S) and the new state (5: one thread per (p, n), in
// place: no other thread reads S in that phase). The chunks of a group
// are sequential, as the state passing makes them; the parallelism is
// over (batch, group, tile) and within the chunk's products.
//
// Kernel ABI: ints [L, C, N, q, G, tiles per group, flags (1: H0, 2:
// HT), SB and SL of a, SB, SL and SN of b, SB, SL and SN of c]; buffers x
// [B, L, C], a, b, c (strided views), tab (int32: per group the channel
// offsets of a, b and c [3G], the groups' starts in the channel list
// [G+1], the channel list [C]), H0 and HT [B, C, N], y [B, L, C]. Grid:
// B·G·tiles blocks along x.

// SSD geometry: threads per block, the largest chunk, the channels of a
// tile and the largest state (shared memory: ssdMaxQ² + ssdTileP·ssdMaxN
// + ssdMaxQ·ssdTileP + 3·ssdMaxQ floats, 40.75 KiB, under the 48 KiB of
// static shared memory a block may have).
const (
	ssdBlock = 256
	ssdMaxQ  = 64
	ssdTileP = 32
	ssdMaxN  = 128
)

// SSD buffers.
const (
	ssdX = iota
	ssdA
	ssdB
	ssdC
	ssdTab
	ssdH0
	ssdHT
	ssdY
	ssdPtrs
)

// ssdInts is the number of i64 arguments.
const ssdInts = 15

func ssdSpec(name string) Spec {
	return Spec{Name: name, BX: ssdBlock, BY: 1, Ints: ssdInts, Ptrs: ssdPtrs}
}

// EmitSSD adds the chunked SSD kernel (any N ≤ ssdMaxN, q ≤ ssdMaxQ,
// given at launch).
func EmitSSD(t Target, m *Module, name string) error {
	return Emit(t, m.M, m.Math, ssdSpec(name), func(k *K) error {
		var buf [ssdPtrs]*Mem
		for i := range buf {
			buf[i] = k.Global(i)
		}
		L, C, N, Q, G, tiles, flags := k.Int(0), k.Int(1), k.Int(2), k.Int(3), k.Int(4), k.Int(5), k.Int(6)
		sbA, slA := k.Int(7), k.Int(8)
		sbB, slB, snB := k.Int(9), k.Int(10), k.Int(11)
		sbC, slC, snC := k.Int(12), k.Int(13), k.Int(14)
		div := func(a, b llvalue.Value) llvalue.Value { return k.B.NewSDiv(a, b) }
		rem := func(a, b llvalue.Value) llvalue.Value { return k.B.NewSRem(a, b) }
		sub := func(a, b llvalue.Value) llvalue.Value { return k.B.NewSub(a, b) }
		minI := func(a, b llvalue.Value) llvalue.Value { return k.B.NewSelect(k.Lt(a, b), a, b) }
		le := func(a, b llvalue.Value) llvalue.Value { return k.B.NewICmp(llenum.IPredSLE, a, b) }
		fma := func(a, b, c llvalue.Value) llvalue.Value { return k.Math.At(k.B).Fma(a, b, c) }
		flag := func(bit int64) llvalue.Value {
			return k.B.NewICmp(llenum.IPredNE, k.B.NewAnd(flags, c64(bit)), c64(0))
		}

		// The block's (batch, group, tile) and the tile's channels.
		blk := k.BlockX()
		pt := rem(blk, tiles)
		bg := div(blk, tiles)
		g, b := rem(bg, G), div(bg, G)
		starts := k.Mul(G, c64(3))
		chans := k.Add(starts, k.Add(G, c64(1)))
		offA := k.LoadI32(buf[ssdTab], k.Mul(g, c64(3)))
		offB := k.LoadI32(buf[ssdTab], k.Add(k.Mul(g, c64(3)), c64(1)))
		offC := k.LoadI32(buf[ssdTab], k.Add(k.Mul(g, c64(3)), c64(2)))
		g0 := k.LoadI32(buf[ssdTab], k.Add(starts, g))
		g1 := k.LoadI32(buf[ssdTab], k.Add(starts, k.Add(g, c64(1))))
		p0 := k.Mul(pt, c64(ssdTileP))
		np := minI(c64(ssdTileP), sub(sub(g1, g0), p0)) // ≤ 0: an empty tile of a smaller group
		baseA := k.Add(k.Mul(b, sbA), offA)
		baseB := k.Add(k.Mul(b, sbB), offB)
		baseC := k.Add(k.Mul(b, sbC), offC)
		// chanOf is the channel of the tile's p-th.
		chanOf := func(p llvalue.Value) llvalue.Value {
			return k.LoadI32(buf[ssdTab], k.Add(chans, k.Add(g0, k.Add(p0, p))))
		}
		bAt := func(t, n llvalue.Value) llvalue.Value {
			return k.Load(buf[ssdB], k.Add(baseB, k.Add(k.Mul(t, slB), k.Mul(n, snB))))
		}
		cAt := func(t, n llvalue.Value) llvalue.Value {
			return k.Load(buf[ssdC], k.Add(baseC, k.Add(k.Mul(t, slC), k.Mul(n, snC))))
		}
		xAt := func(t, ch llvalue.Value) llvalue.Value {
			return k.Load(buf[ssdX], k.Add(k.Mul(k.Add(k.Mul(b, L), t), C), ch))
		}

		w := k.Shared(ssdMaxQ * ssdMaxQ) // Lm, then W, row-major with pitch ssdMaxQ
		st := k.Shared(ssdTileP * ssdMaxN)
		av := k.Shared(ssdMaxQ)
		pre := k.Shared(ssdMaxQ)
		last := k.Shared(ssdMaxQ)          // Lm[q-1, :]
		xs := k.Shared(ssdMaxQ * ssdTileP) // the chunk's x, [step × tile channel]
		// each runs f(e) for the thread's elements e = tid, tid+T, … < n.
		each := func(n llvalue.Value, f func(e llvalue.Value)) {
			k.For(k.Tid(), n, ssdBlock, nil, func(e llvalue.Value, _ []llvalue.Value) []llvalue.Value {
				f(e)
				return nil
			})
		}
		tileN := k.Mul(c64(ssdTileP), N)

		// The state entering the first chunk: H0 or 0 (0 past the tile).
		k.Phase(func() {
			each(tileN, func(e llvalue.Value) {
				p, n := div(e, N), rem(e, N)
				v := k.IfValue(k.And(k.Lt(p, np), flag(1)), f32(0), func() llvalue.Value {
					return k.Load(buf[ssdH0], k.Add(k.Mul(k.Add(k.Mul(b, C), chanOf(p)), N), n))
				})
				k.Store(st, e, v)
			})
		})
		nch := div(k.Add(L, sub(Q, c64(1))), Q)
		k.For(c64(0), nch, 1, nil, func(kc llvalue.Value, _ []llvalue.Value) []llvalue.Value {
			s := k.Mul(kc, Q)
			q := minI(Q, sub(L, s))
			// The chunk's decays and the tile's inputs (0 past the tile),
			// which phases 4 and 5 read q times each.
			k.Phase(func() {
				k.If(k.Lt(k.Tid(), q), func() {
					k.Store(av, k.Tid(), k.Load(buf[ssdA], k.Add(baseA, k.Mul(k.Add(s, k.Tid()), slA))))
				})
				each(k.Mul(q, c64(ssdTileP)), func(e llvalue.Value) {
					j, p := div(e, c64(ssdTileP)), rem(e, c64(ssdTileP))
					v := k.IfValue(k.Lt(p, np), f32(0), func() llvalue.Value { return xAt(k.Add(s, j), chanOf(p)) })
					k.Store(xs, e, v)
				})
			})
			k.Phase(func() {
				j := k.Tid()
				k.If(k.Lt(j, q), func() {
					k.Store(w, k.Add(k.Mul(j, c64(ssdMaxQ)), j), f32(1))
					m := k.For(k.Add(j, c64(1)), q, 1, []llvalue.Value{f32(1)}, func(i llvalue.Value, cur []llvalue.Value) []llvalue.Value {
						v := k.B.NewFMul(cur[0], k.Load(av, i))
						k.Store(w, k.Add(k.Mul(i, c64(ssdMaxQ)), j), v)
						return []llvalue.Value{v}
					})
					k.Store(last, j, m[0])
				})
				k.If(k.B.NewICmp(llenum.IPredEQ, j, c64(0)), func() {
					k.For(c64(0), q, 1, []llvalue.Value{f32(1)}, func(i llvalue.Value, cur []llvalue.Value) []llvalue.Value {
						v := k.B.NewFMul(cur[0], k.Load(av, i))
						k.Store(pre, i, v)
						return []llvalue.Value{v}
					})
				})
			})
			// W = Lm ∘ (C Bᵀ) on the lower triangle.
			k.Phase(func() {
				each(k.Mul(q, q), func(e llvalue.Value) {
					i, j := div(e, q), rem(e, q)
					k.If(le(j, i), func() {
						ti, tj := k.Add(s, i), k.Add(s, j)
						d := k.For(c64(0), N, 1, []llvalue.Value{f32(0)}, func(n llvalue.Value, cur []llvalue.Value) []llvalue.Value {
							return []llvalue.Value{fma(cAt(ti, n), bAt(tj, n), cur[0])}
						})
						at := k.Add(k.Mul(i, c64(ssdMaxQ)), j)
						k.Store(w, at, k.B.NewFMul(k.Load(w, at), d[0]))
					})
				})
			})
			// Y[i, p] = pre[i]·(C_i · S_p) + Σ_{j ≤ i} W[i, j]·x_j[p].
			k.Phase(func() {
				each(k.Mul(q, c64(ssdTileP)), func(e llvalue.Value) {
					i, p := div(e, c64(ssdTileP)), rem(e, c64(ssdTileP))
					k.If(k.Lt(p, np), func() {
						ch := chanOf(p)
						ti := k.Add(s, i)
						d := k.For(c64(0), N, 1, []llvalue.Value{f32(0)}, func(n llvalue.Value, cur []llvalue.Value) []llvalue.Value {
							return []llvalue.Value{fma(cAt(ti, n), k.Load(st, k.Add(k.Mul(p, N), n)), cur[0])}
						})
						y0 := k.B.NewFMul(k.Load(pre, i), d[0])
						y := k.For(c64(0), k.Add(i, c64(1)), 1, []llvalue.Value{y0}, func(j llvalue.Value, cur []llvalue.Value) []llvalue.Value {
							return []llvalue.Value{fma(k.Load(w, k.Add(k.Mul(i, c64(ssdMaxQ)), j)), k.Load(xs, k.Add(k.Mul(j, c64(ssdTileP)), p)), cur[0])}
						})
						k.Store(buf[ssdY], k.Add(k.Mul(k.Add(k.Mul(b, L), ti), C), ch), y[0])
					})
				})
			})
			// S'[p, n] = pre[q-1]·S[p, n] + Σ_j (Lm[q-1, j]·x_j[p])·B_j[n].
			k.Phase(func() {
				each(tileN, func(e llvalue.Value) {
					p, n := div(e, N), rem(e, N)
					k.If(k.Lt(p, np), func() {
						v0 := k.B.NewFMul(k.Load(pre, sub(q, c64(1))), k.Load(st, e))
						v := k.For(c64(0), q, 1, []llvalue.Value{v0}, func(j llvalue.Value, cur []llvalue.Value) []llvalue.Value {
							coef := k.B.NewFMul(k.Load(last, j), k.Load(xs, k.Add(k.Mul(j, c64(ssdTileP)), p)))
							return []llvalue.Value{fma(coef, bAt(k.Add(s, j), n), cur[0])}
						})
						k.Store(st, e, v[0])
					})
				})
			})
			return nil
		})
		k.Phase(func() {
			k.If(flag(2), func() {
				each(tileN, func(e llvalue.Value) {
					p, n := div(e, N), rem(e, N)
					k.If(k.Lt(p, np), func() {
						k.Store(buf[ssdHT], k.Add(k.Mul(k.Add(k.Mul(b, C), chanOf(p)), N), n), k.Load(st, e))
					})
				})
			})
		})
		return nil
	})
}
