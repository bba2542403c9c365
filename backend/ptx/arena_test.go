package ptx_test

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/seqc-dev/seqc/backend/ptx"
	"github.com/seqc-dev/seqc/runtime"
)

// TestArenaCharLM runs the trained Mamba and LLaMA char-LMs on whole
// sequences (the fixtures' 4 × 256 bytes) on the ptx backend over the
// simulated driver: the logits match the official implementations'
// within the fixtures' tolerance; the activations live in one arena per
// run laid out from the memory plan (the input ids too), so the second run
// of a shape — and a shorter run after a longer one — allocates nothing on
// the device; the arena is the layout's size (and an eighth to spare), the
// layout within a fifth of the peak of the bytes alive at once.
func TestArenaCharLM(t *testing.T) {
	if err := ptx.SimulatedGPU.Available(); err != nil {
		t.Skip(err)
	}
	for _, c := range []struct{ model, dir string }{
		{"../../examples/mamba/mamba_lm.seq", "../../golden/reference/mamba_charlm"},
		{"../../examples/llama/llama.seq", "../../golden/reference/llama_charlm"},
	} {
		t.Run(filepath.Base(c.dir), func(t *testing.T) {
			var cfg struct {
				Tolerance struct{ Atol, Rtol float64 } `json:"tolerance"`
			}
			readConfig(t, c.dir, &cfg)
			ids, err := runtime.ReadNpy(filepath.Join(c.dir, "input_ids.npy"))
			if err != nil {
				t.Fatal(err)
			}
			want, err := runtime.ReadNpy(filepath.Join(c.dir, "logits.npy"))
			if err != nil {
				t.Fatal(err)
			}
			m, w := loadCharLM(t, c.model, c.dir)
			ctx := context.Background()
			exec, stats, err := ptx.PrepareSimulatedArena(ctx, m, w)
			if err != nil {
				t.Fatal(err)
			}
			run := func(x *runtime.Tensor) *runtime.Tensor {
				t.Helper()
				out, err := exec.Run(ctx, "forward", []*runtime.Tensor{x})
				if err != nil {
					t.Fatal(err)
				}
				return out[0]
			}
			check := func(got *runtime.Tensor, l int) {
				t.Helper()
				B, L, V := want.Shape[0], want.Shape[1], want.Shape[2]
				for b := 0; b < B; b++ {
					for i := 0; i < l*V; i++ {
						g, r := float64(got.F[(b*l)*V+i]), float64(want.F[(b*L)*V+i])
						if d := math.Abs(g - r); !(d <= cfg.Tolerance.Atol+cfg.Tolerance.Rtol*math.Abs(r)) {
							t.Fatalf("logits[%d, %d, %d] = %g, reference %g", b, i/V, i%V, g, r)
						}
					}
				}
			}
			check(run(ids), ids.Shape[1])
			first := stats()
			check(run(ids), ids.Shape[1])
			second := stats()
			short := &runtime.Tensor{DType: runtime.I32, Shape: []int{ids.Shape[0], 64}}
			for b := 0; b < ids.Shape[0]; b++ {
				short.I = append(short.I, ids.I[b*ids.Shape[1]:b*ids.Shape[1]+64]...)
			}
			check(run(short), 64)
			third := stats()
			t.Logf("arena %d bytes, layouts (size, peak) %v; device allocations: first run %d, second %d, shorter %d",
				first.ArenaBytes, third.Layouts, first.Allocs, second.Allocs-first.Allocs, third.Allocs-second.Allocs)
			if second.Allocs != first.Allocs || third.Allocs != first.Allocs {
				t.Errorf("device allocations after the first run: %d, then %d (want none)", second.Allocs-first.Allocs, third.Allocs-second.Allocs)
			}
			if third.Free != 1 || third.ArenaBytes != first.ArenaBytes {
				t.Errorf("%d free arenas of %d bytes in all after the runs, want the first run's one of %d", third.Free, third.ArenaBytes, first.ArenaBytes)
			}
			if len(third.Layouts) != 2 {
				t.Fatalf("%d layouts, want one per shape (2)", len(third.Layouts))
			}
			var biggest int64
			for _, l := range third.Layouts {
				biggest = max(biggest, l[0])
				if l[1] == 0 || l[0] < l[1] || 5*l[0] > 6*l[1] {
					t.Errorf("layout of %d bytes for a peak of %d", l[0], l[1])
				}
			}
			if first.ArenaBytes < biggest || 8*first.ArenaBytes > 9*biggest+8*256 {
				t.Errorf("arena of %d bytes for a layout of %d", first.ArenaBytes, biggest)
			}
		})
	}
}
