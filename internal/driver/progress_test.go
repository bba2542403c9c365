package driver

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the progress goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor polls until cond holds or a few seconds pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestProgressQuietOffTerminal: progress goes to a terminal only: a buffer,
// a file, a pipe and /dev/null get none, and a nil Progress takes every call.
func TestProgressQuietOffTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	for name, out := range map[string]any{"buffer": &bytes.Buffer{}, "file": f, "pipe": w, "/dev/null": null} {
		wr := out.(interface{ Write([]byte) (int, error) })
		if IsTerminal(wr) {
			t.Errorf("%s is taken for a terminal", name)
		}
		if p := StartProgress(wr, "work", 10, "items"); p != nil {
			t.Errorf("progress started on a %s", name)
		}
	}
	var p *Progress // what StartProgress returns off a terminal
	p.Phase("x", 1, "")
	p.Set(1)
	p.Add(1)
	p.Note("n")
	if done, total := p.Counts(); done != 0 || total != 0 {
		t.Errorf("a nil Progress counts %d/%d", done, total)
	}
	var b bytes.Buffer
	p.Println(&b, "line")
	p.Done()
	if b.String() != "line\n" {
		t.Errorf("a nil Progress's Println wrote %q", b.String())
	}
	if info, _ := f.Stat(); info.Size() != 0 {
		t.Errorf("%d bytes written to a file", info.Size())
	}
}

// TestProgressDraws: the line shows the label, a bar, the count and unit,
// the note and the time; it is redrawn in place and erased by Done.
func TestProgressDraws(t *testing.T) {
	var out syncBuffer
	p := NewProgress(&out, ProgressOptions{Delay: -1, Interval: 5 * time.Millisecond}, "streaming forward", 10, "positions")
	p.Set(5)
	p.Note("layer 3")
	waitFor(t, "a drawn line", func() bool { return strings.Contains(out.String(), "5/10 positions") })
	s := out.String()
	for _, want := range []string{"\rstreaming forward [============>           ] 5/10 positions  layer 3  ", "\033[K"} {
		if !strings.Contains(s, want) {
			t.Errorf("progress output lacks %q:\n%q", want, s)
		}
	}
	p.Phase("writing w.safetensors", 0, "")
	waitFor(t, "the next phase", func() bool { return strings.Contains(out.String(), "\rwriting w.safetensors  ") })
	p.Done()
	p.Done() // twice is fine
	if s := out.String(); !strings.HasSuffix(s, "\r\033[K") {
		t.Errorf("Done did not erase the line: ends %q", s[max(0, len(s)-20):])
	}
	n := len(out.String())
	time.Sleep(30 * time.Millisecond)
	if len(out.String()) != n {
		t.Error("the progress line is drawn after Done")
	}
}

// TestProgressDelay: quick work draws nothing at all.
func TestProgressDelay(t *testing.T) {
	var out syncBuffer
	p := NewProgress(&out, ProgressOptions{Delay: time.Hour, Interval: time.Millisecond}, "work", 3, "")
	p.Add(3)
	time.Sleep(30 * time.Millisecond)
	p.Done()
	if out.String() != "" {
		t.Errorf("progress drawn before its delay: %q", out.String())
	}
}

// TestProgressLine: sizes for bytes, the count alone when the total is
// unknown, and a line cut to the terminal's width.
func TestProgressLine(t *testing.T) {
	p := &Progress{width: 80, label: "initialising M", total: 3 << 30, done: 1 << 30, unit: "bytes"}
	if got, want := p.line(1500*time.Millisecond), "initialising M [========>               ] 1.0 GiB/3.0 GiB  1.5s"; got != want {
		t.Errorf("line %q, want %q", got, want)
	}
	p = &Progress{width: 80, label: "generating", done: 7, unit: "tokens"}
	if got, want := p.line(time.Second), "generating 7 tokens  1s"; got != want {
		t.Errorf("line %q, want %q", got, want)
	}
	p = &Progress{width: 20, label: strings.Repeat("x", 50)}
	if got := p.line(0); len(got) != 19 {
		t.Errorf("line of %d columns on a 20-column terminal: %q", len(got), got)
	}
	p = &Progress{width: 80, label: "over", total: 4, done: 9}
	if got := p.line(0); !strings.Contains(got, "[========================] 4/4") {
		t.Errorf("a count past the total is not shown full: %q", got)
	}
}

// TestProgressOnTerminal: on a terminal (a pseudo-terminal here) the line
// is drawn.
func TestProgressOnTerminal(t *testing.T) {
	master, slave := openPTY(t)
	if !IsTerminal(slave) {
		t.Fatal("a pseudo-terminal is not taken for a terminal")
	}
	t.Setenv("TERM", "dumb")
	if p := StartProgress(slave, "work", 1, ""); p != nil {
		p.Done()
		t.Error("progress started on a dumb terminal")
	}
	t.Setenv("TERM", "xterm")
	var got syncBuffer
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			got.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	p := StartProgress(slave, "calibrating go", 14, "problems")
	if p == nil {
		t.Fatal("no progress on a terminal")
	}
	p.Add(2)
	waitFor(t, "the progress line on the terminal", func() bool { return strings.Contains(got.String(), "calibrating go [") })
	p.Done()
	if !strings.Contains(got.String(), "2/14 problems") {
		t.Errorf("terminal shows %q", got.String())
	}
}
