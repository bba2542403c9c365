package dsl

import (
	"github.com/seqc-dev/seqc/ir"
)

// evalScan lowers scan(carries..., over: xs) { (c..., x_t) -> ...; return c'..., y_t... }
// to a scan op whose region is the body, elaborated once with symbolic
// per-position slices.
func (e *elab) evalScan(s *ScanExpr, sc *scope) any {
	c := e.evalArgs("scan", s.Args, sc, s.Pos)
	overV, overPos, ok := c.kwarg("over")
	if !ok {
		c.fail("missing argument over: the sequence (or list of sequences) to scan over")
	}
	c.checkUnused()
	var xs []*ir.Value
	if l, isList := overV.(list); isList {
		for _, v := range l {
			xs = append(xs, e.toTensor(v, overPos).v)
		}
	} else {
		xs = append(xs, e.toTensor(overV, overPos).v)
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
	body := &sc.vars // the body sees the enclosing function's names
	inner := &scope{vars: map[string]any{}, inst: sc.inst, fs: sc.fs}
	for k, v := range *body {
		inner.vars[k] = v
	}
	for i, a := range args {
		t := a.Type
		if i >= len(carries) {
			if len(t.Shape) < 2 {
				e.fail(s.Pos, "scan input %d must be [B, L, ...], got %s", i-len(carries), t.Shape)
			}
			t.Shape = append(append(ir.Shape{}, t.Shape[:1]...), t.Shape[2:]...)
		}
		v := e.mod.NewValue(t)
		region.Args = append(region.Args, v)
		inner.vars[s.Params[i]] = &tensorVal{v}
	}
	saved := e.fn
	e.fn = &fnCtx{b: saved.b.Into(&region.Body), params: map[string]*ir.Value{}, consts: map[string]*ir.Value{}}
	ret, returned := e.execBlock(s.Body, inner)
	e.fn = saved
	if !returned {
		e.fail(s.Pos, "scan body must end with return carries..., outputs...")
	}
	for _, r := range ret {
		region.Yields = append(region.Yields, e.toTensor(r, s.Pos).v)
	}
	rs := e.op("scan", args, ir.Attrs{"carries": len(carries)}, region, s.Pos)
	out := make(list, len(rs))
	for i, r := range rs {
		out[i] = &tensorVal{r}
	}
	if len(out) == 1 {
		return out[0]
	}
	return out
}
