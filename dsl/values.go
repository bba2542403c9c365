package dsl

import (
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/seqc-dev/seqc/ir"
)

// Compile-time values of the elaborator. Hyperparameters, consts and loop
// variables are Go ints, float64s, bools and strings; dimensions bound at
// call time are ir.Dim; everything else is one of the types below.

type tensorVal struct{ v *ir.Value }

// paramVal is a learned tensor of an instance; it becomes an IR value (a
// param op) the first time a function uses it.
type paramVal struct {
	p *ir.Param
}

// instance is an elaborated block: its hyperparameters, consts, fields,
// parameters and methods, and its checkpoint path prefix.
type instance struct {
	decl    *Decl
	file    *fileScope
	path    string // "" for the root, else "backbone.layers.3"
	members map[string]any
	hypers  []string
	methods map[string]*FuncDecl
	ties    map[string]tieRef // param name -> tied target

	fieldPaths map[string]lexer.Position // checkpoint path segment -> field that took it
}

// tieRef is a tie: argument's target and where it was written.
type tieRef struct {
	p   *paramVal
	pos lexer.Position
}

// list is a list or tuple of values.
type list []any

type rangeVal struct{ lo, hi int }

type noneVal struct{}

// declVal names a block declaration; calling it instantiates the block.
type declVal struct {
	decl *Decl
	file *fileScope
}

// moduleVal is an import alias: nn in nn.Linear.
type moduleVal struct{ file *fileScope }

// methodVal is a function bound to an instance.
type methodVal struct {
	inst *instance
	fn   *FuncDecl
}

type builtinVal struct{ name string }

type initNS struct{}

type initFn struct{ name string }

// initVal is an initialiser call, kept as text in the IR.
type initVal struct{ text string }

// poison stands for the value of an expression that already failed, so
// that one mistake gives one error rather than a cascade.
type poison struct{}

func kindOf(v any) string {
	switch x := v.(type) {
	case int:
		return "int"
	case float64:
		return "float"
	case bool:
		return "bool"
	case string:
		return "string"
	case ir.Dim:
		return "dimension"
	case *tensorVal:
		return "tensor " + x.v.Type.String()
	case *paramVal:
		return "parameter " + x.p.Type.String()
	case *instance:
		return "block " + x.decl.Name
	case list:
		return "list"
	case rangeVal:
		return "range"
	case noneVal:
		return "None"
	case *declVal:
		return "block type " + x.decl.Name
	case *moduleVal:
		return "module"
	case *methodVal:
		return "function " + x.fn.Name
	case *builtinVal:
		return "builtin " + x.name
	case initNS, *initFn:
		return "initialiser"
	case *initVal:
		return "initialiser " + x.text
	}
	return fmt.Sprintf("%T", v)
}

func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case float64:
		return fmt.Sprintf("%g", x)
	case list:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}
