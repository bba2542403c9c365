package passes

import "github.com/seqc-dev/seqc/ir"

// DCE removes ops none of whose results are used. Every op of the IR is
// pure, so this is always legal. It iterates to a fixed point because
// removing one op can leave its producers dead.
func DCE(m *ir.Module) error {
	for _, f := range m.Funcs {
		for {
			uses := useCounts(f)
			removed := false
			forEachBody(f, func(body *[]*ir.Op) {
				kept := (*body)[:0]
				for _, op := range *body {
					live := false
					for _, r := range op.Results {
						live = live || uses[r] > 0
					}
					if live {
						kept = append(kept, op)
					} else {
						removed = true
					}
				}
				*body = kept
			})
			if !removed {
				break
			}
		}
	}
	return nil
}
