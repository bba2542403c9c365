package interp

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

func init() {
	impls["linear"] = linearImpl
	impls["matmul"] = matmulImpl
}

// gemmRows computes C[m×n] = A[m×k] · op(B) (+ bias per column) split by
// rows across goroutines; each row block is one BLAS call, so results do not
// depend on the thread count.
func gemmRows(threads, m, n, k int, a []float32, b []float32, bT bool, bias []float32, c []float32) {
	const minRows = 16
	parts := max(1, min(runtime.Threads(threads), m/minRows))
	runtime.ParallelFor(m, parts, func(lo, hi int) {
		rows := hi - lo
		ga := blas32.General{Rows: rows, Cols: k, Stride: k, Data: a[lo*k : hi*k]}
		gc := blas32.General{Rows: rows, Cols: n, Stride: n, Data: c[lo*n : hi*n]}
		var gb blas32.General
		tb := blas.NoTrans
		if bT {
			gb = blas32.General{Rows: n, Cols: k, Stride: k, Data: b}
			tb = blas.Trans
		} else {
			gb = blas32.General{Rows: k, Cols: n, Stride: n, Data: b}
		}
		var beta float32
		if bias != nil {
			for r := 0; r < rows; r++ {
				copy(gc.Data[r*n:(r+1)*n], bias)
			}
			beta = 1
		}
		blas32.Gemm(blas.NoTrans, tb, 1, ga, gb, beta, gc)
	})
}

func linearImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x, w := args[0], args[1]
	out := fr.alloc(runtime.F32, fr.shapeOf(op.Results[0])...)
	k, n := w.Shape[1], w.Shape[0]
	m := numel(x.Shape) / max(k, 1)
	var bias []float32
	if len(args) == 3 {
		bias = args[2].F
	}
	if m > 0 && n > 0 && k > 0 {
		gemmRows(fr.md.opts.Threads, m, n, k, x.F, w.F, true, bias, out.F)
	} else if bias != nil {
		for r := 0; r < m; r++ {
			copy(out.F[r*n:(r+1)*n], bias)
		}
	}
	if err := applyAct(fr, op, out); err != nil {
		return nil, err
	}
	return one(out)
}

func matmulImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	a, b := args[0], args[1]
	shape := fr.shapeOf(op.Results[0])
	out := fr.alloc(runtime.F32, shape...)
	r := len(shape)
	m, n, k := shape[r-2], shape[r-1], a.Shape[len(a.Shape)-1]
	batch := shape[:r-2]
	sa := broadcastStrides(a.Shape[:len(a.Shape)-2], batch)
	sb := broadcastStrides(b.Shape[:len(b.Shape)-2], batch)
	nb := numel(batch)
	runtime.ParallelFor(nb, fr.md.opts.Threads, func(lo, hi int) {
		idx := make([]int, len(batch))
		for i := lo; i < hi; i++ {
			rem := i
			for d := len(batch) - 1; d >= 0; d-- {
				idx[d] = rem % batch[d]
				rem /= batch[d]
			}
			oa, ob := 0, 0
			for d := range batch {
				oa += idx[d] * sa[d]
				ob += idx[d] * sb[d]
			}
			ga := blas32.General{Rows: m, Cols: k, Stride: k, Data: a.F[oa*m*k : (oa+1)*m*k]}
			gb := blas32.General{Rows: k, Cols: n, Stride: n, Data: b.F[ob*k*n : (ob+1)*k*n]}
			gc := blas32.General{Rows: m, Cols: n, Stride: n, Data: out.F[i*m*n : (i+1)*m*n]}
			if m > 0 && n > 0 && k > 0 {
				blas32.Gemm(blas.NoTrans, blas.NoTrans, 1, ga, gb, 0, gc)
			}
		}
	})
	return one(out)
}
