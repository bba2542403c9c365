package ptx

import (
	"fmt"

	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/runtime"
)

// The real `ssm` in its chunked form for a decay that varies over the
// state (GLA, an S4D-like real ssm), where the SSD kernel's shared decay
// does not apply: the interpreter's generic chunked kernel
// (newChunkKernel), one thread per (batch, channel) like the scan. Within
// a chunk [s, e) every "column" — the incoming state, then b_j·x_j for
// each j — is carried to the chunk's end by multiplying with a_i step by
// step, adding c_i·v to y_i on the way; what arrives is that column's
// share of the outgoing state. O(chunk·N) per step, the interpreter's
// sequence of operations (float32 with fused multiply-adds where it
// computes in float64). The carried values (the state, the column, the
// next state: 3·N) live in registers, N ≤ ssdGenMaxN; y accumulates in
// its own global elements (each thread owns its channel's).
//
// Kernel ABI: the scan's (ssmSpec: ints [L, C, has H0, has HT, SB, SL, SN
// of a, b, c]), then [13] the state size N (the masked kernel: states
// past N hold 0) and [14] the chunk q; grid (⌈C/128⌉, B).

// ssdGenMaxN is the largest state the generic chunked kernel keeps in
// registers (three arrays of it live at once).
const ssdGenMaxN = 32

func ssdGenSpec(name string) Spec {
	return Spec{Name: name, BX: selBlock, BY: 1, Ints: 15, Ptrs: ssmPtrs}
}

// EmitSSDGeneric adds the generic chunked kernel for state size n, or with
// masked for any state size N ≤ n given at launch.
func EmitSSDGeneric(t Target, m *Module, name string, n int, masked bool) error {
	if n < 1 || n > ssdGenMaxN {
		return fmt.Errorf("ptx: chunked ssm with state size %d (1..%d)", n, ssdGenMaxN)
	}
	return Emit(t, m.M, m.Math, ssdGenSpec(name), func(k *K) error {
		var buf [ssmPtrs]*Mem
		for i := range buf {
			buf[i] = k.Global(i)
		}
		L, C, Q := k.Int(0), k.Int(1), k.Int(14)
		b := k.BlockY()
		N := c64(int64(n))
		if masked {
			N = k.Int(13)
		}
		fma := func(a, b, c llvalue.Value) llvalue.Value { return k.Math.At(k.B).Fma(a, b, c) }
		load := stateLoad(k, masked, N)
		k.Phase(func() {
			c := k.Add(k.Mul(k.BlockX(), c64(selBlock)), k.Tid())
			k.If(k.Lt(c, C), func() {
				base, st, sn := ssmOperandAt(k, buf[:], b, c)
				// op reads operand o (0 a, 1 b, 2 c) at step tt, state i.
				op := func(o int, mem *Mem, tt llvalue.Value, i int) llvalue.Value {
					return load(mem, i, func() llvalue.Value {
						return k.Add(k.Add(base[o], k.Mul(tt, st[o])), k.Mul(c64(int64(i)), sn[o]))
					})
				}
				row := func(tt llvalue.Value) llvalue.Value { return k.Add(k.Mul(k.Add(k.Mul(b, L), tt), C), c) }
				hoff := k.Mul(k.Add(k.Mul(b, C), c), N)
				has0 := k.B.NewICmp(llenum.IPredNE, k.Int(2), c64(0))
				h := make([]llvalue.Value, n)
				for i := range h {
					h[i] = k.IfValue(has0, f32(0), func() llvalue.Value {
						return load(buf[ssmH0], i, func() llvalue.Value { return k.Add(hoff, c64(int64(i))) })
					})
				}
				// carry multiplies v by a_i and adds c_i·v to y_i for i in
				// [from, e), returning v.
				carry := func(from, e llvalue.Value, v []llvalue.Value) []llvalue.Value {
					return k.For(from, e, 1, v, func(i llvalue.Value, cur []llvalue.Value) []llvalue.Value {
						next := make([]llvalue.Value, n)
						var s llvalue.Value = f32(0)
						for j := 0; j < n; j++ {
							next[j] = k.B.NewFMul(cur[j], op(0, buf[ssmA], i, j))
							s = fma(op(2, buf[ssmC], i, j), next[j], s)
						}
						r := row(i)
						k.Store(buf[ssmY], r, k.B.NewFAdd(k.Load(buf[ssmY], r), s))
						return next
					})
				}
				nch := k.B.NewSDiv(k.Add(L, k.B.NewSub(Q, c64(1))), Q)
				h = k.For(c64(0), nch, 1, h, func(kc llvalue.Value, cur []llvalue.Value) []llvalue.Value {
					s := k.Mul(kc, Q)
					e := k.Add(s, Q)
					e = k.B.NewSelect(k.Lt(e, L), e, L)
					k.For(s, e, 1, nil, func(i llvalue.Value, _ []llvalue.Value) []llvalue.Value {
						k.Store(buf[ssmY], row(i), f32(0))
						return nil
					})
					// The state passed in from the previous chunk, then each
					// step's column.
					next := carry(s, e, cur)
					return k.For(s, e, 1, next, func(j llvalue.Value, acc []llvalue.Value) []llvalue.Value {
						x := k.Load(buf[ssmX], row(j))
						v := make([]llvalue.Value, n)
						var d llvalue.Value = f32(0)
						for i := 0; i < n; i++ {
							v[i] = k.B.NewFMul(op(1, buf[ssmB], j, i), x)
							d = fma(op(2, buf[ssmC], j, i), v[i], d)
						}
						r := row(j)
						k.Store(buf[ssmY], r, k.B.NewFAdd(k.Load(buf[ssmY], r), d))
						v = carry(k.Add(j, c64(1)), e, v)
						out := make([]llvalue.Value, n)
						for i := range out {
							out[i] = k.B.NewFAdd(acc[i], v[i])
						}
						return out
					})
				})
				k.storeEndState(buf[ssmHT], hoff, h, masked, N)
			})
		})
		return nil
	})
}

