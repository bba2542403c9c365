package driver

import (
	"fmt"
	"strings"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/passes"
)

// ExplainOptions say what Explain describes.
type ExplainOptions struct {
	Batch, Length int
	Timings       []passes.Timing
	Costs         ir.CostModel    // the cost model the module was compiled with
	Backend       backend.Backend // where it would run (nil: the interpreter)
}

// Explain tells, for each sequence mixer of m after the passes, what will
// run and why (the algorithm at the length and the estimated cost of every
// alternative), where each op runs on the backend (the mixed plan), the step
// form's state per sequence, and the peak activation memory of a
// whole-sequence run at the batch and length.
func Explain(m *ir.Module, o ExplainOptions) string {
	var sb strings.Builder
	b, l := o.Batch, o.Length
	machine := ""
	if o.Costs.Machine != "" {
		machine = ", measured on " + o.Costs.Machine
	}
	fmt.Fprintf(&sb, "model %s at batch %d, length %d (cost model of backend %s: %s%s)\n", m.Name, b, l, o.Costs.Backend, o.Costs.Source, machine)
	if o.Backend != nil {
		fmt.Fprintf(&sb, "backend %s: %s\n", o.Backend.Name(), backend.Summary(backend.Place(o.Backend, m, l)))
	}
	for _, f := range m.Funcs {
		env := map[string]int{}
		for _, v := range f.Inputs {
			for ax, d := range v.Type.Shape {
				if !d.IsConst() && d.Mul == 1 && d.Div == 1 && d.Add == 0 {
					if _, ok := env[d.Sym]; !ok {
						env[d.Sym] = map[bool]int{true: b, false: l}[ax == 0]
					}
				}
			}
		}
		fmt.Fprintf(&sb, "\nfunc %s\n", f.Name)
		fixed := map[*ir.Value]bool{}
		for op := range ir.FixedOps(f) {
			for _, r := range op.Results {
				fixed[r] = true
			}
		}
		var walk func(ops []*ir.Op)
		walk = func(ops []*ir.Op) {
			for _, op := range ops {
				if op.Region != nil {
					walk(op.Region.Body)
				}
				if !op.Info().Has(ir.SeqMixer) || op.Kind == "rope" || op.Kind == "shift" || op.Kind == "cumsum" {
					continue
				}
				explainMixer(&sb, op, l, fixed, o.Costs)
			}
		}
		walk(f.Body)
		if plan, err := ir.StepPlan(f); err != nil {
			fmt.Fprintf(&sb, "  step form: none (%v)\n", err)
		} else {
			fixedBytes, grow := 0, 0
			for _, op := range plan.Stateful {
				_, n := ir.StateOf(op, plan)
				if strings.Contains(op.Attrs.String("state"), "grows") {
					grow += n
				} else {
					fixedBytes += n
				}
			}
			fmt.Fprintf(&sb, "  step form: %d stateful ops, %s per sequence", len(plan.Stateful), human(int64(fixedBytes)))
			if grow > 0 {
				fmt.Fprintf(&sb, " + %s per position (KV caches: %s at length %d)", human(int64(grow)), human(int64(grow*l)), l)
			}
			sb.WriteString("\n")
		}
		if mp, err := ir.PlanMemory(f, env); err == nil {
			total := int64(0)
			for _, n := range mp.Bytes {
				total += n
			}
			fmt.Fprintf(&sb, "  activation memory: peak %s with buffer reuse (%s if nothing were reused)\n", human(mp.Peak), human(total))
		}
	}
	if len(o.Timings) > 0 {
		sb.WriteString("\npasses:")
		for _, t := range o.Timings {
			fmt.Fprintf(&sb, " %s %v", t.Pass, t.Took.Round(1000))
		}
		sb.WriteString("\n")
	}
	return sb.String()
}

func explainMixer(sb *strings.Builder, op *ir.Op, l int, fixed map[*ir.Value]bool, costs ir.CostModel) {
	scope := op.Scope
	if scope == "" {
		scope = "(model)"
	}
	fmt.Fprintf(sb, "  %s %s at %s: %s\n", scope, op.Kind, op.Pos, shapes(op))
	alts := ir.Alternatives(op, l, fixed, costs)
	switch {
	case op.Kind == "selective_scan":
		sb.WriteString("    runs the fused selective scan: decay exp(dt·A), input dt·B·u")
		if op.Attrs.Bool("skip") {
			sb.WriteString(", D skip")
		}
		if op.Attrs.Bool("gate") {
			sb.WriteString(", silu(z) gate")
		}
		sb.WriteString(" in one pass; no [B, L, D, N] tensor\n")
	case op.Attrs.String("mode") != "" && op.Attrs.String("mode") != "auto":
		fmt.Fprintf(sb, "    runs %s: pinned by @mode\n", op.Attrs.String("mode"))
	case op.Attrs.String("policy") != "":
		mode, chunk := ir.Policy(op.Attrs.String("policy"), l)
		if chunk > 0 {
			mode = fmt.Sprintf("%s (chunk %d)", mode, chunk)
		}
		fmt.Fprintf(sb, "    runs %s at length %d: cheapest by the cost model (policy %s)\n", mode, l, op.Attrs.String("policy"))
	case len(alts) == 1:
		fmt.Fprintf(sb, "    runs %s: its only algorithm\n", alts[0].Mode)
	}
	if len(alts) > 1 {
		sb.WriteString("    estimated per sequence:")
		for _, a := range alts {
			name := a.Mode
			if a.Chunk > 0 {
				name = fmt.Sprintf("%s:%d", a.Mode, a.Chunk)
			}
			fmt.Fprintf(sb, " %s %s;", name, ns(a.NS))
		}
		sb.WriteString("\n")
	}
	if s := op.Attrs.String("state"); s != "" {
		fmt.Fprintf(sb, "    step state: %s, %s per sequence", s, human(int64(op.Attrs.Int("state_bytes"))))
		if strings.Contains(s, "grows") {
			sb.WriteString(" per position")
		}
		sb.WriteString("\n")
	}
}

func shapes(op *ir.Op) string {
	parts := make([]string, len(op.Args))
	for i, a := range op.Args {
		parts[i] = a.Type.Shape.String()
	}
	return strings.Join(parts, " ")
}

func ns(v float64) string {
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%.2f s", v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%.2f ms", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.1f µs", v/1e3)
	}
	return fmt.Sprintf("%.0f ns", v)
}

func human(b int64) string {
	units := []string{"B", "KiB", "MiB", "GiB"}
	f := float64(b)
	i := 0
	for f >= 1024 && i < len(units)-1 {
		f /= 1024
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%d B", b)
	}
	return fmt.Sprintf("%.1f %s", f, units[i])
}
