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

// Softmax attention (the interpreter's op attention, NUMERICS §7.1;
// backend/interp/kernels/attn), one kernel per AttnSpec and variant:
//
//	Out = softmax(Q·Kᵀ·Scale + mask)·V
//
// with grouped-query heads (query head h reads kv head h/(Hq/Hk)), a causal
// mask aligned bottom-right (query i sees keys j <= Lk-Lq+i) and an optional
// key padding mask. A row that sees no key is all zeros.
//
// Design (docs KERNELS.md, Attention). The work of one (batch, kv head) is a
// set of query rows: the Lq positions times the Hq/Hk query heads that share
// the kv head, flattened position-major, so that a decoding step of a
// grouped-query model still has several rows per kv head. Rows are taken
// mr at a time (a block); a block walks the keys in tiles of NK:
//
//   - S = Q·Kᵀ on an mr × NK register tile: keys across the lanes, so K is
//     packed per call into Kᵀ tiles (phase 0: [tile][D][NK], zero past Lk),
//     and each of the D steps loads NK/lanes vectors of Kᵀ, broadcasts mr
//     elements of Q and issues mr·NK/lanes fmas. A block of one row (a
//     decoding step with at most AttnRowPath rows per kv head) instead takes
//     each key's dot product from K in place, lanes across D, and sums
//     lanes keys at a time with a shuffle tree (scoresRow): no packing,
//     which would cost as much as the step.
//   - Scores are scaled by Scale·log2(e) and exponentiated as powers of two
//     (selEmit.exp2); masked keys get -inf, i.e. weight 0.
//   - Chunked (flash): an online softmax per row over steps of sub tiles,
//     m' = max(m, max s), l = l·2^(m-m') + Σ 2^(s-m'),
//     O = O·2^(m-m') + P·V, O/l at the end; tiles past the block's last
//     causal limit are never visited. Quadratic (materialised): the block's
//     full score rows are written to scratch with their maxima, then tile by
//     tile the weights (exact row maximum), their sum, and P·V.
//   - P·V on an mr × (CW·lanes) register tile: value columns across the
//     lanes, V read in place, one broadcast weight per row and key.
//   - The interpreter skips a key whose weight is exactly 0 (masked or
//     underflowed) and never reads its value row, so padded rows may hold
//     NaN. A step with any zero weight takes a path where such a key leaves
//     the accumulators untouched (a merge-masked fma), which keeps that
//     guarantee; other steps use plain fmas.
//
// Each output row is computed by one work item in a fixed order, so results
// are bitwise the same for every thread count. (The one-row path sums q·k
// in another order than the blocked one: a streamed step and the same row
// of a whole-sequence run agree to rounding.)
//
// Kernel ABI (abi.go): ints [0] phase, [1] B, [2] Lq, [3] Lk, [4] rows per
// (batch, kv head) = Lq·Hq/Hk, [5] blocks per (batch, kv head), [6] unused,
// [7] key tiles ntiles = ceil(Lk/NK), [8] the row stride of the
// materialised scores (ntiles·NK). Phases: 0 packs Kᵀ, the parallel axis
// counting (batch, kv head, tile); 1 flash with mr = MR, 2 flash with
// mr = 1, 3 materialised with MR, 4 materialised with 1, the parallel axis
// counting (batch, kv head, block). Pointers: p0 Q, p1 K, p2 V, p3 Out,
// p4 key padding mask (i32 [B, Lk], with Pad), p5 packed Kᵀ, p6 the
// calling worker's scratch (AttnScratchLen floats).
const (
	attnPQ = iota
	attnPK
	attnPV
	attnPOut
	attnPPad
	attnPKt
	attnPScratch
)

// Phases of the attention kernel (ints[0]).
const (
	attnPhasePack = iota
	attnPhaseFlash
	attnPhaseFlashRow
	attnPhaseQuad
	attnPhaseQuadRow
)

// AttnSpec is what an attention kernel fixes at emission; B, Lq and Lk are
// run-time arguments.
type AttnSpec struct {
	Hq, Hk int     // query and kv heads (Hq a multiple of Hk)
	D, Dv  int     // query/key and value head sizes
	Causal bool    // bottom-right aligned causal mask
	Pad    bool    // a key padding mask (i32 [B, Lk], nonzero = padded)
	Scale  float32 // multiplies Q·Kᵀ
}

func (s AttnSpec) validate() error {
	if s.Hq < 1 || s.Hk < 1 || s.Hq%s.Hk != 0 {
		return fmt.Errorf("llvm: attention: heads Hq=%d Hk=%d (Hq must be a positive multiple of Hk)", s.Hq, s.Hk)
	}
	if s.D < 1 || s.Dv < 1 || s.D > 1<<16 || s.Dv > 1<<16 {
		return fmt.Errorf("llvm: attention: head sizes D=%d Dv=%d, want 1..65536", s.D, s.Dv)
	}
	if f := float64(s.Scale); math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("llvm: attention: non-finite scale %v", s.Scale)
	}
	return nil
}

// attnConfig is the blocking of one variant.
type attnConfig struct {
	lanes int
	mr    int // rows per block (MR)
	nkv   int // vectors of keys per tile: NK = nkv·lanes
	cw    int // value vectors per P·V pass
	sub   int // Kᵀ tiles per online-softmax step: its weights are sub·NK keys
}

func (c attnConfig) nk() int { return c.nkv * c.lanes }

// attnConfigFor: V4 keeps 6×4 accumulators of the S tile (or of the P·V
// tile) + 4 vectors of Kᵀ (or V) in 32 zmm; V3 4×2 in 16 ymm. An online
// softmax step covers several S tiles (V4 four: 256 keys, V3 two), which
// divides its per-row costs (the row maximum's reduction, the rescale
// factor and its exp, the rescale of O); measured on V4, four beat two by
// ~4% and eight lose again (the last step of a causal block carries more
// masked keys).
func attnConfigFor(variant string) attnConfig {
	if variant == V4 {
		return attnConfig{lanes: 16, mr: 6, nkv: 4, cw: 4, sub: 4}
	}
	return attnConfig{lanes: 8, mr: 4, nkv: 2, cw: 2, sub: 2}
}

