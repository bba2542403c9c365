package interp

import (
	"testing"

	"github.com/seqc-dev/seqc/ir"
)

// TestOpTableComplete walks the op table: every op needs a type rule (the
// verifier's), an interpreter implementation, attributes of kinds the text
// form can print and parse, and a step rule or an explicit refusal.
func TestOpTableComplete(t *testing.T) {
	ops := ir.Ops()
	if len(ops) < 40 {
		t.Fatalf("op table has only %d ops", len(ops))
	}
	for _, o := range ops {
		if o.Infer == nil {
			t.Errorf("%s: no type rule (verifier)", o.Name)
		}
		if o.Level == ir.MixerLevel && !Implemented(o.Name) {
			t.Errorf("%s: no interpreter implementation", o.Name)
		}
		if o.Doc == "" {
			t.Errorf("%s: no doc", o.Name)
		}
		for _, a := range o.Attrs {
			if !ir.RoundTrips(a.Kind) {
				t.Errorf("%s: attribute %s of kind %s does not round-trip through the text form", o.Name, a.Name, a.Kind)
			}
		}
		if o.MinArgs < 0 || (o.MaxArgs >= 0 && o.MaxArgs < o.MinArgs) {
			t.Errorf("%s: bad arity %d..%d", o.Name, o.MinArgs, o.MaxArgs)
		}
	}
}

// TestOpTableKnowledge: what the compiler asks of an op lives in its table
// entry. A sequence mixer has a step rule and its algorithms; one that
// carries state between chunks describes it; one with several algorithms
// has cost terms for select_modes.
func TestOpTableKnowledge(t *testing.T) {
	for _, o := range ir.Ops() {
		if !o.Has(ir.SeqMixer) {
			continue
		}
		if o.Step == nil {
			t.Errorf("%s: a sequence mixer without a step rule", o.Name)
		}
		if o.State == nil && o.Name != "quasiseparable" { // bidirectional: never streams
			t.Errorf("%s: a sequence mixer without a state layout", o.Name)
		}
		if o.Modes == nil && o.Name != "rope" { // rope is position-wise arithmetic, one form
			t.Errorf("%s: a sequence mixer without algorithms", o.Name)
		}
		if len(ir.KindModes(o.Name)) > 1 && o.Cost == nil {
			t.Errorf("%s: %d algorithms but no cost terms to choose between them", o.Name, len(ir.KindModes(o.Name)))
		}
	}
	for _, name := range []string{"cumsum", "shift", "slice"} { // stateful along the sequence, not mixers
		if o := ir.Lookup(name); o.Step == nil || o.State == nil {
			t.Errorf("%s: streams with state but lacks a step rule or state layout", name)
		}
	}
}
