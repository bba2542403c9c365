package dsl

import (
	"fmt"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/seqc-dev/seqc/ir"
)

// scanCarry is a carry of a scan being elaborated: the body's argument,
// the name it has there, and its initial value's position and type, so
// that an error inside the body caused by the initial value points at both.
type scanCarry struct {
	arg  *ir.Value
	name string
	pos  lexer.Position
	typ  ir.Type
}

// evalScan lowers scan(carries..., over: xs) { (c..., x_t) -> ...; return c'..., y_t... }
// to a scan op whose region is the body, elaborated once with symbolic
// per-position slices; scan(over: xs, associative: true) { (l..., r...) ->
// ...; return c... } to an assoc_scan op whose body is the combine.
func (e *elab) evalScan(s *ScanExpr, sc *scope) any {
	c := e.evalArgs("scan", s.Args, sc, s.Pos)
	overV, overPos, ok := c.kwarg("over")
	if !ok {
		c.fail("missing argument over: the sequence (or list of sequences) to scan over")
	}
	assoc := c.kwBool("associative", false)
	c.checkUnused()
	var xs []*ir.Value
	if l, isList := overV.(list); isList {
		for _, v := range l {
			xs = append(xs, e.toTensor(v, overPos).v)
		}
	} else {
		xs = append(xs, e.toTensor(overV, overPos).v)
	}
	for i, x := range xs {
		if len(x.Type.Shape) < 2 {
			e.fail(overPos, "scan input %d must be [B, L, ...], got %s", i, x.Type.Shape)
		}
	}
	if assoc {
		return e.evalAssocScan(s, sc, c, xs)
	}
	carries := make([]*ir.Value, len(c.args))
	for i := range c.args {
		carries[i] = c.tensor(i)
	}
	args := append(append([]*ir.Value{}, carries...), xs...)
	if len(s.Params) != len(args) {
		e.fail(s.Pos, "scan body takes %d names (%d carries and %d inputs), got %d", len(args), len(carries), len(xs), len(s.Params))
	}
	region := &ir.Region{}
	inner := e.bodyScope(sc)
	var infos []scanCarry
	for i, a := range args {
		t := a.Type
		if i >= len(carries) {
			t.Shape = append(append(ir.Shape{}, t.Shape[:1]...), t.Shape[2:]...)
		}
		v := e.mod.NewValue(t)
		region.Args = append(region.Args, v)
		inner.vars[s.Params[i]] = &tensorVal{v}
		if i < len(carries) {
			infos = append(infos, scanCarry{arg: v, name: s.Params[i], pos: c.argPos[i], typ: t})
		}
	}
	ret := e.runRegion(s, inner, region, infos)
	for i, r := range ret {
		y := e.toTensor(r, e.retPos).v
		if i < len(carries) && !y.Type.Equal(carries[i].Type) {
			info := infos[i]
			e.errs = append(e.errs, &Error{Pos: info.pos, Msg: fmt.Sprintf("the scan's carry %s starts as %s here, but its body returns %s for it (line %d)", info.name, info.typ, y.Type, e.retPos.Line)})
			e.fail(e.retPos, "the scan body returns %s for carry %s, whose initial value (line %d) is %s: a carry keeps its type from step to step", y.Type, info.name, info.pos.Line, info.typ)
		}
		region.Yields = append(region.Yields, y)
	}
	rs := e.op("scan", args, ir.Attrs{"carries": len(carries)}, region, s.Pos)
	return results(rs)
}

// evalAssocScan lowers an associative scan: the body combines two elements
// (the left's components, then the right's) into one of the same types.
func (e *elab) evalAssocScan(s *ScanExpr, sc *scope, c *callCtx, xs []*ir.Value) any {
	if len(c.args) > 0 {
		e.fail(c.argPos[0], "an associative scan has no carries: its elements are the over: sequences and its body combines two of them")
	}
	n := len(xs)
	if len(s.Params) != 2*n {
		e.fail(s.Pos, "an associative scan's body takes two elements of %d components each: %d names (the left's, then the right's), got %d", n, 2*n, len(s.Params))
	}
	region := &ir.Region{}
	inner := e.bodyScope(sc)
	for side := 0; side < 2; side++ {
		for i, x := range xs {
			t := ir.Type{DType: x.Type.DType, Shape: append(append(ir.Shape{}, x.Type.Shape[:1]...), x.Type.Shape[2:]...)}
			v := e.mod.NewValue(t)
			region.Args = append(region.Args, v)
			inner.vars[s.Params[side*n+i]] = &tensorVal{v}
		}
	}
	ret := e.runRegion(s, inner, region, nil)
	if len(ret) != n {
		e.fail(e.retPos, "an associative scan's body returns the combined element: %d components, got %d", n, len(ret))
	}
	for i, r := range ret {
		y := e.toTensor(r, e.retPos).v
		if want := region.Args[i].Type; !y.Type.Equal(want) {
			e.fail(e.retPos, "the combine returns %s for component %s, whose elements are %s: a combine keeps each component's type", y.Type, s.Params[i], want)
		}
		region.Yields = append(region.Yields, y)
	}
	return results(e.op("assoc_scan", xs, nil, region, s.Pos))
}

// bodyScope is the scope of a scan body: it sees the enclosing function's
// names.
func (e *elab) bodyScope(sc *scope) *scope {
	inner := &scope{vars: map[string]any{}, inst: sc.inst, fs: sc.fs}
	for k, v := range sc.vars {
		inner.vars[k] = v
	}
	return inner
}

// runRegion elaborates a scan body into region and returns what it
// returns; while it runs, errors caused by a carry point at its initial
// value too.
func (e *elab) runRegion(s *ScanExpr, inner *scope, region *ir.Region, carries []scanCarry) []any {
	saved, savedCarries := e.fn, e.carries
	e.fn = &fnCtx{b: saved.b.Into(&region.Body), params: map[string]*ir.Value{}, consts: map[string]*ir.Value{}}
	e.carries = append(append([]scanCarry{}, e.carries...), carries...)
	savedRet := e.retPos
	ret, returned := e.execBlock(s.Body, inner)
	e.fn, e.carries = saved, savedCarries
	if !returned {
		e.retPos = savedRet
		e.fail(s.Pos, "scan body must end with return carries..., outputs...")
	}
	for _, r := range ret {
		if isPoison(r) {
			e.abort()
		}
	}
	return ret
}

// carryCause finds the carry of an enclosing scan that an op's arguments
// derive from, if any.
func (e *elab) carryCause(args []*ir.Value) (scanCarry, bool) {
	if len(e.carries) == 0 {
		return scanCarry{}, false
	}
	of := map[*ir.Value]int{}
	for i, c := range e.carries {
		of[c.arg] = i
	}
	seen := map[*ir.Value]bool{}
	var find func(v *ir.Value) int
	find = func(v *ir.Value) int {
		if i, ok := of[v]; ok {
			return i
		}
		if seen[v] || v.Def == nil || len(seen) > 10000 {
			return -1
		}
		seen[v] = true
		for _, a := range v.Def.Args {
			if i := find(a); i >= 0 {
				return i
			}
		}
		return -1
	}
	for _, a := range args {
		if i := find(a); i >= 0 {
			return e.carries[i], true
		}
	}
	return scanCarry{}, false
}
