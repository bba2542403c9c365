package llvm

import (
	"unsafe"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// moveCopy is one strided copy: for every index i of dims, dst[dstOff +
// Σ i·dstStride] = src[srcOff + Σ i·srcStride].
type moveCopy struct {
	src, dst                   *runtime.Tensor
	dims, srcStride, dstStride []int
	srcOff, dstOff             int
}

func contiguous(shape []int) []int {
	s := make([]int, len(shape))
	acc := 1
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = acc
		acc *= shape[i]
	}
	return s
}

func constDim(d ir.Dim) (int, bool) { return d.Value() }

// planMoves turns the op's call into copies and allocates its results.
// ok is false when the kernel leaves the call to the interpreter (a
// symbolic start or index, an out-of-range one: the interpreter reports
// it).
func planMoves(c *interp.KernelCall) (moves []moveCopy, outs []*runtime.Tensor, ok bool) {
	op := c.Op
	x := c.Args[0]
	axis := 0
	if op.Kind != "transpose" && op.Kind != "broadcast_to" {
		a, err := ir.NormAxis(op.Attrs.Int("axis"), len(x.Shape))
		if err != nil {
			return nil, nil, false
		}
		axis = a
	}
	cs := contiguous(x.Shape)
	// rangeCopy is x's elements [lo, lo+len(shape[axis])) along axis into out.
	rangeCopy := func(out *runtime.Tensor, shape []int, lo int) moveCopy {
		return moveCopy{src: x, dst: out, dims: shape, srcStride: cs, dstStride: contiguous(shape), srcOff: lo * cs[axis]}
	}
	switch op.Kind {
	case "transpose":
		perm := op.Attrs.Ints("perm")
		shape := c.Shape(op.Results[0])
		if len(perm) != len(x.Shape) {
			return nil, nil, false
		}
		st := make([]int, len(perm))
		for i, p := range perm {
			st[i] = cs[p]
		}
		out := c.Output(x.DType, shape...)
		return []moveCopy{{src: x, dst: out, dims: shape, srcStride: st, dstStride: contiguous(shape)}}, []*runtime.Tensor{out}, true
	case "broadcast_to":
		shape := c.Shape(op.Results[0])
		st := make([]int, len(shape))
		off := len(shape) - len(x.Shape)
		if off < 0 {
			return nil, nil, false
		}
		for i := range x.Shape {
			if x.Shape[i] != 1 {
				st[off+i] = cs[i]
			}
		}
		out := c.Output(x.DType, shape...)
		return []moveCopy{{src: x, dst: out, dims: shape, srcStride: st, dstStride: contiguous(shape)}}, []*runtime.Tensor{out}, true
	case "split":
		lo := 0
		for _, n := range op.Attrs.Ints("sizes") {
			shape := append([]int{}, x.Shape...)
			shape[axis] = n
			if lo+n > x.Shape[axis] {
				return nil, nil, false
			}
			out := c.Output(x.DType, shape...)
			moves = append(moves, rangeCopy(out, shape, lo))
			outs = append(outs, out)
			lo += n
		}
		return moves, outs, true
	case "concat":
		shape := c.Shape(op.Results[0])
		out := c.Output(x.DType, shape...)
		ocs := contiguous(shape)
		off := 0
		for _, a := range c.Args {
			if a.DType != x.DType || len(a.Shape) != len(shape) {
				return nil, nil, false
			}
			moves = append(moves, moveCopy{src: a, dst: out, dims: a.Shape, srcStride: contiguous(a.Shape), dstStride: ocs, dstOff: off * ocs[axis]})
			off += a.Shape[axis]
		}
		if off != shape[axis] {
			return nil, nil, false
		}
		return moves, []*runtime.Tensor{out}, true
	case "slice":
		lo, ok1 := constDim(op.Attrs.Dim("start"))
		hi, ok2 := constDim(op.Attrs.Dim("stop"))
		if !ok1 || !ok2 {
			return nil, nil, false
		}
		if pos := c.Position(); pos > 0 {
			lo, hi = lo+pos, hi+pos
		}
		if lo < 0 || hi > x.Shape[axis] || lo > hi {
			return nil, nil, false
		}
		shape := append([]int{}, x.Shape...)
		shape[axis] = hi - lo
		out := c.Output(x.DType, shape...)
		return []moveCopy{rangeCopy(out, shape, lo)}, []*runtime.Tensor{out}, true
	case "index":
		i, ok := constDim(op.Attrs.Dim("index"))
		if !ok || i < 0 || i >= x.Shape[axis] {
			return nil, nil, false
		}
		shape := append([]int{}, x.Shape...)
		shape[axis] = 1
		out := c.Output(x.DType, append(append([]int{}, x.Shape[:axis]...), x.Shape[axis+1:]...)...)
		return []moveCopy{rangeCopy(out, shape, i)}, []*runtime.Tensor{out}, true
	case "flip":
		out := c.Output(x.DType, x.Shape...)
		st := append([]int{}, cs...)
		st[axis] = -cs[axis]
		return []moveCopy{{src: x, dst: out, dims: x.Shape, srcStride: st, dstStride: cs, srcOff: (x.Shape[axis] - 1) * cs[axis]}}, []*runtime.Tensor{out}, true
	}
	return nil, nil, false
}