// attnScratch is the layout of a worker's scratch for blocks of mr rows
// (offsets in floats): O [mr][Dvp], the running sums l [mr][lanes], the
// running maxima m and rescale factors α [mr][lanes] (splat), the scores
// then weights of one online-softmax step P [mr][sub·NK], and for the
// materialised form the score rows [mr][Lkp].
type attnScratch struct {
	o, l, m, a, p, s int
}

func attnScratchFor(s AttnSpec, c attnConfig, mr int) attnScratch {
	dvp := attnCeil(s.Dv, c.lanes) * c.lanes
	var x attnScratch
	x.o = 0
	x.l = x.o + mr*dvp
	x.m = x.l + mr*c.lanes
	x.a = x.m + mr*c.lanes
	x.p = x.a + mr*c.lanes
	x.s = x.p + mr*c.sub*c.nk()
	return x
}

// AttnScratchLen is the scratch, in floats, one worker needs for keys of
// length Lk.
func AttnScratchLen(s AttnSpec, variant string, Lk int) int {
	c := attnConfigFor(variant)
	return attnScratchFor(s, c, c.mr).s + c.mr*attnCeil(max(Lk, 1), c.nk())*c.nk()
}

// AttnPackedLen is the length of the packed Kᵀ for B batches of Lk keys.
func AttnPackedLen(s AttnSpec, variant string, B, Lk int) int {
	c := attnConfigFor(variant)
	return B * s.Hk * attnCeil(Lk, c.nk()) * c.nk() * s.D
}

// EmitAttention adds to m one function named name with the kernel ABI
// computing the attention of spec s for variant V4 or V3 (see above).
func EmitAttention(m *llvmir.Module, name string, s AttnSpec, variant string) error {
	if err := s.validate(); err != nil {
		return err
	}
	if variant != V3 && variant != V4 {
		return fmt.Errorf("llvm: attention: unknown variant %q (want %q or %q)", variant, V3, V4)
	}
	if !isCIdent(name) {
		return fmt.Errorf("llvm: attention: name %q is not a C identifier", name)
	}
	for _, f := range m.Funcs {
		if f.Name() == name {
			return fmt.Errorf("llvm: attention: module already has a function %q", name)
		}
	}
	e := &attnEmit{attnGen: newAttnGen(m, name, variant), s: s, c: attnConfigFor(variant)}
	e.emit()
	return nil
}

// attnEmit holds the state of one EmitAttention call.
type attnEmit struct {
	*attnGen
	s AttnSpec
	c attnConfig

	// Run-time sizes, loaded in the entry block.
	B, Lq, Lk, rows, nblk, ntiles, lkp llvalue.Value
}

func (e *attnEmit) emit() {
	k := e.k
	entry := e.block("entry")
	e.B, e.Lq, e.Lk = k.Int(entry, 1), k.Int(entry, 2), k.Int(entry, 3)
	e.rows, e.nblk, e.ntiles, e.lkp = k.Int(entry, 4), k.Int(entry, 5), k.Int(entry, 7), k.Int(entry, 8)
	phase := k.Int(entry, 0)
	exit := e.block("exit")
	exit.NewRet(nil)
	type path struct {
		phase int64
		emit  func(pre *llvmir.Block) *llvmir.Block
	}
	paths := []path{
		{attnPhasePack, e.pack},
		{attnPhaseFlash, func(b *llvmir.Block) *llvmir.Block { return e.attend(b, e.c.mr, false) }},
		{attnPhaseFlashRow, func(b *llvmir.Block) *llvmir.Block { return e.attend(b, 1, false) }},
		{attnPhaseQuad, func(b *llvmir.Block) *llvmir.Block { return e.attend(b, e.c.mr, true) }},
		{attnPhaseQuadRow, func(b *llvmir.Block) *llvmir.Block { return e.attend(b, 1, true) }},
	}
	cur := entry
	for _, p := range paths {
		start, next := e.block("phase"), e.block("dispatch")
		cur.NewCondBr(cur.NewICmp(llenum.IPredEQ, phase, i64c(p.phase)), start, next)
		p.emit(start).NewBr(exit)
		cur = next
	}
	cur.NewBr(exit)
}

