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

// The delta rule (the interpreter's op delta_rule, NUMERICS §6;
// backend/interp/kernels/attn/delta*.go), one kernel per DeltaSpec and
// variant: per (batch, head) a state S [K, V] and, for each token t,
//
//	S = e^(g_t)·S                          (gated)
//	for j < N, s = t·N + j:  S = S + β_s k_s (v_s − Sᵀk_s)ᵀ
//	o_t = Sᵀ(q_t·Scale)
//
// Two algorithms (ints[0]):
//
//   - Recurrent (ModeScan): token by token. The value columns of S are
//     independent (u, the update and the read are per column), so the work
//     items are (batch, head, block of CB value columns), with the columns
//     across the lanes and S's block ([K][CB]) in the worker's scratch,
//     which stays in L1. Each step makes one pass over the block's rows:
//     S_r = γ·S_r + k_r·u, o += q_r·S_r, and w += k'_r·S_r, where k' is the
//     next step's key: w = Sᵀk' is then ready for the next step's
//     u = β(v − γ'·w) without a second pass. Four partial sums per vector
//     break the dependency chains of o and w.
//   - Chunked (ModeChunked): the WY/UT form of DeltaChunked, per (batch,
//     head) and chunk of C expanded steps, with S_in in the scratch:
//     decays Dec_ij = e^(g_{j+1}+…+g_i) and γ_i = e^(g_0+…+g_i) summed
//     backwards exactly as the interpreter does (never exponentiating a
//     positive number), the unit lower-triangular solve
//     (I + stril(diag(β)(KKᵀ∘Dec)))[U|W] = [diag(β)V | diag(βγ)K] by
//     forward substitution, U' = U − W·S_in, the outputs
//     o_i = γ_i·qᵢS_in + Σ_j≤i Dec_ij(q_i·k_j)U'_j, and
//     S_out = γ_last·S_in + Kᵀ·diag(Dec_last,·)·U'. Every product is a row
//     update out += Σ_j c_j·M_j on vectors across the columns.
//
// Kernel ABI (abi.go): ints [0] algorithm (0 recurrent, 1 chunked), [1] B,
// [2] T, [3] the chunk C (chunked), [4] value-column blocks per (batch,
// head) (recurrent), [5..7] H, K and V (read only by a Dynamic kernel).
// The parallel axis counts (batch, head, column block) or (batch, head).
// Pointers: p0 Q [B, T, H, K], p1 K [B, T·N, H, K],
// p2 V [B, T·N, H, V], p3 β [B, T·N, H], p4 the log gates [B, T, H]
// (gated), p5 H0 [B, H, K, V] (nil: zeros), p6 HT [B, H, K, V], p7 Out
// [B, T, H, V], p8 the calling worker's scratch (DeltaScratchLen).
const (
	deltaPQ = iota
	deltaPK
	deltaPV
	deltaPBeta
	deltaPG
	deltaPH0
	deltaPHT
	deltaPOut
	deltaPScratch
)

// Algorithms of the delta-rule kernel (ints[0]).
const (
	deltaRecurrent = iota
	deltaChunked
)

// DeltaSpec is what a delta-rule kernel fixes at emission; B, T and the
// chunk are run-time arguments.
type DeltaSpec struct {
	H, K, V int     // heads, key and value head sizes
	N       int     // Householder steps per token (1: DeltaNet)
	Gated   bool    // a log-space gate per token
	Scale   float32 // multiplies q
	// Dynamic takes H, K and V at run time (ints[5..7]; the fields are
	// ignored), for an op whose head sizes are symbolic: only the
	// recurrent form is emitted (DeltaKernel.Run rejects chunked calls).
	Dynamic bool
}

func (s DeltaSpec) validate() error {
	if s.Dynamic {
		return s.validateSizes(1, 1, 1)
	}
	return s.validateSizes(s.H, s.K, s.V)
}

// validateSizes checks the spec with head sizes h, k and v.
func (s DeltaSpec) validateSizes(h, k, v int) error {
	if h < 1 || k < 1 || v < 1 || s.N < 1 || k > 1<<12 || v > 1<<16 || s.N > 64 {
		return fmt.Errorf("llvm: delta rule: sizes H=%d K=%d V=%d N=%d out of range", h, k, v, s.N)
	}
	if f := float64(s.Scale); math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("llvm: delta rule: non-finite scale %v", s.Scale)
	}
	return nil
}

