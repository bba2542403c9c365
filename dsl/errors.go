package dsl

import (
	"fmt"
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// MaxErrors caps how many errors of one phase are reported.
const MaxErrors = 10

// ErrorList is all errors of a phase, sorted by position.
type ErrorList []*Error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteString("\n")
		}
		if i == MaxErrors {
			fmt.Fprintf(&b, "too many errors (%d more)", len(l)-MaxErrors)
			break
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// sorted orders errors by file, line and column and drops exact duplicates.
func (l ErrorList) sorted() ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	out := l[:0]
	for i, e := range l {
		if i > 0 && e.Error() == l[i-1].Error() {
			continue
		}
		out = append(out, e)
	}
	return out
}

// failure carries an error out of deeply nested evaluation to the
// statement that catches it.
type failure struct{ err *Error }

func (e *elab) fail(pos lexer.Position, format string, args ...any) {
	panic(failure{&Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}})
}

// abort stops evaluation without a new error: the value involved is
// poison, whose error was already reported.
func (e *elab) abort() { panic(failure{}) }

// catch runs fn and records a failure instead of propagating it; it
// reports whether fn completed.
func (e *elab) catch(fn func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			f, isFailure := r.(failure)
			if !isFailure {
				panic(r)
			}
			if f.err != nil {
				e.errs = append(e.errs, f.err)
			}
			ok = false
		}
	}()
	fn()
	return true
}

// plural renders n things: "1 value", "2 values".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// MaxElaboration bounds the compile-time work of lowering one model: list
// elements built, loop iterations run, list and string elements copied by
// +, and ops created, all counted together. A real model needs a few
// hundred thousand; the limit stops a nested comprehension or loop of
// billions of steps with an error instead of a hang.
const MaxElaboration = 10_000_000

// MaxOps bounds the ops one model lowers to.
const MaxOps = 1_000_000

// limitExceeded stops the whole elaboration: unlike a failure, which one
// statement catches so that later statements are still checked, it passes
// every catch up to Lower, because every later step would cross the limit
// too.
type limitExceeded struct{ err *Error }

// work counts n steps of elaboration at pos against MaxElaboration.
func (e *elab) work(pos lexer.Position, n int, what string) {
	e.steps += n
	if e.steps > MaxElaboration || n > MaxElaboration {
		panic(limitExceeded{&Error{Pos: pos, Msg: fmt.Sprintf("elaboration takes more than %d steps here (%s): loops, comprehensions and list or string concatenation unroll at compile time; is a size or a nesting larger than meant?", MaxElaboration, what)}})
	}
}

// countOp counts one op against MaxOps (and MaxElaboration).
func (e *elab) countOp(pos lexer.Position) {
	e.ops++
	if e.ops > MaxOps {
		panic(limitExceeded{&Error{Pos: pos, Msg: fmt.Sprintf("the model lowers to more than %d ops: loops and layer lists unroll at compile time; is a size or a nesting larger than meant?", MaxOps)}})
	}
	e.work(pos, 1, "ops")
}
