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
// with out-of-range positions skipped. In a stream the input is the
// window of past inputs (the op's state, win positions) followed by the
// chunk, convolved without left padding as the interpreter does: the
// kernel reads position s of that sequence from the window or the chunk,
// so the two are never joined in memory, and a second kernel (convwin)
// writes the next window, the last win positions. Both stay on the GPU
// between chunks (devstate.go).

func init() {
	kernelTable["conv"] = kernelEntry{modes: []string{ir.ModeScan}, plan: planConv}
}

// convSpec: ints [total, C, Lout, Lin, W, dil, padL, win]; buffers x [B,
// Lin, C], w [C, W], bias [C] (unused without), y [B, Lout, C], the
// stream's window [B, win, C] (unused when win is 0).
func convSpec(name string) Spec { return Spec{Name: name, BX: elemBlock, BY: 1, Ints: 8, Ptrs: 5} }

// convWinSpec: ints [total, C, win, Lin]; buffers window [B, win, C], x
// [B, Lin, C], next [B, win, C].
func convWinSpec() Spec { return Spec{Name: "convwin", BX: elemBlock, BY: 1, Ints: 4, Ptrs: 3} }

// EmitConvWindow adds the kernel that writes a stream's next conv window:
// the last win positions of the window followed by the chunk.
func EmitConvWindow(t Target, m *Module) error {
	return Emit(t, m.M, m.Math, convWinSpec(), func(k *K) error {
		wb, x, next := k.Global(0), k.Global(1), k.Global(2)
		k.Phase(func() {
			i := k.elemIndex()
			k.If(k.Lt(i, k.Int(0)), func() {
				C, win, lin := k.Int(1), k.Int(2), k.Int(3)
				c := k.B.NewSRem(i, C)
				r := k.B.NewSDiv(i, C)
				j := k.B.NewSRem(r, win)
				b := k.B.NewSDiv(r, win)
				k.Store(next, i, k.joinedAt(wb, x, b, k.Add(j, lin), c, C, win, lin))
			})
		})
		return nil
	})
}

// joinedAt loads position s (0 <= s < win+lin) of a stream's window [B,
// win, C] followed by its chunk [B, lin, C].
func (k *K) joinedAt(wb, x *Mem, b, s, c, C, win, lin llvalue.Value) llvalue.Value {
	wv := k.IfValue(k.Lt(s, win), f32(0), func() llvalue.Value {
		return k.Load(wb, k.Add(k.Mul(k.Add(k.Mul(b, win), s), C), c))
	})
	return k.IfValue(k.B.NewICmp(llenum.IPredSGE, s, win), wv, func() llvalue.Value {
		return k.Load(x, k.Add(k.Mul(k.Add(k.Mul(b, lin), k.B.NewSub(s, win)), C), c))
	})
}

// EmitConv adds the depthwise convolution with an optional bias and
// activation.
func EmitConv(t Target, m *Module, name string, bias bool, act string) error {
	if act != "" && !llvm.HasUnary(act) {
		return fmt.Errorf("ptx: conv: unknown activation %q", act)
	}
	return Emit(t, m.M, m.Math, convSpec(name), func(k *K) error {
		x, w, bm, y, wb := k.Global(0), k.Global(1), k.Global(2), k.Global(3), k.Global(4)
		var err error
		k.Phase(func() {
			i := k.elemIndex()
			k.If(k.Lt(i, k.Int(0)), func() {
				C, lout, lin, W, dil, padL, win := k.Int(1), k.Int(2), k.Int(3), k.Int(4), k.Int(5), k.Int(6), k.Int(7)
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
					in := k.And(k.B.NewICmp(llenum.IPredSGE, s, c64(0)), k.Lt(s, k.Add(win, lin)))
					v := k.IfValue(in, cur[0], func() llvalue.Value {
						xv := k.joinedAt(wb, x, b, s, c, C, win, lin)
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
		defs: []kernelDef{
			{convSpec(name), func(t Target, m *Module) error { return EmitConv(t, m, name, bias, act) }},
			{convWinSpec(), func(t Target, m *Module) error { return EmitConvWindow(t, m) }},
		},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			if c.Mode() != ir.ModeScan {
				return fallback(c, r) // the FFT form
			}
			x, w := c.Args[0], c.Args[1]
			B, lin, C, W := x.Shape[0], x.Shape[1], x.Shape[2], w.Shape[1]
			span := dil*(W-1) + 1
			pl, win := padL, 0
			slot := c.Slot(0)
			var states StateRefs
			var next *runtime.Tensor
			wbuf := Buf{nil, In}
			if slot != nil { // a stream: the window of past inputs comes first
				pl, win = 0, span-1
				if *slot != nil {
					wbuf = states.In(4, *slot)
				} else { // the stream's start: zeros before it
					wbuf = Buf{make([]float32, B*win*C), In}
				}
				next = newState(r, B, win, C)
			}
			lout := win + lin + pl + padR - span + 1
			if lout < 0 {
				return fallback(c, r) // the interpreter reports it
			}
			y := c.Output(runtime.F32, B, lout, C)
			if total := len(y.F); total > 0 {
				g, err := Grid1D(CeilDiv(total, elemBlock))
				if err != nil {
					return fallback(c, r)
				}
				var bf []float32
				if bias {
					bf = c.Args[2].F
				}
				l := &Launch{Grid: g, Ints: []int64{int64(total), int64(C), int64(lout), int64(lin), int64(W), int64(dil), int64(pl), int64(win)},
					Bufs: []Buf{{x.F, xk}, {w.F, wk}, {bf, bk}, {y.F, Out}, wbuf}, Work: total * W, States: states}
				if err := r.launch(name, l, c.Threads()); err != nil {
					return nil, err
				}
			}
			if slot != nil {
				if err := nextWindow(c, r, wbuf, states[4], Buf{x.F, xk}, next, B, win, lin, C); err != nil {
					return nil, err
				}
				*slot = next
			}
			return one(y), nil
		},
	}, ""
}

// nextWindow launches convwin for a stream's next window (conv, shift):
// next [B, win, C] = the last win positions of the window — the state st
// on the device, or wbuf (zeros at the stream's start) — followed by the
// chunk x [B, lin, C].
func nextWindow(c *interp.KernelCall, r runner, wbuf Buf, st *runtime.Tensor, x Buf, next *runtime.Tensor, B, win, lin, C int) error {
	total := B * win * C
	if total == 0 {
		return nil
	}
	g, err := Grid1D(CeilDiv(total, elemBlock))
	if err != nil {
		return err
	}
	ws := StateRefs{}
	if st != nil {
		wbuf = ws.In(0, st)
	}
	l := &Launch{Grid: g, Ints: []int64{int64(total), int64(C), int64(win), int64(lin)},
		Bufs: []Buf{wbuf, x, ws.Out(2, next)}, Work: total, States: ws}
	return r.launch("convwin", l, c.Threads())
}
