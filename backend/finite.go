package backend

import (
	"context"
	"fmt"

	"github.com/seqc-dev/seqc/ir"
)

type checkFiniteKey struct{}

// WithCheckFinite returns a context under which a run checks the results of
// every op for NaN and infinite values and fails at the first op that
// produces one (a *NonFiniteError), instead of carrying them to the outputs
// (seqc run --check-finite). It costs one pass over every result.
func WithCheckFinite(ctx context.Context) context.Context {
	return context.WithValue(ctx, checkFiniteKey{}, true)
}

// CheckFinite reports whether ctx asks for WithCheckFinite's checks.
func CheckFinite(ctx context.Context) bool {
	v, _ := ctx.Value(checkFiniteKey{}).(bool)
	return v
}

// NonFiniteError is the first non-finite value a run produced (under
// WithCheckFinite): the op, its .seq position, which result, the element
// (as an index into the result's shape) and the value.
type NonFiniteError struct {
	Pos    ir.Pos
	Op     string // the op's kind
	Result int    // which result of the op
	Shape  []int  // the result's shape
	Index  []int  // the element, by axis
	Value  float32
	Input  bool // the value is in an input of the function, not a result
	Name   string
}

func (e *NonFiniteError) Error() string {
	if e.Input {
		return fmt.Sprintf("input %s%v holds the non-finite value %v at %v", e.Name, e.Shape, e.Value, e.Index)
	}
	return fmt.Sprintf("%s: %s produced the non-finite value %v at %v of result %d %v (the first op to produce one)", e.Pos, e.Op, e.Value, e.Index, e.Result, e.Shape)
}
