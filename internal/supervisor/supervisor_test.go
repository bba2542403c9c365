//go:build linux

package supervisor

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crasher builds testdata/crasher, a program that fails in the ways the
// supervisor must handle.
func crasher(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build the test program")
	}
	bin := filepath.Join(t.TempDir(), "crasher")
	out, err := exec.Command(goTool, "build", "-o", bin, "./testdata/crasher").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestSupervisor (issue 12, item 13): a fatal error of the Go runtime (a
// stack overflow, an unrecovered panic on any goroutine) exits with the
// internal-error status 3, not the runtime's 2 (seqc's usage status); the
// command's own statuses pass through; and an interrupted write leaves no
// temp file and the process dies by the signal.
func TestSupervisor(t *testing.T) {
	bin := crasher(t)
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"stack-overflow"}, 3},
		{[]string{"goroutine-panic"}, 3},
		{[]string{"exit", "0"}, 0},
		{[]string{"exit", "1"}, 1},
		{[]string{"exit", "2"}, 2},
	} {
		cmd := exec.Command(bin, c.args...)
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != c.code {
			t.Errorf("crasher %s: exit %d, want %d", strings.Join(c.args, " "), code, c.code)
		}
	}

	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		dir := t.TempDir()
		cmd := exec.Command(bin, "write", filepath.Join(dir, "out.npy"))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		if line != "writing\n" {
			cmd.Process.Kill()
			t.Fatalf("crasher write: %q", line)
		}
		cmd.Process.Signal(sig)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err = <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%v: the process did not end", sig)
		}
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("%v: %v", sig, err)
		}
		if ws := ee.Sys().(syscall.WaitStatus); !ws.Signaled() || ws.Signal() != sig {
			t.Errorf("%v: the process ended with %v, want death by the signal", sig, ee)
		}
		// The child may finish removing after the supervisor went: wait a little.
		var left []os.DirEntry
		for i := 0; i < 50; i++ {
			if left, _ = os.ReadDir(dir); len(left) == 0 {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if len(left) != 0 {
			t.Errorf("%v: left %v behind", sig, left[0].Name())
		}
	}
}
