package ptx

import (
	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// matmul: the batched product of two activations, C[z] = A[z]·B[z] with
// A [..., M, K] and B [..., K, N] row-major (no transposes: the op has
// none) and the batch axes broadcast as the interpreter broadcasts them
// (an axis of size 1, or a missing one, repeats its matrix). One 64×64
// tile of one product per block, the shared tiled product
// (kernels_matmul_tile.go): A staged along k, B along its columns, both
// coalesced. Each output is the FMAs over k in increasing order in FP32;
// the interpreter's gonum kernel sums in another order, so the two agree
// within the conformance harness's tolerance for sums, not bit for bit.
//
// The batch axes are merged on the host (size-1 output axes dropped,
// neighbours whose strides in both operands chain merged) down to at
// most three, whose sizes and strides the kernel takes as arguments:
// a block finds its matrices from its batch index without a table.

func init() {
	kernelTable["matmul"] = kernelEntry{plan: planMatmul}
}

// matmulSpec: ints [M, N, K, mTiles, d1, d2, sa0, sa1, sa2, sb0, sb1,
// sb2] (the batch index z = (i0·d1 + i1)·d2 + i2; sa, sb the operands'
// strides in floats along those axes); buffers A, B, C. Grid (⌈N/64⌉,
// mTiles·batch).
func matmulSpec(name string) Spec {
	return Spec{Name: name, BX: gemmThreads, BY: gemmThreads, Ints: 12, Ptrs: 3}
}

// EmitMatmul adds the batched matmul kernel.
func EmitMatmul(t Target, m *Module, name string) error {
	return Emit(t, m.M, m.Math, matmulSpec(name), func(k *K) error {
		a, b, c := k.Global(0), k.Global(1), k.Global(2)
		M, N, K := k.Int(0), k.Int(1), k.Int(2)
		mt := k.Int(3)
		z := k.B.NewSDiv(k.BlockY(), mt)
		m0 := k.Mul(k.B.NewSRem(k.BlockY(), mt), c64(gemmTile))
		n0 := k.Mul(k.BlockX(), c64(gemmTile))
		i2 := k.B.NewSRem(z, k.Int(5))
		z1 := k.B.NewSDiv(z, k.Int(5))
		i1, i0 := k.B.NewSRem(z1, k.Int(4)), k.B.NewSDiv(z1, k.Int(4))
		off := func(s int) llvalue.Value {
			return k.Add(k.Add(k.Mul(i0, k.Int(s)), k.Mul(i1, k.Int(s+1))), k.Mul(i2, k.Int(s+2)))
		}
		oa, ob, oc := off(6), off(9), k.Mul(z, k.Mul(M, N))
		opA := tileOperand{rowMajorK, func(row, kk llvalue.Value) llvalue.Value {
			return k.guarded(k.And(k.Lt(row, M), k.Lt(kk, K)), a, func() llvalue.Value { return k.Add(oa, k.Add(k.Mul(row, K), kk)) })
		}}
		opB := tileOperand{kMajor, func(col, kk llvalue.Value) llvalue.Value {
			return k.guarded(k.And(k.Lt(col, N), k.Lt(kk, K)), b, func() llvalue.Value { return k.Add(ob, k.Add(k.Mul(kk, N), col)) })
		}}
		emitTiledProduct(k, opA, opB, m0, n0, M, N, K, func(row, col, acc llvalue.Value) {
			k.Store(c, k.Add(oc, k.Add(k.Mul(row, N), col)), acc)
		})
		return nil
	})
}

// matmulBatch merges the batch axes of out (a's and b's broadcast to it)
// into at most three: sizes d and each operand's strides in matrices.
// ok is false past three axes.
func matmulBatch(out, aB, bB []int) (d, sa, sb [3]int, ok bool) {
	str := func(in []int) []int {
		s := make([]int, len(out))
		off, acc := len(out)-len(in), 1
		for i := len(in) - 1; i >= 0; i-- {
			if in[i] != 1 {
				s[off+i] = acc
			}
			acc *= in[i]
		}
		return s
	}
	ta, tb := str(aB), str(bB)
	var dd, xa, xb []int
	for i, n := range out {
		if n == 1 {
			continue
		}
		if j := len(dd) - 1; j >= 0 && xa[j] == ta[i]*n && xb[j] == tb[i]*n {
			dd[j] *= n
			xa[j], xb[j] = ta[i], tb[i]
			continue
		}
		dd, xa, xb = append(dd, n), append(xa, ta[i]), append(xb, tb[i])
	}
	if len(dd) > 3 {
		return d, sa, sb, false
	}
	d = [3]int{1, 1, 1}
	off := 3 - len(dd)
	for i := range dd {
		d[off+i], sa[off+i], sb[off+i] = dd[i], xa[i], xb[i]
	}
	return d, sa, sb, true
}

func planMatmul(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !allF32(op.Args[0], op.Args[1]) {
		return nil, "matmul takes f32"
	}
	name := keyf("matmul")
	ak, bk := weightKind(op, 0, fixed), weightKind(op, 1, fixed)
	return &opKernel{
		defs: []kernelDef{{matmulSpec(name), func(t Target, m *Module) error { return EmitMatmul(t, m, name) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			a, b := c.Args[0], c.Args[1]
			shape := c.Shape(c.Op.Results[0])
			l, ok := matmulLaunch(shape, a.Shape, b.Shape, Buf{a.F, ak}, Buf{b.F, bk}, nil)
			if !ok {
				return fallback(c, r)
			}
			y := c.Output(runtime.F32, shape...)
			l.Bufs[2].F = y.F
			return one(y), r.launch(name, l, c.Threads())
		},
	}, ""
}

// matmulLaunch is the launch of C [out] = A [aS] · B [bS] into y; ok is
// false for what the kernel does not take (an empty product, whose zeros
// the interpreter makes; more than three batch axes after merging; a
// grid past CUDA's limits).
func matmulLaunch(out, aS, bS []int, a, b Buf, y []float32) (*Launch, bool) {
	rk := len(out)
	m, n, kd := out[rk-2], out[rk-1], aS[len(aS)-1]
	if m == 0 || n == 0 || kd == 0 {
		return nil, false
	}
	d, sa, sb, ok := matmulBatch(out[:rk-2], aS[:len(aS)-2], bS[:len(bS)-2])
	nb := d[0] * d[1] * d[2]
	if !ok || nb == 0 {
		return nil, false
	}
	mt := CeilDiv(m, gemmTile)
	grid, err := Grid2D(CeilDiv(n, gemmTile), mt*nb)
	if err != nil {
		return nil, false
	}
	ma, mb := int64(m*kd), int64(kd*n)
	ints := []int64{int64(m), int64(n), int64(kd), int64(mt), int64(d[1]), int64(d[2]),
		int64(sa[0]) * ma, int64(sa[1]) * ma, int64(sa[2]) * ma, int64(sb[0]) * mb, int64(sb[1]) * mb, int64(sb[2]) * mb}
	return &Launch{Grid: grid, Ints: ints, Bufs: []Buf{a, b, {y, Out}}, Work: nb * m * n * kd / 64}, true
}