// runSSDGeneric computes the op on the generic chunked kernel name (state
// registers n; masked: any state size up to n) in chunks of chunk steps
// (mode quadratic: blocks of ssdMaxQ, the same map), or on the
// interpreter past its registers.
func runSSDGeneric(c *interp.KernelCall, r runner, name string, n int, masked bool, chunk int, kinds []BufKind) ([]*runtime.Tensor, error) {
	x := c.Args[0]
	xl := x.Shape
	B, L, C, ns := ssmDims(x, c.Args[1:4])
	q := min(chunk, max(L, 1))
	if ns > n || q < 1 {
		return fallback(c, r)
	}
	if !ssmOperandsFit(c, B*L*C) {
		return fallback(c, r)
	}
	final := c.Op.Attrs.Bool("final_state")
	y := c.Output(runtime.F32, xl...)
	hShape := append(append([]int{B}, xl[2:]...), ns)
	slot := c.Slot(0)
	var hT *runtime.Tensor
	hT = finalState(r, final, slot != nil, runtime.F32, hShape...)
	if B > 0 && C > 0 {
		g, err := Grid2D(CeilDiv(C, selBlock), B)
		if err != nil {
			return fallback(c, r)
		}
		ints := make([]int64, 15)
		ints[13], ints[14] = int64(ns), int64(q)
		if !masked {
			ints[13] = int64(n)
		}
		bufs, states := ssmLaunch(c, ints, L, C, y, hT, kinds, In, realFloats)
		l := &Launch{Grid: g, Ints: ints, Bufs: bufs, Work: B * C * max(L, 1) * q * ns, States: states}
		if err := r.launch(name, l, c.Threads()); err != nil {
			return nil, err
		}
	}
	return interp.KeepState(slot, y, hT, final), nil
}

// ssdGenericPlan is the generic chunked kernel of a real ssm whose state
// size is n (masked: known at run time), or "" past its registers.
func ssdGenericPlan(n int, masked bool) (string, int, *kernelDef) {
	if masked {
		n = ssdGenMaxN
	} else if n > ssdGenMaxN {
		return "", 0, nil
	}
	name := keyf("ssd_generic", n)
	if masked {
		name = keyf("ssd_generic_masked", n)
	}
	return name, n, &kernelDef{ssdGenSpec(name), func(t Target, m *Module) error { return EmitSSDGeneric(t, m, name, n, masked) }}
}
