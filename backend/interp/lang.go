package interp

import (
	"fmt"
	"math"
	"sort"

	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The ops of the language's general-purpose constructs: comparisons (f32
// masks), where, arange, literal, gather, scatter_add and top_k. The
// associative scan is in assoc_scan.go.

func init() {
	for k := range compareF {
		impls[k] = compareImpl
	}
	impls["where"] = whereImpl
	impls["arange"] = arangeImpl
	impls["literal"] = literalImpl
	impls["gather"] = gatherImpl
	impls["scatter_add"] = scatterAddImpl
	impls["top_k"] = topKImpl
}

// compareF holds each comparison on float64 (exact for f32 and i32).
var compareF = map[string]func(a, b float64) bool{
	"eq": func(a, b float64) bool { return a == b }, "ne": func(a, b float64) bool { return a != b },
	"lt": func(a, b float64) bool { return a < b }, "le": func(a, b float64) bool { return a <= b },
	"gt": func(a, b float64) bool { return a > b }, "ge": func(a, b float64) bool { return a >= b },
}

// real reads element i of a real tensor as float64.
func realAt(t *runtime.Tensor, i int) float64 {
	if t.DType == runtime.I32 {
		return float64(t.I[i])
	}
	return float64(t.F[i])
}

func compareImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	a, b := args[0], args[1]
	shape := fr.shapeOf(op.Results[0])
	f := compareF[op.Kind]
	out := fr.alloc(runtime.F32, shape...)
	forEachRow(shape, [][]int{broadcastStrides(a.Shape, shape), broadcastStrides(b.Shape, shape)}, func(o int, offs, inner []int, n int) {
		for j := 0; j < n; j++ {
			if f(realAt(a, offs[0]+j*inner[0]), realAt(b, offs[1]+j*inner[1])) {
				out.F[o+j] = 1
			} else {
				out.F[o+j] = 0
			}
		}
	})
	return one(out)
}

func whereImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	c, x, y := args[0], args[1], args[2]
	shape := fr.shapeOf(op.Results[0])
	out := fr.alloc(x.DType, shape...)
	strides := [][]int{broadcastStrides(c.Shape, shape), broadcastStrides(x.Shape, shape), broadcastStrides(y.Shape, shape)}
	forEachRow(shape, strides, func(o int, offs, inner []int, n int) {
		for j := 0; j < n; j++ {
			src, at := y, offs[2]+j*inner[2]
			if realAt(c, offs[0]+j*inner[0]) != 0 {
				src, at = x, offs[1]+j*inner[1]
			}
			if x.DType == runtime.I32 {
				out.I[o+j] = src.I[at]
			} else {
				out.F[o+j] = src.F[at]
			}
		}
	})
	return one(out)
}

// arangeImpl counts from the stream's position along a streamed sequence
// (absolute positions), else from 0.
func arangeImpl(fr *frame, op *ir.Op, _ []*runtime.Tensor) ([]*runtime.Tensor, error) {
	n := dimValue(fr, op.Attrs.Dim("n"))
	start := fr.position(op)
	dt, _ := ir.ParseDType(op.Attrs.String("dtype"))
	if op.Attrs.String("dtype") == "" {
		dt = ir.I32
	}
	out := fr.alloc(runtime.DType(dt), n)
	for i := 0; i < n; i++ {
		if dt == ir.I32 {
			out.I[i] = int32(start + i)
		} else {
			out.F[i] = float32(start + i)
		}
	}
	return one(out)
}

func literalImpl(fr *frame, op *ir.Op, _ []*runtime.Tensor) ([]*runtime.Tensor, error) {
	shape := fr.shapeOf(op.Results[0])
	vals := op.Attrs.Floats("values")
	if op.Attrs.String("dtype") == "i32" {
		out := runtime.New(runtime.I32, shape...)
		for i, v := range vals {
			out.I[i] = int32(v)
		}
		return one(out)
	}
	out := runtime.New(runtime.F32, shape...)
	for i, v := range vals {
		out.F[i] = float32(v)
	}
	return one(out)
}

