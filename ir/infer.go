package ir

// Shared type rules used by the op table.

func argT(op *Op, i int) Type { return op.Args[i].Type }

func one(t Type) ([]Type, error) { return []Type{t}, nil }

// NormAxis maps a possibly negative axis onto [0, rank).
func NormAxis(axis, rank int) (int, error) {
	a := axis
	if a < 0 {
		a += rank
	}
	if a < 0 || a >= rank {
		return 0, errorf("axis %d out of range for rank %d", axis, rank)
	}
	return a, nil
}

// Broadcast applies NumPy broadcasting to two shapes.
func Broadcast(a, b Shape) (Shape, bool) {
	n := max(len(a), len(b))
	out := make(Shape, n)
	for i := 0; i < n; i++ {
		var da, db Dim = Const(1), Const(1)
		if j := len(a) - n + i; j >= 0 {
			da = a[j]
		}
		if j := len(b) - n + i; j >= 0 {
			db = b[j]
		}
		switch {
		case da == db:
			out[i] = da
		case da == Const(1):
			out[i] = db
		case db == Const(1):
			out[i] = da
		default:
			return nil, false
		}
	}
	return out, true
}

// promote returns the common element type of a binary arithmetic op.
func promote(a, b DType) (DType, bool) {
	switch {
	case a == b:
		return a, true
	case (a == C64 && b == F32) || (a == F32 && b == C64):
		return C64, true
	}
	return 0, false
}

func inferUnaryFloat(op *Op, _ *Module) ([]Type, error) {
	t := argT(op, 0)
	if t.DType == I32 && !intUnary[op.Kind] {
		return nil, errorf("%s needs a floating-point tensor, got %s", op.Kind, t)
	}
	if t.DType == C64 && !complexUnary[op.Kind] {
		return nil, errorf("%s is not defined for complex tensors (%s)", op.Kind, t)
	}
	return one(t)
}

// complexUnary lists the unary ops defined on c64.
var complexUnary = map[string]bool{"neg": true, "exp": true, "conj": true}

func inferBinary(op *Op, _ *Module) ([]Type, error) {
	a, b := argT(op, 0), argT(op, 1)
	dt, ok := promote(a.DType, b.DType)
	if !ok {
		return nil, errorf("mismatched element types in %s: %s vs %s", op.Kind, a, b)
	}
	if dt == C64 && !complexBinary[op.Kind] {
		return nil, errorf("%s is not defined for complex tensors (%s, %s)", op.Kind, a, b)
	}
	if dt == I32 && !intBinary[op.Kind] {
		return nil, errorf("%s is not defined for i32 tensors (%s, %s): convert with cast(x, \"f32\")", op.Kind, a, b)
	}
	s, ok := Broadcast(a.Shape, b.Shape)
	if !ok {
		return nil, errorf("mismatched shapes in %s: %s vs %s", op.Kind, a.Shape, b.Shape)
	}
	return one(Type{dt, s})
}

var complexBinary = map[string]bool{"add": true, "sub": true, "mul": true, "div": true}

func inferComplex(op *Op, _ *Module) ([]Type, error) {
	a, b := argT(op, 0), argT(op, 1)
	if a.DType != F32 || b.DType != F32 {
		return nil, errorf("complex needs two f32 tensors, got %s and %s", a, b)
	}
	s, ok := Broadcast(a.Shape, b.Shape)
	if !ok {
		return nil, errorf("mismatched shapes in complex: %s vs %s", a.Shape, b.Shape)
	}
	return one(Type{C64, s})
}

func inferRealPart(op *Op, _ *Module) ([]Type, error) {
	t := argT(op, 0)
	if t.DType != C64 {
		return nil, errorf("%s needs a complex tensor, got %s", op.Kind, t)
	}
	return one(Type{F32, t.Shape})
}

func inferCast(op *Op, _ *Module) ([]Type, error) {
	dt, ok := ParseDType(op.Attrs.String("dtype"))
	if !ok {
		return nil, errorf("cast to unknown element type %q", op.Attrs.String("dtype"))
	}
	t := argT(op, 0)
	if t.DType == C64 || dt == C64 {
		return nil, errorf("cast between %s and %s: use complex/real/imag", t.DType, dt)
	}
	return one(Type{dt, t.Shape})
}

func inferReduce(op *Op, _ *Module) ([]Type, error) {
	t := argT(op, 0)
	if t.DType != F32 {
		return nil, errorf("%s needs an f32 tensor, got %s", op.Kind, t)
	}
	ax, err := NormAxis(op.Attrs.Int("axis"), len(t.Shape))
	if err != nil {
		return nil, err
	}
	s := append(Shape{}, t.Shape[:ax]...)
	if op.Attrs.Bool("keepdim") {
		s = append(s, Const(1))
	}
	s = append(s, t.Shape[ax+1:]...)
	return one(Type{F32, s})
}

