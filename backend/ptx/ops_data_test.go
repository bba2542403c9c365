package ptx

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The data ops' launches (ops_data.go) over the simulated driver: a cast
// the interpreter refuses still reports its error, and cumsum's running
// sums stay on the device across a stream's steps.

const castModule = `module Cast

func forward(%1 x: f32[B, L, 3]) -> (y: i32[B, L, 3]) {
  %2 = silu %1 : f32[B, L, 3]
  %3 = cast %2 {dtype="i32"} : i32[B, L, 3]
  return %3
}
`

// TestCastRefusedFallsBack: for NaN and a value past 2^31 the op runs on
// the interpreter, which reports them; 2^31 (the interpreter converts it)
// comes back from the interpreter too, as −2^31; a convertible input gives
// the interpreter's ints. Over the simulated driver and emulated.
func TestCastRefusedFallsBack(t *testing.T) {
	needEmu(t)
	m, err := ir.Parse(castModule)
	if err != nil {
		t.Fatal(err)
	}
	exec, _, _ := prepareSimulated(t, m, nil, backend.Options{})
	emu, err := ptxBackend{emu: true}.Prepare(context.Background(), m, nil, "test", backend.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []backend.Executable{exec, emu} {
		x := runtime.FromF32([]int{1, 2, 3}, []float32{0.5, -3.5, 7.25, 100, -100, 2})
		out, err := e.Run(context.Background(), "forward", []*runtime.Tensor{x})
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range x.F {
			s := float64(v) / (1 + math.Exp(-float64(v)))
			// no silu here is within an ulp of an integer: the truncation is exact
			if want := int32(float32(s)); out[0].I[i] != want {
				t.Fatalf("cast of silu(%g) is %d, want %d", v, out[0].I[i], want)
			}
		}
		big := runtime.FromF32([]int{1, 2, 3}, []float32{1, 2, 3, 4, 5, 4294967296})
		out, err = e.Run(context.Background(), "forward", []*runtime.Tensor{big}) // silu(2^32) = 2^32
		if err == nil || !strings.Contains(err.Error(), "cannot cast") {
			t.Fatalf("a cast of 2^32 to i32: %v, want the interpreter's error", err)
		}
		edge := runtime.FromF32([]int{1, 1, 3}, []float32{2147483648, 1, -3})
		if out, err = e.Run(context.Background(), "forward", []*runtime.Tensor{edge}); err != nil {
			t.Fatal(err)
		}
		if out[0].I[0] != math.MinInt32 || out[0].I[1] != 0 || out[0].I[2] != 0 {
			t.Fatalf("a cast of silu([2^31, 1, -3]) to i32 is %v, want [%d 0 0]", out[0].I, math.MinInt32)
		}
		for _, bad := range []float32{float32(math.NaN()), 3e9} {
			x := runtime.FromF32([]int{1, 2, 3}, []float32{1, 2, 3, 4, bad, 6})
			_, err := e.Run(context.Background(), "forward", []*runtime.Tensor{x})
			if err == nil || !strings.Contains(err.Error(), "cannot cast") {
				t.Fatalf("a cast of silu(%g) to i32: %v, want the interpreter's error", bad, err)
			}
		}
	}
}

const cumsumModule = `module Cumsum

func forward(%1 x: f32[B, L, 3]) -> (y: f32[B, L, 3]) {
  %2 = cumsum %1 {axis=1} : f32[B, L, 3]
  return %2
}
`

// TestCumsumStateOnDevice: a stream's cumsum keeps its running sums on
// the device: each step copies only its input in and its output out, and
// the outputs are the float64 prefix sums (rounded to float32 between
// chunks, as the interpreter carries them).
func TestCumsumStateOnDevice(t *testing.T) {
	needEmu(t)
	m, err := ir.Parse(cumsumModule)
	if err != nil {
		t.Fatal(err)
	}
	exec, sim, gr := prepareSimulated(t, m, nil, backend.Options{})
	st, err := exec.NewState("forward", backend.Stream{Batch: 2})
	if err != nil {
		t.Fatal(err)
	}
	carry := make([]float32, 6)
	for step := 0; step < 5; step++ {
		x := runtime.New(runtime.F32, 2, 1, 3)
		for i := range x.F {
			x.F[i] = float32(step*6+i) * 0.37
		}
		before := sim.copies
		out, err := exec.Step(context.Background(), st, []*runtime.Tensor{x})
		if err != nil {
			t.Fatal(err)
		}
		if n := sim.copies - before; n != 2 {
			t.Fatalf("step %d made %d copies, want 2 (the input and the output)", step, n)
		}
		for i := range carry {
			carry[i] = float32(float64(carry[i]) + float64(x.F[i]))
			if out[0].F[i] != carry[i] {
				t.Fatalf("step %d element %d is %v, want %v", step, i, out[0].F[i], carry[i])
			}
		}
	}
	gr.mu.Lock()
	n := len(gr.states.byT)
	gr.mu.Unlock()
	if n != 1 {
		t.Fatalf("%d state tensors on the device, want 1 (the running sums)", n)
	}
}

// castChainModule casts to i32 and back: the i32 value is read only by a
// kernel, so it could stay on the device, but cast's launcher reads its
// i32 result on the host to find the values the interpreter refuses.
const castChainModule = `module CastChain

func forward(%1 x: f32[B, L, 3]) -> (y: f32[B, L, 3]) {
  %2 = cast %1 {dtype="i32"} : i32[B, L, 3]
  %3 = cast %2 {dtype="f32"} : f32[B, L, 3]
  return %3
}
`

// TestCastResultStaysOnHost: a NaN cast to i32 is reported even when the
// i32 result feeds a kernel (hostI32Results keeps it off the device, where
// the host check would read stale data), and convertible values round trip.
func TestCastResultStaysOnHost(t *testing.T) {
	needEmu(t)
	m, err := ir.Parse(castChainModule)
	if err != nil {
		t.Fatal(err)
	}
	exec, _, _ := prepareSimulated(t, m, nil, backend.Options{})
	ctx := context.Background()
	out, err := exec.Run(ctx, "forward", []*runtime.Tensor{runtime.FromF32([]int{1, 1, 3}, []float32{2.75, -3, 7})})
	if err != nil {
		t.Fatal(err)
	}
	if got := out[0].F; got[0] != 2 || got[1] != -3 || got[2] != 7 {
		t.Fatalf("cast to i32 and back: %v, want [2 -3 7]", got)
	}
	_, err = exec.Run(ctx, "forward", []*runtime.Tensor{runtime.FromF32([]int{1, 1, 3}, []float32{1, float32(math.NaN()), 3})})
	if err == nil || !strings.Contains(err.Error(), "cannot cast") {
		t.Fatalf("a NaN cast to i32 feeding a kernel: %v, want the interpreter's error", err)
	}
}
