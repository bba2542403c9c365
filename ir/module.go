package ir

import (
	"fmt"
	"sort"
	"sync"
)

// DType is an element type. The numbering matches runtime.DType.
type DType uint8

// Element types.
const (
	F32 DType = iota
	I32
	C64
)

var dtypeNames = [...]string{F32: "f32", I32: "i32", C64: "c64"}

func (d DType) String() string {
	if int(d) < len(dtypeNames) {
		return dtypeNames[d]
	}
	return fmt.Sprintf("dtype(%d)", int(d))
}

// ParseDType maps an element type name to its DType.
func ParseDType(s string) (DType, bool) {
	for i, n := range dtypeNames {
		if n == s {
			return DType(i), true
		}
	}
	return 0, false
}

// Type is a tensor type: element type and shape. Scalars have rank 0.
type Type struct {
	DType DType
	Shape Shape
}

func (t Type) String() string { return t.DType.String() + t.Shape.String() }

// Equal compares dtype and shape.
func (t Type) Equal(u Type) bool { return t.DType == u.DType && t.Shape.Equal(u.Shape) }

// Pos is a source position, kept on every op so a backend can report a
// problem at the line of the .seq file that produced it.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string {
	if p.File == "" && p.Line == 0 {
		return "-"
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// IsValid reports whether the position is known.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Value is the one value type of the IR: a tensor produced by an op or passed
// in as a function argument.
type Value struct {
	ID    int
	Type  Type
	Def   *Op    // nil for function and region arguments
	Index int    // which result of Def
	Name  string // argument name (function inputs) or "" for temporaries
}

// Op is one operation. Its Kind names an entry of the op table, which says
// what arguments, attributes and results it takes.
type Op struct {
	Kind    string
	Args    []*Value
	Results []*Value
	Attrs   Attrs
	Pos     Pos
	Region  *Region // body of a Scan; nil otherwise
	// Scope is the checkpoint path of the block instance whose function
	// built the op ("backbone.layers.0.mixer"); it groups ops for graphs
	// and explanations and is not part of the text form.
	Scope string
}

// Info returns the op table entry for op.
func (op *Op) Info() *OpInfo { return Lookup(op.Kind) }

// Region is a nested body (the step function of a Scan): arguments, ops and
// the values it yields.
type Region struct {
	Args   []*Value
	Body   []*Op
	Yields []*Value
}

// Func is a function of the model: forward, or another named function.
type Func struct {
	Name     string
	Inputs   []*Value
	Outputs  []*Value
	OutNames []string
	Body     []*Op
}

// Param is a learned tensor of the model, named by its checkpoint path.
type Param struct {
	Name   string // full dotted checkpoint name
	Type   Type
	Init   string // initialiser call, e.g. "normal(std=0.02)"
	TiedTo string // name of the parameter whose values this one shares; "" if none
	Pos    Pos
}

// Hyper is a hyperparameter and the value it had when the module was lowered.
type Hyper struct {
	Name  string
	Kind  string // int, float, bool, string
	Value any    // int, float64, bool or string
}

// Module is a lowered model.
type Module struct {
	Name   string
	Hypers []Hyper
	Params []*Param
	Funcs  []*Func // the entry points
	// Helpers names the model's functions that are not entry points: they
	// are inlined where called, not lowered on their own (kept for
	// messages; not part of the text form).
	Helpers []string
	nextID  int

	// An index of Params by name for Param, extended as parameters are
	// appended (a model of 100 000 layers looks up each new parameter).
	paramMu   sync.Mutex
	paramIdx  map[string]*Param
	paramSeen int // Params[:paramSeen] are indexed
}

// NewValue allocates a fresh value of type t.
func (m *Module) NewValue(t Type) *Value {
	m.nextID++
	return &Value{ID: m.nextID, Type: t}
}

// Func returns the named function or nil.
func (m *Module) Func(name string) *Func {
	for _, f := range m.Funcs {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Param returns the named parameter (the first of that name) or nil. It
// takes constant time: parameters are indexed as they are appended to
// Params (which is only ever appended to, or sorted by SortParams).
func (m *Module) Param(name string) *Param {
	m.paramMu.Lock()
	defer m.paramMu.Unlock()
	if m.paramIdx == nil || len(m.Params) < m.paramSeen {
		m.paramIdx, m.paramSeen = make(map[string]*Param, len(m.Params)), 0
	}
	for ; m.paramSeen < len(m.Params); m.paramSeen++ {
		p := m.Params[m.paramSeen]
		if _, dup := m.paramIdx[p.Name]; !dup {
			m.paramIdx[p.Name] = p
		}
	}
	if p := m.paramIdx[name]; p != nil && p.Name == name {
		return p
	}
	if m.paramIdx[name] != nil { // renamed since it was indexed
		m.paramIdx = nil
		for _, p := range m.Params {
			if p.Name == name {
				return p
			}
		}
	}
	return nil
}

// SortParams orders parameters by name, the order used when printing and
// when listing them for a weight file.
func (m *Module) SortParams() {
	sort.Slice(m.Params, func(i, j int) bool { return m.Params[i].Name < m.Params[j].Name })
	m.paramMu.Lock()
	m.paramIdx = nil // positions moved: Param re-indexes
	m.paramMu.Unlock()
}

// Renumber gives values consecutive IDs in definition order, so that printing
// is stable after passes delete or insert ops.
func (m *Module) Renumber() {
	n := 0
	var walk func(args []*Value, body []*Op)
	walk = func(args []*Value, body []*Op) {
		for _, v := range args {
			n++
			v.ID = n
		}
		for _, op := range body {
			if op.Region != nil {
				walk(op.Region.Args, op.Region.Body)
			}
			for _, v := range op.Results {
				n++
				v.ID = n
			}
		}
	}
	for _, f := range m.Funcs {
		walk(f.Inputs, f.Body)
	}
	m.nextID = n
}
