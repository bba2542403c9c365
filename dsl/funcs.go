package dsl

import (
	"fmt"
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/seqc-dev/seqc/ir"
)

// tensorType evaluates a declared type whose dimensions are all known
// (parameters, results after binding).
func (e *elab) tensorType(tt *TensorType, sc *scope) ir.Type {
	dt, ok := ir.ParseDType(tt.DType)
	if !ok {
		e.fail(tt.Pos, "unknown element type %s (want f32, i32 or c64)%s", tt.DType, suggest(tt.DType, []string{"f32", "i32", "c64"}))
	}
	t := ir.Type{DType: dt, Shape: ir.Shape{}}
	for _, d := range tt.Dims {
		if d.Ellipsis {
			e.fail(d.Pos, "'..' is only allowed in function argument and result types")
		}
		t.Shape = append(t.Shape, e.dimValue(d.Expr, sc))
	}
	return t
}

func (e *elab) dimValue(x *Expr, sc *scope) ir.Dim {
	switch v := e.eval(x, sc).(type) {
	case int:
		return ir.Const(v)
	case ir.Dim:
		return v
	case poison:
		e.abort()
	default:
		e.fail(x.Pos, "a dimension must be an int or a symbol, got %s", kindOf(v))
	}
	return ir.Dim{}
}

// bareIdent returns the identifier when x is a plain name.
func bareIdent(x *Expr) (string, bool) {
	if x == nil || len(x.Rest) > 0 || len(x.Left.Rest) > 0 || x.Left.Left.Op != "" || x.Left.Left.Left.Hi != nil {
		return "", false
	}
	a := x.Left.Left.Left.Left
	if len(a.Rest) > 0 || len(a.Left.Rest) > 0 || a.Left.Left.Op != "" {
		return "", false
	}
	p := a.Left.Left.Operand
	if len(p.Ops) > 0 || len(p.Hints) > 0 || p.Primary.Ident == nil {
		return "", false
	}
	return *p.Primary.Ident, true
}

func isSymbolName(s string) bool { return s != "" && s[0] >= 'A' && s[0] <= 'Z' }

// leadingAxis names the one axis a '..' stands for when a library block is
// checked on its own.
const leadingAxis = "Batch_"

// bindType matches an actual tensor type against a declared one, binding
// the declaration's free symbols (capitalised names that resolve to nothing)
// in sc. root says the symbols are free (the model's own inputs).
func (e *elab) bindType(tt *TensorType, sc *scope, actual *ir.Type, what string) ir.Type {
	dt, ok := ir.ParseDType(tt.DType)
	if !ok {
		e.fail(tt.Pos, "unknown element type %s (want f32, i32 or c64)%s", tt.DType, suggest(tt.DType, []string{"f32", "i32", "c64"}))
	}
	ell := -1
	for i, d := range tt.Dims {
		if d.Ellipsis {
			if ell >= 0 {
				e.fail(d.Pos, "at most one '..' per type")
			}
			ell = i
		}
	}
	if actual == nil {
		if ell >= 0 && !e.blockRoot {
			e.fail(tt.Pos, "the model's inputs need fully known ranks: '..' is not allowed here")
		}
		t := ir.Type{DType: dt, Shape: ir.Shape{}}
		for _, d := range tt.Dims {
			if name, ok := bareIdent(d.Expr); ok && isSymbolName(name) && !e.resolves(sc, name) {
				sc.vars[name] = ir.Sym(name)
			}
		}
		for _, d := range tt.Dims {
			if d.Ellipsis {
				t.Shape = append(t.Shape, ir.Sym(leadingAxis))
				continue
			}
			v := e.dimValue(d.Expr, sc)
			if v.IsConst() && v.Add < 0 {
				e.fail(d.Pos, "%s has negative dimension %d (%s)", what, v.Add, exprText(d.Expr))
			}
			t.Shape = append(t.Shape, v)
		}
		return t
	}
	if actual.DType != dt {
		e.fail(tt.Pos, "mismatched element types for %s: got %s, want %s", what, actual, tt.DType)
	}
	fixed := len(tt.Dims)
	if ell >= 0 {
		fixed--
		if len(actual.Shape) < fixed {
			e.fail(tt.Pos, "mismatched ranks for %s: got %s, want at least %d axes", what, actual.Shape, fixed)
		}
	} else if len(actual.Shape) != fixed {
		e.fail(tt.Pos, "mismatched ranks for %s: got %s, want %d axes (%s)", what, actual.Shape, fixed, typeText(tt))
	}
	// Map each declared dim to its actual axis.
	axis := func(i int) int {
		if ell >= 0 && i > ell {
			return len(actual.Shape) - (len(tt.Dims) - i)
		}
		return i
	}
	for i, d := range tt.Dims {
		if d.Ellipsis {
			continue
		}
		if name, ok := bareIdent(d.Expr); ok && isSymbolName(name) && !e.resolves(sc, name) {
			sc.vars[name] = actual.Shape[axis(i)]
		}
	}
	for i, d := range tt.Dims {
		if d.Ellipsis {
			continue
		}
		want := e.dimValue(d.Expr, sc)
		if got := actual.Shape[axis(i)]; got != want {
			e.fail(d.Pos, "mismatched shapes for %s: got %s, want %s (axis %d: %s vs %s)", what, actual.Shape, typeText(tt), axis(i), got, want)
		}
	}
	return *actual
}

