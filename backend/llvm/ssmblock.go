package llvm

import (
	"fmt"
	"sync"
	"unsafe"

	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	lltypes "github.com/llir/llvm/ir/types"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The block forms of the `ssm` mixer: every algorithm but the recurrence.
//
//   - chunked: the SSD form (Mamba-2, linear attention, any ssm whose decay
//     is one scalar per channel group), on register-blocked tile products,
//     with the state passed from chunk to chunk (EmitSSMBlock's ssd).
//   - quadratic: the same kernel with one chunk, i.e. the materialised
//     semiseparable matrix Lm ∘ (C Bᵀ) times X per group, built a panel
//     of rows at a time (at most sbQuadMax steps per block).
//   - conv: a time-invariant ssm as the causal convolution with
//     K_l = sum_n c[n] a[n]^l b[n] (float64 Vandermonde powers, cached per
//     length when a, b and c come from the weights, as the interpreter's
//     SpectrumCache does), by a batched float32 FFT (any channel count,
//     real or complex) or, for short sequences, directly.
//
// Other shapes (a decay varying over the state, complex chunked or
// quadratic problems) run on the interpreter (KernelCall.Fallback), as does
// mode scan when no scan kernel is joined (ssmWithBlocks). The `ssm` entry
// of kernelTable belongs to the scan kernel's file, which dispatches the
// other modes here.

// ssmBlockKernel is the kernel of the block forms of one ssm op: an
// opKernel whose run computes the op in c.Mode() (chunked, quadratic or
// conv) and falls back to the interpreter for other modes and shapes.
type ssmBlockKernel interface {
	key() string
	emit(m *llvmir.Module, variant string) error
	bind(fn native.Fn, variant string) error
	run(c *interp.KernelCall) ([]*runtime.Tensor, error)
}

// planSSMBlock returns the block kernel of an ssm op, or why there is none.
// Every op of valid types gets one, whatever its shape (each call checks
// that its form applies, else falls back): the ssm entry then joins every
// op's scan kernel to a block kernel alike, so no module holds a scan
// kernel both alone and inside ssmWithBlocks' directory (it would be
// emitted twice).
func planSSMBlock(op *ir.Op, fixed map[*ir.Op]bool) (ssmBlockKernel, string) {
	if op.Kind != "ssm" || len(op.Args) < 4 {
		return nil, "not an ssm"
	}
	for _, a := range op.Args[:4] {
		if a.Type.DType != ir.F32 && a.Type.DType != ir.C64 {
			return nil, "the ssm block kernels take f32 and c64 operands"
		}
	}
	fixedVal := func(v *ir.Value) bool { return v.Def != nil && fixed[v.Def] }
	return &ssmBlock{cacheable: fixedVal(op.Args[1]) && fixedVal(op.Args[2]) && fixedVal(op.Args[3])}, ""
}

// ssmBlock is the kernel: one function per variant shared by every ssm op
// (sizes and strides are arguments), plus, for a time-invariant op whose
// a, b and c are weights, its convolution kernels by length.
type ssmBlock struct {
	fn        native.Fn
	variant   string
	cacheable bool
	mu        sync.Mutex
	tables    map[[2]int][]float32 // by (length, FFT): spectra or time-domain kernels
	order     [][2]int
}

// sbQuadMax bounds the block of the quadratic form, whose scratch per
// goroutine is (N + sbPanel)·L floats (its L×L matrix is built and used a
// panel of rows at a time): longer sequences run as blocks of this many
// steps with the state passed between them, which gives the same numbers.
const sbQuadMax = 16384

// sbCachedLengths is how many lengths of convolution tables an op keeps.
const sbCachedLengths = 4

func (k *ssmBlock) key() string { return keyf("ssmblock", 1) }

func (k *ssmBlock) emit(m *llvmir.Module, variant string) error {
	name := k.key() + VariantSuffix(variant)
	if sbDefined(m, name) != nil { // another ssm op's kernel emitted it
		return nil
	}
	return EmitSSMBlock(m, name, variant)
}

func (k *ssmBlock) bind(fn native.Fn, variant string) error {
	if !fn.Valid() {
		return fmt.Errorf("llvm: ssm block kernel not loaded")
	}
	k.fn, k.variant = fn, variant
	return nil
}

// sbDefined returns the function of m named name (nil when none).
func sbDefined(m *llvmir.Module, name string) *llvmir.Func {
	for _, f := range m.Funcs {
		if f.Name() == name {
			return f
		}
	}
	return nil
}

func (k *ssmBlock) run(c *interp.KernelCall) ([]*runtime.Tensor, error) {
	switch c.Mode() {
	case ir.ModeChunked:
		return k.runSSD(c, c.Chunk())
	case ir.ModeQuadratic:
		return k.runSSD(c, sbQuadMax)
	case ir.ModeConv:
		return k.runConv(c)
	}
	return c.Fallback()
}

// sbCall is what both forms read from a call: the views, sizes, and the
// state tensors (allocated by alloc once the form is known to apply).
type sbCall struct {
	c          *interp.KernelCall
	x          *runtime.Tensor
	B, L, C, N int
	X          sbView
	A, Bm, Cm  sbView
	stateC     bool
	yType      runtime.DType
	hShape     []int
}

func newSBCall(c *interp.KernelCall) *sbCall {
	x := c.Args[0]
	xl := x.Shape
	n := 1
	for _, a := range c.Args[1:4] {
		n = max(n, a.Shape[len(a.Shape)-1])
	}
	full := append(append([]int{}, xl...), n)
	s := &sbCall{c: c, x: x, B: xl[0], L: xl[1], N: n,
		X: newSBView(x, xl, false), A: newSBView(c.Args[1], full, true),
		Bm: newSBView(c.Args[2], full, true), Cm: newSBView(c.Args[3], full, true),
		yType: runtime.DType(c.Op.Results[0].Type.DType)}
	s.C = len(s.X.CO)
	s.stateC = s.X.Complex || s.A.Complex || s.Bm.Complex
	s.hShape = append(append([]int{xl[0]}, xl[2:]...), n)
	return s
}

// state returns the output y, the initial state (nil: zero), the final
// state tensor (nil when neither the op nor a stream wants it) and the
// stream's slot, as the interpreter's ssm does.
func (s *sbCall) state() (y *runtime.Tensor, h0 []float32, hT *runtime.Tensor, slot **runtime.Tensor) {
	c := s.c
	y = c.Alloc(s.yType, s.x.Shape...)
	st := runtime.F32
	if s.stateC {
		st = runtime.C64
	}
	slot = c.Slot(0)
	if c.Op.Attrs.Bool("final_state") {
		hT = c.Alloc(st, s.hShape...)
	} else if slot != nil {
		hT = runtime.New(st, s.hShape...)
	}
	if len(c.Args) == 5 {
		h0 = c.Args[4].F
	}
	if slot != nil && *slot != nil { // a stream: continue from its state
		h0 = (*slot).F
	}
	return y, h0, hT, slot
}

// finish copies the state through for an empty problem, stores the
// stream's new state (a fresh tensor: the slot must not share a buffer the
// run may reuse) and returns the results.
func (s *sbCall) finish(y *runtime.Tensor, h0 []float32, hT *runtime.Tensor, slot **runtime.Tensor, empty bool) []*runtime.Tensor {
	if empty && hT != nil && h0 != nil {
		copy(hT.F, h0)
	}
	if slot != nil {
		*slot = hT.Clone()
	}
	res := []*runtime.Tensor{y}
	if s.c.Op.Attrs.Bool("final_state") {
		res = append(res, hT)
	}
	return res
}

func (s *sbCall) empty() bool { return s.B == 0 || s.C == 0 || s.L == 0 }

// unreadable reports a non-empty problem with an empty operand (a state
// axis of size 0), which the kernels would read past: the interpreter
// decides what it means.
func (s *sbCall) unreadable() bool {
	return !s.empty() && (len(s.A.Data) == 0 || len(s.Bm.Data) == 0 || len(s.Cm.Data) == 0)
}

// sbFinite reports whether no element of ts is NaN or infinite.
func sbFinite(ts ...*runtime.Tensor) bool {
	for _, t := range ts {
		for _, x := range t.F {
			if x-x != 0 {
				return false
			}
		}
	}
	return true
}

// ssdGroups partitions the channels by their (A, Bm, Cm) offsets, as the
// interpreter's chunked SSD does, and returns them when every group is a
// run of P consecutive channels of one size (the layout the kernel reads
// x and y in), else nil.
func (s *sbCall) ssdGroups() ([][4]int64, int) {
	index := map[[3]int]int{}
	var groups [][4]int64
	var size []int
	for c := 0; c < s.C; c++ {
		key := [3]int{s.A.CO[c], s.Bm.CO[c], s.Cm.CO[c]}
		g, ok := index[key]
		if !ok {
			g = len(groups)
			index[key] = g
			groups = append(groups, [4]int64{int64(key[0]), int64(key[1]), int64(key[2]), int64(c)})
			size = append(size, 0)
		}
		if int(groups[g][3])+size[g] != c {
			return nil, 0
		}
		size[g]++
	}
	for _, n := range size {
		if n != size[0] {
			return nil, 0
		}
	}
	if len(size) == 0 {
		return nil, 0
	}
	return groups, size[0]
}

// runSSD runs the chunked form with chunk q (the quadratic form: q of at
// least L) on real problems whose decay is a scalar per channel group.
func (k *ssmBlock) runSSD(c *interp.KernelCall, q int) ([]*runtime.Tensor, error) {
	s := newSBCall(c)
	if s.X.Complex || s.A.Complex || s.Bm.Complex || s.Cm.Complex || !(s.A.SN == 0 || s.N == 1) || s.unreadable() {
		return c.Fallback()
	}
	var groups [][4]int64
	P := 0
	if !s.empty() {
		if groups, P = s.ssdGroups(); groups == nil {
			return c.Fallback()
		}
	}
	y, h0, hT, slot := s.state()
	if !s.empty() {
		p := &sbSSD{B: s.B, L: s.L, N: s.N, P: P, C: s.C, X: s.x.F, Y: y.F, A: s.A, Bm: s.Bm, Cm: s.Cm, Groups: groups, H0: h0}
		if hT != nil {
			p.HT = hT.F
		}
		if err := runSSD(k.fn, k.variant, c.Threads(), p, q); err != nil {
			return nil, err
		}
	}
	return s.finish(y, h0, hT, slot, s.empty()), nil
}

// runConv runs a time-invariant ssm as a convolution.
func (k *ssmBlock) runConv(c *interp.KernelCall) ([]*runtime.Tensor, error) {
	s := newSBCall(c)
	if s.A.SL != 0 || s.Bm.SL != 0 || s.Cm.SL != 0 || s.unreadable() || !sbFinite(c.Args[:4]...) {
		// The interpreter's answer: an error for @mode(conv), else the
		// scan. A NaN or Inf must stay where causality puts it, which a
		// transform would spread over every position.
		return c.Fallback()
	}
	if len(c.Args) == 5 && !sbFinite(c.Args[4]) {
		return c.Fallback()
	}
	if slot := c.Slot(0); slot != nil && *slot != nil && !sbFinite(*slot) {
		return c.Fallback()
	}
	y, h0, hT, slot := s.state()
	if !s.empty() {
		p := &sbConv{B: s.B, L: s.L, C: s.C, N: s.N, X: s.x.F, Y: y.F, XC: s.X.Complex, YC: y.DType == runtime.C64,
			KC: s.A.Complex || s.Bm.Complex || s.Cm.Complex, PerBatch: s.A.SB != 0 || s.Bm.SB != 0 || s.Cm.SB != 0,
			A: s.A, Bm: s.Bm, Cm: s.Cm}
		fft := !p.direct()
		table, done := k.convTable(c.Threads(), p, fft)
		runConv(k.fn, k.variant, c.Threads(), p, table, fft)
		done()
		if h0 != nil || hT != nil {
			var ht []float32
			if hT != nil {
				ht = hT.F
			}
			convState(p, c.Threads(), h0, ht, s.stateC)
		}
	}
	return s.finish(y, h0, hT, slot, s.empty()), nil
}

// convTable returns the convolution table of p: from the op's cache when
// its a, b and c are weights shared by the batch (done is then a no-op),
// else computed into pooled buffers that done returns.
func (k *ssmBlock) convTable(threads int, p *sbConv, fft bool) (table []float32, done func()) {
	key := [2]int{p.L, 0}
	if fft {
		key[1] = 1
	}
	cache := k.cacheable && !p.PerBatch
	if cache {
		k.mu.Lock()
		t, ok := k.tables[key]
		if ok { // most recently used last
			for i, o := range k.order {
				if o == key {
					k.order = append(append(k.order[:i:i], k.order[i+1:]...), key)
					break
				}
			}
		}
		k.mu.Unlock()
		if ok {
			return t, func() {}
		}
	}
	lanes := VariantLanes(k.variant)
	if !cache {
		kt := sbTake(p.kernelsLen(lanes))
		p.kernels(kt, lanes, threads)
		if !fft {
			return kt, func() { sbGive(kt) }
		}
		sp := sbTake(p.spectraLen(lanes))
		spectra(k.fn, k.variant, threads, p, kt, sp)
		sbGive(kt)
		return sp, func() { sbGive(sp) }
	}
	t := make([]float32, p.kernelsLen(lanes))
	p.kernels(t, lanes, threads)
	if fft {
		sp := make([]float32, p.spectraLen(lanes))
		spectra(k.fn, k.variant, threads, p, t, sp)
		t = sp
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if old, ok := k.tables[key]; ok { // a concurrent run published first
		return old, func() {}
	}
	if k.tables == nil {
		k.tables = map[[2]int][]float32{}
	}
	if len(k.order) == sbCachedLengths {
		delete(k.tables, k.order[0])
		k.order = k.order[1:]
	}
	k.tables[key] = t
	k.order = append(k.order, key)
	return t, func() {}
}

// ssmWithBlocks joins the scan kernel of an ssm op (mode scan; nil: the
// interpreter's recurrence) and its block kernel (the other modes) into
// the op's one kernel, dispatching on KernelCall.Mode.
func ssmWithBlocks(scan opKernel, blocks ssmBlockKernel) opKernel {
	if scan == nil {
		return blocks
	}
	return &ssmModes{scan: scan, blocks: blocks}
}

// ssmModes is ssmWithBlocks' kernel. Its own function is a directory: it
// stores the addresses of the scan and block functions (emitted into the
// same module) into p0, which bind turns into the two kernels' functions,
// so two functions serve one op through the one symbol Prepare looks up.
type ssmModes struct {
	scan   opKernel
	blocks ssmBlockKernel
}

func (k *ssmModes) key() string {
	return keyf("ssmmodes", k.scan.key()[len("seqc_"):], k.blocks.key()[len("seqc_"):])
}

func (k *ssmModes) emit(m *llvmir.Module, variant string) error {
	sname, bname := k.scan.key()+VariantSuffix(variant), k.blocks.key()+VariantSuffix(variant)
	if sbDefined(m, sname) == nil {
		if err := k.scan.emit(m, variant); err != nil {
			return err
		}
	}
	if err := k.blocks.emit(m, variant); err != nil {
		return err
	}
	sf, bf := sbDefined(m, sname), sbDefined(m, bname)
	if sf == nil || bf == nil {
		return fmt.Errorf("llvm: ssm: the scan or block kernel did not emit %s / %s", sname, bname)
	}
	d := NewKernelFunc(m, k.key()+VariantSuffix(variant), variant)
	b := d.F.NewBlock("entry")
	i8p := lltypes.NewPointer(lltypes.I8)
	table := b.NewBitCast(d.Ptrs[0], lltypes.NewPointer(i8p))
	for i, f := range []*llvmir.Func{sf, bf} {
		p := b.NewGetElementPtr(i8p, table, sbI(int64(i)))
		st := b.NewStore(llconst.NewBitCast(f, i8p), p)
		st.Align = 8
	}
	b.NewRet(nil)
	return nil
}

func (k *ssmModes) bind(fn native.Fn, variant string) error {
	var addrs [2]unsafe.Pointer
	var p native.Ptrs
	p[0] = unsafe.Pointer(&addrs[0])
	fn.Call(0, 0, nil, &p)
	lib, err := native.FromTable("ssm kernels of "+fn.Name, []string{"scan", "blocks"}, addrs[:])
	if err != nil {
		return err
	}
	sf, err := lib.Func("scan")
	if err != nil {
		return err
	}
	bf, err := lib.Func("blocks")
	if err != nil {
		return err
	}
	if err := k.scan.bind(sf, variant); err != nil {
		return err
	}
	return k.blocks.bind(bf, variant)
}

func (k *ssmModes) run(c *interp.KernelCall) ([]*runtime.Tensor, error) {
	if c.Mode() == ir.ModeScan {
		return k.scan.run(c)
	}
	return k.blocks.run(c)
}
