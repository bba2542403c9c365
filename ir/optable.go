package ir

import (
	"fmt"
	"sort"
)

// Level says at which stage of compilation an op may appear.
type Level uint8

// Levels: mixer-level ops are what the DSL lowers to; kernel-level ops name
// a chosen algorithm and appear only after the lowering passes.
const (
	MixerLevel Level = iota
	KernelLevel
)

// Flags describe properties passes rely on.
type Flags uint16

// Op flags.
const (
	// Elementwise ops compute each output element from the elements at the
	// same (broadcast) index of their arguments.
	Elementwise Flags = 1 << iota
	// SeqMixer ops mix information along the sequence axis (axis 1); the
	// step form must carry state for them or reject the model.
	SeqMixer
	// Source ops take no arguments (param, const).
	Source
	// Commutative binary ops (CSE may canonicalise argument order).
	Commutative
	// HasBody ops carry a region (a step or combine function): scan,
	// assoc_scan.
	HasBody
)

// AttrSpec declares one attribute of an op.
type AttrSpec struct {
	Name     string
	Kind     AttrKind
	Required bool
}

// OpInfo is one entry of the op table, the single source of truth for what
// an op is: its arity, attributes, level, flags and type rule.
type OpInfo struct {
	Name    string
	Level   Level
	Flags   Flags
	MinArgs int
	MaxArgs int // -1: variadic
	Attrs   []AttrSpec
	Doc     string
	// Infer computes the result types from the argument types and
	// attributes. The builder uses it to type new ops and the verifier to
	// check existing ones; it never looks at result types.
	Infer func(op *Op, m *Module) ([]Type, error)
	// Step says how the op streams when an argument is a streamed value
	// (step_rules.go); nil: it cannot be streamed.
	Step StepRule
	// State describes what a stateful op carries between chunks, per
	// sequence (step_state.go).
	State StateLayout
	// Modes lists the algorithms a mixer can run as (modes.go); nil for
	// ops that are not mixers.
	Modes ModeSet
	// Cost estimates each algorithm's time from a backend's measured
	// constants (cost.go); nil for ops with one algorithm.
	Cost CostFunc
}

// Has reports whether the op has all of the given flags.
func (o *OpInfo) Has(f Flags) bool { return o.Flags&f == f }

// Attr returns the spec of the named attribute, or nil.
func (o *OpInfo) Attr(name string) *AttrSpec {
	for i := range o.Attrs {
		if o.Attrs[i].Name == name {
			return &o.Attrs[i]
		}
	}
	return nil
}

var opTable = map[string]*OpInfo{}

func register(infos ...*OpInfo) {
	for _, o := range infos {
		if _, dup := opTable[o.Name]; dup {
			panic("ir: duplicate op " + o.Name)
		}
		opTable[o.Name] = o
	}
}

// Lookup returns the op table entry for name, or nil.
func Lookup(name string) *OpInfo { return opTable[name] }

// Ops returns every op table entry, sorted by name.
func Ops() []*OpInfo {
	out := make([]*OpInfo, 0, len(opTable))
	for _, o := range opTable {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// errorf builds a type error; the caller adds the position.
func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
