package ptx

import (
	"fmt"

	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The depthwise convolution along the sequence (the `conv` op's direct
// form, ssm.ConvDirect): one thread per output element, channels fastest
// (coalesced), the taps in increasing order as fused multiply-adds:
//
//	y[b, t, c] = act(bias[c] + Σ_k w[c, k] · x[b, t - padL + k·dil, c])
//
// with out-of-range positions skipped. In a stream the launcher prepends
// the window of past inputs (the op's state) and convolves without left
// padding, as the interpreter does.

func init() {
	kernelTable["conv"] = kernelEntry{modes: []string{ir.ModeScan}, plan: planConv}
}

// convSpec: ints [total, C, Lout, Lin, W, dil, padL]; buffers x [B, Lin,
// C], w [C, W], bias [C] (unused without), y [B, Lout, C].
func convSpec(name string) Spec { return Spec{Name: name, BX: elemBlock, BY: 1, Ints: 7, Ptrs: 4} }

// EmitConv adds the depthwise convolution with an optional bias and
// activation.
func EmitConv(t Target, m *Module, name string, bias bool, act string) error {
	if act != "" && !llvm.HasUnary(act) {
		return fmt.Errorf("ptx: conv: unknown activation %q", act)
	}
	return Emit(t, m.M, m.Math, convSpec(name), func(k *K) error {
		x, w, bm, y := k.Global(0), k.Global(1), k.Global(2), k.Global(3)
		var err error
		k.Phase(func() {
			i := k.elemIndex()
			k.If(k.Lt(i, k.Int(0)), func() {
				C, lout, lin, W, dil, padL := k.Int(1), k.Int(2), k.Int(3), k.Int(4), k.Int(5), k.Int(6)
				c := k.B.NewSRem(i, C)
				r := k.B.NewSDiv(i, C)
				tt := k.B.NewSRem(r, lout)
				b := k.B.NewSDiv(r, lout)
				var init llvalue.Value = f32(0)
				if bias {
					init = k.Load(bm, c)
				}
				s0 := k.B.NewSub(tt, padL)
				acc := k.For(c64(0), W, 1, []llvalue.Value{init}, func(kk llvalue.Value, cur []llvalue.Value) []llvalue.Value {
					s := k.Add(s0, k.Mul(kk, dil))
					in := k.And(k.B.NewICmp(llenum.IPredSGE, s, c64(0)), k.Lt(s, lin))
					v := k.IfValue(in, cur[0], func() llvalue.Value {
						xv := k.Load(x, k.Add(k.Mul(k.Add(k.Mul(b, lin), s), C), c))
						return k.Math.At(k.B).Fma(k.Load(w, k.Add(k.Mul(c, W), kk)), xv, cur[0])
					})
					return []llvalue.Value{v}
				})
				v := acc[0]
				if act != "" {
					var e error
					if v, e = k.Math.At(k.B).Unary(act, v); e != nil {
						err = e
					}
				}
				k.Store(y, i, v)
			})
		})
		return err
	})
}

func planConv(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !allF32(op.Args...) || len(op.Args[0].Type.Shape) != 3 {
		return nil, "the conv kernel takes f32[B, L, C]"
	}
	act := op.Attrs.String("act")
	if act != "" && !llvm.HasUnary(act) {
		return nil, "activation " + act + " runs on the interpreter"
	}
	bias := len(op.Args) == 3
	name := keyf("conv", bias, act)
	dil, padL, padR := ir.ConvDilation(op), op.Attrs.Int("pad_left"), op.Attrs.Int("pad_right")
	xk, wk, bk := weightKind(op, 0, fixed), weightKind(op, 1, fixed), In
	if bias {
		bk = weightKind(op, 2, fixed)
	}
	return &opKernel{
		defs: []kernelDef{{convSpec(name), func(t Target, m *Module) error { return EmitConv(t, m, name, bias, act) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			if c.Mode() != ir.ModeScan {
				return fallback(c, r) // the FFT form
			}
			x, w := c.Args[0], c.Args[1]
			B, lin, C, W := x.Shape[0], x.Shape[1], x.Shape[2], w.Shape[1]
			span := dil*(W-1) + 1
			xs, pl := x.F, padL
			slot := c.Slot(0)
			var next *runtime.Tensor
			if slot != nil { // a stream: prepend the window of past inputs
				win := span - 1
				joined := runtime.New(runtime.F32, B, win+lin, C)
				for b := 0; b < B; b++ {
					dst := joined.F[b*(win+lin)*C:]
					if *slot != nil {
						copy(dst, (*slot).F[b*win*C:(b+1)*win*C])
					}
					copy(dst[win*C:], x.F[b*lin*C:(b+1)*lin*C])
				}
				next = runtime.New(runtime.F32, B, win, C)
				for b := 0; b < B; b++ {
					copy(next.F[b*win*C:], joined.F[(b*(win+lin)+lin)*C:(b+1)*(win+lin)*C])
				}
				xs, lin, pl, xk = joined.F, win+lin, 0, In
			}
			lout := lin + pl + padR - span + 1
			if lout < 0 {
				return fallback(c, r) // the interpreter reports it
			}
			y := c.Output(runtime.F32, B, lout, C)
			total := len(y.F)
			if total > 0 {
				g, err := Grid1D(CeilDiv(total, elemBlock))
				if err != nil {
					return fallback(c, r)
				}
				var bf []float32
				if bias {
					bf = c.Args[2].F
				}
				l := &Launch{Grid: g, Ints: []int64{int64(total), int64(C), int64(lout), int64(lin), int64(W), int64(dil), int64(pl)},
					Bufs: []Buf{{xs, xk}, {w.F, wk}, {bf, bk}, {y.F, Out}}, Work: total * W}
				if err := r.launch(name, l, c.Threads()); err != nil {
					return nil, err
				}
			}
			if slot != nil {
				*slot = next
			}
			return one(y), nil
		},
	}, ""
}