// deltaConfig is the blocking of one variant.
type deltaConfig struct {
	lanes int
	cbv   int // value vectors per recurrent work item (CB = cbv·lanes columns)
	cw    int // column vectors per row-update pass of the chunked form
}

// deltaConfigFor: the recurrent pass keeps 2·4 partial sums per column
// vector in registers (16 zmm with two vectors; V3 takes one).
func deltaConfigFor(variant string) deltaConfig {
	if variant == V4 {
		return deltaConfig{lanes: 16, cbv: 2, cw: 8}
	}
	return deltaConfig{lanes: 8, cbv: 1, cw: 4}
}

// deltaLayout is the chunked form's scratch (offsets in floats) for chunks
// of c steps: S [K][Vp], X [c][Vp+Kp] ([U | W], then U'), the chunk's keys
// KC [c][Kp], Dec transposed [c][cp], γ, β and the step gates [cp], the
// coefficients of row updates [Kp + cp], the scaled query [Kp]
// (deltaEmit.chunkLayout computes the same offsets in the kernel).
type deltaLayout struct {
	vp, kp, cp, w                   int
	s, x, kc, dec, gam, bet, gs, cf int
	qs, end                         int
}

func deltaLayoutFor(s DeltaSpec, lanes, c int) deltaLayout {
	r := func(n int) int { return attnCeil(n, lanes) * lanes }
	l := deltaLayout{vp: r(s.V), kp: r(s.K), cp: r(c)}
	l.w = l.vp + l.kp
	l.s = 0
	l.x = l.s + s.K*l.vp
	l.kc = l.x + c*l.w
	l.dec = l.kc + c*l.kp
	l.gam = l.dec + c*l.cp
	l.bet = l.gam + l.cp
	l.gs = l.bet + l.cp
	l.cf = l.gs + l.cp
	l.qs = l.cf + l.kp + l.cp
	l.end = l.qs + l.kp
	return l
}

// DeltaScratchLen is the scratch, in floats, one worker needs for chunks of
// chunk steps (the recurrent form needs less).
func DeltaScratchLen(s DeltaSpec, variant string, chunk int) int {
	c := deltaConfigFor(variant)
	rec := (s.K + 1) * c.cbv * c.lanes // the state block and the read
	return max(rec, deltaLayoutFor(s, c.lanes, max(chunk, 1)).end)
}

// deltaColBlocks is the number of recurrent work items per (batch, head)
// for value head size V.
func deltaColBlocks(V int, variant string) int {
	c := deltaConfigFor(variant)
	return attnCeil(V, c.cbv*c.lanes)
}

// EmitDelta adds to m one function named name with the kernel ABI
// computing the delta rule of spec s for variant V4 or V3 (see above).
func EmitDelta(m *llvmir.Module, name string, s DeltaSpec, variant string) error {
	if err := s.validate(); err != nil {
		return err
	}
	if variant != V3 && variant != V4 {
		return fmt.Errorf("llvm: delta rule: unknown variant %q (want %q or %q)", variant, V3, V4)
	}
	if !isCIdent(name) {
		return fmt.Errorf("llvm: delta rule: name %q is not a C identifier", name)
	}
	for _, f := range m.Funcs {
		if f.Name() == name {
			return fmt.Errorf("llvm: delta rule: module already has a function %q", name)
		}
	}
	e := &deltaEmit{attnGen: newAttnGen(m, name, variant), s: s, c: deltaConfigFor(variant)}
	e.emit()
	return nil
}

// deltaEmit holds the state of one EmitDelta call.
type deltaEmit struct {
	*attnGen
	s DeltaSpec
	c deltaConfig

	B, T, TN, chunk, nblk llvalue.Value
	H, K, V               llvalue.Value // constants, or ints[5..7] (Dynamic)
}

