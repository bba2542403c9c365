package runtime

import "fmt"

// SliceAxis copies positions [lo, hi) of axis of t into a new tensor.
func SliceAxis(t *Tensor, axis, lo, hi int) (*Tensor, error) {
	if axis < 0 || axis >= len(t.Shape) || lo < 0 || hi > t.Shape[axis] || lo > hi {
		return nil, fmt.Errorf("slice %d:%d of axis %d out of range for shape %s", lo, hi, axis, t.ShapeString())
	}
	shape := append([]int{}, t.Shape...)
	shape[axis] = hi - lo
	out := New(t.DType, shape...)
	CopyAxis(out, t, axis, lo)
	return out, nil
}

// CopyAxis fills dst with the positions [lo, lo+dst.Shape[axis]) of axis of
// src; the other axes and the dtype must agree (the caller checks).
func CopyAxis(dst, src *Tensor, axis, lo int) {
	outer, size, inner := AxisBlocks(src.Shape, axis)
	w := width(src.DType)
	n := dst.Shape[axis] * inner
	for o := 0; o < outer; o++ {
		from := (o*size + lo) * inner
		if src.DType == I32 {
			copy(dst.I[o*n:(o+1)*n], src.I[from:from+n])
		} else {
			copy(dst.F[o*n*w:(o+1)*n*w], src.F[from*w:(from+n)*w])
		}
	}
}

// Concat joins tensors along axis; all other axes and the dtype must agree.
func Concat(ts []*Tensor, axis int) (*Tensor, error) {
	if len(ts) == 0 {
		return nil, fmt.Errorf("concat of no tensors")
	}
	shape := append([]int{}, ts[0].Shape...)
	if axis < 0 || axis >= len(shape) {
		return nil, fmt.Errorf("concat axis %d out of range for shape %s", axis, ts[0].ShapeString())
	}
	shape[axis] = 0
	for _, t := range ts {
		if t.DType != ts[0].DType || len(t.Shape) != len(shape) {
			return nil, fmt.Errorf("concat of %s%s and %s%s", ts[0].DType, ts[0].ShapeString(), t.DType, t.ShapeString())
		}
		for i := range shape {
			if i != axis && t.Shape[i] != shape[i] {
				return nil, fmt.Errorf("concat along axis %d of %s and %s", axis, ts[0].ShapeString(), t.ShapeString())
			}
		}
		shape[axis] += t.Shape[axis]
	}
	out := New(ts[0].DType, shape...)
	ConcatInto(out, ts, axis)
	return out, nil
}

// ConcatInto writes ts joined along axis into dst, whose shape is theirs
// with the axis summed (the caller checks).
func ConcatInto(out *Tensor, ts []*Tensor, axis int) {
	outer, size, inner := AxisBlocks(out.Shape, axis)
	w := width(out.DType)
	at := 0
	for _, t := range ts {
		n := t.Shape[axis] * inner
		for o := 0; o < outer; o++ {
			dst := (o*size + at) * inner
			if t.DType == I32 {
				copy(out.I[dst:dst+n], t.I[o*n:(o+1)*n])
			} else {
				copy(out.F[dst*w:(dst+n)*w], t.F[o*n*w:(o+1)*n*w])
			}
		}
		at += t.Shape[axis]
	}
}

// AxisBlocks is shape as [outer, size, inner] around axis: the product of
// the axes before it, its size, and the product of those after.
func AxisBlocks(shape []int, axis int) (outer, size, inner int) {
	outer, inner = 1, 1
	for _, d := range shape[:axis] {
		outer *= d
	}
	for _, d := range shape[axis+1:] {
		inner *= d
	}
	return outer, shape[axis], inner
}

func width(d DType) int {
	if d == C64 {
		return 2
	}
	return 1
}
