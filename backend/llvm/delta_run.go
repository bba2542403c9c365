package llvm

import (
	"fmt"
	"sync"

	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/runtime"
)

// DeltaKernel is a loaded delta-rule kernel (EmitDelta for Spec and
// Variant). Run may be called from several goroutines at once, each with
// its own workspace.
type DeltaKernel struct {
	Fn      native.Fn
	Spec    DeltaSpec
	Variant string
}

// DeltaArgs are the buffers of one delta-rule call, all contiguous.
type DeltaArgs struct {
	B, T int
	// Heads, KDim and VDim are H, K and V for a Dynamic kernel (the
	// spec's are used otherwise).
	Heads, KDim, VDim int
	Q                 []float32 // [B, T, H, K]
	K                 []float32 // [B, T·N, H, K]
	V                 []float32 // [B, T·N, H, V]
	Beta              []float32 // [B, T·N, H]
	G                 []float32 // [B, T, H] log gates, all <= 0 (Spec.Gated)
	H0                []float32 // [B, H, K, V] initial state; nil: zeros
	HT                []float32 // [B, H, K, V] final state, written
	Out               []float32 // [B, T, H, V], written
	// Chunk > 0 runs the chunked (WY) form with chunks of Chunk expanded
	// steps; 0 the recurrent one.
	Chunk int
}

// DeltaWorkspace is the reusable scratch of delta-rule calls, one buffer
// per worker. Calls sharing a workspace run one after another.
type DeltaWorkspace struct {
	mu      sync.Mutex
	scratch [][]float32
	ht      []float32 // a final state nobody reads (kernels_delta.go)
}

// deltaWorkspaces is a free list shared by every delta-rule kernel.
var deltaWorkspaces struct {
	sync.Mutex
	free []*DeltaWorkspace
}

func takeDeltaWorkspace() *DeltaWorkspace {
	deltaWorkspaces.Lock()
	defer deltaWorkspaces.Unlock()
	if n := len(deltaWorkspaces.free); n > 0 {
		ws := deltaWorkspaces.free[n-1]
		deltaWorkspaces.free = deltaWorkspaces.free[:n-1]
		return ws
	}
	return &DeltaWorkspace{}
}

func giveDeltaWorkspace(ws *DeltaWorkspace) {
	deltaWorkspaces.Lock()
	deltaWorkspaces.free = append(deltaWorkspaces.free, ws)
	deltaWorkspaces.Unlock()
}

// Run computes the delta rule of a on up to threads goroutines (<= 0:
// GOMAXPROCS), each making one kernel call on a contiguous range of work
// items ((batch, head, column block) recurrent, (batch, head) chunked).
// ws may be nil (a temporary workspace). Results do not depend on the
// thread count. The gates are not checked here (the caller does: the
// interpreter rejects a positive one).
func (k *DeltaKernel) Run(ws *DeltaWorkspace, threads int, a *DeltaArgs) error {
	s := k.Spec
	if !k.Fn.Valid() {
		return fmt.Errorf("llvm: delta rule: invalid kernel")
	}
	if a.B < 0 || a.T < 0 || a.Chunk < 0 {
		return fmt.Errorf("llvm: delta rule: B=%d T=%d chunk=%d", a.B, a.T, a.Chunk)
	}
	if s.Dynamic {
		if err := s.validateSizes(a.Heads, a.KDim, a.VDim); err != nil {
			return err
		}
		if a.Chunk > 0 {
			return fmt.Errorf("llvm: delta rule: a kernel with run-time head sizes has no chunked form")
		}
		s.H, s.K, s.V = a.Heads, a.KDim, a.VDim
	}
	tn := a.T * s.N
	for _, c := range []struct {
		name      string
		n, want   int
		mandatory bool
	}{
		{"Q", len(a.Q), a.B * a.T * s.H * s.K, true}, {"K", len(a.K), a.B * tn * s.H * s.K, true},
		{"V", len(a.V), a.B * tn * s.H * s.V, true}, {"Beta", len(a.Beta), a.B * tn * s.H, true},
		{"G", len(a.G), a.B * a.T * s.H, s.Gated}, {"H0", len(a.H0), a.B * s.H * s.K * s.V, a.H0 != nil},
		{"HT", len(a.HT), a.B * s.H * s.K * s.V, true}, {"Out", len(a.Out), a.B * a.T * s.H * s.V, true},
	} {
		if c.mandatory && c.n != c.want {
			return fmt.Errorf("llvm: delta rule: len(%s) = %d, want %d", c.name, c.n, c.want)
		}
	}
	if a.B == 0 {
		return nil
	}
	if a.T == 0 { // no step: the final state is the initial one
		if a.H0 != nil {
			copy(a.HT, a.H0)
		} else {
			clear(a.HT)
		}
		return nil
	}
	if ws == nil {
		ws = &DeltaWorkspace{}
	}
	ws.mu.Lock()
	defer ws.mu.Unlock()

	alg, chunk := int64(deltaRecurrent), 0
	items := a.B * s.H * deltaColBlocks(s.V, k.Variant)
	if a.Chunk > 0 {
		alg, chunk = deltaChunked, max(min(a.Chunk, tn), 1)
		items = a.B * s.H
	}
	t := min(runtime.ThreadsFor(threads, a.B*s.H*tn*s.K*s.V), items)
	for len(ws.scratch) < t {
		ws.scratch = append(ws.scratch, nil)
	}
	slen := DeltaScratchLen(s, k.Variant, chunk)
	for w := 0; w < t; w++ {
		ws.scratch[w] = attnGrow(ws.scratch[w], slen)
	}
	var p native.Ptrs
	p[deltaPQ], p[deltaPK], p[deltaPV], p[deltaPBeta] = attnPtr(a.Q), attnPtr(a.K), attnPtr(a.V), attnPtr(a.Beta)
	if s.Gated {
		p[deltaPG] = attnPtr(a.G)
	}
	p[deltaPH0], p[deltaPHT], p[deltaPOut] = attnPtr(a.H0), attnPtr(a.HT), attnPtr(a.Out)
	ints := [8]int64{alg, int64(a.B), int64(a.T), int64(chunk), int64(deltaColBlocks(s.V, k.Variant)), int64(s.H), int64(s.K), int64(s.V)}
	fn := k.Fn
	gemmParallel(t, func(w int) {
		pp := p
		pp[deltaPScratch] = attnPtr(ws.scratch[w])
		fn.Call(w*items/t, (w+1)*items/t, ints[:], &pp)
	})
	return nil
}
