package runtime

import (
	"fmt"
	goruntime "runtime"
	"runtime/debug"
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

// WorkerPanic is a panic raised inside a worker goroutine, carried to the
// goroutine that started the work and raised again there (see ParallelFor),
// where a recover (the interpreter's, per op) turns it into an error. A
// panic that stays on a worker goroutine would end the whole process.
type WorkerPanic struct {
	Value any    // what the worker panicked with
	Stack []byte // the worker's stack when it panicked
}

// Error says what the worker panicked with.
func (p *WorkerPanic) Error() string { return fmt.Sprintf("panic in a worker goroutine: %v", p.Value) }

// String is Error, for %v.
func (p *WorkerPanic) String() string { return p.Error() }

// Unwrap returns the worker's panic value when it is an error.
func (p *WorkerPanic) Unwrap() error {
	if err, ok := p.Value.(error); ok {
		return err
	}
	return nil
}

// CatchPanic runs fn and returns the panic it raised as a *WorkerPanic, or
// nil. Worker pools call it around each task and hand the result to
// RaisePanic on the calling goroutine.
func CatchPanic(fn func()) (p *WorkerPanic) {
	defer func() {
		if r := recover(); r != nil {
			if wp, ok := r.(*WorkerPanic); ok { // nested pools: keep the innermost stack
				p = wp
				return
			}
			p = &WorkerPanic{Value: r, Stack: debug.Stack()}
		}
	}()
	fn()
	return nil
}

// RaisePanic panics with p when it is not nil.
func RaisePanic(p *WorkerPanic) {
	if p != nil {
		panic(p)
	}
}

// ParallelFor splits the index range [0, n) into at most threads contiguous
// parts and calls fn(lo, hi) for each part on its own goroutine, returning when
// all are done. Each index is handled by exactly one call, so a computation
// whose result for index i depends only on i gives the same numbers for every
// thread count. threads <= 0 means GOMAXPROCS.
//
// A panic in fn does not end the process: the workers finish, and
// ParallelFor panics on the calling goroutine with a *WorkerPanic (the first
// part's panic, by index), where the caller's recover can turn it into an
// error.
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
	panics := make([]*WorkerPanic, t)
	for w := 0; w < t; w++ {
		lo, hi := w*n/t, (w+1)*n/t
		if lo == hi {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			panics[w] = CatchPanic(func() { fn(lo, hi) })
		}()
	}
	wg.Wait()
	for _, p := range panics {
		RaisePanic(p)
	}
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
