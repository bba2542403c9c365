package ir

// The op table. Each mixer-level op has an interpreter implementation, a
// printer/parser entry (generic, driven by this table) and a verifier rule
// (its Infer function); optable_test.go walks the table to keep it that way.

func unary(name, doc string) *OpInfo {
	return &OpInfo{Name: name, Flags: Elementwise, MinArgs: 1, MaxArgs: 1, Infer: inferUnaryFloat, Doc: doc}
}

func binary(name, doc string, extra Flags) *OpInfo {
	return &OpInfo{Name: name, Flags: Elementwise | extra, MinArgs: 2, MaxArgs: 2, Infer: inferBinary, Doc: doc}
}

var axisAttr = AttrSpec{Name: "axis", Kind: AttrInt, Required: true}
var modeAttr = AttrSpec{Name: "mode", Kind: AttrString}

// policyAttr is the length-dependent choice of select_modes.
var policyAttr = AttrSpec{Name: "policy", Kind: AttrString}

// actAttr names an activation applied to an op's output (fuse_epilogue).
var actAttr = AttrSpec{Name: "act", Kind: AttrString}

// stateAttrs describe the step form's state of an op (the step_layout pass).
var stateAttrs = []AttrSpec{{Name: "state", Kind: AttrString}, {Name: "state_bytes", Kind: AttrInt}}

func withState(specs ...AttrSpec) []AttrSpec { return append(specs, stateAttrs...) }

var chunkAttr = AttrSpec{Name: "chunk", Kind: AttrInt}

// Unary elementwise ops, by name, as the DSL and the interpreter know them.
var UnaryOps = []string{"neg", "exp", "log", "sqrt", "rsqrt", "tanh", "sigmoid", "silu", "gelu", "gelu_tanh",
	"softplus", "relu", "abs", "sin", "cos", "square", "logsigmoid", "recip", "conj"}

