package ptx

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The scan region kernel (scanregion_plan.go plans the body): ints [L]
// (an associative scan: [L, has an initial accumulator, write the final
// one]); buffers xs [B, L, row] each, initial carries [B, row] each,
// weights, final carries [B, row] each, per-step outputs [B, L, row] each.
// Grid (B, 1), srThreads threads per block.

func init() {
	kernelTable["scan"] = kernelEntry{plan: planScan}
}

func srSpec(name string, p *srProgram) Spec {
	return Spec{Name: name, BX: srThreads, BY: 1, Ints: p.ints(), Ptrs: p.bufs()}
}

// EmitScanRegion adds the kernel of a planned scan region.
func EmitScanRegion(t Target, m *Module, name string, p *srProgram) error {
	return Emit(t, m.M, m.Math, srSpec(name, p), func(k *K) error {
		sh := k.Shared(max(p.shared, 1))
		L := k.Int(0)
		b := k.BlockX()
		xBuf := func(i int) *Mem { return k.Global(i) }
		h0Buf := func(i int) *Mem { return k.Global(p.nx + i) }
		wBuf := func(i int) *Mem { return k.Global(p.nx + p.nc + i) }
		hTBuf := func(i int) *Mem { return k.Global(p.nx + p.nc + len(p.weights) + i) }
		yBuf := func(i int) *Mem { return k.Global(p.nx + 2*p.nc + len(p.weights) + i) }
		// each runs body for j = tid, tid + srThreads, … < w.
		each := func(w int, body func(j llvalue.Value)) {
			k.For(k.Tid(), c64(int64(w)), srThreads, nil, func(j llvalue.Value, _ []llvalue.Value) []llvalue.Value {
				body(j)
				return nil
			})
		}
		at := func(s srRef, j llvalue.Value) llvalue.Value {
			switch {
			case s.imm:
				return f32(s.val)
			case s.w > 0 && s.width == 1:
				return k.Load(wBuf(s.w-1), c64(0))
			case s.w > 0:
				return k.Load(wBuf(s.w-1), j)
			}
			if s.width == 1 {
				return k.Load(sh, c64(int64(s.off)))
			}
			return k.Load(sh, k.Add(c64(int64(s.off)), j))
		}
		put := func(s srRef, j, v llvalue.Value) { k.Store(sh, k.Add(c64(int64(s.off)), j), v) }
		// index is an operand's element for the result's element j.
		index := func(m srIndex, j llvalue.Value) llvalue.Value {
			switch {
			case m.zero:
				return c64(0)
			case m.terms == nil:
				return j
			}
			var idx llvalue.Value
			for _, t := range m.terms {
				v := j
				if t.div != 1 {
					v = k.B.NewUDiv(v, c64(int64(t.div)))
				}
				if t.mod != 0 {
					v = k.B.NewURem(v, c64(int64(t.mod)))
				}
				if t.mul != 1 {
					v = k.Mul(v, c64(int64(t.mul)))
				}
				if idx == nil {
					idx = v
				} else {
					idx = k.Add(idx, v)
				}
			}
			return idx
		}
		var err error
		k.Phase(func() {
			for i, c := range p.carries {
				each(c.width, func(j llvalue.Value) {
					h0At := k.Add(k.Mul(b, c64(int64(c.width))), j)
					if !p.assoc {
						put(c, j, k.Load(h0Buf(i), h0At))
						return
					}
					// An associative scan without an initial accumulator
					// starts from the first element, which is also the
					// first output (acc_0 = e_0: no combine).
					has := k.B.NewICmp(llenum.IPredNE, k.Int(1), c64(0))
					k.If(has, func() { put(c, j, k.Load(h0Buf(i), h0At)) })
					k.If(k.And(k.B.NewXor(has, llconst.True), k.Lt(c64(0), L)), func() {
						first := k.Add(k.Mul(k.Mul(b, L), c64(int64(c.width))), j) // (b·L + 0)·w + j
						v := k.Load(xBuf(i), first)
						put(c, j, v)
						k.Store(yBuf(i), first, v)
					})
				})
			}
		})
		start := c64(0) // the first step the loop runs: 1 when the init phase took it
		if p.assoc {
			start = k.B.NewSub(c64(1), k.B.NewZExt(k.B.NewICmp(llenum.IPredNE, k.Int(1), c64(0)), lltypes.I64))
		}
		k.For(start, L, 1, nil, func(tt llvalue.Value, _ []llvalue.Value) []llvalue.Value {
			row := k.Add(k.Mul(b, L), tt) // (b·L + t)
			k.Phase(func() {
				for i, x := range p.xs {
					each(x.width, func(j llvalue.Value) {
						put(x, j, k.Load(xBuf(i), k.Add(k.Mul(row, c64(int64(x.width))), j)))
					})
				}
			})
			for _, in := range p.instrs {
				k.Phase(func() {
					each(in.out.width, func(j llvalue.Value) {
						var v llvalue.Value
						switch in.kind {
						case "unary":
							var e error
							if v, e = k.Math.At(k.B).Unary(in.op, at(in.a, j)); e != nil && err == nil {
								err = e
							}
						case "binary":
							var e error
							if v, e = k.Math.At(k.B).Binary(in.op, at(in.a, index(in.ia, j)), at(in.b, index(in.ib, j))); e != nil && err == nil {
								err = e
							}
						case "linear":
							var acc llvalue.Value = f32(0)
							if in.bias >= 0 {
								acc = k.Load(wBuf(in.bias), j)
							}
							wrow := k.Mul(j, c64(int64(in.k)))
							acc = k.For(c64(0), c64(int64(in.k)), 1, []llvalue.Value{acc}, func(kk llvalue.Value, cur []llvalue.Value) []llvalue.Value {
								p := k.B.NewFMul(k.Load(wBuf(in.w), k.Add(wrow, kk)), k.Load(sh, k.Add(c64(int64(in.a.off)), kk)))
								return []llvalue.Value{k.B.NewFAdd(cur[0], p)}
							})[0]
							v = acc
							if in.act != "" {
								var e error
								if v, e = k.Math.At(k.B).Unary(in.act, v); e != nil && err == nil {
									err = e
								}
							}
						}
						put(in.out, j, v)
					})
				})
			}
			// The step's yields: the carries' next values and the outputs,
			// then (after a barrier, as a yield may read a carry) the carries.
			k.Phase(func() {
				for i := range p.carries {
					each(p.next[i].width, func(j llvalue.Value) { put(p.next[i], j, at(p.yields[i], j)) })
				}
				for i := 0; i < p.ny; i++ {
					y := p.yields[p.nc+i]
					w := y.width
					each(w, func(j llvalue.Value) {
						k.Store(yBuf(i), k.Add(k.Mul(row, c64(int64(w))), j), at(y, j))
					})
				}
			})
			k.Phase(func() {
				for i, c := range p.carries {
					each(c.width, func(j llvalue.Value) { put(c, j, at(p.next[i], j)) })
				}
			})
			return nil
		})
		k.Phase(func() {
			store := func() {
				for i, c := range p.carries {
					each(c.width, func(j llvalue.Value) {
						k.Store(hTBuf(i), k.Add(k.Mul(b, c64(int64(c.width))), j), at(c, j))
					})
				}
			}
			if p.assoc {
				// Outside a stream nothing reads the final accumulator
				// (it is the last output), so its buffers are absent.
				k.If(k.B.NewICmp(llenum.IPredNE, k.Int(2), c64(0)), store)
			} else {
				store()
			}
		})
		return err
	})
}

