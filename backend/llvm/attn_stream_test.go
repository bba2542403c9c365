package llvm

import (
	"context"
	"math"
	"math/rand"
	"testing"
	"unsafe"

	"github.com/seqc-dev/seqc/backend"
	_ "github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// attnStreamModule is causal attention (grouped-query) and gated DeltaNet
// on the same inputs: both keep state in a stream (a KV cache, the delta
// state).
const attnStreamModule = `module Stream

func forward(%1 q: f32[B, L, 4, 16], %2 k: f32[B, L, 2, 16], %3 v: f32[B, L, 2, 16], %4 beta: f32[B, L, 2], %5 g: f32[B, L, 2]) -> (y: f32[B, L, 4, 16], z: f32[B, L, 2, 16]) {
  %6 = attention %1, %2, %3 {causal=true, scale=0.25} : f32[B, L, 4, 16]
  %7 = l2_norm %2 {eps=1e-06} : f32[B, L, 2, 16]
  %8 = sigmoid %4 : f32[B, L, 2]
  %9 = logsigmoid %5 : f32[B, L, 2]
  %10 = slice %1 {axis=2, start=#0, stop=#2} : f32[B, L, 2, 16]
  %11 = delta_rule %10, %7, %3, %8, %9 {gated=true, n=1, scale=0.25} : f32[B, L, 2, 16]
  return %6, %11
}
`

func attnStreamInputs(rng *rand.Rand, f *ir.Func, B, L int) []*runtime.Tensor {
	var in []*runtime.Tensor
	for _, shape := range [][]int{{B, L, 4, 16}, {B, L, 2, 16}, {B, L, 2, 16}, {B, L, 2}, {B, L, 2}} {
		t := runtime.New(runtime.F32, shape...)
		for i := range t.F {
			t.F[i] = float32(rng.NormFloat64())
		}
		in = append(in, t)
	}
	return in
}

// attnSlice is positions [a, b) of every input.
func attnSlice(t *testing.T, in []*runtime.Tensor, a, b int) []*runtime.Tensor {
	out := make([]*runtime.Tensor, len(in))
	for i, x := range in {
		var err error
		if out[i], err = runtime.SliceAxis(x, 1, a, b); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// attnSplice is a's positions [0, at) followed by b's [at, L).
func attnSplice(t *testing.T, a, b []*runtime.Tensor, at int) []*runtime.Tensor {
	out := make([]*runtime.Tensor, len(a))
	for i := range a {
		x, _ := runtime.SliceAxis(a[i], 1, 0, at)
		y, _ := runtime.SliceAxis(b[i], 1, at, a[i].Shape[1])
		var err error
		if out[i], err = runtime.Concat([]*runtime.Tensor{x, y}, 1); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestAttentionStreamSnapshot streams attention and the delta rule on the
// LLVM backend through chunks and steps, snapshots, continues, restores and
// continues with other inputs, and checks every output against the
// interpreter on the whole sequence that was streamed: the KV cache grows
// in place (attnAppend) yet a snapshot keeps what it saw. With B 2 the
// cache is copied instead.
func TestAttentionStreamSnapshot(t *testing.T) {
	requireJIT(t)
	t.Setenv("SEQC_CACHE", t.TempDir())
	ctx := context.Background()
	m, err := ir.Parse(attnStreamModule)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := backend.Lookup(backend.Interp)
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"auto", ir.ModeChunked, ir.ModeQuadratic, ir.ModeScan} {
		exe, err := llvmBackend{}.Prepare(ctx, m, nil, "", backend.Options{Mode: mode, Threads: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range exe.Placement() {
			if (p.Op.Kind == "attention" || p.Op.Kind == "delta_rule") && p.Backend != Name {
				t.Fatalf("%s runs on %s: %s", p.Op.Kind, p.Backend, p.Why)
			}
		}
		rexe, err := ref.Prepare(ctx, m, nil, "", backend.Options{Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		f := m.Func("forward")
		for _, B := range []int{1, 2} {
			const L, at = 90, 40
			rng := rand.New(rand.NewSource(int64(B)))
			x, x2 := attnStreamInputs(rng, f, B, L), attnStreamInputs(rng, f, B, L)
			want := func(in []*runtime.Tensor) []*runtime.Tensor {
				out, err := rexe.Run(ctx, "forward", in)
				if err != nil {
					t.Fatal(err)
				}
				return out
			}
			st, err := exe.NewState("forward", backend.Stream{})
			if err != nil {
				t.Fatal(err)
			}
			// check streams in from [from, to) of in, in chunks of 1 to 9
			// positions, and compares with ref's positions.
			check := func(st backend.State, in, ref []*runtime.Tensor, from, to int, tag string) {
				for p := from; p < to; {
					n := min(1+rng.Intn(9), to-p)
					chunk := attnSlice(t, in, p, p+n)
					var out []*runtime.Tensor
					if n == 1 {
						out, err = exe.Step(ctx, st, chunk)
					} else {
						out, err = exe.Prefill(ctx, st, chunk)
					}
					if err != nil {
						t.Fatal(err)
					}
					for i, o := range out {
						w, _ := runtime.SliceAxis(ref[i], 1, p, p+n)
						for j := range w.F {
							if d := math.Abs(float64(o.F[j] - w.F[j])); !(d <= 2e-5*(1+math.Abs(float64(w.F[j])))) {
								t.Fatalf("mode %s B %d %s: output %d at positions [%d, %d) element %d = %v, want %v", mode, B, tag, i, p, p+n, j, o.F[j], w.F[j])
							}
						}
					}
					p += n
				}
			}
			whole := want(x)
			check(st, x, whole, 0, at, "first")
			snap := st.Snapshot()
			check(st, x, whole, at, L, "continued")
			// The snapshot, streamed on its own, and the restored state
			// both continue from position at.
			spliced := want(attnSplice(t, x, x2, at))
			check(snap, x2, spliced, at, L, "snapshot streamed")
			if err := st.Restore(snap); err != nil {
				t.Fatal(err)
			}
			// snap has advanced; restore from a fresh one taken at `at`.
			st2, _ := exe.NewState("forward", backend.Stream{})
			check(st2, x, whole, 0, at, "second stream")
			snap2 := st2.Snapshot()
			check(st2, x, whole, at, L, "second stream continued")
			if err := st.Restore(snap2); err != nil {
				t.Fatal(err)
			}
			check(st, x2, spliced, at, L, "restored")
		}
	}
}

// TestAttnAppend: the cache grows in place when it has room (B = 1), never
// changing what the old tensor shows, and is copied otherwise.
func TestAttnAppend(t *testing.T) {
	seq := func(B, n, start int) *runtime.Tensor {
		x := runtime.New(runtime.F32, B, n, 2, 3)
		for i := range x.F {
			x.F[i] = float32(start + i)
		}
		return x
	}
	var c *runtime.Tensor
	var all []float32
	shared := 0
	for step := 0; step < 200; step++ {
		n := step % 4
		x := seq(1, n, 1000*step)
		next := attnAppend(c, x)
		if c != nil {
			before := append([]float32(nil), c.F...)
			if unsafe.SliceData(next.F) == unsafe.SliceData(c.F) {
				shared++
			}
			for i := range before {
				if c.F[i] != before[i] || next.F[i] != before[i] {
					t.Fatalf("step %d: the old cache changed at %d", step, i)
				}
			}
		}
		all = append(all, x.F...)
		if next.Shape[1] != len(all)/6 || len(next.F) != len(all) {
			t.Fatalf("step %d: shape %v len %d, want %d positions", step, next.Shape, len(next.F), len(all)/6)
		}
		for i := range all {
			if next.F[i] != all[i] {
				t.Fatalf("step %d: cache[%d] = %v, want %v", step, i, next.F[i], all[i])
			}
		}
		c = next
	}
	if shared < 150 {
		t.Errorf("the cache grew in place only %d times of 200", shared)
	}
	// B = 2: positions interleave per sequence; copied.
	a := attnAppend(nil, seq(2, 3, 0))
	b := attnAppend(a, seq(2, 2, 100))
	want := []float32{}
	for bi := 0; bi < 2; bi++ {
		for p := 0; p < 3; p++ {
			for i := 0; i < 6; i++ {
				want = append(want, float32((bi*3+p)*6+i))
			}
		}
		for p := 0; p < 2; p++ {
			for i := 0; i < 6; i++ {
				want = append(want, float32(100+(bi*2+p)*6+i))
			}
		}
	}
	for i := range want {
		if b.F[i] != want[i] {
			t.Fatalf("B=2: cache[%d] = %v, want %v", i, b.F[i], want[i])
		}
	}
}
