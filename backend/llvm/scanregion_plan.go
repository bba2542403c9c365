package llvm

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strings"

	"github.com/seqc-dev/seqc/ir"
)

// A scan region kernel runs a whole `scan` op (a nonlinear recurrence such
// as an LSTM or GRU cell) as one native function with the interpreter's
// semantics (backend/interp/scan.go): the parallel axis is the batch rows,
// each row (or block of rows in lockstep) runs its whole time loop with the
// body inside. The planner below translates the body into a small program
// (srProgram) of stages that the emitter (scanregion_emit.go) turns into
// LLVM IR:
//
//   - a GEMV stage for each `linear` of a body value by a model weight (the
//     weight packed once per model into tiles of T vectors of columns, so
//     the product is a sequence of broadcast-and-FMA over N-vectors of
//     lanes; its bias and activation are the accumulators' start and
//     epilogue), optionally followed by a fused elementwise epilogue of the
//     same width;
//   - group stages: runs of elementwise ops of one width, fused into one
//     pass over their vectors, intermediate values in registers; a value
//     is stored to the row's scratch only when a later stage reads it;
//   - copies (concat, yields that are not computed by a group).
//
// split, slice and broadcast_to cost nothing: they are views (an offset
// and a width) of another value. Values of the body are [B, d] (batch
// first); every one of them lives per row. Weights (params, consts and
// weight-only values) come from a constant pool packed once per model;
// per-sequence values captured from the enclosing function (no time axis)
// are read through their own pointers. Both are read with
// interp.KernelCall.Value, since the scan op does not take them as
// arguments. A body with anything else (another op, a weight that does not
// broadcast along the batch, a value of another rank, more buffers than
// the ABI passes) is refused with the reason and runs on the interpreter.

// srKind says where a value lives.
type srKind int

const (
	srCarry srKind = iota // carry Idx's slot in the row's scratch
	srX                   // per-position input Idx at (row, t)
	srSeq                 // per-sequence capture Idx at row
	srPool                // pool weight Idx, the same for every row
	srImm                 // a literal (Imm)
	srVal                 // body value Idx: a register in its group, else its scratch slot
	srY                   // (a destination) per-position output Idx at (row, t)
)

// srRef is a view of a value: N elements from Off of its row. N = 1 also
// stands for a value broadcast along the row (a scalar, a [B, 1] value).
type srRef struct {
	Kind srKind
	Idx  int
	Off  int
	N    int
	Imm  uint32 // float32 bits of a literal
}

// srWKind is how a weight is laid out in the pool.
type srWKind int

const (
	srWVec  srWKind = iota // [d] (or a scalar: d = 1), zero-padded
	srWGemv                // a linear's weight [N, K], packed in column tiles
	srWBias                // a linear's bias [N], zero-padded
)

type srWeight struct {
	Kind srWKind
	N, K int // srWVec: N elements; srWGemv: [N, K]; srWBias: N
}

// srValue is a value computed by the body.
type srValue struct {
	N     int  // width
	Stage int  // the stage computing it
	Op    int  // its op in the stage (-1: the GEMV; srNoOp: copied into place part by part)
	Slot  bool // stored to the row's scratch (read outside its group)
}

// srNoOp marks a value no single op computes (a concat, a temporary).
const srNoOp = -2

// srOp is one elementwise op of a group: Kind is a unary or binary op of
// the IR, or "copy".
type srOp struct {
	Kind string
	Args []srRef
	Res  int     // the value it computes (-1: none, a copy)
	Dst  []srRef // where it is stored besides its slot: srVal views, srY, srCarry
}

// srGemv is y = act(x·Wᵀ + b) for one body value x [B, K] and a weight W
// [N, K] (pool weight W; Bias is the pool weight of b, -1 for none).
type srGemv struct {
	In      srRef
	K, N    int
	W, Bias int
	Act     string
	Res     int
	Dst     []srRef
}

// srStage is a GEMV (with Ops its epilogue, of width N) or a group of
// elementwise ops of width Width.
type srStage struct {
	Gemv  *srGemv
	Width int
	Ops   []srOp
}

