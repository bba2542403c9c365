package ptx

import (
	"math"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The launch of the chunked SSD kernel (kernels_ssd.go) for an `ssm` op in
// mode chunked.

// ssdStatic reports whether op may take the SSD kernel: real, with a
// decay known to be one scalar per channel (a's state axis of size 1).
func ssdStatic(op *ir.Op) bool {
	if !allF32(op.Args...) || !allF32(op.Results...) {
		return false
	}
	s := op.Args[1].Type.Shape
	n, ok := s[len(s)-1].Value()
	return ok && n == 1
}

// ssdGroups partitions the channels by their (a, b, c) offsets in order of
// first appearance, as the interpreter's chunked SSD does, and packs the
// kernel's int32 table: the groups' offsets, their starts in the channel
// list, the channel list. maxP is the largest group.
func ssdGroups(offs [3][]int32) (tab []int32, groups, maxP int) {
	C := len(offs[0])
	index := map[[3]int32]int{}
	var members [][]int32
	var keys [][3]int32
	for c := 0; c < C; c++ {
		key := [3]int32{offs[0][c], offs[1][c], offs[2][c]}
		g, ok := index[key]
		if !ok {
			g = len(members)
			index[key] = g
			members = append(members, nil)
			keys = append(keys, key)
		}
		members[g] = append(members[g], int32(c))
	}
	G := len(members)
	tab = make([]int32, 0, 4*G+1+C)
	for _, k := range keys {
		tab = append(tab, k[0], k[1], k[2])
	}
	at := int32(0)
	for _, m := range members {
		tab = append(tab, at)
		at += int32(len(m))
		maxP = max(maxP, len(m))
	}
	tab = append(tab, at)
	for _, m := range members {
		tab = append(tab, m...)
	}
	return tab, G, maxP
}

// runSSD computes the op on the SSD kernel name in chunks of chunk steps
// (mode chunked: the op's chunk; mode quadratic: the whole sequence as one
// block of at most ssdMaxQ steps, longer ones as blocks with the state
// passed between them — the same map), or on the interpreter for what the
// kernel does not cover (a decay varying over the state, a chunk past
// ssdMaxQ steps, a state past ssdMaxN).
func runSSD(c *interp.KernelCall, r runner, name string, chunk int, kinds []BufKind) ([]*runtime.Tensor, error) {
	x := c.Args[0]
	xl := x.Shape
	B, L, C, N := ssmDims(x, c.Args[1:4])
	aS := c.Args[1].Shape
	q := min(chunk, max(L, 1))
	switch {
	case aS[len(aS)-1] != 1 && N != 1, // a decay per state: the interpreter's generic chunked form
		q < 1 || q > ssdMaxQ, N > ssdMaxN:
		return fallback(c, r)
	}
	if !ssmOperandsFit(c, B*L*C) {
		return fallback(c, r)
	}
	final := c.Op.Attrs.Bool("final_state")
	y := c.Output(runtime.F32, xl...)
	hShape := append(append([]int{B}, xl[2:]...), N)
	slot := c.Slot(0)
	var hT *runtime.Tensor
	hT = finalState(r, final, slot != nil, runtime.F32, hShape...)
	if B > 0 && C > 0 {
		ints, offs := ssdOperandInts([3][]int{c.Args[1].Shape, c.Args[2].Shape, c.Args[3].Shape}, xl, C)
		tab, G, maxP := ssdGroups(offs)
		tiles := CeilDiv(maxP, ssdTileP)
		g, err := Grid1D(B * G * tiles)
		if err != nil {
			return fallback(c, r)
		}
		ints[0], ints[1], ints[2], ints[3], ints[4], ints[5] = int64(L), int64(C), int64(N), int64(q), int64(G), int64(tiles)
		var bufs [ssdPtrs]Buf
		bufs[ssdX] = Buf{F: x.F, Kind: kinds[0]}
		for o := 0; o < 3; o++ {
			bufs[ssdA+o] = Buf{F: c.Args[1+o].F, Kind: kinds[1+o]}
		}
		bufs[ssdTab] = tableBuf(tab)
		bufs[ssdY] = Buf{F: y.F, Kind: Out}
		var states StateRefs
		h0Kind := In
		if len(c.Args) == 5 {
			h0Kind = kinds[4]
		}
		if ssmStateBufs(c, bufs[:], &states, ssdH0, ssdHT, h0Kind, hT) {
			ints[6] |= 1
		}
		if hT != nil {
			ints[6] |= 2
		}
		l := &Launch{Grid: g, Ints: ints, Bufs: bufs[:], Work: B * C * max(L, 1) * (N + q), States: states}
		if err := r.launch(name, l, c.Threads()); err != nil {
			return nil, err
		}
	}
	return interp.KeepState(slot, y, hT, final), nil
}

// ssmStateBufs sets a launch's initial-state buffer h0i and final-state
// buffer hTi for an ssm-like op: in a stream the state before the chunk
// (the slot's tensor, else the op's init argument) is read as StateIn and
// hT, the state after it, written as StateOut, registered in states so a
// GPU runner knows the tensors (it fills hT's host data right after the
// launch, before the op clones it into its slot); outside a stream the
// init argument is an input of kind h0Kind and hT an output. It reports
// whether there is an initial state.
func ssmStateBufs(c *interp.KernelCall, bufs []Buf, states *StateRefs, h0i, hTi int, h0Kind BufKind, hT *runtime.Tensor) (has0 bool) {
	slot := c.Slot(0)
	switch {
	case slot != nil && *slot != nil:
		bufs[h0i], has0 = states.In(h0i, *slot), true
	case len(c.Args) == 5:
		bufs[h0i], has0 = Buf{F: c.Args[4].F, Kind: h0Kind}, true
	default:
		bufs[h0i] = Buf{Kind: In}
	}
	switch {
	case hT != nil && slot != nil:
		bufs[hTi] = states.Out(hTi, hT)
	case hT != nil:
		bufs[hTi] = Buf{F: hT.F, Kind: Out}
	default:
		bufs[hTi] = Buf{Kind: Out}
	}
	return has0
}

// ssmOperandsFit reports whether a real ssm's x, a, b and c suit the
// kernels: offsets that fit int32, and no empty operand in a problem of
// work > 0 elements (a state axis of size 0, whose meaning the
// interpreter decides).
func ssmOperandsFit(c *interp.KernelCall, work int) bool {
	for _, a := range c.Args[:4] {
		if len(a.F) > math.MaxInt32 || len(a.F) == 0 && work > 0 {
			return false
		}
	}
	return true
}

// ssdOperandInts is the SSD kernel's ints with the strides of a, b and c
// (of the given shapes, broadcasting against x's shape xl) filled in, and
// the operands' channel offsets (ssmOperand) that ssdGroups groups.
func ssdOperandInts(shapes [3][]int, xl []int, C int) ([]int64, [3][]int32) {
	ints := make([]int64, ssdInts)
	var offs [3][]int32
	for o := 0; o < 3; o++ {
		offs[o] = make([]int32, C)
		sb, sl, sn := ssmOperand(shapes[o], xl, offs[o])
		switch o {
		case 0:
			ints[7], ints[8] = sb, sl
		case 1:
			ints[9], ints[10], ints[11] = sb, sl, sn
		case 2:
			ints[12], ints[13], ints[14] = sb, sl, sn
		}
	}
	return ints, offs
}
