package runtime

import (
	"math"
	"strings"
	"testing"
)

func TestDTypeString(t *testing.T) {
	for dt, want := range map[DType]string{F32: "f32", I32: "i32", C64: "c64", 9: "dtype(9)"} {
		if got := dt.String(); got != want {
			t.Errorf("DType(%d).String() = %q, want %q", dt, got, want)
		}
	}
}

func TestNew(t *testing.T) {
	a := New(F32, 2, 3)
	if a.Numel() != 6 || len(a.F) != 6 || a.I != nil {
		t.Errorf("New(F32, 2, 3) = %+v", a)
	}
	c := New(C64, 4)
	if len(c.F) != 8 {
		t.Errorf("New(C64, 4) has %d floats, want 8", len(c.F))
	}
	s := New(I32)
	if s.Numel() != 1 || len(s.I) != 1 || s.ShapeString() != "[]" {
		t.Errorf("scalar New(I32) = %+v", s)
	}
	for _, tt := range []*Tensor{a, c, s} {
		if err := tt.Validate(); err != nil {
			t.Errorf("Validate(%v): %v", tt.ShapeString(), err)
		}
	}
}

func TestNewChecked(t *testing.T) {
	if _, err := NewF32([]int{2, 2}, make([]float32, 4)); err != nil {
		t.Errorf("NewF32 valid: %v", err)
	}
	if _, err := NewI32([]int{3}, make([]int32, 3)); err != nil {
		t.Errorf("NewI32 valid: %v", err)
	}
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"short F32", second(NewF32([]int{2, 3}, make([]float32, 5))), "needs 6 values, has 5"},
		{"short I32", second(NewI32([]int{2}, nil)), "needs 2 values, has 0"},
		{"negative", second(NewF32([]int{-1}, nil)), "negative"},
		{"overflow", second(NewF32([]int{math.MaxInt / 2, 3}, nil)), "too many"},
	}
	for _, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, c.err, c.want)
		}
	}
}

func second(_ *Tensor, err error) error { return err }

func TestFromF32NoCopy(t *testing.T) {
	data := []float32{1, 2}
	a := FromF32([]int{2}, data)
	data[0] = 7
	if a.F[0] != 7 {
		t.Error("FromF32 copied its data")
	}
}

func TestCloneIsDeep(t *testing.T) {
	a, _ := NewF32([]int{2}, []float32{1, 2})
	b := a.Clone()
	b.F[0], b.Shape[0] = 9, 5
	if a.F[0] != 1 || a.Shape[0] != 2 {
		t.Error("Clone shares memory with the original")
	}
	i, _ := NewI32([]int{1}, []int32{4})
	if j := i.Clone(); j.I[0] != 4 || j.F != nil {
		t.Errorf("Clone of I32 = %+v", j)
	}
}

func TestShapeHelpers(t *testing.T) {
	if s := New(F32, 2, 33, 32).ShapeString(); s != "[2, 33, 32]" {
		t.Errorf("ShapeString = %q", s)
	}
	if !ShapeEqual([]int{1, 2}, []int{1, 2}) || ShapeEqual([]int{1, 2}, []int{2, 1}) ||
		ShapeEqual([]int{1}, []int{1, 1}) || !ShapeEqual(nil, []int{}) {
		t.Error("ShapeEqual is wrong")
	}
}
