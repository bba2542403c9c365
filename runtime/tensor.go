package runtime

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// DType of a tensor's elements.
type DType uint8

const (
	// F32 is float32, stored in Tensor.F.
	F32 DType = iota
	// I32 is int32, stored in Tensor.I.
	I32
	// C64 is complex64, stored in Tensor.F as interleaved (re, im) pairs, so
	// len(F) == 2*Numel().
	C64
)

// String returns the short lower-case name used in messages: "f32", "i32" or
// "c64".
func (d DType) String() string {
	switch d {
	case F32:
		return "f32"
	case I32:
		return "i32"
	case C64:
		return "c64"
	}
	return "dtype(" + strconv.Itoa(int(d)) + ")"
}

// Tensor is a dense, contiguous, row-major (C order) array. An empty Shape is
// a scalar holding one element.
type Tensor struct {
	DType DType
	Shape []int
	F     []float32 // F32 and C64 data
	I     []int32   // I32 data
}

// New returns a zero-filled tensor. The dimensions must be non-negative and
// their product must fit in memory; like make, New panics otherwise, because
// shapes handed to New come from the program, not from files.
func New(dt DType, shape ...int) *Tensor {
	n, err := shapeNumel(shape)
	if err != nil {
		panic("runtime.New: " + err.Error())
	}
	t := &Tensor{DType: dt, Shape: append([]int{}, shape...)}
	switch dt {
	case F32:
		t.F = make([]float32, n)
	case I32:
		t.I = make([]int32, n)
	case C64:
		t.F = make([]float32, 2*n)
	default:
		panic("runtime.New: unknown dtype " + dt.String())
	}
	return t
}

// FromF32 wraps data as an F32 tensor without copying it (the shape is
// copied). It does not check anything: len(data) must equal the product of
// shape. Use NewF32 when the data comes from outside the program.
func FromF32(shape []int, data []float32) *Tensor {
	return &Tensor{DType: F32, Shape: append([]int{}, shape...), F: data}
}

// NewF32 wraps data as an F32 tensor without copying it, after checking that
// the shape is valid and len(data) matches it.
func NewF32(shape []int, data []float32) (*Tensor, error) {
	t := &Tensor{DType: F32, Shape: append([]int{}, shape...), F: data}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return t, nil
}

// NewI32 wraps data as an I32 tensor without copying it, after checking that
// the shape is valid and len(data) matches it.
func NewI32(shape []int, data []int32) (*Tensor, error) {
	t := &Tensor{DType: I32, Shape: append([]int{}, shape...), I: data}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return t, nil
}

// Validate reports whether the tensor is well formed: a known dtype,
// non-negative dimensions whose product does not overflow, and a data slice
// of exactly the right length for the dtype.
func (t *Tensor) Validate() error {
	if t == nil {
		return errors.New("nil tensor")
	}
	n, err := shapeNumel(t.Shape)
	if err != nil {
		return err
	}
	var have, want int
	switch t.DType {
	case F32:
		have, want = len(t.F), n
	case I32:
		have, want = len(t.I), n
	case C64:
		if n > math.MaxInt/2 {
			return fmt.Errorf("shape %s is too large", t.ShapeString())
		}
		have, want = len(t.F), 2*n
	default:
		return fmt.Errorf("unknown dtype %s", t.DType)
	}
	if have != want {
		return fmt.Errorf("%s tensor of shape %s needs %d values, has %d", t.DType, t.ShapeString(), want, have)
	}
	return nil
}

// Numel returns the number of elements: the product of the shape (1 for a
// scalar). It assumes a valid shape; see Validate.
func (t *Tensor) Numel() int {
	n := 1
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// Clone returns a deep copy: shape and data are not shared.
func (t *Tensor) Clone() *Tensor {
	c := &Tensor{DType: t.DType, Shape: append([]int{}, t.Shape...)}
	if t.F != nil {
		c.F = append([]float32{}, t.F...)
	}
	if t.I != nil {
		c.I = append([]int32{}, t.I...)
	}
	return c
}

// ShapeString formats the shape as in messages, e.g. "[2, 33, 32]".
func (t *Tensor) ShapeString() string {
	return formatShape(t.Shape)
}

// ShapeEqual reports whether two shapes have the same dimensions.
func ShapeEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// formatShape formats a shape as "[2, 33, 32]" ("[]" for a scalar).
func formatShape(shape []int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, d := range shape {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(d))
	}
	b.WriteByte(']')
	return b.String()
}

// shapeNumel returns the product of the dimensions, rejecting negative
// dimensions and products that overflow int. Shapes read from files go
// through here before anything is allocated or indexed.
func shapeNumel(shape []int) (int, error) {
	n := 1
	for _, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("shape %s has a negative dimension", formatShape(shape))
		}
		if d != 0 && n > math.MaxInt/d {
			return 0, fmt.Errorf("shape %s has too many elements", formatShape(shape))
		}
		n *= d
	}
	return n, nil
}

// shapeFromInt64 converts dimensions read from a file, which may not fit in
// int on 32-bit systems, rejecting negative and oversized ones.
func shapeFromInt64(dims []int64) ([]int, error) {
	shape := make([]int, len(dims))
	for i, d := range dims {
		if d < 0 || d > math.MaxInt {
			s := strings.ReplaceAll(fmt.Sprint(dims), " ", ", ")
			if d < 0 {
				return nil, fmt.Errorf("shape %s has a negative dimension", s)
			}
			return nil, fmt.Errorf("shape %s has too many elements", s)
		}
		shape[i] = int(d)
	}
	if _, err := shapeNumel(shape); err != nil {
		return nil, err
	}
	return shape, nil
}

// byteSize returns numel*elemSize, or an error when that overflows int.
func byteSize(shape []int, elemSize int) (int, error) {
	n, err := shapeNumel(shape)
	if err != nil {
		return 0, err
	}
	if n > math.MaxInt/elemSize {
		return 0, fmt.Errorf("shape %s has too many bytes", formatShape(shape))
	}
	return n * elemSize, nil
}
