package interp_test

import "github.com/seqc-dev/seqc/runtime"

// forceThreads makes every kernel split its work however small it is, so
// that thread-count tests exercise several goroutines; it returns the undo.
func forceThreads() func() {
	old := runtime.MinWorkPerThread
	runtime.MinWorkPerThread = 1
	return func() { runtime.MinWorkPerThread = old }
}