func planScan(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	p, why := planScanRegion(op, fixed)
	if p == nil {
		return nil, why
	}
	sum := sha256.Sum256([]byte(p.key()))
	name := keyf("scan", hex.EncodeToString(sum[:8]))
	nc := p.nc
	return &opKernel{
		defs: []kernelDef{{srSpec(name, p), func(t Target, m *Module) error { return EmitScanRegion(t, m, name, p) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			carries := append([]*runtime.Tensor{}, c.Args[:nc]...)
			stream := c.Slot(0) != nil
			resumed := stream && *c.Slot(0) != nil
			if resumed {
				for i := range carries {
					carries[i] = *c.Slot(i)
				}
			}
			xs := c.Args[nc:]
			B, L := xs[0].Shape[0], xs[0].Shape[1]
			for i, x := range xs {
				if !srFits(x, B, L, p.xs[i]) {
					return fallback(c, r) // the interpreter reports it
				}
			}
			for i, h := range carries {
				if stateFloats(h) != B*p.carries[i].width { // a state on the device has no host data
					return fallback(c, r)
				}
			}
			var bufs []Buf
			var states StateRefs
			for _, x := range xs {
				bufs = append(bufs, Buf{x.F, In})
			}
			for _, h := range carries {
				if resumed {
					bufs = append(bufs, states.In(len(bufs), h))
				} else {
					bufs = append(bufs, Buf{h.F, In})
				}
			}
			for _, v := range p.weights {
				w, err := c.Value(v)
				if err != nil {
					return nil, fmt.Errorf("scan kernel: %w", err)
				}
				bufs = append(bufs, Buf{w.F, Weight})
			}
			res := make([]*runtime.Tensor, 0, nc+p.ny)
			next := make([]*runtime.Tensor, nc) // a stream's carries after the chunk
			for i := 0; i < nc; i++ {
				h := runtime.New(runtime.F32, srRow(B, p.carries[i])...)
				res = append(res, h)
				if stream {
					// The final carry is a result and the stream's state:
					// the state gets its own copy (on the device on a GPU).
					next[i] = newState(r, srRow(B, p.carries[i])...)
					states.set(len(bufs), next[i], OutState)
					bufs = append(bufs, Buf{h.F, OutState})
				} else {
					bufs = append(bufs, Buf{h.F, Out})
				}
			}
			for i := 0; i < p.ny; i++ {
				y := c.Output(runtime.F32, c.Shape(c.Op.Results[nc+i])...)
				res = append(res, y)
				bufs = append(bufs, Buf{y.F, Out})
			}
			if B > 0 {
				g, err := Grid1D(B)
				if err != nil {
					return fallback(c, r)
				}
				l := &Launch{Grid: g, Ints: []int64{int64(L)}, Bufs: bufs, Work: B * max(L, 1) * p.shared * 8, States: states}
				if err := r.launch(name, l, c.Threads()); err != nil {
					return nil, err
				}
			}
			if stream {
				for i := 0; i < nc; i++ {
					if B == 0 { // no launch: the (empty) carries as they are
						next[i] = res[i].Clone()
					}
					*c.Slot(i) = next[i]
				}
			}
			return res, nil
		},
	}, ""
}

// srFits reports whether x is [B, L, row] for the row of s: what the
// kernel reads as s's per-step input.
func srFits(x *runtime.Tensor, B, L int, s srRef) bool {
	if x.DType != runtime.F32 || len(x.Shape) != 2+len(s.shape) || x.Shape[0] != B || x.Shape[1] != L {
		return false
	}
	for i, d := range s.shape {
		if x.Shape[2+i] != d {
			return false
		}
	}
	return true
}

// srRow is the shape [B, row] of a value s of a block's rows.
func srRow(B int, s srRef) []int { return append([]int{B}, s.shape...) }
