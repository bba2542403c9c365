package llvm

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The data-movement kernels against index arithmetic written out here:
// every op over every axis, odd, size-1 and empty axes, f32 and i32, on 1,
// 2 and 3 threads with the same bits each time, and running natively.

// moveCase is one op: its IR body and, per result, where each element
// comes from (argument, flat index) given its multi-index.
type moveCase struct {
	name   string
	args   [][]int
	body   string // the op line(s), results %r0.., given args %a0..
	outs   [][]int
	source func(res int, idx []int) (arg int, at []int)
}

func moveTy(dt string, shape []int) string {
	s := make([]string, len(shape))
	for i, v := range shape {
		s[i] = fmt.Sprint(v)
	}
	return dt + "[" + strings.Join(s, ", ") + "]"
}

func moveNumel(shape []int) int {
	n := 1
	for _, v := range shape {
		n *= v
	}
	return n
}

func moveFlat(shape, idx []int) int {
	f := 0
	for i, v := range idx {
		f = f*shape[i] + v
	}
	return f
}

func moveUnravel(shape []int, f int) []int {
	idx := make([]int, len(shape))
	for i := len(shape) - 1; i >= 0; i-- {
		idx[i] = f % shape[i]
		f /= shape[i]
	}
	return idx
}

func (c moveCase) text(dt string) string {
	var params, rets, results []string
	for i, a := range c.args {
		params = append(params, fmt.Sprintf("%%a%d x%d: %s", i, i, moveTy(dt, a)))
	}
	for i, o := range c.outs {
		rets = append(rets, fmt.Sprintf("y%d: %s", i, moveTy(dt, o)))
		results = append(results, fmt.Sprintf("%%r%d", i))
	}
	text := fmt.Sprintf("module M\n\nfunc forward(%s) -> (%s) {\n  %s\n  return %s\n}\n",
		strings.Join(params, ", "), strings.Join(rets, ", "), strings.ReplaceAll(c.body, "DT", dt), strings.Join(results, ", "))
	var pairs []string
	for i := range c.args {
		pairs = append(pairs, fmt.Sprintf("%%a%d", i), fmt.Sprintf("%%%d", i+1))
	}
	for i := range c.outs {
		pairs = append(pairs, fmt.Sprintf("%%r%d", i), fmt.Sprintf("%%%d", len(c.args)+1+i))
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

func moveCases(rng *rand.Rand) []moveCase {
	sizes := []int{1, 2, 3, 5, 7, 17, 33}
	shapeOf := func(rank int) []int {
		s := make([]int, rank)
		for i := range s {
			s[i] = sizes[rng.Intn(len(sizes))]
		}
		return s
	}
	var cs []moveCase
	for rank := 1; rank <= 4; rank++ {
		for rep := 0; rep < 2; rep++ {
			x := shapeOf(rank)
			if rep == 1 && rank > 1 {
				x[rng.Intn(rank)] = 0 // an empty axis
			}
			// transpose: a random permutation
			perm := rng.Perm(rank)
			out := make([]int, rank)
			for i, p := range perm {
				out[i] = x[p]
			}
			ps := make([]string, rank)
			for i, p := range perm {
				ps[i] = fmt.Sprint(p)
			}
			pm := append([]int{}, perm...)
			cs = append(cs, moveCase{name: fmt.Sprintf("transpose%v%v", x, perm), args: [][]int{x},
				body: fmt.Sprintf("%%r0 = transpose %%a0 {perm=[%s]} : %s", strings.Join(ps, ", "), moveTy("DT", out)),
				outs: [][]int{out}, source: func(_ int, idx []int) (int, []int) {
					at := make([]int, len(idx))
					for i, p := range pm {
						at[p] = idx[i]
					}
					return 0, at
				}})
			// broadcast_to: a leading axis, and size-1 axes widened
			bx := append([]int{}, x...)
			bo := append([]int{3}, x...)
			for i := range bx {
				if rng.Intn(2) == 0 {
					bx[i] = 1
				}
			}
			cs = append(cs, moveCase{name: fmt.Sprintf("broadcast%v→%v", bx, bo), args: [][]int{bx},
				body: fmt.Sprintf("%%r0 = broadcast_to %%a0 {shape=#%s} : %s", strings.TrimPrefix(moveTy("", bo), ""), moveTy("DT", bo)),
				outs: [][]int{bo}, source: func(_ int, idx []int) (int, []int) {
					at := make([]int, len(bx))
					for i := range bx {
						if bx[i] != 1 {
							at[i] = idx[i+1]
						}
					}
					return 0, at
				}})
			for axis := 0; axis < rank; axis++ {
				ax := axis
				n := x[axis]
				// split into up to three parts
				a := rng.Intn(n + 1)
				b := rng.Intn(n - a + 1)
				parts := []int{a, b, n - a - b}
				var outs [][]int
				var ty []string
				for _, p := range parts {
					o := append([]int{}, x...)
					o[axis] = p
					outs = append(outs, o)
					ty = append(ty, moveTy("DT", o))
				}
				cs = append(cs, moveCase{name: fmt.Sprintf("split%v axis %d %v", x, axis, parts), args: [][]int{x},
					body: fmt.Sprintf("%%r0, %%r1, %%r2 = split %%a0 {axis=%d, sizes=[%d, %d, %d]} : %s", axis, parts[0], parts[1], parts[2], strings.Join(ty, ", ")),
					outs: outs, source: func(res int, idx []int) (int, []int) {
						at := append([]int{}, idx...)
						for r := 0; r < res; r++ {
							at[ax] += parts[r]
						}
						return 0, at
					}})
				// concat of the three parts' shapes
				out := append([]int{}, x...)
				cs = append(cs, moveCase{name: fmt.Sprintf("concat%v axis %d %v", x, axis, parts), args: outs,
					body: fmt.Sprintf("%%r0 = concat %%a0, %%a1, %%a2 {axis=%d} : %s", axis, moveTy("DT", out)),
					outs: [][]int{out}, source: func(_ int, idx []int) (int, []int) {
						at := append([]int{}, idx...)
						arg := 0
						for at[ax] >= parts[arg] {
							at[ax] -= parts[arg]
							arg++
						}
						return arg, at
					}})
				// slice [lo, hi)
				lo := rng.Intn(n + 1)
				hi := lo + rng.Intn(n-lo+1)
				so := append([]int{}, x...)
				so[axis] = hi - lo
				cs = append(cs, moveCase{name: fmt.Sprintf("slice%v axis %d %d:%d", x, axis, lo, hi), args: [][]int{x},
					body: fmt.Sprintf("%%r0 = slice %%a0 {axis=%d, start=#%d, stop=#%d} : %s", axis, lo, hi, moveTy("DT", so)),
					outs: [][]int{so}, source: func(_ int, idx []int) (int, []int) {
						at := append([]int{}, idx...)
						at[ax] += lo
						return 0, at
					}})
				// flip
				cs = append(cs, moveCase{name: fmt.Sprintf("flip%v axis %d", x, axis), args: [][]int{x},
					body: fmt.Sprintf("%%r0 = flip %%a0 {axis=%d} : %s", axis, moveTy("DT", x)),
					outs: [][]int{x}, source: func(_ int, idx []int) (int, []int) {
						at := append([]int{}, idx...)
						at[ax] = n - 1 - at[ax]
						return 0, at
					}})
				// index
				if n > 0 {
					i := rng.Intn(n)
					io := append(append([]int{}, x[:axis]...), x[axis+1:]...)
					cs = append(cs, moveCase{name: fmt.Sprintf("index%v axis %d at %d", x, axis, i), args: [][]int{x},
						body: fmt.Sprintf("%%r0 = index %%a0 {axis=%d, index=#%d} : %s", axis, i, moveTy("DT", io)),
						outs: [][]int{io}, source: func(_ int, idx []int) (int, []int) {
							at := append(append(append([]int{}, idx[:ax]...), i), idx[ax:]...)
							return 0, at
						}})
				}
			}
		}
	}
	// Large copies: one long contiguous row cut into pieces, many rows.
	cs = append(cs, moveCase{name: "slice[3 40001] axis 0 1:3", args: [][]int{{3, 40001}},
		body: "%r0 = slice %a0 {axis=0, start=#1, stop=#3} : DT[2, 40001]",
		outs: [][]int{{2, 40001}}, source: func(_ int, idx []int) (int, []int) { return 0, []int{idx[0] + 1, idx[1]} }})
	cs = append(cs, moveCase{name: "transpose[4 300 33]", args: [][]int{{4, 300, 33}},
		body: "%r0 = transpose %a0 {perm=[0, 2, 1]} : DT[4, 33, 300]",
		outs: [][]int{{4, 33, 300}}, source: func(_ int, idx []int) (int, []int) { return 0, []int{idx[0], idx[2], idx[1]} }})
	return cs
}

func moveRun(t *testing.T, text string, threads int, in []*runtime.Tensor) []*runtime.Tensor {
	t.Helper()
	m, err := ir.Parse(text)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if err := ir.Verify(m); err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	exe, err := llvmBackend{}.Prepare(context.Background(), m, nil, "", backend.Options{Threads: threads})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range exe.Placement() {
		if p.Backend != Name {
			t.Fatalf("%s runs on %s: %s", p.Op.Kind, p.Backend, p.Why)
		}
	}
	out, err := exe.Run(context.Background(), "forward", in)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMoveKernels(t *testing.T) {
	requireJIT(t)
	t.Setenv("SEQC_CACHE", t.TempDir())
	old := runtime.MinWorkPerThread
	runtime.MinWorkPerThread = 1
	defer func() { runtime.MinWorkPerThread, moveTiled = old, true }()
	rng := rand.New(rand.NewSource(11))
	for _, c := range moveCases(rng) {
		for _, dt := range []string{"f32", "i32"} {
			var in []*runtime.Tensor
			for _, a := range c.args {
				if dt == "i32" {
					x := runtime.New(runtime.I32, a...)
					for i := range x.I {
						x.I[i] = rng.Int31()
					}
					in = append(in, x)
					continue
				}
				x := runtime.New(runtime.F32, a...)
				for i := range x.F {
					// arbitrary bits (NaN payloads included) must survive
					x.F[i] = math.Float32frombits(rng.Uint32())
				}
				in = append(in, x)
			}
			// Each run must equal the reference bit for bit: the same bits
			// on every thread count. Transposes also run without tiles.
			tiles := []bool{true}
			if strings.HasPrefix(c.name, "transpose") {
				tiles = append(tiles, false)
			}
			for run := 0; run < 3*len(tiles); run++ {
				threads := 1 + run%3
				moveTiled = tiles[run/3]
				out := moveRun(t, c.text(dt), threads, in)
				if len(out) != len(c.outs) {
					t.Fatalf("%s %s: %d results, want %d", c.name, dt, len(out), len(c.outs))
				}
				for r, o := range out {
					if fmt.Sprint(o.Shape) != fmt.Sprint(c.outs[r]) {
						t.Fatalf("%s %s: result %d has shape %v, want %v", c.name, dt, r, o.Shape, c.outs[r])
					}
					for f := 0; f < moveNumel(c.outs[r]); f++ {
						arg, at := c.source(r, moveUnravel(c.outs[r], f))
						src := in[arg]
						j := moveFlat(src.Shape, at)
						var got, want uint32
						if dt == "i32" {
							got, want = uint32(o.I[f]), uint32(src.I[j])
						} else {
							got, want = math.Float32bits(o.F[f]), math.Float32bits(src.F[j])
						}
						if got != want {
							t.Fatalf("%s %s threads %d tiled %v: result %d element %v is %#x, want %#x", c.name, dt, threads, moveTiled, r, moveUnravel(c.outs[r], f), got, want)
						}
					}
				}
			}
		}
	}
}

// BenchmarkMoveTranspose is a transpose of a [64, 512, 33] tensor to [64,
// 33, 512] on llvm and on the interpreter, in one run (-bench
// MoveTranspose; ratio = go ns/op ÷ llvm ns/op). threads=1 and 2.
func BenchmarkMoveTranspose(b *testing.B) {
	requireJIT(b)
	text := "module M\n\nfunc forward(%1 x: f32[64, 512, 33]) -> (y: f32[64, 33, 512]) {\n  %2 = transpose %1 {perm=[0, 2, 1]} : f32[64, 33, 512]\n  return %2\n}\n"
	m, err := ir.Parse(text)
	if err != nil {
		b.Fatal(err)
	}
	x := runtime.New(runtime.F32, 64, 512, 33)
	for i := range x.F {
		x.F[i] = float32(i)
	}
	for _, threads := range []int{1, 2} {
		for _, name := range []string{Name, "go"} {
			exe, err := backend.Prepare(context.Background(), name, m, nil, "", backend.Options{Threads: threads})
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("%s/threads=%d", name, threads), func(b *testing.B) {
				b.SetBytes(int64(8 * len(x.F)))
				for range b.N {
					if _, err := exe.Run(context.Background(), "forward", []*runtime.Tensor{x}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestMoveVariants calls the rank-2 move kernel of both variants (V3 runs
// on an AVX-512 host too) on transposes, flips and broadcasts of odd
// sizes, tiled and not, against the index arithmetic.
func TestMoveVariants(t *testing.T) {
	requireJIT(t)
	t.Setenv("SEQC_CACHE", t.TempDir())
	defer func() { moveTiled = true }()
	rng := rand.New(rand.NewSource(5))
	for _, variant := range []string{V3, V4} {
		k := &moveKernel{rank: 2}
		text, err := emitModule(map[string]opKernel{k.key(): k}, variant)
		if err != nil {
			t.Fatal(err)
		}
		lib, err := LoadText(context.Background(), text)
		if err != nil {
			t.Fatal(err)
		}
		fn, err := lib.Func(k.key() + VariantSuffix(variant))
		if err != nil {
			t.Fatal(err)
		}
		for rep := 0; rep < 40; rep++ {
			// x [a, b, c] read through a random permutation, one axis
			// possibly flipped or broadcast.
			shape := []int{1 + rng.Intn(5), 1 + rng.Intn(40), 1 + rng.Intn(40)}
			x := runtime.New(runtime.F32, shape...)
			for i := range x.F {
				x.F[i] = math.Float32frombits(rng.Uint32())
			}
			cs := contiguous(shape)
			perm := rng.Perm(3)
			dims, st := make([]int, 3), make([]int, 3)
			off := 0
			for i, p := range perm {
				dims[i], st[i] = shape[p], cs[p]
			}
			switch ax := rng.Intn(3); rng.Intn(3) {
			case 1: // flip
				off += (dims[ax] - 1) * st[ax]
				st[ax] = -st[ax]
			case 2: // broadcast
				st[ax] = 0
			}
			y := runtime.New(runtime.F32, dims...)
			moveTiled = rep%2 == 0
			if !runMove(fn, 2, 1+rep%3, moveCopy{src: x, dst: y, dims: dims, srcStride: st, dstStride: contiguous(dims), srcOff: off}) {
				t.Fatalf("%v %v: refused", dims, st)
			}
			for f := range y.F {
				idx := moveUnravel(dims, f)
				j := off
				for i, v := range idx {
					j += v * st[i]
				}
				if math.Float32bits(y.F[f]) != math.Float32bits(x.F[j]) {
					t.Fatalf("%s dims %v strides %v tiled %v: element %v is %#x, want %#x", variant, dims, st, moveTiled, idx, math.Float32bits(y.F[f]), math.Float32bits(x.F[j]))
				}
			}
		}
	}
}