// srProgram is a scan body compiled for the kernel: the widths of the
// carries, inputs, per-sequence captures and outputs, the pool's weights,
// the body's values and the stages of one step. Its printed form is the
// kernel's identity (two ops with one program share the function, see
// key).
type srProgram struct {
	Carries, Xs, Seqs, Ys []int
	Weights               []srWeight
	Vals                  []srValue
	Stages                []srStage
}

// Pointer arguments: p0 the pool, p1 the row scratch, then the carries (the
// final carries, holding the initial ones when the kernel starts), the
// per-position inputs, the per-position outputs and the per-sequence
// captures, in that order.
const (
	srPPool    = 0
	srPScratch = 1
	srPFirst   = 2
)

func (p *srProgram) carryPtr(i int) int { return srPFirst + i }
func (p *srProgram) xPtr(i int) int     { return srPFirst + len(p.Carries) + i }
func (p *srProgram) yPtr(i int) int     { return srPFirst + len(p.Carries) + len(p.Xs) + i }
func (p *srProgram) seqPtr(i int) int {
	return srPFirst + len(p.Carries) + len(p.Xs) + len(p.Ys) + i
}
func (p *srProgram) numPtrs() int {
	return srPFirst + len(p.Carries) + len(p.Xs) + len(p.Ys) + len(p.Seqs)
}

// key names the program's function: a hash of its printed form (pointers
// printed through, so that the key is the same in every process: it names
// the symbol in cached and linked objects).
func (p *srProgram) key() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%v|%v|%v|%v|%+v|%+v", p.Carries, p.Xs, p.Seqs, p.Ys, p.Weights, p.Vals)
	for _, s := range p.Stages {
		if s.Gemv != nil {
			fmt.Fprintf(&sb, "|gemv %+v", *s.Gemv)
		}
		fmt.Fprintf(&sb, "|%d %+v", s.Width, s.Ops)
	}
	sum := sha256.Sum256([]byte(sb.String()))
	return keyf("scanr", hex.EncodeToString(sum[:10]))
}

// stepFlops estimates one row's work per step, for the thread count.
func (p *srProgram) stepFlops() int {
	f := 0
	for _, s := range p.Stages {
		if s.Gemv != nil {
			f += 2 * s.Gemv.K * s.Gemv.N
		}
		f += 20 * s.Width * len(s.Ops)
	}
	return max(f, 1)
}

// srUnary are the unary ops (and linear activations) the kernel computes,
// all with our own polynomials (mathfuncs.go) or exact IEEE operations.
var srUnary = map[string]bool{
	"neg": true, "abs": true, "relu": true, "square": true, "recip": true, "sqrt": true, "rsqrt": true,
	"exp": true, "tanh": true, "sigmoid": true, "silu": true, "softplus": true, "gelu": true,
	"gelu_tanh": true, "logsigmoid": true,
}

var srBinary = map[string]bool{"add": true, "sub": true, "mul": true, "div": true, "maximum": true, "minimum": true}

// srMaxPos marks a read that spans a whole stage (a GEMV's input, a read
// not aligned with the group's vectors).
const srMaxPos = math.MaxInt32

// srPos is where a carry is read: a stage and an op in it.
type srPos struct{ stage, op int }

// srPlanner builds the program of one scan op.
type srPlanner struct {
	prog    srProgram
	op      *ir.Op
	fixed   map[*ir.Op]bool
	bdim    ir.Dim
	inside  map[*ir.Value]bool
	refs    map[*ir.Value]srRef
	weights []*ir.Value // by pool weight index
	wIndex  map[srWKey]int
	seqs    []*ir.Value // by capture index
	cur     int         // the open group (-1: none)
	reads   [][]srPos   // by carry
}

type srWKey struct {
	v    *ir.Value
	kind srWKind
}

// srRefuse is the planner's panic value: why the op stays on the
// interpreter.
type srRefuse string

func (p *srPlanner) refuse(format string, args ...any) {
	panic(srRefuse(fmt.Sprintf(format, args...)))
}

