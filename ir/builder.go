package ir

import "fmt"

// Builder appends typed ops to a function body (or a region body). Every op
// it creates is typed by the op table's Infer rule, so a type error is found
// where the op is built and reported at the builder's current position.
type Builder struct {
	M     *Module
	Pos   Pos
	Scope string
	body  *[]*Op
}

// NewBuilder returns a builder appending to body.
func NewBuilder(m *Module, body *[]*Op) *Builder { return &Builder{M: m, body: body} }

// At returns a copy of the builder positioned at pos.
func (b *Builder) At(pos Pos) *Builder { c := *b; c.Pos = pos; return &c }

// In returns a copy of the builder whose ops belong to scope.
func (b *Builder) In(scope string) *Builder { c := *b; c.Scope = scope; return &c }

// Into returns a builder appending to another body (a region's).
func (b *Builder) Into(body *[]*Op) *Builder { c := *b; c.body = body; return &c }

// Build creates an op of the given kind, infers its result types, appends it
// and returns its results.
func (b *Builder) Build(kind string, args []*Value, attrs Attrs, region *Region) ([]*Value, error) {
	info := Lookup(kind)
	if info == nil {
		return nil, fmt.Errorf("unknown op %q", kind)
	}
	if attrs == nil {
		attrs = Attrs{}
	}
	op := &Op{Kind: kind, Args: args, Attrs: attrs, Pos: b.Pos, Region: region, Scope: b.Scope}
	if err := checkShape(op, info); err != nil {
		return nil, err
	}
	types, err := info.Infer(op, b.M)
	if err != nil {
		return nil, err
	}
	for i, t := range types {
		v := b.M.NewValue(t)
		v.Def, v.Index = op, i
		op.Results = append(op.Results, v)
	}
	*b.body = append(*b.body, op)
	return op.Results, nil
}

// Build1 is Build for single-result ops.
func (b *Builder) Build1(kind string, args []*Value, attrs Attrs) (*Value, error) {
	rs, err := b.Build(kind, args, attrs, nil)
	if err != nil {
		return nil, err
	}
	return rs[0], nil
}

// checkShape validates arity and attribute kinds against the op table.
func checkShape(op *Op, info *OpInfo) error {
	n := len(op.Args)
	if n < info.MinArgs || (info.MaxArgs >= 0 && n > info.MaxArgs) {
		if info.MinArgs == info.MaxArgs {
			return fmt.Errorf("%s takes %d arguments, got %d", op.Kind, info.MinArgs, n)
		}
		if info.MaxArgs < 0 {
			return fmt.Errorf("%s takes at least %d arguments, got %d", op.Kind, info.MinArgs, n)
		}
		return fmt.Errorf("%s takes %d to %d arguments, got %d", op.Kind, info.MinArgs, info.MaxArgs, n)
	}
	for _, a := range op.Args {
		if a == nil {
			return fmt.Errorf("%s has a missing argument", op.Kind)
		}
	}
	for name, v := range op.Attrs {
		spec := info.Attr(name)
		if spec == nil {
			return fmt.Errorf("%s has no attribute %q", op.Kind, name)
		}
		if k, ok := attrKindOf(v); !ok || k != spec.Kind {
			return fmt.Errorf("%s attribute %s must be %s, got %s", op.Kind, name, spec.Kind, formatAttr(v))
		}
	}
	for _, spec := range info.Attrs {
		if _, ok := op.Attrs[spec.Name]; spec.Required && !ok {
			return fmt.Errorf("%s needs attribute %s", op.Kind, spec.Name)
		}
	}
	return nil
}