// indexed walks every element of out (shape) and gives fn its flat index
// and its multi-index (reused between calls).
func indexed(shape []int, fn func(flat int, idx []int) error) error {
	n := numel(shape)
	idx := make([]int, len(shape))
	for flat := 0; flat < n; flat++ {
		if err := fn(flat, idx); err != nil {
			return err
		}
		for a := len(idx) - 1; a >= 0; a-- {
			idx[a]++
			if idx[a] < shape[a] {
				break
			}
			idx[a] = 0
		}
	}
	return nil
}

// offsetOf is the flat offset of idx in a tensor of shape s, reading
// size-1 axes at 0 (broadcast) and axis ax at i.
func offsetOf(s, strides, idx []int, ax, i int) int {
	off := 0
	for a, v := range idx {
		switch {
		case a == ax:
			off += i * strides[a]
		case s[a] != 1:
			off += v * strides[a]
		}
	}
	return off
}

func gatherImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x, ids := args[0], args[1]
	shape := fr.shapeOf(op.Results[0])
	ax := axisOf(op, len(x.Shape))
	out := fr.alloc(x.DType, shape...)
	xs, is := contiguousStrides(x.Shape), contiguousStrides(ids.Shape)
	w := elemWidth(x)
	err := indexed(shape, func(flat int, idx []int) error {
		k := int(ids.I[offsetOf(ids.Shape, is, idx, ax, idx[ax])])
		if k < 0 || k >= x.Shape[ax] {
			return fmt.Errorf("index %d out of range for axis %d of size %d (element %v)", k, ax, x.Shape[ax], idx)
		}
		src := offsetOf(x.Shape, xs, idx, ax, k)
		if x.DType == runtime.I32 {
			out.I[flat] = x.I[src]
		} else {
			copy(out.F[flat*w:(flat+1)*w], x.F[src*w:(src+1)*w])
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return one(out)
}

func scatterAddImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x, ids, src := args[0], args[1], args[2]
	ax := axisOf(op, len(x.Shape))
	out := fr.alloc(x.DType, x.Shape...)
	copy(out.F, x.F)
	copy(out.I, x.I)
	xs := contiguousStrides(x.Shape)
	err := indexed(ids.Shape, func(flat int, idx []int) error {
		k := int(ids.I[flat])
		if k < 0 || k >= x.Shape[ax] {
			return fmt.Errorf("index %d out of range for axis %d of size %d (element %v)", k, ax, x.Shape[ax], idx)
		}
		dst := offsetOf(x.Shape, xs, idx, ax, k)
		if x.DType == runtime.I32 {
			out.I[dst] += src.I[flat]
		} else {
			out.F[dst] += src.F[flat]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return one(out)
}

// topKImpl selects the k largest along the axis, largest first; NaN ranks
// above every number and ties keep the lower index first, so the result
// never depends on the order of work.
func topKImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0]
	ax := axisOf(op, len(x.Shape))
	k := op.Attrs.Int("k")
	outer, size, inner := axisBlocks(x.Shape, ax)
	if k > size {
		return nil, fmt.Errorf("top_k of %d along an axis of size %d", k, size)
	}
	shape := append([]int{}, x.Shape...)
	shape[ax] = k
	vals := fr.alloc(x.DType, shape...)
	idxs := fr.alloc(runtime.I32, shape...)
	order := make([]int, size)
	greater := func(a, b float64) bool {
		an, bn := math.IsNaN(a), math.IsNaN(b)
		if an || bn {
			return an && !bn
		}
		return a > b
	}
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			at := func(t int) int { return (o*size+t)*inner + i }
			for t := range order {
				order[t] = t
			}
			sort.SliceStable(order, func(p, q int) bool { return greater(realAt(x, at(order[p])), realAt(x, at(order[q]))) })
			for j := 0; j < k; j++ {
				dst := (o*k+j)*inner + i
				if x.DType == runtime.I32 {
					vals.I[dst] = x.I[at(order[j])]
				} else {
					vals.F[dst] = x.F[at(order[j])]
				}
				idxs.I[dst] = int32(order[j])
			}
		}
	}
	return []*runtime.Tensor{vals, idxs}, nil
}
