package interp

import (
	"fmt"

	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// Data movement. Results never alias an argument that a later op could
// write: no op writes into its arguments, so sharing data (reshape) is safe.

func init() {
	impls["reshape"] = reshapeImpl
	impls["transpose"] = transposeImpl
	impls["broadcast_to"] = broadcastToImpl
	impls["split"] = splitImpl
	impls["concat"] = concatImpl
	impls["slice"] = sliceImpl
	impls["index"] = indexImpl
	impls["flip"] = flipImpl
	impls["take"] = takeImpl
}

// elemWidth is how many slice entries one element takes (2 for complex).
func elemWidth(t *runtime.Tensor) int {
	if t.DType == runtime.C64 {
		return 2
	}
	return 1
}

func reshapeImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := *args[0]
	x.Shape = append([]int(nil), fr.shapeOf(op.Results[0])...)
	return one(&x)
}

// permute copies x with its axes reordered by perm.
func permute(fr *frame, x *runtime.Tensor, perm []int) *runtime.Tensor {
	shape := make([]int, len(perm))
	for i, p := range perm {
		shape[i] = x.Shape[p]
	}
	out := fr.alloc(x.DType, shape...)
	in := contiguousStrides(x.Shape)
	strides := make([]int, len(perm))
	for i, p := range perm {
		strides[i] = in[p]
	}
	w := elemWidth(x)
	forEachRowPar(fr.threads(), shape, [][]int{strides}, func(o int, offs, inner []int, n int) {
		for j := 0; j < n; j++ {
			src := offs[0] + j*inner[0]
			if x.DType == runtime.I32 {
				out.I[o+j] = x.I[src]
				continue
			}
			copy(out.F[(o+j)*w:(o+j+1)*w], x.F[src*w:(src+1)*w])
		}
	})
	return out
}

func transposeImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	return one(permute(fr, args[0], op.Attrs.Ints("perm")))
}

func broadcastToImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0]
	shape := fr.shapeOf(op.Results[0])
	out := fr.alloc(x.DType, shape...)
	w := elemWidth(x)
	forEachRow(shape, [][]int{broadcastStrides(x.Shape, shape)}, func(o int, offs, inner []int, n int) {
		for j := 0; j < n; j++ {
			src := offs[0] + j*inner[0]
			if x.DType == runtime.I32 {
				out.I[o+j] = x.I[src]
			} else {
				copy(out.F[(o+j)*w:(o+j+1)*w], x.F[src*w:(src+1)*w])
			}
		}
	})
	return one(out)
}

// axisBlocks describes x as [outer, size, inner] around axis.
func axisBlocks(shape []int, axis int) (outer, size, inner int) {
	return numel(shape[:axis]), shape[axis], numel(shape[axis+1:])
}

// copyRange copies elements [lo, hi) along axis of x into a new tensor,
// from fr's buffers (fr may be nil: a fresh tensor).
func copyRange(fr *frame, x *runtime.Tensor, axis, lo, hi int) *runtime.Tensor {
	shape := append([]int{}, x.Shape...)
	shape[axis] = hi - lo
	out := fr.alloc(x.DType, shape...)
	runtime.CopyAxis(out, x, axis, lo)
	return out
}

func axisOf(op *ir.Op, rank int) int {
	a, err := ir.NormAxis(op.Attrs.Int("axis"), rank)
	if err != nil {
		panic(err) // the verifier checked it
	}
	return a
}

func splitImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0]
	axis := axisOf(op, len(x.Shape))
	var out []*runtime.Tensor
	lo := 0
	for _, n := range op.Attrs.Ints("sizes") {
		out = append(out, copyRange(fr, x, axis, lo, lo+n))
		lo += n
	}
	return out, nil
}

func concatImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	out := fr.alloc(args[0].DType, fr.shapeOf(op.Results[0])...)
	runtime.ConcatInto(out, args, axisOf(op, len(args[0].Shape)))
	return one(out)
}

func dimValue(fr *frame, d ir.Dim) int {
	v, err := d.Eval(fr.env)
	if err != nil {
		panic(err)
	}
	return v
}

func sliceImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0]
	axis := axisOf(op, len(x.Shape))
	lo, hi := dimValue(fr, op.Attrs.Dim("start")), dimValue(fr, op.Attrs.Dim("stop"))
	if pos := fr.position(op); pos > 0 { // a window of a fixed table at the stream's position
		lo, hi = lo+pos, hi+pos
	}
	if lo < 0 || hi > x.Shape[axis] || lo > hi {
		return nil, fmt.Errorf("slice %d:%d out of range for axis %d of size %d", lo, hi, axis, x.Shape[axis])
	}
	return one(copyRange(fr, x, axis, lo, hi))
}

func indexImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0]
	axis := axisOf(op, len(x.Shape))
	i := dimValue(fr, op.Attrs.Dim("index"))
	if i < 0 || i >= x.Shape[axis] {
		return nil, fmt.Errorf("index %d out of range for axis %d of size %d", i, axis, x.Shape[axis])
	}
	out := copyRange(fr, x, axis, i, i+1)
	out.Shape = append(append([]int{}, x.Shape[:axis]...), x.Shape[axis+1:]...)
	return one(out)
}

func flipImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0]
	axis := axisOf(op, len(x.Shape))
	outer, size, inner := axisBlocks(x.Shape, axis)
	out := fr.alloc(x.DType, x.Shape...)
	w := elemWidth(x)
	for o := 0; o < outer; o++ {
		for t := 0; t < size; t++ {
			src, dst := (o*size+t)*inner, (o*size+size-1-t)*inner
			if x.DType == runtime.I32 {
				copy(out.I[dst:dst+inner], x.I[src:src+inner])
			} else {
				copy(out.F[dst*w:(dst+inner)*w], x.F[src*w:(src+inner)*w])
			}
		}
	}
	return one(out)
}

func takeImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	tab, ids := args[0], args[1]
	rows, width := tab.Shape[0], tab.Shape[1]
	out := fr.alloc(tab.DType, append(append([]int{}, ids.Shape...), width)...)
	w := elemWidth(tab)
	for i, id := range ids.I {
		if id < 0 || int(id) >= rows {
			return nil, fmt.Errorf("index %d out of range for a table of %d rows (position %d)", id, rows, i)
		}
		copy(out.F[i*width*w:(i+1)*width*w], tab.F[int(id)*width*w:(int(id)+1)*width*w])
	}
	return one(out)
}
