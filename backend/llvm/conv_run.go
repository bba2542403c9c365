package llvm

import (
	"fmt"
	"unsafe"

	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/runtime"
)

// ConvArgs are the buffers and sizes of one RunConv call: x [B, Lin, C],
// w [C, W], bias [C] (read when the spec has Bias), prefix [B, PL, C] (nil:
// zero padding; else the rows before x, a stream's window) and the output
// y [B, Lout, C] with Lout = Lin + PL + PR - W + 1. No buffer may overlap
// another.
type ConvArgs struct {
	B, Lin, C, PL, PR int
	X, W, Bias        []float32
	Prefix            []float32
	Y                 []float32
}

// Lout is the output length.
func (a *ConvArgs) Lout(w int) int { return a.Lin + a.PL + a.PR - w + 1 }

// convChunk is the steps per time chunk: the taps are loaded once per chunk
// and lane block, and chunks are the unit of work shared between threads.
const convChunk = 128

// RunConv computes the convolution with fn, a kernel from EmitConv(_, _, s,
// variant), on up to threads goroutines (<= 0: GOMAXPROCS; small problems
// use fewer), one kernel call per goroutine on a contiguous range of
// (batch, time chunk, channel group) items. Every output element is computed
// by the same operations whatever the split, so results are bitwise
// identical for every thread count.
func RunConv(fn native.Fn, s ConvSpec, variant string, threads int, a *ConvArgs) error {
	if !fn.Valid() {
		return fmt.Errorf("llvm: conv: invalid kernel")
	}
	if err := s.validate(); err != nil {
		return err
	}
	lout := a.Lout(s.W)
	if a.B < 0 || a.Lin < 0 || a.C < 0 || a.PL < 0 || a.PR < 0 || lout < 0 {
		return fmt.Errorf("llvm: conv: bad sizes B=%d Lin=%d C=%d W=%d pad=(%d,%d)", a.B, a.Lin, a.C, s.W, a.PL, a.PR)
	}
	for _, c := range []struct {
		name string
		v    []float32
		want int
		use  bool
	}{
		{"X", a.X, a.B * a.Lin * a.C, true}, {"W", a.W, a.C * s.W, true}, {"Bias", a.Bias, a.C, s.Bias},
		{"Prefix", a.Prefix, a.B * a.PL * a.C, a.Prefix != nil}, {"Y", a.Y, a.B * lout * a.C, true},
	} {
		if c.use && len(c.v) != c.want {
			return fmt.Errorf("llvm: conv: len(%s) = %d, want %d", c.name, len(c.v), c.want)
		}
	}
	if a.B == 0 || a.C == 0 || lout == 0 {
		return nil
	}
	lanes := VariantLanes(variant)
	nT := (lout + convChunk - 1) / convChunk
	t := runtime.ThreadsFor(threads, a.B*lout*a.C*(s.W+8))
	// Channel groups: all channels in one, unless there are too few
	// (batch, chunk) items to keep every thread busy (step mode).
	blocks := (a.C + lanes - 1) / lanes
	nG := 1
	if items := a.B * nT; items < 4*t {
		nG = min(blocks, (4*t+items-1)/items)
	}
	G := (blocks + nG - 1) / nG * lanes
	nG = (a.C + G - 1) / G
	var p native.Ptrs
	p[convPX], p[convPW], p[convPY] = selPtr(a.X), selPtr(a.W), selPtr(a.Y)
	if s.Bias {
		p[convPBias] = selPtr(a.Bias)
	}
	if a.Prefix != nil && a.PL > 0 {
		p[convPPrefix] = selPtr(a.Prefix)
	}
	ints := [8]int64{int64(a.Lin), int64(a.C), int64(lout), int64(a.PL), convChunk, int64(nT), int64(G), int64(nG)}
	runtime.ParallelFor(a.B*nT*nG, t, func(lo, hi int) {
		fn.Call(lo, hi, ints[:], &p)
	})
	return nil
}

// ShiftArgs are the buffers of one RunShift call, as 4-byte words: x and y
// [Outer, Size, Inner], Win and NewWin [Outer, N, Inner] (Win nil: zeros;
// NewWin nil: not written). No buffer may overlap another.
type ShiftArgs struct {
	Outer, Size, Inner, N int
	X, Win, Y, NewWin     unsafe.Pointer
}

// RunShift computes the shift with fn, a kernel from EmitShift, on up to
// threads goroutines split over outer indices.
func RunShift(fn native.Fn, threads int, a *ShiftArgs) error {
	if !fn.Valid() {
		return fmt.Errorf("llvm: shift: invalid kernel")
	}
	if a.Outer < 0 || a.Size < 0 || a.Inner < 0 || a.N < 0 {
		return fmt.Errorf("llvm: shift: bad sizes outer=%d size=%d inner=%d n=%d", a.Outer, a.Size, a.Inner, a.N)
	}
	if a.Outer == 0 || (a.Size == 0 || a.Inner == 0) && a.NewWin == nil {
		return nil
	}
	var p native.Ptrs
	p[shiftPX], p[shiftPWin], p[shiftPY], p[shiftPNewWin] = a.X, a.Win, a.Y, a.NewWin
	ints := [3]int64{int64(a.Size), int64(a.Inner), int64(a.N)}
	t := runtime.ThreadsFor(threads, a.Outer*(a.Size+a.N)*a.Inner/4)
	runtime.ParallelFor(a.Outer, t, func(lo, hi int) {
		fn.Call(lo, hi, ints[:], &p)
	})
	return nil
}
