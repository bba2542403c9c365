package ir

import (
	"errors"
	"fmt"
)

// Verify checks a module's invariants: parameter names unique and ties
// resolvable; every op known, with the right arity and attribute kinds; every
// argument defined before its use (dominance); result types equal to what
// the op table infers. It returns all problems found, joined.
func Verify(m *Module) error {
	var errs []error
	seen := map[string]*Param{}
	for _, p := range m.Params {
		if seen[p.Name] != nil {
			errs = append(errs, fmt.Errorf("%s: parameter %q declared twice", p.Pos, p.Name))
		}
		seen[p.Name] = p
	}
	for _, p := range m.Params {
		if p.TiedTo == "" {
			continue
		}
		t := seen[p.TiedTo]
		switch {
		case t == nil:
			errs = append(errs, fmt.Errorf("%s: parameter %q is tied to unknown parameter %q", p.Pos, p.Name, p.TiedTo))
		case t.TiedTo != "":
			errs = append(errs, fmt.Errorf("%s: parameter %q is tied to %q, which is itself tied", p.Pos, p.Name, p.TiedTo))
		case !t.Type.Equal(p.Type):
			errs = append(errs, fmt.Errorf("%s: parameter %q %s is tied to %q %s of another type", p.Pos, p.Name, p.Type, t.Name, t.Type))
		}
	}
	names := map[string]bool{}
	for _, f := range m.Funcs {
		if names[f.Name] {
			errs = append(errs, fmt.Errorf("function %s defined twice", f.Name))
		}
		names[f.Name] = true
		v := &verifier{m: m, defined: map[*Value]bool{}}
		for _, in := range f.Inputs {
			v.define(in, nil)
		}
		v.body(f.Body)
		if len(f.OutNames) != len(f.Outputs) {
			v.errs = append(v.errs, fmt.Errorf("function %s has %d results and %d result names", f.Name, len(f.Outputs), len(f.OutNames)))
		}
		for _, o := range f.Outputs {
			if !v.defined[o] {
				v.errs = append(v.errs, fmt.Errorf("function %s returns an undefined value %%%d", f.Name, o.ID))
			}
		}
		errs = append(errs, v.errs...)
	}
	return errors.Join(errs...)
}

type verifier struct {
	m       *Module
	defined map[*Value]bool
	errs    []error
}

func (v *verifier) errorf(op *Op, format string, args ...any) {
	v.errs = append(v.errs, fmt.Errorf("%s: %s: %s", op.Pos, op.Kind, fmt.Sprintf(format, args...)))
}

func (v *verifier) define(val *Value, op *Op) {
	if v.defined[val] {
		v.errs = append(v.errs, fmt.Errorf("value %%%d defined twice", val.ID))
	}
	v.defined[val] = true
	if op != nil && val.Def != op {
		v.errorf(op, "result %%%d does not point back at its op", val.ID)
	}
}

func (v *verifier) body(body []*Op) {
	for _, op := range body {
		v.op(op)
	}
}

func (v *verifier) op(op *Op) {
	info := Lookup(op.Kind)
	if info == nil {
		v.errs = append(v.errs, fmt.Errorf("%s: unknown op %q", op.Pos, op.Kind))
		return
	}
	for i, a := range op.Args {
		if a == nil || !v.defined[a] {
			v.errorf(op, "argument %d is not defined before its use", i)
			return
		}
	}
	if err := checkShape(op, info); err != nil {
		v.errorf(op, "%v", err)
		return
	}
	if (op.Region != nil) != info.Has(HasBody) {
		if op.Region == nil {
			v.errorf(op, "%s needs a body", op.Kind)
		} else {
			v.errorf(op, "%s has no body", op.Kind)
		}
		return
	}
	if r := op.Region; r != nil {
		for _, a := range r.Args {
			v.define(a, nil)
		}
		v.body(r.Body)
		for _, y := range r.Yields {
			if !v.defined[y] {
				v.errorf(op, "body yields an undefined value %%%d", y.ID)
				return
			}
		}
	}
	types, err := info.Infer(op, v.m)
	if err != nil {
		v.errorf(op, "%v", err)
		return
	}
	if len(types) != len(op.Results) {
		v.errorf(op, "has %d results, its type rule gives %d", len(op.Results), len(types))
		return
	}
	for i, r := range op.Results {
		if !r.Type.Equal(types[i]) {
			v.errorf(op, "result %d has type %s, its type rule gives %s", i, r.Type, types[i])
		}
		v.define(r, op)
	}
}
