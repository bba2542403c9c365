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
