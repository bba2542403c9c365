package ptx

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// residentModule is a chain of kernels: linear → silu → linear.
const residentModule = `module Chain

param "w1": f32[6, 5]
param "w2": f32[4, 6]

func forward(%1 x: f32[B, L, 5]) -> (y: f32[B, L, 4]) {
  %2 = param {name="w1"} : f32[6, 5]
  %3 = linear %1, %2 : f32[B, L, 6]
  %4 = silu %3 : f32[B, L, 6]
  %5 = param {name="w2"} : f32[4, 6]
  %6 = linear %4, %5 : f32[B, L, 4]
  return %6
}
`

// TestResidentActivations: over the simulated driver, the activations
// between consecutive kernels stay on the device. A run of linear → silu
// → linear copies the input in and the output back, and nothing between
// (2 copies, where copying around every kernel takes 6); the weights are
// uploaded once, at the first run. The output matches float64 math.
func TestResidentActivations(t *testing.T) {
	checkResidentChain(t, residentModule, 13, 6, 2, 3, "chain", 1e-5)
}

// checkResidentChain runs a module computing linear(w1: [hidden, 5]) →
// silu → linear(w2: [4, hidden]), with data movement between that cancels
// out, over the simulated driver twice: the output must match float64
// math, and a run must copy only the input in and the output back (the
// first also uploads the two weights), leaving nothing resident.
func checkResidentChain(t *testing.T, module string, seed uint64, hidden, B, L int, name string, tol float64) {
	t.Helper()
	needEmu(t)
	m, err := ir.Parse(module)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	w1, w2 := randF(rng, hidden*5, 1), randF(rng, 4*hidden, 1)
	weights := map[string]*runtime.Tensor{"w1": runtime.FromF32([]int{hidden, 5}, w1), "w2": runtime.FromF32([]int{4, hidden}, w2)}
	exec, sim, gr := prepareSimulated(t, m, weights, backend.Options{})
	x := randF(rng, B*L*5, 1)
	want := make([]float64, B*L*4)
	for r := 0; r < B*L; r++ {
		h := make([]float64, hidden)
		for j := range h {
			for k := 0; k < 5; k++ {
				h[j] += float64(x[r*5+k]) * float64(w1[j*5+k])
			}
			h[j] = silu64(h[j])
		}
		for j := 0; j < 4; j++ {
			for k := range h {
				want[r*4+j] += h[k] * float64(w2[j*hidden+k])
			}
		}
	}
	for run := 0; run < 2; run++ {
		before := sim.copies
		out, err := exec.Run(context.Background(), "forward", []*runtime.Tensor{runtime.FromF32([]int{B, L, 5}, x)})
		if err != nil {
			t.Fatal(err)
		}
		near(t, name, out[0].F, want, tol)
		copies, wantCopies := sim.copies-before, 2
		if run == 0 {
			wantCopies += 2 // the two weights, once
		}
		if copies != wantCopies {
			t.Errorf("run %d: %d host↔device copies, want %d", run, copies, wantCopies)
		}
		if n := len(gr.resident); n != 0 {
			t.Errorf("run %d left %d values in the resident table", run, n)
		}
	}
}

// prepareSimulated prepares m on the GPU runner over a simulated driver,
// returning the driver's state (to count copies) and the runner (to see
// its resident table).
func prepareSimulated(t *testing.T, m *ir.Module, weights map[string]*runtime.Tensor, o backend.Options) (backend.Executable, *simDevice, *gpuRunner) {
	t.Helper()
	exec, sim, gr, err := prepareOverSim(context.Background(), m, weights, o)
	if err != nil {
		t.Fatal(err)
	}
	return exec, sim, gr
}

// fallbackModule: silu's result is resident (only the ssm kernel reads
// it); forced to the chunked mode, the ssm kernel falls back to the
// interpreter (a decay varying over 40 states: past the generic chunked
// kernel's 32 registers), which must find silu's result on the host.
const fallbackModule = `module Fallback

func forward(%1 x: f32[B, L, 4], %2 a: f32[B, L, 4, 40], %3 b: f32[B, L, 4, 40], %4 c: f32[B, L, 4, 40]) -> (y: f32[B, L, 4]) {
  %5 = silu %1 : f32[B, L, 4]
  %6 = ssm %5, %2, %3, %4 : f32[B, L, 4]
  return %6
}
`

// TestResidentFallback: a kernel that falls back copies its resident
// arguments back first, where the scan kernel reads silu's result on the
// device; both give the recurrence in float64.
func TestResidentFallback(t *testing.T) {
	needEmu(t)
	m, err := ir.Parse(fallbackModule)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(15, 15))
	const B, L, C, N = 2, 5, 4, 40
	x, a, b, c := randF(rng, B*L*C, 1), randF(rng, B*L*C*N, 0.9), randF(rng, B*L*C*N, 1), randF(rng, B*L*C*N, 1)
	want := make([]float64, B*L*C)
	for bb := 0; bb < B; bb++ {
		for ch := 0; ch < C; ch++ {
			h := make([]float64, N)
			for tt := 0; tt < L; tt++ {
				row := (bb*L+tt)*C + ch
				u := silu64(float64(x[row]))
				y := 0.0
				for n := range h {
					h[n] = float64(a[row*N+n])*h[n] + float64(b[row*N+n])*u
					y += float64(c[row*N+n]) * h[n]
				}
				want[row] = y
			}
		}
	}
	in := []*runtime.Tensor{runtime.FromF32([]int{B, L, C}, x), runtime.FromF32([]int{B, L, C, N}, a), runtime.FromF32([]int{B, L, C, N}, b), runtime.FromF32([]int{B, L, C, N}, c)}
	copies := map[string]int{}
	for _, mode := range []string{"scan", "chunked"} {
		exec, sim, gr := prepareSimulated(t, m, nil, backend.Options{Mode: mode})
		out, err := exec.Run(context.Background(), "forward", in)
		if err != nil {
			t.Fatal(err)
		}
		near(t, "ssm(silu(x)) "+mode, out[0].F, want, 1e-5)
		copies[mode] = sim.copies
		if n := len(gr.resident); n != 0 {
			t.Errorf("mode %s left %d values in the resident table", mode, n)
		}
	}
	// scan: x, a, b, c in, their channel offset table once (the three
	// tables are equal: interned, uploaded like a weight), y back (silu's
	// result never); chunked: x in, silu's result back for the interpreter.
	if copies["scan"] != 6 || copies["chunked"] != 2 {
		t.Errorf("copies: %v, want scan 6 and chunked 2", copies)
	}
}
