package ptx

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// flat is the row-major offset of coordinates c in shape (the tests'
// own index arithmetic).
func flat(c, shape []int) int {
	o := 0
	for i := range shape {
		o = o*shape[i] + c[i]
	}
	return o
}

// coords calls f with every coordinate of shape in row-major order.
func coords(shape []int, f func(c []int)) {
	c := make([]int, len(shape))
	n := 1
	for _, d := range shape {
		n *= d
	}
	for i := 0; i < n; i++ {
		r := i
		for a := len(shape) - 1; a >= 0; a-- {
			c[a] = r % shape[a]
			r /= shape[a]
		}
		f(c)
	}
}

func runCopy(t *testing.T, r runner, name string, x, y []float32, ints []int64, yk BufKind) {
	t.Helper()
	l := &Launch{Grid: Grid{CeilDiv(int(ints[0]), elemBlock), 1}, Ints: ints, Bufs: []Buf{{x, In}, {y, yk}}}
	if err := r.launch(name, l, 2); err != nil {
		t.Fatal(err)
	}
}

// TestCopyKernel: the strided copy for each data-movement op against the
// op's definition written as coordinate loops, in both thread orders.
func TestCopyKernel(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(21, 21))
	name := "seqc_ptx_test_copy"
	r := loadEmu(t, kernelDef{copySpec(name), func(tg Target, m *Module) error { return EmitCopy(tg, m, name) }})
	xs := []int{3, 5, 7, 4}
	x := randF(rng, 3*5*7*4, 1)
	in := contiguous(xs)

	// transpose, every kind of permutation
	for _, perm := range [][]int{{2, 0, 3, 1}, {0, 1, 3, 2}, {3, 2, 1, 0}, {1, 0, 2, 3}, {0, 1, 2, 3}} {
		shape, st := make([]int, 4), make([]int, 4)
		for i, p := range perm {
			shape[i], st[i] = xs[p], in[p]
		}
		ints, ok := CopyInts(shape, st, contiguous(shape), 0, 0)
		if !ok {
			t.Fatal("CopyInts refused four axes")
		}
		y := make([]float32, len(x))
		runCopy(t, r, name, x, y, ints, Out)
		want := make([]float64, len(x))
		coords(shape, func(c []int) {
			src := make([]int, 4)
			for i, p := range perm {
				src[p] = c[i]
			}
			want[flat(c, shape)] = float64(x[flat(src, xs)])
		})
		near(t, "transpose", y, want, 0)
	}

	// split / slice along each axis, and flip
	for axis := 0; axis < 4; axis++ {
		lo, hi := 1, xs[axis]-1
		shape := append([]int{}, xs...)
		shape[axis] = hi - lo
		ints, _ := CopyInts(shape, in, contiguous(shape), lo*in[axis], 0)
		n := len(x) / xs[axis] * (hi - lo)
		y := make([]float32, n)
		runCopy(t, r, name, x, y, ints, Out)
		want := make([]float64, n)
		coords(shape, func(c []int) {
			src := append([]int{}, c...)
			src[axis] += lo
			want[flat(c, shape)] = float64(x[flat(src, xs)])
		})
		near(t, "slice", y, want, 0)

		st := append([]int{}, in...)
		st[axis] = -in[axis]
		ints, _ = CopyInts(xs, st, in, (xs[axis]-1)*in[axis], 0)
		y = make([]float32, len(x))
		runCopy(t, r, name, x, y, ints, Out)
		want = make([]float64, len(x))
		coords(xs, func(c []int) {
			src := append([]int{}, c...)
			src[axis] = xs[axis] - 1 - c[axis]
			want[flat(c, xs)] = float64(x[flat(src, xs)])
		})
		near(t, "flip", y, want, 0)
	}

	// broadcast_to [5, 1, 4] → [3, 5, 6, 4]
	bs, os := []int{5, 1, 4}, []int{3, 5, 6, 4}
	b := x[:20]
	ints, _ := CopyInts(os, []int{0, 4, 0, 1}, contiguous(os), 0, 0)
	y := make([]float32, 3*5*6*4)
	runCopy(t, r, name, b, y, ints, Out)
	want := make([]float64, len(y))
	coords(os, func(c []int) { want[flat(c, os)] = float64(b[flat([]int{c[1], 0, c[3]}, bs)]) })
	near(t, "broadcast_to", y, want, 0)

	// concat of x and a second tensor along axis 2, into one buffer
	x2s := []int{3, 5, 2, 4}
	x2 := randF(rng, 3*5*2*4, 1)
	cs := []int{3, 5, 9, 4}
	cst := contiguous(cs)
	y = make([]float32, 3*5*9*4)
	ints, _ = CopyInts(xs, in, cst, 0, 0)
	runCopy(t, r, name, x, y, ints, Out)
	ints, _ = CopyInts(x2s, contiguous(x2s), cst, 0, 7*cst[2])
	runCopy(t, r, name, x2, y, ints, InOut)
	want = make([]float64, len(y))
	coords(cs, func(c []int) {
		if c[2] < 7 {
			want[flat(c, cs)] = float64(x[flat(c, xs)])
			return
		}
		s := append([]int{}, c...)
		s[2] -= 7
		want[flat(c, cs)] = float64(x2[flat(s, x2s)])
	})
	near(t, "concat", y, want, 0)

	if _, ok := CopyInts([]int{2, 3, 2, 3, 2, 3, 2}, []int{1, 2, 6, 12, 24, 72, 144}, contiguous([]int{2, 3, 2, 3, 2, 3, 2}), 0, 0); ok {
		t.Error("CopyInts took seven axes that do not merge")
	}
}