// pack writes the Kᵀ tiles of items [lo, hi) of (batch, kv head, tile):
// element (d, j) of tile t of pair (b, kh) is K[b, t·NK+j, kh, d] at
// ((pair·ntiles + t)·D + d)·NK + j, zero for keys past Lk. With D a multiple
// of the lanes, lanes×lanes squares are loaded by rows and transposed with
// shuffles; otherwise each vector is gathered.
func (e *attnEmit) pack(pre *llvmir.Block) *llvmir.Block {
	k, s, c := e.k, e.s, e.c
	L, NK, D := int64(c.lanes), int64(c.nk()), int64(s.D)
	ks := int64(s.Hk * s.D) // K's stride between keys
	after, _ := e.loop(pre, "pack", k.Lo, k.Hi, 1, nil, func(b *llvmir.Block, w llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		pair := b.NewUDiv(w, e.ntiles)
		t := b.NewSub(w, b.NewMul(pair, e.ntiles))
		bi := b.NewUDiv(pair, i64c(int64(s.Hk)))
		kh := b.NewSub(pair, attnMul64(b, bi, int64(s.Hk)))
		dst := b.NewMul(b.NewAdd(b.NewMul(pair, e.ntiles), t), i64c(D*NK))
		j0 := b.NewMul(t, i64c(NK))
		// Offset of K[b, j0, kh, 0].
		src := b.NewAdd(b.NewMul(b.NewAdd(b.NewMul(bi, e.Lk), j0), i64c(ks)), attnMul64(b, kh, D))
		if s.D%c.lanes == 0 {
			for v := int64(0); v < int64(c.nkv); v++ {
				// Rows of keys past Lk load as zeros (masked off entirely).
				masks := make([]llvalue.Value, L)
				for j := range masks {
					in := b.NewICmp(llenum.IPredSLT, b.NewAdd(j0, i64c(v*L+int64(j))), e.Lk)
					masks[j] = e.splat(b, in)
				}
				end, _ := e.loop(b, "pack.sq", i64c(0), i64c(D), L, nil, func(b *llvmir.Block, d llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
					rows := make([]llvalue.Value, L)
					for j := range rows {
						idx := b.NewAdd(b.NewAdd(src, i64c((v*L+int64(j))*ks)), d)
						rows[j] = e.vload(b, k.Ptrs[attnPK], idx, masks[j])
					}
					cols := e.transpose(b, rows)
					for q, col := range cols {
						idx := b.NewAdd(b.NewAdd(dst, b.NewMul(b.NewAdd(d, i64c(int64(q))), i64c(NK))), i64c(v*L))
						e.vstore(b, col, k.Ptrs[attnPKt], idx, nil)
					}
					return b, nil
				})
				b = end
			}
			return b, nil
		}
		idx := make([]llvalue.Value, c.nkv)
		masks := make([]llvalue.Value, c.nkv)
		for v := range idx {
			jv := b.NewAdd(e.splat(b, b.NewAdd(j0, i64c(int64(v)*L))), e.iota(lltypes.I64, 1))
			masks[v] = b.NewICmp(llenum.IPredSLT, jv, e.splat(b, e.Lk))
			idx[v] = b.NewAdd(e.splat(b, src), b.NewMul(b.NewSub(jv, e.splat(b, j0)), e.splat(b, i64c(ks))))
		}
		end, _ := e.loop(b, "pack.g", i64c(0), i64c(D), 1, nil, func(b *llvmir.Block, d llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			for v := range idx {
				x := e.gather(b, k.Ptrs[attnPK], b.NewAdd(idx[v], e.splat(b, d)), masks[v])
				e.vstore(b, x, k.Ptrs[attnPKt], b.NewAdd(b.NewAdd(dst, b.NewMul(d, i64c(NK))), i64c(int64(v)*L)), nil)
			}
			return b, nil
		})
		return end, nil
	})
	return after
}

// attnRows are the per-block values of the rows of one block.
type attnRows struct {
	mr                int
	b, kh, pair       llvalue.Value
	qoff, ooff, lim   []llvalue.Value // per row: offsets of Q and Out rows, causal key limit
	nvalid            llvalue.Value   // rows of the block that exist (the others repeat the last)
	jEnd              llvalue.Value   // keys any row of the block sees
	ntl               llvalue.Value   // key tiles visited
	ktBase, vBase     llvalue.Value   // offsets of the pair's Kᵀ tiles and of V[b, 0, kh, 0]
	kBase             llvalue.Value   // offset of K[b, 0, kh, 0]
	pK                llvalue.Value
	padBase           llvalue.Value // offset of pad[b, 0]
	sc                attnScratch
	r0                llvalue.Value   // the block's first row
	lim32             []llvalue.Value // lim as i32 splats
	pKt, pV, pQ, pScr llvalue.Value
}

