package ir

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
)

// CostModel holds the measured cost, in nanoseconds, of one unit of work of
// each mixer algorithm on one backend and machine. `seqc calibrate --backend
// NAME` measures them; each backend has built-in defaults measured on the
// reference machine. The select_modes pass reads the costs of the backend
// it compiles for (passes.Options.Costs).
type CostModel struct {
	Scan          float64 `json:"scan"`           // per channel·state·position (real, time-varying operands)
	ScanLTI       float64 `json:"scan_lti"`       // per channel·state·position (real, time-invariant operands)
	ComplexFactor float64 `json:"complex_factor"` // complex operands cost this many times more (scan, chunked, quadratic)
	// ComplexConvFactor is ComplexFactor for the FFT form: a backend may run
	// complex convolutions natively but complex recurrences on the
	// interpreter. 0: ComplexFactor.
	ComplexConvFactor float64 `json:"complex_conv_factor"`
	ChunkedSSD        float64 `json:"chunked_ssd"`     // per unit of SSDWork (decay shared over the state)
	ChunkedGeneric    float64 `json:"chunked_generic"` // per channel·position·chunk·state
	Quadratic         float64 `json:"quadratic"`       // per channel·state·position²/2
	FFT               float64 `json:"fft"`             // per channel·n·log2(n), n >= 2L-1
	KernelGen         float64 `json:"kernel_gen"`      // per channel·state·position (LTI kernel, when not cached)
	ConvDirect        float64 `json:"conv_direct"`     // per channel·position·width
	AttnScore         float64 `json:"attn_score"`      // per head·query·key·dim, materialised
	AttnFlash         float64 `json:"attn_flash"`      // per head·query·key·dim, online softmax
	DeltaRecurrent    float64 `json:"delta_recurrent"` // per head·position·K·V
	DeltaChunked      float64 `json:"delta_chunked"`   // per head·position·(chunk·(K+V) + K·V)
	Backend           string  `json:"backend"`         // the backend measured ("go", "llvm", ...)
	Machine           string  `json:"machine"`         // the CPU it was measured on
	Source            string  `json:"source"`          // where the numbers come from
}

// DefaultCosts are the interpreter's costs, measured with `seqc calibrate`
// on the reference machine; passes use them when no backend's are given.
var DefaultCosts = CostModel{
	Scan: 4.9, ScanLTI: 1.2, ComplexFactor: 2.0, ChunkedSSD: 0.44, ChunkedGeneric: 1.26, Quadratic: 1.3,
	FFT: 3.8, KernelGen: 3.1, ConvDirect: 0.91, AttnScore: 0.41, AttnFlash: 0.41,
	DeltaRecurrent: 1.35, DeltaChunked: 0.78, Backend: "go", Source: "built-in defaults",
}

// LoadCosts reads a calibration file written by `seqc calibrate`; fields it
// lacks keep def's values. A file measured for another backend is an error.
func LoadCosts(path string, def CostModel) (CostModel, error) {
	c := def
	// A calibration file is a small regular file: a named pipe or a device
	// in its place is an error, not a hang or an endless read.
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return c, fmt.Errorf("%s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return c, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		return c, err
	}
	c.Backend, c.Source = "", path
	if err := json.Unmarshal(data, &c); err != nil {
		return def, fmt.Errorf("%s: %w", path, err)
	}
	if c.Backend != "" && def.Backend != "" && c.Backend != def.Backend {
		return def, fmt.Errorf("%s was measured for backend %s, not %s", path, c.Backend, def.Backend)
	}
	c.Backend = def.Backend
	if c.Source == "" {
		c.Source = path
	}
	return c, nil
}

// SSDWork is the work of the chunked SSD algorithm on c channels in groups
// of p that share decay, input and output maps (Mamba-2's head), with state
// size n, length l and chunk q: per group and chunk, C·Bᵀ and the masked
// product with X (q²·(n+p)), plus passing the p×n state (2·l·n per channel).
func SSDWork(c, p, n, l, q int) float64 {
	groups := float64(c) / float64(max(p, 1))
	return groups*float64(l)*float64(q)*float64(n+p) + 2*float64(c)*float64(l)*float64(n)
}

