package dsl

import (
	"fmt"
	"io/fs"
	"math"
	"slices"
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
		if isTensorValue(v) { // masks: a || b is maximum(a, b)
			v = e.maskOp("||", v, e.evalAnd(t.Right, sc), x.Pos)
			continue
		}
		l := e.boolOf(v, x.Pos, "||")
		if l {
			return true
		}
		v = e.boolOf(e.evalAnd(t.Right, sc), x.Pos, "||")
	}
	return v
}

// isTensorValue reports whether v is a tensor (or a parameter).
func isTensorValue(v any) bool {
	switch v.(type) {
	case *tensorVal, *paramVal:
		return true
	}
	return false
}

// maskOp combines two masks (f32 tensors of 0 and 1): && is their
// product, || their maximum.
func (e *elab) maskOp(op string, l, r any, pos lexer.Position) any {
	if isPoison(l) || isPoison(r) {
		return poison{}
	}
	if !isTensorValue(r) {
		e.fail(pos, "operands of %s are both compile-time bools or both masks (tensors), got %s and %s", op, kindOf(l), kindOf(r))
	}
	kind := map[string]string{"&&": "mul", "||": "maximum"}[op]
	a, b := e.toTensor(l, pos).v, e.toTensor(r, pos).v
	if a.Type.DType != ir.F32 || b.Type.DType != ir.F32 {
		e.fail(pos, "%s combines masks (f32 tensors of 0.0 and 1.0, as comparisons make), got %s and %s", op, a.Type, b.Type)
	}
	return e.op1(kind, []*ir.Value{a, b}, nil, pos)
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
		if isTensorValue(v) { // masks: a && b is a * b
			v = e.maskOp("&&", v, e.evalCmp(t.Right, sc), x.Pos)
			continue
		}
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
	if isTensorValue(l) || isTensorValue(r) { // a comparison of tensors is a mask
		a, b := e.tensorOperands(op, l, r, pos)
		return e.op1(ir.CompareOps[op], []*ir.Value{a, b}, nil, pos)
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
	e.fail(pos, "cannot compare %s %s %s: comparisons are between compile-time values, or tensors (a mask)", kindOf(l), op, kindOf(r))
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
		if isTensorValue(v) { // a mask's complement
			m := e.toTensor(v, x.Pos).v
			if m.Type.DType != ir.F32 {
				e.fail(x.Pos, "! of a tensor needs a mask (f32 of 0.0 and 1.0), got %s", m.Type)
			}
			return e.op1("sub", []*ir.Value{e.constant(1, x.Pos).v, m}, nil, x.Pos)
		}
		return !e.boolOf(v, x.Pos, "!")
	}
	return v
}

var arithOps = map[string]string{"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod", "@": "matmul"}

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
	if name == "" || !(isTensorValue(l) || isTensorValue(r)) || !isTensorLike(l) || !isTensorLike(r) {
		hint := ""
		if _, isList := l.(list); isList {
			hint = ": a list of numbers is a tensor only next to one (or write tensor([...]))"
		}
		e.fail(pos, "cannot apply %s to %s and %s%s", op, kindOf(l), kindOf(r), hint)
	}
	a, b := e.tensorOperands(op, l, r, pos)
	if name == "div" && a.Type.DType == ir.I32 && b.Type.DType == ir.I32 {
		e.fail(pos, "/ of i32 tensors: cast them to f32 for a quotient (cast(x, \"f32\")); %% gives the remainder")
	}
	return e.op1(name, []*ir.Value{a, b}, nil, pos)
}

// tensorOperands converts the operands of a binary operator on tensors: a
// number next to an i32 tensor becomes an i32 constant when it is an int
// (index arithmetic: ids + 1), an f32 one otherwise; a list of numbers
// becomes a constant tensor.
func (e *elab) tensorOperands(op string, l, r any, pos lexer.Position) (*ir.Value, *ir.Value) {
	conv := func(v, other any) *ir.Value {
		if n, isInt := v.(int); isInt && isTensorValue(other) && e.typeOf(other, pos).DType == ir.I32 {
			return e.constantOf(float64(n), ir.I32, pos).v
		}
		return e.toTensor(v, pos).v
	}
	a, b := conv(l, r), conv(r, l)
	if (a.Type.DType == ir.I32) != (b.Type.DType == ir.I32) {
		name := arithOps[op]
		if name == "" {
			name = ir.CompareOps[op]
		}
		if name == "" {
			name = op
		}
		e.fail(pos, "mismatched element types in %s: %s vs %s (convert one with cast(x, \"f32\") or cast(x, \"i32\"))", name, a.Type, b.Type)
	}
	return a, b
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
	switch x := v.(type) {
	case *tensorVal, *paramVal, int, float64:
		return true
	case list:
		_, _, _, ok := numericList(x)
		return ok
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
	case list:
		return e.literal(x, "", pos)
	case poison:
		e.abort()
	}
	e.fail(pos, "expected a tensor, got %s", kindOf(v))
	return nil
}

func (e *elab) constant(f float64, pos lexer.Position) *tensorVal {
	return e.constantOf(f, ir.F32, pos)
}

// constantOf is a scalar constant of element type dt (f32 or i32), made
// once per function.
func (e *elab) constantOf(f float64, dt ir.DType, pos lexer.Position) *tensorVal {
	if e.fn == nil {
		e.fail(pos, "tensor constant outside a function")
	}
	key := strconv.FormatFloat(f, 'g', -1, 64)
	attrs := ir.Attrs{"value": f}
	if dt == ir.I32 {
		key += " i32"
		attrs["dtype"] = "i32"
	}
	if c := e.fn.consts[key]; c != nil {
		return &tensorVal{c}
	}
	c := e.op1v("const", nil, attrs, pos)
	e.fn.consts[key] = c
	return &tensorVal{c}
}