// planScanProgram compiles a scan op's body, or says why it cannot.
func planScanProgram(op *ir.Op, fixed map[*ir.Op]bool) (prog *srProgram, weights, seqs []*ir.Value, why string) {
	p := &srPlanner{op: op, fixed: fixed, inside: map[*ir.Value]bool{}, refs: map[*ir.Value]srRef{},
		wIndex: map[srWKey]int{}, cur: -1}
	defer func() {
		if r := recover(); r != nil {
			s, ok := r.(srRefuse)
			if !ok { // a planner bug: the interpreter runs the scan, and says why
				s = srRefuse(fmt.Sprintf("internal error in the scan kernel's planner: %v", r))
			}
			prog, weights, seqs, why = nil, nil, nil, string(s)
		}
	}()
	p.plan()
	if n := p.prog.numPtrs(); n > len(KernelFunc{}.Ptrs) {
		return nil, nil, nil, fmt.Sprintf("the scan kernel passes at most %d buffers, this body needs %d", len(KernelFunc{}.Ptrs), n)
	}
	return &p.prog, p.weights, p.seqs, ""
}

// width checks that v is a [B, d] f32 value of the body and returns d.
func (p *srPlanner) width(v *ir.Value) int {
	t := v.Type
	if t.DType != ir.F32 {
		p.refuse("the scan kernel takes f32 values, the body has %s", t)
	}
	if len(t.Shape) != 2 || t.Shape[0] != p.bdim {
		p.refuse("the scan kernel takes [batch, features] values in the body, it has %s", t)
	}
	d, ok := t.Shape[1].Value()
	if !ok {
		p.refuse("the scan kernel needs constant feature sizes, the body has %s", t)
	}
	return d
}

func (p *srPlanner) plan() {
	op := p.op
	r := op.Region
	nc := op.Attrs.Int("carries")
	if r == nil || nc < 0 || nc >= len(op.Args) || len(r.Args) != len(op.Args) || len(r.Yields) < nc {
		p.refuse("malformed scan")
	}
	x0 := op.Args[nc].Type
	if len(x0.Shape) < 2 {
		p.refuse("malformed scan input %s", x0)
	}
	p.bdim = x0.Shape[0]
	p.reads = make([][]srPos, nc)
	for i, a := range r.Args {
		p.inside[a] = true
		d := p.width(a)
		if i < nc {
			p.prog.Carries = append(p.prog.Carries, d)
			p.refs[a] = srRef{Kind: srCarry, Idx: i, N: d}
		} else {
			p.prog.Xs = append(p.prog.Xs, d)
			p.refs[a] = srRef{Kind: srX, Idx: i - nc, N: d}
		}
	}
	for _, o := range r.Body {
		for _, v := range o.Results {
			p.inside[v] = true
		}
	}
	for _, o := range r.Body {
		if o.Region != nil {
			p.refuse("a scan inside the scan body")
		}
		if p.fixed[o] {
			continue // a weight-only value: read from the pool where the body uses it
		}
		p.body(o)
	}
	p.yields(nc, r.Yields)
}

// refOf is where v lives.
func (p *srPlanner) refOf(v *ir.Value) srRef {
	if r, ok := p.refs[v]; ok {
		return r
	}
	if v.Type.DType != ir.F32 {
		p.refuse("the scan kernel takes f32 values, the body reads %s", v.Type)
	}
	if v.Def != nil && p.fixed[v.Def] {
		if v.Def.Kind == "const" && v.Def.Attrs.String("dtype") == "" {
			r := srRef{Kind: srImm, N: 1, Imm: math.Float32bits(float32(v.Def.Attrs.Float("value")))}
			p.refs[v] = r
			return r
		}
		n, last := 1, 1
		for _, d := range v.Type.Shape {
			c, _ := d.Value()
			n *= c
			last = c
		}
		if n != 1 && n != last {
			p.refuse("the body reads a weight of shape %s, which does not broadcast along the batch", v.Type.Shape)
		}
		r := srRef{Kind: srPool, Idx: p.weight(v, srWeight{Kind: srWVec, N: n}), N: n}
		p.refs[v] = r
		return r
	}
	if p.inside[v] {
		p.refuse("internal: %%%d has no place", v.ID) // a body value is planned before its uses
	}
	// A per-call value of the enclosing function: one row per sequence.
	t := v.Type
	d, ok := 0, false
	if len(t.Shape) == 2 && t.Shape[0] == p.bdim {
		d, ok = t.Shape[1].Value()
	}
	if !ok {
		p.refuse("the body reads %s from outside that is neither a weight nor a [batch, features] value", t)
	}
	p.seqs = append(p.seqs, v)
	p.prog.Seqs = append(p.prog.Seqs, d)
	r := srRef{Kind: srSeq, Idx: len(p.seqs) - 1, N: d}
	p.refs[v] = r
	return r
}

