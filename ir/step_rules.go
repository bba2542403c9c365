package ir

import "fmt"

// The step rules of the op table: how the sequence axis passes through each
// op when one of its arguments streams. The walk in step.go handles what is
// common to every op (sources, final states, region bodies, the shape
// invariant); a rule decides only the op's own question.

// attachStepRules puts this file's knowledge into the op table (called by ops.go's
// init, after the table is built).
func attachStepRules() {
	for _, info := range opTable {
		if info.Has(Elementwise) {
			info.Step = stepElementwise
		}
	}
	rules := map[string]StepRule{
		"linear": stepPerRow, "rms_norm": stepPerRow, "layer_norm": stepPerRow, "l2_norm": stepPerRow,
		"take":         stepTake,
		"reshape":      stepReshape,
		"broadcast_to": stepBroadcast,
		"transpose":    stepTranspose,
		"matmul":       stepMatMul,
		"split":        stepAlongAxis, "concat": stepAlongAxis, "softmax": stepAlongAxis, "sum": stepAlongAxis,
		"mean": stepAlongAxis, "max": stepAlongAxis, "slice": stepAlongAxis, "index": stepAlongAxis,
		"flip": stepAlongAxis, "cumsum": stepAlongAxis, "shift": stepAlongAxis,
		"conv":           stepConv,
		"attention":      stepAttention,
		"rope":           stepSeqMixer,
		"ssm":            stepSeqMixer,
		"delta_rule":     stepSeqMixer,
		"selective_scan": stepSeqMixer,
		"scan":           stepScan,
		"assoc_scan":     stepAssocScan,
		"quasiseparable": func(*StepCtx) ([]int, bool, error) { return nil, false, fmt.Errorf("is bidirectional") },
		"gather":         stepIndexed, "scatter_add": stepIndexed,
		"top_k": stepTopK,
	}
	for name, rule := range rules {
		opTable[name].Step = rule
	}
}

// same gives every result of the op the axis ax.
func (c *StepCtx) same(ax int) []int { return repeat(ax, len(c.Op.Results)) }

func (c *StepCtx) rank(i int) int { return len(c.Op.Args[i].Type.Shape) }

// stepElementwise aligns the arguments' axes from the right, as
// broadcasting does.
func stepElementwise(c *StepCtx) ([]int, bool, error) {
	rank := len(c.Op.Results[0].Type.Shape)
	ax := -1
	for i, a := range c.In {
		if a < 0 {
			continue
		}
		r := a + rank - c.rank(i)
		if ax >= 0 && r != ax {
			return nil, false, fmt.Errorf("combines tensors whose sequence axes do not line up")
		}
		ax = r
	}
	return c.same(ax), false, nil
}

// stepPerRow: linear and the norms work on the last axis with weights.
func stepPerRow(c *StepCtx) ([]int, bool, error) {
	if c.In[0] == c.rank(0)-1 {
		return nil, false, fmt.Errorf("mixes along the sequence axis")
	}
	for _, a := range c.In[1:] {
		if a >= 0 {
			return nil, false, fmt.Errorf("takes a per-position tensor as its weight")
		}
	}
	return c.same(c.In[0]), false, nil
}

// stepTake: rows of a fixed table by streamed indices.
func stepTake(c *StepCtx) ([]int, bool, error) {
	if c.In[0] >= 0 {
		return nil, false, fmt.Errorf("gathers rows of a per-position table (it needs the whole sequence)")
	}
	return c.same(c.In[1]), false, nil
}

func stepReshape(c *StepCtx) ([]int, bool, error) {
	ax, err := followReshape(c.Op, c.In[0])
	if err != nil {
		return nil, false, err
	}
	return c.same(ax), false, nil
}

func stepBroadcast(c *StepCtx) ([]int, bool, error) {
	return c.same(c.In[0] + len(c.Op.Results[0].Type.Shape) - c.rank(0)), false, nil
}

func stepTranspose(c *StepCtx) ([]int, bool, error) {
	ax := -1
	for i, p := range c.Op.Attrs.Ints("perm") {
		if p == c.In[0] {
			ax = i
		}
	}
	return c.same(ax), false, nil
}

