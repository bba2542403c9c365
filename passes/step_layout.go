package passes

import "github.com/seqc-dev/seqc/ir"

// StepLayout derives the step form's recurrent state: for every causal
// function, each stateful op gets a "state" attribute describing what it
// carries from one chunk of positions to the next, per sequence (SSM
// states, conv windows, KV caches, scan carries), and "state_bytes", its
// size in bytes per sequence (per position for caches that grow).
func StepLayout(m *ir.Module) error {
	for _, f := range m.Funcs {
		plan, err := ir.StepPlan(f)
		if err != nil {
			continue // not causal: no step form
		}
		for _, op := range plan.Stateful {
			desc, bytes := ir.StateOf(op, plan)
			op.Attrs["state"] = desc
			op.Attrs["state_bytes"] = bytes
		}
	}
	return nil
}