// weight returns the pool index of v laid out as w, adding it once.
func (p *srPlanner) weight(v *ir.Value, w srWeight) int {
	k := srWKey{v, w.Kind}
	if i, ok := p.wIndex[k]; ok {
		return i
	}
	p.weights = append(p.weights, v)
	p.prog.Weights = append(p.prog.Weights, w)
	p.wIndex[k] = len(p.weights) - 1
	return len(p.weights) - 1
}

// body plans one op of the body that is not weight-only.
func (p *srPlanner) body(o *ir.Op) {
	switch {
	case o.Kind == "split" || o.Kind == "slice":
		p.view(o)
	case o.Kind == "broadcast_to":
		d := p.width(o.Results[0])
		a := o.Args[0]
		r := p.refOf(a)
		if r.N != 1 && (r.N != d || lastDim(a.Type.Shape) != d) {
			p.refuse("broadcast_to of %s to %s", a.Type, o.Results[0].Type)
		}
		p.refs[o.Results[0]] = r
	case srUnary[o.Kind] || srBinary[o.Kind]:
		p.elementwise(o)
	case o.Kind == "linear":
		p.linear(o)
	case o.Kind == "concat":
		p.concat(o)
	default:
		p.refuse("the scan kernel has no %s in a scan body", o.Kind)
	}
}

func lastDim(s ir.Shape) int {
	if len(s) == 0 {
		return 1
	}
	d, _ := s[len(s)-1].Value()
	return d
}

// lastAxis checks that o works on the feature axis of a [B, d] value.
func (p *srPlanner) lastAxis(o *ir.Op) {
	a, err := ir.NormAxis(o.Attrs.Int("axis"), 2)
	if err != nil || a != 1 {
		p.refuse("%s along an axis other than the features", o.Kind)
	}
}

// view plans split and slice along the features: offsets into the
// argument.
func (p *srPlanner) view(o *ir.Op) {
	p.width(o.Args[0])
	p.lastAxis(o)
	r := p.refOf(o.Args[0])
	sub := func(res *ir.Value, lo, n int) {
		v := r
		if r.N != 1 {
			v.Off, v.N = r.Off+lo, n
		}
		p.refs[res] = v
	}
	if o.Kind == "split" {
		lo := 0
		for _, res := range o.Results {
			n := p.width(res)
			sub(res, lo, n)
			lo += n
		}
		return
	}
	lo, ok1 := o.Attrs.Dim("start").Value()
	hi, ok2 := o.Attrs.Dim("stop").Value()
	if !ok1 || !ok2 || hi-lo != p.width(o.Results[0]) {
		p.refuse("a slice with symbolic bounds in the scan body")
	}
	sub(o.Results[0], lo, hi-lo)
}

// newVal adds a value computed at (stage, op).
func (p *srPlanner) newVal(res *ir.Value, n, stage, op int) int {
	p.prog.Vals = append(p.prog.Vals, srValue{N: n, Stage: stage, Op: op})
	i := len(p.prog.Vals) - 1
	if res != nil {
		p.refs[res] = srRef{Kind: srVal, Idx: i, N: n}
	}
	return i
}

// srAligned reports whether a group of width d reads r vector by vector in
// step with its own values: r is a whole value of width d (a view at an
// offset, or a broadcast element, is not).
func srAligned(r srRef, d int) bool { return r.Off == 0 && r.N == d }

