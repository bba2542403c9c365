package main

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/seqc-dev/seqc/decode"
	"github.com/seqc-dev/seqc/examples/pointer/ptrnet"
	"github.com/seqc-dev/seqc/runtime"
)

const fixture = "../../golden/reference/pointer_sort/"

// TestPointers: constrained greedy decoding through the generated package
// and the decode package points where the reference model does, and the
// program sorts lists it was not trained on.
func TestPointers(t *testing.T) {
	raw, err := os.ReadFile(fixture + "config.json")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Greedy struct {
			Examples []struct {
				Inputs   []float32 `json:"inputs"`
				Pointers []int32   `json:"pointers"`
			} `json:"examples"`
		} `json:"greedy"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Greedy.Examples) == 0 {
		t.Fatal("no greedy examples in the fixture")
	}
	m, err := ptrnet.Load(fixture + "weights.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, ex := range cfg.Greedy.Examples {
		n := len(ex.Inputs)
		x := runtime.New(runtime.F32, 1, n, 1)
		copy(x.F, ex.Inputs)
		lm, err := decode.FromModel(m.Executable(), "forward", decode.WithStream("pointers"), decode.WithFixed("inputs", x))
		if err != nil {
			t.Fatal(err)
		}
		got, err := decode.Generate(ctx, decode.Constrain(lm, permutations(n)), []int32{0}, decode.Options{MaxTokens: n + 1})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, ex.Pointers) {
			t.Errorf("%v: pointers %v, reference %v", ex.Inputs, got, ex.Pointers)
		}
	}
	xs := []float64{5, 3, 9, 1, 7}
	hs, err := sortList(ctx, m, xs, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(hs[0].Tokens, []int32{3, 1, 0, 4, 2}) {
		t.Errorf("sorting %v: best pointers %v, want [3 1 0 4 2]", xs, hs[0].Tokens)
	}
}
