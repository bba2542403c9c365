package passes

import (
	"fmt"
	"sort"
	"strings"

	"github.com/seqc-dev/seqc/ir"
)

// Costs is the cost model select_modes uses; the driver replaces it with a
// calibration file's numbers when one is configured.
var Costs = DefaultCosts

// policyLengths are the sequence lengths at which the pass compares the
// algorithms; between two of them the choice of the lower one holds.
var policyLengths = func() []int {
	var ls []int
	for l := 1; l <= 1<<20; l *= 2 {
		ls = append(ls, l)
	}
	return ls
}()

// SelectModes chooses, for every sequence mixer without an @mode hint, the
// algorithm by sequence length from the cost model. Because L is symbolic
// the choice is a policy: the attribute "policy" lists the algorithm to use
// from each length on ("scan@1,conv@256": scan below 256, conv from 256),
// and the runtime applies it to the actual length.
func SelectModes(m *ir.Module) error {
	fixed := weightOnly(m)
	for _, f := range m.Funcs {
		forEachBody(f, func(body *[]*ir.Op) {
			for _, op := range *body {
				if op.Attrs.String("mode") != "" && op.Attrs.String("mode") != "auto" {
					continue
				}
				if alts := Alternatives(op, 1024, fixed); len(alts) > 1 {
					op.Attrs["policy"] = policyFor(op, fixed)
				}
			}
		})
	}
	return nil
}

func policyFor(op *ir.Op, fixed map[*ir.Value]bool) string {
	var parts []string
	last := ""
	for _, l := range policyLengths {
		best := Alternatives(op, l, fixed)[0].label()
		if best != last {
			parts = append(parts, fmt.Sprintf("%s@%d", best, l))
			last = best
		}
	}
	return strings.Join(parts, ",")
}

// weightOnly marks the values that depend on parameters and constants only.
func weightOnly(m *ir.Module) map[*ir.Value]bool {
	fixed := map[*ir.Value]bool{}
	for _, f := range m.Funcs {
		forEachBody(f, func(body *[]*ir.Op) {
			for _, op := range *body {
				all := op.Region == nil
				for _, a := range op.Args {
					all = all && fixed[a]
				}
				for _, r := range op.Results {
					fixed[r] = all
				}
			}
		})
	}
	return fixed
}

func constDim(d ir.Dim) float64 {
	if v, ok := d.Value(); ok {
		return float64(v)
	}
	return 1
}

func prod(s ir.Shape) float64 {
	p := 1.0
	for _, d := range s {
		p *= constDim(d)
	}
	return p
}

// Alternatives lists the algorithms op can run at sequence length l, with
// estimated costs per sequence, cheapest first. Ops with one algorithm
// return one entry; ops that are not mixers none.
func Alternatives(op *ir.Op, l int, fixed map[*ir.Value]bool) []Alternative {
	c := Costs
	L := float64(l)
	var alts []Alternative
	switch op.Kind {
	case "ssm":
		x := op.Args[0].Type
		ch := prod(x.Shape[2:])
		n := 1.0
		cx, lti, shared := 1.0, true, true
		for _, a := range op.Args[1:4] {
			n = max(n, constDim(a.Type.Shape[len(a.Type.Shape)-1]))
			if a.Type.DType == ir.C64 {
				cx = c.ComplexFactor
			}
			lti = lti && a.Type.Shape[1] == ir.Const(1)
			shared = shared && fixed[a]
		}
		if x.DType == ir.C64 {
			cx = c.ComplexFactor
		}
		ssd := op.Args[1].Type.Shape[len(op.Args[1].Type.Shape)-1] == ir.Const(1)
		share := 1.0 // channels that share a, b and c (a Mamba-2 head's P)
		for ax := 2; ax < len(x.Shape); ax++ {
			bcast := true
			for _, a := range op.Args[1:4] {
				bcast = bcast && a.Type.Shape[ax] == ir.Const(1)
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
			fft := c.FFT * cx * ch * fftSize(l) * log2(fftSize(l))
			if !shared {
				fft += c.KernelGen * cx * ch * n * L
			}
			alts = append(alts, Alternative{Mode: "conv", NS: fft})
		}
	case "conv":
		x, w := op.Args[0].Type, op.Args[1].Type
		ch, width := constDim(x.Shape[2]), constDim(w.Shape[1])
		if !w.Shape[1].IsConst() {
			width = L
		}
		alts = append(alts,
			Alternative{Mode: ir.ModeScan, NS: c.ConvDirect * ch * L * width},
			Alternative{Mode: ir.ModeConv, NS: c.FFT * ch * 2 * fftSize(l) * log2(fftSize(l))})
	case "attention":
		q := op.Args[0].Type
		work := constDim(q.Shape[2]) * L * L * (constDim(q.Shape[3]) + constDim(op.Args[2].Type.Shape[3]))
		if op.Attrs.Bool("causal") {
			work /= 2
		}
		alts = append(alts, Alternative{Mode: ir.ModeQuadratic, NS: c.AttnScore * work}, Alternative{Mode: ir.ModeChunked, NS: c.AttnFlash * work})
	case "delta_rule":
		q, v := op.Args[0].Type, op.Args[2].Type
		h, k, vv := constDim(q.Shape[2]), constDim(q.Shape[3]), constDim(v.Shape[3])
		n := float64(op.Attrs.Int("n"))
		alts = append(alts, Alternative{Mode: ir.ModeScan, NS: c.DeltaRecurrent * h * n * L * k * vv})
		for _, ck := range []int{16, 64} {
			if ck <= l {
				alts = append(alts, Alternative{Mode: "chunked", Chunk: ck, NS: c.DeltaChunked * h * n * L * (float64(ck)*(k+vv) + k*vv)})
			}
		}
	case "quasiseparable":
		x := op.Args[0].Type
		ch := prod(x.Shape[2:])
		n := 1.0
		for _, a := range op.Args[1:7] {
			n = max(n, constDim(a.Type.Shape[len(a.Type.Shape)-1]))
		}
		alts = append(alts,
			Alternative{Mode: "scan", NS: 2 * c.Scan * ch * n * L}, // one pass each way
			Alternative{Mode: "quadratic", NS: c.Quadratic * ch * n * L * L})
	case "selective_scan", "scan":
		return []Alternative{{Mode: "scan"}}
	default:
		return nil
	}
	sort.SliceStable(alts, func(i, j int) bool { return alts[i].NS < alts[j].NS })
	return alts
}
