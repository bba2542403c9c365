package interp

import "github.com/seqc-dev/seqc/ir"

// ApplicableModes lists the forced modes that change how at least one mixer
// of m runs, always starting with "auto". A test that runs every listed mode
// checks every algorithm the interpreter has for the model.
func ApplicableModes(m *ir.Module) []string {
	has := map[string]bool{}
	for _, f := range m.Funcs {
		walkOps(f.Body, func(op *ir.Op) {
			switch op.Kind {
			case "ssm":
				has["scan"], has["chunked"], has["quadratic"] = true, true, true
				if timeInvariant(op) {
					has["conv"] = true
				}
			case "quasiseparable":
				has["scan"], has["quadratic"] = true, true
			case "attention":
				has["chunked"], has["quadratic"] = true, true // flash, materialized
			case "delta_rule":
				has["scan"], has["chunked"] = true, true
			case "conv":
				has["conv"] = true // FFT instead of direct
			}
		})
	}
	out := []string{"auto"}
	for _, md := range Modes[1:] {
		if has[md] {
			out = append(out, md)
		}
	}
	return out
}

// timeInvariant reports whether an ssm's a, b and c have no sequence axis.
func timeInvariant(op *ir.Op) bool {
	for _, a := range op.Args[1:4] {
		if a.Type.Shape[1] != ir.Const(1) {
			return false
		}
	}
	return true
}

func walkOps(ops []*ir.Op, fn func(*ir.Op)) {
	for _, op := range ops {
		fn(op)
		if op.Region != nil {
			walkOps(op.Region.Body, fn)
		}
	}
}
