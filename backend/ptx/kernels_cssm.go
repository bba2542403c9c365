package ptx

import (
	"fmt"
	"math"

	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The complex `ssm` in its scan form (S4D, S5: a complex diagonal A):
//
//	h[n] = a[t,n]·h[n] + b[t,n]·x[t],  y[t] = Σ_n c[t,n]·h[n]
//
// in complex arithmetic, as the interpreter's scan in complex128: any of
// x, a, b, c may be complex (c64: interleaved (re, im) float32 pairs) or
// real; the state is complex when x, a or b is, y when the state or c is.
// Which are complex is fixed per kernel (cssmKinds), so a real part's
// missing imaginary terms are never computed — the interpreter's products
// with an imaginary part of 0 add exact zeros. One thread per (batch,
// channel), the N ≤ cssmMaxN states (re and im) in registers, the time
// loop inside; the operands read as the real scan's (ssmOperand: batch,
// time and state strides and a per-channel offset table), strides and
// offsets counted in floats. float32 with fused multiply-adds, where the
// interpreter computes in complex128.
//
// Kernel ABI: ssmSpec's (ints [L, C, has H0, has HT, SB, SL, SN of a, b,
// c]; buffers x, a, b, c, the three offset tables, H0, HT, y), grid
// (⌈C/128⌉, B).

// cssmMaxN is the largest complex state the kernel keeps in registers
// (two floats each: the real scan's 64 floats).
const cssmMaxN = 32

// cssmKinds says which of x, a, b, c are complex (bit i for operand i).
type cssmKinds uint8

func (k cssmKinds) cplx(i int) bool { return k&(1<<i) != 0 }

// state reports whether the state is complex (x, a or b is).
func (k cssmKinds) state() bool { return k&7 != 0 }

// out reports whether y is complex (the state or c is).
func (k cssmKinds) out() bool { return k != 0 }

// cval is a complex value; im nil stands for an exact 0.
type cval struct{ re, im llvalue.Value }

// EmitCSSM adds the complex scan for state size n and operand kinds.
func EmitCSSM(t Target, m *Module, name string, n int, kinds cssmKinds) error {
	if n < 1 || n > cssmMaxN {
		return fmt.Errorf("ptx: complex ssm scan with state size %d (1..%d)", n, cssmMaxN)
	}
	return Emit(t, m.M, m.Math, ssmSpec(name), func(k *K) error {
		var buf [ssmPtrs]*Mem
		for i := range buf {
			buf[i] = k.Global(i)
		}
		L, C := k.Int(0), k.Int(1)
		b := k.BlockY()
		load := func(mem *Mem, idx llvalue.Value, cplx bool) cval { return cLoad(k, mem, idx, cplx) }
		mulAdd := func(p, q, acc cval) cval { return cMulAdd(k, p, q, acc) }
		stateC, outC := kinds.state(), kinds.out()
		k.Phase(func() {
			c := k.Add(k.Mul(k.BlockX(), c64(selBlock)), k.Tid())
			k.If(k.Lt(c, C), func() {
				base, st, sn := ssmOperandAt(k, buf[:], b, c)
				w := int64(1)
				if stateC {
					w = 2
				}
				hoff := k.Mul(k.Mul(k.Add(k.Mul(b, C), c), c64(int64(n))), c64(w))
				has0 := k.B.NewICmp(llenum.IPredNE, k.Int(2), c64(0))
				// The carried values: re of each state, then im when complex.
				h := make([]llvalue.Value, 0, 2*n)
				for i := 0; i < n; i++ {
					at := k.Add(hoff, c64(int64(i)*w))
					h = append(h, k.IfValue(has0, f32(0), func() llvalue.Value { return k.Load(buf[ssmH0], at) }))
				}
				if stateC {
					for i := 0; i < n; i++ {
						at := k.Add(hoff, c64(int64(i)*w+1))
						h = append(h, k.IfValue(has0, f32(0), func() llvalue.Value { return k.Load(buf[ssmH0], at) }))
					}
				}
				xw, yw := int64(1), int64(1)
				if kinds.cplx(0) {
					xw = 2
				}
				if outC {
					yw = 2
				}
				h = k.For(c64(0), L, 1, h, func(tt llvalue.Value, cur []llvalue.Value) []llvalue.Value {
					row := k.Add(k.Mul(k.Add(k.Mul(b, L), tt), C), c)
					x := load(buf[ssmX], k.Mul(row, c64(xw)), kinds.cplx(0))
					var at [3]llvalue.Value
					for o := 0; o < 3; o++ {
						at[o] = k.Add(base[o], k.Mul(tt, st[o]))
					}
					y := cval{re: f32(0)}
					if outC {
						y.im = f32(0)
					}
					next := make([]llvalue.Value, len(cur))
					for i := 0; i < n; i++ {
						idx := func(o int) llvalue.Value { return k.Add(at[o], k.Mul(c64(int64(i)), sn[o])) }
						a := load(buf[ssmA], idx(0), kinds.cplx(1))
						bv := load(buf[ssmB], idx(1), kinds.cplx(2))
						cv := load(buf[ssmC], idx(2), kinds.cplx(3))
						hv := cval{re: cur[i]}
						if stateC {
							hv.im = cur[n+i]
						}
						// h = a·h + b·x: b·x first, as the interpreter's
						// a[n]*hv + b[n]*x adds two products.
						bx := mulAdd(bv, x, cval{re: f32(0), im: zeroIf(stateC)})
						hv = mulAdd(a, hv, bx)
						next[i] = hv.re
						if stateC {
							next[n+i] = hv.im
						}
						y = mulAdd(cv, hv, y)
					}
					k.Store(buf[ssmY], k.Mul(row, c64(yw)), y.re)
					if outC {
						k.Store(buf[ssmY], k.Add(k.Mul(row, c64(yw)), c64(1)), orZero(y.im))
					}
					return next
				})
				hasT := k.B.NewICmp(llenum.IPredNE, k.Int(3), c64(0))
				k.If(hasT, func() {
					for i := 0; i < n; i++ {
						k.Store(buf[ssmHT], k.Add(hoff, c64(int64(i)*w)), h[i])
						if stateC {
							k.Store(buf[ssmHT], k.Add(hoff, c64(int64(i)*w+1)), h[n+i])
						}
					}
				})
			})
		})
		return nil
	})
}

// cLoad reads a real or complex element at float index idx.
func cLoad(k *K, mem *Mem, idx llvalue.Value, cplx bool) cval {
	v := cval{re: k.Load(mem, idx)}
	if cplx {
		v.im = k.Load(mem, k.Add(idx, c64(1)))
	}
	return v
}

// cMulAdd is acc + p·q, the products' terms in the interpreter's order
// (re: p.re·q.re − p.im·q.im, im: p.re·q.im + p.im·q.re), as fused
// multiply-adds; terms with an exact zero (a nil part) are left out.
func cMulAdd(k *K, p, q, acc cval) cval {
	fma := func(a, b, c llvalue.Value) llvalue.Value { return k.Math.At(k.B).Fma(a, b, c) }
	re := fma(p.re, q.re, acc.re)
	if p.im != nil && q.im != nil {
		re = fma(k.B.NewFNeg(p.im), q.im, re)
	}
	im := acc.im
	if q.im != nil {
		im = fma(p.re, q.im, orZero(im))
	}
	if p.im != nil {
		im = fma(p.im, q.re, orZero(im))
	}
	return cval{re, im}
}

// orZero is v, or the float 0 for an exact zero (nil).
func orZero(v llvalue.Value) llvalue.Value {
	if v == nil {
		return f32(0)
	}
	return v
}

// zeroIf is the float 0 when cond (a complex value's imaginary part),
// else nil (none).
func zeroIf(cond bool) llvalue.Value {
	if cond {
		return f32(0)
	}
	return nil
}

// planCSSM plans an ssm with a complex operand, for a state size known
// here: the complex scan (mode scan) and the complex chunked kernel
// (modes chunked and quadratic); the FFT form (mode conv) runs on the
// interpreter.
func planCSSM(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	var kinds cssmKinds
	for i, a := range op.Args[:4] {
		switch a.Type.DType {
		case ir.C64:
			kinds |= 1 << i
		case ir.F32:
		default:
			return nil, "the ssm kernels take f32 and c64 operands"
		}
	}
	if len(op.Args) == 5 && op.Args[4].Type.DType != stateDType(kinds) {
		return nil, "an initial state of another type"
	}
	outT := ir.F32
	if kinds.out() {
		outT = ir.C64
	}
	if op.Results[0].Type.DType != outT {
		return nil, "an output of another type"
	}
	n := 1
	for _, a := range op.Args[1:4] {
		v, ok := a.Type.Shape[len(a.Type.Shape)-1].Value()
		if !ok {
			return nil, "the complex ssm kernel needs a state size known at compile time"
		}
		n = max(n, v)
	}
	if n > cssmMaxN {
		return nil, fmt.Sprintf("the complex ssm kernel keeps at most %d states in registers", cssmMaxN)
	}
	name := keyf("cssm", n, int(kinds))
	final := op.Attrs.Bool("final_state")
	wk := make([]BufKind, len(op.Args))
	for i := range wk {
		wk[i] = weightKind(op, i, fixed)
	}
	defs := []kernelDef{{ssmSpec(name), func(t Target, m *Module) error { return EmitCSSM(t, m, name, n, kinds) }}}
	// The chunked and quadratic forms: the complex chunked kernel
	// (kernels_cssm_chunked.go) for states up to cssmChunkMaxN.
	chunked := ""
	if n <= cssmChunkMaxN {
		chunked = keyf("cssm_chunked", n, int(kinds))
		defs = append(defs, kernelDef{ssdGenSpec(chunked), func(t Target, m *Module) error { return EmitCSSMChunked(t, m, chunked, n, kinds) }})
	}
	return &opKernel{
		defs: defs,
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			switch mode := c.Mode(); {
			case mode == ir.ModeScan:
				return runCSSM(c, r, name, n, kinds, wk, final, 0)
			case mode == ir.ModeChunked && chunked != "":
				return runCSSM(c, r, chunked, n, kinds, wk, final, c.Chunk())
			case mode == ir.ModeQuadratic && chunked != "":
				// The whole sequence as one chunk, in blocks of ssdMaxQ
				// past it (the same map).
				return runCSSM(c, r, chunked, n, kinds, wk, final, ssdMaxQ)
			}
			return fallback(c, r)
		},
	}, ""
}

