package ir

// RoundTrips reports whether attributes of kind k survive printing and
// parsing: it prints a sample value of the kind and parses it back.
func RoundTrips(k AttrKind) bool {
	samples := map[AttrKind]any{
		AttrInt: -3, AttrFloat: 1e-5, AttrBool: true, AttrString: "a \"b\"",
		AttrInts: []int{0, -1, 2}, AttrDim: Dim{Sym: "T", Mul: 2, Div: 1, Add: -1},
		AttrShape:  Shape{Sym("B"), Const(4), Dim{Sym: "L", Mul: 1, Div: 2, Add: 0}},
		AttrFloats: []float64{0.5, -1, 2e-7},
	}
	v, ok := samples[k]
	if !ok {
		return false
	}
	text := formatAttr(v)
	p := &parser{src: text, line: 1}
	var back any
	func() {
		defer func() { recover() }()
		back = p.scalar()
	}()
	return back != nil && formatAttr(back) == text
}
