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
