package dsl

import (
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/seqc-dev/seqc/ir"
)

// index evaluates v[items]: list indexing at compile time, or for tensors a
// sequence of index, slice and reshape ops (NumPy basic indexing with '..'
// for the remaining axes and None for a new axis of size 1).
func (e *elab) index(v any, items []*IndexArg, sc *scope, pos lexer.Position) any {
	if l, ok := v.(list); ok {
		if len(items) != 1 || items[0].Lo == nil || items[0].Colon || items[0].Open != nil {
			e.fail(pos, "lists take one integer index")
		}
		i, ok := e.eval(items[0].Lo, sc).(int)
		if !ok {
			e.fail(items[0].Pos, "list index must be an int")
		}
		if i < 0 {
			i += len(l)
		}
		if i < 0 || i >= len(l) {
			e.fail(items[0].Pos, "index %d out of range for a list of %d", i, len(l))
		}
		return l[i]
	}
	x := e.toTensor(v, pos).v
	rank := len(x.Type.Shape)
	consuming, ell := 0, 0
	for _, it := range items {
		switch {
		case it.Ellipsis:
			ell++
		case !it.NewAxis:
			consuming++
		}
	}
	if ell > 1 {
		e.fail(pos, "at most one '..' in an index")
	}
	if consuming > rank {
		e.fail(pos, "too many indices for a tensor of rank %d (%s)", rank, x.Type.Shape)
	}
	ax := 0
	for _, it := range items {
		shape := x.Type.Shape
		lo, hi, isSlice := it.bounds()
		switch {
		case it.Ellipsis:
			ax += rank - consuming
		case it.NewAxis:
			s := append(append(append(ir.Shape{}, shape[:ax]...), ir.Const(1)), shape[ax:]...)
			x = e.op1v("reshape", []*ir.Value{x}, ir.Attrs{"shape": s}, it.Pos)
			ax++
		case !isSlice:
			d := e.boundDim(lo, sc, shape[ax])
			x = e.op1v("index", []*ir.Value{x}, ir.Attrs{"axis": ax, "index": d}, it.Pos)
		default:
			start, stop := ir.Const(0), shape[ax]
			if lo != nil {
				start = e.boundDim(lo, sc, shape[ax])
			}
			if hi != nil {
				stop = e.boundDim(hi, sc, shape[ax])
			}
			if lo != nil || hi != nil {
				x = e.op1v("slice", []*ir.Value{x}, ir.Attrs{"axis": ax, "start": start, "stop": stop}, it.Pos)
			}
			ax++
		}
	}
	return &tensorVal{x}
}

// boundDim evaluates an index bound; negative ints count from the end.
func (e *elab) boundDim(x *Expr, sc *scope, size ir.Dim) ir.Dim {
	switch v := e.eval(x, sc).(type) {
	case int:
		if v < 0 {
			d, err := ir.AddDims(size, ir.Const(v))
			if err != nil {
				e.fail(x.Pos, "%v", err)
			}
			return d
		}
		return ir.Const(v)
	case ir.Dim:
		return v
	default:
		e.fail(x.Pos, "an index must be an int or a dimension, got %s", kindOf(v))
	}
	return ir.Dim{}
}
