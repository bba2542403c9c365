package driver

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/seqc-dev/seqc/ir"
)

// Crossover is a sequence length from which auto (the select_modes
// policy) runs a mixer with another algorithm.
type Crossover struct {
	Op, Scope, Pos string // the mixer: its kind, block instance and .seq position
	L              int    // the first length of the new algorithm
	From, To       string // algorithm labels, as policies write them ("scan", "chunked:64")
}

// Crossovers lists where auto switches algorithms in function fn of m,
// from the policies select_modes wrote, in order of length.
func Crossovers(m *ir.Module, fn string) []Crossover {
	f := m.Func(fn)
	if f == nil {
		return nil
	}
	var out []Crossover
	var walk func(body []*ir.Op)
	walk = func(body []*ir.Op) {
		for _, op := range body {
			if op.Region != nil {
				walk(op.Region.Body)
			}
			policy := op.Attrs.String("policy")
			if policy == "" || (op.Attrs.String("mode") != "" && op.Attrs.String("mode") != "auto") {
				continue
			}
			prev := ""
			for _, part := range strings.Split(policy, ",") {
				choice, from, _ := strings.Cut(part, "@")
				l, err := strconv.Atoi(from)
				if err != nil {
					break
				}
				if prev != "" && choice != prev {
					out = append(out, Crossover{Op: op.Kind, Scope: op.Scope, Pos: fmt.Sprint(op.Pos), L: l, From: prev, To: choice})
				}
				prev = choice
			}
		}
	}
	walk(f.Body)
	sort.SliceStable(out, func(i, j int) bool { return out[i].L < out[j].L })
	return out
}

// AutoModes says which algorithm auto runs for each kind of mixer in
// function fn of m at sequence length l: "conv scan, ssm chunked" (a kind
// whose mixers differ is named once per algorithm); "" when it has none.
func AutoModes(m *ir.Module, fn string, l int) string {
	f := m.Func(fn)
	if f == nil {
		return ""
	}
	seen := map[string]bool{}
	var modes []string
	var walk func(body []*ir.Op)
	walk = func(body []*ir.Op) {
		for _, op := range body {
			if op.Region != nil {
				walk(op.Region.Body)
			}
			md := ir.ModeAt(op, "", l)
			if md == "" {
				continue
			}
			if _, chunk := ir.Policy(op.Attrs.String("policy"), l); md == ir.ModeChunked && chunk > 0 {
				md = fmt.Sprintf("%s:%d", md, chunk)
			}
			if s := op.Kind + " " + md; !seen[s] {
				seen[s] = true
				modes = append(modes, s)
			}
		}
	}
	walk(f.Body)
	return strings.Join(modes, ", ")
}

// PlotFormats are the picture formats of PlotBench, by file extension.
var PlotFormats = []string{"svg", "png", "pdf"}