// numericList reads a (nested, rectangular) list of numbers: its values in
// row-major order and its shape. ok is false for anything else.
func numericList(l list) (vals []float64, shape []int, isInt, ok bool) {
	if len(l) == 0 {
		return nil, nil, false, false
	}
	isInt = true
	if _, nested := l[0].(list); nested {
		var inner []int
		for i, x := range l {
			sub, isList := x.(list)
			if !isList {
				return nil, nil, false, false
			}
			v, s, in, ok := numericList(sub)
			if !ok || (i > 0 && !slices.Equal(s, inner)) {
				return nil, nil, false, false
			}
			inner, isInt = s, isInt && in
			vals = append(vals, v...)
		}
		return vals, append([]int{len(l)}, inner...), isInt, true
	}
	for _, x := range l {
		switch n := x.(type) {
		case int:
			vals = append(vals, float64(n))
		case float64:
			vals = append(vals, n)
			isInt = false
		default:
			return nil, nil, false, false
		}
	}
	return vals, []int{len(l)}, isInt, true
}

// literal makes a constant tensor of a list of numbers (nested lists for
// more axes): i32 when every number is an int, f32 otherwise, or dtype.
func (e *elab) literal(l list, dtype string, pos lexer.Position) *tensorVal {
	vals, shape, isInt, ok := numericList(l)
	if !ok {
		for _, x := range l {
			if isTensorValue(x) {
				e.fail(pos, "a list of tensors is not a tensor: stack(xs, axis: 0) or concat(xs, axis: 0) joins them")
			}
		}
		e.fail(pos, "a list used as a tensor must hold numbers (nested lists of equal lengths for more axes), got %s", formatValue(l))
	}
	e.work(pos, len(vals), "a tensor literal")
	if dtype == "" {
		dtype = "f32"
		if isInt {
			dtype = "i32"
		}
	}
	s := make(ir.Shape, len(shape))
	for i, d := range shape {
		s[i] = ir.Const(d)
	}
	attrs := ir.Attrs{"values": vals, "shape": s}
	if dtype != "f32" {
		attrs["dtype"] = dtype
	}
	return e.op1("literal", nil, attrs, pos)
}

// op builds an IR op at pos, turning a type error into a positioned error.
func (e *elab) op(kind string, args []*ir.Value, attrs ir.Attrs, region *ir.Region, pos lexer.Position) []*ir.Value {
	if e.fn == nil {
		e.fail(pos, "%s can only be used inside a function", kind)
	}
	e.countOp(pos)
	rs, err := e.fn.b.At(irPos(pos)).Build(kind, args, attrs, region)
	if err != nil {
		if c, ok := e.carryCause(args); ok && region == nil {
			// The body is typed from the carries' initial values: the
			// mistake may be there as much as here.
			e.errs = append(e.errs, &Error{Pos: c.pos, Msg: fmt.Sprintf("the scan's carry %s starts as %s here; its body fails with it at line %d: %v", c.name, c.typ, pos.Line, err)})
			e.fail(pos, "%v (%s derives from the scan's carry %s, whose initial value at line %d is %s)", err, kind, c.name, c.pos.Line, c.typ)
		}
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
			e.fail(p.Pos, "undefined: %s%s", *p.Ident, suggest(*p.Ident, e.namesInScope(sc)))
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
	for i, op := range p.Ops {
		if isPoison(v) {
			return v
		}
		switch {
		case op.Field != nil:
			v = e.field(v, *op.Field, op.Pos)
		case op.Call != nil:
			if i == 0 && p.Primary.Ident != nil {
				v = e.callee(*p.Primary.Ident, v, op.Pos)
			}
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

// callee resolves a name that is called. A module is never callable, so
// a call of a name that is both an imported module and a builtin (import
// "std/ssm", then ssm(x, a, b, c)) is the builtin; ssm.Mamba is the
// module's. Other names that hide a builtin and cannot be called say so.
func (e *elab) callee(name string, v any, pos lexer.Position) any {
	switch x := v.(type) {
	case *builtinVal, *declVal, *methodVal, *instance, *initFn, poison:
		return v
	case *moduleVal:
		if builtins[name] != nil {
			return &builtinVal{name: name}
		}
		e.fail(pos, "cannot call module %s (%s): call one of its blocks, %s.NAME(...)", name, x.file.file.Path, name)
	}
	if builtins[name] != nil {
		e.fail(pos, "cannot call %s: here %s is %s, which hides the builtin %s (rename it)", name, name, kindOf(v), name)
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
		var names []string
		for k := range x.members {
			names = append(names, k)
		}
		for k := range x.methods {
			names = append(names, k)
		}
		e.fail(pos, "%s has no member %s%s", x.decl.Name, name, suggest(name, names))
	case *moduleVal:
		if d := x.file.decls[name]; d != nil {
			return &declVal{decl: d, file: x.file}
		}
		var names []string
		for k := range x.file.decls {
			names = append(names, k)
		}
		e.fail(pos, "undefined: %s in %s%s", name, x.file.file.Path, suggest(name, names))
	case initNS:
		if _, ok := ir.Initializers[name]; !ok {
			var names []string
			for k := range ir.Initializers {
				names = append(names, k)
			}
			e.fail(pos, "unknown initialiser init.%s%s", name, suggest(name, names))
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
	if l, isList := v.(list); isList && len(l) > 0 { // a mixer with several results
		v = l[0]
	}
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
