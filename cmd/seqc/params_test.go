package main

import (
	"path/filepath"
	"sort"
	"testing"

	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/runtime"
)

// TestParamNames: for every reference case, the parameters the model
// declares (names and shapes, with the case's hyperparameters) are exactly
// the tensors in the official checkpoint; a tied parameter may be stored or not.
func TestParamNames(t *testing.T) {
	for _, c := range readModels(t) {
		t.Run(c.name, func(t *testing.T) {
			m, err := driver.Load(c.config())
			if err != nil {
				t.Fatal(err)
			}
			f, err := runtime.OpenSafetensors(filepath.Join("golden/reference", c.name, "weights.safetensors"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			stored := map[string][]int{}
			for _, n := range f.Names() {
				_, shape, _ := f.Info(n)
				stored[n] = shape
			}
			declared := map[string]bool{}
			for _, p := range m.Params {
				declared[p.Name] = true
				want, _ := p.Type.Shape.Eval(nil)
				got, ok := stored[p.Name]
				switch {
				case !ok && p.TiedTo == "":
					t.Errorf("model declares %s %v, the checkpoint lacks it", p.Name, want)
				case ok && !runtime.ShapeEqual(got, want):
					t.Errorf("%s: model says %v, checkpoint %v", p.Name, want, got)
				}
			}
			var extra []string
			for n := range stored {
				if !declared[n] {
					extra = append(extra, n)
				}
			}
			sort.Strings(extra)
			if len(extra) > 0 {
				t.Errorf("checkpoint holds tensors the model does not declare: %v", extra)
			}
		})
	}
}