// PlotBench draws what Bench measured: time against sequence length on
// log-log axes, one line per forced algorithm and a heavier dashed one for
// auto, and a vertical line at each length where auto switches algorithms
// (the crossovers, from Crossovers), labelled with the switch. format is
// one of PlotFormats.
func PlotBench(title string, modes []string, rows []BenchRow, cross []Crossover, format string) ([]byte, error) {
	if !slices.Contains(PlotFormats, format) {
		return nil, fmt.Errorf("cannot draw a plot as %q: want a file ending in .%s", format, strings.Join(PlotFormats, ", ."))
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("nothing to plot: no lengths were timed")
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "sequence length L"
	p.Y.Label.Text = "ms per forward"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	// The legend goes bottom right, where times that grow with L leave room.
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(4), vg.Points(4)

	// Axes: every measured length is a tick; times are clamped to 1 µs so
	// that the log axis has no zero.
	const floor = 0.001
	lmin, lmax := math.Inf(1), math.Inf(-1)
	ymin, ymax := math.Inf(1), math.Inf(-1)
	var ticks []plot.Tick
	for _, r := range rows {
		l := float64(r.L)
		lmin, lmax = math.Min(lmin, l), math.Max(lmax, l)
		ticks = append(ticks, plot.Tick{Value: l, Label: strconv.Itoa(r.L)})
		for _, ms := range r.MS {
			ymin, ymax = math.Min(ymin, math.Max(ms, floor)), math.Max(ymax, math.Max(ms, floor))
		}
	}
	if math.IsInf(ymin, 0) {
		ymin, ymax = floor, 1
	}
	p.X.Min, p.X.Max = lmin/1.5, lmax*1.5
	p.Y.Min, p.Y.Max = ymin/2, ymax*4 // room above for the crossover labels
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	// LogTicks runs to the powers of ten around the range, and the plot
	// makes room for labels outside it: keep the ones inside.
	var yticks []plot.Tick
	for _, t := range (plot.LogTicks{Prec: -1}).Ticks(p.Y.Min, p.Y.Max) {
		if t.Value >= p.Y.Min && t.Value <= p.Y.Max {
			yticks = append(yticks, t)
		}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(yticks)
	p.Add(plotter.NewGrid())

	// One line per algorithm, auto last and on top.
	ordered := make([]string, 0, len(modes))
	for _, md := range modes {
		if md != "auto" {
			ordered = append(ordered, md)
		}
	}
	if slices.Contains(modes, "auto") {
		ordered = append(ordered, "auto")
	}
	for i, md := range ordered {
		var xys plotter.XYs
		for _, r := range rows {
			if ms, ok := r.MS[md]; ok {
				xys = append(xys, plotter.XY{X: float64(r.L), Y: math.Max(ms, floor)})
			}
		}
		if len(xys) == 0 {
			continue
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, err
		}
		c := plotutil.Color(i)
		line.Color, points.Color = c, c
		points.Shape = plotutil.Shape(i)
		if md == "auto" {
			line.Color, points.Color = color.Black, color.Black
			line.Width = vg.Points(2)
			line.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
			points.Shape = draw.CircleGlyph{}
		}
		p.Add(line, points)
		p.Legend.Add(md, line, points)
	}

	// Crossovers: one vertical line per distinct switch in the plotted
	// range; every switch is named in the subtitle.
	type key struct {
		l            int
		op, from, to string
	}
	seen := map[key]bool{}
	var notes []string
	var labels crossLabels
	for _, c := range cross {
		k := key{c.L, c.Op, c.From, c.To}
		if seen[k] {
			continue
		}
		seen[k] = true
		notes = append(notes, fmt.Sprintf("%s %s → %s at L = %d", c.Op, c.From, c.To, c.L))
		x := float64(c.L)
		if x < p.X.Min || x > p.X.Max {
			continue
		}
		v, err := plotter.NewLine(plotter.XYs{{X: x, Y: p.Y.Min}, {X: x, Y: p.Y.Max}})
		if err != nil {
			return nil, err
		}
		v.Color = color.Gray{Y: 110}
		v.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
		p.Add(v)
		labels.xs = append(labels.xs, x)
		labels.texts = append(labels.texts, fmt.Sprintf("auto: %s %s → %s", c.Op, c.From, c.To))
	}
	if len(labels.xs) > 0 {
		p.Add(labels)
	}
	switch {
	case len(notes) > 0:
		p.Title.Text += "\nauto switches " + strings.Join(notes, "; ")
	case len(rows) > 0 && rows[0].Auto != "":
		p.Title.Text += "\nauto runs " + rows[0].Auto + " at every length"
	}
	wt, err := p.WriterTo(16*vg.Centimeter, 11*vg.Centimeter, format)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := wt.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// crossLabels names the crossover lines at the top of the data area, one
// row per line, beside the line on the side with room. (plotter.Labels would
// make the plot pad its canvas for them.)
type crossLabels struct {
	xs    []float64
	texts []string
}

// Plot implements plot.Plotter.
func (l crossLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	sty := text.Style{Color: color.Gray{Y: 60}, Font: font.From(plot.DefaultFont, 9), Handler: plot.DefaultTextHandler, YAlign: draw.YTop}
	for i, x := range l.xs {
		pt := vg.Point{X: trX(x) + vg.Points(3), Y: c.Max.Y - vg.Points(3) - vg.Length(i)*sty.Height(l.texts[i])}
		sty.XAlign = draw.XLeft
		if p.X.Norm(x) > 0.6 {
			sty.XAlign = draw.XRight
			pt.X -= vg.Points(6)
		}
		c.FillText(sty, pt, l.texts[i])
	}
}