// use records a read of r at (stage, op): a value read outside its group
// (or out of step with it) needs its slot; a carry's reads decide whether
// its new value may be stored over it during the step.
func (p *srPlanner) use(r srRef, stage, op int, groupWidth int) {
	inStep := op != srMaxPos && srAligned(r, groupWidth)
	switch r.Kind {
	case srVal:
		v := &p.prog.Vals[r.Idx]
		if v.Stage != stage || !inStep {
			v.Slot = true
		}
	case srCarry:
		pos := srPos{stage, op}
		if !inStep {
			pos.op = srMaxPos
		}
		p.reads[r.Idx] = append(p.reads[r.Idx], pos)
	}
}

// group returns the stage an elementwise op of width d reading args joins:
// the open group when it has that width and computed none of args out of
// step with the op, else a new one.
func (p *srPlanner) group(d int, args []srRef) int {
	ok := p.cur >= 0 && p.prog.Stages[p.cur].Width == d
	for _, a := range args {
		if ok && a.Kind == srVal && p.prog.Vals[a.Idx].Stage == p.cur && !srAligned(a, d) {
			ok = false
		}
	}
	if !ok {
		p.prog.Stages = append(p.prog.Stages, srStage{Width: d})
		p.cur = len(p.prog.Stages) - 1
	}
	return p.cur
}

func (p *srPlanner) elementwise(o *ir.Op) {
	d := p.width(o.Results[0])
	args := make([]srRef, len(o.Args))
	for i, a := range o.Args {
		args[i] = p.refOf(a)
		if args[i].N != 1 && args[i].N != d {
			p.refuse("%s of %s into %s", o.Kind, a.Type, o.Results[0].Type)
		}
	}
	s := p.group(d, args)
	st := &p.prog.Stages[s]
	for _, a := range args {
		p.use(a, s, len(st.Ops), d)
	}
	res := p.newVal(o.Results[0], d, s, len(st.Ops))
	st.Ops = append(st.Ops, srOp{Kind: o.Kind, Args: args, Res: res})
}

func (p *srPlanner) linear(o *ir.Op) {
	n := p.width(o.Results[0])
	k := p.width(o.Args[0])
	in := p.refOf(o.Args[0])
	switch in.Kind {
	case srPool, srImm:
		p.refuse("a linear of a value that is the same for every row")
	}
	if in.N != k {
		p.refuse("a linear of a broadcast value")
	}
	w := o.Args[1]
	if w.Def == nil || !p.fixed[w.Def] || w.Type.DType != ir.F32 {
		p.refuse("a linear whose weight is computed per call, not a model weight")
	}
	if act := o.Attrs.String("act"); act != "" && !srUnary[act] {
		p.refuse("a linear with activation %s", act)
	}
	g := &srGemv{In: in, K: k, N: n, W: p.weight(w, srWeight{Kind: srWGemv, N: n, K: k}), Bias: -1, Act: o.Attrs.String("act")}
	if len(o.Args) == 3 {
		b := o.Args[2]
		if b.Def == nil || !p.fixed[b.Def] || b.Type.DType != ir.F32 {
			p.refuse("a linear whose bias is computed per call, not a model weight")
		}
		g.Bias = p.weight(b, srWeight{Kind: srWBias, N: n})
	}
	p.prog.Stages = append(p.prog.Stages, srStage{Gemv: g, Width: n})
	s := len(p.prog.Stages) - 1
	p.use(in, s, srMaxPos, 0)
	g.Res = p.newVal(o.Results[0], n, s, -1)
	p.cur = s // elementwise ops of width n that follow are its epilogue
}

// concat along the features: a value with a slot, each part copied into
// its place (in order, so that a part's padded last vector is overwritten
// by the next part).
func (p *srPlanner) concat(o *ir.Op) {
	p.lastAxis(o)
	d := p.width(o.Results[0])
	res := p.newVal(o.Results[0], d, len(p.prog.Stages), srNoOp)
	p.prog.Vals[res].Slot = true
	off := 0
	for _, a := range o.Args {
		n := p.width(a)
		r := p.refOf(a)
		p.prog.Stages = append(p.prog.Stages, srStage{Width: n})
		s := len(p.prog.Stages) - 1
		p.use(r, s, 0, n)
		p.prog.Stages[s].Ops = []srOp{{Kind: "copy", Args: []srRef{r}, Res: -1, Dst: []srRef{{Kind: srVal, Idx: res, Off: off, N: n}}}}
		off += n
	}
	p.prog.Vals[res].Stage = len(p.prog.Stages) - 1
	p.cur = -1
}