// Alternative is one algorithm a mixer could run and its estimated cost.
type Alternative struct {
	Mode  string  // one of Modes
	Chunk int     // chunk size for chunked forms
	NS    float64 // estimated nanoseconds per sequence
}

// Label is how a policy names the alternative: "chunked:64", "scan".
func (a Alternative) Label() string {
	if a.Chunk > 0 {
		return fmt.Sprintf("%s:%d", a.Mode, a.Chunk)
	}
	return a.Mode
}

// CostFunc estimates the alternatives of one mixer op at sequence length l;
// fixed marks the values that depend on the weights only.
type CostFunc func(op *Op, l int, fixed map[*Value]bool, c CostModel) []Alternative

func log2(x float64) float64 { return math.Log2(math.Max(x, 2)) }

// fftSize is the transform length the FFT conv uses for length l.
func fftSize(l int) float64 { return float64(2*l - 1) }

func constDim(d Dim) float64 {
	if v, ok := d.Value(); ok {
		return float64(v)
	}
	return 1
}

func prod(s Shape) float64 {
	p := 1.0
	for _, d := range s {
		p *= constDim(d)
	}
	return p
}

// Alternatives lists the algorithms op can run at sequence length l, with
// estimated costs per sequence from c, cheapest first. Ops with one
// algorithm return one entry; ops that are not mixers none.
func Alternatives(op *Op, l int, fixed map[*Value]bool, c CostModel) []Alternative {
	cost := op.Info().Cost
	if cost == nil {
		if ms := OpModes(op); len(ms) > 0 {
			return []Alternative{{Mode: ms[0]}}
		}
		return nil
	}
	alts := cost(op, l, fixed, c)
	sort.SliceStable(alts, func(i, j int) bool { return alts[i].NS < alts[j].NS })
	return alts
}

// attachCosts puts this file's knowledge into the op table (called by
// ops.go's init, after the table is built).
func attachCosts() {
	opTable["ssm"].Cost = ssmCost
	opTable["conv"].Cost = convCost
	opTable["attention"].Cost = attentionCost
	opTable["delta_rule"].Cost = deltaCost
	opTable["quasiseparable"].Cost = qsCost
	opTable["assoc_scan"].Cost = assocScanCost
}

// combineOverheadNS is what one op of a combine body costs per evaluation
// beyond its arithmetic (dispatching it over a slab of positions).
const combineOverheadNS = 400.0

// assocScanCost compares the sequential form of an associative scan (one
// evaluation of the combine per position) with the chunked one (the
// combine evaluated on whole slabs of positions: chunk positions within
// every chunk at once, then the chunks' totals, then one pass adding each
// chunk's carry-in): about twice the arithmetic in far fewer evaluations.
func assocScanCost(op *Op, l int, _ map[*Value]bool, c CostModel) []Alternative {
	L := float64(l)
	ops := 0.0
	var count func(body []*Op)
	count = func(body []*Op) {
		for _, o := range body {
			ops++
			if o.Region != nil {
				count(o.Region.Body)
			}
		}
	}
	if op.Region != nil {
		count(op.Region.Body)
	}
	ops = max(ops, 1)
	per := 0.0
	for _, a := range op.Args {
		per += prod(a.Type.Shape[2:])
	}
	elem := c.ScanLTI * ops * per // arithmetic of one combine on one position
	alts := []Alternative{{Mode: ModeScan, NS: L * (ops*combineOverheadNS + elem)}}
	for _, q := range []int{16, 64, 256} {
		if q < l {
			evals := float64(q) + math.Ceil(L/float64(q)) + 1
			alts = append(alts, Alternative{Mode: ModeChunked, Chunk: q, NS: evals*ops*combineOverheadNS + (2*L+L/float64(q))*elem})
		}
	}
	return alts
}

