package dsl

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/seqc-dev/seqc/stdlib"
)

// Program is a root file and every file it imports, parsed.
type Program struct {
	Root  *File
	Files map[string]*File // by canonical path ("std/nn" for the library)
}

// stdPrefix marks imports served from the embedded standard library.
const stdPrefix = "std/"

// Load parses the file at path and, transitively, its imports. Import
// cycles are errors at the import that closes the cycle.
func Load(path string) (*Program, error) {
	l := &loader{prog: &Program{Files: map[string]*File{}}, active: map[string]bool{}}
	f, err := l.load(filepath.Clean(path), nil)
	if err != nil {
		return nil, err
	}
	l.prog.Root = f
	return l.prog, nil
}

// LoadSource is Load for source text already in memory (tests, fuzzing).
func LoadSource(path string, src []byte) (*Program, error) {
	path = filepath.Clean(path)
	l := &loader{prog: &Program{Files: map[string]*File{}}, active: map[string]bool{}, mem: map[string][]byte{path: src}}
	f, err := l.load(path, nil)
	if err != nil {
		return nil, err
	}
	l.prog.Root = f
	return l.prog, nil
}

type loader struct {
	prog   *Program
	active map[string]bool
	mem    map[string][]byte
}

func (l *loader) read(p string) (*File, error) {
	if src, ok := l.mem[p]; ok {
		return ParseSource(p, src)
	}
	if strings.HasPrefix(p, stdPrefix) {
		src, err := fs.ReadFile(stdlib.FS, strings.TrimPrefix(p, stdPrefix)+".seq")
		if err != nil {
			return nil, fmt.Errorf("no standard library module %q", p)
		}
		return ParseSource(p+".seq", src)
	}
	return ParseFile(p)
}

func (l *loader) load(p string, from *Import) (*File, error) {
	if f := l.prog.Files[p]; f != nil {
		return f, nil
	}
	if l.active[p] {
		return nil, &Error{Pos: from.Pos, Msg: fmt.Sprintf("import cycle: %q imports itself through its imports", from.Path)}
	}
	l.active[p] = true
	defer delete(l.active, p)
	f, err := l.read(p)
	if err != nil {
		if from != nil {
			if _, ok := err.(*Error); !ok {
				return nil, &Error{Pos: from.Pos, Msg: fmt.Sprintf("cannot import %q: %v", from.Path, unwrapPath(err))}
			}
		}
		return nil, err
	}
	seen := map[string]bool{}
	for _, imp := range f.Imports {
		target := resolveImport(p, imp.Path)
		alias := importAlias(imp)
		if seen[alias] {
			return nil, &Error{Pos: imp.Pos, Msg: fmt.Sprintf("%s imported twice", alias)}
		}
		seen[alias] = true
		if _, err := l.load(target, imp); err != nil {
			return nil, err
		}
	}
	l.prog.Files[p] = f
	return f, nil
}

func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// resolveImport maps an import path to a canonical file path: std/... stays
// as is; anything else is relative to the importing file.
func resolveImport(from, imp string) string {
	if strings.HasPrefix(imp, stdPrefix) {
		return imp
	}
	if !strings.HasSuffix(imp, ".seq") {
		imp += ".seq"
	}
	if strings.HasPrefix(from, stdPrefix) {
		return path.Join(path.Dir(from), imp)
	}
	return filepath.Join(filepath.Dir(from), imp)
}

// importAlias is the name an import binds: its alias, or the last path
// element without extension.
func importAlias(imp *Import) string {
	if imp.Alias != nil {
		return *imp.Alias
	}
	return strings.TrimSuffix(path.Base(imp.Path), ".seq")
}
