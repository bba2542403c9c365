package runtime

import (
	"errors"
	"strings"
	"testing"
)

// TestParallelForWorkerPanic: a panic on a worker goroutine comes back to
// the caller as a *WorkerPanic (issue 12, item 1) instead of ending the
// process, after every part has finished.
func TestParallelForWorkerPanic(t *testing.T) {
	for _, threads := range []int{1, 2, 4, 8} {
		var done [8]bool
		p := func() (p any) {
			defer func() { p = recover() }()
			ParallelFor(8, threads, func(lo, hi int) {
				for i := lo; i < hi; i++ {
					done[i] = true
				}
				if lo <= 5 && 5 < hi {
					var s []float32
					_ = s[hi] // index out of range
				}
			})
			return nil
		}()
		if p == nil {
			t.Fatalf("threads %d: no panic reached the caller", threads)
		}
		if threads > 1 {
			wp, ok := p.(*WorkerPanic)
			if !ok {
				t.Fatalf("threads %d: got %T, want a *WorkerPanic", threads, p)
			}
			if !strings.Contains(wp.Error(), "index out of range") || len(wp.Stack) == 0 {
				t.Errorf("threads %d: %v (stack %d bytes)", threads, wp, len(wp.Stack))
			}
			var re interface{ RuntimeError() }
			if !errors.As(wp, &re) {
				t.Errorf("threads %d: the runtime error is not unwrapped", threads)
			}
		}
		for i, d := range done {
			if !d {
				t.Errorf("threads %d: part %d did not run", threads, i)
			}
		}
	}
}

func TestCatchPanicNested(t *testing.T) {
	inner := CatchPanic(func() { panic("inner") })
	outer := CatchPanic(func() { RaisePanic(inner) })
	if outer != inner {
		t.Errorf("a re-raised worker panic was wrapped again: %v", outer)
	}
	if CatchPanic(func() {}) != nil {
		t.Error("no panic, but CatchPanic reported one")
	}
}
