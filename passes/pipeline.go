// Package passes holds the optimisation and lowering passes over the IR,
// one pass per file, and the ordered pass table that runs them.
package passes

import (
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/seqc-dev/seqc/ir"
)

// Pass is one transformation of a module.
type Pass struct {
	Name     string
	Fn       func(m *ir.Module, o Options) error
	Required bool // cannot be turned off
	Doc      string
}

// plain adapts a pass that needs no options.
func plain(fn func(m *ir.Module) error) func(*ir.Module, Options) error {
	return func(m *ir.Module, _ Options) error { return fn(m) }
}

// Constraint orders two passes: Before must run before After, because Why.
type Constraint struct {
	Before, After, Why string
}

// Pipeline is the ordered pass table. Exactly this order runs.
var Pipeline = []Pass{
	{Name: "fold", Fn: plain(Fold), Doc: "canonicalise and fold constants"},
	{Name: "cse", Fn: plain(CSE), Doc: "merge identical pure ops"},
	{Name: "dce", Fn: plain(DCE), Doc: "drop ops whose results are unused"},
	{Name: "recognize_qs", Fn: plain(RecognizeQuasiseparable), Doc: "Hydra's two shifted scans and diagonal into one bidirectional quasiseparable mixer"},
	{Name: "fuse_selective", Fn: plain(FuseSelective), Doc: "Mamba's decay, input, skip and gate into one selective_scan kernel"},
	{Name: "fuse_conv_conv", Fn: plain(FuseConvConv), Doc: "two causal depthwise convs into one with the composed kernel"},
	{Name: "fold_norm_weight", Fn: plain(FoldNormWeight), Doc: "RMSNorm weights into the linear maps that consume the norm"},
	{Name: "fuse_epilogue", Fn: plain(FuseEpilogue), Doc: "activations into the linear or conv that feeds them"},
	{Name: "select_modes", Fn: SelectModes, Doc: "choose each mixer's algorithm by sequence length from the cost model"},
	{Name: "step_layout", Fn: plain(StepLayout), Required: true, Doc: "derive the step form's recurrent state per mixer"},
}

// Constraints are checked against Pipeline at start-up.
var Constraints = []Constraint{
	{Before: "fold", After: "cse", Why: "folding makes more ops identical"},
	{Before: "cse", After: "dce", Why: "merging leaves dead duplicates"},
	{Before: "cse", After: "fuse_selective", Why: "the pattern needs the two reshapes of delta merged"},
	{Before: "cse", After: "recognize_qs", Why: "both directions must read the same x"},
	{Before: "recognize_qs", After: "select_modes", Why: "the quasiseparable mixer has its own algorithms"},
	{Before: "fuse_selective", After: "select_modes", Why: "modes are chosen for the mixers that remain after fusion"},
	{Before: "cse", After: "fold_norm_weight", Why: "all uses of one norm must be visible as one value"},
	{Before: "fuse_conv_conv", After: "fuse_epilogue", Why: "an activation on the inner conv makes composing illegal; fuse first, then fold activations"},
	{Before: "fuse_selective", After: "fuse_epilogue", Why: "the selective scan takes silu(z) as its gate; the gate must not be folded into z's producer first"},
	{Before: "fuse_selective", After: "step_layout", Why: "the state belongs to the fused kernels that run"},
}

func init() {
	if err := CheckConstraints(Pipeline, Constraints); err != nil {
		panic(err)
	}
}

// CheckConstraints verifies that every constraint holds in the table and
// that pass names are unique.
func CheckConstraints(table []Pass, cs []Constraint) error {
	idx := map[string]int{}
	for i, p := range table {
		if _, dup := idx[p.Name]; dup {
			return fmt.Errorf("passes: %s listed twice", p.Name)
		}
		idx[p.Name] = i
	}
	for _, c := range cs {
		b, ok1 := idx[c.Before]
		a, ok2 := idx[c.After]
		if !ok1 || !ok2 {
			return fmt.Errorf("passes: constraint %s before %s names an unknown pass", c.Before, c.After)
		}
		if b >= a {
			return fmt.Errorf("passes: %s must run before %s (%s)", c.Before, c.After, c.Why)
		}
	}
	return nil
}

// Options control a pipeline run.
type Options struct {
	StopAfter string          // stop after this pass ("" = run all)
	Disable   map[string]bool // optional passes to skip
	Verify    bool            // run the verifier after every pass (tests)
	Dump      func(pass string, m *ir.Module)
	Timings   *[]Timing
	// Costs are the measured costs of the backend the module is compiled
	// for (select_modes); nil: the interpreter's defaults.
	Costs *ir.CostModel
}

// Timing is how long one pass took.
type Timing struct {
	Pass string
	Took time.Duration
}

// Names lists the passes in order.
func Names() []string {
	out := make([]string, len(Pipeline))
	for i, p := range Pipeline {
		out[i] = p.Name
	}
	return out
}

// Run applies the pipeline to m. A panic inside a pass becomes an
// "internal compiler error: ... (pass NAME)".
func Run(m *ir.Module, o Options) error {
	if o.StopAfter != "" {
		found := false
		for _, p := range Pipeline {
			found = found || p.Name == o.StopAfter
		}
		if !found {
			return fmt.Errorf("unknown pass %q (passes: %s)", o.StopAfter, strings.Join(Names(), ", "))
		}
	}
	for name := range o.Disable {
		found := false
		for _, p := range Pipeline {
			if p.Name == name {
				found = true
				if p.Required {
					return fmt.Errorf("pass %s is required and cannot be turned off", name)
				}
			}
		}
		if !found {
			return fmt.Errorf("unknown pass %q (passes: %s)", name, strings.Join(Names(), ", "))
		}
	}
	for _, p := range Pipeline {
		if !o.Disable[p.Name] {
			start := time.Now()
			if err := runOne(p, m, o); err != nil {
				return err
			}
			m.Renumber()
			if o.Timings != nil {
				*o.Timings = append(*o.Timings, Timing{p.Name, time.Since(start)})
			}
			if o.Verify {
				if err := ir.Verify(m); err != nil {
					return fmt.Errorf("internal compiler error: invalid IR after pass %s: %w", p.Name, err)
				}
			}
			if o.Dump != nil {
				o.Dump(p.Name, m)
			}
		}
		if p.Name == o.StopAfter {
			break
		}
	}
	return nil
}

// ICE is an internal compiler error: a bug in seqc, not in the input.
type ICE struct {
	Pass  string
	Msg   string
	Stack string
}

func (e *ICE) Error() string {
	return fmt.Sprintf("internal compiler error: %s (pass %s)", e.Msg, e.Pass)
}

func runOne(p Pass, m *ir.Module, o Options) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &ICE{Pass: p.Name, Msg: fmt.Sprint(r), Stack: string(debug.Stack())}
		}
	}()
	if err := p.Fn(m, o); err != nil {
		return fmt.Errorf("pass %s: %w", p.Name, err)
	}
	return nil
}
