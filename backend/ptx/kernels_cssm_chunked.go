package ptx

import (
	"fmt"

	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"
)

// The complex `ssm` in its chunked form (S4D, S5 in modes chunked and
// quadratic): the generic chunked kernel (kernels_ssd_generic.go) in the
// complex scan's arithmetic (kernels_cssm.go) — per chunk the incoming
// state, then each step's column b_j·x_j, carried to the chunk's end
// through the decays, adding c_i·v to y_i on the way. For a decay shared
// over the state (S5's N = 1) the interpreter runs its complex SSD
// instead, the same map. One thread per (batch, channel); the state, the
// column and the next state (re and im) in registers, N ≤ cssmChunkMaxN.
//
// Kernel ABI: ssdGenSpec's (the scan's ints, [13] unused, [14] the chunk).

// cssmChunkMaxN is the largest complex state the chunked kernel keeps in
// registers (three complex arrays of it live at once).
const cssmChunkMaxN = 16

// EmitCSSMChunked adds the complex chunked kernel for state size n and
// operand kinds.
func EmitCSSMChunked(t Target, m *Module, name string, n int, kinds cssmKinds) error {
	if n < 1 || n > cssmChunkMaxN {
		return fmt.Errorf("ptx: complex chunked ssm with state size %d (1..%d)", n, cssmChunkMaxN)
	}
	return Emit(t, m.M, m.Math, ssdGenSpec(name), func(k *K) error {
		var buf [ssmPtrs]*Mem
		for i := range buf {
			buf[i] = k.Global(i)
		}
		L, C, Q := k.Int(0), k.Int(1), k.Int(14)
		b := k.BlockY()
		stateC, outC := kinds.state(), kinds.out()
		sw, xw, yw := int64(1), int64(1), int64(1)
		if stateC {
			sw = 2
		}
		if kinds.cplx(0) {
			xw = 2
		}
		if outC {
			yw = 2
		}
		// pack and unpack carry complex vectors through loops: the real
		// parts, then the imaginary parts when the state is complex.
		pack := func(v []cval) []llvalue.Value {
			out := make([]llvalue.Value, 0, 2*n)
			for _, e := range v {
				out = append(out, e.re)
			}
			if stateC {
				for _, e := range v {
					out = append(out, e.im)
				}
			}
			return out
		}
		unpack := func(vals []llvalue.Value) []cval {
			v := make([]cval, n)
			for i := range v {
				v[i].re = vals[i]
				if stateC {
					v[i].im = vals[n+i]
				}
			}
			return v
		}
		zero := func(cplx bool) cval { return cval{re: f32(0), im: zeroIf(cplx)} }
		k.Phase(func() {
			c := k.Add(k.Mul(k.BlockX(), c64(selBlock)), k.Tid())
			k.If(k.Lt(c, C), func() {
				base, st, sn := ssmOperandAt(k, buf[:], b, c)
				op := func(o int, mem *Mem, tt llvalue.Value, i int) cval {
					return cLoad(k, mem, k.Add(k.Add(base[o], k.Mul(tt, st[o])), k.Mul(c64(int64(i)), sn[o])), kinds.cplx(1+o))
				}
				row := func(tt llvalue.Value) llvalue.Value { return k.Add(k.Mul(k.Add(k.Mul(b, L), tt), C), c) }
				// addY adds s to y at step tt.
				addY := func(tt llvalue.Value, s cval) {
					at := k.Mul(row(tt), c64(yw))
					k.Store(buf[ssmY], at, k.B.NewFAdd(k.Load(buf[ssmY], at), s.re))
					if outC {
						at1 := k.Add(at, c64(1))
						k.Store(buf[ssmY], at1, k.B.NewFAdd(k.Load(buf[ssmY], at1), orZero(s.im)))
					}
				}
				hoff := k.Mul(k.Mul(k.Add(k.Mul(b, C), c), c64(int64(n))), c64(sw))
				has0 := k.B.NewICmp(llenum.IPredNE, k.Int(2), c64(0))
				h := make([]cval, n)
				for i := range h {
					at := k.Add(hoff, c64(int64(i)*sw))
					h[i].re = k.IfValue(has0, f32(0), func() llvalue.Value { return k.Load(buf[ssmH0], at) })
					if stateC {
						h[i].im = k.IfValue(has0, f32(0), func() llvalue.Value { return k.Load(buf[ssmH0], k.Add(at, c64(1))) })
					}
				}
				// carry multiplies v by a_i and adds c_i·v to y_i for i in
				// [from, e), returning v.
				carry := func(from, e llvalue.Value, v []cval) []cval {
					return unpack(k.For(from, e, 1, pack(v), func(i llvalue.Value, cur []llvalue.Value) []llvalue.Value {
						vs := unpack(cur)
						s := zero(outC)
						for j := range vs {
							vs[j] = cMulAdd(k, op(0, buf[ssmA], i, j), vs[j], zero(stateC))
							s = cMulAdd(k, op(2, buf[ssmC], i, j), vs[j], s)
						}
						addY(i, s)
						return pack(vs)
					}))
				}
				nch := k.B.NewSDiv(k.Add(L, k.B.NewSub(Q, c64(1))), Q)
				hv := k.For(c64(0), nch, 1, pack(h), func(kc llvalue.Value, cur []llvalue.Value) []llvalue.Value {
					s := k.Mul(kc, Q)
					e := k.Add(s, Q)
					e = k.B.NewSelect(k.Lt(e, L), e, L)
					k.For(s, e, 1, nil, func(i llvalue.Value, _ []llvalue.Value) []llvalue.Value {
						at := k.Mul(row(i), c64(yw))
						k.Store(buf[ssmY], at, f32(0))
						if outC {
							k.Store(buf[ssmY], k.Add(at, c64(1)), f32(0))
						}
						return nil
					})
					next := carry(s, e, unpack(cur))
					return k.For(s, e, 1, pack(next), func(j llvalue.Value, acc []llvalue.Value) []llvalue.Value {
						x := cLoad(k, buf[ssmX], k.Mul(row(j), c64(xw)), kinds.cplx(0))
						v := make([]cval, n)
						d := zero(outC)
						for i := range v {
							v[i] = cMulAdd(k, op(1, buf[ssmB], j, i), x, zero(stateC))
							d = cMulAdd(k, op(2, buf[ssmC], j, i), v[i], d)
						}
						addY(j, d)
						v = carry(k.Add(j, c64(1)), e, v)
						sum := unpack(acc)
						for i := range sum {
							sum[i].re = k.B.NewFAdd(sum[i].re, v[i].re)
							if stateC {
								sum[i].im = k.B.NewFAdd(sum[i].im, v[i].im)
							}
						}
						return pack(sum)
					})
				})
				h = unpack(hv)
				hasT := k.B.NewICmp(llenum.IPredNE, k.Int(3), c64(0))
				k.If(hasT, func() {
					for i := range h {
						at := k.Add(hoff, c64(int64(i)*sw))
						k.Store(buf[ssmHT], at, h[i].re)
						if stateC {
							k.Store(buf[ssmHT], k.Add(at, c64(1)), h[i].im)
						}
					}
				})
			})
		})
		return nil
	})
}
