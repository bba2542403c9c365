package ptx

import (
	"fmt"
	"math"

	llenum "github.com/llir/llvm/ir/enum"
	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The real `ssm` recurrence in its scan form (ssm.Scan):
//
//	h[n] = a[t,n]·h[n] + b[t,n]·x[t],  y[t] = Σ_n c[t,n]·h[n]
//
// one thread per (batch, channel), the N states in registers (N fixed per
// kernel), the time loop inside. a, b and c broadcast against x on every
// axis: the launcher passes each operand's strides along batch, time and
// state, and a table of its offset for every channel (the channel axes
// may broadcast independently), read as int32.
//
// The op's kernel dispatches on the call's mode: scan here, chunked and
// quadratic on the SSD kernel (kernels_ssd.go, ops_ssd.go) where the
// decay is a scalar per channel; an ssm with a complex operand plans the
// complex scan instead (kernels_cssm.go). What a kernel does not cover
// runs on the interpreter. In a stream the state before the chunk is read
// as StateIn and the state after it written as StateOut (launch.go).

func init() {
	kernelTable["ssm"] = kernelEntry{modes: []string{ir.ModeScan, ir.ModeChunked, ir.ModeQuadratic}, plan: planSSM}
}

// ssmMaxN is the largest state the scan keeps in registers.
const ssmMaxN = 64

// SSM buffers.
const (
	ssmX = iota
	ssmA
	ssmB
	ssmC
	ssmOffA // int32 [C] per operand
	ssmOffB
	ssmOffC
	ssmH0
	ssmHT
	ssmY
	ssmPtrs
)

// ssmSpec: ints [L, C, has H0, has HT, then batch, time, state strides of
// a, b, c]; grid (⌈C/128⌉, B).
func ssmSpec(name string) Spec { return Spec{Name: name, BX: selBlock, BY: 1, Ints: 13, Ptrs: ssmPtrs} }

// ssmMaskedSpec is ssmSpec with a 14th int, the state size N ≤ ssmMaxN
// (the masked kernel, for a state size known only at run time).
func ssmMaskedSpec(name string) Spec {
	return Spec{Name: name, BX: selBlock, BY: 1, Ints: 14, Ptrs: ssmPtrs}
}

// EmitSSM adds the real scan for state size n, or with masked for any
// state size N ≤ n given at launch: the registers past N hold 0, and their
// terms (fma(0, 0, y) = y) leave y exact.
func EmitSSM(t Target, m *Module, name string, n int, masked bool) error {
	if n < 1 || n > ssmMaxN {
		return fmt.Errorf("ptx: ssm scan with state size %d (1..%d)", n, ssmMaxN)
	}
	spec := ssmSpec(name)
	if masked {
		spec = ssmMaskedSpec(name)
	}
	return Emit(t, m.M, m.Math, spec, func(k *K) error {
		var buf [ssmPtrs]*Mem
		for i := range buf {
			buf[i] = k.Global(i)
		}
		L, C := k.Int(0), k.Int(1)
		b := k.BlockY()
		N := c64(int64(n))
		if masked {
			N = k.Int(13)
		}
		load := stateLoad(k, masked, N)
		k.Phase(func() {
			c := k.Add(k.Mul(k.BlockX(), c64(selBlock)), k.Tid())
			k.If(k.Lt(c, C), func() {
				base, st, sn := ssmOperandAt(k, buf[:], b, c)
				hoff := k.Mul(k.Add(k.Mul(b, C), c), N)
				has0 := k.B.NewICmp(llenum.IPredNE, k.Int(2), c64(0))
				h := make([]llvalue.Value, n)
				for i := range h {
					h[i] = k.IfValue(has0, f32(0), func() llvalue.Value {
						return load(buf[ssmH0], i, func() llvalue.Value { return k.Add(hoff, c64(int64(i))) })
					})
				}
				h = k.For(c64(0), L, 1, h, func(tt llvalue.Value, cur []llvalue.Value) []llvalue.Value {
					row := k.Add(k.Mul(k.Add(k.Mul(b, L), tt), C), c)
					x := k.Load(buf[ssmX], row)
					var at [3]llvalue.Value
					for o := 0; o < 3; o++ {
						at[o] = k.Add(base[o], k.Mul(tt, st[o]))
					}
					var y llvalue.Value = f32(0)
					next := make([]llvalue.Value, n)
					for i := 0; i < n; i++ {
						idx := func(o int) llvalue.Value { return k.Add(at[o], k.Mul(c64(int64(i)), sn[o])) }
						a := load(buf[ssmA], i, func() llvalue.Value { return idx(0) })
						bv := load(buf[ssmB], i, func() llvalue.Value { return idx(1) })
						cv := load(buf[ssmC], i, func() llvalue.Value { return idx(2) })
						next[i] = k.Math.At(k.B).Fma(a, cur[i], k.B.NewFMul(bv, x))
						y = k.Math.At(k.B).Fma(cv, next[i], y)
					}
					k.Store(buf[ssmY], row, y)
					return next
				})
				k.storeEndState(buf[ssmHT], hoff, h, masked, N)
			})
		})
		return nil
	})
}

// ssmOperand is how the kernel reads one of a, b, c of shape s against x
// of shape xl (s = [B|1, L|1, channels each or 1, N|1]): its strides along
// batch, time and state (0 where it broadcasts) and each channel's offset.
func ssmOperand(s, xl []int, off []int32) (sb, st, sn int64) {
	strides := make([]int, len(s))
	acc := 1
	for i := len(s) - 1; i >= 0; i-- {
		strides[i] = acc
		acc *= s[i]
	}
	str := func(i int) int {
		if s[i] == 1 {
			return 0
		}
		return strides[i]
	}
	chans := xl[2:]
	for c := range off {
		o, rem := 0, c
		for i := len(chans) - 1; i >= 0; i-- {
			o += (rem % chans[i]) * str(2+i)
			rem /= chans[i]
		}
		off[c] = int32(o)
	}
	return int64(str(0)), int64(str(1)), int64(str(len(s) - 1))
}

// ssmLaunch fills the launch layout the ssm kernels share (the real and
// complex scans, the generic chunked form): ints[0..12] — L, C, whether
// there is an initial and a final state, and each of a, b, c's batch,
// time and state strides — and the buffers: x, y, a, b, c with their
// channel-offset tables, the initial state (a stream's, read on the
// device, or the op's fifth argument, of kind h0Kind) and the final one.
// floats(o) is the floats per element of operand o (2 for a complex one,
// whose strides and offsets count floats).
func ssmLaunch(c *interp.KernelCall, ints []int64, L, C int, y, hT *runtime.Tensor, kinds []BufKind, h0Kind BufKind, floats func(o int) int64) ([]Buf, StateRefs) {
	x := c.Args[0]
	ints[0], ints[1] = int64(L), int64(C)
	bufs := make([]Buf, ssmPtrs)
	for o := 0; o < 3; o++ {
		off := make([]int32, C)
		sb, st, sn := ssmOperand(c.Args[1+o].Shape, x.Shape, off)
		if w := floats(1 + o); w != 1 {
			for i := range off {
				off[i] *= int32(w)
			}
			sb, st, sn = sb*w, st*w, sn*w
		}
		ints[4+3*o], ints[5+3*o], ints[6+3*o] = sb, st, sn
		bufs[ssmA+o] = Buf{F: c.Args[1+o].F, Kind: kinds[1+o]}
		bufs[ssmOffA+o] = tableBuf(off)
	}
	bufs[ssmX] = Buf{F: x.F, Kind: kinds[0]}
	bufs[ssmY] = Buf{F: y.F, Kind: Out}
	var states StateRefs
	if ssmStateBufs(c, bufs, &states, ssmH0, ssmHT, h0Kind, hT) {
		ints[2] = 1
	}
	if hT != nil {
		ints[3] = 1
	}
	return bufs, states
}

// ssmOperandAt is where a scan kernel of ssmLaunch's layout finds the
// operands a, b, c (o = 0, 1, 2) of channel c in batch b: element
// (t, n) of operand o at base[o] + t·st[o] + n·sn[o].
func ssmOperandAt(k *K, buf []*Mem, b, c llvalue.Value) (base, st, sn [3]llvalue.Value) {
	for o := 0; o < 3; o++ {
		base[o] = k.Add(k.Mul(b, k.Int(4+3*o)), k.LoadI32(buf[ssmOffA+o], c))
		st[o], sn[o] = k.Int(5+3*o), k.Int(6+3*o)
	}
	return base, st, sn
}

// stateLoad is a kernel's load of state entry i at idx(): with masked
// (a state size N known only at launch, up to the kernel's registers)
// entries i ≥ N read as 0 without touching memory.
func stateLoad(k *K, masked bool, N llvalue.Value) func(mem *Mem, i int, idx func() llvalue.Value) llvalue.Value {
	return func(mem *Mem, i int, idx func() llvalue.Value) llvalue.Value {
		if !masked {
			return k.Load(mem, idx())
		}
		return k.IfValue(k.B.NewICmp(llenum.IPredSLT, c64(int64(i)), N), f32(0), func() llvalue.Value { return k.Load(mem, idx()) })
	}
}

// realFloats is ssmLaunch's floats for real operands.
func realFloats(int) int64 { return 1 }

func planSSM(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	for _, a := range op.Args[:4] {
		if a.Type.DType == ir.C64 {
			return planCSSM(op, fixed) // kernels_cssm.go
		}
	}
	if !allF32(op.Args...) || !allF32(op.Results...) {
		return nil, "the ssm kernel takes a real ssm (f32)"
	}
	// A state size known here gets a kernel of its own; one known only at
	// run time the masked kernel for sizes up to ssmMaxN.
	n, masked := 1, false
	for _, a := range op.Args[1:4] {
		v, ok := a.Type.Shape[len(a.Type.Shape)-1].Value()
		if !ok {
			masked = true
		}
		n = max(n, v)
	}
	// The chunked and quadratic forms run on the SSD kernel where the
	// decay is a scalar per channel (kernels_ssd.go, states up to
	// ssdMaxN), else on the generic chunked kernel (kernels_ssd_generic.go,
	// states up to ssdGenMaxN). A state past the scan's registers runs the
	// scan on the interpreter.
	ssd, gen, genN := "", "", 0
	var genDef *kernelDef
	if ssdStatic(op) {
		if masked || n <= ssdMaxN {
			ssd = keyf("ssd")
		}
	} else {
		gen, genN, genDef = ssdGenericPlan(n, masked)
	}
	if masked {
		n = ssmMaxN
	}
	scan := n <= ssmMaxN
	if !scan && ssd == "" && gen == "" {
		return nil, "the ssm kernel keeps at most 64 states in registers"
	}
	name, spec := keyf("ssm", n), ssmSpec
	if masked {
		name, spec = keyf("ssm_masked", n), ssmMaskedSpec
	}
	final := op.Attrs.Bool("final_state")
	kinds := make([]BufKind, len(op.Args))
	for i := range kinds {
		kinds[i] = weightKind(op, i, fixed)
	}
	var defs []kernelDef
	if scan {
		defs = append(defs, kernelDef{spec(name), func(t Target, m *Module) error { return EmitSSM(t, m, name, n, masked) }})
	}
	if ssd != "" {
		defs = append(defs, kernelDef{ssdSpec(ssd), func(t Target, m *Module) error { return EmitSSD(t, m, ssd) }})
	}
	if genDef != nil {
		defs = append(defs, *genDef)
	}
	return &opKernel{
		defs: defs,
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			mode := c.Mode()
			if mode == ir.ModeChunked || mode == ir.ModeQuadratic {
				// Quadratic: the whole sequence as one chunk, in blocks of
				// ssdMaxQ past it (the same map).
				chunk := ssdMaxQ
				if mode == ir.ModeChunked {
					chunk = c.Chunk()
				}
				switch {
				case ssd != "":
					return runSSD(c, r, ssd, chunk, kinds)
				case gen != "":
					return runSSDGeneric(c, r, gen, genN, masked, chunk, kinds)
				}
			}
			if mode != ir.ModeScan || !scan {
				return fallback(c, r)
			}
			x := c.Args[0]
			xl := x.Shape
			B, L, C, ns := ssmDims(x, c.Args[1:4]) // the state size of this run
			if ns > n {
				return fallback(c, r) // past the kernel's registers
			}
			y := c.Output(runtime.F32, xl...)
			hShape := append(append([]int{B}, xl[2:]...), ns)
			var hT *runtime.Tensor
			slot := c.Slot(0)
			hT = finalState(r, final, slot != nil, runtime.F32, hShape...)
			for _, a := range c.Args[1:4] {
				if len(a.F) > math.MaxInt32 {
					return fallback(c, r) // channel offsets are int32
				}
			}
			if B > 0 && C > 0 {
				g, err := Grid2D(CeilDiv(C, selBlock), B)
				if err != nil {
					return fallback(c, r)
				}
				ints := make([]int64, spec("").Ints)
				if masked {
					ints[13] = int64(ns)
				}
				bufs, states := ssmLaunch(c, ints, L, C, y, hT, kinds, In, realFloats)
				l := &Launch{Grid: g, Ints: ints, Bufs: bufs, Work: B * C * max(L, 1) * ns, States: states}
				if err := r.launch(name, l, c.Threads()); err != nil {
					return nil, err
				}
			}
			return interp.KeepState(slot, y, hT, final), nil
		},
	}, ""
}

// ssmDims is an ssm call's batch, length, channels (x's axes past the
// first two) and state size (the largest last axis of the operands, at
// least 1).
func ssmDims(x *runtime.Tensor, operands []*runtime.Tensor) (B, L, C, N int) {
	B, L, C, N = x.Shape[0], x.Shape[1], 1, 1
	for _, d := range x.Shape[2:] {
		C *= d
	}
	for _, a := range operands {
		N = max(N, a.Shape[len(a.Shape)-1])
	}
	return B, L, C, N
}

// storeEndState writes a scan's end state h to ht from hoff when the
// launch asks for it (int 3): every state, or with masked (a state size
// known at run time) those below N.
func (k *K) storeEndState(ht *Mem, hoff llvalue.Value, h []llvalue.Value, masked bool, N llvalue.Value) {
	k.If(k.B.NewICmp(llenum.IPredNE, k.Int(3), c64(0)), func() {
		for i := range h {
			store := func() { k.Store(ht, k.Add(hoff, c64(int64(i))), h[i]) }
			if masked {
				k.If(k.B.NewICmp(llenum.IPredSLT, c64(int64(i)), N), store)
			} else {
				store()
			}
		}
	})
}
