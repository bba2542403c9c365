package backend

import "github.com/seqc-dev/seqc/ir"

// Weights-only and view ops never get a kernel: the interpreter computes the
// first once per model and keeps it, and the second does no work.
const (
	whyFixed = "computed once from the weights"
	whyView  = "a view of its argument: no work"
)

// PlanKernels asks plan for a kernel for every op of m's functions, the
// bodies of region ops before the op, except the ops that need none
// (whyFixed, whyView). plan returns the op's kernel, or the reason it has
// none. The result is the kernels by op and, for every other op, why it
// runs on the interpreter: what a native backend's Prepare and Placement
// start from.
func PlanKernels[K any](m *ir.Module, plan func(op *ir.Op, fixed map[*ir.Op]bool) (K, string)) (map[*ir.Op]K, map[*ir.Op]string) {
	ks, why := map[*ir.Op]K{}, map[*ir.Op]string{}
	for _, f := range m.Funcs {
		fixed := ir.FixedOps(f)
		var walk func(ops []*ir.Op)
		walk = func(ops []*ir.Op) {
			for _, op := range ops {
				if op.Region != nil {
					walk(op.Region.Body)
				}
				switch {
				case fixed[op]:
					why[op] = whyFixed
				case ir.Aliases(op):
					why[op] = whyView
				default:
					if k, reason := plan(op, fixed); reason != "" {
						why[op] = reason
					} else {
						ks[op] = k
					}
				}
			}
		}
		walk(f.Body)
	}
	return ks, why
}
