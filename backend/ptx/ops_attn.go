package ptx

import (
	"math"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

func init() {
	kernelTable["attention"] = kernelEntry{modes: []string{ir.ModeChunked, ir.ModeQuadratic}, plan: planAttention}
}

// planAttention runs attention in every mode on the one tiled kernel (the
// chunked and quadratic forms compute the same softmax). In a stream the
// KV cache is the op's state, as the interpreter keeps it: the keys and
// values so far, [B, Lk, Hk, D] and [B, Lk, Hk, Dv], grown by each chunk.
func planAttention(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	q, k, v := op.Args[0].Type, op.Args[1].Type, op.Args[2].Type
	if !allF32(op.Args[0], op.Args[1], op.Args[2]) || len(q.Shape) != 4 || len(k.Shape) != 4 || len(v.Shape) != 4 {
		return nil, "the attention kernel takes f32 [B, L, heads, head_dim]"
	}
	dv, ok := v.Shape[3].Value()
	if !ok || dv < 1 || dv > 4*attnBlock {
		return nil, "the attention kernel takes a constant value head size of at most 512"
	}
	per, causal := CeilDiv(dv, attnBlock), op.Attrs.Bool("causal")
	scale := float32(op.Attrs.Float("scale"))
	name, comb := keyf("attn", per, causal), keyf("attncomb", per)
	defs := []kernelDef{
		{attnSpec(name), func(t Target, m *Module) error { return EmitAttention(t, m, name, per, causal) }},
		{attnCombSpec(comb), func(t Target, m *Module) error { return EmitAttentionCombine(t, m, comb, per) }},
		{kvCopySpec(), func(t Target, m *Module) error { return EmitKVCopy(t, m) }},
	}
	// Runs of several queries (whole sequences, prefills) take the
	// query-tiled kernel where the heads fit it.
	tiled := ""
	if d, ok := q.Shape[3].Value(); ok {
		if dmax := attnTiledDmax(max(d, dv)); dmax > 0 {
			tiled = keyf("attnq", dmax, causal)
			defs = append(defs, kernelDef{attnTiledSpec(tiled), func(t Target, m *Module) error { return EmitAttentionTiled(t, m, tiled, dmax, causal) }})
		}
	}
	kinds := make([]BufKind, 3)
	for i := range kinds {
		kinds[i] = weightKind(op, i, fixed)
	}
	return &opKernel{
		defs: defs,
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			q, kt, vt := c.Args[0], c.Args[1], c.Args[2]
			B, Lq, Hq, D := q.Shape[0], q.Shape[1], q.Shape[2], q.Shape[3]
			if Hk := kt.Shape[2]; Hk == 0 || Hq%Hk != 0 || kt.Shape[0] != B || kt.Shape[3] != D ||
				vt.Shape[0] != B || vt.Shape[1] != kt.Shape[1] || vt.Shape[2] != Hk {
				return fallback(c, r) // the interpreter reports it
			}
			bk, bv := Buf{kt.F, kinds[1]}, Buf{vt.F, kinds[2]}
			kcap := kt.Shape[1]
			var states StateRefs
			// toInterp runs the op on the interpreter, which appends this
			// chunk to the cache itself: once the kernel path appended it,
			// the slots go back to the cache before.
			toInterp := fallback
			if s := c.Slot(0); s != nil { // a stream: the KV cache grows by this chunk
				sv := c.Slot(1)
				if (*s == nil) != (*sv == nil) {
					return nil, &interp.InternalError{Msg: "attention: a stream holds keys without values"}
				}
				nk, capK, err := kvAppend(r, *s, kt, kinds[1])
				if err != nil {
					return nil, err
				}
				nv, capV, err := kvAppend(r, *sv, vt, kinds[2])
				if err != nil {
					return nil, err
				}
				if capK != capV {
					return nil, &interp.InternalError{Msg: "attention: the KV cache's keys and values have different room"}
				}
				oldK, oldV := *s, *sv
				toInterp = func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
					*s, *sv = oldK, oldV
					releaseTemp(r, nk)
					releaseTemp(r, nv)
					return fallback(c, r)
				}
				*s, *sv = nk, nv
				kt, vt, kcap = nk, nv, capK
				bk, bv = states.In(1, nk), states.In(2, nv)
			}
			Lk, Hk, Dv := kt.Shape[1], kt.Shape[2], vt.Shape[3]
			out := c.Output(runtime.F32, B, Lq, Hq, Dv)
			if B*Lq*Hq*Dv == 0 {
				return one(out), nil
			}
			kernel, splits := name, 1
			if tiled != "" && Lq >= attnTiledMinLq {
				kernel = tiled
			} else {
				splits = attnSplits(Lq*B*Hq, Lk)
			}
			g, err := Grid2D(Lq*splits, B*Hq)
			if kernel == tiled {
				g, err = Grid2D(CeilDiv(Lq, attnTq), B*Hq)
			}
			if err != nil {
				return toInterp(c, r)
			}
			var pad []float32
			hasPad := int64(0)
			if len(c.Args) == 4 {
				if len(c.Args[3].I) != B*Lk {
					return toInterp(c, r)
				}
				pad, hasPad = int32Buf(c.Args[3].I), 1
			}
			ints := []int64{int64(Lq), int64(Lk), int64(Hq), int64(Hk), int64(D), int64(Dv), hasPad, int64(math.Float32bits(scale)), int64(kcap), 1, int64(max(Lk, 1))}
			l := &Launch{Grid: g, Ints: ints, Bufs: []Buf{{q.F, kinds[0]}, bk, bv, {pad, In}, {out.F, Out}, {nil, In}},
				Work: B * Hq * Lq * max(Lk, 1) * (D + Dv), States: states}
			if splits == 1 {
				return one(out), r.launch(kernel, l, c.Threads())
			}
			// Split keys: the partials (a temporary that stays on the
			// device), then their merge.
			part := newState(r, B*Hq*Lq*splits, Dv+2)
			defer releaseTemp(r, part)
			ints[9], ints[10] = int64(splits), int64(CeilDiv(Lk, splits))
			l.Bufs[4], l.Bufs[5] = Buf{nil, In}, l.States.Out(5, part)
			if err := r.launch(kernel, l, c.Threads()); err != nil {
				return nil, err
			}
			var cs StateRefs
			cl := &Launch{Grid: Grid{Lq, B * Hq}, Ints: []int64{int64(Lq), int64(Dv), int64(splits), int64(Hq)},
				Bufs: []Buf{cs.In(0, part), {out.F, Out}}, Work: B * Hq * Lq * splits * Dv, States: cs}
			return one(out), r.launch(comb, cl, c.Threads())
		},
	}, ""
}

