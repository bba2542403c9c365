package interp

import (
	"math"

	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// Reductions and normalisations accumulate in float64.

func init() {
	impls["sum"] = reduceImpl
	impls["mean"] = reduceImpl
	impls["max"] = reduceImpl
	impls["softmax"] = softmaxImpl
	impls["cumsum"] = cumsumImpl
	impls["rms_norm"] = normImpl
	impls["layer_norm"] = normImpl
	impls["l2_norm"] = normImpl
}

func reduceImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0]
	axis := axisOf(op, len(x.Shape))
	outer, size, inner := axisBlocks(x.Shape, axis)
	out := fr.alloc(runtime.F32, fr.shapeOf(op.Results[0])...)
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			acc := 0.0
			if op.Kind == "max" {
				acc = math.Inf(-1)
			}
			for t := 0; t < size; t++ {
				v := float64(x.F[(o*size+t)*inner+i])
				if op.Kind == "max" {
					acc = math.Max(acc, v)
				} else {
					acc += v
				}
			}
			if op.Kind == "mean" {
				acc /= float64(size)
			}
			out.F[o*inner+i] = float32(acc)
		}
	}
	return one(out)
}

func softmaxImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0]
	axis := axisOf(op, len(x.Shape))
	outer, size, inner := axisBlocks(x.Shape, axis)
	out := fr.alloc(runtime.F32, x.Shape...)
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			at := func(t int) int { return (o*size+t)*inner + i }
			m := math.Inf(-1)
			for t := 0; t < size; t++ {
				m = math.Max(m, float64(x.F[at(t)]))
			}
			s := 0.0
			for t := 0; t < size; t++ {
				s += math.Exp(float64(x.F[at(t)]) - m)
			}
			for t := 0; t < size; t++ {
				out.F[at(t)] = float32(math.Exp(float64(x.F[at(t)])-m) / s)
			}
		}
	}
	return one(out)
}

func cumsumImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0]
	axis := axisOf(op, len(x.Shape))
	outer, size, inner := axisBlocks(x.Shape, axis)
	out := fr.alloc(runtime.F32, x.Shape...)
	carry := fr.carry(op, 0, outer*inner) // the running sum before this chunk in step mode
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			acc := 0.0
			if carry != nil {
				acc = float64(carry[o*inner+i])
			}
			for t := 0; t < size; t++ {
				acc += float64(x.F[(o*size+t)*inner+i])
				out.F[(o*size+t)*inner+i] = float32(acc)
			}
			if carry != nil {
				carry[o*inner+i] = float32(acc)
			}
		}
	}
	return one(out)
}

func normImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0]
	d := x.Shape[len(x.Shape)-1]
	rows := numel(x.Shape) / max(d, 1)
	eps := op.Attrs.Float("eps")
	var w, b []float32
	if len(args) > 1 {
		w = args[1].F
	}
	if len(args) > 2 {
		b = args[2].F
	}
	out := fr.alloc(runtime.F32, x.Shape...)
	runtime.ParallelFor(rows, runtime.ThreadsFor(fr.md.opts.Threads, len(x.F)*4), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			row, dst := x.F[r*d:(r+1)*d], out.F[r*d:(r+1)*d]
			mean, scale := 0.0, 0.0
			switch op.Kind {
			case "rms_norm", "l2_norm":
				ss := 0.0
				for _, v := range row {
					ss += float64(v) * float64(v)
				}
				if op.Kind == "rms_norm" {
					ss /= float64(d)
				}
				scale = 1 / math.Sqrt(ss+eps)
			case "layer_norm":
				for _, v := range row {
					mean += float64(v)
				}
				mean /= float64(d)
				vr := 0.0
				for _, v := range row {
					vr += (float64(v) - mean) * (float64(v) - mean)
				}
				scale = 1 / math.Sqrt(vr/float64(d)+eps)
			}
			for j, v := range row {
				y := (float64(v) - mean) * scale
				if w != nil {
					y *= float64(w[j])
				}
				if b != nil {
					y += float64(b[j])
				}
				dst[j] = float32(y)
			}
		}
	})
	return one(out)
}
