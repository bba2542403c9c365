package dsl

import (
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/stdlib"
)

// eval evaluates an expression to a compile-time value or a tensor.
func (e *elab) eval(x *Expr, sc *scope) any {
	v := e.evalAnd(x.Left, sc)
	for _, t := range x.Rest {
		l := e.boolOf(v, x.Pos, "||")
		if l {
			return true
		}
		v = e.boolOf(e.evalAnd(t.Right, sc), x.Pos, "||")
	}
	return v
}

func (e *elab) boolOf(v any, pos lexer.Position, op string) bool {
	b, ok := v.(bool)
	if !ok {
		if _, p := v.(poison); p {
			e.abort()
		}
		e.fail(pos, "operand of %s must be a compile-time bool, got %s", op, kindOf(v))
	}
	return b
}

func (e *elab) evalAnd(x *AndExpr, sc *scope) any {
	v := e.evalCmp(x.Left, sc)
	for _, t := range x.Rest {
		if !e.boolOf(v, x.Pos, "&&") {
			return false
		}
		v = e.boolOf(e.evalCmp(t.Right, sc), x.Pos, "&&")
	}
	return v
}

func (e *elab) evalCmp(x *CmpExpr, sc *scope) any {
	l := e.evalRange(x.Left, sc)
	if x.Op == "" {
		return l
	}
	r := e.evalRange(x.Right, sc)
	return e.compare(x.Op, l, r, x.Pos)
}

func (e *elab) compare(op string, l, r any, pos lexer.Position) any {
	if isPoison(l) || isPoison(r) {
		e.abort()
	}
	if lf, ok := num(l); ok {
		if rf, ok := num(r); ok {
			switch op {
			case "==":
				return lf == rf
			case "!=":
				return lf != rf
			case "<":
				return lf < rf
			case "<=":
				return lf <= rf
			case ">":
				return lf > rf
			case ">=":
				return lf >= rf
			}
		}
	}
	if op == "==" || op == "!=" {
		switch l.(type) {
		case string, bool, ir.Dim, noneVal:
			eq := l == r
			if op == "==" {
				return eq
			}
			return !eq
		}
	}
	e.fail(pos, "cannot compare %s %s %s: comparisons are between compile-time values", kindOf(l), op, kindOf(r))
	return nil
}

func isPoison(v any) bool { _, ok := v.(poison); return ok }

// checkedInt computes l op r (+, - or *) and reports whether it fits in an
// int without overflow: sizes of billions multiplied together must be an
// error, never a wrapped or negative size.
func checkedInt(op string, l, r int) (int, bool) {
	switch op {
	case "+":
		s := l + r
		return s, (s > l) == (r > 0)
	case "-":
		d := l - r
		return d, (d < l) == (r > 0)
	case "*":
		if l == 0 || r == 0 {
			return 0, true
		}
		p := l * r
		return p, p/r == l && !(l == -1 && r == math.MinInt) && !(r == -1 && l == math.MinInt)
	}
	return 0, false
}

