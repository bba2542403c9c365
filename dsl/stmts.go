package dsl

import (
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/seqc-dev/seqc/ir"
)

// execBlock runs statements in sc. It returns the returned values and
// whether a return statement was reached.
func (e *elab) execBlock(stmts []*Stmt, sc *scope) ([]any, bool) {
	for _, s := range stmts {
		if ret, done := e.exec(s, sc); done {
			return ret, true
		}
	}
	return nil, false
}

func (e *elab) exec(s *Stmt, sc *scope) (ret []any, done bool) {
	switch {
	case s.Return != nil:
		e.retPos = s.Pos
		ok := e.catch(func() {
			for _, x := range s.Return.Values {
				ret = append(ret, e.eval(x, sc))
			}
			if l, isList := ret[0].(list); isList && len(ret) == 1 {
				ret = l // return f(...) passes f's results on
			}
		})
		if !ok {
			ret = make([]any, len(s.Return.Values))
			for i := range ret {
				ret[i] = poison{}
			}
		}
		return ret, true
	case s.Assign != nil:
		a := s.Assign
		var v any = poison{}
		e.catch(func() { v = e.eval(a.Value, sc) })
		e.assign(a, sc, v)
	case s.For != nil:
		var items []any
		if !e.catch(func() { items = e.iterate(s.For.Iter, sc) }) {
			return nil, false
		}
		for _, it := range items {
			e.work(s.For.Pos, 1, "a for loop")
			sc.vars[s.For.Var] = it
			if r, d := e.execBlock(s.For.Body, sc); d {
				return r, true
			}
		}
	case s.If != nil:
		return e.execIf(s.If, sc)
	}
	return nil, false
}

func (e *elab) execIf(st *IfStmt, sc *scope) ([]any, bool) {
	var c, ok bool
	if !e.catch(func() {
		v := e.eval(st.Cond, sc)
		c, ok = v.(bool)
		if !ok {
			e.failCondition(v, st.Cond.Pos)
		}
	}) {
		return nil, false
	}
	switch {
	case c:
		return e.execBlock(st.Then, sc)
	case st.ElseIf != nil:
		return e.execIf(st.ElseIf, sc)
	default:
		return e.execBlock(st.Else, sc)
	}
}

// failCondition reports an if whose condition is not a compile-time bool.
func (e *elab) failCondition(v any, pos lexer.Position) {
	if isPoison(v) {
		e.abort()
	}
	if isTensorValue(v) {
		e.fail(pos, "if condition must be a compile-time bool, got %s: branches are chosen at compile time; a comparison of tensors is a mask, so choose per element with where(mask, a, b)", kindOf(v))
	}
	e.fail(pos, "if condition must be a compile-time bool, got %s", kindOf(v))
}

func (e *elab) assign(a *AssignStmt, sc *scope, v any) {
	if len(a.Targets) == 1 {
		e.bind(sc, a.Targets[0], v)
		return
	}
	vs, ok := v.(list)
	if _, isPoison := v.(poison); isPoison {
		for _, t := range a.Targets {
			e.bind(sc, t, poison{})
		}
		return
	}
	if !ok || len(vs) != len(a.Targets) {
		n := 1
		if ok {
			n = len(vs)
		}
		e.catch(func() { e.fail(a.Pos, "assignment to %d names from %s", len(a.Targets), plural(n, "value")) })
		for _, t := range a.Targets {
			e.bind(sc, t, poison{})
		}
		return
	}
	for i, t := range a.Targets {
		e.bind(sc, t, vs[i])
	}
}

func (e *elab) bind(sc *scope, name string, v any) {
	if name == "_" {
		return
	}
	sc.vars[name] = v
}

// maxUnroll caps compile-time loops: a model has layers, not millions of them.
const maxUnroll = 100000

// iterate returns the items a for loop runs over.
func (e *elab) iterate(x *Expr, sc *scope) []any {
	switch v := e.eval(x, sc).(type) {
	case list:
		return v
	case rangeVal:
		if n, ok := checkedInt("-", v.hi, v.lo); !ok || n > maxUnroll {
			e.fail(x.Pos, "range %d..%d has %d elements: loops and comprehensions unroll at compile time, at most %d", v.lo, v.hi, v.hi-v.lo, maxUnroll)
		}
		out := make([]any, 0, max(0, v.hi-v.lo))
		for i := v.lo; i < v.hi; i++ {
			out = append(out, i)
		}
		return out
	case poison:
		e.abort()
	default:
		e.fail(x.Pos, "cannot loop over %s: want a list or a range lo..hi", kindOf(v))
	}
	return nil
}

// lookup resolves a name: function variables, the instance's members and
// methods, the file's blocks and imports, then builtins.
func (e *elab) lookup(sc *scope, name string) (any, bool) {
	if v, ok := sc.vars[name]; ok {
		return v, true
	}
	if sc.inst != nil {
		if v, ok := sc.inst.members[name]; ok {
			return v, true
		}
		if f := sc.inst.methods[name]; f != nil {
			return &methodVal{inst: sc.inst, fn: f}, true
		}
	}
	if sc.fs != nil {
		if d := sc.fs.decls[name]; d != nil {
			return &declVal{decl: d, file: sc.fs}, true
		}
		if m := sc.fs.imports[name]; m != nil {
			return &moduleVal{file: m}, true
		}
	}
	if name == "init" {
		return initNS{}, true
	}
	if builtins[name] != nil {
		return &builtinVal{name: name}, true
	}
	return nil, false
}

// unused keeps ir imported for files that grow.
var _ = ir.F32
