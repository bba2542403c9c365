package ir

import "math"

// The ops behind the language's general-purpose constructs
// (docs/language.md): comparisons that make masks, where, integer modulo,
// arange and constant tensors written in the source (literal), gather,
// scatter_add and top_k (mixture-of-experts routing), and the associative
// scan. Integer arithmetic on i32 tensors (add, sub, mul, maximum, minimum,
// mod, neg, abs) is in inferBinary and inferUnaryFloat.

// CompareOps maps the language's comparison operators to their ops. A
// comparison of tensors is a mask: an f32 tensor of 0.0 and 1.0.
var CompareOps = map[string]string{"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}

// compareDocs are the comparison ops in table order, with their meaning.
var compareDocs = [][2]string{
	{"eq", "x == y"}, {"ne", "x != y"}, {"lt", "x < y"}, {"le", "x <= y"}, {"gt", "x > y"}, {"ge", "x >= y"},
}

// IsCompare reports whether kind is a comparison op.
func IsCompare(kind string) bool {
	for _, c := range compareDocs {
		if c[0] == kind {
			return true
		}
	}
	return false
}

// registerLangOps adds this file's ops to the table (called by ops.go's
// init, before the step rules and the other per-op knowledge are attached).
func registerLangOps() {
	for _, c := range compareDocs {
		flags := Elementwise
		if c[0] == "eq" || c[0] == "ne" {
			flags |= Commutative
		}
		register(&OpInfo{Name: c[0], Flags: flags, MinArgs: 2, MaxArgs: 2, Infer: inferCompare,
			Doc: "mask of " + c[1] + " with broadcasting: 1.0 where it holds, 0.0 elsewhere (f32)"})
	}
	register(
		&OpInfo{Name: "where", Flags: Elementwise, MinArgs: 3, MaxArgs: 3, Infer: inferWhere,
			Doc: "x where the mask cond is nonzero, else y, with broadcasting"},
		binary("mod", "x mod y with the sign of y (floor modulo), with broadcasting; f32 or i32", 0),
		&OpInfo{Name: "arange", Flags: Source, Infer: inferArange,
			Attrs: withState(AttrSpec{Name: "n", Kind: AttrDim, Required: true}, AttrSpec{Name: "dtype", Kind: AttrString}),
			Doc:   "0, 1, ..., n-1 (i32 unless dtype says f32); along a streamed sequence, the absolute positions"},
		&OpInfo{Name: "literal", Flags: Source, Infer: inferLiteral,
			Attrs: []AttrSpec{{Name: "values", Kind: AttrFloats, Required: true}, {Name: "shape", Kind: AttrShape, Required: true}, {Name: "dtype", Kind: AttrString}},
			Doc:   "a constant tensor written in the source, row-major"},
		&OpInfo{Name: "gather", MinArgs: 2, MaxArgs: 2, Infer: inferGather, Attrs: []AttrSpec{axisAttr},
			Doc: "y[..., j, ...] = x[..., idx[..., j, ...], ...] along an axis (take_along_axis; other axes broadcast)"},
		&OpInfo{Name: "scatter_add", MinArgs: 3, MaxArgs: 3, Infer: inferScatterAdd, Attrs: []AttrSpec{axisAttr},
			Doc: "x with src[..., j, ...] added at x[..., idx[..., j, ...], ...] along an axis"},
		&OpInfo{Name: "top_k", MinArgs: 1, MaxArgs: 1, Infer: inferTopK,
			Attrs: []AttrSpec{axisAttr, {Name: "k", Kind: AttrInt, Required: true}},
			Doc:   "the k largest values along an axis, largest first (ties: lower index first), and their i32 indices"},
		&OpInfo{Name: "assoc_scan", Flags: SeqMixer | HasBody, MinArgs: 1, MaxArgs: -1, Infer: inferAssocScan,
			Attrs: withState(modeAttr, chunkAttr, policyAttr),
			Doc:   "inclusive prefix e_1 ⊕ ... ⊕ e_t over the sequence, the body being the associative combine ⊕"},
	)
}

// intBinary lists the binary ops defined on i32 tensors (index arithmetic).
var intBinary = map[string]bool{"add": true, "sub": true, "mul": true, "maximum": true, "minimum": true, "mod": true}

// intUnary lists the unary ops defined on i32 tensors.
var intUnary = map[string]bool{"neg": true, "abs": true}

func inferCompare(op *Op, _ *Module) ([]Type, error) {
	a, b := argT(op, 0), argT(op, 1)
	if a.DType != b.DType {
		return nil, errorf("mismatched element types in %s: %s vs %s (cast one with cast(x, %q))", op.Kind, a, b, a.DType.String())
	}
	if a.DType == C64 {
		return nil, errorf("%s is not defined for complex tensors (%s, %s)", op.Kind, a, b)
	}
	s, ok := Broadcast(a.Shape, b.Shape)
	if !ok {
		return nil, errorf("mismatched shapes in %s: %s vs %s", op.Kind, a.Shape, b.Shape)
	}
	return one(Type{F32, s})
}

func inferWhere(op *Op, _ *Module) ([]Type, error) {
	c, x, y := argT(op, 0), argT(op, 1), argT(op, 2)
	if c.DType == C64 {
		return nil, errorf("where needs a real mask as its condition, got %s", c)
	}
	if x.DType != y.DType {
		return nil, errorf("mismatched element types in where: %s vs %s", x, y)
	}
	if x.DType == C64 {
		return nil, errorf("where is not defined for complex tensors (%s, %s)", x, y)
	}
	s, ok := Broadcast(x.Shape, y.Shape)
	if ok {
		s, ok = Broadcast(c.Shape, s)
	}
	if !ok {
		return nil, errorf("mismatched shapes in where: condition %s, values %s and %s", c.Shape, x.Shape, y.Shape)
	}
	return one(Type{x.DType, s})
}

// elemDType is the element type an arange or literal op makes: i32 or f32,
// from its dtype attribute (def when absent).
func elemDType(op *Op, def DType) (DType, error) {
	s := op.Attrs.String("dtype")
	if s == "" {
		return def, nil
	}
	dt, ok := ParseDType(s)
	if !ok || dt == C64 {
		return 0, errorf("%s of unsupported element type %q (want f32 or i32)", op.Kind, s)
	}
	return dt, nil
}

func inferArange(op *Op, _ *Module) ([]Type, error) {
	dt, err := elemDType(op, I32)
	if err != nil {
		return nil, err
	}
	n := op.Attrs.Dim("n")
	if v, ok := n.Value(); ok && v < 0 {
		return nil, errorf("arange of a negative length %d", v)
	}
	return one(Type{dt, Shape{n}})
}

func inferLiteral(op *Op, _ *Module) ([]Type, error) {
	dt, err := elemDType(op, F32)
	if err != nil {
		return nil, err
	}
	s := op.Attrs.Shape("shape")
	n := 1
	for _, d := range s {
		v, ok := d.Value()
		if !ok || v < 0 {
			return nil, errorf("literal of shape %s: sizes must be known and >= 0", s)
		}
		n *= v
	}
	vals := op.Attrs.Floats("values")
	if len(vals) != n {
		return nil, errorf("literal of shape %s holds %d values, want %d", s, len(vals), n)
	}
	if dt == I32 {
		for _, v := range vals {
			if v != math.Trunc(v) || v > math.MaxInt32 || v < math.MinInt32 {
				return nil, errorf("i32 literal holds %g, not a 32-bit integer", v)
			}
		}
	}
	return one(Type{dt, s})
}

// alongAxis checks that x and idx have one rank, normalises axis, and
// broadcasts their other axes; out[axis] is idx's.
func alongAxis(op *Op, x, idx Type) (Shape, int, error) {
	if idx.DType != I32 {
		return nil, 0, errorf("%s needs i32 indices, got %s", op.Kind, idx)
	}
	if len(x.Shape) != len(idx.Shape) {
		return nil, 0, errorf("%s needs indices of the same rank as the tensor: %s vs %s (add axes with idx[.., None])", op.Kind, x.Shape, idx.Shape)
	}
	ax, err := NormAxis(op.Attrs.Int("axis"), len(x.Shape))
	if err != nil {
		return nil, 0, err
	}
	out := make(Shape, len(x.Shape))
	for i := range out {
		a, b := x.Shape[i], idx.Shape[i]
		switch {
		case i == ax:
			out[i] = b
		case a == b || b == Const(1):
			out[i] = a
		case a == Const(1):
			out[i] = b
		default:
			return nil, 0, errorf("mismatched shapes in %s: tensor %s vs indices %s (axis %d: %s vs %s)", op.Kind, x.Shape, idx.Shape, i, a, b)
		}
	}
	return out, ax, nil
}

func inferGather(op *Op, _ *Module) ([]Type, error) {
	x := argT(op, 0)
	out, _, err := alongAxis(op, x, argT(op, 1))
	if err != nil {
		return nil, err
	}
	return one(Type{x.DType, out})
}

func inferScatterAdd(op *Op, _ *Module) ([]Type, error) {
	x, idx, src := argT(op, 0), argT(op, 1), argT(op, 2)
	if x.DType == C64 || src.DType != x.DType {
		return nil, errorf("scatter_add adds %s into %s: want the same real element type", src, x)
	}
	if !idx.Shape.Equal(src.Shape) {
		return nil, errorf("mismatched shapes in scatter_add: indices %s vs values %s (they must be equal)", idx.Shape, src.Shape)
	}
	_, ax, err := alongAxis(op, x, idx)
	if err != nil {
		return nil, err
	}
	for i := range x.Shape {
		if i != ax && idx.Shape[i] != x.Shape[i] {
			return nil, errorf("mismatched shapes in scatter_add: tensor %s vs indices %s (axis %d: %s vs %s)", x.Shape, idx.Shape, i, x.Shape[i], idx.Shape[i])
		}
	}
	return one(x)
}

func inferTopK(op *Op, _ *Module) ([]Type, error) {
	x := argT(op, 0)
	if x.DType != F32 && x.DType != I32 {
		return nil, errorf("top_k needs a real tensor, got %s", x)
	}
	ax, err := NormAxis(op.Attrs.Int("axis"), len(x.Shape))
	if err != nil {
		return nil, err
	}
	k := op.Attrs.Int("k")
	if k < 1 {
		return nil, errorf("top_k needs k >= 1, got %d", k)
	}
	if n, ok := x.Shape[ax].Value(); ok && k > n {
		return nil, errorf("top_k of %d along axis %d of size %d", k, ax, n)
	}
	s := append(Shape{}, x.Shape...)
	s[ax] = Const(k)
	return []Type{{x.DType, s}, {I32, s}}, nil
}

// inferAssocScan: the arguments are the elements [B, L, ...] (one or more
// components); the body takes the left operand's components then the
// right's, each one position's slice [B, ...], and yields the combined
// components of the same types. The results are the inclusive prefixes.
func inferAssocScan(op *Op, _ *Module) ([]Type, error) {
	r := op.Region
	if r == nil {
		return nil, errorf("assoc_scan has no body")
	}
	n := len(op.Args)
	if len(r.Args) != 2*n {
		return nil, errorf("assoc_scan body takes %d arguments (the left and the right operand's %d components), got %d", 2*n, n, len(r.Args))
	}
	if len(r.Yields) != n {
		return nil, errorf("assoc_scan body yields %d values, the elements have %d components", len(r.Yields), n)
	}
	var l Dim
	res := make([]Type, n)
	for i, a := range op.Args {
		if len(a.Type.Shape) < 2 {
			return nil, errorf("assoc_scan element %d must be [B, L, ...], got %s", i, a.Type.Shape)
		}
		if i == 0 {
			l = a.Type.Shape[1]
		} else if a.Type.Shape[1] != l {
			return nil, errorf("mismatched sequence lengths in assoc_scan elements: %s vs %s", l, a.Type.Shape[1])
		}
		want := Type{a.Type.DType, dropAxis1(a.Type.Shape)}
		for _, j := range []int{i, i + n} {
			if !r.Args[j].Type.Equal(want) {
				return nil, errorf("assoc_scan body argument %d is %s, want %s", j, r.Args[j].Type, want)
			}
		}
		if !r.Yields[i].Type.Equal(want) {
			return nil, errorf("assoc_scan combine gives %s for component %d, the elements' is %s: a combine keeps each component's type", r.Yields[i].Type, i, want)
		}
		res[i] = a.Type
	}
	return res, nil
}

// ConvDilation is the dilation of a conv op (1 when absent).
func ConvDilation(op *Op) int { return max(1, op.Attrs.Int("dilation")) }

// ConvSpan is the number of positions a conv's kernel covers,
// dilation·(W-1)+1, and whether the kernel width is known.
func ConvSpan(op *Op) (int, bool) {
	w, ok := op.Args[1].Type.Shape[1].Value()
	if !ok {
		return 0, false
	}
	return ConvDilation(op)*(w-1) + 1, true
}
