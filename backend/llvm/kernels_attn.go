package llvm

import (
	"math"

	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

func init() {
	kernelTable["attention"] = kernelEntry{modes: []string{ir.ModeChunked, ir.ModeQuadratic}, plan: planAttention}
}

// attnOpKernel runs `attention` (EmitAttention): online softmax for
// ModeChunked, materialised scores for ModeQuadratic. In a stream it keeps
// the KV cache in the op's slots exactly as the interpreter does (slot 0
// the keys, slot 1 the values, [B, positions, Hk, ·]), appending each
// chunk in place when the cache has room (attnAppend).
type attnOpKernel struct {
	spec AttnSpec
	k    AttnKernel
}

func planAttention(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	q, k, v := op.Args[0].Type, op.Args[1].Type, op.Args[2].Type
	if q.DType != ir.F32 || k.DType != ir.F32 || v.DType != ir.F32 || len(q.Shape) != 4 || len(k.Shape) != 4 || len(v.Shape) != 4 {
		return nil, "the attention kernel takes f32 [B, L, heads, head_dim]"
	}
	hq, ok1 := q.Shape[2].Value()
	hk, ok2 := k.Shape[2].Value()
	d, ok3 := q.Shape[3].Value()
	dv, ok4 := v.Shape[3].Value()
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return nil, "the attention kernel needs constant head counts and sizes"
	}
	s := AttnSpec{Hq: hq, Hk: hk, D: d, Dv: dv, Causal: op.Attrs.Bool("causal"), Pad: len(op.Args) == 4,
		Scale: float32(op.Attrs.Float("scale"))}
	if err := s.validate(); err != nil {
		return nil, err.Error()
	}
	return &attnOpKernel{spec: s}, ""
}

func (k *attnOpKernel) key() string {
	s := k.spec
	return keyf("attn", s.Hq, s.Hk, s.D, s.Dv, s.Causal, s.Pad, math.Float32bits(s.Scale))
}

func (k *attnOpKernel) emit(m *llvmir.Module, variant string) error {
	return EmitAttention(m, k.key()+VariantSuffix(variant), k.spec, variant)
}

func (k *attnOpKernel) bind(fn native.Fn, variant string) error {
	k.k = AttnKernel{Fn: fn, Spec: k.spec, Variant: variant}
	return nil
}

func (k *attnOpKernel) run(c *interp.KernelCall) ([]*runtime.Tensor, error) {
	mode := c.Mode()
	q, kk, v := c.Args[0], c.Args[1], c.Args[2]
	// The interpreter rejects an empty batch (attn.Attention.Validate):
	// let it say so.
	if (mode != ir.ModeChunked && mode != ir.ModeQuadratic) || q.Shape[0] < 1 {
		return c.Fallback()
	}
	if s := c.Slot(0); s != nil { // a stream: the KV cache grows by this chunk
		kv := c.Slot(1)
		kk, v = attnAppend(*s, kk), attnAppend(*kv, v)
		*s, *kv = kk, v
	}
	s := k.spec
	a := &AttnArgs{B: q.Shape[0], Lq: q.Shape[1], Lk: kk.Shape[1], Q: q.F, K: kk.F, V: v.F, Quadratic: mode == ir.ModeQuadratic}
	if s.Pad {
		a.Pad = c.Args[3].I
	}
	out := c.Alloc(runtime.F32, a.B, a.Lq, s.Hq, s.Dv)
	a.Out = out.F
	ws := takeAttnWorkspace()
	defer giveAttnWorkspace(ws)
	if err := k.k.Run(ws, c.Threads(), a); err != nil {
		return nil, err
	}
	return []*runtime.Tensor{out}, nil
}

// attnMinCache is the fewest positions a KV cache is allocated for.
const attnMinCache = 64

// attnAppend returns the cache old [B, L0, H, d] (nil: empty) extended by
// x [B, n, H, d] along the positions, as a new tensor: the interpreter's
// layout, and old itself is never changed (a chunk that fails leaves the
// stream's state as it was).
//
// With one sequence (B = 1) the positions are the outermost axis, so a
// cache grows at the end of its buffer: the new tensor shares old's
// backing array and writes x past old's length when the array has room,
// and otherwise moves to an array of twice the size. A step then copies
// only its own keys and values, not the whole cache (amortised O(1) per
// position). This is safe because only the stream holding the tensor ever
// writes past its length, and everything else reads a tensor through its
// length only: Snapshot and Restore clone (runtime.Tensor.Clone copies
// exactly len(F)), the interpreter concatenates into a fresh tensor, and a
// chunk that fails leaves the state with old, whose visible contents the
// failed chunk did not touch (it wrote only past old's length, which the
// next chunk overwrites). With several sequences each one's positions are
// interleaved with the others', so the cache is copied.
func attnAppend(old, x *runtime.Tensor) *runtime.Tensor {
	B, n, row := x.Shape[0], x.Shape[1], x.Shape[2]*x.Shape[3]
	l0 := 0
	if old != nil {
		l0 = old.Shape[1]
	}
	l := l0 + n
	shape := []int{B, l, x.Shape[2], x.Shape[3]}
	if B == 1 {
		need := l * row
		var f []float32
		if old != nil && len(old.F) == l0*row && cap(old.F) >= need {
			f = old.F[:need]
		} else {
			f = make([]float32, need, max(need, 2*l0*row, attnMinCache*row))
			if old != nil {
				copy(f, old.F)
			}
		}
		copy(f[l0*row:], x.F)
		return &runtime.Tensor{DType: runtime.F32, Shape: shape, F: f}
	}
	f := make([]float32, B*l*row)
	for b := 0; b < B; b++ {
		if old != nil {
			copy(f[b*l*row:], old.F[b*l0*row:(b+1)*l0*row])
		}
		copy(f[(b*l+l0)*row:], x.F[b*n*row:(b+1)*n*row])
	}
	return &runtime.Tensor{DType: runtime.F32, Shape: shape, F: f}
}
