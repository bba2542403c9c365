package ir

// The scan op runs its region once per position along axis 1. Its
// arguments are the initial carries followed by the per-position inputs
// [B, L, ...]; the region receives the carries and one slice [B, ...] of
// each input, and yields the new carries followed by the per-position
// outputs. The op's results are the final carries followed by the stacked
// outputs [B, L, ...].

func dropAxis1(s Shape) Shape { return append(append(Shape{}, s[:1]...), s[2:]...) }

func insertAxis1(s Shape, l Dim) Shape {
	return append(append(append(Shape{}, s[:1]...), l), s[1:]...)
}

func inferScan(op *Op, _ *Module) ([]Type, error) {
	r := op.Region
	if r == nil {
		return nil, errorf("scan has no body")
	}
	ns := op.Attrs.Int("carries")
	if ns < 0 || ns > len(op.Args) {
		return nil, errorf("scan declares %d carries but has %d arguments", ns, len(op.Args))
	}
	if len(r.Args) != len(op.Args) {
		return nil, errorf("scan body takes %d arguments, scan passes %d", len(r.Args), len(op.Args))
	}
	var l Dim
	for i, a := range op.Args {
		want := a.Type
		if i >= ns {
			if len(a.Type.Shape) < 2 {
				return nil, errorf("scan input %d must be [B, L, ...], got %s", i-ns, a.Type.Shape)
			}
			if i == ns {
				l = a.Type.Shape[1]
			} else if a.Type.Shape[1] != l {
				return nil, errorf("mismatched sequence lengths in scan inputs: %s vs %s", l, a.Type.Shape[1])
			}
			want = Type{a.Type.DType, dropAxis1(a.Type.Shape)}
		}
		if !r.Args[i].Type.Equal(want) {
			return nil, errorf("scan body argument %d is %s, want %s", i, r.Args[i].Type, want)
		}
	}
	if ns == len(op.Args) {
		return nil, errorf("scan needs at least one per-position input")
	}
	if len(r.Yields) < ns {
		return nil, errorf("scan body yields %d values, fewer than its %d carries", len(r.Yields), ns)
	}
	res := make([]Type, len(r.Yields))
	for i, y := range r.Yields {
		if i < ns {
			if !y.Type.Equal(op.Args[i].Type) {
				return nil, errorf("scan carry %d changes type: %s in, %s out", i, op.Args[i].Type, y.Type)
			}
			res[i] = y.Type
			continue
		}
		res[i] = Type{y.Type.DType, insertAxis1(y.Type.Shape, l)}
	}
	return res, nil
}