// attend computes items [lo, hi) of (batch, kv head, block) with blocks of
// mr rows, flash or materialised.
func (e *attnEmit) attend(pre *llvmir.Block, mr int, mat bool) *llvmir.Block {
	k, s, c := e.k, e.s, e.c
	g := int64(s.Hq / s.Hk)
	NK := int64(c.nk())
	after, _ := e.loop(pre, "item", k.Lo, k.Hi, 1, nil, func(b *llvmir.Block, w llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		r := &attnRows{mr: mr, sc: attnScratchFor(s, c, mr), pKt: k.Ptrs[attnPKt], pV: k.Ptrs[attnPV], pQ: k.Ptrs[attnPQ], pScr: k.Ptrs[attnPScratch]}
		r.pair = b.NewUDiv(w, e.nblk)
		kq := b.NewSub(w, b.NewMul(r.pair, e.nblk))
		blk := llvalue.Value(kq)
		if s.Causal {
			// Causal blocks grow in cost along the rows: interleave cheap
			// and dear ones (0, n-1, 1, n-2, ...) so that the contiguous
			// ranges given to the workers carry similar work.
			half := b.NewLShr(kq, i64c(1))
			odd := b.NewICmp(llenum.IPredNE, b.NewAnd(kq, i64c(1)), i64c(0))
			blk = b.NewSelect(odd, b.NewSub(b.NewSub(e.nblk, i64c(1)), half), half)
		}
		r.b = b.NewUDiv(r.pair, i64c(int64(s.Hk)))
		r.kh = b.NewSub(r.pair, attnMul64(b, r.b, int64(s.Hk)))
		r0 := attnMul64(b, blk, int64(mr))
		r.r0 = r0
		last := b.NewSub(e.rows, i64c(1))
		r.nvalid = attnMin64(b, i64c(int64(mr)), b.NewSub(e.rows, r0))
		causalOff := b.NewSub(e.Lk, e.Lq)
		for i := 0; i < mr; i++ {
			row := attnMin64(b, attnAdd64(b, r0, i64c(int64(i))), last)
			pos, hg := row, llvalue.Value(i64c(0))
			if g > 1 {
				pos = b.NewUDiv(row, i64c(g))
				hg = b.NewSub(row, b.NewMul(pos, i64c(g)))
			}
			head := attnAdd64(b, attnMul64(b, r.kh, g), hg)
			base := b.NewAdd(b.NewMul(b.NewAdd(b.NewMul(r.b, e.Lq), pos), i64c(int64(s.Hq))), head)
			r.qoff = append(r.qoff, attnMul64(b, base, int64(s.D)))
			r.ooff = append(r.ooff, attnMul64(b, base, int64(s.Dv)))
			lim := e.Lk
			if s.Causal {
				lim = attnMin64(b, attnMax64(b, b.NewAdd(causalOff, b.NewAdd(pos, i64c(1))), i64c(0)), e.Lk)
			}
			r.lim = append(r.lim, lim)
			r.lim32 = append(r.lim32, e.splatI32(b, lim))
		}
		r.jEnd = r.lim[mr-1]
		r.ntl = b.NewUDiv(b.NewAdd(r.jEnd, i64c(NK-1)), i64c(NK))
		r.ktBase = b.NewMul(b.NewMul(r.pair, e.ntiles), i64c(NK*int64(s.D)))
		r.vBase = b.NewAdd(b.NewMul(b.NewMul(r.b, e.Lk), i64c(int64(s.Hk*s.Dv))), attnMul64(b, r.kh, int64(s.Dv)))
		r.padBase = b.NewMul(r.b, e.Lk)
		r.kBase = b.NewAdd(b.NewMul(b.NewMul(r.b, e.Lk), i64c(int64(s.Hk*s.D))), attnMul64(b, r.kh, int64(s.D)))
		r.pK = k.Ptrs[attnPK]

		// Initialise O = 0, l = 0, m = -inf.
		dvv := attnCeil(s.Dv, c.lanes)
		for i := 0; i < mr; i++ {
			for v := 0; v < dvv; v++ {
				e.vstore(b, e.zero(), r.pScr, i64c(int64(r.sc.o+(i*dvv+v)*c.lanes)), nil)
			}
			e.vstore(b, e.zero(), r.pScr, i64c(int64(r.sc.l+i*c.lanes)), nil)
			e.vstore(b, e.vsplat(float32(math.Inf(-1))), r.pScr, i64c(int64(r.sc.m+i*c.lanes)), nil)
		}
		if mat {
			b = e.materialised(b, r)
		} else {
			b = e.flash(b, r)
		}
		return e.finish(b, r), nil
	})
	return after
}

// scores emits the S tile of key tile t for the block: mr × nkv vectors of
// q·k. The returned row function emits, in the block it is given, row i's
// scores scaled by Scale·log2(e), -inf where masked; rows are finished one
// at a time so that llc keeps each row's temporaries in registers (the
// accumulators already fill most of them).
func (e *attnEmit) scores(b *llvmir.Block, r *attnRows, t llvalue.Value) (*llvmir.Block, []llvalue.Value, func(b *llvmir.Block, i int) []llvalue.Value) {
	s, c := e.s, e.c
	mr, nkv, L, NK, D := r.mr, c.nkv, int64(c.lanes), int64(c.nk()), s.D
	ktile := b.NewAdd(r.ktBase, b.NewMul(t, i64c(NK*int64(D))))
	init := make([]llvalue.Value, mr*nkv)
	for i := range init {
		init[i] = e.zero()
	}
	// step adds d's contribution to the accumulators.
	step := func(b *llvmir.Block, d llvalue.Value, acc []llvalue.Value) []llvalue.Value {
		g := e.vec(b)
		krow := b.NewAdd(ktile, b.NewMul(d, i64c(NK)))
		kv := make([]llvalue.Value, nkv)
		for v := range kv {
			kv[v] = e.vload(b, r.pKt, attnAdd64(b, krow, i64c(int64(v)*L)), nil)
		}
		out := make([]llvalue.Value, len(acc))
		for i := 0; i < mr; i++ {
			q := e.bcast(b, r.pQ, b.NewAdd(r.qoff[i], d))
			for v := 0; v < nkv; v++ {
				out[i*nkv+v] = g.fma(q, kv[v], acc[i*nkv+v])
			}
		}
		return out
	}
	// Two values of d per iteration: the loop overhead is then small next
	// to the 2·mr·nkv fmas, and llc does not unroll loops itself.
	const unroll = 2
	full := int64(D / unroll * unroll)
	acc := init
	if mr == 1 {
		// One row (a decoding step): dot products straight from K, which
		// then needs no packing (phase 0 is skipped).
		full = 0
		b, acc = e.scoresRow(b, r, t)
		D = 0
	}
	if full > 0 {
		b, acc = e.loop(b, "s.d", i64c(0), i64c(full), unroll, init, func(b *llvmir.Block, d llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			for u := int64(0); u < unroll; u++ {
				cur = step(b, attnAdd64(b, d, i64c(u)), cur)
			}
			return b, cur
		})
	}
	for d := full; d < int64(D); d++ {
		acc = step(b, i64c(d), acc)
	}
	j0 := b.NewMul(t, i64c(NK))
	row := func(b *llvmir.Block, i int) []llvalue.Value {
		g := e.vec(b)
		sv := make([]llvalue.Value, nkv)
		for v := range sv {
			sv[v] = g.mul(acc[i*nkv+v], e.scl())
		}
		return e.mask(b, r, j0, e.keyIndex(b, j0, nkv), r.lim32[i], sv)
	}
	return b, acc, row
}

