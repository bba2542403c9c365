package driver

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/seqc-dev/seqc/runtime"
)

// Progress draws one line on a terminal that says how far long work has
// come: what is being done, a bar and a count when the amount of work is
// known, and the time spent. The line is redrawn in place a few times a
// second by a goroutine of its own, so that work reports as often as it
// likes at the cost of a lock, and nothing is drawn before the work has
// taken a moment (quick commands print nothing extra). Done erases it.
//
// Every method of a nil *Progress does nothing: StartProgress returns nil
// where the output is not a terminal, and the work reports to it all the
// same.
type Progress struct {
	w        io.Writer
	width    int           // the line is cut to width-1 columns (a wrapped line cannot be redrawn)
	delay    time.Duration // nothing is drawn before this much time has passed
	interval time.Duration // between redraws

	mu          sync.Mutex
	label, unit string
	total, done int64
	note        string
	start       time.Time // of the whole work: the time shown
	drawn       bool      // a line is on the terminal
	finished    bool      // Done was called: nothing is drawn any more
	stop        chan struct{}
	stopped     chan struct{}
}

// ProgressDelay is how long work runs before the line of StartProgress
// appears: quick commands print nothing extra.
var ProgressDelay = 500 * time.Millisecond

// IsTerminal reports whether w is a terminal: an *os.File whose descriptor
// is a tty. Pipes, files, buffers and /dev/null are not.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && f != nil && term.IsTerminal(int(f.Fd()))
}

// StartProgress starts a progress line on w when w is a terminal that can
// redraw a line (not TERM=dumb); else it returns nil, which reports
// nothing. label says what is being done, total
// how much (0: unknown; the line then shows the time spent only), and unit
// what is counted ("bytes" is shown as sizes; any other word follows the
// count).
func StartProgress(w io.Writer, label string, total int64, unit string) *Progress {
	if !IsTerminal(w) || os.Getenv("TERM") == "dumb" {
		return nil
	}
	width := 80
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			width = cols
		}
	}
	delay := ProgressDelay
	if delay <= 0 {
		delay = -1 // at once
	}
	return NewProgress(w, ProgressOptions{Width: width, Delay: delay}, label, total, unit)
}

// ProgressOptions tune how a Progress draws; the zero value gives the
// defaults.
type ProgressOptions struct {
	Width    int           // columns of the terminal (default 80)
	Delay    time.Duration // draw nothing before this (default 500ms; < 0: draw at once)
	Interval time.Duration // between redraws (default 150ms)
}

// NewProgress starts a progress line on w whatever w is (StartProgress is
// the one that checks for a terminal).
func NewProgress(w io.Writer, o ProgressOptions, label string, total int64, unit string) *Progress {
	if o.Width <= 0 {
		o.Width = 80
	}
	switch {
	case o.Delay == 0:
		o.Delay = 500 * time.Millisecond
	case o.Delay < 0:
		o.Delay = 0
	}
	if o.Interval <= 0 {
		o.Interval = 150 * time.Millisecond
	}
	p := &Progress{w: w, width: o.Width, delay: o.Delay, interval: o.Interval, label: label, total: max(total, 0), unit: unit,
		start: time.Now(), stop: make(chan struct{}), stopped: make(chan struct{})}
	go p.loop()
	return p
}

func (p *Progress) loop() {
	defer close(p.stopped)
	wait := p.delay
	for {
		t := time.NewTimer(wait)
		select {
		case <-p.stop:
			t.Stop()
			return
		case <-t.C:
			p.mu.Lock()
			p.draw()
			p.mu.Unlock()
		}
		wait = p.interval
	}
}

// Phase starts the next part of the work: a new label, total and unit, the
// count back at zero. The time shown keeps running.
func (p *Progress) Phase(label string, total int64, unit string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.label, p.total, p.unit, p.done, p.note = label, max(total, 0), unit, 0, ""
	if time.Since(p.start) >= p.delay {
		p.draw() // a new phase shows at once
	}
}

// Set says how much of the phase's total is done.
func (p *Progress) Set(done int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.done = done
	p.mu.Unlock()
}

// Add adds n to what is done.
func (p *Progress) Add(n int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.done += n
	p.mu.Unlock()
}

// Counts returns what is done of the phase's total (0: unknown).
func (p *Progress) Counts() (done, total int64) {
	if p == nil {
		return 0, 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done, p.total
}

// Note sets a word or two shown after the count (the item in progress).
func (p *Progress) Note(s string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.note = s
	p.mu.Unlock()
}

// Println writes a line to w (which may be the same terminal) without
// mixing it into the progress line: the line is erased first and redrawn
// by the next tick.
func (p *Progress) Println(w io.Writer, s string) {
	if p == nil {
		fmt.Fprintln(w, s)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.erase()
	fmt.Fprintln(w, s)
}

// Done stops the progress line and erases it.
func (p *Progress) Done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	if p.finished {
		p.mu.Unlock()
		return
	}
	p.finished = true
	p.erase()
	p.mu.Unlock()
	close(p.stop)
	<-p.stopped
}

// erase removes the drawn line; p.mu is held.
func (p *Progress) erase() {
	if p.drawn {
		io.WriteString(p.w, "\r\033[K")
		p.drawn = false
	}
}

// draw redraws the line; p.mu is held.
func (p *Progress) draw() {
	if p.finished {
		return
	}
	io.WriteString(p.w, "\r"+p.line(time.Since(p.start))+"\033[K")
	p.drawn = true
}

// line is the text of the progress line after elapsed time.
func (p *Progress) line(elapsed time.Duration) string {
	var b strings.Builder
	b.WriteString(p.label)
	count := func(n int64) string {
		if p.unit == "bytes" {
			return runtime.HumanBytes(n)
		}
		return fmt.Sprint(n)
	}
	if p.total > 0 {
		done := min(max(p.done, 0), p.total)
		const barWidth = 24
		fill := int(int64(barWidth) * done / p.total)
		b.WriteString(" [" + strings.Repeat("=", fill))
		if fill < barWidth {
			b.WriteString(">" + strings.Repeat(" ", barWidth-fill-1))
		}
		fmt.Fprintf(&b, "] %s/%s", count(done), count(p.total))
	} else if p.done > 0 {
		b.WriteString(" " + count(p.done))
	}
	if p.unit != "" && p.unit != "bytes" && (p.total > 0 || p.done > 0) {
		b.WriteString(" " + p.unit)
	}
	if p.note != "" {
		b.WriteString("  " + p.note)
	}
	fmt.Fprintf(&b, "  %s", elapsed.Truncate(100*time.Millisecond))
	s := b.String()
	if r := []rune(s); len(r) > p.width-1 {
		s = string(r[:max(p.width-1, 0)])
	}
	return s
}
