package ptx

import (
	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The linear layer's and the selective scan's plans and launches.

func init() {
	kernelTable["linear"] = kernelEntry{plan: planLinear}
	kernelTable["selective_scan"] = kernelEntry{modes: []string{ir.ModeScan}, plan: planSelective}
}

func planLinear(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	return planGEMM(op, fixed, fp32GEMM)
}

// gemmKernel is one of linear's kernels: its name prefix, launch spec,
// emitter and output tile (rows × columns per block).
type gemmKernel struct {
	prefix       string
	spec         func(name string) Spec
	emit         func(t Target, m *Module, name string, bias bool, act string) error
	tileM, tileN int
	gemv         bool // a few rows of X (M ≤ gemvMaxM) take the GEMV kernel
}

// fp32GEMM is the FP32 tiled GEMM (kernels_gemm.go), and the GEMV for
// decode steps (kernels_gemv.go).
var fp32GEMM = gemmKernel{"gemm", gemmSpec, EmitGEMM, gemmTile, gemmTile, true}

// planGEMM plans linear on the GEMM kernel g.
func planGEMM(op *ir.Op, fixed map[*ir.Op]bool, g gemmKernel) (*opKernel, string) {
	if !allF32(op.Args...) {
		return nil, "the GEMM kernel takes f32"
	}
	act := op.Attrs.String("act")
	if act != "" && !llvm.HasUnary(act) {
		return nil, "activation " + act + " runs on the interpreter"
	}
	bias := len(op.Args) == 3
	name, gemv := keyf(g.prefix, bias, act), keyf("gemv", bias, act)
	xk, wk := weightKind(op, 0, fixed), weightKind(op, 1, fixed)
	bk := In
	if bias {
		bk = weightKind(op, 2, fixed)
	}
	defs := []kernelDef{{g.spec(name), func(t Target, m *Module) error { return g.emit(t, m, name, bias, act) }}}
	if g.gemv {
		defs = append(defs, kernelDef{gemvSpec(gemv), func(t Target, m *Module) error { return EmitGEMV(t, m, gemv, bias, act) }})
	}
	return &opKernel{
		defs: defs,
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			x, w := c.Args[0], c.Args[1]
			n, kd := w.Shape[0], w.Shape[1]
			y := c.Output(runtime.F32, c.Shape(c.Op.Results[0])...)
			m := 0
			if kd > 0 {
				m = len(x.F) / kd
			}
			if kd == 0 || m == 0 || n == 0 {
				return fallback(c, r) // nothing to multiply: the interpreter fills the bias
			}
			kernel := name
			grid, err := Grid2D(CeilDiv(n, g.tileN), CeilDiv(m, g.tileM))
			if g.gemv && m <= gemvMaxM {
				kernel = gemv
				grid, err = Grid1D(CeilDiv(n, gemvCols))
			}
			if err != nil {
				return fallback(c, r)
			}
			var bf []float32
			if bias {
				bf = c.Args[2].F
			}
			l := &Launch{Grid: grid, Ints: []int64{int64(m), int64(n), int64(kd)},
				Bufs: []Buf{{x.F, xk}, {w.F, wk}, {bf, bk}, {y.F, Out}}, Work: m * n * kd / 64}
			return one(y), r.launch(kernel, l, c.Threads())
		},
	}, ""
}

func planSelective(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if !allF32(op.Args...) {
		return nil, "the selective scan takes f32"
	}
	a, bm := op.Args[2], op.Args[3]
	n, ok := a.Type.Shape[1].Value()
	if !ok || n < 1 || n > SelectiveMaxN {
		return nil, "the selective-scan kernel takes a constant d_state of 1 to 64"
	}
	g := 1
	if len(bm.Type.Shape) == 4 {
		if g, ok = bm.Type.Shape[2].Value(); !ok || g < 1 {
			return nil, "symbolic groups"
		}
	}
	skip, gate := op.Attrs.Bool("skip"), op.Attrs.Bool("gate")
	name, comb := keyf("selscan", n, g, skip, gate), keyf("selcomb", n)
	kinds := make([]BufKind, len(op.Args))
	for i := range kinds {
		kinds[i] = weightKind(op, i, fixed)
	}
	return &opKernel{
		defs: []kernelDef{
			{selSpec(name), func(t Target, m *Module) error { return EmitSelective(t, m, name, n, g, skip, gate) }},
			{selCombineSpec(comb), func(t Target, m *Module) error { return EmitSelectiveCombine(t, m, comb, n) }},
		},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			if c.Mode() != ir.ModeScan {
				return fallback(c, r)
			}
			u := c.Args[0]
			b, l, d := u.Shape[0], u.Shape[1], u.Shape[2]
			if d%g != 0 {
				return fallback(c, r) // the interpreter reports it
			}
			y := c.Output(runtime.F32, u.Shape...)
			var bufs [selPtrs]Buf
			for i := range bufs {
				bufs[i].Kind = In
			}
			for i, idx := range []int{selU, selDelta, selA, selB, selC} {
				bufs[idx] = Buf{c.Args[i].F, kinds[i]}
			}
			i := 5
			if skip {
				bufs[selD] = Buf{c.Args[i].F, kinds[i]}
				i++
			}
			if gate {
				bufs[selZ] = Buf{c.Args[i].F, kinds[i]}
			}
			bufs[selY] = Buf{y.F, Out}
			slot := c.Slot(0)
			var h *runtime.Tensor
			var has0, hasT int64
			var states StateRefs
			if slot != nil { // a stream: continue from the state, and replace it
				if *slot != nil {
					bufs[selH0], has0 = states.In(selH0, *slot), 1
				}
				h = newState(r, b, d, n)
				bufs[selHT], hasT = states.Out(selHT, h), 1
			}
			if b > 0 && d > 0 {
				nc, q := selChunks(b, d, l)
				var err error
				if nc == 1 {
					err = launchSelective(c.Threads(), r, name, bufs, states, b, d, l, n, 1, l, has0, hasT, false)
				} else {
					err = chunkedSelective(c.Threads(), r, name, comb, bufs, states, b, d, l, n, nc, q, has0, hasT)
				}
				if err != nil {
					return nil, err
				}
			}
			if slot != nil {
				*slot = h
			}
			return one(y), nil
		},
	}, ""
}

