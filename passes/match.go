package passes

import "github.com/seqc-dev/seqc/ir"

// Small matchers used by the rewrite passes.

// def returns the op that defines v when it is of kind, else nil.
func def(v *ir.Value, kind string) *ir.Op {
	if v == nil || v.Def == nil || v.Def.Kind != kind {
		return nil
	}
	return v.Def
}

// through strips reshapes: the value a chain of reshapes starts from.
func through(v *ir.Value) *ir.Value {
	for {
		r := def(v, "reshape")
		if r == nil {
			return v
		}
		v = r.Args[0]
	}
}

// commuted calls fn with the two arguments of a binary op in both orders and
// returns the first non-nil result.
func commuted[T any](op *ir.Op, fn func(a, b *ir.Value) *T) *T {
	if r := fn(op.Args[0], op.Args[1]); r != nil {
		return r
	}
	return fn(op.Args[1], op.Args[0])
}

// soleUse reports whether v is used exactly once in f.
func soleUse(uses map[*ir.Value]int, v *ir.Value) bool { return uses[v] == 1 }
