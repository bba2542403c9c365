package ptx

import (
	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// Data movement on the device: split, concat, transpose, slice, flip and
// broadcast_to (float32 and int32 words; complex runs on the interpreter). Every one
// is a strided copy — one thread per element of the copied region, its
// coordinates over up to moveAxes axes read back through the source's
// and the destination's strides (negative for flip, 0 for a broadcast
// axis) from start offsets — except the transpose of the last two axes,
// which goes through a 32×33 shared-memory tile so that both the reads
// and the writes are coalesced. The copies compute nothing, so the
// results are bit-identical to the interpreter's.

const (
	moveAxes  = 6
	moveInts  = 3 + 3*moveAxes // total, src offset, dst offset, dims, src strides, dst strides
	tileDim   = 32
	tileRows  = 8 // the tile's threads: 32 × 8, each moving 4 rows
	tilePitch = tileDim + 1
)

func init() {
	for _, op := range []string{"split", "concat", "transpose", "slice", "flip", "broadcast_to"} {
		kernelTable[op] = kernelEntry{plan: planMove}
	}
}

// copySpec: ints [total, srcOff, dstOff, dims[6], srcStrides[6], dstStrides[6]]; buffers x, y.
func copySpec(name string) Spec {
	return Spec{Name: name, BX: elemBlock, BY: 1, Ints: moveInts, Ptrs: 2}
}

// EmitCopy adds the strided copy y[dstOff + Σ c_d·ys_d] = x[srcOff + Σ c_d·xs_d]
// for the coordinates c of element i < total over dims (row-major).
func EmitCopy(t Target, m *Module, name string) error {
	return Emit(t, m.M, m.Math, copySpec(name), func(k *K) error {
		x, y := k.Global(0), k.Global(1)
		k.Phase(func() {
			i := k.elemIndex()
			k.If(k.Lt(i, k.Int(0)), func() {
				rem, src, dst := i, k.Int(1), k.Int(2)
				for d := moveAxes - 1; d >= 0; d-- {
					n := k.Int(3 + d)
					c := k.B.NewSRem(rem, n)
					rem = k.B.NewSDiv(rem, n)
					src = k.Add(src, k.Mul(c, k.Int(3+moveAxes+d)))
					dst = k.Add(dst, k.Mul(c, k.Int(3+2*moveAxes+d)))
				}
				k.Store(y, dst, k.Load(x, src))
			})
		})
		return nil
	})
}

// tileSpec: ints [rows, cols, column tiles]; buffers x [batch, rows, cols], y [batch, cols, rows].
func tileSpec(name string) Spec { return Spec{Name: name, BX: tileDim, BY: tileRows, Ints: 3, Ptrs: 2} }

// EmitTransposeTile adds the transpose of the last two axes: block (bx, b)
// moves the 32×32 tile (bx div tiles, bx mod tiles) of batch b: phase 1
// reads it along x's rows into shared memory, phase 2 (after the barrier)
// writes it along y's rows.
func EmitTransposeTile(t Target, m *Module, name string) error {
	return Emit(t, m.M, m.Math, tileSpec(name), func(k *K) error {
		x, y := k.Global(0), k.Global(1)
		tile := k.Shared(tileDim * tilePitch)
		rows, cols, tiles := k.Int(0), k.Int(1), k.Int(2)
		tr := k.B.NewSDiv(k.BlockX(), tiles)
		tc := k.B.NewSRem(k.BlockX(), tiles)
		base := k.Mul(k.BlockY(), k.Mul(rows, cols))
		k.Phase(func() {
			for r := 0; r < tileDim/tileRows; r++ {
				lr := k.Add(k.Ty(), c64(int64(r*tileRows)))
				i := k.Add(k.Mul(tr, c64(tileDim)), lr)
				j := k.Add(k.Mul(tc, c64(tileDim)), k.Tx())
				k.If(k.And(k.Lt(i, rows), k.Lt(j, cols)), func() {
					v := k.Load(x, k.Add(base, k.Add(k.Mul(i, cols), j)))
					k.Store(tile, k.Add(k.Mul(lr, c64(tilePitch)), k.Tx()), v)
				})
			}
		})
		k.Phase(func() {
			for r := 0; r < tileDim/tileRows; r++ {
				lr := k.Add(k.Ty(), c64(int64(r*tileRows)))
				j := k.Add(k.Mul(tc, c64(tileDim)), lr)
				i := k.Add(k.Mul(tr, c64(tileDim)), k.Tx())
				k.If(k.And(k.Lt(i, rows), k.Lt(j, cols)), func() {
					v := k.Load(tile, k.Add(k.Mul(k.Tx(), c64(tilePitch)), lr))
					k.Store(y, k.Add(base, k.Add(k.Mul(j, rows), i)), v)
				})
			}
		})
		return nil
	})
}

// contiguous is the row-major strides of shape.
func contiguous(shape []int) []int {
	s := make([]int, len(shape))
	n := 1
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = n
		n *= shape[i]
	}
	return s
}

