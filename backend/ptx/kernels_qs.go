package ptx

import (
	"fmt"

	llvalue "github.com/llir/llvm/ir/value"
)

// The quasiseparable (Hydra) mixer in its scan form (ssm.QSScan): per
// (batch, channel)
//
//	y[t]   = d[t]·x[t]
//	forward:  h = af[t]·h + bf[t]·x[t],  y[t+1] += Σ_n cf[t,n]·h[n]   (t = 0 … L−2)
//	backward: h = ab[t]·h + bb[t]·x[t],  y[t−1] += Σ_n cb[t,n]·h[n]   (t = L−1 … 1)
//
// one thread per (batch, channel) as in the ssm scan (kernels_ssm.go),
// the N states in registers, both time loops inside; the thread reads
// back only the y it wrote itself. The seven operands (af, bf, cf, ab,
// bb, cb, and d with a unit state axis) broadcast like the ssm's: each
// has batch, time and state strides and a per-channel offset table, the
// seven tables packed in one int32 buffer [7][C] (the emulation's kernel
// ABI passes at most 12 buffers). The interpreter computes in float64;
// this kernel in float32 with FMAs, within the mixers' tolerance.

// qsOperands is the number of broadcast operands: af bf cf ab bb cb d.
const qsOperands = 7

// quasiseparable buffers.
const (
	qsX    = iota
	qsOp0  // the 7 operands, qsOp0 … qsOp0+6
	qsOff  = qsOp0 + qsOperands
	qsY    = qsOff + 1
	qsPtrs = qsY + 1
)

// qsSpec: ints [L, C, N, then batch, time, state strides of the 7
// operands]; grid (⌈C/128⌉, B).
func qsSpec(name string) Spec {
	return Spec{Name: name, BX: selBlock, BY: 1, Ints: 3 + 3*qsOperands, Ptrs: qsPtrs}
}

// EmitQS adds the quasiseparable scan for state size n, or with masked
// for any state size N ≤ n given at launch (as EmitSSM).
func EmitQS(t Target, m *Module, name string, n int, masked bool) error {
	if n < 1 || n > ssmMaxN {
		return fmt.Errorf("ptx: quasiseparable scan with state size %d (1..%d)", n, ssmMaxN)
	}
	return Emit(t, m.M, m.Math, qsSpec(name), func(k *K) error {
		var buf [qsPtrs]*Mem
		for i := range buf {
			buf[i] = k.Global(i)
		}
		L, C := k.Int(0), k.Int(1)
		N := c64(int64(n))
		if masked {
			N = k.Int(2)
		}
		b := k.BlockY()
		load := stateLoad(k, masked, N)
		k.Phase(func() {
			c := k.Add(k.Mul(k.BlockX(), c64(selBlock)), k.Tid())
			k.If(k.Lt(c, C), func() {
				var base, st, sn [qsOperands]llvalue.Value
				for o := 0; o < qsOperands; o++ {
					off := k.LoadI32(buf[qsOff], k.Add(k.Mul(c64(int64(o)), C), c))
					base[o] = k.Add(k.Mul(b, k.Int(3+3*o)), off)
					st[o], sn[o] = k.Int(4+3*o), k.Int(5+3*o)
				}
				yrow := func(tt llvalue.Value) llvalue.Value { return k.Add(k.Mul(k.Add(k.Mul(b, L), tt), C), c) }
				const dOp = qsOperands - 1
				k.For(c64(0), L, 1, nil, func(tt llvalue.Value, _ []llvalue.Value) []llvalue.Value {
					d := k.Load(buf[qsOp0+dOp], k.Add(base[dOp], k.Mul(tt, st[dOp])))
					k.Store(buf[qsY], yrow(tt), k.B.NewFMul(d, k.Load(buf[qsX], yrow(tt))))
					return nil
				})
				// step advances h by operands first..first+2 at time tt and
				// adds the read-out to y at time to.
				step := func(first int, tt, to llvalue.Value, cur []llvalue.Value) []llvalue.Value {
					x := k.Load(buf[qsX], yrow(tt))
					var at [3]llvalue.Value
					for o := 0; o < 3; o++ {
						at[o] = k.Add(base[first+o], k.Mul(tt, st[first+o]))
					}
					var s llvalue.Value = f32(0)
					next := make([]llvalue.Value, n)
					for i := 0; i < n; i++ {
						idx := func(o int) func() llvalue.Value {
							return func() llvalue.Value { return k.Add(at[o], k.Mul(c64(int64(i)), sn[first+o])) }
						}
						a := load(buf[qsOp0+first], i, idx(0))
						bv := load(buf[qsOp0+first+1], i, idx(1))
						cv := load(buf[qsOp0+first+2], i, idx(2))
						next[i] = k.Math.At(k.B).Fma(a, cur[i], k.B.NewFMul(bv, x))
						s = k.Math.At(k.B).Fma(cv, next[i], s)
					}
					k.Store(buf[qsY], yrow(to), k.B.NewFAdd(k.Load(buf[qsY], yrow(to)), s))
					return next
				}
				zero := make([]llvalue.Value, n)
				for i := range zero {
					zero[i] = f32(0)
				}
				last := k.B.NewSub(L, c64(1))
				k.For(c64(0), last, 1, zero, func(tt llvalue.Value, cur []llvalue.Value) []llvalue.Value {
					return step(0, tt, k.Add(tt, c64(1)), cur)
				})
				k.For(c64(0), last, 1, zero, func(i llvalue.Value, cur []llvalue.Value) []llvalue.Value {
					tt := k.B.NewSub(last, i) // L−1 down to 1
					return step(3, tt, k.B.NewSub(tt, c64(1)), cur)
				})
			})
		})
		return nil
	})
}