// scoresRow computes the scores of key tile t for a block of one row
// from K in place: each key's products with q across the lanes (D/lanes
// fmas), then one vector of lanes keys' sums by a shuffle tree
// (attnTreeSum). Keys past Lk are masked loads of nothing.
func (e *attnEmit) scoresRow(b *llvmir.Block, r *attnRows, t llvalue.Value) (*llvmir.Block, []llvalue.Value) {
	s, c := e.s, e.c
	L, NK := int64(c.lanes), int64(c.nk())
	nqv := attnCeil(s.D, c.lanes)
	tail := e.headMask(s.D - (nqv-1)*c.lanes)
	ks := int64(s.Hk * s.D)
	g := e.vec(b)
	q := make([]llvalue.Value, nqv)
	for v := range q {
		var m llvalue.Value
		if v == nqv-1 {
			m = tail
		}
		q[v] = e.vload(b, r.pQ, attnAdd64(b, r.qoff[0], i64c(int64(v)*L)), m)
	}
	j0 := b.NewMul(t, i64c(NK))
	out := make([]llvalue.Value, c.nkv)
	for v := range out {
		sums := make([]llvalue.Value, c.lanes)
		for l := range sums {
			key := b.NewAdd(j0, i64c(int64(v)*L+int64(l)))
			valid := e.splat(b, b.NewICmp(llenum.IPredSLT, key, e.Lk))
			row := b.NewAdd(r.kBase, b.NewMul(key, i64c(ks)))
			var a llvalue.Value
			for dv := 0; dv < nqv; dv++ {
				m := valid
				if dv == nqv-1 && tail != nil {
					m = b.NewAnd(valid, tail)
				}
				kv := e.vload(b, r.pK, attnAdd64(b, row, i64c(int64(dv)*L)), m)
				if a == nil {
					a = g.mul(q[dv], kv)
				} else {
					a = g.fma(q[dv], kv, a)
				}
			}
			sums[l] = a
		}
		out[v] = e.treeSum(b, sums)
	}
	return b, out
}

// treeSum returns the vector whose lane l is the sum of the lanes of
// vs[l] (len(vs) = lanes): each level pairs vectors i and i+n/2 and halves
// the lanes per sum, keeping blocks of w lanes of each side, so that after
// log2(lanes) levels lane l holds vector l's total. It costs two shuffles
// and an add per pair, lanes-1 pairs in all.
func (e *attnEmit) treeSum(b *llvmir.Block, vs []llvalue.Value) llvalue.Value {
	n := e.lanes
	g := e.vec(b)
	mt := lltypes.NewVector(uint64(n), lltypes.I32)
	cur := vs
	for w := n / 2; w >= 1; w /= 2 {
		xi, yi := make([]llconst.Constant, n), make([]llconst.Constant, n)
		for o := 0; o < n; o++ {
			blk, q := o/(2*w), o%(2*w)
			if q < w {
				xi[o] = llconst.NewInt(lltypes.I32, int64(blk*2*w+q))
				yi[o] = llconst.NewInt(lltypes.I32, int64(blk*2*w+w+q))
			} else {
				xi[o] = llconst.NewInt(lltypes.I32, int64(n+blk*2*w+q-w))
				yi[o] = llconst.NewInt(lltypes.I32, int64(n+blk*2*w+q))
			}
		}
		half := len(cur) / 2
		next := make([]llvalue.Value, half)
		for i := range next {
			x, y := cur[i], cur[i+half]
			next[i] = g.add(b.NewShuffleVector(x, y, llconst.NewVector(mt, xi...)), b.NewShuffleVector(x, y, llconst.NewVector(mt, yi...)))
		}
		cur = next
	}
	return cur[0]
}

// scl is Scale·log2(e) in every lane: scores are kept in base-2 units.
func (e *attnEmit) scl() llvalue.Value {
	return e.vsplat(float32(float64(e.s.Scale) * math.Log2E))
}

// keyIndex returns the key indices (i32) of the n score vectors starting
// at key j0.
func (e *attnEmit) keyIndex(b *llvmir.Block, j0 llvalue.Value, n int) []llvalue.Value {
	L := int64(e.c.lanes)
	jv := make([]llvalue.Value, n)
	for v := range jv {
		jv[v] = b.NewAdd(e.splatI32(b, b.NewAdd(j0, i64c(int64(v)*L))), e.iota(lltypes.I32, 1))
	}
	return jv
}

// mask sets to -inf the scores sv of keys jv (keyIndex from j0) at or past
// the row's limit lim32 (i32 splat) or padded.
func (e *attnEmit) mask(b *llvmir.Block, r *attnRows, j0 llvalue.Value, jv []llvalue.Value, lim32 llvalue.Value, sv []llvalue.Value) []llvalue.Value {
	s, L := e.s, int64(e.c.lanes)
	g := e.vec(b)
	negInf := g.f(float32(math.Inf(-1)))
	out := make([]llvalue.Value, len(sv))
	for v := range sv {
		masked := llvalue.Value(b.NewICmp(llenum.IPredSGE, jv[v], lim32))
		if s.Pad {
			in := b.NewICmp(llenum.IPredSLT, jv[v], e.splatI32(b, e.Lk))
			pv := e.loadI32(b, e.k.Ptrs[attnPPad], b.NewAdd(r.padBase, b.NewAdd(j0, i64c(int64(v)*L))), in)
			masked = b.NewOr(masked, b.NewICmp(llenum.IPredNE, pv, llconst.NewZeroInitializer(e.vi32())))
		}
		out[v] = g.sel(masked, negInf, sv[v])
	}
	return out
}

