package runtime

import "testing"

func TestSliceAndConcatAxis(t *testing.T) {
	// A [2, 3, 2] i32 tensor holding 0..11; slicing axis 1 then joining the
	// pieces back gives the original, and each piece holds the right values.
	x := New(I32, 2, 3, 2)
	for i := range x.I {
		x.I[i] = int32(i)
	}
	a, err := SliceAxis(x, 1, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := SliceAxis(x, 1, 1, 3)
	if want := []int32{0, 1, 6, 7}; !equalI(a.I, want) {
		t.Errorf("slice [0:1] = %v, want %v", a.I, want)
	}
	back, err := Concat([]*Tensor{a, b}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !ShapeEqual(back.Shape, x.Shape) || !equalI(back.I, x.I) {
		t.Errorf("concat(slices) = %v %v, want the original", back.Shape, back.I)
	}
	// Complex values move as (re, im) pairs.
	c := New(C64, 1, 2)
	copy(c.F, []float32{1, 2, 3, 4})
	s, _ := SliceAxis(c, 1, 1, 2)
	if s.F[0] != 3 || s.F[1] != 4 {
		t.Errorf("complex slice = %v, want [3 4]", s.F)
	}
	if _, err := SliceAxis(x, 1, 2, 4); err == nil {
		t.Error("out-of-range slice accepted")
	}
	if _, err := Concat([]*Tensor{a, New(I32, 2, 1, 3)}, 1); err == nil {
		t.Error("concat of mismatched shapes accepted")
	}
}

func equalI(a, b []int32) bool {
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

func TestDecodeConfig(t *testing.T) {
	var c struct {
		D     int     `json:"d_model"`
		R     int     `json:"dt_rank"`
		Eps   float64 `json:"eps"`
		Tie   bool    `json:"tie"`
		Name  string  `json:"name"`
		Other int     `json:"pad_token_id"`
	}
	c.R, c.Other = 7, 3
	err := DecodeConfig([]byte(`{"hyper": {"d_model": 64, "dt_rank": "auto", "eps": 1e-6, "tie": true, "name": "x", "pad_token_id": null, "unknown": [1]}}`), &c)
	if err != nil || c.D != 64 || c.R != 7 || c.Eps != 1e-6 || !c.Tie || c.Name != "x" || c.Other != 3 {
		t.Fatalf("got %+v, %v", c, err)
	}
	if err := DecodeConfig([]byte(`{"d_model": 6.5}`), &c); err == nil {
		t.Error("6.5 accepted for an int")
	}
	if err := DecodeConfig([]byte(`[1]`), &c); err == nil {
		t.Error("a JSON array accepted as a config")
	}
}
