package driver

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/runtime"
)

// TestNewArray: each way of making an array, and what is refused.
func TestNewArray(t *testing.T) {
	a, err := NewArray(ArraySpec{Shape: []int{2, 16, 8}, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if a.DType != runtime.F32 || !reflect.DeepEqual(a.Shape, []int{2, 16, 8}) {
		t.Fatalf("got %s%s", a.DType, a.ShapeString())
	}
	var sum, sq float64
	for _, v := range a.F {
		sum, sq = sum+float64(v), sq+float64(v)*float64(v)
	}
	n := float64(len(a.F))
	if mean, std := sum/n, sq/n; mean < -0.2 || mean > 0.2 || std < 0.7 || std > 1.3 {
		t.Errorf("the default fill is not standard normal: mean %v, mean square %v", mean, std)
	}
	b, _ := NewArray(ArraySpec{Shape: []int{2, 16, 8}, Seed: 3})
	c, _ := NewArray(ArraySpec{Shape: []int{2, 16, 8}, Seed: 4})
	if !reflect.DeepEqual(a.F, b.F) || reflect.DeepEqual(a.F, c.F) {
		t.Error("random fills do not follow the seed")
	}

	ids, err := NewArray(ArraySpec{Shape: []int{1, 1000}, DType: "i32", Fill: "uniform", Low: 3, High: 7})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int32]bool{}
	for _, v := range ids.I {
		if v < 3 || v >= 7 {
			t.Fatalf("i32 uniform in [3, 7) gave %d", v)
		}
		seen[v] = true
	}
	if len(seen) != 4 {
		t.Errorf("i32 uniform in [3, 7) gave only %v", seen)
	}

	cases := []struct {
		spec  ArraySpec
		dtype runtime.DType
		shape []int
		f     []float32
		i     []int32
	}{
		{ArraySpec{HasValues: true, Values: []float64{1, 2.5, -3}}, runtime.F32, []int{3}, []float32{1, 2.5, -3}, nil},
		{ArraySpec{HasValues: true, Values: []float64{1, 2, 3, 4}, Shape: []int{2, 2}, DType: "i32"}, runtime.I32, []int{2, 2}, nil, []int32{1, 2, 3, 4}},
		{ArraySpec{HasText: true, Text: "hi!"}, runtime.I32, []int{1, 3}, nil, []int32{'h', 'i', '!'}},
		{ArraySpec{Shape: []int{2, 3}, Fill: "arange"}, runtime.F32, []int{2, 3}, []float32{0, 1, 2, 3, 4, 5}, nil},
		{ArraySpec{Shape: []int{2}, Fill: "ones", DType: "i32"}, runtime.I32, []int{2}, nil, []int32{1, 1}},
		{ArraySpec{Shape: []int{3}, DType: "i32"}, runtime.I32, []int{3}, nil, []int32{0, 0, 0}},
		{ArraySpec{Shape: []int{}, Fill: "zeros"}, runtime.F32, []int{}, []float32{0}, nil},
	}
	for _, c := range cases {
		got, err := NewArray(c.spec)
		if err != nil {
			t.Errorf("%+v: %v", c.spec, err)
			continue
		}
		if got.DType != c.dtype || !reflect.DeepEqual(got.Shape, c.shape) || (c.f != nil && !reflect.DeepEqual(got.F, c.f)) || (c.i != nil && !reflect.DeepEqual(got.I, c.i)) {
			t.Errorf("%+v: got %s%s %v %v", c.spec, got.DType, got.ShapeString(), got.F, got.I)
		}
	}

	bad := []struct {
		spec ArraySpec
		want string
	}{
		{ArraySpec{}, "give the shape"},
		{ArraySpec{Shape: []int{2}, DType: "f16"}, "unknown dtype"},
		{ArraySpec{Shape: []int{2}, Fill: "gauss"}, "unknown fill"},
		{ArraySpec{Shape: []int{2}, DType: "i32", Fill: "normal"}, "makes f32 arrays"},
		{ArraySpec{Shape: []int{2}, Fill: "uniform", Low: 2, High: 1}, "low < high"},
		{ArraySpec{Shape: []int{2}, DType: "i32", Fill: "uniform", Low: 0.2, High: 0.9}, "no i32"},
		{ArraySpec{HasValues: true, Values: []float64{1, 2, 3}, Shape: []int{2, 2}}, "3 values for shape [2 2], which holds 4"},
		{ArraySpec{HasValues: true, Values: []float64{1.5}, DType: "i32"}, "not an i32"},
		{ArraySpec{HasValues: true, HasText: true}, "not both"},
		{ArraySpec{HasText: true, Text: "x", Fill: "ones"}, "not two of them"},
		{ArraySpec{Shape: []int{1 << 20, 1 << 20, 1 << 20}}, "more than"},
	}
	for _, c := range bad {
		if _, err := NewArray(c.spec); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.spec, err, c.want)
		}
	}
}

func TestParseShapeValues(t *testing.T) {
	for in, want := range map[string][]int{"1,16,8": {1, 16, 8}, " 2 , 3 ": {2, 3}, "4x5": {4, 5}, "": {}, "0": {0}} {
		got, err := ParseShape(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ParseShape(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"1,-2", "a,b", "1.5"} {
		if _, err := ParseShape(in); err == nil {
			t.Errorf("ParseShape(%q): no error", in)
		}
	}
	if v, err := ParseValues("1, 2.5,-3e2,"); err != nil || !reflect.DeepEqual(v, []float64{1, 2.5, -300}) {
		t.Errorf("ParseValues: %v, %v", v, err)
	}
	if _, err := ParseValues("1, two"); err == nil {
		t.Error("ParseValues(\"1, two\"): no error")
	}
}

// TestDescribeArray: type, shape, statistics and rows, through a file.
func TestDescribeArray(t *testing.T) {
	a, _ := NewArray(ArraySpec{Shape: []int{2, 3}, Fill: "arange"})
	p := filepath.Join(t.TempDir(), "a.npy")
	if err := runtime.WriteNpy(p, a); err != nil {
		t.Fatal(err)
	}
	back, err := runtime.ReadNpy(p)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := DescribeArray(back, false), "f32[2, 3]: min 0, max 5, mean 2.5\n  0 1 2\n  3 4 5\n"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	big, _ := NewArray(ArraySpec{Shape: []int{10, 10}, Fill: "ones", DType: "i32"})
	if got := DescribeArray(big, false); !strings.Contains(got, "... 36 more (--all shows every element)") || strings.Count(got, "\n") != 9 {
		t.Errorf("a 100-element array is not cut at 64:\n%s", got)
	}
	if got := DescribeArray(big, true); strings.Contains(got, "more") || strings.Count(got, "\n") != 11 {
		t.Errorf("--all does not print every row:\n%s", got)
	}
	empty, _ := NewArray(ArraySpec{Shape: []int{1, 0, 8}})
	if got := DescribeArray(empty, false); got != "f32[1, 0, 8]: no elements\n" {
		t.Errorf("empty: %q", got)
	}
}