// flash runs the online softmax over the block's keys, sub Kᵀ tiles (SK
// keys) per step. The scaled scores go to the weights' scratch, and a
// run-time loop over the rows turns them into weights in place: one row's
// temporaries at a time, where an unrolled form would keep every row's in
// flight and spill.
func (e *attnEmit) flash(b *llvmir.Block, r *attnRows) *llvmir.Block {
	c := e.c
	L, NK, nkv, sub := int64(c.lanes), int64(c.nk()), c.nkv, int64(c.sub)
	SK := sub * NK
	steps := b.NewUDiv(b.NewAdd(r.ntl, i64c(sub-1)), i64c(sub))
	after, _ := e.loop(b, "tile", i64c(0), steps, 1, nil, func(b *llvmir.Block, t llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		for u := int64(0); u < sub; u++ {
			tu := b.NewAdd(b.NewMul(t, i64c(sub)), i64c(u))
			store := func(b *llvmir.Block) *llvmir.Block {
				b, acc, _ := e.scores(b, r, tu)
				g := e.vec(b)
				for i := 0; i < r.mr; i++ {
					for v := 0; v < nkv; v++ {
						e.vstore(b, g.mul(acc[i*nkv+v], e.scl()), r.pScr, i64c(int64(r.sc.p)+int64(i)*SK+u*NK+int64(v)*L), nil)
					}
				}
				return b
			}
			if u == 0 {
				b = store(b)
				continue
			}
			// A tile past the block's keys has no Kᵀ: its keys are
			// masked below whatever the scratch holds, and P·V stops
			// before them.
			b = e.when(b, "tile.sub", b.NewICmp(llenum.IPredSLT, tu, r.ntl), store)
		}
		j0 := b.NewMul(t, i64c(SK))
		// Loop invariants of the row loop (llc does not hoist them).
		jv := e.keyIndex(b, j0, int(sub)*nkv)
		// zero: some weight of the step is exactly 0 (a masked key, one
		// past the block's keys, or an underflow).
		// grew: some row's maximum grew, so O needs rescaling (α < 1);
		// once the maxima settle, most steps skip the rescale.
		noZero := llvalue.Value(llconst.NewZeroInitializer(e.mt))
		// rowLoop turns the step's scores into weights, row by row, over
		// its first nt tiles (those past the block's keys are not read by
		// P·V, so their weights are not computed); masked applies the
		// causal limits and the padding.
		rowLoop := func(b *llvmir.Block, masked bool, nt int64) (*llvmir.Block, []llvalue.Value) {
			return e.loop(b, "row", i64c(0), i64c(int64(r.mr)), 1, []llvalue.Value{noZero, noZero}, func(b *llvmir.Block, i llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
				g := e.vec(b)
				pOff := b.NewAdd(i64c(int64(r.sc.p)), b.NewMul(i, i64c(SK)))
				sv := make([]llvalue.Value, nt*int64(nkv))
				for v := range sv {
					sv[v] = e.vload(b, r.pScr, attnAdd64(b, pOff, i64c(int64(v)*L)), nil)
				}
				if masked {
					sv = e.mask(b, r, j0, jv[:len(sv)], e.splatI32(b, e.rowLimit(b, r, i)), sv)
				}
				vmax := func(x, y llvalue.Value) llvalue.Value { return attnVMax(g, x, y) }
				mt := e.hreduce(b, attnTree(sv, vmax), vmax)
				mOff := b.NewAdd(i64c(int64(r.sc.m)), b.NewMul(i, i64c(L)))
				mold := e.vload(b, r.pScr, mOff, nil)
				mnew := attnVMax(g, mold, mt)
				msafe := e.safeMax(g, mnew)
				alpha := e.exp2(g, g.sub(mold, msafe))
				ps := make([]llvalue.Value, len(sv))
				zs := make([]llvalue.Value, len(sv))
				for v, x := range sv {
					ps[v] = e.exp2(g, g.sub(x, msafe))
					e.vstore(b, ps[v], r.pScr, attnAdd64(b, pOff, i64c(int64(v)*L)), nil)
					zs[v] = g.cmp(llenum.FPredOEQ, ps[v], g.f(0))
				}
				sum := attnTree(ps, g.add)
				zero := b.NewOr(cur[0], attnTree(zs, func(x, y llvalue.Value) llvalue.Value { return b.NewOr(x, y) }))
				lOff := b.NewAdd(i64c(int64(r.sc.l)), b.NewMul(i, i64c(L)))
				e.vstore(b, g.fma(e.vload(b, r.pScr, lOff, nil), alpha, sum), r.pScr, lOff, nil)
				e.vstore(b, mnew, r.pScr, mOff, nil)
				e.vstore(b, alpha, r.pScr, b.NewAdd(i64c(int64(r.sc.a)), b.NewMul(i, i64c(L))), nil)
				grew := b.NewOr(cur[1], g.cmp(llenum.FPredUNE, alpha, g.f(1)))
				return b, []llvalue.Value{zero, grew}
			})
		}
		// The masked row loop is specialised to the number of tiles the
		// step has (the last step of a block may have fewer than sub).
		join := e.block("row.join")
		var ends []*llvmir.Block
		var zs [][]llvalue.Value
		closed := e.block("row.masked")
		ntStep := attnMin64(closed, i64c(sub), b.NewSub(r.ntl, b.NewMul(t, i64c(sub))))
		at := closed
		for n := int64(1); n <= sub; n++ {
			body := e.block("row.masked.n")
			if n < sub {
				next := e.block("row.masked.more")
				at.NewCondBr(at.NewICmp(llenum.IPredEQ, ntStep, i64c(n)), body, next)
				at = next
			} else {
				at.NewBr(body)
			}
			end, zn := rowLoop(body, true, n)
			end.NewBr(join)
			ends, zs = append(ends, end), append(zs, zn)
		}
		if e.s.Pad {
			b.NewBr(closed)
		} else {
			// A step whose keys every row of the block sees (all but the
			// last steps of a causal block) needs no mask: the first row
			// has the lowest limit.
			open := e.block("row.open")
			b.NewCondBr(b.NewICmp(llenum.IPredSLE, b.NewAdd(j0, i64c(SK)), r.lim[0]), open, closed)
			end, zn := rowLoop(open, false, sub)
			end.NewBr(join)
			ends, zs = append(ends, end), append(zs, zn)
		}
		z := make([]llvalue.Value, 2)
		for k := range z {
			inc := make([]*llvmir.Incoming, len(ends))
			for i, end := range ends {
				inc[i] = llvmir.NewIncoming(zs[i][k], end)
			}
			z[k] = join.NewPhi(inc...)
		}
		b = join
		nkeys := attnMin64(b, i64c(SK), b.NewSub(r.jEnd, j0))
		rescale, same := e.block("rescale"), e.block("rescale.join")
		b.NewCondBr(e.anyLane(b, z[1]), rescale, same)
		e.rescale(rescale, r).NewBr(same)
		return e.pvBoth(same, r, j0, nkeys, e.anyLane(same, z[0]), i64c(int64(r.sc.p)), SK), nil
	})
	return after
}