// stepMatMul: a [..., M, K] · b [..., K, N]; rows of a, columns of b and the
// batch axes are position-wise, K is a contraction.
func stepMatMul(c *StepCtx) ([]int, bool, error) {
	rank := len(c.Op.Results[0].Type.Shape)
	ax := -1
	for i, a := range c.In {
		if a < 0 {
			continue
		}
		r := c.rank(i)
		if (i == 0 && a == r-1) || (i == 1 && a == r-2) {
			return nil, false, fmt.Errorf("contracts over the sequence axis")
		}
		out := a + rank - r
		if i == 1 && a == r-1 {
			out = rank - 1
		}
		if ax >= 0 && out != ax {
			return nil, false, fmt.Errorf("combines tensors whose sequence axes do not line up")
		}
		ax = out
	}
	return c.same(ax), false, nil
}

// stepAlongAxis: ops with an axis attribute are position-wise along the
// other axes; along the sequence only the causal ones (cumsum, shift by
// n >= 0) stream, carrying a running sum or a window.
func stepAlongAxis(c *StepCtx) ([]int, bool, error) {
	op := c.Op
	axis, _ := NormAxis(op.Attrs.Int("axis"), c.rank(0))
	ref := -2
	for _, a := range c.In {
		if ref == -2 {
			ref = a
		} else if a != ref {
			return nil, false, fmt.Errorf("joins tensors whose sequence axes differ")
		}
	}
	if axis != ref {
		ax := ref
		reduces := op.Kind == "sum" || op.Kind == "mean" || op.Kind == "max" || op.Kind == "index"
		if reduces && !op.Attrs.Bool("keepdim") && axis < ax {
			ax--
		}
		return c.same(ax), false, nil
	}
	switch op.Kind {
	case "cumsum":
		return c.same(axis), true, nil
	case "shift":
		if op.Attrs.Int("n") < 0 {
			return nil, false, fmt.Errorf("looks ahead along the sequence axis")
		}
		return c.same(axis), true, nil
	case "split":
		return nil, false, fmt.Errorf("splits the sequence axis")
	}
	return nil, false, fmt.Errorf("works along the sequence axis (axis %d) and needs the whole sequence", axis)
}

// stepConv: a causal depthwise convolution keeps its last width-1 inputs.
func stepConv(c *StepCtx) ([]int, bool, error) {
	op := c.Op
	if c.In[0] != 1 {
		return nil, false, fmt.Errorf("needs its sequence on axis 1")
	}
	for _, a := range c.In[1:] {
		if a >= 0 {
			return nil, false, fmt.Errorf("takes a per-position tensor as its kernel")
		}
	}
	span, ok := ConvSpan(op)
	if !ok || op.Attrs.Int("pad_right") != 0 || op.Attrs.Int("pad_left") != span-1 {
		return nil, false, fmt.Errorf("is not causal (pad_left=%d, pad_right=%d for a kernel spanning %d positions)", op.Attrs.Int("pad_left"), op.Attrs.Int("pad_right"), span)
	}
	return c.same(1), true, nil
}

// stepIndexed: gather and scatter_add index along their axis; the other
// axes are position-wise, as in an elementwise op (the tensor and the
// indices have one rank). Along the sequence an index may name any
// position, later ones too.
func stepIndexed(c *StepCtx) ([]int, bool, error) {
	ax := -1
	for _, a := range c.In {
		if a < 0 {
			continue
		}
		if ax >= 0 && a != ax {
			return nil, false, fmt.Errorf("combines tensors whose sequence axes do not line up")
		}
		ax = a
	}
	axis, _ := NormAxis(c.Op.Attrs.Int("axis"), c.rank(0))
	if ax == axis {
		return nil, false, fmt.Errorf("indexes along the sequence axis (an index may name any position, a later one too)")
	}
	return c.same(ax), false, nil
}

// stepTopK: the k largest along another axis than the sequence's are
// position-wise; along the sequence they need the whole of it.
func stepTopK(c *StepCtx) ([]int, bool, error) {
	axis, _ := NormAxis(c.Op.Attrs.Int("axis"), c.rank(0))
	if c.In[0] == axis {
		return nil, false, fmt.Errorf("ranks along the sequence axis and needs the whole sequence")
	}
	return c.same(c.In[0]), false, nil
}