func inferSameAxis(op *Op, _ *Module) ([]Type, error) {
	t := argT(op, 0)
	if _, err := NormAxis(op.Attrs.Int("axis"), len(t.Shape)); err != nil {
		return nil, err
	}
	if op.Kind != "flip" && op.Kind != "shift" && t.DType != F32 {
		return nil, errorf("%s needs an f32 tensor, got %s", op.Kind, t)
	}
	return one(t)
}

// lastDimVector checks that w is a vector matching x's last axis.
func lastDimVector(what string, x, w Type) error {
	if w.DType != F32 {
		return errorf("%s must be f32, got %s", what, w)
	}
	if len(x.Shape) == 0 || len(w.Shape) != 1 || w.Shape[0] != x.Shape[len(x.Shape)-1] {
		return errorf("mismatched shapes: %s %s does not match the last axis of %s", what, w.Shape, x.Shape)
	}
	return nil
}

func inferNorm(op *Op, _ *Module) ([]Type, error) {
	x := argT(op, 0)
	if x.DType != F32 || len(x.Shape) == 0 {
		return nil, errorf("%s needs an f32 tensor of rank >= 1, got %s", op.Kind, x)
	}
	names := []string{"weight", "bias"}
	for i := 1; i < len(op.Args); i++ {
		if err := lastDimVector(op.Kind+" "+names[i-1], x, argT(op, i)); err != nil {
			return nil, err
		}
	}
	return one(x)
}

func inferLinear(op *Op, _ *Module) ([]Type, error) {
	x, w := argT(op, 0), argT(op, 1)
	if x.DType != F32 || w.DType != F32 {
		return nil, errorf("linear needs f32 tensors, got %s and %s", x, w)
	}
	if len(w.Shape) != 2 || len(x.Shape) == 0 {
		return nil, errorf("linear needs x [..., in] and weight [out, in], got %s and %s", x.Shape, w.Shape)
	}
	if x.Shape[len(x.Shape)-1] != w.Shape[1] {
		return nil, errorf("mismatched shapes in linear: input %s vs weight %s (in features %s vs %s)",
			x.Shape, w.Shape, x.Shape[len(x.Shape)-1], w.Shape[1])
	}
	if len(op.Args) == 3 {
		b := argT(op, 2)
		if b.DType != F32 || len(b.Shape) != 1 || b.Shape[0] != w.Shape[0] {
			return nil, errorf("mismatched shapes in linear: bias %s vs weight %s", b.Shape, w.Shape)
		}
	}
	s := append(append(Shape{}, x.Shape[:len(x.Shape)-1]...), w.Shape[0])
	return one(Type{F32, s})
}

func inferMatMul(op *Op, _ *Module) ([]Type, error) {
	a, b := argT(op, 0), argT(op, 1)
	if a.DType != F32 || b.DType != F32 {
		return nil, errorf("matmul needs f32 tensors, got %s and %s", a, b)
	}
	if len(a.Shape) < 2 || len(b.Shape) < 2 {
		return nil, errorf("matmul needs tensors of rank >= 2, got %s and %s", a.Shape, b.Shape)
	}
	ra, rb := len(a.Shape), len(b.Shape)
	if a.Shape[ra-1] != b.Shape[rb-2] {
		return nil, errorf("mismatched shapes in matmul: %s vs %s (inner %s vs %s)", a.Shape, b.Shape, a.Shape[ra-1], b.Shape[rb-2])
	}
	batch, ok := Broadcast(a.Shape[:ra-2], b.Shape[:rb-2])
	if !ok {
		return nil, errorf("mismatched batch shapes in matmul: %s vs %s", a.Shape, b.Shape)
	}
	return one(Type{F32, append(batch, a.Shape[ra-2], b.Shape[rb-1])})
}

func inferTake(op *Op, _ *Module) ([]Type, error) {
	tab, ids := argT(op, 0), argT(op, 1)
	if len(tab.Shape) != 2 || tab.DType == I32 {
		return nil, errorf("take needs a table [rows, width], got %s", tab)
	}
	if ids.DType != I32 {
		return nil, errorf("take needs i32 indices, got %s", ids)
	}
	return one(Type{tab.DType, append(append(Shape{}, ids.Shape...), tab.Shape[1])})
}

func inferReshape(op *Op, _ *Module) ([]Type, error) {
	t := argT(op, 0)
	s := op.Attrs.Shape("shape")
	if !NumelOf(t.Shape).Equal(NumelOf(s)) {
		return nil, errorf("cannot reshape %s to %s: element counts differ", t.Shape, s)
	}
	return one(Type{t.DType, s})
}

