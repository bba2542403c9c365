package ptx

import (
	"fmt"

	"github.com/seqc-dev/seqc/runtime"
)

// The attention's KV cache on the device. In a stream the cache is the
// op's state: keys [B, Lk, Hk, D] and values [B, Lk, Hk, Dv], grown by
// every chunk. On a GPU each lives in a device buffer laid out [B, cap,
// Hk, D] with room (cap ≥ Lk positions per batch row) to grow in place: a
// chunk's keys are copied into positions [Lk, Lk+n) of every batch row by
// the kvcopy kernel, so a step moves only its own keys, and the attention
// kernel reads rows through the stride cap. When the room runs out the
// cache moves to a buffer twice as large. The state tensors made by
// successive chunks share the buffer; each reads only the positions it
// was made with, so a chunk that fails (and wrote past the old length)
// leaves the old state intact, and the next chunk writes those positions
// again. A snapshot copies the cache into a buffer of its own (Clone),
// compact (cap = Lk), which the next chunk of the restored stream moves
// to a roomier one.

// kvCopySpec: ints [total, row, n, srcStride, dstStride, dstOff]; buffers
// src [B, srcStride, row], dst [B, dstStride, row]: dst[b, dstOff+t, :] =
// src[b, t, :] for t < n (total = B·n·row elements).
func kvCopySpec() Spec { return Spec{Name: "kvcopy", BX: elemBlock, BY: 1, Ints: 6, Ptrs: 2} }

// EmitKVCopy adds the kernel that copies rows of a KV cache.
func EmitKVCopy(t Target, m *Module) error {
	return Emit(t, m.M, m.Math, kvCopySpec(), func(k *K) error {
		src, dst := k.Global(0), k.Global(1)
		k.Phase(func() {
			i := k.elemIndex()
			k.If(k.Lt(i, k.Int(0)), func() {
				row, n, ss, ds, off := k.Int(1), k.Int(2), k.Int(3), k.Int(4), k.Int(5)
				e := k.B.NewSRem(i, row)
				r := k.B.NewSDiv(i, row)
				tt := k.B.NewSRem(r, n)
				b := k.B.NewSDiv(r, n)
				from := k.Add(k.Mul(k.Add(k.Mul(b, ss), tt), row), e)
				to := k.Add(k.Mul(k.Add(k.Add(k.Mul(b, ds), off), tt), row), e)
				k.Store(dst, to, k.Load(src, from))
			})
		})
		return nil
	})
}

// kvLayout is how a KV cache's device buffer holds its batch rows.
type kvLayout struct {
	batch, row int // batch rows; floats per position
	cap        int // positions per batch row
}

// kvAppend returns the cache after a chunk: cache (nil at the stream's
// start) followed by chunk, both [B, L, H, D]. On a GPU (o non-nil) the
// result is a state tensor whose data is only on the device and its
// layout's stride; the chunk is read where it is (a resident value on the
// device, else copied in). In the emulation the result is host data, the
// interpreter's layout.
func kvAppend(r runner, cache, chunk *runtime.Tensor, kind BufKind) (*runtime.Tensor, int, error) {
	o, onGPU := r.(*opRun)
	if !onGPU {
		if cache == nil {
			return chunk.Clone(), chunk.Shape[1], nil // the cache must not share buffers the run may reuse
		}
		t := concatSeq(cache, chunk)
		return t, t.Shape[1], nil
	}
	return o.g.kvAppend(o, cache, chunk, kind)
}

// kvAppend is kvAppend on the device.
func (g *gpuRunner) kvAppend(o *opRun, cache, chunk *runtime.Tensor, kind BufKind) (*runtime.Tensor, int, error) {
	B, n := chunk.Shape[0], chunk.Shape[1]
	row := 1
	for _, d := range chunk.Shape[2:] {
		row *= d
	}
	T := 0
	if cache != nil {
		T = cache.Shape[1]
	}
	shape := append([]int{B, T + n}, chunk.Shape[2:]...)
	out := &runtime.Tensor{DType: runtime.F32, Shape: shape}
	if B*row == 0 {
		out.F = []float32{}
		return out, T + n, nil
	}
	// The buffer to append to: the cache's own when it has room.
	var old *devBuf
	oldCap := T
	var oldHost []float32
	if cache != nil {
		g.mu.Lock()
		sb, ok := g.stateBuf(cache)
		g.mu.Unlock()
		switch {
		case ok && sb.kv != nil:
			old, oldCap = sb, sb.kv.cap
		case ok:
			old = sb // a compact copy (a snapshot's)
		default:
			if cache.F == nil {
				return nil, 0, fmt.Errorf("ptx: a KV cache %s has neither host nor device data", cache.ShapeString())
			}
			oldHost = cache.F
		}
	}
	buf := old
	if old == nil || old.kv == nil || oldCap < T+n {
		newCap := max(2*oldCap, T+n, 16)
		nb, err := g.lockedNewDevBuf(B*newCap*row, B*newCap*row)
		if err != nil {
			return nil, 0, err
		}
		nb.refs = 1 // ours, until out holds it
		nb.kv = &kvLayout{batch: B, row: row, cap: newCap}
		if T > 0 {
			var src Buf
			var sts StateRefs
			if oldHost != nil {
				src = Buf{oldHost, In}
			} else {
				src = sts.In(0, cache)
			}
			if err := g.kvCopy(o, src, sts, nb, B, row, T, oldCap, 0); err != nil {
				g.lockedUnref(nb)
				return nil, 0, err
			}
		}
		buf = nb
		defer g.lockedUnref(nb) // out holds it from here on
	}
	if n > 0 {
		if err := g.kvCopy(o, Buf{chunk.F, kind}, nil, buf, B, row, n, n, T); err != nil {
			return nil, 0, err
		}
	}
	g.mu.Lock()
	g.holdState(out, buf)
	g.mu.Unlock()
	return out, buf.kv.cap, nil
}

// kvCopy launches kvcopy from src (a buffer of the op, or a state tensor
// through states) into the cache buffer dst at position off of each of
// the B batch rows.
func (g *gpuRunner) kvCopy(o *opRun, src Buf, states StateRefs, dst *devBuf, B, row, n, srcStride, off int) error {
	total := B * n * row
	grid, err := Grid1D(CeilDiv(total, elemBlock))
	if err != nil {
		return err
	}
	if states == nil {
		states = StateRefs{}
	}
	// The destination is the cache's buffer itself: a state tensor that
	// holds it stands for it in the launch.
	holder := &runtime.Tensor{DType: runtime.F32, Shape: []int{0}}
	g.mu.Lock()
	g.holdState(holder, dst)
	g.mu.Unlock()
	defer g.Release(holder)
	states[1] = holder
	l := &Launch{Grid: grid, Ints: []int64{int64(total), int64(row), int64(n), int64(srcStride), int64(dst.kv.cap), int64(off)},
		Bufs: []Buf{src, {nil, StateIn}}, Work: total, States: states}
	return g.launchOp("kvcopy", l, o)
}

// lockedNewDevBuf is newDevBuf taking the runner's lock and context.
func (g *gpuRunner) lockedNewDevBuf(n, capacity int) (b *devBuf, err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	err = g.dv.do(func() error {
		b, err = g.newDevBuf(n, capacity)
		return err
	})
	return b, err
}

// lockedUnref is unref taking the runner's lock.
func (g *gpuRunner) lockedUnref(b *devBuf) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.unref(b)
}
