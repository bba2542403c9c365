package runtime

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// ParamSpec is one parameter the compiled model expects in its checkpoint.
type ParamSpec struct {
	Name     string
	Shape    []int
	Optional bool // a tied parameter: may be absent from the file
	// TiedTo names the parameter this one is tied to (its values are that
	// tensor's). A checkpoint may still hold the tied tensor (PyTorch saves
	// lm_head.weight beside the embedding); it is accepted only when its
	// values are the same, because PyTorch would compute with the stored
	// values and seqc computes with the tensor it is tied to.
	TiedTo string
}

// TieMismatch is a tied tensor present in the checkpoint with values that
// differ from the tensor it is tied to.
type TieMismatch struct {
	Name, TiedTo string
	Index        int     // the first element that differs
	Got, Want    float32 // its value in Name and in TiedTo
}

// ShapeMismatch is a tensor present in the checkpoint with the wrong shape.
type ShapeMismatch struct {
	Name      string
	Got, Want []int
}

// WeightsError lists every way a checkpoint differs from the expected
// parameters, so that one run shows all problems instead of the first.
// Each list is sorted by name.
type WeightsError struct {
	Source     string
	Missing    []string
	Unexpected []string
	Mismatched []ShapeMismatch
	TiedDiffer []TieMismatch

	// shapes holds the expected shape of each missing tensor and the actual
	// shape of each unexpected one, for the message.
	shapes map[string][]int
}

// Error formats the problems one per line, e.g.
//
//	weights.safetensors: 2 problems:
//	  missing tensor backbone.norm_f.weight [32]
//	  tensor lm_head.weight has shape [64, 16], want [64, 32]
func (e *WeightsError) Error() string {
	n := len(e.Missing) + len(e.Unexpected) + len(e.Mismatched) + len(e.TiedDiffer)
	var b strings.Builder
	plural := "s"
	if n == 1 {
		plural = ""
	}
	fmt.Fprintf(&b, "%s: %d problem%s:", e.Source, n, plural)
	shape := func(name string) string {
		if s, ok := e.shapes[name]; ok {
			return " " + formatShape(s)
		}
		return ""
	}
	for _, name := range e.Missing {
		fmt.Fprintf(&b, "\n  missing tensor %s%s", name, shape(name))
	}
	for _, name := range e.Unexpected {
		fmt.Fprintf(&b, "\n  unexpected tensor %s%s", name, shape(name))
	}
	for _, m := range e.Mismatched {
		fmt.Fprintf(&b, "\n  tensor %s has shape %s, want %s", m.Name, formatShape(m.Got), formatShape(m.Want))
	}
	for _, m := range e.TiedDiffer {
		fmt.Fprintf(&b, "\n  tensor %s is tied to %s but holds other values (element %d: %v, not %v): the model computes with %s; remove %s from the checkpoint or untie it in the model",
			m.Name, m.TiedTo, m.Index, m.Got, m.Want, m.TiedTo, m.Name)
	}
	return b.String()
}

// CheckWeights compares a checkpoint with the expected parameters and
// returns nil or one *WeightsError listing, by name and sorted, every missing
// tensor (optional ones may be absent), every unexpected tensor, and every
// mis-shaped tensor with both shapes. source names the checkpoint in the
// message. A nil entry in have counts as absent. A tied tensor (TiedTo)
// present beside the tensor it is tied to must hold the same values (both
// compared when both hold data; see TieMismatch).
func CheckWeights(source string, want []ParamSpec, have map[string]*Tensor) error {
	e := &WeightsError{Source: source, shapes: make(map[string][]int)}
	expected := make(map[string]bool, len(want))
	for _, p := range want {
		if expected[p.Name] {
			continue // a repeated spec adds no new requirement
		}
		expected[p.Name] = true
		t := have[p.Name]
		switch {
		case t == nil && !p.Optional:
			e.Missing = append(e.Missing, p.Name)
			e.shapes[p.Name] = p.Shape
		case t != nil && !ShapeEqual(t.Shape, p.Shape):
			e.Mismatched = append(e.Mismatched, ShapeMismatch{Name: p.Name, Got: t.Shape, Want: p.Shape})
		}
	}
	for name, t := range have {
		if t != nil && !expected[name] {
			e.Unexpected = append(e.Unexpected, name)
			e.shapes[name] = t.Shape
		}
	}
	for _, p := range want {
		if p.TiedTo == "" {
			continue
		}
		t, target := have[p.Name], have[p.TiedTo]
		if t == nil || target == nil || !ShapeEqual(t.Shape, target.Shape) || t.Validate() != nil || target.Validate() != nil || t.DType != target.DType {
			continue
		}
		if i, ok := firstDifference(t, target); ok {
			m := TieMismatch{Name: p.Name, TiedTo: p.TiedTo, Index: i}
			if t.DType == I32 {
				m.Got, m.Want = float32(t.I[i]), float32(target.I[i])
			} else {
				m.Got, m.Want = t.F[i], target.F[i]
			}
			e.TiedDiffer = append(e.TiedDiffer, m)
		}
	}
	if len(e.Missing)+len(e.Unexpected)+len(e.Mismatched)+len(e.TiedDiffer) == 0 {
		return nil
	}
	sort.Strings(e.Missing)
	sort.Strings(e.Unexpected)
	sort.Slice(e.Mismatched, func(i, j int) bool { return e.Mismatched[i].Name < e.Mismatched[j].Name })
	sort.Slice(e.TiedDiffer, func(i, j int) bool { return e.TiedDiffer[i].Name < e.TiedDiffer[j].Name })
	return e
}

// firstDifference returns the first element where two tensors of one dtype
// and shape differ bit for bit (NaNs of one payload are equal).
func firstDifference(a, b *Tensor) (int, bool) {
	if a.DType == I32 {
		for i := range a.I {
			if a.I[i] != b.I[i] {
				return i, true
			}
		}
		return 0, false
	}
	for i := range a.F {
		if math.Float32bits(a.F[i]) != math.Float32bits(b.F[i]) {
			return i, true
		}
	}
	return 0, false
}