// addDst adds a store of value i to dst at its computation.
func (p *srPlanner) addDst(i int, dst srRef) {
	v := p.prog.Vals[i]
	st := &p.prog.Stages[v.Stage]
	if v.Op < 0 {
		st.Gemv.Dst = append(st.Gemv.Dst, dst)
	} else {
		st.Ops[v.Op].Dst = append(st.Ops[v.Op].Dst, dst)
	}
}

// copyStage appends a stage copying r (width n) to dst.
func (p *srPlanner) copyStage(r srRef, n int, dst srRef) {
	p.prog.Stages = append(p.prog.Stages, srStage{Width: n, Ops: []srOp{{Kind: "copy", Args: []srRef{r}, Res: -1, Dst: []srRef{dst}}}})
	p.use(r, len(p.prog.Stages)-1, 0, n)
	p.cur = -1
}

// yields stores the step's results: an output computed by a group is
// stored by it; a new carry computed by a group is stored over the old
// one when nothing reads the old one afterwards; everything else is
// copied at the end of the step (through a temporary when it reads a
// carry, which the copies overwrite).
func (p *srPlanner) yields(nc int, ys []*ir.Value) {
	refs := make([]srRef, len(ys))
	for i, y := range ys {
		d := p.width(y)
		refs[i] = p.refOf(y)
		if refs[i].N != 1 && refs[i].N != d {
			p.refuse("internal: yield %d has width %d, not %d", i, refs[i].N, d)
		}
		if i >= nc {
			p.prog.Ys = append(p.prog.Ys, d)
		}
		if r := refs[i]; r.Kind == srCarry && !(i == r.Idx && srAligned(r, p.prog.Carries[i])) {
			p.reads[r.Idx] = append(p.reads[r.Idx], srPos{srMaxPos, srMaxPos})
		}
	}
	whole := func(r srRef) bool {
		return r.Kind == srVal && p.prog.Vals[r.Idx].Op != srNoOp && srAligned(r, p.prog.Vals[r.Idx].N)
	}
	var late []int // carries copied at the end
	for i := 0; i < nc; i++ {
		r := refs[i]
		if r.Kind == srCarry && r.Idx == i && srAligned(r, p.prog.Carries[i]) {
			continue // passed through unchanged
		}
		if whole(r) {
			v := p.prog.Vals[r.Idx]
			at := srPos{v.Stage, v.Op}
			if v.Op < 0 {
				at.op = -1
			}
			ok := true
			for _, q := range p.reads[i] {
				if q.stage > at.stage || q.stage == at.stage && q.op > at.op {
					ok = false
				}
			}
			if ok {
				p.addDst(r.Idx, srRef{Kind: srCarry, Idx: i, N: p.prog.Carries[i]})
				continue
			}
		}
		late = append(late, i)
	}
	for j := nc; j < len(ys); j++ {
		r, d := refs[j], p.prog.Ys[j-nc]
		dst := srRef{Kind: srY, Idx: j - nc, N: d}
		if whole(refs[j]) {
			p.addDst(r.Idx, dst)
			continue
		}
		p.copyStage(r, d, dst)
	}
	src := make(map[int]srRef, len(late))
	for _, i := range late {
		src[i] = refs[i]
		if refs[i].Kind == srCarry {
			d := p.prog.Carries[i]
			t := p.newVal(nil, d, len(p.prog.Stages), srNoOp)
			p.prog.Vals[t].Slot = true
			p.copyStage(refs[i], d, srRef{Kind: srVal, Idx: t, N: d})
			src[i] = srRef{Kind: srVal, Idx: t, N: d}
		}
	}
	for _, i := range late {
		p.copyStage(src[i], p.prog.Carries[i], srRef{Kind: srCarry, Idx: i, N: p.prog.Carries[i]})
	}
}
