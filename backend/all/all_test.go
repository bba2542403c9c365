package all

import (
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
)

// TestCapabilityTables: every registered backend says, for every op of the
// op table, either which algorithms it runs natively or why it leaves the
// op to the interpreter; and it never claims an algorithm the op lacks.
func TestCapabilityTables(t *testing.T) {
	names := backend.Names()
	if len(names) == 0 || names[0] != backend.Interp {
		t.Fatalf("backends %v: the interpreter must be registered first", names)
	}
	for _, name := range names {
		b, err := lookupAny(name)
		if err != nil {
			t.Fatal(err)
		}
		caps := b.Caps()
		for _, o := range ir.Ops() {
			modes, has := caps.Ops[o.Name]
			_, missing := caps.Missing[o.Name]
			switch {
			case has && missing:
				t.Errorf("%s: %s is both implemented and missing", name, o.Name)
			case !has && !missing:
				t.Errorf("%s: says nothing about %s (implement it or say why not in Caps.Missing)", name, o.Name)
			}
			for _, m := range modes {
				if !contains(ir.KindModes(o.Name), m) {
					t.Errorf("%s: claims algorithm %s for %s, which has %v", name, m, o.Name, ir.KindModes(o.Name))
				}
			}
		}
		if name == backend.Interp && len(caps.Missing) > 0 {
			t.Errorf("the interpreter lacks %v: it must run every op", caps.Missing)
		}
	}
}

// lookupAny returns a registered backend even where it is not available
// (its capability table does not depend on the machine).
func lookupAny(name string) (backend.Backend, error) {
	if b, err := backend.Lookup(name); err == nil {
		return b, nil
	}
	return backend.Registered(name)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