// selTargetThreads is how many threads the selective scan aims to run at
// once: about one wave of an H200 (132 SMs × 1024 threads).
const selTargetThreads = 1 << 17

// selChunks is the number of chunks and their length for a selective scan
// of B·D channels over L steps: one (the plain scan) when the channels
// give a quarter of selTargetThreads (enough loads in flight for the
// memory-bound scan: 32·1536 channels are) or the sequence is short, else
// enough chunks of at least 64 steps to approach selTargetThreads. The
// chunked form reads its inputs twice, so it pays only where the plain
// scan would leave most of the GPU idle (unmeasured on hardware).
func selChunks(B, D, L int) (nc, q int) {
	if B*D >= selTargetThreads/4 || L < 256 {
		return 1, L
	}
	nc = min(CeilDiv(selTargetThreads, B*D), L/64)
	q = CeilDiv(L, nc)
	return CeilDiv(L, q), q
}

// launchSelective launches the selective scan kernel over nc chunks of q
// steps (local: each chunk from zero, keeping its end state and decay
// product instead of y).
func launchSelective(threads int, r runner, name string, bufs [selPtrs]Buf, states StateRefs, b, d, l, n, nc, q int, has0, hasT int64, local bool) error {
	grid, err := Grid2D(CeilDiv(d, selBlock), b*nc)
	if err != nil {
		return err
	}
	loc := int64(0)
	if local {
		loc = 1
	}
	lc := &Launch{Grid: grid, Ints: []int64{int64(l), int64(d), has0, hasT, int64(nc), int64(q), loc}, Bufs: bufs[:], Work: b * d * max(l, 1) * n, States: states}
	return r.launch(name, lc, threads)
}

// chunkedSelective runs the selective scan chunked across the sequence
// (kernels_selective.go): local runs, the combine pass, the final runs.
// bufs holds the op's operands and y, and the stream's state buffers
// (has0, hasT) that the combine pass reads and writes.
func chunkedSelective(threads int, r runner, name, comb string, bufs [selPtrs]Buf, states StateRefs, b, d, l, n, nc, q int, has0, hasT int64) error {
	// The chunks' end states (then start states) and decay products:
	// temporaries that stay on the device.
	hs, ps, ss := newState(r, b*nc, d, n), newState(r, b*nc, d, n), newState(r, b*nc, d, n)
	for _, t := range []*runtime.Tensor{hs, ps, ss} {
		defer releaseTemp(r, t)
	}
	var ls StateRefs
	local := bufs
	local[selC], local[selD], local[selZ], local[selY], local[selH0] = Buf{nil, In}, Buf{nil, In}, Buf{nil, In}, Buf{nil, In}, Buf{nil, In}
	local[selHT], local[selP] = ls.Out(selHT, hs), ls.Out(selP, ps)
	if err := launchSelective(threads, r, name, local, ls, b, d, l, n, nc, q, 0, 1, true); err != nil {
		return err
	}
	grid, err := Grid2D(CeilDiv(d, selBlock), b)
	if err != nil {
		return err
	}
	var cs StateRefs
	cb := []Buf{cs.In(0, ps), cs.In(1, hs), cs.Out(2, ss), bufs[selH0], bufs[selHT]}
	if t := states[selH0]; t != nil {
		cs[3] = t
	}
	if t := states[selHT]; t != nil {
		cs[4] = t
	}
	cl := &Launch{Grid: grid, Ints: []int64{int64(d), int64(nc), has0, hasT}, Bufs: cb, Work: b * d * nc * n, States: cs}
	if err := r.launch(comb, cl, threads); err != nil {
		return err
	}
	var fs StateRefs
	final := bufs
	final[selH0], final[selHT], final[selP] = fs.In(selH0, ss), Buf{nil, In}, Buf{nil, In}
	return launchSelective(threads, r, name, final, fs, b, d, l, n, nc, q, 1, 0, false)
}

// releaseTemp frees a temporary a kernel under r kept on the device.
func releaseTemp(r runner, t *runtime.Tensor) {
	if o, ok := r.(*opRun); ok {
		o.g.Release(t)
	}
}
