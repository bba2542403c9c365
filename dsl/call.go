package dsl

import (
	"fmt"
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/seqc-dev/seqc/ir"
)

// callCtx is an evaluated argument list.
type callCtx struct {
	e      *elab
	name   string
	pos    lexer.Position
	args   []any
	argPos []lexer.Position
	kw     map[string]any
	kwPos  map[string]lexer.Position
	used   map[string]bool
}

func (e *elab) evalArgs(name string, ca *CallArgs, sc *scope, pos lexer.Position) *callCtx {
	c := &callCtx{e: e, name: name, pos: pos, kw: map[string]any{}, kwPos: map[string]lexer.Position{}, used: map[string]bool{}}
	for _, a := range ca.Args {
		if a.Name != nil {
			if _, dup := c.kw[*a.Name]; dup {
				e.fail(a.Pos, "argument %s given twice", *a.Name)
			}
			c.kw[*a.Name] = e.evalArgValue(name, a, sc)
			c.kwPos[*a.Name] = a.Pos
			continue
		}
		if len(c.kw) > 0 {
			e.fail(a.Pos, "positional argument after keyword arguments")
		}
		c.args = append(c.args, e.evalArgValue(name, a, sc))
		c.argPos = append(c.argPos, a.Pos)
	}
	return c
}

// evalArgValue evaluates an argument of the callee name outside the
// field's path context (a block created there would have no checkpoint
// path: instantiateField says so, naming the callee).
func (e *elab) evalArgValue(name string, a *CallArg, sc *scope) any {
	saved, savedArg := e.pathCtx, e.argOf
	e.pathCtx, e.argOf = nil, name
	defer func() { e.pathCtx, e.argOf = saved, savedArg }()
	return e.eval(a.Value, sc)
}

// lazySelect evaluates select(cond, a, b) as a conditional: the condition,
// then only the chosen branch, in the current field's path context, so
// that a field (or a list comprehension's element) may choose between
// blocks: layers = [select(i % 4 == 3, Attention(d), Mamba(d)) for i in
// 0..n]. ok is false when the call is not of that form (then select runs
// as a builtin and reports what is wrong).
func (e *elab) lazySelect(ca *CallArgs, sc *scope) (v any, ok bool) {
	if len(ca.Args) != 3 {
		return nil, false
	}
	for _, a := range ca.Args {
		if a.Name != nil {
			return nil, false
		}
	}
	cond := e.evalArgValue("select", ca.Args[0], sc)
	if isPoison(cond) {
		return poison{}, true
	}
	b, isBool := cond.(bool)
	if !isBool {
		e.fail(ca.Args[0].Pos, "select: the condition must be a compile-time bool, got %s (for tensors, where(mask, a, b) chooses per element)", kindOf(cond))
	}
	if b {
		return e.eval(ca.Args[1].Value, sc), true
	}
	return e.eval(ca.Args[2].Value, sc), true
}

func (e *elab) call(callee any, ca *CallArgs, sc *scope, pos lexer.Position) any {
	switch f := callee.(type) {
	case *declVal:
		c := e.evalArgs(f.decl.Name, ca, sc, pos)
		return e.instantiateField(f, c)
	case *methodVal:
		c := e.evalArgs(f.fn.Name, ca, sc, pos)
		return e.callMethod(f, c.args, c.kw, c.kwPos, pos)
	case *instance:
		fwd := f.methods["forward"]
		if fwd == nil {
			e.fail(pos, "%s has no forward function to call", f.decl.Name)
		}
		c := e.evalArgs(f.decl.Name, ca, sc, pos)
		return e.callMethod(&methodVal{inst: f, fn: fwd}, c.args, c.kw, c.kwPos, pos)
	case *builtinVal:
		if f.name == "select" {
			if v, ok := e.lazySelect(ca, sc); ok {
				return v
			}
		}
		c := e.evalArgs(f.name, ca, sc, pos)
		for _, a := range c.args {
			if isPoison(a) {
				return poison{}
			}
		}
		for _, a := range c.kw {
			if isPoison(a) {
				return poison{}
			}
		}
		c.checkKwargs()
		v := builtins[f.name](c)
		c.checkUnused()
		return v
	case *initFn:
		c := e.evalArgs("init."+f.name, ca, sc, pos)
		return e.initCall(f.name, c)
	}
	e.fail(pos, "cannot call %s", kindOf(callee))
	return nil
}

// instantiateField creates a sub-block at the current field path.
func (e *elab) instantiateField(d *declVal, c *callCtx) any {
	if e.pathCtx == nil {
		n := d.decl.Name
		switch {
		case e.fn != nil:
			e.fail(c.pos, "block %s can only be created in a field of a block (name = %s(...)), not inside a function: declare the field and call it here", n, n)
		case e.argOf != "":
			e.fail(c.pos, "block %s can only be created in a field of a block (name = %s(...)), not in an argument of %s: a field's value, an element of a field's list, or a branch of select(cond, %s(...), Other(...)) there gets a checkpoint path", n, n, e.argOf, n)
		}
		e.fail(c.pos, "block %s can only be created in a field of a block (name = %s(...))", n, n)
	}
	if d.decl.Kind == "model" && e.fn != nil {
		e.fail(c.pos, "cannot create %s inside a function", d.decl.Name)
	}
	var ties map[string]tieRef
	if t, ok := c.kw["tie"]; ok {
		pv, isParam := t.(*paramVal)
		if !isParam {
			e.fail(c.kwPos["tie"], "tie: needs a parameter (e.g. embedding.weight), got %s", kindOf(t))
		}
		ties = map[string]tieRef{"weight": {pv, c.kwPos["tie"]}}
		delete(c.kw, "tie")
	}
	return e.instantiate(d.decl, d.file, c.args, c.kw, *e.pathCtx, c.pos, ties)
}

