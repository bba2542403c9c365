package llvm

import (
	"fmt"
	"sync"
	"unsafe"

	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/runtime"
)

// GEMMWorkspace holds the per-worker scratch of GEMM calls, allocated on
// first use and reused afterwards (first touch of fresh memory is slow, so
// a model keeps one workspace for all its layers). RunGEMM holds its lock
// for the whole call: calls sharing a workspace run one after another.
type GEMMWorkspace struct {
	mu   sync.Mutex
	bufs [][]float32
}

// NewGEMMWorkspace returns an empty workspace.
func NewGEMMWorkspace() *GEMMWorkspace { return &GEMMWorkspace{} }

// scratch returns buffers for workers workers of at least floats floats
// each, growing the workspace if needed. The caller holds ws.mu.
func (ws *GEMMWorkspace) scratch(workers, floats int) [][]float32 {
	for len(ws.bufs) < workers {
		ws.bufs = append(ws.bufs, nil)
	}
	for w := 0; w < workers; w++ {
		if len(ws.bufs[w]) < floats {
			ws.bufs[w] = gemmAlloc(floats)
		}
	}
	return ws.bufs[:workers]
}

// GEMMMinWork is the number of multiply-adds (M·N·K) per goroutine below
// which RunGEMM uses fewer goroutines: starting one costs about a
// microsecond, some 50k fmas. A variable so that tests can force splitting.
var GEMMMinWork = 1 << 17

// gemmPart is one goroutine's share: rows [lo, hi) × panels [j0, j1).
type gemmPart struct{ lo, hi, j0, j1 int }

// gemmSplit divides an M-row product over at most threads workers, at tile
// granularity: by MR-row tiles when there are enough of them (each worker
// then reads all of W, which sits in the shared L3), else by panels of W (the
// GEMV case: each worker streams its share of W once).
func gemmSplit(cfg gemmConfig, threads, M, panels int, work int) []gemmPart {
	t := runtime.Threads(threads)
	if GEMMMinWork > 0 {
		t = min(t, max(1, work/GEMMMinWork))
	}
	tiles := (M + cfg.mr - 1) / cfg.mr
	var parts []gemmPart
	if M > cfg.gv && tiles >= 4*t {
		for w := 0; w < t; w++ {
			lo, hi := w*tiles/t*cfg.mr, min((w+1)*tiles/t*cfg.mr, M)
			if lo < hi {
				parts = append(parts, gemmPart{lo, hi, 0, panels})
			}
		}
		return parts
	}
	t = min(t, panels)
	for w := 0; w < t; w++ {
		j0, j1 := w*panels/t, (w+1)*panels/t
		if j0 < j1 {
			parts = append(parts, gemmPart{0, M, j0, j1})
		}
	}
	return parts
}

// RunGEMM computes y[M×N] = act(x[M×K]·Wᵀ + bias) with fn, a kernel from
// EmitGEMM(_, _, s, variant), on up to threads goroutines (≤ 0: GOMAXPROCS),
// one kernel call per goroutine: the calling one and pooled workers
// (gemmParallel). Rows are split by MR-row tiles when there are at least 4
// per goroutine, else panels of W are (step mode). wPacked is PackGEMMWeight(W, s, variant);
// bias has N floats when s.Bias (else it is ignored); x and y are
// contiguous. ws provides the scratch (nil: a temporary one, which costs
// fresh memory every call). The result is bitwise the same for every thread
// count. It panics on mismatched lengths.
func RunGEMM(fn native.Fn, ws *GEMMWorkspace, threads int, s GEMMSpec, variant string, M int, x, wPacked, bias, y []float32) {
	cfg, err := gemmConfigFor(s, variant)
	if err != nil {
		panic(err)
	}
	if err := s.validate(); err != nil {
		panic(err)
	}
	// The sizes derive from cfg, computed once per call (a one-token step
	// calls this for every layer: the GEMV itself takes well under a µs).
	nr := cfg.nr()
	panels := (s.N + nr - 1) / nr
	packedLen := panels * s.K * nr
	switch {
	case M < 0:
		panic(fmt.Sprintf("llvm: RunGEMM: M = %d", M))
	case len(x) < M*s.K:
		panic(fmt.Sprintf("llvm: RunGEMM: len(x) = %d < M·K = %d", len(x), M*s.K))
	case len(y) < M*s.N:
		panic(fmt.Sprintf("llvm: RunGEMM: len(y) = %d < M·N = %d", len(y), M*s.N))
	case len(wPacked) != packedLen:
		panic(fmt.Sprintf("llvm: RunGEMM: len(wPacked) = %d, want %d (PackGEMMWeight)", len(wPacked), packedLen))
	case s.Bias && len(bias) < s.N:
		panic(fmt.Sprintf("llvm: RunGEMM: len(bias) = %d < N = %d", len(bias), s.N))
	}
	if M == 0 || panels == 0 {
		return
	}
	parts := gemmSplit(cfg, threads, M, panels, M*s.N*max(s.K, 1))
	var bufs [][]float32
	if M > cfg.gv && s.K > 0 {
		if ws == nil {
			ws = NewGEMMWorkspace()
		}
		ws.mu.Lock()
		defer ws.mu.Unlock()
		bufs = ws.scratch(len(parts), cfg.mc*s.K)
	}
	call := func(w int) {
		pt := parts[w]
		var p native.Ptrs
		p[0], p[1], p[3] = gemmPtr(x), gemmPtr(wPacked), gemmPtr(y)
		if s.Bias {
			p[2] = gemmPtr(bias)
		}
		if bufs != nil {
			p[4] = gemmPtr(bufs[w])
		}
		ints := [4]int64{int64(pt.j0), int64(pt.j1), int64(s.K), int64(s.N)}
		fn.Call(pt.lo, pt.hi, ints[:], &p)
	}
	gemmParallel(len(parts), call)
}

// gemmPtr is &v[0], or nil for an empty slice.
func gemmPtr(v []float32) unsafe.Pointer {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Pointer(&v[0])
}
