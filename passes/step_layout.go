package passes

import (
	"fmt"

	"github.com/seqc-dev/seqc/ir"
)

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
			desc, bytes := StateOf(op)
			op.Attrs["state"] = desc
			op.Attrs["state_bytes"] = bytes
		}
	}
	return nil
}

func perSeq(s ir.Shape) int {
	n := 1
	for _, d := range s {
		n *= int(constDim(d))
	}
	return n
}

// StateOf describes the state op carries per sequence and its size in bytes.
func StateOf(op *ir.Op) (string, int) {
	x := op.Args[0].Type
	switch op.Kind {
	case "ssm":
		n := 1
		complexState := x.DType == ir.C64
		for i, a := range op.Args[1:4] {
			n = max(n, int(constDim(a.Type.Shape[len(a.Type.Shape)-1])))
			if a.Type.DType == ir.C64 && i < 2 {
				complexState = true
			}
		}
		ch := perSeq(x.Shape[2:])
		dt, w := "f32", 4
		if complexState {
			dt, w = "c64", 8
		}
		return fmt.Sprintf("ssm state %s[%d, %d]", dt, ch, n), ch * n * w
	case "selective_scan":
		d, n := perSeq(x.Shape[2:]), int(constDim(op.Args[2].Type.Shape[1]))
		return fmt.Sprintf("ssm state f32[%d, %d]", d, n), d * n * 4
	case "conv":
		w := int(constDim(op.Args[1].Type.Shape[1]))
		c := int(constDim(x.Shape[2]))
		return fmt.Sprintf("conv window f32[%d, %d]", w-1, c), (w - 1) * c * 4
	case "attention":
		k, v := op.Args[1].Type, op.Args[2].Type
		per := perSeq(k.Shape[2:]) + perSeq(v.Shape[2:])
		return fmt.Sprintf("KV cache f32[positions, %d] (grows)", per), per * 4
	case "delta_rule":
		q, v := op.Args[0].Type, op.Args[2].Type
		h, k, vv := int(constDim(q.Shape[2])), int(constDim(q.Shape[3])), int(constDim(v.Shape[3]))
		return fmt.Sprintf("delta state f32[%d, %d, %d]", h, k, vv), h * k * vv * 4
	case "scan":
		nc := op.Attrs.Int("carries")
		n := 0
		for _, a := range op.Args[:nc] {
			n += perSeq(a.Type.Shape[1:])
		}
		return fmt.Sprintf("%d scan carries, %d floats", nc, n), n * 4
	case "shift":
		inner := perSeq(x.Shape[2:])
		k := op.Attrs.Int("n")
		return fmt.Sprintf("shift window f32[%d, %d]", k, inner), k * inner * 4
	case "cumsum":
		inner := perSeq(x.Shape[2:])
		return fmt.Sprintf("running sum f32[%d]", inner), inner * 4
	case "rope":
		return "position counter", 0
	}
	return "state", 0
}
