package driver

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/seqc-dev/seqc/runtime"
)

// ArraySpec says what array `seqc npy new` makes: an input for `seqc run`
// without numpy.
type ArraySpec struct {
	Shape []int  // nil: from Values or Text
	DType string // "f32" (default) or "i32"
	// Fill is how the elements are made when neither Values nor Text is
	// given: "normal" (the default for f32: mean 0, std 1), "uniform" (in
	// [Low, High); for i32 whole numbers, High excluded), "zeros" (the
	// default for i32), "ones", "arange" (0, 1, 2, ... over the whole array).
	Fill      string
	Low, High float64
	Seed      uint64
	Values    []float64 // the elements, in row-major order
	Text      string    // the bytes of a string as i32 token ids, shape [1, len] unless Shape says otherwise
	HasText   bool      // Text is given (it may be empty)
	HasValues bool      // Values is given
}

// ParseShape parses "1,16,8" (or "1x16x8") into dimensions; "" is a scalar.
func ParseShape(s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return []int{}, nil
	}
	var shape []int
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == 'x' }) {
		d, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || d < 0 {
			return nil, fmt.Errorf("bad shape %q: want sizes >= 0 separated by commas, e.g. 1,16,8", s)
		}
		shape = append(shape, d)
	}
	return shape, nil
}

// ParseValues parses comma-separated numbers: "1, 2.5, -3".
func ParseValues(s string) ([]float64, error) {
	var out []float64
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		v, err := strconv.ParseFloat(part, 64)
		if err != nil {
			return nil, fmt.Errorf("bad value %q: want numbers separated by commas", part)
		}
		out = append(out, v)
	}
	return out, nil
}

// maxArrayElements bounds what `seqc npy new` makes (16 GiB of f32).
const maxArrayElements = 1 << 32

// NewArray makes the array a spec describes.
func NewArray(s ArraySpec) (*runtime.Tensor, error) {
	dt := runtime.F32
	switch s.DType {
	case "", "f32", "float32":
	case "i32", "int32":
		dt = runtime.I32
	default:
		return nil, fmt.Errorf("unknown dtype %q: want f32 or i32", s.DType)
	}
	if s.HasText && s.HasValues {
		return nil, fmt.Errorf("give the elements as values or as text, not both")
	}
	if (s.HasText || s.HasValues) && s.Fill != "" {
		return nil, fmt.Errorf("a fill (%s) makes the elements: give it, values or text, not two of them", s.Fill)
	}
	var values []float64
	switch {
	case s.HasText:
		if s.DType == "" {
			dt = runtime.I32
		}
		for _, c := range []byte(s.Text) {
			values = append(values, float64(c))
		}
		if s.Shape == nil {
			s.Shape = []int{1, len(values)}
		}
	case s.HasValues:
		values = s.Values
		if s.Shape == nil {
			s.Shape = []int{len(values)}
		}
	}
	if s.Shape == nil {
		return nil, fmt.Errorf("give the shape (e.g. 1,16,8), or the values or text that make the array")
	}
	n := int64(1)
	for _, d := range s.Shape {
		if d < 0 {
			return nil, fmt.Errorf("shape %v: sizes must be >= 0", s.Shape)
		}
		if d > 0 && n > maxArrayElements/int64(d) {
			return nil, fmt.Errorf("shape %v: more than %d elements", s.Shape, int64(maxArrayElements))
		}
		n *= int64(d)
	}
	if values != nil && int64(len(values)) != n {
		return nil, fmt.Errorf("%d values for shape %v, which holds %d", len(values), s.Shape, n)
	}
	t := runtime.New(dt, s.Shape...)
	set := func(i int, v float64) {
		if dt == runtime.I32 {
			t.I[i] = int32(v)
		} else {
			t.F[i] = float32(v)
		}
	}
	if values != nil {
		for i, v := range values {
			if dt == runtime.I32 && (v != math.Trunc(v) || v < math.MinInt32 || v > math.MaxInt32) {
				return nil, fmt.Errorf("value %v is not an i32", v)
			}
			set(i, v)
		}
		return t, nil
	}
	fill := s.Fill
	if fill == "" {
		fill = map[runtime.DType]string{runtime.F32: "normal", runtime.I32: "zeros"}[dt]
	}
	rng := rand.New(rand.NewPCG(s.Seed, 0x5eec_0a7a))
	low, high := s.Low, s.High
	if fill == "uniform" && low == 0 && high == 0 {
		high = 1
	}
	switch fill {
	case "zeros":
	case "ones":
		for i := range int(n) {
			set(i, 1)
		}
	case "arange":
		for i := range int(n) {
			set(i, float64(i))
		}
	case "normal":
		if dt == runtime.I32 {
			return nil, fmt.Errorf("fill normal makes f32 arrays; for i32 use uniform --low --high, zeros, ones or arange")
		}
		for i := range int(n) {
			set(i, rng.NormFloat64())
		}
	case "uniform":
		if !(high > low) {
			return nil, fmt.Errorf("fill uniform: want low < high, got %v and %v", low, high)
		}
		for i := range int(n) {
			if dt == runtime.I32 {
				lo, hi := math.Ceil(low), math.Ceil(high) // whole numbers in [low, high)
				if hi <= lo || lo < math.MinInt32 || hi-1 > math.MaxInt32 {
					return nil, fmt.Errorf("fill uniform: no i32 in [%v, %v)", low, high)
				}
				set(i, lo+float64(rng.Int64N(int64(hi-lo))))
			} else {
				set(i, low+(high-low)*rng.Float64())
			}
		}
	default:
		return nil, fmt.Errorf("unknown fill %q: want normal, uniform, zeros, ones or arange", fill)
	}
	return t, nil
}