// rowLimit is the key limit of the block's row i (a run-time index), as
// attend computes it for each row.
func (e *attnEmit) rowLimit(b *llvmir.Block, r *attnRows, i llvalue.Value) llvalue.Value {
	s := e.s
	if !s.Causal {
		return e.Lk
	}
	g := int64(s.Hq / s.Hk)
	row := attnMin64(b, b.NewAdd(r.r0, i), b.NewSub(e.rows, i64c(1)))
	pos := row
	if g > 1 {
		pos = b.NewUDiv(row, i64c(g))
	}
	return attnMin64(b, attnMax64(b, b.NewAdd(b.NewSub(e.Lk, e.Lq), b.NewAdd(pos, i64c(1))), i64c(0)), e.Lk)
}

// attnTree combines xs pairwise (a balanced tree: the dependency chain is
// log2(len(xs)) deep, not len(xs)).
func attnTree(xs []llvalue.Value, op func(x, y llvalue.Value) llvalue.Value) llvalue.Value {
	for len(xs) > 1 {
		next := make([]llvalue.Value, 0, (len(xs)+1)/2)
		for i := 0; i+1 < len(xs); i += 2 {
			next = append(next, op(xs[i], xs[i+1]))
		}
		if len(xs)%2 == 1 {
			next = append(next, xs[len(xs)-1])
		}
		xs = next
	}
	return xs[0]
}

// safeMax is m, or 0 where m is -inf (a row that has seen no key yet):
// 2^(s - 0) then gives the masked keys weight 0 and the rescale factor of
// an empty row is 0, rather than the NaN of -inf - -inf.
func (e *attnEmit) safeMax(g *bld, m llvalue.Value) llvalue.Value {
	return g.sel(g.cmp(llenum.FPredOEQ, m, g.f(float32(math.Inf(-1)))), g.f(0), m)
}

// materialised computes the block's full score rows and their maxima,
// then tile by tile the weights and P·V.
func (e *attnEmit) materialised(b *llvmir.Block, r *attnRows) *llvmir.Block {
	c := e.c
	L, NK := int64(c.lanes), int64(c.nk())
	mr := r.mr
	srow := func(b *llvmir.Block, i int, t llvalue.Value, v int) llvalue.Value {
		return b.NewAdd(b.NewAdd(i64c(int64(r.sc.s)+int64(v)*L), b.NewMul(i64c(int64(i)), e.lkp)), b.NewMul(t, i64c(NK)))
	}
	init := make([]llvalue.Value, mr)
	for i := range init {
		init[i] = e.vsplat(float32(math.Inf(-1)))
	}
	// Pass 1: scores, and each row's lane-wise maximum.
	b, mv := e.loop(b, "mat.s", i64c(0), r.ntl, 1, init, func(b *llvmir.Block, t llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		b, _, row := e.scores(b, r, t)
		g := e.vec(b)
		next := make([]llvalue.Value, mr)
		for i := 0; i < mr; i++ {
			next[i] = cur[i]
			for v, x := range row(b, i) {
				e.vstore(b, x, r.pScr, srow(b, i, t, v), nil)
				next[i] = attnVMax(g, next[i], x)
			}
		}
		return b, next
	})
	g := e.vec(b)
	msafe := make([]llvalue.Value, mr)
	for i := range msafe {
		msafe[i] = e.safeMax(g, e.hreduce(b, mv[i], func(x, y llvalue.Value) llvalue.Value { return attnVMax(g, x, y) }))
	}
	// Pass 2: tile by tile, the weights (in place), their sums, and P·V.
	zeros := make([]llvalue.Value, mr)
	for i := range zeros {
		zeros[i] = e.zero()
	}
	b, lv := e.loop(b, "mat.pv", i64c(0), r.ntl, 1, zeros, func(b *llvmir.Block, t llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		g := e.vec(b)
		next := make([]llvalue.Value, mr)
		var zero llvalue.Value
		for i := 0; i < mr; i++ {
			next[i] = cur[i]
			for v := 0; v < c.nkv; v++ {
				at := srow(b, i, t, v)
				p := e.exp2(g, g.sub(e.vload(b, r.pScr, at, nil), msafe[i]))
				e.vstore(b, p, r.pScr, at, nil)
				next[i] = g.add(next[i], p)
				z := g.cmp(llenum.FPredOEQ, p, g.f(0))
				if zero == nil {
					zero = z
				} else {
					zero = b.NewOr(zero, z)
				}
			}
		}
		j0 := b.NewMul(t, i64c(NK))
		nkeys := attnMin64(b, i64c(NK), b.NewSub(r.jEnd, j0))
		pbase := b.NewAdd(i64c(int64(r.sc.s)), j0)
		return e.pvBoth(b, r, j0, nkeys, e.anyLane(b, zero), pbase, -1), next
	})
	for i := range lv {
		e.vstore(b, lv[i], r.pScr, i64c(int64(r.sc.l)+int64(i)*L), nil)
	}
	return b
}

