package ir

import "fmt"

// StateLayout describes the state a stateful op carries from one chunk to
// the next, per sequence: a description for `seqc ir --explain` and its size
// in bytes (per position for caches that grow). plan gives the sequence
// axes.
type StateLayout func(op *Op, plan *Plan) (desc string, bytes int)

// attachStateLayouts puts this file's knowledge into the op table (called by ops.go's
// init, after the table is built).
func attachStateLayouts() {
	layouts := map[string]StateLayout{
		"ssm":            ssmState,
		"selective_scan": selectiveState,
		"conv":           convState,
		"attention":      kvCacheState,
		"delta_rule":     deltaState,
		"scan":           scanState,
		"shift":          shiftState,
		"cumsum":         cumsumState,
		"rope":           positionState,
		"slice":          positionState,
		"arange":         positionState,
		"assoc_scan":     assocScanState,
	}
	for name, l := range layouts {
		opTable[name].State = l
	}
}

// StateOf describes op's state in a stream planned by plan.
func StateOf(op *Op, plan *Plan) (string, int) {
	if l := op.Info().State; l != nil {
		return l(op, plan)
	}
	return "state", 0
}

// perSeq is the number of elements of a shape per sequence: symbolic
// dimensions (the batch) count once.
func perSeq(s Shape) int {
	n := 1
	for _, d := range s {
		if v, ok := d.Value(); ok {
			n *= v
		}
	}
	return n
}

// lastConst is the size of a shape's last axis (1 when symbolic).
func lastConst(s Shape) int { return perSeq(s[len(s)-1:]) }

// withoutAxis is s with axis ax removed (s itself when ax < 0).
func withoutAxis(s Shape, ax int) Shape {
	if ax < 0 || ax >= len(s) {
		return s
	}
	return append(append(Shape{}, s[:ax]...), s[ax+1:]...)
}

func ssmState(op *Op, _ *Plan) (string, int) {
	x := op.Args[0].Type
	n := 1
	complexState := x.DType == C64
	for i, a := range op.Args[1:4] {
		n = max(n, lastConst(a.Type.Shape))
		if a.Type.DType == C64 && i < 2 {
			complexState = true
		}
	}
	ch := perSeq(x.Shape[2:])
	dt, w := "f32", 4
	if complexState {
		dt, w = "c64", 8
	}
	return fmt.Sprintf("ssm state %s[%d, %d]", dt, ch, n), ch * n * w
}

func selectiveState(op *Op, _ *Plan) (string, int) {
	d, n := perSeq(op.Args[0].Type.Shape[2:]), lastConst(op.Args[2].Type.Shape)
	return fmt.Sprintf("ssm state f32[%d, %d]", d, n), d * n * 4
}

func convState(op *Op, _ *Plan) (string, int) {
	w, c := lastConst(op.Args[1].Type.Shape), perSeq(op.Args[0].Type.Shape[2:])
	if span, ok := ConvSpan(op); ok {
		w = span
	}
	return fmt.Sprintf("conv window f32[%d, %d]", w-1, c), (w - 1) * c * 4
}

func assocScanState(op *Op, _ *Plan) (string, int) {
	n := 0
	for _, a := range op.Args {
		n += perSeq(a.Type.Shape[2:])
	}
	return fmt.Sprintf("the prefix so far: %d components, %d values", len(op.Args), n), n * 4
}

func kvCacheState(op *Op, _ *Plan) (string, int) {
	k, v := op.Args[1].Type, op.Args[2].Type
	per := perSeq(k.Shape[2:]) + perSeq(v.Shape[2:])
	return fmt.Sprintf("KV cache f32[positions, %d] (grows)", per), per * 4
}

func deltaState(op *Op, _ *Plan) (string, int) {
	q, v := op.Args[0].Type, op.Args[2].Type
	h, k, vv := perSeq(q.Shape[2:3]), lastConst(q.Shape), lastConst(v.Shape)
	return fmt.Sprintf("delta state f32[%d, %d, %d]", h, k, vv), h * k * vv * 4
}

func scanState(op *Op, _ *Plan) (string, int) {
	nc := op.Attrs.Int("carries")
	n := 0
	for _, a := range op.Args[:nc] {
		n += perSeq(a.Type.Shape)
	}
	return fmt.Sprintf("%d scan carries, %d floats", nc, n), n * 4
}

func shiftState(op *Op, plan *Plan) (string, int) {
	inner := perSeq(withoutAxis(op.Args[0].Type.Shape, plan.AxisOf(op.Args[0])))
	k := op.Attrs.Int("n")
	return fmt.Sprintf("shift window f32[%d, %d]", k, inner), k * inner * 4
}

func cumsumState(op *Op, plan *Plan) (string, int) {
	inner := perSeq(withoutAxis(op.Args[0].Type.Shape, plan.AxisOf(op.Args[0])))
	return fmt.Sprintf("running sum f32[%d]", inner), inner * 4
}

func positionState(*Op, *Plan) (string, int) { return "position counter", 0 }
