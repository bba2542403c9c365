package backendtest

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	_ "github.com/seqc-dev/seqc/backend/all"
	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// TestConformance runs every case on every backend available here against
// the interpreter, whole and streamed, in every algorithm.
func TestConformance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := Cases(rng)
	ops, err := Ops(cases)
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, op := range ops {
		covered[op] = true
	}
	for _, o := range ir.Ops() {
		if !covered[o.Name] {
			t.Errorf("no conformance case for %s", o.Name)
		}
	}
	for _, b := range backend.Available() {
		t.Run(b.Name(), func(t *testing.T) {
			for _, c := range cases {
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

// broken is the interpreter with one wrong kernel: silu computed as x.
type broken struct{ backend.Backend }

func (broken) Name() string { return "broken" }

func (b broken) Prepare(ctx context.Context, m *ir.Module, w map[string]*runtime.Tensor, source string, o backend.Options) (backend.Executable, error) {
	k := interp.Kernels{ByOp: map[*ir.Op]interp.Kernel{}}
	for _, f := range m.Funcs {
		for _, op := range f.Body {
			if op.Kind == "silu" {
				k.ByOp[op] = func(c *interp.KernelCall) ([]*runtime.Tensor, error) {
					return []*runtime.Tensor{c.Args[0].Clone()}, nil
				}
			}
		}
	}
	return interp.NewWithKernels(m, w, source, o, "broken", k)
}

// TestConformanceCatches: the harness reports a backend with a wrong
// kernel, naming the op (it is not a test that cannot fail).
func TestConformanceCatches(t *testing.T) {
	base, err := backend.Lookup(backend.Interp)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	caught := false
	for _, c := range Cases(rng) {
		fails, err := Check(context.Background(), broken{base}, c, []int{1}, []int{5}, rng)
		if err != nil {
			t.Fatal(err)
		}
		if len(fails) > 0 && c.Op != "silu" {
			t.Errorf("%s: failures for an op whose kernel is right: %v", c.Op, fails)
		}
		caught = caught || (c.Op == "silu" && len(fails) > 0)
	}
	if !caught {
		t.Error("a wrong silu kernel passed the conformance harness")
	}
}