func (e *deltaEmit) emit() {
	k := e.k
	entry := e.block("entry")
	e.B, e.T, e.chunk, e.nblk = k.Int(entry, 1), k.Int(entry, 2), k.Int(entry, 3), k.Int(entry, 4)
	e.TN = attnMul64(entry, e.T, int64(e.s.N))
	if e.s.Dynamic {
		e.H, e.K, e.V = k.Int(entry, 5), k.Int(entry, 6), k.Int(entry, 7)
	} else {
		e.H, e.K, e.V = i64c(int64(e.s.H)), i64c(int64(e.s.K)), i64c(int64(e.s.V))
	}
	alg := k.Int(entry, 0)
	exit := e.block("exit")
	exit.NewRet(nil)
	rec, chk := e.block("recurrent"), e.block("chunked")
	entry.NewCondBr(entry.NewICmp(llenum.IPredEQ, alg, i64c(deltaRecurrent)), rec, chk)
	e.recurrent(rec).NewBr(exit)
	if e.s.Dynamic {
		chk.NewBr(exit) // never called (DeltaKernel.Run)
		return
	}
	e.chunked(chk).NewBr(exit)
}

// mulV is x times the run-time size n (a constant folds).
func mulV(b *llvmir.Block, x, n llvalue.Value) llvalue.Value {
	if c, ok := n.(*llconst.Int); ok {
		return attnMul64(b, x, c.X.Int64())
	}
	return b.NewMul(x, n)
}

// Row offsets: step s (or token t) of (b, h) in the packed tensors.
func (e *deltaEmit) kOff(b *llvmir.Block, bi, h, step llvalue.Value) llvalue.Value {
	return mulV(b, b.NewAdd(mulV(b, b.NewAdd(b.NewMul(bi, e.TN), step), e.H), h), e.K)
}

func (e *deltaEmit) vOff(b *llvmir.Block, bi, h, step llvalue.Value) llvalue.Value {
	return mulV(b, b.NewAdd(mulV(b, b.NewAdd(b.NewMul(bi, e.TN), step), e.H), h), e.V)
}

func (e *deltaEmit) betaOff(b *llvmir.Block, bi, h, step llvalue.Value) llvalue.Value {
	return b.NewAdd(mulV(b, b.NewAdd(b.NewMul(bi, e.TN), step), e.H), h)
}

func (e *deltaEmit) tokOff(b *llvmir.Block, bi, h, t llvalue.Value) llvalue.Value {
	return b.NewAdd(mulV(b, b.NewAdd(b.NewMul(bi, e.T), t), e.H), h)
}

// stateOff is the offset of S[r = 0, c = 0] of (b, h) in H0 and HT.
func (e *deltaEmit) stateOff(b *llvmir.Block, bi, h llvalue.Value) llvalue.Value {
	return mulV(b, mulV(b, b.NewAdd(mulV(b, bi, e.H), h), e.K), e.V)
}

// colMasks returns, for nv vectors of columns starting at column col0 (of
// V), each vector's mask (nil: all lanes inside V).
func (e *deltaEmit) colMasks(b *llvmir.Block, col0 llvalue.Value, nv int) []llvalue.Value {
	L := int64(e.lanes)
	masks := make([]llvalue.Value, nv)
	for v := range masks {
		cv := b.NewAdd(e.splat(b, b.NewTrunc(b.NewAdd(col0, i64c(int64(v)*L)), lltypes.I32)), e.iota(lltypes.I32, 1))
		masks[v] = b.NewICmp(llenum.IPredSLT, cv, e.splatI32(b, e.V))
	}
	return masks
}

// hasH0 is whether an initial state was given.
func (e *deltaEmit) hasH0(b *llvmir.Block) llvalue.Value {
	return b.NewICmp(llenum.IPredNE, e.k.Ptrs[deltaPH0], llconst.NewNull(lltypes.NewPointer(lltypes.Float)))
}