// stepAssocScan: an associative scan over the streamed axis carries the
// prefix so far (one value per component); its combine must be
// position-wise, like a scan's step.
func stepAssocScan(c *StepCtx) ([]int, bool, error) {
	for _, a := range c.In {
		if a != 1 {
			return nil, false, fmt.Errorf("runs over elements that do not all stream along axis 1")
		}
	}
	for _, v := range captures(c.Op) {
		if c.w.axisOf(v) >= 0 {
			return nil, false, fmt.Errorf("reads a per-position value (%s) inside its combine (it needs the whole sequence)", v.Type)
		}
	}
	if err := c.w.region(c.Op); err != nil {
		return nil, false, err
	}
	return c.same(1), true, nil
}

// stepAttention: causal self-attention keeps a KV cache; attention of
// streamed queries over keys and values that do not stream (a decoder
// reading a fixed memory) is position-wise.
func stepAttention(c *StepCtx) ([]int, bool, error) {
	op := c.Op
	if c.In[0] != 1 {
		return nil, false, fmt.Errorf("attends over a streamed sequence from queries that do not stream (it needs the whole sequence)")
	}
	keysStream := false
	for _, a := range c.In[1:] {
		if a >= 0 && a != 1 {
			return nil, false, fmt.Errorf("needs its sequence on axis 1")
		}
		keysStream = keysStream || a == 1
	}
	if !keysStream {
		if op.Attrs.Bool("causal") {
			return nil, false, fmt.Errorf("is causal over keys that do not stream: the mask would depend on the query's position in the chunk")
		}
		return c.same(1), false, nil
	}
	if c.In[1] != 1 || c.In[2] != 1 {
		return nil, false, fmt.Errorf("mixes streamed and fixed keys and values")
	}
	if !op.Attrs.Bool("causal") {
		return nil, false, fmt.Errorf("is bidirectional")
	}
	if len(op.Args) == 4 {
		return nil, false, fmt.Errorf("with a key padding mask cannot be streamed")
	}
	return c.same(1), true, nil
}

// stepSeqMixer: the recurrent mixers (ssm, delta_rule, the fused selective
// scan) and rope take the sequence on axis 1 and carry a state (rope: the
// position); their extra results are final states.
func stepSeqMixer(c *StepCtx) ([]int, bool, error) {
	for _, a := range c.In {
		if a >= 0 && a != 1 {
			return nil, false, fmt.Errorf("needs its sequence on axis 1")
		}
	}
	if c.In[0] != 1 {
		return nil, false, fmt.Errorf("runs over a sequence whose input does not stream")
	}
	if c.Op.Kind == "ssm" && len(c.Op.Args) == 5 && c.In[4] >= 0 {
		return nil, false, fmt.Errorf("takes a per-position initial state")
	}
	out := c.same(Summary)
	out[0] = 1
	return out, true, nil
}

// stepScan: a recurrence over the streamed axis carries its carries; the
// body must be position-wise (region checks it).
func stepScan(c *StepCtx) ([]int, bool, error) {
	nc := c.Op.Attrs.Int("carries")
	xs := false
	for i, a := range c.In {
		if i < nc && a >= 0 {
			return nil, false, fmt.Errorf("carries a per-position tensor")
		}
		if i >= nc && a >= 0 && a != 1 {
			return nil, false, fmt.Errorf("needs its sequence on axis 1")
		}
		xs = xs || (i >= nc && a == 1)
	}
	if !xs {
		return nil, false, fmt.Errorf("reads a per-position value inside its step (it needs the whole sequence)")
	}
	for _, v := range captures(c.Op) {
		if c.w.axisOf(v) >= 0 {
			return nil, false, fmt.Errorf("reads a per-position value (%s) inside its step (it needs the whole sequence)", v.Type)
		}
	}
	if err := c.w.region(c.Op); err != nil {
		return nil, false, err
	}
	out := c.same(1)
	for i := 0; i < nc; i++ {
		out[i] = Summary
	}
	return out, true, nil
}

// followReshape finds where the sequence axis lands after a reshape: the
// output axis with the same dimension and the same number of elements
// before it.
func followReshape(op *Op, ax int) (int, error) {
	in := op.Args[0].Type.Shape
	out := op.Results[0].Type.Shape
	before := NumelOf(in[:ax])
	for i, d := range out {
		if d == in[ax] && NumelOf(out[:i]).Equal(before) {
			return i, nil
		}
	}
	return -1, fmt.Errorf("merges or splits the sequence axis (%s to %s)", in, out)
}
