package runtime

import (
	"errors"
	"testing"
)

func TestCheckWeightsAllProblems(t *testing.T) {
	want := []ParamSpec{
		{Name: "backbone.norm_f.weight", Shape: []int{32}},
		{Name: "lm_head.weight", Shape: []int{64, 32}},
		{Name: "embedding.weight", Shape: []int{64, 32}},
		{Name: "tied.weight", Shape: []int{64, 32}, Optional: true},
		{Name: "a.missing", Shape: []int{2, 2}},
	}
	have := map[string]*Tensor{
		"lm_head.weight":   New(F32, 64, 16),
		"embedding.weight": New(F32, 64, 32),
		"foo":              New(I32, 3),
		"bar":              New(F32),
		"ignored":          nil,
	}
	err := CheckWeights("weights.safetensors", want, have)
	var we *WeightsError
	if !errors.As(err, &we) {
		t.Fatalf("error %v is not a *WeightsError", err)
	}
	wantMsg := "weights.safetensors: 5 problems:\n" +
		"  missing tensor a.missing [2, 2]\n" +
		"  missing tensor backbone.norm_f.weight [32]\n" +
		"  unexpected tensor bar []\n" +
		"  unexpected tensor foo [3]\n" +
		"  tensor lm_head.weight has shape [64, 16], want [64, 32]"
	if err.Error() != wantMsg {
		t.Errorf("message\n%s\nwant\n%s", err, wantMsg)
	}
	if we.Source != "weights.safetensors" || len(we.Missing) != 2 || len(we.Unexpected) != 2 || len(we.Mismatched) != 1 ||
		!ShapeEqual(we.Mismatched[0].Got, []int{64, 16}) || !ShapeEqual(we.Mismatched[0].Want, []int{64, 32}) {
		t.Errorf("fields %+v", we)
	}
}

func TestCheckWeightsOK(t *testing.T) {
	want := []ParamSpec{
		{Name: "w", Shape: []int{2, 3}},
		{Name: "tied", Shape: []int{4}, Optional: true},
	}
	if err := CheckWeights("x", want, map[string]*Tensor{"w": New(F32, 2, 3)}); err != nil {
		t.Errorf("absent optional: %v", err)
	}
	if err := CheckWeights("x", want, map[string]*Tensor{"w": New(F32, 2, 3), "tied": New(F32, 4)}); err != nil {
		t.Errorf("present optional: %v", err)
	}
	err := CheckWeights("x", want, map[string]*Tensor{"w": New(F32, 2, 3), "tied": New(F32, 5)})
	if err == nil || err.Error() != "x: 1 problem:\n  tensor tied has shape [5], want [4]" {
		t.Errorf("mis-shaped optional: %v", err)
	}
}