func ssmCost(op *Op, l int, fixed map[*Value]bool, c CostModel) []Alternative {
	L := float64(l)
	var alts []Alternative
	x := op.Args[0].Type
	ch := prod(x.Shape[2:])
	n := 1.0
	cx, lti, shared := 1.0, true, true
	for _, a := range op.Args[1:4] {
		n = max(n, constDim(a.Type.Shape[len(a.Type.Shape)-1]))
		if a.Type.DType == C64 {
			cx = c.ComplexFactor
		}
		lti = lti && a.Type.Shape[1] == Const(1)
		shared = shared && fixed[a]
	}
	if x.DType == C64 {
		cx = c.ComplexFactor
	}
	ssd := op.Args[1].Type.Shape[len(op.Args[1].Type.Shape)-1] == Const(1)
	share := 1.0 // channels that share a, b and c (a Mamba-2 head's P)
	for ax := 2; ax < len(x.Shape); ax++ {
		bcast := true
		for _, a := range op.Args[1:4] {
			bcast = bcast && a.Type.Shape[ax] == Const(1)
		}
		if bcast {
			share *= constDim(x.Shape[ax])
		}
	}
	scan := c.Scan
	if lti {
		scan = c.ScanLTI
	}
	alts = append(alts, Alternative{Mode: "scan", NS: scan * cx * ch * n * L})
	for _, q := range []int{16, 64} {
		if q > l {
			continue
		}
		w := c.ChunkedGeneric * ch * L * float64(q) * n
		if ssd {
			w = c.ChunkedSSD * SSDWork(int(ch), int(share), int(n), l, q)
		}
		alts = append(alts, Alternative{Mode: "chunked", Chunk: q, NS: cx * w})
	}
	alts = append(alts, Alternative{Mode: "quadratic", NS: c.Quadratic * cx * ch * n * L * L / 2})
	if lti {
		cf := cx
		if cx != 1 && c.ComplexConvFactor > 0 {
			cf = c.ComplexConvFactor
		}
		fft := c.FFT * cf * ch * fftSize(l) * log2(fftSize(l))
		if !shared {
			fft += c.KernelGen * cf * ch * n * L
		}
		alts = append(alts, Alternative{Mode: "conv", NS: fft})
	}
	return alts
}

func convCost(op *Op, l int, fixed map[*Value]bool, c CostModel) []Alternative {
	L := float64(l)
	var alts []Alternative
	x, w := op.Args[0].Type, op.Args[1].Type
	ch, width := constDim(x.Shape[2]), constDim(w.Shape[1])
	if !w.Shape[1].IsConst() {
		width = L
	}
	alts = append(alts,
		Alternative{Mode: ModeScan, NS: c.ConvDirect * ch * L * width},
		Alternative{Mode: ModeConv, NS: c.FFT * ch * 2 * fftSize(l) * log2(fftSize(l))})
	return alts
}

func attentionCost(op *Op, l int, fixed map[*Value]bool, c CostModel) []Alternative {
	L := float64(l)
	var alts []Alternative
	q := op.Args[0].Type
	work := constDim(q.Shape[2]) * L * L * (constDim(q.Shape[3]) + constDim(op.Args[2].Type.Shape[3]))
	if op.Attrs.Bool("causal") {
		work /= 2
	}
	alts = append(alts, Alternative{Mode: ModeQuadratic, NS: c.AttnScore * work}, Alternative{Mode: ModeChunked, NS: c.AttnFlash * work})
	return alts
}

func deltaCost(op *Op, l int, fixed map[*Value]bool, c CostModel) []Alternative {
	L := float64(l)
	var alts []Alternative
	q, v := op.Args[0].Type, op.Args[2].Type
	h, k, vv := constDim(q.Shape[2]), constDim(q.Shape[3]), constDim(v.Shape[3])
	n := float64(op.Attrs.Int("n"))
	alts = append(alts, Alternative{Mode: ModeScan, NS: c.DeltaRecurrent * h * n * L * k * vv})
	for _, ck := range []int{16, 64} {
		if ck <= l {
			alts = append(alts, Alternative{Mode: "chunked", Chunk: ck, NS: c.DeltaChunked * h * n * L * (float64(ck)*(k+vv) + k*vv)})
		}
	}
	return alts
}

func qsCost(op *Op, l int, fixed map[*Value]bool, c CostModel) []Alternative {
	L := float64(l)
	var alts []Alternative
	x := op.Args[0].Type
	ch := prod(x.Shape[2:])
	n := 1.0
	for _, a := range op.Args[1:7] {
		n = max(n, constDim(a.Type.Shape[len(a.Type.Shape)-1]))
	}
	alts = append(alts,
		Alternative{Mode: "scan", NS: 2 * c.Scan * ch * n * L}, // one pass each way
		Alternative{Mode: "quadratic", NS: c.Quadratic * ch * n * L * L})
	return alts
}
