package passes

import (
	"fmt"
	"strings"

	"github.com/seqc-dev/seqc/ir"
)

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
func SelectModes(m *ir.Module, o Options) error {
	costs := ir.DefaultCosts
	if o.Costs != nil {
		costs = *o.Costs
	}
	fixed := weightOnly(m)
	for _, f := range m.Funcs {
		forEachBody(f, func(body *[]*ir.Op) {
			for _, op := range *body {
				if op.Attrs.String("mode") != "" && op.Attrs.String("mode") != "auto" {
					continue
				}
				if alts := ir.Alternatives(op, 1024, fixed, costs); len(alts) > 1 {
					op.Attrs["policy"] = policyFor(op, fixed, costs)
				}
			}
		})
	}
	return nil
}

func policyFor(op *ir.Op, fixed map[*ir.Value]bool, costs ir.CostModel) string {
	var parts []string
	last := ""
	for _, l := range policyLengths {
		best := ir.Alternatives(op, l, fixed, costs)[0].Label()
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
