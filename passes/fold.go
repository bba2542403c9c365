package passes

import (
	"math"

	"github.com/seqc-dev/seqc/ir"
)

// foldRule rewrites one op: it returns the value that replaces the op's
// (single) result, or nil when the rule does not apply. Rules are data: a
// table applied until nothing changes.
type foldRule struct {
	Kind    string
	Doc     string
	Rewrite func(op *ir.Op, b *ir.Builder) *ir.Value
}

var foldRules = []foldRule{
	{"mul", "x * 1 = x", func(op *ir.Op, _ *ir.Builder) *ir.Value { return identityOperand(op, 1) }},
	{"add", "x + 0 = x", func(op *ir.Op, _ *ir.Builder) *ir.Value { return identityOperand(op, 0) }},
	{"sub", "x - 0 = x", func(op *ir.Op, _ *ir.Builder) *ir.Value { return rightIdentity(op, 0) }},
	{"div", "x / 1 = x", func(op *ir.Op, _ *ir.Builder) *ir.Value { return rightIdentity(op, 1) }},
	{"neg", "-(-x) = x", func(op *ir.Op, _ *ir.Builder) *ir.Value {
		if d := op.Args[0].Def; d != nil && d.Kind == "neg" {
			return d.Args[0]
		}
		return nil
	}},
	{"reshape", "reshape to the same shape = x", func(op *ir.Op, _ *ir.Builder) *ir.Value { return sameType(op) }},
	{"broadcast_to", "broadcast to the same shape = x", func(op *ir.Op, _ *ir.Builder) *ir.Value { return sameType(op) }},
	{"reshape", "reshape(reshape(x)) = reshape(x)", func(op *ir.Op, b *ir.Builder) *ir.Value {
		if d := op.Args[0].Def; d != nil && d.Kind == "reshape" {
			return build1(b, op, "reshape", []*ir.Value{d.Args[0]}, op.Attrs)
		}
		return nil
	}},
	{"transpose", "identity transpose = x", func(op *ir.Op, _ *ir.Builder) *ir.Value {
		for i, p := range op.Attrs.Ints("perm") {
			if p != i {
				return nil
			}
		}
		return op.Args[0]
	}},
	{"transpose", "transpose(transpose(x)) = one transpose", func(op *ir.Op, b *ir.Builder) *ir.Value {
		d := op.Args[0].Def
		if d == nil || d.Kind != "transpose" {
			return nil
		}
		inner, outer := d.Attrs.Ints("perm"), op.Attrs.Ints("perm")
		perm := make([]int, len(outer))
		for i, p := range outer {
			perm[i] = inner[p]
		}
		return build1(b, op, "transpose", []*ir.Value{d.Args[0]}, ir.Attrs{"perm": perm})
	}},
}

// scalarFolds evaluates unary and binary ops on scalar constants.
var scalarUnary = map[string]func(float64) float64{
	"neg": func(x float64) float64 { return -x }, "exp": math.Exp, "log": math.Log, "sqrt": math.Sqrt,
	"rsqrt": func(x float64) float64 { return 1 / math.Sqrt(x) }, "abs": math.Abs,
	"recip": func(x float64) float64 { return 1 / x }, "square": func(x float64) float64 { return x * x },
}

var scalarBinary = map[string]func(a, b float64) float64{
	"add": func(a, b float64) float64 { return a + b }, "sub": func(a, b float64) float64 { return a - b },
	"mul": func(a, b float64) float64 { return a * b }, "div": func(a, b float64) float64 { return a / b },
	"pow": math.Pow,
}

func constValue(v *ir.Value) (float64, bool) {
	if d := v.Def; d != nil && d.Kind == "const" && d.Attrs.String("dtype") == "" {
		return d.Attrs.Float("value"), true
	}
	return 0, false
}

func identityOperand(op *ir.Op, unit float64) *ir.Value {
	for i := 0; i < 2; i++ {
		if c, ok := constValue(op.Args[i]); ok && c == unit && op.Args[1-i].Type.Equal(op.Results[0].Type) {
			return op.Args[1-i]
		}
	}
	return nil
}

func rightIdentity(op *ir.Op, unit float64) *ir.Value {
	if c, ok := constValue(op.Args[1]); ok && c == unit && op.Args[0].Type.Equal(op.Results[0].Type) {
		return op.Args[0]
	}
	return nil
}

func sameType(op *ir.Op) *ir.Value {
	if op.Args[0].Type.Equal(op.Results[0].Type) {
		return op.Args[0]
	}
	return nil
}

// build1 creates a replacement op just before op, at op's position.
func build1(b *ir.Builder, op *ir.Op, kind string, args []*ir.Value, attrs ir.Attrs) *ir.Value {
	v, err := b.At(op.Pos).Build1(kind, args, attrs)
	if err != nil {
		panic("fold: rewrite built an ill-typed op: " + err.Error())
	}
	return v
}

func foldScalars(op *ir.Op, b *ir.Builder) *ir.Value {
	if len(op.Results) != 1 || op.Results[0].Type.DType != ir.F32 || len(op.Results[0].Type.Shape) != 0 {
		return nil
	}
	var val float64
	switch {
	case scalarUnary[op.Kind] != nil && len(op.Args) == 1:
		x, ok := constValue(op.Args[0])
		if !ok {
			return nil
		}
		val = scalarUnary[op.Kind](x)
	case scalarBinary[op.Kind] != nil && len(op.Args) == 2:
		x, ok1 := constValue(op.Args[0])
		y, ok2 := constValue(op.Args[1])
		if !ok1 || !ok2 {
			return nil
		}
		val = scalarBinary[op.Kind](x, y)
	default:
		return nil
	}
	if math.IsNaN(val) || math.IsInf(val, 0) {
		return nil
	}
	return build1(b, op, "const", nil, ir.Attrs{"value": val})
}

// Fold applies the rewrite table and scalar constant folding to a fixed point.
func Fold(m *ir.Module) error {
	for _, f := range m.Funcs {
		for changed := true; changed; {
			changed = false
			if err := DCE(m); err != nil {
				return err
			}
			forEachBody(f, func(body *[]*ir.Op) {
				var out []*ir.Op
				b := ir.NewBuilder(m, &out)
				for _, op := range *body {
					var repl *ir.Value
					if len(op.Results) == 1 && op.Region == nil {
						repl = foldScalars(op, b)
						for _, r := range foldRules {
							if repl != nil {
								break
							}
							if r.Kind == op.Kind {
								repl = r.Rewrite(op, b)
							}
						}
					}
					if repl != nil && repl != op.Results[0] {
						replaceUses(f, op.Results[0], repl)
						changed = true
					}
					out = append(out, op) // now dead when replaced; DCE removes it
				}
				*body = out
			})
		}
	}
	return DCE(m)
}
