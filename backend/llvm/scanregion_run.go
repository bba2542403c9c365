package llvm

import (
	"fmt"
	"sync"
	"unsafe"

	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/runtime"
)

// srBound is a loaded scan region kernel bound to one model's weights: the
// pool is packed once (srPack) and only read afterwards, so run may be
// called from several goroutines at once.
type srBound struct {
	fn   native.Fn
	prog *srProgram
	lay  srLayout
	pool []float32
}

// srPack lays out the weights in the pool for variant: weights[i] is the
// data of the program's weight i (row-major, as the interpreter holds it).
// A linear's weight W [N, K] becomes tiles of the variant's tile of
// vectors of columns (srTiles), each K rows of the tile's columns (the last
// tile may be narrower), so that the kernel streams it once per step;
// columns past N are zero.
func srPack(p *srProgram, variant string, weights [][]float32) ([]float32, error) {
	lay := p.layout(variant)
	lanes := lay.lanes
	pool := make([]float32, lay.pool)
	if len(weights) != len(p.Weights) {
		return nil, fmt.Errorf("llvm: scan region: %d weights, the program has %d", len(weights), len(p.Weights))
	}
	for i, w := range p.Weights {
		data, at := weights[i], lay.weight[i]
		want := w.N
		if w.Kind == srWGemv {
			want = w.N * w.K
		}
		if len(data) != want {
			return nil, fmt.Errorf("llvm: scan region: weight %d has %d elements, want %d", i, len(data), want)
		}
		if w.Kind != srWGemv {
			copy(pool[at:], data)
			continue
		}
		nv, T := (w.N+lanes-1)/lanes, lay.tile
		for t := 0; t*T < nv; t++ {
			tw := min(T, nv-t*T) * lanes
			base := at + t*w.K*T*lanes
			for k := 0; k < w.K; k++ {
				for c := 0; c < tw; c++ {
					if n := t*T*lanes + c; n < w.N {
						pool[base+k*tw+c] = data[n*w.K+k]
					}
				}
			}
		}
	}
	return pool, nil
}

// srScratch is a free list of row scratch buffers shared by every scan
// region kernel: a buffer is reused across calls (fresh memory is slow to
// touch) and each concurrent call takes its own.
var srScratch struct {
	sync.Mutex
	free [][]float32
}

func srTakeScratch(n int) []float32 {
	srScratch.Lock()
	defer srScratch.Unlock()
	for i := len(srScratch.free) - 1; i >= 0; i-- {
		if s := srScratch.free[i]; len(s) >= n {
			srScratch.free = append(srScratch.free[:i], srScratch.free[i+1:]...)
			return s
		}
	}
	return make([]float32, n)
}

func srGiveScratch(s []float32) {
	srScratch.Lock()
	srScratch.free = append(srScratch.free, s)
	srScratch.Unlock()
}

// srArgs are the per-call buffers of a scan region kernel, all contiguous
// float32: carries [B, dc] (the initial carries on entry, the final ones on
// return), inputs [B, L, dx], outputs [B, L, dy], captures [B, dq].
type srArgs struct {
	Carries, Xs, Ys, Seqs [][]float32
}

// run computes the scan of B sequences of L steps on up to threads
// goroutines, each making one kernel call on a contiguous range of work
// items: single rows when there are no more rows than threads, else blocks
// of the variant's rows (each step then streams the GEMVs' weights once
// per block). A row's arithmetic does not depend on the form or the split,
// so results are bitwise identical for every thread count.
func (k *srBound) run(threads, B, L int, a *srArgs) error {
	p := k.prog
	if B < 0 || L < 0 {
		return fmt.Errorf("llvm: scan region: B = %d, L = %d", B, L)
	}
	check := func(what string, bufs [][]float32, widths []int, per int) error {
		if len(bufs) != len(widths) {
			return fmt.Errorf("llvm: scan region: %d %s, want %d", len(bufs), what, len(widths))
		}
		for i, b := range bufs {
			if len(b) != per*widths[i] {
				return fmt.Errorf("llvm: scan region: %s %d has %d elements, want %d", what, i, len(b), per*widths[i])
			}
		}
		return nil
	}
	for _, err := range []error{
		check("carries", a.Carries, p.Carries, B), check("inputs", a.Xs, p.Xs, B*L),
		check("outputs", a.Ys, p.Ys, B*L), check("captures", a.Seqs, p.Seqs, B),
	} {
		if err != nil {
			return err
		}
	}
	if B == 0 || L == 0 {
		return nil // the carries are the initial ones; no outputs
	}
	t := min(B, runtime.ThreadsFor(threads, B*L*p.stepFlops()))
	rows := 1
	if B > t {
		rows = k.lay.rows
	}
	k.call(t, rows, B, L, a)
	return nil
}

// call runs the kernel on up to t goroutines with work items of rows rows
// (1 or the layout's rows) on buffers run has checked.
func (k *srBound) call(t, rows, B, L int, a *srArgs) {
	p := k.prog
	var ptrs native.Ptrs
	ptrs[srPPool] = srPtr(k.pool)
	for i, c := range a.Carries {
		ptrs[p.carryPtr(i)] = srPtr(c)
	}
	for i, x := range a.Xs {
		ptrs[p.xPtr(i)] = srPtr(x)
	}
	for i, y := range a.Ys {
		ptrs[p.yPtr(i)] = srPtr(y)
	}
	for i, q := range a.Seqs {
		ptrs[p.seqPtr(i)] = srPtr(q)
	}
	items := (B + rows - 1) / rows
	t = max(1, min(t, items))
	ints := [3]int64{int64(L), int64(rows), int64(B)}
	fn, need := k.fn, rows*k.lay.scratch
	runtime.ParallelFor(items, t, func(lo, hi int) {
		s := srTakeScratch(need)
		defer srGiveScratch(s)
		q := ptrs
		q[srPScratch] = unsafe.Pointer(&s[0])
		fn.Call(lo, hi, ints[:], &q)
	})
}

// srPtr is the address of v's first element, nil for an empty slice.
func srPtr(v []float32) unsafe.Pointer {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Pointer(&v[0])
}
