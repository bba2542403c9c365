package llvm

import (
	"fmt"
	"unsafe"

	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/runtime"
)

// ScanView is a strided float32 view of a logical [B, L, C, N] (or, for d,
// [B, L, C]) operand, the interpreter's ssm.View: element (b, t, c, n) is at
// Data[b·SB + t·SL + CO[c] + n·SN], where SN is 1 when the spec's Vec says
// the operand varies along n and 0 otherwise.
type ScanView struct {
	Data   []float32
	SB, SL int
	CO     []int64 // len C
}

// NewScanView is the view of a contiguous tensor of shape shape broadcast
// to logical (right-aligned: the interpreter's seqView), and whether it
// varies along the last axis (hasN: logical ends with the state axis).
func NewScanView(data []float32, shape, logical []int, hasN bool) (ScanView, bool) {
	st := make([]int, len(logical))
	acc := 1
	off := len(logical) - len(shape)
	for i := len(shape) - 1; i >= 0; i-- {
		if shape[i] != 1 { // a size-1 axis never advances, broadcast or not
			st[off+i] = acc
		}
		acc *= shape[i]
	}
	end := len(logical)
	vec := false
	if hasN {
		end--
		vec = st[end] != 0
	}
	dims, strides := logical[2:end], st[2:end]
	n := 1
	for _, d := range dims {
		n *= d
	}
	co := make([]int64, n)
	idx := make([]int, len(dims))
	for c := range co {
		o := 0
		for a, i := range idx {
			o += i * strides[a]
		}
		co[c] = int64(o)
		for a := len(dims) - 1; a >= 0; a-- {
			if idx[a]++; idx[a] < dims[a] {
				break
			}
			idx[a] = 0
		}
	}
	return ScanView{Data: data, SB: st[0], SL: st[1], CO: co}, vec
}

// check verifies that every element the kernel may read lies inside Data:
// B batches, L steps, the CO table of length C, n state entries (1 for a
// view without the state axis or broadcast over it).
func (v *ScanView) check(name string, B, L, C, n int) error {
	if len(v.CO) != C {
		return fmt.Errorf("llvm: scan: %s: len(CO) = %d, want C = %d", name, len(v.CO), C)
	}
	if B == 0 || L == 0 || C == 0 {
		return nil
	}
	lo, hi := int64(0), int64(n-1)
	for _, ax := range [2][2]int{{B, v.SB}, {L, v.SL}} {
		if ext := int64(ax[0]-1) * int64(ax[1]); ext < 0 {
			lo += ext
		} else {
			hi += ext
		}
	}
	cmin, cmax := v.CO[0], v.CO[0]
	for _, o := range v.CO[1:] {
		cmin, cmax = min(cmin, o), max(cmax, o)
	}
	if lo+cmin < 0 || hi+cmax >= int64(len(v.Data)) {
		return fmt.Errorf("llvm: scan: %s: view spans Data[%d..%d], len(Data) = %d", name, lo+cmin, hi+cmax, len(v.Data))
	}
	return nil
}

// ScanArgs are the buffers of one RunScan (ssm) or RunQS (quasiseparable)
// call. x and y are contiguous [B, L, C].
type ScanArgs struct {
	B, L, C int
	X, Y    []float32
	// ssm: the operands a, b, c; quasiseparable: the forward a, b, c, the
	// backward a, b, c and the diagonal d (a view without the state axis).
	Ops []ScanView
	// ssm: H0 [B, C, N] is the initial state (nil: zero), HT [B, C, N]
	// receives the final one (nil: not written); they may be the same
	// buffer. With L = 0, HT = H0.
	H0, HT []float32
	// co holds the CO tables the kernel reads, one after another; set by
	// PackCO, reused across calls with the same tables.
	co []int64
}

// PackCO concatenates the operands' CO tables into the buffer the kernel
// reads. Callers running several times with the same views call it once;
// RunScan and RunQS call it when it was not.
func (a *ScanArgs) PackCO() {
	a.co = a.co[:0]
	for _, o := range a.Ops {
		a.co = append(a.co, o.CO...)
	}
}

// RunScan computes an ssm with fn, a kernel from EmitScan(_, _, s, variant)
// with !s.QS, on up to threads goroutines (<= 0: GOMAXPROCS; small problems
// use fewer), one kernel call per goroutine on a contiguous range of
// (batch, channel block) items. A channel's arithmetic does not depend on
// the split, so results are bitwise identical for every thread count.
func RunScan(fn native.Fn, s ScanSpec, variant string, threads int, a *ScanArgs) error {
	if s.QS {
		return fmt.Errorf("llvm: scan: RunScan needs an ssm kernel")
	}
	if err := scanCheck(fn, s, a, scanOps); err != nil {
		return err
	}
	sn := a.B * a.C * s.N
	if a.H0 != nil && len(a.H0) != sn || a.HT != nil && len(a.HT) != sn {
		return fmt.Errorf("llvm: scan: len(H0) = %d, len(HT) = %d, want %d", len(a.H0), len(a.HT), sn)
	}
	if a.B == 0 || a.C == 0 || a.L == 0 && a.HT == nil {
		return nil
	}
	var p native.Ptrs
	p[scanPH0], p[scanPHT] = selPtr(a.H0), selPtr(a.HT)
	return scanLaunch(fn, s, variant, threads, a, &p, scanPCO, scanPY)
}