func init() {
	for _, n := range UnaryOps {
		register(unary(n, "elementwise "+n))
	}
	register(
		binary("add", "x + y with broadcasting", Commutative),
		binary("sub", "x - y with broadcasting", 0),
		binary("mul", "x * y with broadcasting", Commutative),
		binary("div", "x / y with broadcasting", 0),
		binary("pow", "x ** y with broadcasting", 0),
		binary("maximum", "elementwise maximum", Commutative),
		binary("minimum", "elementwise minimum", Commutative),
		&OpInfo{Name: "complex", Flags: Elementwise, MinArgs: 2, MaxArgs: 2, Infer: inferComplex, Doc: "re + i*im"},
		&OpInfo{Name: "real", Flags: Elementwise, MinArgs: 1, MaxArgs: 1, Infer: inferRealPart, Doc: "real part"},
		&OpInfo{Name: "imag", Flags: Elementwise, MinArgs: 1, MaxArgs: 1, Infer: inferRealPart, Doc: "imaginary part"},
		&OpInfo{Name: "cast", Flags: Elementwise, MinArgs: 1, MaxArgs: 1, Infer: inferCast,
			Attrs: []AttrSpec{{Name: "dtype", Kind: AttrString, Required: true}}, Doc: "element type conversion"},

		&OpInfo{Name: "param", Flags: Source, Infer: inferParam,
			Attrs: []AttrSpec{{Name: "name", Kind: AttrString, Required: true}}, Doc: "a learned tensor, by checkpoint name"},
		&OpInfo{Name: "const", Flags: Source, Infer: inferConst,
			Attrs: []AttrSpec{{Name: "value", Kind: AttrFloat, Required: true}, {Name: "dtype", Kind: AttrString}}, Doc: "a scalar constant"},

		&OpInfo{Name: "sum", MinArgs: 1, MaxArgs: 1, Infer: inferReduce, Attrs: []AttrSpec{axisAttr, {Name: "keepdim", Kind: AttrBool}}, Doc: "sum over an axis"},
		&OpInfo{Name: "mean", MinArgs: 1, MaxArgs: 1, Infer: inferReduce, Attrs: []AttrSpec{axisAttr, {Name: "keepdim", Kind: AttrBool}}, Doc: "mean over an axis"},
		&OpInfo{Name: "max", MinArgs: 1, MaxArgs: 1, Infer: inferReduce, Attrs: []AttrSpec{axisAttr, {Name: "keepdim", Kind: AttrBool}}, Doc: "maximum over an axis"},
		&OpInfo{Name: "softmax", MinArgs: 1, MaxArgs: 1, Infer: inferSameAxis, Attrs: []AttrSpec{axisAttr}, Doc: "softmax over an axis"},
		&OpInfo{Name: "cumsum", MinArgs: 1, MaxArgs: 1, Infer: inferSameAxis, Attrs: withState(axisAttr), Doc: "inclusive prefix sum over an axis"},
		&OpInfo{Name: "flip", MinArgs: 1, MaxArgs: 1, Infer: inferSameAxis, Attrs: []AttrSpec{axisAttr}, Doc: "reverse an axis"},
		&OpInfo{Name: "shift", MinArgs: 1, MaxArgs: 1, Infer: inferSameAxis,
			Attrs: withState(axisAttr, AttrSpec{Name: "n", Kind: AttrInt, Required: true}), Doc: "y[t] = x[t-n], zero filled"},

		&OpInfo{Name: "rms_norm", MinArgs: 1, MaxArgs: 2, Infer: inferNorm,
			Attrs: []AttrSpec{{Name: "eps", Kind: AttrFloat, Required: true}}, Doc: "x / sqrt(mean(x^2) + eps) * weight over the last axis"},
		&OpInfo{Name: "layer_norm", MinArgs: 1, MaxArgs: 3, Infer: inferNorm,
			Attrs: []AttrSpec{{Name: "eps", Kind: AttrFloat, Required: true}}, Doc: "(x - mean) / sqrt(var + eps) * weight + bias over the last axis"},
		&OpInfo{Name: "l2_norm", MinArgs: 1, MaxArgs: 1, Infer: inferNorm,
			Attrs: []AttrSpec{{Name: "eps", Kind: AttrFloat, Required: true}}, Doc: "x / sqrt(sum(x^2) + eps) over the last axis"},

		&OpInfo{Name: "linear", MinArgs: 2, MaxArgs: 3, Infer: inferLinear, Attrs: []AttrSpec{actAttr}, Doc: "x @ weight^T + bias, then the optional activation act"},
		&OpInfo{Name: "matmul", MinArgs: 2, MaxArgs: 2, Infer: inferMatMul, Doc: "batched matrix product"},
		&OpInfo{Name: "take", MinArgs: 2, MaxArgs: 2, Infer: inferTake, Doc: "rows of a table by index (embedding)"},

		&OpInfo{Name: "reshape", MinArgs: 1, MaxArgs: 1, Infer: inferReshape,
			Attrs: []AttrSpec{{Name: "shape", Kind: AttrShape, Required: true}}, Doc: "same elements, new shape"},
		&OpInfo{Name: "transpose", MinArgs: 1, MaxArgs: 1, Infer: inferTranspose,
			Attrs: []AttrSpec{{Name: "perm", Kind: AttrInts, Required: true}}, Doc: "permute axes"},
		&OpInfo{Name: "broadcast_to", MinArgs: 1, MaxArgs: 1, Infer: inferBroadcastTo,
			Attrs: []AttrSpec{{Name: "shape", Kind: AttrShape, Required: true}}, Doc: "materialise a broadcast"},
		&OpInfo{Name: "split", MinArgs: 1, MaxArgs: 1, Infer: inferSplit,
			Attrs: []AttrSpec{axisAttr, {Name: "sizes", Kind: AttrInts, Required: true}}, Doc: "split an axis into parts"},
		&OpInfo{Name: "concat", MinArgs: 1, MaxArgs: -1, Infer: inferConcat, Attrs: []AttrSpec{axisAttr}, Doc: "join along an axis"},
		&OpInfo{Name: "slice", MinArgs: 1, MaxArgs: 1, Infer: inferSlice,
			Attrs: withState(axisAttr, AttrSpec{Name: "start", Kind: AttrDim, Required: true}, AttrSpec{Name: "stop", Kind: AttrDim, Required: true}), Doc: "x[start:stop] along an axis"},
		&OpInfo{Name: "index", MinArgs: 1, MaxArgs: 1, Infer: inferIndex,
			Attrs: []AttrSpec{axisAttr, {Name: "index", Kind: AttrDim, Required: true}}, Doc: "x[i] along an axis (removes it)"},

		&OpInfo{Name: "ssm", Flags: SeqMixer, MinArgs: 4, MaxArgs: 5, Infer: inferSSM,
			Attrs: withState(modeAttr, chunkAttr, policyAttr, AttrSpec{Name: "final_state", Kind: AttrBool}),
			Doc:   "semiseparable mixer: h_t = a_t h_{t-1} + b_t x_t, y_t = sum_n c_t h_t"},
		&OpInfo{Name: "conv", Flags: SeqMixer, MinArgs: 2, MaxArgs: 3, Infer: inferConv,
			Attrs: withState(AttrSpec{Name: "pad_left", Kind: AttrInt}, AttrSpec{Name: "pad_right", Kind: AttrInt}, AttrSpec{Name: "dilation", Kind: AttrInt}, modeAttr, policyAttr, actAttr),
			Doc:   "Toeplitz mixer: depthwise convolution along the sequence (taps dilation apart)"},
		&OpInfo{Name: "quasiseparable", Flags: SeqMixer, MinArgs: 8, MaxArgs: 8, Infer: inferQuasiseparable,
			Attrs: []AttrSpec{modeAttr, policyAttr}, Doc: "quasiseparable mixer: shift(ssm_f(x)) + flip(shift(ssm_b(flip(x)))) + d*x"},
		&OpInfo{Name: "attention", Flags: SeqMixer, MinArgs: 3, MaxArgs: 4, Infer: inferAttention,
			Attrs: withState(AttrSpec{Name: "causal", Kind: AttrBool}, AttrSpec{Name: "scale", Kind: AttrFloat, Required: true}, modeAttr, policyAttr, AttrSpec{Name: "tile", Kind: AttrInt}),
			Doc:   "dense softmax mixer with grouped-query heads"},
		&OpInfo{Name: "rope", Flags: SeqMixer, MinArgs: 1, MaxArgs: 1, Infer: inferRoPE,
			Attrs: withState(AttrSpec{Name: "theta", Kind: AttrFloat, Required: true}, AttrSpec{Name: "interleaved", Kind: AttrBool}),
			Doc:   "rotary position embedding at absolute positions"},
		&OpInfo{Name: "delta_rule", Flags: SeqMixer, MinArgs: 4, MaxArgs: 6, Infer: inferDeltaRule,
			Attrs: withState(AttrSpec{Name: "scale", Kind: AttrFloat, Required: true}, AttrSpec{Name: "n", Kind: AttrInt, Required: true},
				AttrSpec{Name: "gated", Kind: AttrBool}, AttrSpec{Name: "final_state", Kind: AttrBool}, modeAttr, chunkAttr, policyAttr),
			Doc: "delta-rule mixer with n Householder steps per token"},
		&OpInfo{Name: "selective_scan", Level: KernelLevel, Flags: SeqMixer, MinArgs: 5, MaxArgs: 7, Infer: inferSelectiveScan,
			Attrs: withState(AttrSpec{Name: "skip", Kind: AttrBool}, AttrSpec{Name: "gate", Kind: AttrBool}),
			Doc:   "fused Mamba scan: exp(delta*A) decay, delta*B*u input, C readout, D skip and silu(z) gate, no [B, L, D, N] tensor"},
		&OpInfo{Name: "scan", Flags: SeqMixer | HasBody, MinArgs: 1, MaxArgs: -1, Infer: inferScan,
			Attrs: withState(AttrSpec{Name: "carries", Kind: AttrInt, Required: true}), Doc: "nonlinear recurrence over the sequence"},
	)
	registerLangOps()
	registerVisionOps()
	// What the rest of the compiler asks of an op lives beside its entry:
	// how it streams, what state it carries, which algorithms it has.
	attachStepRules()
	attachStateLayouts()
	attachModes()
	attachCosts()
}

func inferParam(op *Op, m *Module) ([]Type, error) {
	name := op.Attrs.String("name")
	if m == nil {
		return nil, errorf("param %q outside a module", name)
	}
	p := m.Param(name)
	if p == nil {
		return nil, errorf("unknown parameter %q", name)
	}
	return one(p.Type)
}

func inferConst(op *Op, _ *Module) ([]Type, error) {
	dt := F32
	if s := op.Attrs.String("dtype"); s != "" {
		var ok bool
		if dt, ok = ParseDType(s); !ok || dt == C64 {
			return nil, errorf("const of unsupported element type %q", s)
		}
	}
	return one(Type{DType: dt, Shape: Shape{}})
}