func stateDType(kinds cssmKinds) ir.DType {
	if kinds.state() {
		return ir.C64
	}
	return ir.F32
}

// runCSSM launches the complex scan (chunk 0) or the complex chunked
// kernel in chunks of chunk steps.
func runCSSM(c *interp.KernelCall, r runner, name string, n int, kinds cssmKinds, wk []BufKind, final bool, chunk int) ([]*runtime.Tensor, error) {
	x := c.Args[0]
	xl := x.Shape
	B, L, C, ns := ssmDims(x, c.Args[1:4])
	for _, a := range c.Args[1:4] {
		if len(a.F) > math.MaxInt32/2 {
			return fallback(c, r) // offsets are int32
		}
		if len(a.F) == 0 && B*L*C > 0 {
			return fallback(c, r) // an empty state axis: the interpreter says what it means
		}
	}
	if ns != n {
		return fallback(c, r)
	}
	yT, sT := runtime.F32, runtime.F32
	if kinds.out() {
		yT = runtime.C64
	}
	if kinds.state() {
		sT = runtime.C64
	}
	y := c.Output(yT, xl...)
	hShape := append(append([]int{B}, xl[2:]...), n)
	slot := c.Slot(0)
	var hT *runtime.Tensor
	hT = finalState(r, final, slot != nil, sT, hShape...)
	if B > 0 && C > 0 {
		g, err := Grid2D(CeilDiv(C, selBlock), B)
		if err != nil {
			return fallback(c, r)
		}
		ints := make([]int64, ssmSpec("").Ints)
		if chunk > 0 {
			ints = make([]int64, ssdGenSpec("").Ints)
			ints[13], ints[14] = int64(n), int64(min(chunk, max(L, 1)))
		}
		h0Kind := In
		if len(c.Args) == 5 {
			h0Kind = wk[4]
		}
		bufs, states := ssmLaunch(c, ints, L, C, y, hT, wk, h0Kind, func(o int) int64 {
			if kinds.cplx(o) {
				return 2
			}
			return 1
		})
		l := &Launch{Grid: g, Ints: ints, Bufs: bufs, Work: 4 * B * C * max(L, 1) * n * max(chunk, 1), States: states}
		if err := r.launch(name, l, c.Threads()); err != nil {
			return nil, err
		}
	}
	return interp.KeepState(slot, y, hT, final), nil
}