// RunQS computes a quasiseparable mixer with fn, a kernel from
// EmitScan(_, _, s, variant) with s.QS; see RunScan.
func RunQS(fn native.Fn, s ScanSpec, variant string, threads int, a *ScanArgs) error {
	if !s.QS {
		return fmt.Errorf("llvm: scan: RunQS needs a quasiseparable kernel")
	}
	if err := scanCheck(fn, s, a, qsOps); err != nil {
		return err
	}
	if a.B == 0 || a.C == 0 || a.L == 0 {
		return nil
	}
	var p native.Ptrs
	return scanLaunch(fn, s, variant, threads, a, &p, qsPCO, qsPY)
}

// scanCheck validates the sizes and that every view lies inside its data.
func scanCheck(fn native.Fn, s ScanSpec, a *ScanArgs, nops int) error {
	if !fn.Valid() {
		return fmt.Errorf("llvm: scan: invalid kernel")
	}
	if err := s.validate(); err != nil {
		return err
	}
	if a.B < 0 || a.L < 0 || a.C < 0 {
		return fmt.Errorf("llvm: scan: bad sizes B=%d L=%d C=%d", a.B, a.L, a.C)
	}
	if len(a.Ops) != nops {
		return fmt.Errorf("llvm: scan: %d operands, want %d", len(a.Ops), nops)
	}
	if n := a.B * a.L * a.C; len(a.X) != n || len(a.Y) != n {
		return fmt.Errorf("llvm: scan: len(X) = %d, len(Y) = %d, want %d", len(a.X), len(a.Y), n)
	}
	for i := range a.Ops {
		n := 1
		if i < 6 && s.Vec[i] {
			n = s.N
		}
		if err := a.Ops[i].check(fmt.Sprintf("operand %d", i), a.B, a.L, a.C, n); err != nil {
			return err
		}
		// A kernel with channels across the lanes reads consecutive
		// offsets (PatUnit) or one offset (PatBcast) without the table.
		if p := s.Pat[i]; s.Chan && !patternFits(a.Ops[i].CO, p) {
			return fmt.Errorf("llvm: scan: operand %d's channel offsets do not follow the kernel's pattern %d", i, p)
		}
	}
	return nil
}

// scanLaunch fills in the common arguments and runs the kernel.
func scanLaunch(fn native.Fn, s ScanSpec, variant string, threads int, a *ScanArgs, p *native.Ptrs, coP, yP int) error {
	if want := len(a.Ops) * a.C; len(a.co) != want {
		a.PackCO()
	}
	p[scanPX], p[yP] = selPtr(a.X), selPtr(a.Y)
	p[coP] = unsafe.Pointer(&a.co[0])
	for i, o := range a.Ops {
		p[1+i] = selPtr(o.Data)
	}
	ints := make([]int64, scanIntSB+2*len(a.Ops))
	for i, o := range a.Ops {
		ints[scanIntSB+2*i], ints[scanIntSB+2*i+1] = int64(o.SB), int64(o.SL)
	}
	// Blocks: as many channels as the state buffer holds (a block of
	// every channel reads whole rows of time-varying operands, one
	// sequential stream each), fewer when there are too few (batch,
	// block) items for every thread.
	// With channels across the lanes, blocks are whole lane vectors.
	lanes := VariantLanes(variant)
	t := runtime.ThreadsFor(threads, a.B*max(a.L, 1)*a.C*s.N*4)
	per, unit := s.npad(lanes), 1
	if s.Chan {
		per, unit = s.N, lanes
	}
	cb := min(a.C, scanMaxBlock, scanScratch/per)
	nblk := (a.C + cb - 1) / cb
	if a.B*nblk < t {
		nblk = min(a.C, (t+a.B-1)/a.B)
		cb = (a.C + nblk - 1) / nblk
	}
	cb = (cb + unit - 1) / unit * unit
	if s.Chan && cb > scanMaxBlock {
		cb = scanMaxBlock / unit * unit
	}
	nblk = (a.C + cb - 1) / cb
	ints[0], ints[1], ints[2], ints[3] = int64(a.L), int64(a.C), int64(cb), int64(nblk)
	runtime.ParallelFor(a.B*nblk, t, func(lo, hi int) {
		fn.Call(lo, hi, ints, p)
	})
	return nil
}

// patternFits reports whether a CO table can be read by pattern p.
func patternFits(co []int64, p ScanPattern) bool {
	for c, o := range co {
		switch {
		case p == PatUnit && o != co[0]+int64(c), p == PatBcast && o != co[0]:
			return false
		}
	}
	return true
}
