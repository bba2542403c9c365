package runtime

import (
	goruntime "runtime"
	"sync"
)

// Threads returns the number of worker goroutines to use when the caller asked
// for n: n itself when positive, otherwise GOMAXPROCS.
func Threads(n int) int {
	if n > 0 {
		return n
	}
	return goruntime.GOMAXPROCS(0)
}

// ParallelFor splits the index range [0, n) into at most threads contiguous
// parts and calls fn(lo, hi) for each part on its own goroutine, returning when
// all are done. Each index is handled by exactly one call, so a computation
// whose result for index i depends only on i gives the same numbers for every
// thread count. threads <= 0 means GOMAXPROCS.
func ParallelFor(n, threads int, fn func(lo, hi int)) {
	if n <= 0 {
		return
	}
	t := Threads(threads)
	if t > n {
		t = n
	}
	if t == 1 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < t; w++ {
		lo, hi := w*n/t, (w+1)*n/t
		if lo == hi {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	wg.Wait()
}

// MinWorkPerThread (a variable so tests can force several goroutines) is the work (in rough element operations) below which
// ThreadsFor keeps a kernel on one goroutine: starting goroutines costs more
// than a step of a small model.
var MinWorkPerThread = 1 << 15

// ThreadsFor returns how many goroutines a kernel doing work element
// operations should use, given the caller's request (<= 0: GOMAXPROCS).
func ThreadsFor(requested, work int) int {
	t := Threads(requested)
	return max(1, min(t, work/MinWorkPerThread))
}
