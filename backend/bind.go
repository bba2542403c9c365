package backend

import (
	"fmt"

	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// BindInputs checks input tensors against the function's signature and
// returns the values of its symbols (B, L, ...).
func BindInputs(f *ir.Func, inputs []*runtime.Tensor) (map[string]int, error) {
	if len(inputs) != len(f.Inputs) {
		return nil, fmt.Errorf("%s takes %d inputs (%s), got %d", f.Name, len(f.Inputs), inputNames(f), len(inputs))
	}
	env := map[string]int{}
	for i, v := range f.Inputs {
		t := inputs[i]
		if t == nil {
			return nil, fmt.Errorf("input %s is missing", v.Name)
		}
		if t.DType != runtime.DType(v.Type.DType) {
			return nil, fmt.Errorf("input %s is %s%v, want %s", v.Name, t.DType, t.ShapeString(), v.Type)
		}
		if len(t.Shape) != len(v.Type.Shape) {
			return nil, fmt.Errorf("input %s has shape %s, want %s", v.Name, t.ShapeString(), v.Type.Shape)
		}
		if err := t.Validate(); err != nil { // kernels trust the shape: a short buffer would be read past its end
			return nil, fmt.Errorf("input %s: %w", v.Name, err)
		}
	}
	// Plain symbols bind first; affine dimensions (2*T, L-16) are solved or checked after.
	for pass := 0; pass < 2; pass++ {
		for i, v := range f.Inputs {
			for ax, d := range v.Type.Shape {
				n := inputs[i].Shape[ax]
				if d.IsConst() {
					if n != d.Add {
						return nil, fmt.Errorf("input %s has shape %s, want %s (axis %d)", v.Name, inputs[i].ShapeString(), v.Type.Shape, ax)
					}
					continue
				}
				plain := d.Mul == 1 && d.Div == 1 && d.Add == 0
				if pass == 0 && !plain {
					continue
				}
				if bound, ok := env[d.Sym]; ok {
					if want, _ := d.Eval(env); want != n {
						return nil, fmt.Errorf("input %s has shape %s, want %s with %s=%d (axis %d is %d, want %d)", v.Name, inputs[i].ShapeString(), v.Type.Shape, d.Sym, bound, ax, n, want)
					}
					continue
				}
				s, ok := d.Solve(n)
				if !ok || s < 0 {
					return nil, fmt.Errorf("input %s has shape %s: axis %d of size %d does not fit %s", v.Name, inputs[i].ShapeString(), ax, n, d)
				}
				env[d.Sym] = s
			}
		}
	}
	return env, nil
}

func inputNames(f *ir.Func) string {
	s := ""
	for i, v := range f.Inputs {
		if i > 0 {
			s += ", "
		}
		s += v.Name
	}
	return s
}

// InternalError is a bug in seqc found while running a model (an op that
// produced the wrong shape, a broken invariant), not a problem with the
// model or its inputs.
type InternalError struct{ Msg string }

func (e *InternalError) Error() string { return "internal error: " + e.Msg }
