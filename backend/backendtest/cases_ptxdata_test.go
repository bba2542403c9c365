package backendtest

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/seqc-dev/seqc/backend"
)

// TestPTXDataCases runs only the data-op cases (cases_ptxdata.go) on every
// backend available here: the focused check while working on those
// kernels (TestConformance runs them too, among all the others).
func TestPTXDataCases(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, b := range backend.Available() {
		t.Run(b.Name(), func(t *testing.T) {
			for _, c := range ptxDataCases(rng) {
				fails, err := Check(context.Background(), b, c, []int{1, 2}, []int{0, 1, 5, 17}, rng)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range fails {
					t.Error(f)
				}
			}
		})
	}
}
