package interp

import "github.com/seqc-dev/seqc/ir"

func walkOps(ops []*ir.Op, fn func(*ir.Op)) {
	for _, op := range ops {
		fn(op)
		if op.Region != nil {
			walkOps(op.Region.Body, fn)
		}
	}
}
