package interp

import (
	"fmt"

	"github.com/seqc-dev/seqc/backend/interp/kernels/attn"
	ssmk "github.com/seqc-dev/seqc/backend/interp/kernels/ssm"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

func init() {
	impls["ssm"] = ssmImpl
	impls["conv"] = convImpl
	impls["quasiseparable"] = qsImpl
	impls["attention"] = attentionImpl
	impls["rope"] = ropeImpl
	impls["delta_rule"] = deltaImpl
	impls["shift"] = shiftImpl
}

// mode picks the algorithm for a mixer: the run's forced mode, else the
// op's @mode hint, else the select_modes policy for this length, else def.
func (fr *frame) mode(op *ir.Op) string { return ir.ModeAt(op, fr.md.opts.Mode, fr.seqLen(op)) }

// seqLen is the sequence length a mixer sees (axis 1 of its first argument).
func (fr *frame) seqLen(op *ir.Op) int {
	s := fr.val(op.Args[0]).Shape
	if len(s) < 2 {
		return 1
	}
	return s[1]
}

func (fr *frame) chunk(op *ir.Op) int {
	if c := fr.md.opts.Chunk; c > 0 {
		return c
	}
	if c := op.Attrs.Int("chunk"); c > 0 {
		return c
	}
	if _, c := ir.Policy(op.Attrs.String("policy"), fr.seqLen(op)); c > 0 {
		return c
	}
	return 64
}

func ssmImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0]
	yType := op.Results[0].Type
	xl := x.Shape
	n := 1
	for _, a := range args[1:4] {
		n = max(n, a.Shape[len(a.Shape)-1])
	}
	full := append(append([]int{}, xl...), n)
	p := &ssmk.Problem{B: xl[0], L: xl[1], C: numel(xl[2:]), N: n, Threads: fr.md.opts.Threads, Spectra: fr.md.spectra[op],
		X: seqView(x, xl, false), A: seqView(args[1], full, true), Bm: seqView(args[2], full, true), Cm: seqView(args[3], full, true)}
	y := fr.alloc(runtime.DType(yType.DType), xl...)
	p.Y = seqView(y, xl, false)
	stateT := runtime.F32
	if p.StateComplex() {
		stateT = runtime.C64
	}
	hShape := append(append([]int{xl[0]}, xl[2:]...), n)
	var hT *runtime.Tensor
	if op.Attrs.Bool("final_state") {
		hT = fr.alloc(stateT, hShape...)
	} else if fr.state != nil {
		hT = runtime.New(stateT, hShape...)
	}
	if hT != nil {
		p.HT = hT.F
	}
	if len(args) == 5 {
		p.H0 = args[4].F
	}
	if s := fr.slot(op, 0); s != nil && *s != nil { // step mode: continue from the state
		p.H0 = (*s).F
	}
	if p.B > 0 && p.C > 0 && p.L > 0 {
		var err error
		switch m := fr.mode(op); {
		case m == "chunked":
			err = ssmk.Chunked(p, fr.chunk(op))
		case m == "quadratic":
			err = ssmk.Quadratic(p)
		case m == "conv" && p.TimeInvariant() && allFinite(args[:4]...) && (p.H0 == nil || allFiniteF(p.H0)):
			err = ssmk.FFTConv(p)
		case m == "conv" && p.TimeInvariant():
			// The FFT spreads a NaN or Inf at any position over every
			// position of the output, earlier ones too: the scan keeps
			// them where causality puts them.
			err = ssmk.Scan(p)
		case m == "conv" && op.Attrs.String("mode") == "conv":
			return nil, fmt.Errorf("@mode(conv) needs a time-invariant ssm (a, b and c without a sequence axis)")
		default:
			err = ssmk.Scan(p)
		}
		if err != nil {
			return nil, err
		}
	} else if hT != nil && p.H0 != nil {
		copy(hT.F, p.H0)
	}
	if s := fr.slot(op, 0); s != nil {
		*s = hT.Clone() // the state must not share a buffer the run may reuse
	}
	res := []*runtime.Tensor{y}
	if op.Attrs.Bool("final_state") {
		res = append(res, hT)
	}
	return res, nil
}

func convImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x, w := args[0], args[1]
	c := &ssmk.Conv{B: x.Shape[0], Lin: x.Shape[1], C: x.Shape[2], W: w.Shape[1], Wt: w.F, Dilation: ir.ConvDilation(op),
		PadLeft: op.Attrs.Int("pad_left"), PadRight: op.Attrs.Int("pad_right"), Threads: fr.md.opts.Threads}
	if len(args) == 3 {
		c.Bias = args[2].F
	}
	c.X = x.F
	if s := fr.slot(op, 0); s != nil { // step mode: prepend the window of past inputs
		win := c.Span() - 1
		if *s == nil {
			*s = runtime.New(runtime.F32, c.B, win, c.C)
		}
		joined := concatSeq(*s, x)
		*s = copyRange(nil, joined, 1, joined.Shape[1]-win, joined.Shape[1])
		c.X, c.Lin, c.PadLeft = joined.F, joined.Shape[1], 0
	}
	y := fr.alloc(runtime.F32, c.B, c.Lout(), c.C)
	c.Y = y.F
	if c.B == 0 || c.C == 0 || c.Lout() <= 0 {
		return one(y)
	}
	var err error
	if fr.mode(op) == ir.ModeConv && allFiniteF(c.X) && allFiniteF(c.Wt) && allFiniteF(c.Bias) {
		err = ssmk.ConvFFT(c)
	} else { // direct: also where a non-finite value would spread through the FFT
		err = ssmk.ConvDirect(c)
	}
	if err != nil {
		return nil, err
	}
	if err := applyAct(fr, op, y); err != nil {
		return nil, err
	}
	return one(y)
}

// allFinite reports whether the float tensors hold no NaN or Inf (an FFT
// form would spread one over the whole sequence).
func allFinite(ts ...*runtime.Tensor) bool {
	for _, t := range ts {
		if !allFiniteF(t.F) {
			return false
		}
	}
	return true
}

func allFiniteF(xs []float32) bool {
	for _, x := range xs {
		if x-x != 0 {
			return false
		}
	}
	return true
}

// concatSeq joins two [B, L, ...] tensors along the sequence axis.
func concatSeq(a, b *runtime.Tensor) *runtime.Tensor { return concatAxis(a, b, 1) }

// concatAxis joins a state and a chunk along the sequence axis.
func concatAxis(a, b *runtime.Tensor, axis int) *runtime.Tensor {
	t, err := runtime.Concat([]*runtime.Tensor{a, b}, axis)
	if err != nil {
		panic("interp: state and chunk disagree: " + err.Error()) // the step plan checked the shapes
	}
	return t
}

func qsImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0]
	xl := x.Shape
	n := 1
	for _, a := range args[1:7] {
		n = max(n, a.Shape[len(a.Shape)-1])
	}
	full := append(append([]int{}, xl...), n)
	y := fr.alloc(runtime.F32, xl...)
	q := &ssmk.QS{B: xl[0], L: xl[1], C: numel(xl[2:]), N: n, Threads: fr.md.opts.Threads,
		X: seqView(x, xl, false), Y: seqView(y, xl, false), Diag: seqView(args[7], xl, false),
		Af: seqView(args[1], full, true), Bf: seqView(args[2], full, true), Cf: seqView(args[3], full, true),
		Ab: seqView(args[4], full, true), Bb: seqView(args[5], full, true), Cb: seqView(args[6], full, true)}
	if q.B == 0 || q.L == 0 || q.C == 0 {
		return one(y)
	}
	var err error
	if fr.mode(op) == ir.ModeQuadratic {
		err = ssmk.QSQuadratic(q)
	} else {
		err = ssmk.QSScan(q)
	}
	if err != nil {
		return nil, err
	}
	return one(y)
}

func attentionImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	q, k, v := args[0], args[1], args[2]
	if s := fr.slot(op, 0); s != nil { // step mode: the KV cache grows by this chunk
		kv := fr.slot(op, 1)
		if *s != nil {
			k, v = concatSeq(*s, k), concatSeq(*kv, v)
		} else {
			k, v = k.Clone(), v.Clone() // the cache must not share buffers the run may reuse
		}
		*s, *kv = k, v
	}
	a := &attn.Attention{B: q.Shape[0], Lq: q.Shape[1], Lk: k.Shape[1], Hq: q.Shape[2], Hk: k.Shape[2], D: q.Shape[3], Dv: v.Shape[3],
		Q: q.F, K: k.F, V: v.F, Scale: float32(op.Attrs.Float("scale")), Causal: op.Attrs.Bool("causal"), Threads: fr.md.opts.Threads}
	if len(args) == 4 {
		a.KeyPad = args[3].I
	}
	out := fr.alloc(runtime.F32, a.B, a.Lq, a.Hq, a.Dv)
	a.Out = out.F
	var err error
	if fr.mode(op) == ir.ModeQuadratic {
		err = attn.Materialized(a)
	} else {
		tile := fr.md.opts.Tile
		if tile <= 0 {
			tile = 64
		}
		err = attn.Flash(a, tile)
	}
	if err != nil {
		return nil, err
	}
	return one(out)
}

func ropeImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0].Clone()
	pos0 := fr.position(op)
	s := x.Shape
	if err := attn.RoPE(x.F, s[0], s[1], s[2], s[3], pos0, op.Attrs.Float("theta"), op.Attrs.Bool("interleaved")); err != nil {
		return nil, err
	}
	return one(x)
}

func deltaImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	q, k, v, beta := args[0], args[1], args[2], args[3]
	d := &attn.DeltaRule{B: q.Shape[0], T: q.Shape[1], H: q.Shape[2], K: q.Shape[3], V: v.Shape[3], N: op.Attrs.Int("n"),
		Q: q.F, Kk: k.F, Vv: v.F, Beta: beta.F, Scale: float32(op.Attrs.Float("scale")), Threads: fr.md.opts.Threads}
	i := 4
	if op.Attrs.Bool("gated") {
		d.G = args[i].F
		i++
	}
	if i < len(args) {
		d.H0 = args[i].F
	}
	slot := fr.slot(op, 0)
	if slot != nil && *slot != nil {
		d.H0 = (*slot).F
	}
	var hT *runtime.Tensor
	if op.Attrs.Bool("final_state") {
		hT = fr.alloc(runtime.F32, d.B, d.H, d.K, d.V)
	} else {
		hT = runtime.New(runtime.F32, d.B, d.H, d.K, d.V)
	}
	d.HT = hT.F
	out := fr.alloc(runtime.F32, d.B, d.T, d.H, d.V)
	d.Out = out.F
	var err error
	if fr.mode(op) == ir.ModeChunked {
		err = attn.DeltaChunked(d, fr.chunk(op))
	} else {
		err = attn.DeltaRecurrent(d)
	}
	if err != nil {
		return nil, err
	}
	if slot != nil {
		*slot = hT.Clone()
	}
	res := []*runtime.Tensor{out}
	if op.Attrs.Bool("final_state") {
		res = append(res, hT)
	}
	return res, nil
}

// shiftImpl is y[t] = x[t-n] along an axis, zero filled; on the sequence
// axis in step mode the last n inputs carry over.
func shiftImpl(fr *frame, op *ir.Op, args []*runtime.Tensor) ([]*runtime.Tensor, error) {
	x := args[0]
	axis := axisOf(op, len(x.Shape))
	n := op.Attrs.Int("n")
	src := x
	if s := fr.slot(op, 0); s != nil { // step mode: the axis is the sequence; the last n inputs carry over
		if *s == nil {
			sh := append([]int{}, x.Shape...)
			sh[axis] = n
			*s = runtime.New(x.DType, sh...)
		}
		src = concatAxis(*s, x, axis)
		*s = copyRange(nil, src, axis, src.Shape[axis]-n, src.Shape[axis])
		return one(copyRange(fr, src, axis, 0, x.Shape[axis]))
	}
	out := fr.alloc(x.DType, x.Shape...)
	outer, size, inner := axisBlocks(x.Shape, axis)
	w := elemWidth(x)
	for o := 0; o < outer; o++ {
		for t := n; t < size; t++ {
			dst, from := (o*size+t)*inner, (o*size+t-n)*inner
			if x.DType == runtime.I32 {
				copy(out.I[dst:dst+inner], src.I[from:from+inner])
			} else {
				copy(out.F[dst*w:(dst+inner)*w], src.F[from*w:(from+inner)*w])
			}
		}
	}
	return one(out)
}
