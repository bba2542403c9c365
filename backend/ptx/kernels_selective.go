package ptx

import (
	"fmt"

	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"
)

// The fused Mamba-1 selective scan (the interpreter's ssm.Selective, NUMERICS
// §1.2): one thread per (batch, channel), the d_state states in registers
// (unrolled: N is fixed per kernel), the time loop inside:
//
//	h[n] = exp(dt·A[d,n])·h[n] + (dt·u)·B[t,g,n]
//	y    = Σ_n C[t,g,n]·h[n] (n ascending) + D[d]·u;  y *= silu(z) if gated
//
// Consecutive threads take consecutive channels, so each step's reads of
// u, dt, z and writes of y are coalesced, and B, C are broadcast reads.

// selBlock is the selective scan's threads per block.
const selBlock = 128

// SelectiveMaxN is the largest d_state the kernel keeps in registers.
const SelectiveMaxN = 64

// selective buffers and ints.
const (
	selU = iota
	selDelta
	selA
	selB
	selC
	selD
	selZ
	selY
	selH0
	selHT
	selPtrs
)

// selSpec: ints [L, D, has H0, has HT]; buffers u, delta [B, L, D], A [D,
// N], Bm, Cm [B, L, G, N], Dskip [D], z [B, L, D], y [B, L, D], H0, HT [B,
// D, N]. Grid (⌈D/128⌉, B).
func selSpec(name string) Spec { return Spec{Name: name, BX: selBlock, BY: 1, Ints: 4, Ptrs: selPtrs} }

// EmitSelective adds the selective scan for d_state n, g groups, with or
// without the D skip and the silu(z) gate.
func EmitSelective(t Target, m *Module, name string, n, g int, skip, gate bool) error {
	if n < 1 || n > SelectiveMaxN || g < 1 {
		return fmt.Errorf("ptx: selective scan with d_state %d, %d groups (d_state 1..%d)", n, g, SelectiveMaxN)
	}
	return Emit(t, m.M, m.Math, selSpec(name), func(k *K) error {
		var buf [selPtrs]*Mem
		for i := range buf {
			buf[i] = k.Global(i)
		}
		L, D := k.Int(0), k.Int(1)
		b := k.BlockY()
		N := int64(n)
		k.Phase(func() {
			d := k.Add(k.Mul(k.BlockX(), c64(selBlock)), k.Tid())
			k.If(k.Lt(d, D), func() {
				// Channel d reads group d / (D/g) of B and C.
				goff := k.Mul(k.B.NewSDiv(d, k.B.NewSDiv(D, c64(int64(g)))), c64(N))
				a := make([]llvalue.Value, n)
				for i := range a {
					a[i] = k.Load(buf[selA], k.Add(k.Mul(d, c64(N)), c64(int64(i))))
				}
				hoff := k.Mul(k.Add(k.Mul(b, D), d), c64(N))
				h := make([]llvalue.Value, n)
				has0 := k.B.NewICmp(llenum.IPredNE, k.Int(2), c64(0))
				for i := range h {
					h[i] = k.IfValue(has0, f32(0), func() llvalue.Value { return k.Load(buf[selH0], k.Add(hoff, c64(int64(i)))) })
				}
				h = k.For(c64(0), L, 1, h, func(tt llvalue.Value, cur []llvalue.Value) []llvalue.Value {
					bt := k.Add(k.Mul(b, L), tt)
					row := k.Add(k.Mul(bt, D), d)
					dt, u := k.Load(buf[selDelta], row), k.Load(buf[selU], row)
					dtx := k.B.NewFMul(dt, u)
					bc := k.Add(k.Mul(bt, c64(int64(g)*N)), goff)
					var s llvalue.Value = f32(0)
					next := make([]llvalue.Value, n)
					for i := 0; i < n; i++ {
						e, _ := k.Math.At(k.B).Unary("exp", k.B.NewFMul(dt, a[i]))
						idx := k.Add(bc, c64(int64(i)))
						next[i] = k.B.NewFAdd(k.B.NewFMul(e, cur[i]), k.B.NewFMul(dtx, k.Load(buf[selB], idx)))
						s = k.B.NewFAdd(s, k.B.NewFMul(k.Load(buf[selC], idx), next[i]))
					}
					if skip {
						s = k.B.NewFAdd(s, k.B.NewFMul(k.Load(buf[selD], d), u))
					}
					if gate {
						sz, _ := k.Math.At(k.B).Unary("silu", k.Load(buf[selZ], row))
						s = k.B.NewFMul(s, sz)
					}
					k.Store(buf[selY], row, s)
					return next
				})
				hasT := k.B.NewICmp(llenum.IPredNE, k.Int(3), c64(0))
				k.If(hasT, func() {
					for i := range h {
						k.Store(buf[selHT], k.Add(hoff, c64(int64(i))), h[i])
					}
				})
			})
		})
		return nil
	})
}
