package ptx

import (
	"fmt"

	llconst "github.com/llir/llvm/ir/constant"
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
//
// A long sequence with few channels (B·D threads too few to fill the GPU)
// runs chunked across the sequence, in three launches: the same kernel
// in its local mode runs each chunk of Q steps from a zero state, keeping
// the chunk's end state hl and its decay product P = Π exp(dt·A) (no y);
// selcombine walks the chunks of each channel in order, writing each
// chunk's start state (h ← P·h + hl) and the final state;
// then the kernel runs every chunk again from its start state, writing y.
// Blocks along y are (batch, chunk) pairs; one chunk is the plain scan.

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
	selP
	selPtrs
)

// selSpec: ints [L, D, has H0, has HT, chunks nc, chunk length Q, local];
// buffers u, delta [B, L, D], A [D, N], Bm, Cm [B, L, G, N], Dskip [D], z
// [B, L, D], y [B, L, D], H0, HT [B·nc, D, N] (row b·nc + c: the chunk's
// start and end state), P [B·nc, D, N] (local mode: the chunk's decay
// product). Grid (⌈D/128⌉, B·nc).
func selSpec(name string) Spec { return Spec{Name: name, BX: selBlock, BY: 1, Ints: 7, Ptrs: selPtrs} }

// selCombineSpec: ints [D, nc, has H0, has HT]; buffers P, H [B·nc, D, N]
// (the chunks' decay products and end states from zero), S [B·nc, D, N]
// (out: their start states), H0, HT [B, D, N]. Grid (⌈D/128⌉, B).
func selCombineSpec(name string) Spec { return Spec{Name: name, BX: selBlock, BY: 1, Ints: 4, Ptrs: 5} }

// EmitSelectiveCombine adds the pass between the chunked selective
// scan's two runs for d_state n.
func EmitSelectiveCombine(t Target, m *Module, name string, n int) error {
	if n < 1 || n > SelectiveMaxN {
		return fmt.Errorf("ptx: selective combine with d_state %d (1..%d)", n, SelectiveMaxN)
	}
	return Emit(t, m.M, m.Math, selCombineSpec(name), func(k *K) error {
		pb, hb, sb, h0b, htb := k.Global(0), k.Global(1), k.Global(2), k.Global(3), k.Global(4)
		D, nc := k.Int(0), k.Int(1)
		b := k.BlockY()
		N := int64(n)
		k.Phase(func() {
			d := k.Add(k.Mul(k.BlockX(), c64(selBlock)), k.Tid())
			k.If(k.Lt(d, D), func() {
				hoff := k.Mul(k.Add(k.Mul(b, D), d), c64(N))
				has0 := k.B.NewICmp(llenum.IPredNE, k.Int(2), c64(0))
				h := make([]llvalue.Value, n)
				for i := range h {
					h[i] = k.IfValue(has0, f32(0), func() llvalue.Value { return k.Load(h0b, k.Add(hoff, c64(int64(i)))) })
				}
				h = k.For(c64(0), nc, 1, h, func(c llvalue.Value, cur []llvalue.Value) []llvalue.Value {
					off := k.Mul(k.Add(k.Mul(k.Add(k.Mul(b, nc), c), D), d), c64(N))
					next := make([]llvalue.Value, n)
					for i := 0; i < n; i++ {
						at := k.Add(off, c64(int64(i)))
						k.Store(sb, at, cur[i])
						next[i] = k.Math.At(k.B).Fma(k.Load(pb, at), cur[i], k.Load(hb, at))
					}
					return next
				})
				k.If(k.B.NewICmp(llenum.IPredNE, k.Int(3), c64(0)), func() {
					for i := range h {
						k.Store(htb, k.Add(hoff, c64(int64(i))), h[i])
					}
				})
			})
		})
		return nil
	})
}

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
		L, D, nc, Q := k.Int(0), k.Int(1), k.Int(4), k.Int(5)
		local := k.B.NewICmp(llenum.IPredNE, k.Int(6), c64(0))
		row0 := k.BlockY() // b·nc + c
		b := k.B.NewSDiv(row0, nc)
		t0 := k.Mul(k.B.NewSRem(row0, nc), Q)
		t1 := k.Add(t0, Q)
		t1 = k.B.NewSelect(k.Lt(L, t1), L, t1)
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
				hoff := k.Mul(k.Add(k.Mul(row0, D), d), c64(N))
				// The state, then (local mode) the decay product.
				h := make([]llvalue.Value, 2*n)
				has0 := k.B.NewICmp(llenum.IPredNE, k.Int(2), c64(0))
				for i := 0; i < n; i++ {
					h[i] = k.IfValue(has0, f32(0), func() llvalue.Value { return k.Load(buf[selH0], k.Add(hoff, c64(int64(i)))) })
					h[n+i] = f32(1)
				}
				h = k.For(t0, t1, 1, h, func(tt llvalue.Value, cur []llvalue.Value) []llvalue.Value {
					bt := k.Add(k.Mul(b, L), tt)
					row := k.Add(k.Mul(bt, D), d)
					dt, u := k.Load(buf[selDelta], row), k.Load(buf[selU], row)
					dtx := k.B.NewFMul(dt, u)
					bc := k.Add(k.Mul(bt, c64(int64(g)*N)), goff)
					next := make([]llvalue.Value, 2*n)
					for i := 0; i < n; i++ {
						e, _ := k.Math.At(k.B).Unary("exp", k.B.NewFMul(dt, a[i]))
						next[i] = k.B.NewFAdd(k.B.NewFMul(e, cur[i]), k.B.NewFMul(dtx, k.Load(buf[selB], k.Add(bc, c64(int64(i))))))
						// The decay product, kept in local mode only.
						next[n+i] = k.B.NewSelect(local, k.B.NewFMul(e, cur[n+i]), cur[n+i])
					}
					k.If(k.B.NewXor(local, llconst.True), func() { // y, but in local mode
						var s llvalue.Value = f32(0)
						for i := 0; i < n; i++ {
							s = k.B.NewFAdd(s, k.B.NewFMul(k.Load(buf[selC], k.Add(bc, c64(int64(i)))), next[i]))
						}
						if skip {
							s = k.B.NewFAdd(s, k.B.NewFMul(k.Load(buf[selD], d), u))
						}
						if gate {
							sz, _ := k.Math.At(k.B).Unary("silu", k.Load(buf[selZ], row))
							s = k.B.NewFMul(s, sz)
						}
						k.Store(buf[selY], row, s)
					})
					return next
				})
				hasT := k.B.NewICmp(llenum.IPredNE, k.Int(3), c64(0))
				k.If(hasT, func() {
					for i := 0; i < n; i++ {
						k.Store(buf[selHT], k.Add(hoff, c64(int64(i))), h[i])
					}
				})
				k.If(local, func() {
					for i := 0; i < n; i++ {
						k.Store(buf[selP], k.Add(hoff, c64(int64(i))), h[n+i])
					}
				})
			})
		})
		return nil
	})
}
