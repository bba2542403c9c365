// Command crasher fails in the ways the supervisor must handle, for
// supervisor_test.go.
package main

import (
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/seqc-dev/seqc/internal/supervisor"
	"github.com/seqc-dev/seqc/runtime"
)

func main() {
	if supervisor.Supervise(3) {
		return
	}
	supervisor.CleanupOnSignal()
	switch os.Args[1] {
	case "stack-overflow": // a fatal error of the Go runtime
		debug.SetMaxStack(1 << 20)
		var f func(int) int
		f = func(n int) int { return f(n+1) + 1 }
		f(0)
	case "goroutine-panic": // an unrecovered panic off the main goroutine
		go func() { panic("boom") }()
		time.Sleep(10 * time.Second)
	case "exit":
		code, _ := strconv.Atoi(os.Args[2])
		os.Exit(code)
	case "write": // interrupted while writing a file
		runtime.WriteFileAtomic(os.Args[2], func(w io.Writer) error {
			w.Write(make([]byte, 2<<20))
			os.Stdout.WriteString("writing\n")
			time.Sleep(time.Minute)
			return nil
		})
	}
}