// DescribeArray says what an array holds: its type and shape, the range and
// mean of its elements, and its first elements (all of them with all), one
// row per line of the last axis.
func DescribeArray(t *runtime.Tensor, all bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s", t.DType, t.ShapeString())
	n := t.Numel()
	if n == 0 {
		b.WriteString(": no elements\n")
		return b.String()
	}
	at := func(i int) string {
		switch t.DType {
		case runtime.I32:
			return strconv.Itoa(int(t.I[i]))
		case runtime.C64:
			return strconv.FormatComplex(complex128(complex(t.F[2*i], t.F[2*i+1])), 'g', 6, 64)
		}
		return strconv.FormatFloat(float64(t.F[i]), 'g', 6, 32)
	}
	if t.DType != runtime.C64 {
		lo, hi, sum := math.Inf(1), math.Inf(-1), 0.0
		nonFinite := 0
		for i := range n {
			v := float64(0)
			if t.DType == runtime.I32 {
				v = float64(t.I[i])
			} else {
				v = float64(t.F[i])
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				nonFinite++
				continue
			}
			lo, hi, sum = min(lo, v), max(hi, v), sum+v
		}
		if finite := n - nonFinite; finite > 0 {
			fmt.Fprintf(&b, ": min %.6g, max %.6g, mean %.6g", lo, hi, sum/float64(finite))
		}
		if nonFinite > 0 {
			fmt.Fprintf(&b, "; %d NaN or infinite", nonFinite)
		}
	}
	b.WriteString("\n")
	row := n
	if len(t.Shape) > 0 && t.Shape[len(t.Shape)-1] > 0 {
		row = t.Shape[len(t.Shape)-1]
	}
	const shown = 64
	limit := n
	if !all {
		limit = min(n, shown)
	}
	for i := 0; i < limit; i += row {
		parts := make([]string, 0, row)
		for j := i; j < min(i+row, limit); j++ {
			parts = append(parts, at(j))
		}
		b.WriteString("  " + strings.Join(parts, " ") + "\n")
	}
	if limit < n {
		fmt.Fprintf(&b, "  ... %d more (--all shows every element)\n", n-limit)
	}
	return b.String()
}
