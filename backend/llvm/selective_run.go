package llvm

import (
	"fmt"
	"unsafe"

	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/runtime"
)

// SelectiveKernel is a loaded selective-scan kernel (EmitSelective) bound to
// one model's constants: A and Dskip, prepared once by NewSelectiveKernel.
// Run may be called from several goroutines at once.
type SelectiveKernel struct {
	Fn      native.Fn
	Spec    SelectiveSpec
	Variant string
	D       int
	consts  []float32 // SelectiveConsts
}

// NewSelectiveKernel binds fn, emitted by EmitSelective for spec s and
// variant, to a model with D channels: a is A [D, N] (already -exp(A_log)),
// dskip is Dskip [D] (required when s.Skip, ignored otherwise).
func NewSelectiveKernel(fn native.Fn, s SelectiveSpec, variant string, D int, a, dskip []float32) (*SelectiveKernel, error) {
	if !fn.Valid() {
		return nil, fmt.Errorf("llvm: selective scan: invalid kernel")
	}
	if s.Skip && dskip == nil {
		return nil, fmt.Errorf("llvm: selective scan: spec has Skip but Dskip is nil")
	}
	if !s.Skip {
		dskip = nil
	}
	c, err := SelectiveConsts(s, variant, D, a, dskip)
	if err != nil {
		return nil, err
	}
	return &SelectiveKernel{Fn: fn, Spec: s, Variant: variant, D: D, consts: c}, nil
}

// SelectiveArgs are the per-call buffers of SelectiveKernel.Run, all
// contiguous float32, none overlapping except that H0 and HT may be the same
// slice (the state updated in place).
type SelectiveArgs struct {
	U, Delta []float32 // [B, L, D]; Delta already includes bias and softplus
	Bm, Cm   []float32 // [B, L, G, N]
	Z        []float32 // [B, L, D], the gate (read when Spec.Gate)
	Y        []float32 // [B, L, D], the output
	// With Spec.State: H0 [B, D, N] is the initial state (nil: zero) and HT
	// [B, D, N] receives the final one (nil: not written); with L = 0,
	// HT = H0.
	H0, HT []float32
}

// Run computes the scan of a batch of B sequences of L steps on up to threads
// goroutines (<= 0: GOMAXPROCS; small problems use fewer, see
// runtime.ThreadsFor), each making one kernel call on a contiguous range of
// (batch, lane block) work items. A work item's arithmetic does not depend on
// the split, so results are bitwise identical for every thread count.
func (k *SelectiveKernel) Run(threads, B, L int, x *SelectiveArgs) error {
	s, D := k.Spec, k.D
	if B < 0 || L < 0 {
		return fmt.Errorf("llvm: selective scan: B = %d, L = %d", B, L)
	}
	bld, bgn, bdn := B*L*D, B*L*s.G*s.N, B*D*s.N
	for _, c := range []struct {
		name string
		v    []float32
		want int
		use  bool
	}{
		{"U", x.U, bld, true}, {"Delta", x.Delta, bld, true}, {"Bm", x.Bm, bgn, true}, {"Cm", x.Cm, bgn, true},
		{"Z", x.Z, bld, s.Gate}, {"Y", x.Y, bld, true},
		{"H0", x.H0, bdn, s.State && x.H0 != nil}, {"HT", x.HT, bdn, s.State && x.HT != nil},
	} {
		if c.use && len(c.v) != c.want {
			return fmt.Errorf("llvm: selective scan: len(%s) = %d, want %d", c.name, len(c.v), c.want)
		}
	}
	if B == 0 || L == 0 && !(s.State && x.HT != nil) {
		return nil // nothing to compute or write
	}
	var p native.Ptrs
	p[selPU], p[selPDelta], p[selPConsts] = selPtr(x.U), selPtr(x.Delta), selPtr(k.consts)
	p[selPB], p[selPC], p[selPY] = selPtr(x.Bm), selPtr(x.Cm), selPtr(x.Y)
	if s.Gate {
		p[selPZ] = selPtr(x.Z)
	}
	if s.State {
		p[selPH0], p[selPHT] = selPtr(x.H0), selPtr(x.HT)
	}
	ints := [2]int64{int64(L), int64(D)}
	work := selectiveWork(s, k.Variant, B, D)
	t := runtime.ThreadsFor(threads, B*max(L, 1)*D*s.N)
	fn := k.Fn
	runtime.ParallelFor(work, t, func(lo, hi int) {
		fn.Call(lo, hi, ints[:], &p)
	})
	return nil
}

// selPtr is the address of v's first element, nil for an empty slice.
func selPtr(v []float32) unsafe.Pointer {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Pointer(&v[0])
}
