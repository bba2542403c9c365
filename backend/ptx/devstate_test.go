package ptx

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	goruntime "runtime"
	"sync"
	"testing"
	"time"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// loadOptimizedIR parses a model's IR after every pass (the driver's
// golden files) and gives it random weights.
func loadOptimizedIR(t *testing.T, dir string, seed uint64) (*ir.Module, map[string]*runtime.Tensor) {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("..", "..", "internal", "driver", "testdata", "ir", dir, "10_step_layout.ir"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ir.Parse(string(text))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	weights := map[string]*runtime.Tensor{}
	for _, p := range m.Params {
		shape := make([]int, len(p.Type.Shape))
		n := 1
		for i, d := range p.Type.Shape {
			v, ok := d.Value()
			if !ok {
				t.Fatalf("%s: parameter %s has a symbolic shape", dir, p.Name)
			}
			shape[i], n = v, n*v
		}
		weights[p.Name] = runtime.FromF32(shape, randF(rng, n, 0.4))
	}
	return m, weights
}

// seqSlice is positions [a, b) of x [B, L, ...] (f32 or i32).
func seqSlice(x *runtime.Tensor, a, b int) *runtime.Tensor {
	B, L := x.Shape[0], x.Shape[1]
	row := x.Numel() / max(B*L, 1)
	shape := append([]int{B, b - a}, x.Shape[2:]...)
	out := runtime.New(x.DType, shape...)
	for i := 0; i < B; i++ {
		if x.DType == runtime.I32 {
			copy(out.I[i*(b-a)*row:], x.I[(i*L+a)*row:(i*L+b)*row])
		} else {
			copy(out.F[i*(b-a)*row:], x.F[(i*L+a)*row:(i*L+b)*row])
		}
	}
	return out
}

// streamCase streams x through a model over the simulated driver in the
// chunks given (lengths), and checks each chunk's output against the
// interpreter's whole-sequence run; per step (a chunk of 1) it records the
// host↔device copies.
type streamRun struct {
	outs      [][]float32 // per chunk
	stepCopy  []int       // host↔device copies per step
	stepBytes []int       // bytes they moved
	snapAfter int         // the chunk after which the state was snapshotted (-1: none)
	snap      backend.State
}

func streamChunks(t *testing.T, exec backend.Executable, sim *simDevice, x *runtime.Tensor, st backend.State, from int, chunks []int, snapAfter int) streamRun {
	t.Helper()
	ctx := context.Background()
	run := streamRun{snapAfter: snapAfter}
	pos := from
	for i, n := range chunks {
		before, bytes := sim.copies, sim.bytes
		var out []*runtime.Tensor
		var err error
		if n == 1 {
			out, err = exec.Step(ctx, st, []*runtime.Tensor{seqSlice(x, pos, pos+1)})
		} else {
			out, err = exec.Prefill(ctx, st, []*runtime.Tensor{seqSlice(x, pos, pos+n)})
		}
		if err != nil {
			t.Fatal(err)
		}
		if n == 1 {
			run.stepCopy = append(run.stepCopy, sim.copies-before)
			run.stepBytes = append(run.stepBytes, sim.bytes-bytes)
		}
		run.outs = append(run.outs, out[0].F)
		pos += n
		if i == snapAfter {
			copies, dtod := sim.copies, sim.dtod
			run.snap = st.Snapshot()
			if sim.copies != copies {
				t.Errorf("a snapshot copied %d times between host and device; it should copy on the device", sim.copies-copies)
			}
			if sim.dtod == dtod {
				t.Errorf("a snapshot made no device-to-device copy")
			}
		}
	}
	return run
}

// checkDeviceStream: over the simulated driver, a stream of a model in
// chunks and steps matches the interpreter's whole-sequence run; each
// step copies only its input in and its output back (stepCopies), the
// state staying on the device; a snapshot copies on the device, and a
// stream restored from it gives the same bits again.
func checkDeviceStream(t *testing.T, dir string, B, L, width int, chunks []int, snapAfter, stepCopies int, tol float64) {
	needEmu(t)
	m, weights := loadOptimizedIR(t, dir, 21)
	rng := rand.New(rand.NewPCG(22, 22))
	var x *runtime.Tensor
	if width > 0 {
		x = runtime.FromF32([]int{B, L, width}, randF(rng, B*L*width, 1))
	} else { // token ids below the vocabulary's size, -width
		ids := make([]int32, B*L)
		for i := range ids {
			ids[i] = int32(rng.IntN(-width))
		}
		x = &runtime.Tensor{DType: runtime.I32, Shape: []int{B, L}, I: ids}
	}
	ref, err := interp.New(m, weights, "test", interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := ref.Run(context.Background(), "forward", []*runtime.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	exec, sim, gr := prepareSimulated(t, m, weights, backend.Options{})
	st, err := exec.NewState("forward", backend.Stream{Batch: B})
	if err != nil {
		t.Fatal(err)
	}
	run := streamChunks(t, exec, sim, x, st, 0, chunks, snapAfter)
	if len(gr.states.byT) == 0 {
		t.Fatalf("%s: no stream state on the device", dir)
	}
	pos := 0
	for i, n := range chunks {
		w := seqSlice(want[0], pos, pos+n)
		wf := make([]float64, len(w.F))
		for j, v := range w.F {
			wf[j] = float64(v)
		}
		near(t, dir+" chunk", run.outs[i], wf, tol)
		pos += n
	}
	for i, c := range run.stepCopy {
		if stepCopies >= 0 && c != stepCopies {
			t.Errorf("%s: step %d copied %d times between host and device, want %d (input and output)", dir, i, c, stepCopies)
		}
		// The state never crosses: a step moves as many bytes at
		// position 40 as at position 4.
		if run.stepBytes[i] != run.stepBytes[0] {
			t.Errorf("%s: step %d moved %d bytes between host and device, the first step %d", dir, i, run.stepBytes[i], run.stepBytes[0])
		}
	}
	// Restore the snapshot into the stream and run the rest again.
	if err := st.Restore(run.snap); err != nil {
		t.Fatal(err)
	}
	from := 0
	for _, n := range chunks[:snapAfter+1] {
		from += n
	}
	again := streamChunks(t, exec, sim, x, st, from, chunks[snapAfter+1:], -1)
	for i, out := range again.outs {
		first := run.outs[snapAfter+1+i]
		for j := range out {
			if math.Float32bits(out[j]) != math.Float32bits(first[j]) {
				t.Fatalf("%s: after Restore, chunk %d element %d is %v, first time %v", dir, snapAfter+1+i, j, out[j], first[j])
			}
		}
	}
}

// TestDeviceStateMamba: the Mamba mixer's conv window and SSM state stay
// on the device across Prefill and Step.
func TestDeviceStateMamba(t *testing.T) {
	checkDeviceStream(t, "mamba_mamba_mixer", 2, 9, 32, []int{4, 1, 1, 1, 2}, 1, 2, 1e-4)
}

// TestDeviceStateKVCache: Jamba's KV cache (and its Mamba layers' state)
// stay on the device, the cache growing in place; 40 positions cross two
// growths (16 → 32 → 64). Its experts' routing runs on the interpreter,
// so a step copies more than its input and output, but never the state.
func TestDeviceStateKVCache(t *testing.T) {
	chunks := []int{3}
	for len(chunks) < 30 {
		chunks = append(chunks, 1)
	}
	chunks = append(chunks, 7)
	checkDeviceStream(t, "jamba_jamba", 2, 40, -256, chunks, 12, -1, 1e-4)
	// The same with every step's attention split over its cache's keys
	// (flash-decoding, as long caches on a GPU are).
	defer func(n int) { attnSplitMinKeys = n }(attnSplitMinKeys)
	attnSplitMinKeys = 8
	if attnSplits(8, 20) < 2 {
		t.Fatal("the steps' attention would not split")
	}
	checkDeviceStream(t, "jamba_jamba", 2, 40, -256, chunks, 12, -1, 1e-4)
}

// TestDeviceStateRelease: the state a chunk replaces goes back to the
// pool at once; a dropped stream's state when the collector finds it.
func TestDeviceStateRelease(t *testing.T) {
	needEmu(t)
	m, weights := loadOptimizedIR(t, "mamba_mamba_mixer", 23)
	exec, _, gr := prepareSimulated(t, m, weights, backend.Options{})
	x := runtime.FromF32([]int{1, 1, 32}, make([]float32, 32))
	st, err := exec.NewState("forward", backend.Stream{Batch: 1})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err := exec.Step(context.Background(), st, []*runtime.Tensor{x}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(gr.states.byT); n != 2 { // the conv window and the SSM state
		t.Fatalf("%d state tensors on the device after 5 steps, want 2", n)
	}
	snap := st.Snapshot()
	if n := len(gr.states.byT); n != 4 {
		t.Fatalf("%d state tensors on the device with a snapshot, want 4", n)
	}
	_ = snap
	snap, st = nil, nil
	deadline := time.Now().Add(5 * time.Second)
	for {
		goruntime.GC()
		time.Sleep(10 * time.Millisecond)
		gr.mu.Lock()
		gr.reapStates()
		n := len(gr.states.byT)
		gr.mu.Unlock()
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d state tensors still on the device after their streams were dropped", n)
		}
	}
}

// TestDeviceStateMambaLong: Prefills of 280 and 260 positions run the
// selective scan chunked across the sequence (selChunks: 4 chunks; the
// second from the stream's state), steps between them the plain scan; all
// on the device against the interpreter's whole-sequence run.
func TestDeviceStateMambaLong(t *testing.T) {
	if nc, _ := selChunks(2, 64, 260); nc < 2 {
		t.Fatalf("selChunks(2, 64, 260) = %d chunks: the test needs the chunked form", nc)
	}
	checkDeviceStream(t, "mamba_mamba_mixer", 2, 542, 32, []int{280, 1, 1, 260}, 1, 2, 1e-4)
}

// TestConcurrentSimulated: goroutines sharing one model over the simulated
// driver — whole-sequence runs and streams with snapshots, each on its own
// inputs — get the bits they get alone (the runner's lock, the resident
// table and the device states keep them apart). make test runs it under
// -race.
func TestConcurrentSimulated(t *testing.T) {
	needEmu(t)
	m, weights := loadOptimizedIR(t, "mamba_mamba_mixer", 24)
	exec, _, _ := prepareSimulated(t, m, weights, backend.Options{})
	ctx := context.Background()
	const workers, L = 4, 6
	work := func(seed uint64) ([][]float32, error) {
		rng := rand.New(rand.NewPCG(seed, seed))
		x := runtime.FromF32([]int{1, L, 32}, randF(rng, L*32, 1))
		out, err := exec.Run(ctx, "forward", []*runtime.Tensor{x})
		if err != nil {
			return nil, err
		}
		res := [][]float32{out[0].F}
		st, err := exec.NewState("forward", backend.Stream{Batch: 1})
		if err != nil {
			return nil, err
		}
		for i := 0; i < L; i++ {
			if i == 3 {
				snap := st.Snapshot()
				if err := st.Restore(snap); err != nil {
					return nil, err
				}
			}
			o, err := exec.Step(ctx, st, []*runtime.Tensor{seqSlice(x, i, i+1)})
			if err != nil {
				return nil, err
			}
			res = append(res, append([]float32(nil), o[0].F...))
		}
		return res, nil
	}
	want := make([][][]float32, workers)
	for w := range want {
		var err error
		if want[w], err = work(uint64(w + 1)); err != nil {
			t.Fatal(err)
		}
	}
	got := make([][][]float32, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			got[w], errs[w] = work(uint64(w + 1))
		}(w)
	}
	wg.Wait()
	for w := range got {
		if errs[w] != nil {
			t.Fatal(errs[w])
		}
		for i := range want[w] {
			for j := range want[w][i] {
				if math.Float32bits(got[w][i][j]) != math.Float32bits(want[w][i][j]) {
					t.Fatalf("worker %d output %d element %d: %v concurrently, %v alone", w, i, j, got[w][i][j], want[w][i][j])
				}
			}
		}
	}
}
