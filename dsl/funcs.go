package dsl

import (
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/seqc-dev/seqc/ir"
)

// tensorType evaluates a declared type whose dimensions are all known
// (parameters, results after binding).
func (e *elab) tensorType(tt *TensorType, sc *scope) ir.Type {
	dt, ok := ir.ParseDType(tt.DType)
	if !ok {
		e.fail(tt.Pos, "unknown element type %s (want f32, i32 or c64)", tt.DType)
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
		e.fail(tt.Pos, "unknown element type %s (want f32, i32 or c64)", tt.DType)
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

// callMethod calls a block function with tensor arguments.
func (e *elab) callMethod(mv *methodVal, args []any, pos lexer.Position) any {
	fd := mv.fn
	if e.fn == nil {
		e.fail(pos, "%s.%s can only be called inside a function", mv.inst.decl.Name, fd.Name)
	}
	e.depth++
	defer func() { e.depth-- }()
	if e.depth > 256 {
		e.fail(pos, "calls nested more than 256 deep: is %s recursive?", fd.Name)
	}
	if len(args) != len(fd.Args) {
		e.fail(pos, "%s.%s takes %d arguments, got %d", mv.inst.decl.Name, fd.Name, len(fd.Args), len(args))
	}
	e.checkArgNames(fd)
	sc := &scope{vars: map[string]any{}, inst: mv.inst, fs: mv.inst.file}
	saved := e.fn.b
	e.fn.b = saved.In(mv.inst.path)
	defer func() { e.fn.b = saved }()
	for i, a := range fd.Args {
		t := e.toTensor(args[i], pos)
		func() {
			defer e.relocate(pos, fmt.Sprintf("in call to %s.%s: ", mv.inst.decl.Name, fd.Name))
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