func typeText(tt *TensorType) string {
	parts := make([]string, len(tt.Dims))
	for i, d := range tt.Dims {
		if d.Ellipsis {
			parts[i] = ".."
		} else {
			parts[i] = exprText(d.Expr)
		}
	}
	return tt.DType + "[" + strings.Join(parts, ", ") + "]"
}

// resolves reports whether name means something in sc other than a free symbol.
func (e *elab) resolves(sc *scope, name string) bool {
	_, ok := e.lookup(sc, name)
	return ok
}

// lowerRootFunc lowers one function of the model into the module.
func (e *elab) lowerRootFunc(inst *instance, fd *FuncDecl) {
	f := &ir.Func{Name: fd.Name}
	e.fn = &fnCtx{b: ir.NewBuilder(e.mod, &f.Body), params: map[string]*ir.Value{}, consts: map[string]*ir.Value{}}
	defer func() { e.fn = nil }()
	sc := &scope{vars: map[string]any{}, inst: inst, fs: inst.file}
	ok := e.catch(func() {
		e.checkArgNames(fd)
		for _, a := range fd.Args {
			if a.Type == nil { // an entry point is compiled once, with the defaults
				e.checkArgKind(fd, a)
				if a.Default == nil {
					e.fail(a.Pos, "%s is an entry point: its compile-time argument %s needs a default (an entry point is compiled once, with its defaults; call it from another function to choose other values)", fd.Name, a.Name)
				}
				sc.vars[a.Name] = e.compileTimeArg(fd, a, e.eval(a.Default, sc), a.Default.Pos)
				continue
			}
			if a.Default != nil {
				e.fail(a.Default.Pos, "tensor argument %s of %s cannot have a default (only compile-time arguments can)", a.Name, fd.Name)
			}
			t := e.bindType(a.Type, sc, nil, "argument "+a.Name)
			v := e.mod.NewValue(t)
			v.Name = a.Name
			f.Inputs = append(f.Inputs, v)
			sc.vars[a.Name] = &tensorVal{v}
		}
	})
	if !ok {
		return
	}
	results, ok := e.runBody(fd, sc)
	if !ok {
		return
	}
	e.catch(func() {
		for i, r := range results {
			t, isT := r.(*tensorVal)
			if !isT {
				e.fail(fd.Pos, "%s must return tensors, result %d is %s", fd.Name, i, kindOf(r))
			}
			f.Outputs = append(f.Outputs, t.v)
			name := "output"
			if len(results) > 1 {
				name = fmt.Sprintf("output_%d", i)
			}
			if i < len(fd.Results) && fd.Results[i].Name != "" {
				name = fd.Results[i].Name
			}
			f.OutNames = append(f.OutNames, name)
		}
		seen := map[string]bool{}
		for _, n := range f.OutNames {
			if seen[n] {
				e.fail(fd.Pos, "%s has two results named %s", fd.Name, n)
			}
			seen[n] = true
		}
		e.mod.Funcs = append(e.mod.Funcs, f)
	})
}

