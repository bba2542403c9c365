package llvm

import (
	goruntime "runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/seqc-dev/seqc/runtime"
)

// GEMMSpin is how long a GEMM worker goroutine keeps polling for its next
// task before it parks. A step-mode product lasts tens of microseconds,
// about what waking a parked thread costs on a VM (measured here: 2-thread
// GEMV of 9.4 MB went from a mean of ~90 µs with a fresh goroutine per
// call to ~60 µs with polling workers), so back-to-back layers find their
// workers awake. Polling yields the processor (runtime.Gosched) and stops
// after GEMMSpin without a task. Set it before the first RunGEMM.
var GEMMSpin = 200 * time.Microsecond

// gemmWorker is a long-lived goroutine that runs one task at a time.
type gemmWorker struct {
	task     atomic.Pointer[func()]
	sleeping atomic.Bool
	wake     chan struct{} // buffered: a wake-up sent while not asleep is kept, never blocks
}

// gemmPool holds the idle workers. A call takes the workers it needs for
// its whole duration, so concurrent RunGEMM calls never share one.
var gemmPool struct {
	mu   sync.Mutex
	idle []*gemmWorker
}

func (w *gemmWorker) loop() {
	for {
		t := w.task.Load()
		for start := time.Now(); t == nil && time.Since(start) < GEMMSpin; t = w.task.Load() {
			goruntime.Gosched()
		}
		if t == nil {
			// Park: announce it, then look once more (a task stored before
			// the announcement found no sleeper to wake).
			w.sleeping.Store(true)
			if t = w.task.Load(); t == nil {
				<-w.wake
				continue
			}
			w.sleeping.Store(false)
		}
		w.task.Store(nil)
		(*t)()
	}
}

// submit hands f to w.
func (w *gemmWorker) submit(f func()) {
	w.task.Store(&f)
	if w.sleeping.CompareAndSwap(true, false) {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

// gemmParallel runs call(0..n-1), call(0) on the calling goroutine and the
// others on pool workers, and returns when all are done. A panic in a part
// does not end the process: every part finishes, the workers go back to the
// pool, and the first part's panic (by index) is raised again on the calling
// goroutine as a *runtime.WorkerPanic, where the interpreter's per-op
// recover turns it into an error.
func gemmParallel(n int, call func(part int)) {
	if n == 1 {
		call(0)
		return
	}
	gemmPool.mu.Lock()
	var ws []*gemmWorker
	for len(ws) < n-1 && len(gemmPool.idle) > 0 {
		last := len(gemmPool.idle) - 1
		ws = append(ws, gemmPool.idle[last])
		gemmPool.idle = gemmPool.idle[:last]
	}
	gemmPool.mu.Unlock()
	for len(ws) < n-1 {
		w := &gemmWorker{wake: make(chan struct{}, 1)}
		go w.loop()
		ws = append(ws, w)
	}
	var left atomic.Int32
	left.Store(int32(n - 1))
	panics := make([]*runtime.WorkerPanic, n)
	for i, w := range ws {
		w.submit(func() {
			panics[i+1] = runtime.CatchPanic(func() { call(i + 1) })
			left.Add(-1)
		})
	}
	panics[0] = runtime.CatchPanic(func() { call(0) })
	// The parts are balanced: poll rather than park, for the same reason
	// the workers do.
	for left.Load() > 0 {
		goruntime.Gosched()
	}
	gemmPool.mu.Lock()
	gemmPool.idle = append(gemmPool.idle, ws...)
	gemmPool.mu.Unlock()
	for _, p := range panics {
		runtime.RaisePanic(p)
	}
}
