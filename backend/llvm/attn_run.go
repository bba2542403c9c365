package llvm

import (
	"fmt"
	"sync"
	"unsafe"

	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/runtime"
)

// AttnKernel is a loaded attention kernel (EmitAttention for Spec and
// Variant). Run may be called from several goroutines at once, each with
// its own workspace.
type AttnKernel struct {
	Fn      native.Fn
	Spec    AttnSpec
	Variant string
}

// AttnArgs are the buffers of one attention call, all contiguous.
type AttnArgs struct {
	B, Lq, Lk int
	Q         []float32 // [B, Lq, Hq, D]
	K         []float32 // [B, Lk, Hk, D]
	V         []float32 // [B, Lk, Hk, Dv]
	Out       []float32 // [B, Lq, Hq, Dv], overwritten
	Pad       []int32   // [B, Lk] with Spec.Pad: nonzero marks a padded key
	// Quadratic materialises each row's scores (the interpreter's
	// Materialized); otherwise the online softmax (Flash).
	Quadratic bool
}

// AttnWorkspace is the reusable memory of attention calls: the packed Kᵀ
// and one scratch buffer per worker, grown on demand and kept (fresh memory
// is slow to touch). Calls sharing a workspace run one after another.
type AttnWorkspace struct {
	mu      sync.Mutex
	kt      []float32
	scratch [][]float32
}

// attnWorkspaces is a free list shared by every attention kernel.
var attnWorkspaces struct {
	sync.Mutex
	free []*AttnWorkspace
}

func takeAttnWorkspace() *AttnWorkspace {
	attnWorkspaces.Lock()
	defer attnWorkspaces.Unlock()
	if n := len(attnWorkspaces.free); n > 0 {
		ws := attnWorkspaces.free[n-1]
		attnWorkspaces.free = attnWorkspaces.free[:n-1]
		return ws
	}
	return &AttnWorkspace{}
}

func giveAttnWorkspace(ws *AttnWorkspace) {
	attnWorkspaces.Lock()
	attnWorkspaces.free = append(attnWorkspaces.free, ws)
	attnWorkspaces.Unlock()
}

// attnGrow returns buf with at least n floats, reallocated (with room to
// spare, so that a growing KV cache does not reallocate every step) only
// when too short.
func attnGrow(buf []float32, n int) []float32 {
	if len(buf) >= n {
		return buf
	}
	return make([]float32, max(n, len(buf)+len(buf)/2))
}

// AttnRowPath is the most rows per (batch, kv head) that go through the
// one-row path (mr = 1): a decoding step of plain multi-head attention. A
// block of MR rows with fewer real ones would repeat the arithmetic.
const AttnRowPath = 2

// Run computes the attention of a on up to threads goroutines (<= 0:
// GOMAXPROCS), in two parallel phases (pack Kᵀ, then attend), each
// goroutine making one kernel call per phase on a contiguous range of its
// work items. ws may be nil (a temporary workspace). Results do not depend
// on the thread count.
func (k *AttnKernel) Run(ws *AttnWorkspace, threads int, a *AttnArgs) error {
	s := k.Spec
	if !k.Fn.Valid() {
		return fmt.Errorf("llvm: attention: invalid kernel")
	}
	if a.B < 0 || a.Lq < 0 || a.Lk < 0 {
		return fmt.Errorf("llvm: attention: B=%d Lq=%d Lk=%d", a.B, a.Lq, a.Lk)
	}
	for _, c := range []struct {
		name string
		n    int
		want int
	}{
		{"Q", len(a.Q), a.B * a.Lq * s.Hq * s.D}, {"K", len(a.K), a.B * a.Lk * s.Hk * s.D},
		{"V", len(a.V), a.B * a.Lk * s.Hk * s.Dv}, {"Out", len(a.Out), a.B * a.Lq * s.Hq * s.Dv},
	} {
		if c.n != c.want {
			return fmt.Errorf("llvm: attention: len(%s) = %d, want %d", c.name, c.n, c.want)
		}
	}
	if s.Pad && len(a.Pad) != a.B*a.Lk {
		return fmt.Errorf("llvm: attention: len(Pad) = %d, want B·Lk = %d", len(a.Pad), a.B*a.Lk)
	}
	if a.B == 0 || a.Lq == 0 {
		return nil
	}
	if ws == nil {
		ws = &AttnWorkspace{}
	}
	ws.mu.Lock()
	defer ws.mu.Unlock()

	c := attnConfigFor(k.Variant)
	nk := c.nk()
	g := s.Hq / s.Hk
	rows := a.Lq * g
	mr, phase := c.mr, int64(attnPhaseFlash)
	if rows <= AttnRowPath {
		mr, phase = 1, attnPhaseFlashRow
	}
	if a.Quadratic {
		phase += attnPhaseQuad - attnPhaseFlash
	}
	ntiles := attnCeil(a.Lk, nk)
	nblk := attnCeil(rows, mr)
	items := a.B * s.Hk * nblk
	work := a.B * s.Hq * a.Lq * max(a.Lk, 1) * (s.D + s.Dv)
	t := min(runtime.ThreadsFor(threads, work), items)

	// The one-row path reads K in place; the others read packed Kᵀ.
	packs := 0
	if mr > 1 {
		packs = a.B * s.Hk * ntiles
		ws.kt = attnGrow(ws.kt, AttnPackedLen(s, k.Variant, a.B, a.Lk))
	}
	for len(ws.scratch) < t {
		ws.scratch = append(ws.scratch, nil)
	}
	slen := AttnScratchLen(s, k.Variant, a.Lk)
	for w := 0; w < t; w++ {
		ws.scratch[w] = attnGrow(ws.scratch[w], slen)
	}

	var p native.Ptrs
	p[attnPQ], p[attnPK], p[attnPV], p[attnPOut] = attnPtr(a.Q), attnPtr(a.K), attnPtr(a.V), attnPtr(a.Out)
	p[attnPKt] = attnPtr(ws.kt)
	if s.Pad && len(a.Pad) > 0 {
		p[attnPPad] = unsafe.Pointer(&a.Pad[0])
	}
	ints := [9]int64{attnPhasePack, int64(a.B), int64(a.Lq), int64(a.Lk), int64(rows), int64(nblk), 0, int64(ntiles), int64(ntiles * nk)}
	fn := k.Fn
	if packs > 0 {
		tp := min(t, packs)
		pints := ints
		gemmParallel(tp, func(w int) {
			pp := p
			fn.Call(w*packs/tp, (w+1)*packs/tp, pints[:], &pp)
		})
	}
	ints[0] = phase
	gemmParallel(t, func(w int) {
		pp := p
		pp[attnPScratch] = attnPtr(ws.scratch[w])
		fn.Call(w*items/t, (w+1)*items/t, ints[:], &pp)
	})
	return nil
}

// attnPtr is &v[0], or nil for an empty slice.
func attnPtr(v []float32) unsafe.Pointer {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Pointer(&v[0])
}