// checkArgNames rejects a function whose arguments share a name.
func (e *elab) checkArgNames(fd *FuncDecl) {
	seen := map[string]bool{}
	for _, a := range fd.Args {
		if seen[a.Name] {
			e.fail(a.Pos, "argument %s declared twice in %s", a.Name, fd.Name)
		}
		seen[a.Name] = true
	}
}

// runBody executes a function body and checks its results against the
// declared result types, read in the scope of the signature alone (the
// body's locals never change what a result type means); it returns the
// result values.
func (e *elab) runBody(fd *FuncDecl, sc *scope) ([]any, bool) {
	sig := &scope{vars: make(map[string]any, len(sc.vars)), inst: sc.inst, fs: sc.fs}
	for k, v := range sc.vars {
		sig.vars[k] = v
	}
	saved := e.retPos
	e.retPos = fd.EndPos
	defer func() { e.retPos = saved }()
	ret, returned := e.execBlock(fd.Body, sc)
	if !returned {
		if ret == nil {
			e.errs = append(e.errs, &Error{Pos: fd.EndPos, Msg: fmt.Sprintf("missing return at the end of %s", fd.Name)})
		}
		return nil, false
	}
	pos := e.retPos
	ok := e.catch(func() {
		if len(fd.Results) > 0 && len(ret) != len(fd.Results) {
			e.fail(pos, "%s returns %s, its signature declares %d", fd.Name, plural(len(ret), "value"), len(fd.Results))
		}
		for i, r := range ret {
			if isPoison(r) {
				e.abort()
			}
			if _, isT := r.(*tensorVal); !isT {
				if _, isP := r.(*paramVal); !isP {
					e.fail(pos, "%s must return tensors, result %d is %s", fd.Name, i, kindOf(r))
				}
			}
		}
		for i, r := range fd.Results {
			t := e.toTensor(ret[i], pos)
			e.bindType(r.Type, sig, &t.v.Type, fmt.Sprintf("result %d of %s", i, fd.Name))
			ret[i] = t
		}
	})
	return ret, ok
}

// checkArgKind checks the type of a compile-time argument.
func (e *elab) checkArgKind(fd *FuncDecl, a *Arg) {
	switch a.Kind {
	case "int", "float", "bool", "string":
		return
	}
	if _, ok := ir.ParseDType(a.Kind); ok {
		e.fail(a.Pos, "argument %s of %s: %s needs its shape, e.g. %s[B, L, d]", a.Name, fd.Name, a.Kind, a.Kind)
	}
	e.fail(a.Pos, "argument %s of %s has unknown type %s: a tensor (f32[B, L, d]) or a compile-time int, float, bool or string%s", a.Name, fd.Name, a.Kind,
		suggest(a.Kind, []string{"int", "float", "bool", "string", "f32", "i32", "c64"}))
}

// compileTimeArg checks a compile-time argument's value against its type.
func (e *elab) compileTimeArg(fd *FuncDecl, a *Arg, v any, pos lexer.Position) any {
	if isPoison(v) {
		e.abort()
	}
	cv, err := coerceHyper(a.Kind, v)
	if err != nil {
		e.fail(pos, "argument %s of %s: %v", a.Name, fd.Name, err)
	}
	return cv
}

