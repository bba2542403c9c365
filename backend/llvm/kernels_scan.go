package llvm

import (
	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

func init() {
	kernelTable["ssm"] = kernelEntry{modes: ir.KindModes("ssm"), plan: planSSMModes}
	kernelTable["quasiseparable"] = kernelEntry{modes: []string{ir.ModeScan}, plan: planQS}
}

// planSSMModes is the ssm entry: the scan kernel (mode scan, real
// operands) joined to the block kernels of the other modes (ssmblock.go),
// dispatching on the mode of each call; either part may be missing, and
// then that mode runs on the interpreter.
func planSSMModes(op *ir.Op, fixed map[*ir.Op]bool) (opKernel, string) {
	scan, why := planSSM(op, fixed)
	blocks, bwhy := planSSMBlock(op, fixed)
	switch {
	case blocks != nil:
		return ssmWithBlocks(scan, blocks), ""
	case scan != nil:
		return scan, ""
	}
	return nil, why + "; " + bwhy
}

// scanKernel runs `ssm` (mode scan) or `quasiseparable` (mode scan) on a
// scan kernel; the other modes stay on the interpreter. The operands' CO
// tables depend only on their channel axes, which are constants: they are
// computed once, at planning.
type scanKernel struct {
	spec    ScanSpec
	fn      native.Fn
	variant string
	co      [][]int64 // per operand
	packed  []int64   // the tables one after another (ScanArgs.co)
}

// scanOperands checks that op's operands are f32 with constant axes past
// the sequence and returns their CO tables (views of logical x.shape + [N]
// for the first nN operands, x.shape for the rest), the state size and
// which operands vary along it.
func scanOperands(op *ir.Op, args []*ir.Value, nN int) ([][]int64, int, [6]bool, string) {
	var vec [6]bool
	x := op.Args[0].Type
	if x.DType != ir.F32 {
		return nil, 0, vec, "complex or integer input: the scan kernels are real"
	}
	xd := make([]int, len(x.Shape))
	for i, d := range x.Shape {
		if i < 2 {
			xd[i] = 1 // the batch and sequence do not enter the CO tables
			continue
		}
		v, ok := d.Value()
		if !ok {
			return nil, 0, vec, "symbolic channel axes"
		}
		xd[i] = v
	}
	n := 1
	shapes := make([][]int, len(args))
	for i, a := range args {
		if a.Type.DType != ir.F32 {
			return nil, 0, vec, "complex operands: the scan kernels are real"
		}
		rank := len(xd)
		if i < nN {
			rank++
		}
		s := make([]int, len(a.Type.Shape))
		off := rank - len(s)
		for j, d := range a.Type.Shape {
			if off+j < 2 {
				s[j] = 1
				continue
			}
			v, ok := d.Value()
			if !ok {
				return nil, 0, vec, "symbolic operand axes"
			}
			s[j] = v
		}
		shapes[i] = s
		if i < nN {
			n = max(n, s[len(s)-1])
		}
	}
	if n > ScanMaxN {
		return nil, 0, vec, "a state larger than the scan kernels take"
	}
	cos := make([][]int64, len(args))
	for i, s := range shapes {
		logical := xd
		if i < nN {
			logical = append(append([]int{}, xd...), n)
		}
		v, varies := NewScanView(nil, s, logical, i < nN)
		cos[i] = v.CO
		if i < nN && i < 6 {
			vec[i] = varies && n > 1
		}
	}
	return cos, n, vec, ""
}

func newScanKernel(s ScanSpec, co [][]int64) *scanKernel {
	k := &scanKernel{spec: s, co: co}
	for _, c := range co {
		k.packed = append(k.packed, c...)
	}
	return k
}

// planSSM returns the scan kernel of an ssm op (nil for complex operands).
func planSSM(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	if len(op.Args) == 5 && op.Args[4].Type.DType != ir.F32 {
		return nil, "a complex initial state: the scan kernels are real"
	}
	co, n, vec, why := scanOperands(op, op.Args[1:4], 3)
	if co == nil {
		return nil, why
	}
	return newScanKernel(scanSpecFor(ScanSpec{N: n, Vec: vec}, co), co), ""
}

// scanSpecFor puts channels across the lanes for small states, with each
// operand's channel pattern.
func scanSpecFor(s ScanSpec, co [][]int64) ScanSpec {
	if s.N <= ScanChanMaxN {
		s.Chan = true
		for i, c := range co {
			s.Pat[i] = PatternOf(c)
		}
	}
	return s
}

func planQS(op *ir.Op, _ map[*ir.Op]bool) (opKernel, string) {
	co, n, vec, why := scanOperands(op, op.Args[1:8], 6)
	if co == nil {
		return nil, why
	}
	return newScanKernel(scanSpecFor(ScanSpec{N: n, QS: true, Vec: vec}, co), co), ""
}

func (k *scanKernel) key() string {
	v := 0
	for i, b := range k.spec.Vec {
		if b {
			v |= 1 << i
		}
	}
	kind := "ssm"
	if k.spec.QS {
		kind = "qs"
	}
	if !k.spec.Chan {
		return keyf("scan", kind, k.spec.N, v)
	}
	pat := ""
	for _, p := range k.spec.Pat {
		pat += string(rune('0' + p))
	}
	return keyf("scan", kind, k.spec.N, v, "chan", pat)
}

func (k *scanKernel) emit(m *llvmir.Module, variant string) error {
	return EmitScan(m, k.key()+VariantSuffix(variant), k.spec, variant)
}

func (k *scanKernel) bind(fn native.Fn, variant string) error {
	k.fn, k.variant = fn, variant
	return nil
}

// args builds the kernel's arguments for x and the operand tensors.
func (k *scanKernel) args(x *runtime.Tensor, ops []*runtime.Tensor) *ScanArgs {
	a := &ScanArgs{B: x.Shape[0], L: x.Shape[1], C: convNumel(x.Shape[2:]), X: x.F, co: k.packed}
	for i, t := range ops {
		rank := len(x.Shape)
		if !k.spec.QS || i < 6 { // all but the quasiseparable diagonal have the state axis
			rank++
		}
		sb, sl := scanStrides(t.Shape, rank)
		a.Ops = append(a.Ops, ScanView{Data: t.F, SB: sb, SL: sl, CO: k.co[i]})
	}
	return a
}

// scanStrides are the batch and sequence strides of a contiguous tensor of
// shape s read as a view of rank rank (right-aligned; size-1 axes
// broadcast).
func scanStrides(s []int, rank int) (sb, sl int) {
	off := rank - len(s)
	stride := func(ax int) int {
		j := ax - off
		if j < 0 || s[j] == 1 {
			return 0
		}
		return convNumel(s[j+1:])
	}
	return stride(0), stride(1)
}

// run follows the interpreter's ssmImpl (ssm) and qsImpl (quasiseparable).
// ssm in a stream: the state, [B, channels..., N] as the final state, is
// Slot 0, started from the initial-state argument when there is one.
func (k *scanKernel) run(c *interp.KernelCall) ([]*runtime.Tensor, error) {
	if c.Mode() != ir.ModeScan {
		return c.Fallback()
	}
	x := c.Args[0]
	if k.spec.QS {
		a := k.args(x, c.Args[1:8])
		y := c.Alloc(runtime.F32, x.Shape...)
		a.Y = y.F
		if err := RunQS(k.fn, k.spec, k.variant, c.Threads(), a); err != nil {
			return nil, err
		}
		return []*runtime.Tensor{y}, nil
	}
	a := k.args(x, c.Args[1:4])
	y := c.Alloc(runtime.F32, x.Shape...)
	a.Y = y.F
	hShape := append(append([]int{x.Shape[0]}, x.Shape[2:]...), k.spec.N)
	final := c.Op.Attrs.Bool("final_state")
	slot := c.Slot(0)
	var hT *runtime.Tensor
	switch {
	case final:
		hT = c.Alloc(runtime.F32, hShape...)
	case slot != nil:
		hT = runtime.New(runtime.F32, hShape...)
	}
	if hT != nil {
		a.HT = hT.F
	}
	if len(c.Args) == 5 {
		a.H0 = c.Args[4].F
	}
	if slot != nil && *slot != nil {
		a.H0 = (*slot).F
	}
	if err := RunScan(k.fn, k.spec, k.variant, c.Threads(), a); err != nil {
		return nil, err
	}
	return interp.KeepState(slot, y, hT, final), nil
}