// CopyInts is the copy kernel's int arguments for copying the region dims
// (row-major) from src (strides xs, offset xo) to dst (strides ys, offset
// yo): axes of size 1 dropped, contiguous neighbours merged; false when
// more than moveAxes axes remain.
func CopyInts(dims, xs, ys []int, xo, yo int) ([]int64, bool) {
	var d, a, b []int
	total := 1
	for i, n := range dims {
		total *= n
		if n == 1 {
			continue
		}
		if k := len(d) - 1; k >= 0 && a[k] == xs[i]*n && b[k] == ys[i]*n {
			d[k] *= n
			a[k], b[k] = xs[i], ys[i]
			continue
		}
		d, a, b = append(d, n), append(a, xs[i]), append(b, ys[i])
	}
	if len(d) > moveAxes {
		return nil, false
	}
	ints := make([]int64, moveInts)
	ints[0], ints[1], ints[2] = int64(total), int64(xo), int64(yo)
	pad := moveAxes - len(d)
	for i := 0; i < moveAxes; i++ {
		ints[3+i] = 1
	}
	for i := range d {
		ints[3+pad+i] = int64(d[i])
		ints[3+moveAxes+pad+i] = int64(a[i])
		ints[3+2*moveAxes+pad+i] = int64(b[i])
	}
	return ints, true
}

// moveCopy is one strided copy of an op's launch.
type moveCopy struct {
	dims, xs, ys []int
	xo, yo       int
	x, y         int // argument and result index
	yKind        BufKind
}

