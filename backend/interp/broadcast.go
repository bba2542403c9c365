package interp

import (
	"github.com/seqc-dev/seqc/runtime"
)

// numel returns the element count of a shape.
func numel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// contiguousStrides returns row-major strides in elements.
func contiguousStrides(shape []int) []int {
	s := make([]int, len(shape))
	acc := 1
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = acc
		acc *= shape[i]
	}
	return s
}

// broadcastStrides returns the strides with which a tensor of shape in is
// read when broadcast to out (right-aligned; broadcast axes get stride 0).
func broadcastStrides(in, out []int) []int {
	s := make([]int, len(out))
	cs := contiguousStrides(in)
	off := len(out) - len(in)
	for i := range in {
		if in[i] != 1 { // a size-1 axis never advances, broadcast or not
			s[off+i] = cs[i]
		}
	}
	return s
}

// forEachRow walks the output of a broadcast op row by row (the last axis):
// fn gets the output offset, each input's offset, and each input's stride
// along the last axis (0 or 1).
func forEachRow(out []int, strides [][]int, fn func(o int, offs []int, inner []int, n int)) {
	r := len(out)
	if r == 0 {
		offs := make([]int, len(strides))
		inner := make([]int, len(strides))
		fn(0, offs, inner, 1)
		return
	}
	n := out[r-1]
	inner := make([]int, len(strides))
	for k, s := range strides {
		inner[k] = s[r-1]
	}
	rows := numel(out[:r-1])
	idx := make([]int, r-1)
	offs := make([]int, len(strides))
	for row := 0; row < rows; row++ {
		for k := range offs {
			o := 0
			for a, i := range idx {
				o += i * strides[k][a]
			}
			offs[k] = o
		}
		fn(row*n, offs, inner, n)
		for a := r - 2; a >= 0; a-- {
			idx[a]++
			if idx[a] < out[a] {
				break
			}
			idx[a] = 0
		}
	}
}

// forEachRowPar is forEachRow with the rows split across goroutines when
// the output is large; fn must only write the row it is given.
func forEachRowPar(threads int, out []int, strides [][]int, fn func(o int, offs []int, inner []int, n int)) {
	r := len(out)
	if r == 0 || numel(out) < 1<<16 {
		forEachRow(out, strides, fn)
		return
	}
	n := out[r-1]
	rows := numel(out[:r-1])
	runtime.ParallelFor(rows, threads, func(lo, hi int) {
		offs := make([]int, len(strides))
		inner := make([]int, len(strides))
		for k, s := range strides {
			inner[k] = s[r-1]
		}
		for row := lo; row < hi; row++ {
			rem := row
			clear(offs)
			for a := r - 2; a >= 0; a-- {
				i := rem % out[a]
				rem /= out[a]
				for k := range strides {
					offs[k] += i * strides[k][a]
				}
			}
			fn(row*n, offs, inner, n)
		}
	})
}

// toComplex widens an f32 tensor to c64.
func toComplex(t *runtime.Tensor) *runtime.Tensor {
	if t.DType == runtime.C64 {
		return t
	}
	c := runtime.New(runtime.C64, t.Shape...)
	for i, v := range t.F {
		c.F[2*i] = v
	}
	return c
}