// concatSeq joins two [B, L, ...] tensors along the sequence axis.
func concatSeq(a, b *runtime.Tensor) *runtime.Tensor {
	B, la, lb := a.Shape[0], a.Shape[1], b.Shape[1]
	row := 1
	for _, d := range a.Shape[2:] {
		row *= d
	}
	shape := append([]int{B, la + lb}, a.Shape[2:]...)
	out := runtime.New(runtime.F32, shape...)
	for i := 0; i < B; i++ {
		dst := out.F[i*(la+lb)*row:]
		copy(dst, a.F[i*la*row:(i+1)*la*row])
		copy(dst[la*row:], b.F[i*lb*row:(i+1)*lb*row])
	}
	return out
}

// attnSplitMinKeys is the shortest cache whose keys split across blocks
// (a variable: the tests lower it to split short caches); a split takes
// at least a quarter of it.
var attnSplitMinKeys = 1024

// attnSplits is how many blocks share one query's keys: one, unless the
// queries' blocks are too few to fill the GPU (about two per SM of an
// H200) and the cache is long; then enough splits of at least
// attnSplitMinKeys/4 keys. Unmeasured on hardware.
func attnSplits(blocks, keys int) int {
	const fill = 264
	if keys < attnSplitMinKeys || blocks >= fill {
		return 1
	}
	return max(1, min(CeilDiv(fill, blocks), keys/max(attnSplitMinKeys/4, 1)))
}