// callMethod calls a block function: tensors and compile-time values by
// position, or by name (kw, with their positions in kwPos).
func (e *elab) callMethod(mv *methodVal, args []any, kw map[string]any, kwPos map[string]lexer.Position, pos lexer.Position) any {
	fd := mv.fn
	if e.fn == nil {
		e.fail(pos, "%s.%s can only be called inside a function", mv.inst.decl.Name, fd.Name)
	}
	e.depth++
	defer func() { e.depth-- }()
	if e.depth > 256 {
		e.fail(pos, "calls nested more than 256 deep: is %s recursive?", fd.Name)
	}
	names := make([]string, len(fd.Args))
	required := 0
	for i, a := range fd.Args {
		names[i] = a.Name
		if a.Type != nil || a.Default == nil {
			required = i + 1
		}
	}
	if len(args) > len(fd.Args) || (len(args) < required && len(kw) == 0) {
		if required < len(fd.Args) {
			e.fail(pos, "%s.%s takes %d to %d arguments, got %d", mv.inst.decl.Name, fd.Name, required, len(fd.Args), len(args))
		}
		e.fail(pos, "%s.%s takes %d arguments, got %d", mv.inst.decl.Name, fd.Name, len(fd.Args), len(args))
	}
	for _, k := range sortedAnyKeys(kw) {
		found := false
		for i, n := range names {
			if n == k {
				found = true
				if i < len(args) {
					e.fail(kwPos[k], "argument %s of %s.%s given twice (by position and by name)", k, mv.inst.decl.Name, fd.Name)
				}
			}
		}
		if !found {
			e.fail(kwPos[k], "%s.%s has no argument %s (it takes %s)%s", mv.inst.decl.Name, fd.Name, k, strings.Join(names, ", "), suggest(k, names))
		}
	}
	e.checkArgNames(fd)
	sc := &scope{vars: map[string]any{}, inst: mv.inst, fs: mv.inst.file}
	saved := e.fn.b
	e.fn.b = saved.In(mv.inst.path)
	defer func() { e.fn.b = saved }()
	for i, a := range fd.Args {
		var v any
		vpos := pos
		switch kv, byName := kw[a.Name]; {
		case i < len(args):
			v = args[i]
		case byName:
			v, vpos = kv, kwPos[a.Name]
		case a.Type == nil && a.Default != nil:
			func() {
				defer e.relocate(pos, fmt.Sprintf("in call to %s.%s: ", mv.inst.decl.Name, fd.Name))
				v = e.eval(a.Default, sc)
			}()
		default:
			e.fail(pos, "%s.%s: missing argument %s", mv.inst.decl.Name, fd.Name, a.Name)
		}
		if a.Type == nil {
			e.checkArgKind(fd, a)
			sc.vars[a.Name] = e.compileTimeArg(fd, a, v, vpos)
			continue
		}
		if a.Default != nil {
			e.fail(a.Default.Pos, "tensor argument %s of %s cannot have a default (only compile-time arguments can)", a.Name, fd.Name)
		}
		t := e.toTensor(v, vpos)
		func() {
			defer e.relocate(vpos, fmt.Sprintf("in call to %s.%s: ", mv.inst.decl.Name, fd.Name))
			e.bindType(a.Type, sc, &t.v.Type, "argument "+a.Name)
		}()
		sc.vars[a.Name] = t
	}
	ret, ok := e.runBody(fd, sc)
	if !ok {
		return poison{}
	}
	if len(ret) == 1 {
		return ret[0]
	}
	return list(ret)
}

// relocate moves a failure raised inside a callee's signature check to the
// call site, so the error points at the line that passed the wrong tensor.
func (e *elab) relocate(pos lexer.Position, prefix string) {
	if r := recover(); r != nil {
		if f, ok := r.(failure); ok && f.err != nil {
			panic(failure{&Error{Pos: pos, Msg: prefix + f.err.Msg}})
		}
		panic(r)
	}
}

func sortedAnyKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
