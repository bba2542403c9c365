package ir

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// AttrKind is the type of an attribute value.
type AttrKind uint8

// Attribute kinds.
const (
	AttrInt    AttrKind = iota // int
	AttrFloat                  // float64
	AttrBool                   // bool
	AttrString                 // string
	AttrInts                   // []int
	AttrDim                    // Dim
	AttrShape                  // Shape
	AttrFloats                 // []float64
)

var attrKindNames = [...]string{"int", "float", "bool", "string", "ints", "dim", "shape", "floats"}

func (k AttrKind) String() string { return attrKindNames[k] }

// Attrs holds an op's attributes by name. Values are int, float64, bool,
// string, []int, Dim, Shape or []float64, matching the op table's AttrKind.
type Attrs map[string]any

// Int returns an int attribute (0 when absent).
func (a Attrs) Int(name string) int { v, _ := a[name].(int); return v }

// Float returns a float attribute (0 when absent).
func (a Attrs) Float(name string) float64 { v, _ := a[name].(float64); return v }

// Bool returns a bool attribute (false when absent).
func (a Attrs) Bool(name string) bool { v, _ := a[name].(bool); return v }

// String returns a string attribute ("" when absent).
func (a Attrs) String(name string) string { v, _ := a[name].(string); return v }

// Ints returns an []int attribute.
func (a Attrs) Ints(name string) []int { v, _ := a[name].([]int); return v }

// Floats returns a []float64 attribute.
func (a Attrs) Floats(name string) []float64 { v, _ := a[name].([]float64); return v }

// Dim returns a Dim attribute.
func (a Attrs) Dim(name string) Dim { v, _ := a[name].(Dim); return v }

// Shape returns a Shape attribute.
func (a Attrs) Shape(name string) Shape { v, _ := a[name].(Shape); return v }

// Clone copies the map (values are immutable).
func (a Attrs) Clone() Attrs {
	b := make(Attrs, len(a))
	for k, v := range a {
		b[k] = v
	}
	return b
}

func attrKindOf(v any) (AttrKind, bool) {
	switch v.(type) {
	case int:
		return AttrInt, true
	case float64:
		return AttrFloat, true
	case bool:
		return AttrBool, true
	case string:
		return AttrString, true
	case []int:
		return AttrInts, true
	case []float64:
		return AttrFloats, true
	case Dim:
		return AttrDim, true
	case Shape:
		return AttrShape, true
	}
	return 0, false
}

// formatAttr prints an attribute value in IR syntax. Dims print with a
// leading '#' and floats always carry a '.' or exponent so the parser can tell
// the kinds apart.
func formatAttr(v any) string {
	switch x := v.(type) {
	case int:
		return strconv.Itoa(x)
	case float64:
		return formatFloat(x)
	case []float64:
		parts := make([]string, len(x))
		for i, f := range x {
			parts[i] = formatFloat(f)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case bool:
		return strconv.FormatBool(x)
	case string:
		return strconv.Quote(x)
	case []int:
		parts := make([]string, len(x))
		for i, n := range x {
			parts[i] = strconv.Itoa(n)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case Dim:
		return "#" + x.String()
	case Shape:
		return "#" + x.String()
	}
	return fmt.Sprintf("?%T", v)
}

// formatFloat prints a float so that the parser reads it back as one: with
// a '.' or an exponent.
func formatFloat(x float64) string {
	s := strconv.FormatFloat(x, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEn") { // n: NaN, Inf
		s += ".0"
	}
	return s
}

// sortedKeys returns attribute names in print order.
func (a Attrs) sortedKeys() []string {
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