func planMove(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	// The copies move 32-bit words: f32 and i32 alike (c64 runs on the
	// interpreter).
	vals := append(append([]*ir.Value{}, op.Args...), op.Results...)
	for _, v := range vals {
		if !wordDType(v) || v.Type.DType != vals[0].Type.DType {
			return nil, op.Kind + " of " + op.Args[0].Type.DType.String() + " runs on the interpreter"
		}
	}
	dt := runtime.DType(op.Args[0].Type.DType)
	start := 0
	if op.Kind == "slice" {
		v, ok := op.Attrs.Dim("start").Value()
		if !ok {
			return nil, "slice from a symbolic start runs on the interpreter"
		}
		start = v
	}
	kind := op.Kind
	cname, tname := keyf("copy"), keyf("transpose_tile")
	defs := []kernelDef{{copySpec(cname), func(t Target, m *Module) error { return EmitCopy(t, m, cname) }}}
	var perm []int
	lastTwo := false
	if kind == "transpose" {
		perm = op.Attrs.Ints("perm")
		n := len(perm)
		lastTwo = n >= 2 && perm[n-2] == n-1 && perm[n-1] == n-2
		for i := 0; i < n-2 && lastTwo; i++ {
			lastTwo = perm[i] == i
		}
		if lastTwo {
			defs = append(defs, kernelDef{tileSpec(tname), func(t Target, m *Module) error { return EmitTransposeTile(t, m, tname) }})
		}
	}
	kinds := make([]BufKind, len(op.Args))
	for i := range kinds {
		kinds[i] = weightKind(op, i, fixed)
	}
	return &opKernel{
		defs: defs,
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			rank := len(x.Shape)
			var outs []*runtime.Tensor
			var copies []moveCopy
			switch kind {
			case "transpose":
				shape := make([]int, rank)
				in := contiguous(x.Shape)
				xs := make([]int, rank)
				for i, p := range perm {
					shape[i], xs[i] = x.Shape[p], in[p]
				}
				y := c.Output(dt, shape...)
				if lastTwo && len(words(y)) > 0 {
					rows, cols := x.Shape[rank-2], x.Shape[rank-1]
					tiles := CeilDiv(cols, tileDim)
					g, err := Grid2D(CeilDiv(rows, tileDim)*tiles, len(words(y))/(rows*cols))
					if err == nil {
						l := &Launch{Grid: g, Ints: []int64{int64(rows), int64(cols), int64(tiles)},
							Bufs: []Buf{{words(x), kinds[0]}, {words(y), Out}}, Work: len(words(y))}
						return one(y), r.launch(tname, l, c.Threads())
					}
				}
				outs = one(y)
				copies = []moveCopy{{dims: shape, xs: xs, ys: contiguous(shape), yKind: Out}}
			case "broadcast_to":
				shape := c.Shape(c.Op.Results[0])
				xs := make([]int, len(shape))
				in := contiguous(x.Shape)
				for i := range x.Shape {
					j := len(shape) - rank + i
					if x.Shape[i] != 1 || shape[j] == 1 {
						xs[j] = in[i]
					}
				}
				outs = one(c.Output(dt, shape...))
				copies = []moveCopy{{dims: shape, xs: xs, ys: contiguous(shape), yKind: Out}}
			case "split", "slice", "flip":
				axis := axisOf(c.Op, rank)
				xs := contiguous(x.Shape)
				var ranges [][2]int
				switch kind {
				case "split":
					lo := 0
					for _, n := range c.Op.Attrs.Ints("sizes") {
						ranges = append(ranges, [2]int{lo, lo + n})
						lo += n
					}
				case "slice":
					lo := start + max(c.Position(), 0) // a window of a fixed table at the stream's position
					hi := lo + c.Shape(c.Op.Results[0])[axis]
					if lo < 0 || hi > x.Shape[axis] || lo > hi {
						return fallback(c, r) // the interpreter reports it
					}
					ranges = [][2]int{{lo, hi}}
				default:
					ranges = [][2]int{{0, x.Shape[axis]}}
				}
				for i, rg := range ranges {
					shape := append([]int{}, x.Shape...)
					shape[axis] = rg[1] - rg[0]
					outs = append(outs, c.Output(dt, shape...))
					mc := moveCopy{dims: shape, xs: xs, ys: contiguous(shape), xo: rg[0] * xs[axis], y: i, yKind: Out}
					if kind == "flip" {
						mc.xs = append([]int{}, xs...)
						mc.xs[axis] = -xs[axis]
						mc.xo = (x.Shape[axis] - 1) * xs[axis]
					}
					copies = append(copies, mc)
				}
			case "concat":
				axis := axisOf(c.Op, rank)
				y := c.Output(dt, c.Shape(c.Op.Results[0])...)
				outs = one(y)
				ys := contiguous(y.Shape)
				lo := 0
				for i, a := range c.Args {
					yk := InOut // the launches after the first add to what the earlier wrote
					if len(copies) == 0 {
						yk = Out
					}
					if len(words(a)) > 0 {
						copies = append(copies, moveCopy{dims: a.Shape, xs: contiguous(a.Shape), ys: ys, yo: lo * ys[axis], x: i, yKind: yk})
					}
					lo += a.Shape[axis]
				}
			}
			for _, mc := range copies {
				ints, ok := CopyInts(mc.dims, mc.xs, mc.ys, mc.xo, mc.yo)
				if !ok {
					return fallback(c, r) // more than six axes after merging
				}
				if ints[0] == 0 {
					continue
				}
				g, err := Grid1D(CeilDiv(int(ints[0]), elemBlock))
				if err != nil {
					return fallback(c, r)
				}
				l := &Launch{Grid: g, Ints: ints, Bufs: []Buf{{words(c.Args[mc.x]), kinds[mc.x]}, {words(outs[mc.y]), mc.yKind}}, Work: int(ints[0])}
				if err := r.launch(cname, l, c.Threads()); err != nil {
					return outs, err
				}
			}
			return outs, nil
		},
	}, ""
}

func axisOf(op *ir.Op, rank int) int {
	a, err := ir.NormAxis(op.Attrs.Int("axis"), rank)
	if err != nil {
		panic(err) // the verifier checked it
	}
	return a
}