// initCall checks an initialiser's arguments and renders it as text.
func (e *elab) initCall(name string, c *callCtx) any {
	names := ir.Initializers[name]
	if len(c.args) > len(names) {
		e.fail(c.pos, "init.%s takes at most %d arguments (%s), got %d", name, len(names), strings.Join(names, ", "), len(c.args))
	}
	vals := map[string]any{}
	for i, a := range c.args {
		vals[names[i]] = a
	}
	for k, v := range c.kw {
		found := false
		for _, n := range names {
			found = found || n == k
		}
		if !found {
			e.fail(c.kwPos[k], "init.%s has no argument %s%s", name, k, suggest(k, names))
		}
		vals[k] = v
	}
	keys := make([]string, 0, len(vals))
	for k, v := range vals {
		if _, ok := num(v); !ok {
			e.fail(c.pos, "init.%s argument %s must be a number, got %s", name, k, kindOf(v))
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%s", k, formatValue(vals[k]))
	}
	return &initVal{text: name + "(" + strings.Join(parts, ", ") + ")"}
}

// Argument accessors for builtins.

func (c *callCtx) fail(format string, args ...any) {
	c.e.fail(c.pos, "%s: %s", c.name, fmt.Sprintf(format, args...))
}

func (c *callCtx) nargs(lo, hi int) {
	if len(c.args) < lo || len(c.args) > hi {
		if lo == hi {
			c.fail("takes %s, got %d", plural(lo, "positional argument"), len(c.args))
		}
		c.fail("takes %d to %d positional arguments, got %d", lo, hi, len(c.args))
	}
}

func (c *callCtx) tensor(i int) *ir.Value {
	return c.e.toTensor(c.args[i], c.argPos[i]).v
}

func (c *callCtx) has(name string) bool {
	_, ok := c.kw[name]
	return ok
}

func (c *callCtx) kwarg(name string) (any, lexer.Position, bool) {
	c.used[name] = true
	v, ok := c.kw[name]
	if _, none := v.(noneVal); none {
		return nil, c.pos, false
	}
	return v, c.kwPos[name], ok
}

func (c *callCtx) kwTensor(name string) *ir.Value {
	v, pos, ok := c.kwarg(name)
	if !ok {
		return nil
	}
	return c.e.toTensor(v, pos).v
}

func (c *callCtx) kwInt(name string, def int, required bool) int {
	v, pos, ok := c.kwarg(name)
	if !ok {
		if required {
			c.fail("missing argument %s", name)
		}
		return def
	}
	n, isInt := v.(int)
	if !isInt {
		c.e.fail(pos, "%s: argument %s must be an int, got %s", c.name, name, kindOf(v))
	}
	return n
}

func (c *callCtx) kwFloat(name string, def float64, required bool) float64 {
	v, pos, ok := c.kwarg(name)
	if !ok {
		if required {
			c.fail("missing argument %s", name)
		}
		return def
	}
	f, isNum := num(v)
	if !isNum {
		c.e.fail(pos, "%s: argument %s must be a number, got %s", c.name, name, kindOf(v))
	}
	return f
}

func (c *callCtx) kwBool(name string, def bool) bool {
	v, pos, ok := c.kwarg(name)
	if !ok {
		return def
	}
	b, isBool := v.(bool)
	if !isBool {
		c.e.fail(pos, "%s: argument %s must be a bool, got %s", c.name, name, kindOf(v))
	}
	return b
}

func (c *callCtx) checkUnused() {
	var extra []string
	for k := range c.kw {
		if !c.used[k] {
			extra = append(extra, k)
		}
	}
	if len(extra) > 0 {
		sort.Strings(extra)
		known := append([]string(nil), builtinKwargs[c.name]...)
		for k := range c.used {
			known = append(known, k)
		}
		c.e.fail(c.kwPos[extra[0]], "%s has no argument %s%s", c.name, extra[0], suggest(extra[0], known))
	}
}

func (c *callCtx) intArg(i int, what string) int {
	n, ok := c.args[i].(int)
	if !ok {
		c.e.fail(c.argPos[i], "%s: %s must be an int, got %s", c.name, what, kindOf(c.args[i]))
	}
	return n
}

// dimList reads a list of dimensions (ints or symbols).
func (c *callCtx) dimList(v any, pos lexer.Position, what string) []ir.Dim {
	l, ok := v.(list)
	if !ok {
		c.e.fail(pos, "%s: %s must be a list, got %s", c.name, what, kindOf(v))
	}
	out := make([]ir.Dim, len(l))
	for i, x := range l {
		switch d := x.(type) {
		case int:
			out[i] = ir.Const(d)
		case ir.Dim:
			out[i] = d
		default:
			c.e.fail(pos, "%s: %s must hold ints or dimensions, item %d is %s", c.name, what, i, kindOf(x))
		}
	}
	return out
}

func (c *callCtx) intList(v any, pos lexer.Position, what string) []int {
	ds := c.dimList(v, pos, what)
	out := make([]int, len(ds))
	for i, d := range ds {
		if !d.IsConst() {
			c.e.fail(pos, "%s: %s must be known at compile time, item %d is %s", c.name, what, i, d)
		}
		out[i] = d.Add
	}
	return out
}
