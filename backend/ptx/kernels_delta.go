package ptx

import (
	"fmt"

	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"
)

// The recurrent delta rule (the interpreter's attn.DeltaRecurrent): per
// (batch, head) a state S [K, V], per token t
//
//	γ = e^(g_t) (1 without a gate), applied once, before the first step
//	for j < N, step s = t·N + j:  u = β_s (v_s − γ·Sᵀk_s);  S = γ·S + k_s uᵀ;  γ = 1
//	o_t = Sᵀ(q_t·scale)
//
// Column c of S evolves on its own (u[c] needs only S[:, c]), so one
// thread owns one value column: its K state entries in registers (K fixed
// per kernel, ≤ DeltaMaxK; a kernel for a key size known only at run time
// keeps DeltaMaxK and masks the entries past K, which stay 0 and add
// exact zeros), the token and step loops inside. The sums over
// r = 0..K−1 run in increasing r, as the interpreter's. Consecutive
// threads take consecutive columns, so v and o accesses are coalesced and
// q, k, β, g are broadcast reads.

// deltaBlock is the delta rule's threads per block.
const deltaBlock = 64

// DeltaMaxK is the largest key head size the kernel keeps in registers.
const DeltaMaxK = 64

// delta rule buffers.
const (
	dlQ = iota
	dlK
	dlV
	dlBeta
	dlG
	dlH0
	dlOut
	dlHT
	dlPtrs
)

// deltaSpec: ints [T, H, V, N, has G, has H0, has HT, K]; buffers q [B, T, H,
// K], k [B, T·N, H, K], v [B, T·N, H, V], beta [B, T·N, H], g [B, T, H],
// H0 [B, H, K, V], out [B, T, H, V], HT [B, H, K, V]. Grid (⌈V/64⌉, B·H).
func deltaSpec(name string) Spec {
	return Spec{Name: name, BX: deltaBlock, BY: 1, Ints: 8, Ptrs: dlPtrs}
}

// EmitDelta adds the recurrent delta rule with scale for key size kd, or
// with masked for any key size K ≤ kd given at launch.
func EmitDelta(t Target, m *Module, name string, kd int, masked bool, scale float32) error {
	if kd < 1 || kd > DeltaMaxK {
		return fmt.Errorf("ptx: delta rule with key size %d (1..%d)", kd, DeltaMaxK)
	}
	return Emit(t, m.M, m.Math, deltaSpec(name), func(k *K) error {
		var buf [dlPtrs]*Mem
		for i := range buf {
			buf[i] = k.Global(i)
		}
		T, H, V, N := k.Int(0), k.Int(1), k.Int(2), k.Int(3)
		K := c64(int64(kd))
		if masked {
			K = k.Int(7)
		}
		// live is whether state row r exists (always, unless masked).
		live := func(r int) llvalue.Value { return k.B.NewICmp(llenum.IPredSLT, c64(int64(r)), K) }
		load := func(mem *Mem, r int, idx func() llvalue.Value) llvalue.Value {
			if !masked {
				return k.Load(mem, idx())
			}
			return k.IfValue(live(r), f32(0), func() llvalue.Value { return k.Load(mem, idx()) })
		}
		bh := k.BlockY()
		b, h := k.B.NewSDiv(bh, H), k.B.NewSRem(bh, H)
		TN := k.Mul(T, N)
		k.Phase(func() {
			c := k.Add(k.Mul(k.BlockX(), c64(deltaBlock)), k.Tid())
			k.If(k.Lt(c, V), func() {
				// S[r][c] of this pair at (bh·K + r)·V + c.
				soff := func(r int) llvalue.Value { return k.Add(k.Mul(k.Add(k.Mul(bh, K), c64(int64(r))), V), c) }
				has0 := k.B.NewICmp(llenum.IPredNE, k.Int(5), c64(0))
				s := make([]llvalue.Value, kd)
				for r := range s {
					s[r] = k.IfValue(has0, f32(0), func() llvalue.Value { return load(buf[dlH0], r, func() llvalue.Value { return soff(r) }) })
				}
				hasG := k.B.NewICmp(llenum.IPredNE, k.Int(4), c64(0))
				s = k.For(c64(0), T, 1, s, func(tt llvalue.Value, cur []llvalue.Value) []llvalue.Value {
					row := k.Add(k.Mul(k.Add(k.Mul(b, T), tt), H), h) // (b·T + t)·H + h
					gamma := k.IfValue(hasG, f32(1), func() llvalue.Value {
						e, _ := k.Math.At(k.B).Unary("exp", k.Load(buf[dlG], row))
						return e
					})
					init := append(append([]llvalue.Value{}, cur...), gamma)
					st := k.For(c64(0), N, 1, init, func(j llvalue.Value, in []llvalue.Value) []llvalue.Value {
						sr, g := in[:kd], in[kd]
						step := k.Add(k.Mul(tt, N), j)
						srow := k.Add(k.Mul(k.Add(k.Mul(b, TN), step), H), h) // (b·T·N + s)·H + h
						kbase := k.Mul(srow, K)
						kv := make([]llvalue.Value, kd)
						var acc llvalue.Value = f32(0)
						for r := 0; r < kd; r++ {
							kv[r] = load(buf[dlK], r, func() llvalue.Value { return k.Add(kbase, c64(int64(r))) })
							acc = k.B.NewFAdd(acc, k.B.NewFMul(kv[r], sr[r]))
						}
						v := k.Load(buf[dlV], k.Add(k.Mul(srow, V), c))
						u := k.B.NewFMul(k.Load(buf[dlBeta], srow), k.B.NewFSub(v, k.B.NewFMul(g, acc)))
						next := make([]llvalue.Value, kd+1)
						for r := 0; r < kd; r++ {
							next[r] = k.B.NewFAdd(k.B.NewFMul(g, sr[r]), k.B.NewFMul(kv[r], u))
						}
						next[kd] = f32(1) // the gate applies once per token
						return next
					})
					cur = st[:kd]
					qbase := k.Mul(row, K)
					var o llvalue.Value = f32(0)
					for r := 0; r < kd; r++ {
						qs := k.B.NewFMul(load(buf[dlQ], r, func() llvalue.Value { return k.Add(qbase, c64(int64(r))) }), f32(scale))
						o = k.B.NewFAdd(o, k.B.NewFMul(qs, cur[r]))
					}
					k.Store(buf[dlOut], k.Add(k.Mul(row, V), c), o)
					return cur
				})
				hasT := k.B.NewICmp(llenum.IPredNE, k.Int(6), c64(0))
				k.If(hasT, func() {
					for r := range s {
						if masked {
							k.If(live(r), func() { k.Store(buf[dlHT], soff(r), s[r]) })
						} else {
							k.Store(buf[dlHT], soff(r), s[r])
						}
					}
				})
			})
		})
		return nil
	})
}
