package llvm

import (
	llvmir "github.com/llir/llvm/ir"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// The chunked (WY) form of the delta-rule kernel; see delta_emit.go.

// deltaChunkLayout is deltaLayout with the chunk size known only at run
// time: the offsets that depend on it are values.
type deltaChunkLayout struct {
	vp, kp, w                  int64 // static widths
	cp                         llvalue.Value
	x, kc, dec, gam, bet, gs   llvalue.Value
	cf, qs                     llvalue.Value
	s                          int64
	vpv, kpv, wv               int // widths in vectors
	cstep                      llvalue.Value
	scr                        llvalue.Value
	pairB, pairH, sOff, nchunk llvalue.Value
}

func (e *deltaEmit) chunkLayout(b *llvmir.Block) *deltaChunkLayout {
	s, L := e.s, int64(e.lanes)
	r := func(n int) int64 { return int64(attnCeil(n, e.lanes) * e.lanes) }
	l := &deltaChunkLayout{vp: r(s.V), kp: r(s.K), scr: e.k.Ptrs[deltaPScratch]}
	l.w = l.vp + l.kp
	l.vpv, l.kpv, l.wv = int(l.vp/L), int(l.kp/L), int((l.vp+l.kp)/L)
	C := e.chunk
	l.cstep = C
	l.cp = b.NewMul(b.NewUDiv(b.NewAdd(C, i64c(L-1)), i64c(L)), i64c(L))
	l.s = 0
	l.x = i64c(int64(s.K) * l.vp)
	l.kc = b.NewAdd(l.x, b.NewMul(C, i64c(l.w)))
	l.dec = b.NewAdd(l.kc, b.NewMul(C, i64c(l.kp)))
	l.gam = b.NewAdd(l.dec, b.NewMul(C, l.cp))
	l.bet = b.NewAdd(l.gam, l.cp)
	l.gs = b.NewAdd(l.bet, l.cp)
	l.cf = b.NewAdd(l.gs, l.cp)
	l.qs = b.NewAdd(b.NewAdd(l.cf, i64c(l.kp)), l.cp)
	return l
}

// rowUpdate returns acc + sign·Σ_{j<cnt} coef[cOff + j·cStride]·M[mOff +
// j·mStride + v·lanes] for the len(acc) vectors v (sign -1 with sub).
func (e *deltaEmit) rowUpdate(b *llvmir.Block, acc []llvalue.Value, coef, cOff llvalue.Value, cStride int64, cnt llvalue.Value,
	m, mOff llvalue.Value, mStride int64, sub bool) (*llvmir.Block, []llvalue.Value) {
	L := int64(e.lanes)
	return e.loop(b, "upd", i64c(0), cnt, 1, acc, func(b *llvmir.Block, j llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		g := e.vec(b)
		c := e.bcast(b, coef, b.NewAdd(cOff, attnMul64(b, j, cStride)))
		if sub {
			c = g.neg(c)
		}
		row := b.NewAdd(mOff, attnMul64(b, j, mStride))
		next := make([]llvalue.Value, len(cur))
		for v := range cur {
			next[v] = g.fma(c, e.vload(b, m, attnAdd64(b, row, i64c(int64(v)*L)), nil), cur[v])
		}
		return b, next
	})
}

// dot returns Σ a[aOff+i]·b[bOff+i] over nv vectors (zero-padded rows), as
// a scalar.
func (e *deltaEmit) dot(b *llvmir.Block, a, aOff, bp, bOff llvalue.Value, nv int) llvalue.Value {
	L := int64(e.lanes)
	g := e.vec(b)
	var acc llvalue.Value
	for v := 0; v < nv; v++ {
		x := e.vload(b, a, attnAdd64(b, aOff, i64c(int64(v)*L)), nil)
		y := e.vload(b, bp, attnAdd64(b, bOff, i64c(int64(v)*L)), nil)
		if acc == nil {
			acc = g.mul(x, y)
		} else {
			acc = g.fma(x, y, acc)
		}
	}
	return b.NewExtractElement(e.hreduce(b, acc, g.add), selI32(0))
}

// chunked emits the WY form over items (b, h).
func (e *deltaEmit) chunked(pre *llvmir.Block) *llvmir.Block {
	return e.loopItems(pre, e.chunkLayout(pre))
}

func (e *deltaEmit) loopItems(pre *llvmir.Block, l *deltaChunkLayout) *llvmir.Block {
	k, s := e.k, e.s
	L := int64(e.lanes)
	after, _ := e.loop(pre, "pair", k.Lo, k.Hi, 1, nil, func(b *llvmir.Block, w llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		bi := b.NewUDiv(w, i64c(int64(s.H)))
		h := b.NewSub(w, attnMul64(b, bi, int64(s.H)))
		l.pairB, l.pairH = bi, h
		l.sOff = e.stateOff(b, bi, h)
		vmask := e.colMasks(b, i64c(0), l.vpv)
		// S = H0 (zeros without it, and past V).
		has := e.hasH0(b)
		b, _ = e.loop(b, "h0", i64c(0), i64c(int64(s.K)), 1, nil, func(b *llvmir.Block, r llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			src := b.NewAdd(l.sOff, b.NewMul(r, i64c(int64(s.V))))
			for v := 0; v < l.vpv; v++ {
				x := e.vload(b, k.Ptrs[deltaPH0], attnAdd64(b, src, i64c(int64(v)*L)), b.NewAnd(vmask[v], e.splat(b, has)))
				e.vstore(b, x, l.scr, b.NewAdd(b.NewMul(r, i64c(l.vp)), i64c(int64(v)*L)), nil)
			}
			return b, nil
		})
		nch := b.NewUDiv(b.NewAdd(e.TN, b.NewSub(l.cstep, i64c(1))), l.cstep)
		b, _ = e.loop(b, "chunk", i64c(0), nch, 1, nil, func(b *llvmir.Block, ci llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			c0 := b.NewMul(ci, l.cstep)
			n := attnMin64(b, l.cstep, b.NewSub(e.TN, c0))
			return e.chunkBody(b, l, c0, n, vmask), nil
		})
		b, _ = e.loop(b, "ht", i64c(0), i64c(int64(s.K)), 1, nil, func(b *llvmir.Block, r llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			dst := b.NewAdd(l.sOff, b.NewMul(r, i64c(int64(s.V))))
			for v := 0; v < l.vpv; v++ {
				x := e.vload(b, l.scr, b.NewAdd(b.NewMul(r, i64c(l.vp)), i64c(int64(v)*L)), nil)
				e.vstore(b, x, k.Ptrs[deltaPHT], attnAdd64(b, dst, i64c(int64(v)*L)), vmask[v])
			}
			return b, nil
		})
		return b, nil
	})
	return after
}

// chunkBody advances S over expanded steps [c0, c0+n) and writes the
// outputs of the tokens whose last step falls inside.
func (e *deltaEmit) chunkBody(b *llvmir.Block, l *deltaChunkLayout, c0, n llvalue.Value, vmask []llvalue.Value) *llvmir.Block {
	k, s := e.k, e.s
	L := int64(e.lanes)
	bi, h, scr := l.pairB, l.pairH, l.scr
	N := int64(s.N)
	at := func(b *llvmir.Block, base, i llvalue.Value, stride int64) llvalue.Value {
		return b.NewAdd(base, attnMul64(b, i, stride))
	}
	// dec_ij (j <= i) is at decT[j·cp + i].
	decAt := func(b *llvmir.Block, i, j llvalue.Value) llvalue.Value {
		return b.NewAdd(l.dec, b.NewAdd(b.NewMul(j, l.cp), i))
	}

	// 1. Gates and decays.
	if s.Gated {
		b, _ = e.loop(b, "gs", i64c(0), n, 1, nil, func(b *llvmir.Block, i llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			st := b.NewAdd(c0, i)
			t := llvalue.Value(st)
			first := llvalue.Value(nil)
			if N > 1 {
				t = b.NewUDiv(st, i64c(N))
				first = b.NewICmp(llenum.IPredEQ, b.NewSub(st, b.NewMul(t, i64c(N))), i64c(0))
			}
			gv := e.fload(b, k.Ptrs[deltaPG], e.tokOff(b, bi, h, t))
			if first != nil {
				gv = b.NewSelect(first, gv, e.sca(b).f(0))
			}
			storeAt(b, gv, scr, b.NewAdd(l.gs, i))
			return b, nil
		})
		nib := b.NewUDiv(b.NewAdd(n, i64c(L-1)), i64c(L))
		b, _ = e.loop(b, "dec", i64c(0), nib, 1, nil, func(b *llvmir.Block, ib llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			i0 := b.NewMul(ib, i64c(L))
			top := b.NewSub(attnMin64(b, b.NewAdd(i0, i64c(L)), n), i64c(1))
			ivec := b.NewAdd(e.splat(b, b.NewTrunc(i0, lltypes.I32)), e.iota(lltypes.I32, 1))
			var segs []llvalue.Value
			b, segs = e.loop(b, "dec.j", i64c(0), b.NewAdd(top, i64c(1)), 1, []llvalue.Value{e.zero()}, func(b *llvmir.Block, jj llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
				g := e.vec(b)
				j := b.NewSub(top, jj)
				e.vstore(b, g.exp(cur[0]), scr, b.NewAdd(decAt(b, i0, j), i64c(0)), nil)
				gj := e.bcast(b, scr, b.NewAdd(l.gs, j))
				in := b.NewICmp(llenum.IPredSLE, e.splat(b, b.NewTrunc(j, lltypes.I32)), ivec)
				return b, []llvalue.Value{g.add(cur[0], g.sel(in, gj, g.f(0)))}
			})
			e.vstore(b, e.vec(b).exp(segs[0]), scr, b.NewAdd(l.gam, i0), nil)
			return b, nil
		})
	}

	// 2. Keys, β, and the right-hand side [β v | β γ k].
	kmask := e.colMaskN(b, s.K, l.kpv)
	b, _ = e.loop(b, "rhs", i64c(0), n, 1, nil, func(b *llvmir.Block, i llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		g := e.vec(b)
		st := b.NewAdd(c0, i)
		beta := e.fload(b, k.Ptrs[deltaPBeta], e.betaOff(b, bi, h, st))
		storeAt(b, beta, scr, b.NewAdd(l.bet, i))
		bv := e.splat(b, beta)
		bg := bv
		if s.Gated {
			bg = g.mul(bv, e.bcast(b, scr, b.NewAdd(l.gam, i)))
		}
		ko, vo := e.kOff(b, bi, h, st), e.vOff(b, bi, h, st)
		xrow := at(b, l.x, i, l.w)
		for v := 0; v < l.vpv; v++ {
			x := e.vload(b, k.Ptrs[deltaPV], attnAdd64(b, vo, i64c(int64(v)*L)), vmask[v])
			e.vstore(b, g.mul(bv, x), scr, attnAdd64(b, xrow, i64c(int64(v)*L)), nil)
		}
		for v := 0; v < l.kpv; v++ {
			x := e.vload(b, k.Ptrs[deltaPK], attnAdd64(b, ko, i64c(int64(v)*L)), kmask[v])
			e.vstore(b, x, scr, attnAdd64(b, at(b, l.kc, i, l.kp), i64c(int64(v)*L)), nil)
			e.vstore(b, g.mul(bg, x), scr, attnAdd64(b, xrow, i64c(l.vp+int64(v)*L)), nil)
		}
		return b, nil
	})

	// 3. Forward substitution: row i needs the solved rows j < i.
	b, _ = e.loop(b, "fs", i64c(1), n, 1, nil, func(b *llvmir.Block, i llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		sg := e.sca(b)
		negBeta := sg.neg(e.fload(b, scr, b.NewAdd(l.bet, i)))
		ki := at(b, l.kc, i, l.kp)
		b, _ = e.loop(b, "fs.c", i64c(0), i, 1, nil, func(b *llvmir.Block, j llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			sg := e.sca(b)
			d := e.dot(b, scr, ki, scr, at(b, l.kc, j, l.kp), l.kpv)
			c := negBeta
			if s.Gated {
				c = sg.mul(c, e.fload(b, scr, decAt(b, i, j)))
			}
			storeAt(b, sg.mul(c, d), scr, b.NewAdd(l.cf, j))
			return b, nil
		})
		return e.updateRow(b, l, at(b, l.x, i, l.w), 0, l.wv, l.cf, 1, i, l.x, l.w, false), nil
	})

	// 4. U' = U − W·S_in, in place over U.
	b, _ = e.loop(b, "uprime", i64c(0), n, 1, nil, func(b *llvmir.Block, i llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		xrow := at(b, l.x, i, l.w)
		return e.updateRow(b, l, xrow, 0, l.vpv, b.NewAdd(xrow, i64c(l.vp)), 1, i64c(int64(s.K)), i64c(l.s), l.vp, true), nil
	})

	// 5. Outputs at each token's last step, reading S_in.
	b, _ = e.loop(b, "read", i64c(0), n, 1, nil, func(b *llvmir.Block, i llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		st := b.NewAdd(c0, i)
		t := llvalue.Value(st)
		isRead := llvalue.Value(nil)
		if N > 1 {
			t = b.NewUDiv(st, i64c(N))
			isRead = b.NewICmp(llenum.IPredEQ, b.NewSub(st, b.NewMul(t, i64c(N))), i64c(N-1))
		}
		body := func(b *llvmir.Block) *llvmir.Block { return e.readRow(b, l, i, t, decAt, vmask, kmask) }
		if isRead == nil {
			return body(b), nil
		}
		return e.when(b, "read.tok", isRead, body), nil
	})

	// 6. S_out = γ_last·S_in + Σ_j k_j (Dec_last,j U'_j)ᵀ.
	last := b.NewSub(n, i64c(1))
	if s.Gated {
		b, _ = e.loop(b, "scale", i64c(0), n, 1, nil, func(b *llvmir.Block, j llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			g := e.vec(b)
			d := e.bcast(b, scr, decAt(b, last, j))
			xrow := at(b, l.x, j, l.w)
			for v := 0; v < l.vpv; v++ {
				a := attnAdd64(b, xrow, i64c(int64(v)*L))
				e.vstore(b, g.mul(d, e.vload(b, scr, a, nil)), scr, a, nil)
			}
			return b, nil
		})
	}
	var gl llvalue.Value
	if s.Gated {
		gl = e.bcast(b, scr, b.NewAdd(l.gam, last))
	}
	b, _ = e.loop(b, "sout", i64c(0), i64c(int64(s.K)), 1, nil, func(b *llvmir.Block, r llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		srow := b.NewMul(r, i64c(l.vp))
		for c0v := 0; c0v < l.vpv; c0v += e.c.cw {
			nv := min(e.c.cw, l.vpv-c0v)
			g := e.vec(b)
			acc := make([]llvalue.Value, nv)
			for v := range acc {
				acc[v] = e.vload(b, scr, attnAdd64(b, srow, i64c(int64(c0v+v)*L)), nil)
				if s.Gated {
					acc[v] = g.mul(gl, acc[v])
				}
			}
			b, acc = e.rowUpdate(b, acc, scr, b.NewAdd(l.kc, r), l.kp, n, scr, b.NewAdd(l.x, i64c(int64(c0v)*L)), l.w, false)
			for v := range acc {
				e.vstore(b, acc[v], scr, attnAdd64(b, srow, i64c(int64(c0v+v)*L)), nil)
			}
		}
		return b, nil
	})
	return b
}

// updateRow sets row[v] += ±Σ_{j<cnt} coef[cOff+j·cStride]·M[mOff+j·mStride+v]
// for the vectors v in [v0, v1) of a scratch row at offset row, cw vectors
// per pass.
func (e *deltaEmit) updateRow(b *llvmir.Block, l *deltaChunkLayout, row llvalue.Value, v0, v1 int, cOff llvalue.Value, cStride int64,
	cnt, mOff llvalue.Value, mStride int64, sub bool) *llvmir.Block {
	L := int64(e.lanes)
	for c0 := v0; c0 < v1; c0 += e.c.cw {
		nv := min(e.c.cw, v1-c0)
		acc := make([]llvalue.Value, nv)
		for v := range acc {
			acc[v] = e.vload(b, l.scr, attnAdd64(b, row, i64c(int64(c0+v)*L)), nil)
		}
		b, acc = e.rowUpdate(b, acc, l.scr, cOff, cStride, cnt, l.scr, attnAdd64(b, mOff, i64c(int64(c0)*L)), mStride, sub)
		for v := range acc {
			e.vstore(b, acc[v], l.scr, attnAdd64(b, row, i64c(int64(c0+v)*L)), nil)
		}
	}
	return b
}

// readRow writes o_t = γ_i·(q_t·Scale)ᵀS_in + Σ_{j<=i} Dec_ij (q_t·Scale·k_j) U'_j.
func (e *deltaEmit) readRow(b *llvmir.Block, l *deltaChunkLayout, i, t llvalue.Value, decAt func(b *llvmir.Block, i, j llvalue.Value) llvalue.Value,
	vmask, kmask []llvalue.Value) *llvmir.Block {
	k, s := e.k, e.s
	L := int64(e.lanes)
	scr := l.scr
	g := e.vec(b)
	qo := e.kOffTok(b, l.pairB, l.pairH, t)
	var gi llvalue.Value
	if s.Gated {
		gi = e.bcast(b, scr, b.NewAdd(l.gam, i))
	}
	for v := 0; v < l.kpv; v++ {
		q := g.mul(e.vload(b, k.Ptrs[deltaPQ], attnAdd64(b, qo, i64c(int64(v)*L)), kmask[v]), g.f(s.Scale))
		e.vstore(b, q, scr, attnAdd64(b, l.qs, i64c(int64(v)*L)), nil)
		c := q
		if s.Gated {
			c = g.mul(gi, q)
		}
		e.vstore(b, c, scr, attnAdd64(b, l.cf, i64c(int64(v)*L)), nil)
	}
	oo := attnMul64(b, e.tokOff(b, l.pairB, l.pairH, t), int64(s.V))
	for c0 := 0; c0 < l.vpv; c0 += e.c.cw {
		nv := min(e.c.cw, l.vpv-c0)
		acc := make([]llvalue.Value, nv)
		for v := range acc {
			acc[v] = e.zero()
		}
		// γ_i qᵀ S_in
		b, acc = e.rowUpdate(b, acc, scr, l.cf, 1, i64c(int64(s.K)), scr, i64c(l.s+int64(c0)*L), l.vp, false)
		// Σ_{j<=i} Dec_ij (q·k_j) U'_j; the coefficients overwrite cf (after
		// the first pass of columns has used γq).
		cf := b.NewAdd(l.cf, i64c(l.kp))
		if c0 == 0 {
			b, _ = e.loop(b, "read.c", i64c(0), b.NewAdd(i, i64c(1)), 1, nil, func(b *llvmir.Block, j llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
				c := e.dot(b, scr, l.qs, scr, b.NewAdd(l.kc, attnMul64(b, j, l.kp)), l.kpv)
				if s.Gated {
					c = e.sca(b).mul(e.fload(b, scr, decAt(b, i, j)), c)
				}
				storeAt(b, c, scr, b.NewAdd(cf, j))
				return b, nil
			})
		}
		b, acc = e.rowUpdate(b, acc, scr, cf, 1, b.NewAdd(i, i64c(1)), scr, b.NewAdd(l.x, i64c(int64(c0)*L)), l.w, false)
		for v := range acc {
			e.vstore(b, acc[v], k.Ptrs[deltaPOut], attnAdd64(b, oo, i64c(int64(c0+v)*L)), vmask[c0+v])
		}
	}
	return b
}

// colMaskN returns the masks of nv vectors of a row of n valid floats (nil
// for a vector inside the row).
func (e *deltaEmit) colMaskN(b *llvmir.Block, n, nv int) []llvalue.Value {
	masks := make([]llvalue.Value, nv)
	for v := range masks {
		masks[v] = e.headMask(n - v*e.lanes)
	}
	return masks
}
