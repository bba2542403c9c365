package dsl

// HasModel reports whether the file declares a model (a compilation root).
func (f *File) HasModel() bool {
	for _, d := range f.Decls {
		if d.Kind == "model" {
			return true
		}
	}
	return false
}

// Block returns the file's block declaration of that name, or nil.
func (f *File) Block(name string) *Decl {
	for _, d := range f.Decls {
		if d.Kind == "block" && d.Name == name {
			return d
		}
	}
	return nil
}

// HasFuncs reports whether the declaration has any function (at top level
// or under an if); a block without one only holds parameters.
func (d *Decl) HasFuncs() bool {
	var walk func(ms []*Member) bool
	walk = func(ms []*Member) bool {
		for _, m := range ms {
			if m.Func != nil || (m.If != nil && (walk(m.If.Then) || walk(m.If.Else))) {
				return true
			}
		}
		return false
	}
	return walk(d.Members)
}
