package ir

import (
	"fmt"
	"strconv"
	"strings"
)

// Parse reads the IR text syntax produced by (*Module).Format and verifies
// the result. parse(print(m)) prints the same text.
func Parse(src string) (m *Module, err error) {
	p := &parser{src: src, line: 1}
	defer func() {
		if r := recover(); r != nil {
			pe, ok := r.(parseError)
			if !ok {
				panic(r)
			}
			m, err = nil, pe
		}
	}()
	m = p.module()
	if err := Verify(m); err != nil {
		return nil, err
	}
	return m, nil
}

type parseError struct {
	line int
	msg  string
}

func (e parseError) Error() string { return fmt.Sprintf("ir:%d: %s", e.line, e.msg) }

type parser struct {
	src  string
	i    int
	line int
	vals map[int]*Value
	m    *Module
}

func (p *parser) fail(format string, args ...any) {
	panic(parseError{p.line, fmt.Sprintf(format, args...)})
}

func (p *parser) skip() {
	for p.i < len(p.src) {
		switch c := p.src[p.i]; c {
		case '\n':
			p.line++
			p.i++
		case ' ', '\t', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) peek() byte {
	p.skip()
	if p.i >= len(p.src) {
		return 0
	}
	return p.src[p.i]
}

func (p *parser) accept(s string) bool {
	p.skip()
	if strings.HasPrefix(p.src[p.i:], s) {
		if isWordByte(s[len(s)-1]) && p.i+len(s) < len(p.src) && isWordByte(p.src[p.i+len(s)]) {
			return false
		}
		p.i += len(s)
		return true
	}
	return false
}

func (p *parser) expect(s string) {
	if !p.accept(s) {
		p.fail("expected %q, found %s", s, p.near())
	}
}

func (p *parser) near() string {
	p.skip()
	if p.i >= len(p.src) {
		return "end of input"
	}
	end := min(p.i+12, len(p.src))
	return strconv.Quote(p.src[p.i:end])
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (p *parser) ident() string {
	p.skip()
	j := p.i
	for j < len(p.src) && isWordByte(p.src[j]) {
		j++
	}
	if j == p.i || (p.src[p.i] >= '0' && p.src[p.i] <= '9') {
		p.fail("expected a name, found %s", p.near())
	}
	s := p.src[p.i:j]
	p.i = j
	return s
}

func (p *parser) str() string {
	p.skip()
	if p.i >= len(p.src) || p.src[p.i] != '"' {
		p.fail("expected a string, found %s", p.near())
	}
	j := p.i + 1
	for j < len(p.src) && p.src[j] != '"' {
		if p.src[j] == '\\' {
			j++
		}
		if j < len(p.src) && p.src[j] == '\n' {
			p.fail("newline in string")
		}
		j++
	}
	if j >= len(p.src) {
		p.fail("unterminated string")
	}
	s, err := strconv.Unquote(p.src[p.i : j+1])
	if err != nil {
		p.fail("bad string: %v", err)
	}
	p.i = j + 1
	return s
}

// number reads an integer or float literal; isFloat tells which.
func (p *parser) number() (text string, isFloat bool) {
	p.skip()
	j := p.i
	if j < len(p.src) && (p.src[j] == '-' || p.src[j] == '+') {
		j++
	}
	start := j
	for j < len(p.src) {
		c := p.src[j]
		switch {
		case c >= '0' && c <= '9':
		case c == '.' || c == 'e' || c == 'E':
			isFloat = true
		case (c == '-' || c == '+') && (p.src[j-1] == 'e' || p.src[j-1] == 'E'):
		default:
			goto done
		}
		j++
	}
done:
	if j == start {
		for _, w := range []string{"NaN", "Inf"} {
			if strings.HasPrefix(p.src[start:], w) {
				j = start + len(w)
				isFloat = true
			}
		}
		if j == start {
			p.fail("expected a number, found %s", p.near())
		}
	}
	text = p.src[p.i:j]
	p.i = j
	return text, isFloat
}

func (p *parser) integer() int {
	t, f := p.number()
	n, err := strconv.Atoi(t)
	if f || err != nil {
		p.fail("expected an integer, found %q", t)
	}
	return n
}

func (p *parser) isNumberStart() bool {
	c := p.peek()
	if c == '-' || c == '+' {
		return p.i+1 < len(p.src) && p.src[p.i+1] >= '0' && p.src[p.i+1] <= '9'
	}
	return c >= '0' && c <= '9'
}

func (p *parser) dim() Dim {
	if p.isNumberStart() {
		n := p.integer()
		if p.accept("*") {
			d := Sym(p.ident())
			d.Mul = n
			return p.dimTail(d)
		}
		return Const(n)
	}
	return p.dimTail(Sym(p.ident()))
}

func (p *parser) dimTail(d Dim) Dim {
	if p.accept("/") {
		d.Div = p.integer()
		if d.Div <= 0 {
			p.fail("bad divisor in dimension")
		}
	}
	if p.isNumberStart() {
		d.Add = p.integer()
	}
	if d.Mul == 0 {
		p.fail("zero coefficient in dimension")
	}
	return norm(d)
}

func (p *parser) shape() Shape {
	p.expect("[")
	s := Shape{}
	for !p.accept("]") {
		if len(s) > 0 {
			p.expect(",")
		}
		s = append(s, p.dim())
	}
	return s
}

func (p *parser) typ() Type {
	name := p.ident()
	dt, ok := ParseDType(name)
	if !ok {
		p.fail("unknown element type %q", name)
	}
	return Type{dt, p.shape()}
}

func (p *parser) pos() Pos {
	if !p.accept("@") {
		return Pos{}
	}
	j := p.i
	for j < len(p.src) && p.src[j] != ' ' && p.src[j] != '\n' && p.src[j] != '\t' {
		j++
	}
	s := p.src[p.i:j]
	p.i = j
	parts := strings.Split(s, ":")
	if len(parts) < 3 {
		p.fail("bad position %q", s)
	}
	line, err1 := strconv.Atoi(parts[len(parts)-2])
	col, err2 := strconv.Atoi(parts[len(parts)-1])
	if err1 != nil || err2 != nil {
		p.fail("bad position %q", s)
	}
	return Pos{File: strings.Join(parts[:len(parts)-2], ":"), Line: line, Col: col}
}

func (p *parser) scalar() any {
	switch c := p.peek(); {
	case c == '"':
		return p.str()
	case p.accept("true"):
		return true
	case p.accept("false"):
		return false
	case c == '[':
		// A list of ints, or of floats (each printed with a '.' or an
		// exponent): the first element decides.
		p.expect("[")
		xs := []int{}
		var fs []float64
		for n := 0; !p.accept("]"); n++ {
			if n > 0 {
				p.expect(",")
			}
			t, isFloat := p.number()
			switch {
			case n == 0 && isFloat:
				fs = []float64{}
			case (fs != nil) != isFloat:
				p.fail("a list mixes ints and floats near %q", t)
			}
			if isFloat {
				f, err := strconv.ParseFloat(t, 64)
				if err != nil {
					p.fail("bad float %q", t)
				}
				fs = append(fs, f)
				continue
			}
			v, err := strconv.Atoi(t)
			if err != nil {
				p.fail("bad integer %q", t)
			}
			xs = append(xs, v)
		}
		if fs != nil {
			return fs
		}
		return xs
	case c == '#':
		p.expect("#")
		if p.peek() == '[' {
			return p.shape()
		}
		return p.dim()
	}
	t, isFloat := p.number()
	if isFloat {
		f, err := strconv.ParseFloat(t, 64)
		if err != nil {
			p.fail("bad float %q", t)
		}
		return f
	}
	n, err := strconv.Atoi(t)
	if err != nil {
		p.fail("bad integer %q", t)
	}
	return n
}

func (p *parser) module() *Module {
	p.m = &Module{}
	p.vals = map[int]*Value{}
	p.expect("module")
	if p.peek() == '"' {
		p.m.Name = p.str()
	} else {
		p.m.Name = p.ident()
	}
	for p.accept("hyper") {
		h := Hyper{Name: p.ident()}
		p.expect(":")
		h.Kind = p.ident()
		p.expect("=")
		h.Value = p.scalar()
		p.m.Hypers = append(p.m.Hypers, h)
	}
	for p.accept("param") {
		prm := &Param{Name: p.str()}
		p.expect(":")
		prm.Type = p.typ()
		if p.accept("init") {
			prm.Init = p.str()
		}
		if p.accept("tied") {
			prm.TiedTo = p.str()
		}
		prm.Pos = p.pos()
		p.m.Params = append(p.m.Params, prm)
	}
	for p.accept("func") {
		p.m.Funcs = append(p.m.Funcs, p.fn())
	}
	if p.peek() != 0 {
		p.fail("unexpected %s", p.near())
	}
	p.m.nextID = 0
	for id := range p.vals {
		p.m.nextID = max(p.m.nextID, id)
	}
	return p.m
}

func (p *parser) ref() *Value {
	p.expect("%")
	id := p.integer()
	v, ok := p.vals[id]
	if !ok {
		p.fail("value %%%d is used before it is defined", id)
	}
	return v
}

func (p *parser) define(id int, t Type) *Value {
	if _, dup := p.vals[id]; dup {
		p.fail("value %%%d is defined twice", id)
	}
	v := &Value{ID: id, Type: t}
	p.vals[id] = v
	return v
}

func (p *parser) fn() *Func {
	f := &Func{Name: p.ident()}
	p.expect("(")
	for !p.accept(")") {
		if len(f.Inputs) > 0 {
			p.expect(",")
		}
		p.expect("%")
		id := p.integer()
		name := p.ident()
		p.expect(":")
		v := p.define(id, p.typ())
		v.Name = name
		f.Inputs = append(f.Inputs, v)
	}
	p.expect("->")
	p.expect("(")
	var outTypes []Type
	for !p.accept(")") {
		if len(f.OutNames) > 0 {
			p.expect(",")
		}
		f.OutNames = append(f.OutNames, p.ident())
		p.expect(":")
		outTypes = append(outTypes, p.typ())
	}
	p.expect("{")
	f.Body = p.body()
	p.expect("return")
	f.Outputs = p.refs()
	p.expect("}")
	if len(f.Outputs) != len(outTypes) {
		p.fail("func %s declares %d results but returns %d", f.Name, len(outTypes), len(f.Outputs))
	}
	for i, v := range f.Outputs {
		if !v.Type.Equal(outTypes[i]) {
			p.fail("func %s result %s declared %s but returns %s", f.Name, f.OutNames[i], outTypes[i], v.Type)
		}
	}
	return f
}

func (p *parser) refs() []*Value {
	vs := []*Value{p.ref()}
	for p.accept(",") {
		vs = append(vs, p.ref())
	}
	return vs
}

func (p *parser) body() []*Op {
	var ops []*Op
	for p.peek() == '%' {
		ops = append(ops, p.op())
	}
	return ops
}

func (p *parser) op() *Op {
	var ids []int
	for {
		p.expect("%")
		ids = append(ids, p.integer())
		if !p.accept(",") {
			break
		}
	}
	p.expect("=")
	op := &Op{Kind: p.ident(), Attrs: Attrs{}}
	if Lookup(op.Kind) == nil {
		p.fail("unknown op %q", op.Kind)
	}
	if p.peek() == '%' {
		op.Args = p.refs()
	}
	if p.accept("{") {
		for !p.accept("}") {
			if len(op.Attrs) > 0 {
				p.expect(",")
			}
			k := p.ident()
			p.expect("=")
			if _, dup := op.Attrs[k]; dup {
				p.fail("attribute %s given twice", k)
			}
			op.Attrs[k] = p.scalar()
		}
	}
	p.expect(":")
	var types []Type
	for {
		types = append(types, p.typ())
		if !p.accept(",") {
			break
		}
	}
	if len(types) != len(ids) {
		p.fail("%s defines %d values but lists %d types", op.Kind, len(ids), len(types))
	}
	op.Pos = p.pos()
	if p.accept("{") {
		r := &Region{}
		p.expect("^")
		p.expect("(")
		for !p.accept(")") {
			if len(r.Args) > 0 {
				p.expect(",")
			}
			p.expect("%")
			id := p.integer()
			p.expect(":")
			r.Args = append(r.Args, p.define(id, p.typ()))
		}
		p.expect(":")
		r.Body = p.body()
		p.expect("yield")
		r.Yields = p.refs()
		p.expect("}")
		op.Region = r
	}
	for i, id := range ids {
		v := p.define(id, types[i])
		v.Def, v.Index = op, i
		op.Results = append(op.Results, v)
	}
	return op
}
