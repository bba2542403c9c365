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

// gemm panels: gonum parallelises any product of four or more 64×64 blocks
// of C over every core, whatever the Threads option says. Panels of C of
// 64×128 stay under that, so gonum runs each on the calling goroutine and
// the panels are spread over exactly the threads asked for. Every element of
// C is still one dot product over k in gonum's order, so the bits do not
// depend on the split.
const (
	gemmPanelRows = 64
	gemmPanelCols = 128
)

// gemmRows computes C[m×n] = A[m×k] · op(B) (+ bias per column), op(B) = Bᵀ
// when bT (B is [n×k], PyTorch's weight layout).
func gemmRows(threads, m, n, k int, a []float32, b []float32, bT bool, bias []float32, c []float32) {
	rowPanels := (m + gemmPanelRows - 1) / gemmPanelRows
	colPanels := (n + gemmPanelCols - 1) / gemmPanelCols
	panels := rowPanels * colPanels
	parts := min(runtime.ThreadsFor(threads, m*n*k), panels)
	var beta float32
	if bias != nil {
		beta = 1
	}
	runtime.ParallelFor(panels, parts, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			r0, c0 := p/colPanels*gemmPanelRows, p%colPanels*gemmPanelCols
			rows, cols := min(gemmPanelRows, m-r0), min(gemmPanelCols, n-c0)
			ga := blas32.General{Rows: rows, Cols: k, Stride: k, Data: a[r0*k : (r0+rows-1)*k+k]}
			gc := blas32.General{Rows: rows, Cols: cols, Stride: n, Data: c[r0*n+c0 : (r0+rows-1)*n+c0+cols]}
			var gb blas32.General
			tb := blas.NoTrans
			if bT {
				gb = blas32.General{Rows: cols, Cols: k, Stride: k, Data: b[c0*k : (c0+cols-1)*k+k]}
				tb = blas.Trans
			} else {
				gb = blas32.General{Rows: k, Cols: cols, Stride: n, Data: b[c0 : (k-1)*n+c0+cols]}
			}
			if bias != nil {
				for r := 0; r < rows; r++ {
					copy(gc.Data[r*n:r*n+cols], bias[c0:c0+cols])
				}
			}
			blas32.Gemm(blas.NoTrans, tb, 1, ga, gb, beta, gc)
		}
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
	if m == 0 || n == 0 || k == 0 {
		return one(out)
	}
	// Threads go to the batch when it has enough matrices, else into each product.
	outer, inner := runtime.ThreadsFor(fr.md.opts.Threads, nb*m*n*k), 1
	if nb < outer {
		outer, inner = 1, outer
	}
	runtime.ParallelFor(nb, outer, func(lo, hi int) {
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
			gemmRows(inner, m, n, k, a.F[oa*m*k:(oa+1)*m*k], b.F[ob*k*n:(ob+1)*k*n], false, nil, out.F[i*m*n:(i+1)*m*n])
		}
	})
	return one(out)
}
