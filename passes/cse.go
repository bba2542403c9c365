package passes

import (
	"fmt"
	"strings"

	"github.com/seqc-dev/seqc/ir"
)

// CSE replaces an op by an earlier identical one (same kind, arguments,
// attributes and result types). Ops with bodies are left alone. Scope is
// one op list: a region may not reuse values of a sibling region.
func CSE(m *ir.Module) error {
	for _, f := range m.Funcs {
		forEachBody(f, func(body *[]*ir.Op) {
			seen := map[string]*ir.Op{}
			kept := (*body)[:0]
			for _, op := range *body {
				if op.Region != nil {
					kept = append(kept, op)
					continue
				}
				k := cseKey(op)
				if prev := seen[k]; prev != nil {
					for i, r := range op.Results {
						replaceUses(f, r, prev.Results[i])
					}
					continue
				}
				seen[k] = op
				kept = append(kept, op)
			}
			*body = kept
		})
	}
	return nil
}

func cseKey(op *ir.Op) string {
	var b strings.Builder
	b.WriteString(op.Kind)
	args := op.Args
	if info := op.Info(); info.Has(ir.Commutative) && len(args) == 2 && args[0].ID > args[1].ID {
		args = []*ir.Value{args[1], args[0]}
	}
	for _, a := range args {
		fmt.Fprintf(&b, " %p", a)
	}
	fmt.Fprintf(&b, " %v", op.Attrs)
	for _, r := range op.Results {
		b.WriteString(" " + r.Type.String())
	}
	return b.String()
}