// pvBoth branches on anyZero between the exact-skip and the plain P·V of
// keys [j0, j0+nkeys). Row i's weight of key j0+j is at scratch
// pbase + i·pstride + j (pstride -1: the materialised row stride).
func (e *attnEmit) pvBoth(b *llvmir.Block, r *attnRows, j0, nkeys, anyZero, pbase llvalue.Value, pstride int64) *llvmir.Block {
	slow, fast, join := e.block("pv.skip"), e.block("pv.fast"), e.block("pv.join")
	b.NewCondBr(anyZero, slow, fast)
	e.pv(slow, r, j0, nkeys, pbase, pstride, true).NewBr(join)
	e.pv(fast, r, j0, nkeys, pbase, pstride, false).NewBr(join)
	return join
}

// rescale multiplies each row of O by its α.
func (e *attnEmit) rescale(b *llvmir.Block, r *attnRows) *llvmir.Block {
	c := e.c
	g := e.vec(b)
	dvv := attnCeil(e.s.Dv, c.lanes)
	for i := 0; i < r.mr; i++ {
		alpha := e.vload(b, r.pScr, i64c(int64(r.sc.a+i*c.lanes)), nil)
		for v := 0; v < dvv; v++ {
			at := i64c(int64(r.sc.o + (i*dvv+v)*c.lanes))
			e.vstore(b, g.mul(e.vload(b, r.pScr, at, nil), alpha), r.pScr, at, nil)
		}
	}
	return b
}

// pv adds P·V of keys [j0, j0+nkeys) to the block's O, CW value vectors at
// a time. skip makes a zero weight leave O untouched, whatever its value
// row holds.
func (e *attnEmit) pv(b *llvmir.Block, r *attnRows, j0, nkeys, pbase llvalue.Value, pstride int64, skip bool) *llvmir.Block {
	s, c := e.s, e.c
	L := int64(c.lanes)
	mr := r.mr
	dvv := attnCeil(s.Dv, c.lanes)
	vs := int64(s.Hk * s.Dv)
	tail := e.headMask(s.Dv - (dvv-1)*c.lanes)
	pst := func(b *llvmir.Block, i int) llvalue.Value {
		if pstride < 0 {
			return b.NewMul(i64c(int64(i)), e.lkp)
		}
		return i64c(int64(i) * pstride)
	}
	for c0 := 0; c0 < dvv; c0 += c.cw {
		nv := min(c.cw, dvv-c0)
		init := make([]llvalue.Value, mr*nv)
		for i := 0; i < mr; i++ {
			for v := 0; v < nv; v++ {
				init[i*nv+v] = e.vload(b, r.pScr, i64c(int64(r.sc.o+(i*dvv+c0+v)*c.lanes)), nil)
			}
		}
		rowOff := make([]llvalue.Value, mr)
		for i := range rowOff {
			rowOff[i] = b.NewAdd(pbase, pst(b, i))
		}
		var acc []llvalue.Value
		b, acc = e.loop(b, "pv.j", i64c(0), nkeys, 1, init, func(b *llvmir.Block, j llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			g := e.vec(b)
			vrow := b.NewAdd(r.vBase, b.NewMul(b.NewAdd(j0, j), i64c(vs)))
			vv := make([]llvalue.Value, nv)
			for v := range vv {
				var mask llvalue.Value
				if c0+v == dvv-1 {
					mask = tail
				}
				vv[v] = e.vload(b, r.pV, attnAdd64(b, vrow, i64c(int64(c0+v)*L)), mask)
			}
			next := make([]llvalue.Value, len(cur))
			for i := 0; i < mr; i++ {
				pb := e.bcast(b, r.pScr, b.NewAdd(rowOff[i], j))
				var use llvalue.Value
				if skip {
					// A lane-wise select on the broadcast weight (NaN is
					// used, as in the interpreter) rather than a branch:
					// llc makes it a merge-masked fma.
					use = g.cmp(llenum.FPredUNE, pb, g.f(0))
				}
				for v := 0; v < nv; v++ {
					x := g.fma(pb, vv[v], cur[i*nv+v])
					if skip {
						x = g.sel(use, x, cur[i*nv+v])
					}
					next[i*nv+v] = x
				}
			}
			return b, next
		})
		for i := 0; i < mr; i++ {
			for v := 0; v < nv; v++ {
				e.vstore(b, acc[i*nv+v], r.pScr, i64c(int64(r.sc.o+(i*dvv+c0+v)*c.lanes)), nil)
			}
		}
	}
	return b
}

// finish writes the block's existing rows: O/l, or zeros where l = 0 (a
// row that saw no key).
func (e *attnEmit) finish(b *llvmir.Block, r *attnRows) *llvmir.Block {
	s, c := e.s, e.c
	L := int64(c.lanes)
	dvv := attnCeil(s.Dv, c.lanes)
	tail := e.headMask(s.Dv - (dvv-1)*c.lanes)
	for i := 0; i < r.mr; i++ {
		i := i
		cond := b.NewICmp(llenum.IPredSLT, i64c(int64(i)), r.nvalid)
		b = e.when(b, "out", cond, func(b *llvmir.Block) *llvmir.Block {
			g := e.vec(b)
			l := e.hreduce(b, e.vload(b, r.pScr, i64c(int64(r.sc.l)+int64(i)*L), nil), g.add)
			inv := g.div(g.f(1), l)
			empty := g.cmp(llenum.FPredOEQ, l, g.f(0))
			for v := 0; v < dvv; v++ {
				o := e.vload(b, r.pScr, i64c(int64(r.sc.o+(i*dvv+v)*c.lanes)), nil)
				var mask llvalue.Value
				if v == dvv-1 {
					mask = tail
				}
				e.vstore(b, g.sel(empty, g.f(0), g.mul(o, inv)), e.k.Ptrs[attnPOut], attnAdd64(b, r.ooff[i], i64c(int64(v)*L)), mask)
			}
			return b
		})
	}
	return b
}