// num returns a compile-time number as float64.
func num(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func (e *elab) evalRange(x *RangeExpr, sc *scope) any {
	l := e.evalAdd(x.Left, sc)
	if x.Hi == nil {
		return l
	}
	h := e.evalAdd(x.Hi, sc)
	lo, ok1 := l.(int)
	hi, ok2 := h.(int)
	if !ok1 || !ok2 {
		e.fail(x.Pos, "range bounds must be ints, got %s and %s", kindOf(l), kindOf(h))
	}
	return rangeVal{lo, hi}
}

func (e *elab) evalAdd(x *AddExpr, sc *scope) any {
	v := e.evalMul(x.Left, sc)
	for _, t := range x.Rest {
		v = e.arith(t.Op, v, e.evalMul(t.Right, sc), t.Pos)
	}
	return v
}

func (e *elab) evalMul(x *MulExpr, sc *scope) any {
	v := e.evalUnary(x.Left, sc)
	for _, t := range x.Rest {
		v = e.arith(t.Op, v, e.evalUnary(t.Right, sc), t.Pos)
	}
	return v
}

func (e *elab) evalUnary(x *Unary, sc *scope) any {
	if x.Op == "" {
		return e.evalPostfix(x.Operand, sc)
	}
	v := e.evalUnary(x.Inner, sc)
	switch x.Op {
	case "-":
		switch n := v.(type) {
		case int:
			return -n
		case float64:
			return -n
		case ir.Dim:
			return ir.ScaleDim(n, -1, 1)
		case poison:
			return v
		}
		return e.op1("neg", []*ir.Value{e.toTensor(v, x.Pos).v}, nil, x.Pos)
	case "!":
		return !e.boolOf(v, x.Pos, "!")
	}
	return v
}

var arithOps = map[string]string{"+": "add", "-": "sub", "*": "mul", "/": "div", "@": "matmul"}

// arith applies a binary arithmetic operator: folded for compile-time
// values, dimension arithmetic for dims, an IR op for tensors.
func (e *elab) arith(op string, l, r any, pos lexer.Position) any {
	if isPoison(l) || isPoison(r) {
		return poison{}
	}
	li, lInt := l.(int)
	ri, rInt := r.(int)
	if lInt && rInt {
		switch op {
		case "+", "-", "*":
			n, ok := checkedInt(op, li, ri)
			if !ok {
				e.fail(pos, "integer overflow: %d %s %d does not fit in 64 bits", li, op, ri)
			}
			return n
		case "%", "/":
			if ri == 0 {
				e.fail(pos, "division by zero")
			}
			if op == "%" {
				return li % ri
			}
			if li%ri == 0 {
				return li / ri
			}
			return float64(li) / float64(ri)
		}
	}
	lf, lNum := num(l)
	rf, rNum := num(r)
	if lNum && rNum {
		switch op {
		case "+":
			return lf + rf
		case "-":
			return lf - rf
		case "*":
			return lf * rf
		case "/":
			return lf / rf
		case "%":
			return math.Mod(lf, rf)
		}
	}
	if ll, ok := l.(list); ok && op == "+" {
		if rl, ok := r.(list); ok {
			e.work(pos, len(ll)+len(rl), "list concatenation")
			return append(append(list{}, ll...), rl...)
		}
	}
	if ls, ok := l.(string); ok && op == "+" {
		if rs, ok := r.(string); ok {
			e.work(pos, (len(ls)+len(rs))/16, "string concatenation")
			return ls + rs
		}
	}
	if d, ok := e.dimArith(op, l, r, pos); ok {
		return d
	}
	name := arithOps[op]
	if name == "" || !isTensorLike(l) || !isTensorLike(r) {
		e.fail(pos, "cannot apply %s to %s and %s", op, kindOf(l), kindOf(r))
	}
	return e.op1(name, []*ir.Value{e.toTensor(l, pos).v, e.toTensor(r, pos).v}, nil, pos)
}

func (e *elab) dimArith(op string, l, r any, pos lexer.Position) (any, bool) {
	ld, lDim := l.(ir.Dim)
	rd, rDim := r.(ir.Dim)
	if !lDim && !rDim {
		return nil, false
	}
	if !lDim {
		n, ok := l.(int)
		if !ok {
			return nil, false
		}
		ld = ir.Const(n)
	}
	if !rDim {
		n, ok := r.(int)
		if !ok {
			return nil, false
		}
		rd = ir.Const(n)
	}
	var d ir.Dim
	var err error
	switch op {
	case "+":
		d, err = ir.AddDims(ld, rd)
	case "-":
		d, err = ir.SubDims(ld, rd)
	case "*":
		d, err = ir.MulDims(ld, rd)
	case "/":
		if !rd.IsConst() {
			err = fmt.Errorf("cannot divide by symbolic dimension %s", rd)
		} else {
			d, err = ir.DivDim(ld, rd.Add)
		}
	default:
		err = fmt.Errorf("operator %s is not defined on dimensions", op)
	}
	if err != nil {
		e.fail(pos, "%v", err)
	}
	if d.IsConst() {
		return d.Add, true
	}
	return d, true
}

func isTensorLike(v any) bool {
	switch v.(type) {
	case *tensorVal, *paramVal, int, float64:
		return true
	}
	return false
}

// toTensor converts a value used as a tensor: parameters become param ops
// (once per function), numbers become scalar constants.
func (e *elab) toTensor(v any, pos lexer.Position) *tensorVal {
	switch x := v.(type) {
	case *tensorVal:
		return x
	case *paramVal:
		if e.fn == nil {
			e.fail(pos, "parameter %s used outside a function", x.p.Name)
		}
		name := x.p.Name
		if x.p.TiedTo != "" {
			name = x.p.TiedTo
		}
		if pv := e.fn.params[name]; pv != nil {
			return &tensorVal{pv}
		}
		pv := e.op1v("param", nil, ir.Attrs{"name": name}, pos)
		e.fn.params[name] = pv
		return &tensorVal{pv}
	case int:
		return e.constant(float64(x), pos)
	case float64:
		return e.constant(x, pos)
	case poison:
		e.abort()
	}
	e.fail(pos, "expected a tensor, got %s", kindOf(v))
	return nil
}

func (e *elab) constant(f float64, pos lexer.Position) *tensorVal {
	if e.fn == nil {
		e.fail(pos, "tensor constant outside a function")
	}
	key := strconv.FormatFloat(f, 'g', -1, 64)
	if c := e.fn.consts[key]; c != nil {
		return &tensorVal{c}
	}
	c := e.op1v("const", nil, ir.Attrs{"value": f}, pos)
	e.fn.consts[key] = c
	return &tensorVal{c}
}

// op builds an IR op at pos, turning a type error into a positioned error.
func (e *elab) op(kind string, args []*ir.Value, attrs ir.Attrs, region *ir.Region, pos lexer.Position) []*ir.Value {
	if e.fn == nil {
		e.fail(pos, "%s can only be used inside a function", kind)
	}
	e.countOp(pos)
	rs, err := e.fn.b.At(irPos(pos)).Build(kind, args, attrs, region)
	if err != nil {
		e.fail(pos, "%v", err)
	}
	return rs
}

func (e *elab) op1v(kind string, args []*ir.Value, attrs ir.Attrs, pos lexer.Position) *ir.Value {
	return e.op(kind, args, attrs, nil, pos)[0]
}

func (e *elab) op1(kind string, args []*ir.Value, attrs ir.Attrs, pos lexer.Position) *tensorVal {
	return &tensorVal{e.op1v(kind, args, attrs, pos)}
}

func (e *elab) evalPrimary(p *Primary, sc *scope) any {
	switch {
	case p.Int != nil:
		n, err := strconv.Atoi(*p.Int)
		if err != nil {
			e.fail(p.Pos, "integer %s out of range", *p.Int)
		}
		return n
	case p.Float != nil:
		f, err := strconv.ParseFloat(*p.Float, 64)
		if err != nil {
			e.fail(p.Pos, "bad float %s", *p.Float)
		}
		return f
	case p.String != nil:
		return *p.String
	case p.Bool != nil:
		return *p.Bool == "true"
	case p.None:
		return noneVal{}
	case p.Paren != nil:
		return e.eval(p.Paren, sc)
	case p.List != nil:
		return e.evalList(p.List, sc)
	case p.Scan != nil:
		return e.evalScan(p.Scan, sc)
	case p.Ident != nil:
		v, ok := e.lookup(sc, *p.Ident)
		if !ok {
			e.fail(p.Pos, "undefined: %s", *p.Ident)
		}
		return v
	}
	e.fail(p.Pos, "empty expression")
	return nil
}

// evalList evaluates a list literal or comprehension. In a field, each
// element that creates a block gets the checkpoint path FIELD.INDEX.
func (e *elab) evalList(l *ListExpr, sc *scope) any {
	base, flat := e.pathCtx, e.flatList
	e.flatList = false
	defer func() { e.flatList = flat }()
	item := func(i int, x *Expr) any {
		if base != nil && !flat {
			p := joinPath(*base, strconv.Itoa(i))
			e.pathCtx = &p
			defer func() { e.pathCtx = base }()
		}
		return e.eval(x, sc)
	}
	if l.For != nil {
		if len(l.More) > 0 {
			e.fail(l.Pos, "a list comprehension has one element expression")
		}
		iters := e.iterate(l.Iter, sc)
		e.work(l.Pos, len(iters), "a list comprehension")
		out := make(list, len(iters))
		saved, had := sc.vars[*l.For]
		for i, it := range iters {
			sc.vars[*l.For] = it
			out[i] = item(i, l.Items[0])
		}
		if had {
			sc.vars[*l.For] = saved
		} else {
			delete(sc.vars, *l.For)
		}
		return out
	}
	exprs := append(append([]*Expr{}, l.Items...), l.More...)
	e.work(l.Pos, len(exprs), "a list")
	out := make(list, len(exprs))
	for i, x := range exprs {
		out[i] = item(i, x)
	}
	return out
}

func (e *elab) evalPostfix(p *Postfix, sc *scope) any {
	v := e.evalPrimary(p.Primary, sc)
	for _, op := range p.Ops {
		if isPoison(v) {
			return v
		}
		switch {
		case op.Field != nil:
			v = e.field(v, *op.Field, op.Pos)
		case op.Call != nil:
			v = e.call(v, op.Call, sc, op.Pos)
		case op.Index != nil:
			v = e.index(v, op.Index, sc, op.Pos)
		}
	}
	for _, h := range p.Hints {
		e.hint(v, h, sc)
	}
	return v
}

func (e *elab) field(v any, name string, pos lexer.Position) any {
	switch x := v.(type) {
	case *instance:
		if m, ok := x.members[name]; ok {
			return m
		}
		if f := x.methods[name]; f != nil {
			return &methodVal{inst: x, fn: f}
		}
		e.fail(pos, "%s has no member %s", x.decl.Name, name)
	case *moduleVal:
		if d := x.file.decls[name]; d != nil {
			return &declVal{decl: d, file: x.file}
		}
		e.fail(pos, "undefined: %s in %s", name, x.file.file.Path)
	case initNS:
		if _, ok := ir.Initializers[name]; !ok {
			e.fail(pos, "unknown initialiser init.%s", name)
		}
		return &initFn{name: name}
	case *builtinVal:
		if _, err := fs.Stat(stdlib.FS, x.name+".seq"); err == nil {
			e.fail(pos, "%s.%s: %s is the builtin %s; to use the library's %s, add import \"std/%s\"", x.name, name, x.name, x.name, name, x.name)
		}
	case *tensorVal, *paramVal:
		if name == "shape" {
			t := e.typeOf(v, pos)
			out := make(list, len(t.Shape))
			for i, d := range t.Shape {
				if d.IsConst() {
					out[i] = d.Add
				} else {
					out[i] = d
				}
			}
			return out
		}
		e.fail(pos, "tensors have no field %s (only .shape)", name)
	}
	e.fail(pos, "%s has no field %s", kindOf(v), name)
	return nil
}

func (e *elab) typeOf(v any, pos lexer.Position) ir.Type {
	switch x := v.(type) {
	case *tensorVal:
		return x.v.Type
	case *paramVal:
		return x.p.Type
	}
	e.fail(pos, "expected a tensor, got %s", kindOf(v))
	return ir.Type{}
}

// hint applies @mode(...) or @chunk(...) to the op that produced v.
func (e *elab) hint(v any, h *Hint, sc *scope) {
	t, ok := v.(*tensorVal)
	if !ok || t.v.Def == nil {
		e.fail(h.Pos, "%s applies to the result of a sequence mixer, got %s", h.Name, kindOf(v))
	}
	op := t.v.Def
	modes := ir.OpModes(op)
	if modes == nil {
		e.fail(h.Pos, "%s applies to a sequence mixer (ssm, conv, attention, ...), not to %s", h.Name, op.Kind)
	}
	switch h.Name {
	case "@mode":
		word, ok := bareIdent(h.Arg)
		if !ok {
			e.fail(h.Arg.Pos, "@mode takes a mode name, e.g. @mode(scan)")
		}
		canon, known := ir.CanonicalMode(word)
		if canon == "auto" {
			return
		}
		for _, m := range modes {
			if m == canon {
				op.Attrs["mode"] = canon
				return
			}
		}
		if known && canon == ir.ModeConv && op.Kind == "ssm" {
			e.fail(h.Arg.Pos, "@mode(conv) needs a time-invariant ssm (a, b and c without a sequence axis); this one has modes %v", modes)
		}
		e.fail(h.Arg.Pos, "%s has no mode %q (modes: auto, %s)", op.Kind, word, strings.Join(modes, ", "))
	case "@chunk":
		n, ok := e.eval(h.Arg, sc).(int)
		if !ok || n < 1 {
			e.fail(h.Arg.Pos, "@chunk takes a positive int")
		}
		if op.Info().Attr("chunk") == nil {
			e.fail(h.Pos, "%s has no chunked form", op.Kind)
		}
		op.Attrs["chunk"] = n
	}
}
