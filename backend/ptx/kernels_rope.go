package ptx

import (
	"math"
	"sync"

	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// Rotary position embedding on x [B, L, H, D]: one thread per rotated
// pair (b, t, h, i < D/2), the pair (i, i+D/2), or (2i, 2i+1) when
// interleaved:
//
//	a' = a·cos − b·sin,  b' = a·sin + b·cos
//
// with the angles computed on the host in float64 (the LLVM backend's
// shared table) and passed as float32: a table of positions 0 … P−1 per
// (theta, head size), grown by doubling and uploaded once per size like
// a weight, read from row pos0 + t — so a stream's steps copy no table.

func init() {
	kernelTable["rope"] = kernelEntry{plan: planRoPE}
}

// ropeSpec: ints [pairs, L, H, half, pos0]; buffers x, cos [P, half]
// (P ≥ pos0 + L), sin, y.
func ropeSpec(name string) Spec { return Spec{Name: name, BX: elemBlock, BY: 1, Ints: 5, Ptrs: 4} }

// EmitRoPE adds the rotary embedding kernel.
func EmitRoPE(t Target, m *Module, name string, interleaved bool) error {
	return Emit(t, m.M, m.Math, ropeSpec(name), func(k *K) error {
		x, cs, sn, y := k.Global(0), k.Global(1), k.Global(2), k.Global(3)
		k.Phase(func() {
			p := k.elemIndex()
			k.If(k.Lt(p, k.Int(0)), func() {
				L, H, half := k.Int(1), k.Int(2), k.Int(3)
				i := k.B.NewSRem(p, half)
				row := k.B.NewSDiv(p, half) // (b·L + t)·H + h
				tt := k.B.NewSRem(k.B.NewSDiv(row, H), L)
				base := k.Mul(row, k.Mul(half, c64(2)))
				var ia, ib llvalue.Value
				if interleaved {
					ia = k.Add(base, k.Mul(i, c64(2)))
					ib = k.Add(ia, c64(1))
				} else {
					ia = k.Add(base, i)
					ib = k.Add(ia, half)
				}
				ti := k.Add(k.Mul(k.Add(tt, k.Int(4)), half), i)
				c, s := k.Load(cs, ti), k.Load(sn, ti)
				a, b := k.Load(x, ia), k.Load(x, ib)
				k.Store(y, ia, k.B.NewFSub(k.B.NewFMul(a, c), k.B.NewFMul(b, s)))
				k.Store(y, ib, k.B.NewFAdd(k.B.NewFMul(a, s), k.B.NewFMul(b, c)))
			})
		})
		return nil
	})
}

func planRoPE(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	x := op.Args[0]
	if !allF32(x) || len(x.Type.Shape) != 4 {
		return nil, "rope takes f32[B, L, heads, head_dim]"
	}
	d, ok := x.Type.Shape[3].Value()
	theta := op.Attrs.Float("theta")
	if !ok || d < 2 || d%2 != 0 || !(theta > 0) || math.IsInf(theta, 0) {
		return nil, "rope with an odd or symbolic head size or a bad theta runs on the interpreter (which reports it)"
	}
	inter := op.Attrs.Bool("interleaved")
	name := keyf("rope", inter)
	xk := weightKind(op, 0, fixed)
	v, _ := ropeTables.LoadOrStore(ropeKey{theta, d}, &ropeTable{})
	table := v.(*ropeTable)
	return &opKernel{
		defs: []kernelDef{{ropeSpec(name), func(t Target, m *Module) error { return EmitRoPE(t, m, name, inter) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			x := c.Args[0]
			s := x.Shape
			y := c.Output(runtime.F32, s...)
			half := s[3] / 2
			pairs := len(x.F) / 2
			if pairs == 0 {
				return one(y), nil
			}
			g, err := Grid1D(CeilDiv(pairs, elemBlock))
			if err != nil {
				return fallback(c, r)
			}
			pos := c.Position()
			cs, sn := table.upTo(theta, s[3], pos+s[1])
			l := &Launch{Grid: g, Ints: []int64{int64(pairs), int64(s[1]), int64(s[2]), int64(half), int64(pos)},
				Bufs: []Buf{{x.F, xk}, {cs, Weight}, {sn, Weight}, {y.F, Out}}, Work: len(x.F)}
			return one(y), r.launch(name, l, c.Threads())
		},
	}, ""
}

// ropeTables holds a table per (theta, head size), shared by every rope
// op of every model in the process.
var ropeTables sync.Map

type ropeKey struct {
	theta float64
	d     int
}

// ropeTable is the float32 angles for positions 0 … n−1. The
// slices are never written once made (a longer table is a new pair), so
// a launch may hold them as weights while another run grows the table.
type ropeTable struct {
	mu     sync.Mutex
	cs, sn []float32
}

// upTo returns the cosines and sines of at least the first n positions.
func (tb *ropeTable) upTo(theta float64, d, n int) (cs, sn []float32) {
	half := d / 2
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if len(tb.cs) < n*half {
		p := max(n, 2*len(tb.cs)/half, 64)
		cos64, sin64 := llvm.RoPEAngles(theta, d, 0, p)
		tb.cs, tb.sn = make([]float32, len(cos64)), make([]float32, len(sin64))
		for i := range cos64 {
			tb.cs[i], tb.sn[i] = float32(cos64[i]), float32(sin64[i])
		}
	}
	return tb.cs, tb.sn
}
