//go:build linux

package supervisor

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"os/signal"
	goruntime "runtime"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/seqc-dev/seqc/runtime"
)

// crashFDEnv, in a child's environment, names the descriptor on which it
// reports a fatal error of the Go runtime to its supervisor.
const crashFDEnv = "SEQC_CRASH_FD"

// noSupervisorEnv, when set, runs commands in the process itself.
const noSupervisorEnv = "SEQC_NO_SUPERVISOR"

// Supervise runs the command in a child process (the same binary, the same
// arguments) and exits with its status, mapping a crash of the Go runtime to
// internal; it returns false in the child, or where no child can be started
// (or SEQC_NO_SUPERVISOR is set), and the command then runs in this process.
//
// Fatal errors of the Go runtime (out of memory, a stack overflow, a
// deadlock, concurrent map writes) cannot be recovered, and the runtime
// exits with status 2, which is seqc's usage status. The child copies such
// a crash's report to a pipe (debug.SetCrashOutput); the supervisor, seeing
// one, exits with internal (seqc's 3) instead. Signals the supervisor receives are
// passed on to the child, and a child killed by a signal makes the
// supervisor die by the same signal.
func Supervise(internal int) bool {
	if fd := os.Getenv(crashFDEnv); fd != "" {
		if fd == "3" {
			f := os.NewFile(3, "crash report")
			syscall.CloseOnExec(3) // tools the command starts (llc, go list) do not inherit it
			debug.SetCrashOutput(f, debug.CrashOptions{})
		}
		return false
	}
	if os.Getenv(noSupervisorEnv) != "" {
		return false
	}
	exe, err := os.Executable()
	if err != nil {
		return false
	}
	r, w, err := os.Pipe()
	if err != nil {
		return false
	}
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), crashFDEnv+"=3")
	cmd.ExtraFiles = []*os.File{w}
	// The child dies with the supervisor (killed by a harness's timeout,
	// say); the thread that starts it stays, as Pdeathsig needs.
	goruntime.LockOSThread()
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	if err := cmd.Start(); err != nil {
		signal.Stop(sigs)
		r.Close()
		w.Close()
		return false
	}
	w.Close()
	go func() {
		for s := range sigs {
			cmd.Process.Signal(s)
		}
	}()
	crashed := make(chan bool, 1)
	go func() {
		n, _ := io.Copy(io.Discard, r)
		crashed <- n > 0
	}()
	err = cmd.Wait()
	signal.Stop(sigs)
	var didCrash bool
	select {
	case didCrash = <-crashed:
	case <-time.After(2 * time.Second): // a grandchild holds the pipe: the status decides
	}
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			dieBy(ws.Signal())
		}
		code = ee.ExitCode()
	case err != nil:
		os.Stderr.WriteString("seqc: " + err.Error() + "\n")
		code = internal
	}
	if didCrash && code == 2 {
		code = internal
	}
	os.Exit(code)
	return true
}

// CleanupOnSignal removes the temp files of writes in progress
// (runtime.RemoveTempFiles) when the process is interrupted (SIGINT,
// SIGTERM, SIGHUP), then dies by the same signal, as it would have without
// the handler.
func CleanupOnSignal() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		s := <-c
		runtime.RemoveTempFiles()
		dieBy(s.(syscall.Signal))
	}()
}

// dieBy ends the process by signal s, with the signal's default action.
func dieBy(s syscall.Signal) {
	signal.Reset(s)
	syscall.Kill(os.Getpid(), s)
	time.Sleep(time.Second) // the signal is on its way
	os.Exit(128 + int(s))
}