// recurrent emits the token-by-token form over items (b, h, column block).
func (e *deltaEmit) recurrent(pre *llvmir.Block) *llvmir.Block {
	k, s, c := e.k, e.s, e.c
	L := int64(e.lanes)
	nv := c.cbv
	CB := int64(nv) * L
	K := e.K
	scr := k.Ptrs[deltaPScratch]
	after, _ := e.loop(pre, "item", k.Lo, k.Hi, 1, nil, func(b *llvmir.Block, w llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		pair := b.NewUDiv(w, e.nblk)
		cb := b.NewSub(w, b.NewMul(pair, e.nblk))
		bi := b.NewUDiv(pair, e.H)
		h := b.NewSub(pair, mulV(b, bi, e.H))
		col0 := b.NewMul(cb, i64c(CB))
		masks := e.colMasks(b, col0, nv)
		sOff := b.NewAdd(e.stateOff(b, bi, h), col0)
		// Load the state block (zeros without H0, and past V).
		has := e.hasH0(b)
		b, _ = e.loop(b, "h0", i64c(0), K, 1, nil, func(b *llvmir.Block, r llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			src := b.NewAdd(sOff, mulV(b, r, e.V))
			for v := 0; v < nv; v++ {
				m := b.NewAnd(masks[v], e.splat(b, has))
				x := e.vload(b, k.Ptrs[deltaPH0], attnAdd64(b, src, i64c(int64(v)*L)), m)
				e.vstore(b, x, scr, b.NewAdd(b.NewMul(r, i64c(CB)), i64c(int64(v)*L)), nil)
			}
			return b, nil
		})
		// w = Sᵀk_0 for the first step.
		zeros := make([]llvalue.Value, nv)
		for v := range zeros {
			zeros[v] = e.zero()
		}
		k0 := e.kOff(b, bi, h, i64c(0))
		b, w0 := e.loop(b, "w0", i64c(0), attnMin64(b, K, mulV(b, e.TN, K)), 1, zeros, func(b *llvmir.Block, r llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			g := e.vec(b)
			kr := e.bcast(b, k.Ptrs[deltaPK], b.NewAdd(k0, r))
			next := make([]llvalue.Value, nv)
			for v := range next {
				next[v] = g.fma(kr, e.vload(b, scr, b.NewAdd(b.NewMul(r, i64c(CB)), i64c(int64(v)*L)), nil), cur[v])
			}
			return b, next
		})
		// The steps.
		b, _ = e.loop(b, "step", i64c(0), e.TN, 1, w0, func(b *llvmir.Block, st llvalue.Value, w []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			g := e.vec(b)
			t, j := st, llvalue.Value(i64c(0))
			if s.N > 1 {
				t = b.NewUDiv(st, i64c(int64(s.N)))
				j = b.NewSub(st, b.NewMul(t, i64c(int64(s.N))))
			}
			gamma := g.f(1)
			if s.Gated {
				// γ = e^g on a token's first step, 1 on the others.
				gv := e.bcast(b, k.Ptrs[deltaPG], e.tokOff(b, bi, h, t))
				first := b.NewICmp(llenum.IPredEQ, j, i64c(0))
				gamma = g.sel(e.splat(b, first), g.exp(gv), g.f(1))
			}
			beta := e.bcast(b, k.Ptrs[deltaPBeta], e.betaOff(b, bi, h, st))
			vo := b.NewAdd(e.vOff(b, bi, h, st), col0)
			u := make([]llvalue.Value, nv)
			for v := range u {
				x := e.vload(b, k.Ptrs[deltaPV], attnAdd64(b, vo, i64c(int64(v)*L)), masks[v])
				u[v] = g.mul(beta, g.fma(g.neg(gamma), w[v], x))
			}
			ko := e.kOff(b, bi, h, st)
			// The next step's key (this one's on the last step: its w is
			// then unused).
			nextStep := attnMin64(b, b.NewAdd(st, i64c(1)), b.NewSub(e.TN, i64c(1)))
			kn := e.kOff(b, bi, h, nextStep)
			qo := e.kOffTok(b, bi, h, t)
			last := b.NewICmp(llenum.IPredEQ, j, i64c(int64(s.N-1)))
			var wn []llvalue.Value
			if s.N == 1 {
				wn, b = e.pass(b, scr, gamma, u, ko, kn, qo, true)
			} else {
				withOut, noOut, join := e.block("step.read"), e.block("step.noread"), e.block("step.join")
				b.NewCondBr(last, withOut, noOut)
				wa, ea := e.pass(withOut, scr, gamma, u, ko, kn, qo, true)
				ea.NewBr(join)
				wb, eb := e.pass(noOut, scr, gamma, u, ko, kn, qo, false)
				eb.NewBr(join)
				wn = make([]llvalue.Value, nv)
				for v := range wn {
					wn[v] = join.NewPhi(llvmir.NewIncoming(wa[v], ea), llvmir.NewIncoming(wb[v], eb))
				}
				b = join
			}
			// The read of the last step: o = Scale·Σ_r q_r S_r, kept by
			// pass in the scratch row after the state; store it.
			b = e.when(b, "out", last, func(b *llvmir.Block) *llvmir.Block {
				g := e.vec(b)
				oo := b.NewAdd(mulV(b, e.tokOff(b, bi, h, t), e.V), col0)
				for v := 0; v < nv; v++ {
					x := e.vload(b, scr, b.NewAdd(attnMul64(b, K, CB), i64c(int64(v)*L)), nil)
					e.vstore(b, g.mul(x, g.f(s.Scale)), k.Ptrs[deltaPOut], attnAdd64(b, oo, i64c(int64(v)*L)), masks[v])
				}
				return b
			})
			return b, wn
		})
		// Store the final state.
		b, _ = e.loop(b, "ht", i64c(0), K, 1, nil, func(b *llvmir.Block, r llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			dst := b.NewAdd(sOff, mulV(b, r, e.V))
			for v := 0; v < nv; v++ {
				x := e.vload(b, scr, b.NewAdd(b.NewMul(r, i64c(CB)), i64c(int64(v)*L)), nil)
				e.vstore(b, x, k.Ptrs[deltaPHT], attnAdd64(b, dst, i64c(int64(v)*L)), masks[v])
			}
			return b, nil
		})
		return b, nil
	})
	return after
}