// mergeMove drops size-1 axes and merges adjacent axes that are contiguous
// in both source and destination, so that the innermost axis is as long as
// possible. It returns nil dims when the copy is empty.
func mergeMove(dims, ss, ds []int) (d, s, t []int) {
	for i, n := range dims {
		if n == 0 {
			return nil, nil, nil
		}
		if n == 1 {
			continue
		}
		if k := len(d) - 1; k >= 0 && s[k] == ss[i]*n && t[k] == ds[i]*n {
			d[k] *= n
			s[k], t[k] = ss[i], ds[i]
			continue
		}
		d, s, t = append(d, n), append(s, ss[i]), append(t, ds[i])
	}
	if k := len(d) - 1; k < 0 || t[k] != 1 {
		d, s, t = append(d, 1), append(s, 1), append(t, 1)
	}
	return d, s, t
}

// moveSplit is the piece length a copy of a single row is cut into for
// the goroutines (runtime.ThreadsFor keeps small copies on one).
const moveSplit = 1 << 14

// moveTiled enables the tiled transpose (a variable so that tests can
// compare it with the row copies).
var moveTiled = true

func tensorPtr(t *runtime.Tensor) unsafe.Pointer {
	if t.DType == runtime.I32 {
		if len(t.I) == 0 {
			return nil
		}
		return unsafe.Pointer(&t.I[0])
	}
	return gemmPtr(t.F)
}

// runMove runs one copy on the kernel of rank outer axes: rows of the
// outer axes split over goroutines when the copy is large enough
// (runtime.ThreadsFor), one kernel call per goroutine. A single long row
// is cut into pieces of moveSplit elements. Every element is written by
// exactly one copy of its bits, so the result is thread-independent.
func runMove(fn native.Fn, rank, threads int, mv moveCopy) bool {
	d, s, t := mergeMove(mv.dims, mv.srcStride, mv.dstStride)
	if d == nil {
		return true
	}
	outer := len(d) - 1
	if outer > rank {
		return false
	}
	n, sIn := d[outer], s[outer]
	total := 1
	for _, v := range d {
		total *= v
	}
	var p native.Ptrs
	p[movePSrc], p[movePDst] = tensorPtr(mv.src), tensorPtr(mv.dst)
	if outer == 0 {
		pieces := (n + moveSplit - 1) / moveSplit
		runtime.ParallelFor(pieces, runtime.ThreadsFor(threads, total), func(lo, hi int) {
			j0, j1 := lo*moveSplit, min(hi*moveSplit, n)
			ints := make([]int64, 5+3*rank)
			ints[0], ints[1], ints[2], ints[3] = int64(j1-j0), int64(sIn), int64(mv.srcOff+j0*sIn), int64(mv.dstOff+j0)
			for k := range rank {
				ints[4+3*k] = 1
			}
			fn.Call(0, 1, ints, &p)
		})
		return true
	}
	ints := make([]int64, 5+3*rank)
	ints[0], ints[1], ints[2], ints[3] = int64(n), int64(sIn), int64(mv.srcOff), int64(mv.dstOff)
	pad := rank - outer
	for k := range rank {
		if k < pad {
			ints[4+3*k] = 1
			continue
		}
		ints[4+3*k], ints[5+3*k], ints[6+3*k] = int64(d[k-pad]), int64(s[k-pad]), int64(t[k-pad])
	}
	rows := total / n
	if lanes := VariantLanes(HostVariant()); moveTiled && sIn != 1 && s[outer-1] == 1 && n >= lanes && d[outer-1] >= lanes {
		// A transpose: tiles of the innermost outer axis × the row, split
		// over the other outer axes.
		ints[4+3*rank] = 1
		batches := rows / d[outer-1]
		runtime.ParallelFor(batches, runtime.ThreadsFor(threads, total), func(lo, hi int) {
			fn.Call(lo, hi, ints, &p)
		})
		return true
	}
	runtime.ParallelFor(rows, runtime.ThreadsFor(threads, total), func(lo, hi int) {
		fn.Call(lo, hi, ints, &p)
	})
	return true
}
