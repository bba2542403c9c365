//go:build !linux

package supervisor

import (
	"os"
	"os/signal"

	"github.com/seqc-dev/seqc/runtime"
)

// Supervise runs commands in this process: the supervising child process
// is Linux only.
func Supervise(internal int) bool { return false }

// CleanupOnSignal removes the temp files of writes in progress when the
// process is interrupted, then exits with status 1.
func CleanupOnSignal() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	go func() {
		<-c
		runtime.RemoveTempFiles()
		os.Exit(1)
	}()
}