// kOffTok is the offset of q_t of (b, h) (Q is [B, T, H, K]).
func (e *deltaEmit) kOffTok(b *llvmir.Block, bi, h, t llvalue.Value) llvalue.Value {
	return mulV(b, e.tokOff(b, bi, h, t), e.K)
}

// pass is one step's sweep over the state block's rows: S_r = γ·S_r +
// k_r·u, w += k'_r·S_r (returned: the next step's Sᵀk'), and with read
// o += q_r·S_r (stored unscaled after the state rows, at K·CB).
func (e *deltaEmit) pass(b *llvmir.Block, scr, gamma llvalue.Value, u []llvalue.Value, ko, kn, qo llvalue.Value, read bool) ([]llvalue.Value, *llvmir.Block) {
	k := e.k
	nv := len(u)
	L := int64(e.lanes)
	CB := int64(nv) * L
	const P = 4 // partial sums per vector
	nacc := nv * P
	if read {
		nacc *= 2
	}
	init := make([]llvalue.Value, nacc)
	for i := range init {
		init[i] = e.zero()
	}
	row := func(b *llvmir.Block, r llvalue.Value, p int, acc []llvalue.Value) []llvalue.Value {
		g := e.vec(b)
		kr := e.bcast(b, k.Ptrs[deltaPK], b.NewAdd(ko, r))
		knr := e.bcast(b, k.Ptrs[deltaPK], b.NewAdd(kn, r))
		var qr llvalue.Value
		if read {
			qr = e.bcast(b, k.Ptrs[deltaPQ], b.NewAdd(qo, r))
		}
		out := append([]llvalue.Value(nil), acc...)
		for v := 0; v < nv; v++ {
			at := b.NewAdd(b.NewMul(r, i64c(CB)), i64c(int64(v)*L))
			x := g.fma(kr, u[v], g.mul(gamma, e.vload(b, scr, at, nil)))
			e.vstore(b, x, scr, at, nil)
			out[v*P+p] = g.fma(knr, x, acc[v*P+p])
			if read {
				out[nv*P+v*P+p] = g.fma(qr, x, acc[nv*P+v*P+p])
			}
		}
		return out
	}
	// Rows P at a time, then the rest one at a time (into partial sum 0).
	full := b.NewAnd(e.K, i64c(-P))
	acc := init
	b, acc = e.loop(b, "rows", i64c(0), full, P, acc, func(b *llvmir.Block, r llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		for p := 0; p < P; p++ {
			cur = row(b, attnAdd64(b, r, i64c(int64(p))), p, cur)
		}
		return b, cur
	})
	b, acc = e.loop(b, "rows.tail", full, e.K, 1, acc, func(b *llvmir.Block, r llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		return b, row(b, r, 0, cur)
	})
	g := e.vec(b)
	sum := func(a []llvalue.Value) llvalue.Value { return g.add(g.add(a[0], a[1]), g.add(a[2], a[3])) }
	w := make([]llvalue.Value, nv)
	for v := range w {
		w[v] = sum(acc[v*P : v*P+P])
		if read {
			e.vstore(b, sum(acc[nv*P+v*P:nv*P+v*P+P]), scr, b.NewAdd(attnMul64(b, e.K, CB), i64c(int64(v)*L)), nil)
		}
	}
	return w, b
}
