package interp_test

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/passes"
)

const twoConvs = `import "std/nn"

model TwoConvs(c: int = 6) {
    a = nn.Conv1d(c, 3, bias: false)
    b = nn.Conv1d(c, 4)
    norm = nn.RMSNorm(c)
    proj = nn.Linear(c, c)

    forward(x: f32[B, L, c]) -> f32[B, L, c] {
        return silu(proj(norm(b(a(x)))))
    }
}
`

// TestFusionsKeepNumbers: a model every fusion applies to (conv∘conv,
// norm weight into the linear, activation epilogues) gives the unfused
// model's outputs, forward and step by step.
func TestFusionsKeepNumbers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "two.seq")
	os.WriteFile(path, []byte(twoConvs), 0o644)
	off := map[string]bool{}
	for _, p := range passes.Pipeline {
		if !p.Required {
			off[p.Name] = true
		}
	}
	fused, err := driver.Compile(driver.Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := driver.Compile(driver.Config{Path: path, Passes: passes.Options{Disable: off}})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{} // ops over activations; weight-only ops run once per model
	fixed := ir.FixedOps(fused.Funcs[0])
	for _, op := range fused.Funcs[0].Body {
		if !fixed[op] {
			kinds[op.Kind]++
		}
	}
	if kinds["conv"] != 1 || kinds["silu"] != 0 || kinds["mul"] != 0 || len(kinds) != 3 {
		t.Errorf("after fusion the activations pass through %v, want one conv, rms_norm and linear", kinds)
	}
	w, _ := driver.InitWeights(plain, 3)
	a, _ := interp.New(fused, w, "w", interp.Options{})
	b, _ := interp.New(plain, w, "w", interp.Options{})
	in := randomInputs(t, plain.Func("forward"), 2, 17, rand.New(rand.NewPCG(4, 4)))
	ya, err := a.Run(context.Background(), "forward", in)
	if err != nil {
		t.Fatal(err)
	}
	yb, err := b.Run(context.Background(), "forward", in)
	if err != nil {
		t.Fatal(err)
	}
	close(t, "fused vs unfused", ya[0], yb[0], 1e-5)
	ys, err := driver.Stream(context.Background(), a, fused.Func("forward"), in, driver.StreamOptions{Prefill: 5})
	if err != nil {
		t.Fatal(err)
	}
	close(t, "fused step vs unfused forward", ys[0], yb[0], 1e-5)
}

// TestMinGRUTwoForms: the minGRU example written as an ssm and as a scan
// gives the same numbers, in every algorithm and streamed.
func TestMinGRUTwoForms(t *testing.T) {
	ctx := context.Background()
	tm := testModel{"../../examples/custom/mingru.seq", nil}
	ref := build(t, tm, interp.Options{})
	in := randomInputs(t, ref.M.Func("forward"), 3, 37, rand.New(rand.NewPCG(5, 7)))
	want, err := ref.Run(ctx, "sequential", in)
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range ir.ApplicableModes(ref.M) {
		md := build(t, tm, interp.Options{Mode: mode, Chunk: 5})
		got, err := md.Run(ctx, "forward", in)
		if err != nil {
			t.Fatal(err)
		}
		close(t, "ssm form ("+mode+") vs scan form", got[0], want[0], 1e-5)
	}
	streamed, err := driver.Stream(ctx, ref, ref.M.Func("forward"), in, driver.StreamOptions{Prefill: 4})
	if err != nil {
		t.Fatal(err)
	}
	close(t, "streamed ssm form vs scan form", streamed[0], want[0], 1e-5)
}