// TestTransposeTileKernel: the shared-memory transpose of the last two
// axes at sizes across the tile edges, in both thread orders.
func TestTransposeTileKernel(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(22, 22))
	name := "seqc_ptx_test_tile"
	r := loadEmu(t, kernelDef{tileSpec(name), func(tg Target, m *Module) error { return EmitTransposeTile(tg, m, name) }})
	for _, sz := range [][3]int{{3, 37, 70}, {1, 32, 32}, {2, 1, 65}, {2, 65, 1}} {
		bt, rows, cols := sz[0], sz[1], sz[2]
		x := randF(rng, bt*rows*cols, 1)
		y := make([]float32, len(x))
		tiles := CeilDiv(cols, tileDim)
		l := &Launch{Grid: Grid{CeilDiv(rows, tileDim) * tiles, bt}, Ints: []int64{int64(rows), int64(cols), int64(tiles)}, Bufs: []Buf{{x, In}, {y, Out}}}
		if err := r.launch(name, l, 2); err != nil {
			t.Fatal(err)
		}
		want := make([]float64, len(x))
		for b := 0; b < bt; b++ {
			for i := 0; i < rows; i++ {
				for j := 0; j < cols; j++ {
					want[(b*cols+j)*rows+i] = float64(x[(b*rows+i)*cols+j])
				}
			}
		}
		near(t, "transpose tile", y, want, 0)
	}
}

// splitModule: linear → split → silu / mul → linear, the gated MLP.
const splitModule = `module Gate

param "w1": f32[8, 5]
param "w2": f32[4, 4]

func forward(%1 x: f32[B, L, 5]) -> (y: f32[B, L, 4]) {
  %2 = param {name="w1"} : f32[8, 5]
  %3 = linear %1, %2 : f32[B, L, 8]
  %4, %5 = split %3 {axis=-1, sizes=[4, 4]} : f32[B, L, 4], f32[B, L, 4]
  %6 = silu %4 : f32[B, L, 4]
  %7 = mul %6, %5 : f32[B, L, 4]
  %8 = param {name="w2"} : f32[4, 4]
  %9 = linear %7, %8 : f32[B, L, 4]
  return %9
}
`

// TestResidentSplit: split's results stay on the device like any kernel
// result: the gated MLP copies only its input in and its output back.
func TestResidentSplit(t *testing.T) {
	needEmu(t)
	m, err := ir.Parse(splitModule)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(23, 23))
	w1, w2 := randF(rng, 40, 1), randF(rng, 16, 1)
	weights := map[string]*runtime.Tensor{"w1": runtime.FromF32([]int{8, 5}, w1), "w2": runtime.FromF32([]int{4, 4}, w2)}
	exec, sim, gr := prepareSimulated(t, m, weights, backend.Options{})
	const B, L = 2, 3
	x := randF(rng, B*L*5, 1)
	want := make([]float64, B*L*4)
	for r := 0; r < B*L; r++ {
		h := make([]float64, 8)
		for j := range h {
			for k := 0; k < 5; k++ {
				h[j] += float64(x[r*5+k]) * float64(w1[j*5+k])
			}
		}
		g := make([]float64, 4)
		for j := range g {
			g[j] = silu64(h[j]) * h[4+j]
		}
		for j := 0; j < 4; j++ {
			for k := range g {
				want[r*4+j] += g[k] * float64(w2[j*4+k])
			}
		}
	}
	for run := 0; run < 2; run++ {
		before := sim.copies
		out, err := exec.Run(context.Background(), "forward", []*runtime.Tensor{runtime.FromF32([]int{B, L, 5}, x)})
		if err != nil {
			t.Fatal(err)
		}
		near(t, "gated", out[0].F, want, 1e-5)
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

// transposeModule: linear → transpose → silu → transpose → linear, the
// transposes of the last two axes (the shared-memory tile).
const transposeModule = `module Swap

param "w1": f32[40, 5]
param "w2": f32[4, 40]

func forward(%1 x: f32[B, L, 5]) -> (y: f32[B, L, 4]) {
  %2 = param {name="w1"} : f32[40, 5]
  %3 = linear %1, %2 : f32[B, L, 40]
  %4 = transpose %3 {perm=[0, 2, 1]} : f32[B, 40, L]
  %5 = silu %4 : f32[B, 40, L]
  %6 = transpose %5 {perm=[0, 2, 1]} : f32[B, L, 40]
  %7 = param {name="w2"} : f32[4, 40]
  %8 = linear %6, %7 : f32[B, L, 4]
  return %8
}
`

// TestResidentTranspose: the tiled transposes run on the device between
// the kernels around them (2 copies a run) and cancel out.
func TestResidentTranspose(t *testing.T) {
	checkResidentChain(t, transposeModule, 24, 40, 2, 37, "transposed", 1e-4)
}

// reshapeModule: linear → reshape → silu → reshape → linear, the reshapes
// views on the interpreter.
const reshapeModule = `module View

param "w1": f32[6, 5]
param "w2": f32[4, 6]

func forward(%1 x: f32[B, L, 5]) -> (y: f32[B, L, 4]) {
  %2 = param {name="w1"} : f32[6, 5]
  %3 = linear %1, %2 : f32[B, L, 6]
  %4 = reshape %3 {shape=#[B, L, 2, 3]} : f32[B, L, 2, 3]
  %5 = silu %4 : f32[B, L, 2, 3]
  %6 = reshape %5 {shape=#[B, L, 6]} : f32[B, L, 6]
  %7 = param {name="w2"} : f32[4, 6]
  %8 = linear %6, %7 : f32[B, L, 4]
  return %8
}
`

// TestResidentThroughReshape: a reshape (a view of its argument on the
// interpreter) passes a resident value through: 2 copies a run.
func TestResidentThroughReshape(t *testing.T) {
	checkResidentChain(t, reshapeModule, 25, 6, 2, 3, "reshaped", 1e-5)
}