func inferTranspose(op *Op, _ *Module) ([]Type, error) {
	t := argT(op, 0)
	perm := op.Attrs.Ints("perm")
	if len(perm) != len(t.Shape) {
		return nil, errorf("transpose permutation %v has %d axes, tensor %s has %d", perm, len(perm), t.Shape, len(t.Shape))
	}
	seen := make([]bool, len(perm))
	s := make(Shape, len(perm))
	for i, p := range perm {
		if p < 0 || p >= len(perm) || seen[p] {
			return nil, errorf("transpose %v is not a permutation", perm)
		}
		seen[p] = true
		s[i] = t.Shape[p]
	}
	return one(Type{t.DType, s})
}

func inferSplit(op *Op, _ *Module) ([]Type, error) {
	t := argT(op, 0)
	ax, err := NormAxis(op.Attrs.Int("axis"), len(t.Shape))
	if err != nil {
		return nil, err
	}
	sizes := op.Attrs.Ints("sizes")
	total := 0
	for _, n := range sizes {
		if n < 0 {
			return nil, errorf("split size %d is negative", n)
		}
		total += n
	}
	if len(sizes) == 0 || t.Shape[ax] != Const(total) {
		return nil, errorf("split sizes %v add up to %d, but axis %d of %s has size %s", sizes, total, ax, t.Shape, t.Shape[ax])
	}
	out := make([]Type, len(sizes))
	for i, n := range sizes {
		s := append(Shape{}, t.Shape...)
		s[ax] = Const(n)
		out[i] = Type{t.DType, s}
	}
	return out, nil
}

func inferConcat(op *Op, _ *Module) ([]Type, error) {
	first := argT(op, 0)
	ax, err := NormAxis(op.Attrs.Int("axis"), len(first.Shape))
	if err != nil {
		return nil, err
	}
	s := append(Shape{}, first.Shape...)
	for i := 1; i < len(op.Args); i++ {
		t := argT(op, i)
		if t.DType != first.DType || len(t.Shape) != len(s) {
			return nil, errorf("mismatched types in concat: %s vs %s", first, t)
		}
		for j := range s {
			if j == ax {
				continue
			}
			if t.Shape[j] != s[j] {
				return nil, errorf("mismatched shapes in concat along axis %d: %s vs %s", ax, first.Shape, t.Shape)
			}
		}
		if s[ax], err = AddDims(s[ax], t.Shape[ax]); err != nil {
			return nil, err
		}
	}
	return one(Type{first.DType, s})
}

func inferSlice(op *Op, _ *Module) ([]Type, error) {
	t := argT(op, 0)
	ax, err := NormAxis(op.Attrs.Int("axis"), len(t.Shape))
	if err != nil {
		return nil, err
	}
	n, err := SubDims(op.Attrs.Dim("stop"), op.Attrs.Dim("start"))
	if err != nil {
		return nil, err
	}
	if v, ok := n.Value(); ok && v < 0 {
		return nil, errorf("slice %s:%s of axis %d is empty or reversed", op.Attrs.Dim("start"), op.Attrs.Dim("stop"), ax)
	}
	if v, ok := op.Attrs.Dim("start").Value(); ok && v < 0 {
		return nil, errorf("slice start %d is negative", v)
	}
	if d := t.Shape[ax]; d.IsConst() && op.Attrs.Dim("stop").IsConst() && op.Attrs.Dim("stop").Add > d.Add {
		return nil, errorf("slice stop %s is past the end of axis %d (size %s)", op.Attrs.Dim("stop"), ax, d)
	}
	s := append(Shape{}, t.Shape...)
	s[ax] = n
	return one(Type{t.DType, s})
}

func inferIndex(op *Op, _ *Module) ([]Type, error) {
	t := argT(op, 0)
	ax, err := NormAxis(op.Attrs.Int("axis"), len(t.Shape))
	if err != nil {
		return nil, err
	}
	if i, ok := op.Attrs.Dim("index").Value(); ok {
		if d, ok := t.Shape[ax].Value(); i < 0 || (ok && i >= d) {
			return nil, errorf("index %d out of range for axis %d of size %s", i, ax, t.Shape[ax])
		}
	}
	s := append(append(Shape{}, t.Shape[:ax]...), t.Shape[ax+1:]...)
	return one(Type{t.DType, s})
}

func inferBroadcastTo(op *Op, _ *Module) ([]Type, error) {
	t := argT(op, 0)
	s := op.Attrs.Shape("shape")
	if b, ok := Broadcast(t.Shape, s); !ok || !b.Equal(s) {
		return nil, errorf("cannot broadcast %s to %s", t.Shape, s)
	}
	return one(Type{t.DType, s})
}
