package llvm

import (
	"fmt"
	"math"
	"sync"
	"unsafe"

	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/runtime"
)

// Launchers of the elementwise and row kernels (elem_map.go, elem_rows.go):
// they size the work, split it over goroutines along independent elements,
// rows or columns (one kernel call per goroutine) and finish what the
// kernels flag (sin/cos of huge arguments, errors). They take plain slices,
// so the tests and benchmarks call them directly.

// elemMaxWorkers bounds the goroutines of one launch (and the per-worker
// flags kept on the stack).
const elemMaxWorkers = 64

// elemCost is the work per element, in ThreadsFor's units, of a
// memory-bound kernel (a few instructions per element) and of one with a
// polynomial or float64 math per element.
const (
	elemCostCheap = 1
	elemCostMath  = 8
)

// elemParallel calls fn on [0, n) split into at most t contiguous parts
// whose bounds are multiples of align (but the last), each on its own
// goroutine; t == 1 calls fn inline, with no goroutine or closure cost.
func elemParallel(n, t, align int, fn func(w, lo, hi int)) {
	if n <= 0 {
		return
	}
	units := (n + align - 1) / align
	t = max(1, min(t, units, elemMaxWorkers))
	if t == 1 {
		fn(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	panics := make([]*runtime.WorkerPanic, t)
	for w := 0; w < t; w++ {
		lo, hi := min(w*units/t*align, n), min((w+1)*units/t*align, n)
		if lo == hi {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A panic must reach the caller (the executor turns it into an
			// error), not end the process from a worker goroutine.
			panics[w] = runtime.CatchPanic(func() { fn(w, lo, hi) })
		}()
	}
	wg.Wait()
	for _, p := range panics {
		runtime.RaisePanic(p)
	}
}

// elemLaunch calls fn on [0, n) of its parallel axis: inline when t is 1,
// else split over t goroutines, one call each. The single-thread path
// allocates nothing (ints and p stay on the caller's stack): a step-mode
// call costs the cgo crossing and the kernel.
func elemLaunch(fn native.Fn, n, t int, ints []int64, p *native.Ptrs) {
	if t <= 1 {
		if n > 0 {
			fn.Call(0, n, ints, p)
		}
		return
	}
	elemLaunchPar(fn, n, t, append([]int64(nil), ints...), *p)
}

// elemLaunchPar is elemLaunch's parallel path, on copies of the arguments
// (the goroutines' closure would otherwise move the caller's to the heap).
func elemLaunchPar(fn native.Fn, n, t int, ints []int64, p native.Ptrs) {
	elemParallel(n, t, 1, func(_, lo, hi int) { fn.Call(lo, hi, ints, &p) })
}

// elemFlagged runs a kernel that reports through a flag (buffer argument
// flagArg) on t goroutines, each with its own flag, and reports whether
// any was set.
func elemFlagged(fn native.Fn, n, t, align int, ints []int64, p native.Ptrs, flagArg int) bool {
	var flags [elemMaxWorkers]float32
	elemParallel(n, t, align, func(w, lo, hi int) {
		q := p
		q[flagArg] = unsafe.Pointer(&flags[w])
		fn.Call(lo, hi, ints, &q)
	})
	for _, f := range flags {
		if f != 0 {
			return true
		}
	}
	return false
}

func elemF32Ptr(v []float32) unsafe.Pointer {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Pointer(&v[0])
}

func elemI32Ptr(v []int32) unsafe.Pointer {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Pointer(&v[0])
}

func elemF64Ptr(v []float64) unsafe.Pointer {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Pointer(&v[0])
}

// unaryCost is the per-element work of a unary op for ThreadsFor.
func unaryCost(op string) int {
	if elemUnary[op].unroll >= 4 {
		return elemCostCheap
	}
	return elemCostMath
}

// RunUnary computes y = op(x) with a kernel from EmitUnary for op, on up to
// threads goroutines (<= 0: GOMAXPROCS). len(y) must be len(x).
func RunUnary(fn native.Fn, op string, threads int, x, y []float32) error {
	n := len(x)
	if len(y) != n {
		return fmt.Errorf("llvm: %s: %d outputs for %d inputs", op, len(y), n)
	}
	if t := runtime.ThreadsFor(threads, n*unaryCost(op)); t > 1 {
		elemParallel(n, t, 256, func(_, lo, hi int) { unaryChunk(fn, op, x, y, lo, hi) })
	} else if n > 0 {
		unaryChunk(fn, op, x, y, 0, n)
	}
	return nil
}

// unaryChunk runs the kernel on [lo, hi) and recomputes what it flags.
func unaryChunk(fn native.Fn, op string, x, y []float32, lo, hi int) {
	var flag float32
	var p native.Ptrs
	p[elemUnX], p[elemUnY], p[elemUnFlag] = elemF32Ptr(x), elemF32Ptr(y), unsafe.Pointer(&flag)
	fn.Call(lo, hi, nil, &p)
	if flag == 0 {
		return
	}
	// Arguments beyond the kernel's reduction: math.Sin/Cos, as the
	// interpreter computes every element.
	f := math.Sin
	if op == "cos" {
		f = math.Cos
	}
	for i := lo; i < hi; i++ {
		if v := float64(x[i]); math.Abs(v) > elemSinHuge {
			y[i] = float32(f(v))
		}
	}
}

// BroadcastPlan is a binary op's iteration after broadcasting: the output
// as [N0, N1, N2, N] (size-1 axes dropped, contiguous runs merged) and each
// operand's strides along those axes (0 where it is broadcast).
type BroadcastPlan struct {
	N0, N1, N2, N int
	SA, SB        [4]int
}

// PlanBroadcast reduces the NumPy broadcast of contiguous operands of
// shapes a and b to out (the interpreter's broadcastStrides) to at most
// four axes; ok is false when more remain (the launch falls back to the
// interpreter).
func PlanBroadcast(out, a, b []int) (p BroadcastPlan, ok bool) {
	var dims [4]int
	var sa, sb [4]int
	r := 0
	strides := func(in []int, ax int) int {
		k := ax - (len(out) - len(in))
		if k < 0 || in[k] == 1 {
			return 0
		}
		s := 1
		for _, d := range in[k+1:] {
			s *= d
		}
		return s
	}
	for ax, d := range out {
		if d == 1 {
			continue // a size-1 axis never advances
		}
		as, bs := strides(a, ax), strides(b, ax)
		if r > 0 && sa[r-1] == as*d && sb[r-1] == bs*d {
			dims[r-1] *= d // the previous axis runs on contiguously into this one
			sa[r-1], sb[r-1] = as, bs
			continue
		}
		if r == 4 {
			return p, false
		}
		dims[r], sa[r], sb[r] = d, as, bs
		r++
	}
	// Right-align into [N0, N1, N2, N], padding with size-1 axes.
	var pd [4]int
	for i := range pd {
		pd[i] = 1
	}
	off := 4 - r
	for i := 0; i < r; i++ {
		pd[off+i], p.SA[off+i], p.SB[off+i] = dims[i], sa[i], sb[i]
	}
	p.N0, p.N1, p.N2, p.N = pd[0], pd[1], pd[2], pd[3]
	if p.SA[3] > 1 || p.SB[3] > 1 || (p.N > 1 && p.SA[3] == 0 && p.SB[3] == 0) {
		return p, false // not a broadcast of contiguous operands
	}
	return p, true
}

// RunBinary computes out = op(a, b) for the broadcast p with a kernel from
// EmitBinary. cost is the per-element work (elemCostCheap, or
// elemCostMath for pow).
func RunBinary(fn native.Fn, threads, cost int, p BroadcastPlan, a, b, out []float32) {
	rows := p.N0 * p.N1 * p.N2
	total := rows * p.N
	if total == 0 {
		return
	}
	ints := [elemBinInts]int64{int64(p.N), int64(p.N2), int64(p.N1), int64(p.SA[3]), int64(p.SB[3]),
		int64(p.SA[2]), int64(p.SB[2]), int64(p.SA[1]), int64(p.SB[1]), int64(p.SA[0]), int64(p.SB[0])}
	var ptrs native.Ptrs
	ptrs[elemBinA], ptrs[elemBinB], ptrs[elemBinOut] = elemF32Ptr(a), elemF32Ptr(b), elemF32Ptr(out)
	t := runtime.ThreadsFor(threads, total*cost)
	if t == 1 || rows > 1 {
		elemLaunch(fn, rows, t, ints[:], &ptrs)
		return
	}
	binarySplitRow(fn, t, p, ints, a, b, out)
}

// binarySplitRow runs one long row (rows = 1) as t rows of its own, each a
// part of it.
func binarySplitRow(fn native.Fn, t int, p BroadcastPlan, ints [elemBinInts]int64, a, b, out []float32) {
	elemParallel(p.N, t, 256, func(_, lo, hi int) {
		in := ints
		in[elemBinN] = int64(hi - lo)
		var q native.Ptrs
		q[elemBinA] = unsafe.Pointer(&a[lo*p.SA[3]])
		q[elemBinB] = unsafe.Pointer(&b[lo*p.SB[3]])
		q[elemBinOut] = unsafe.Pointer(&out[lo])
		fn.Call(0, 1, in[:], &q)
	})
}

// RunCast converts x (f32 to i32 when toInt, else i32 to f32) with a kernel
// from EmitCast. f32 to i32 fails, as the interpreter does, on NaN and on
// values outside int32.
func RunCast(fn native.Fn, toInt bool, threads int, xf []float32, xi []int32, yf []float32, yi []int32) error {
	n := len(xf) + len(xi)
	var p native.Ptrs
	if toInt {
		p[elemCastX], p[elemCastY] = elemF32Ptr(xf), elemI32Ptr(yi)
	} else {
		p[elemCastX], p[elemCastY] = elemI32Ptr(xi), elemF32Ptr(yf)
	}
	bad := false
	if t := runtime.ThreadsFor(threads, n); t > 1 {
		bad = elemFlagged(fn, n, t, 256, nil, p, elemCastFlag)
	} else if n > 0 {
		var flag float32
		q := p // not p itself: what p holds escapes to the goroutines above
		q[elemCastFlag] = unsafe.Pointer(&flag)
		fn.Call(0, n, nil, &q)
		bad = flag != 0
	}
	if bad {
		for _, v := range xf {
			if math.IsNaN(float64(v)) || v > math.MaxInt32 || v < math.MinInt32 {
				return fmt.Errorf("cannot cast %v to i32", v)
			}
		}
	}
	return nil
}

// RunNorm normalises rows of d floats with a kernel from EmitNorm; w and b
// are nil when the kernel was emitted without them.
func RunNorm(fn native.Fn, threads, rows, d int, eps float64, x, w, b, y []float32) {
	if rows == 0 || d == 0 {
		return
	}
	ints := [2]int64{int64(d), int64(math.Float64bits(eps))}
	var p native.Ptrs
	p[elemNormX], p[elemNormW], p[elemNormB], p[elemNormY] = elemF32Ptr(x), elemF32Ptr(w), elemF32Ptr(b), elemF32Ptr(y)
	elemLaunch(fn, rows, runtime.ThreadsFor(threads, rows*d*2), ints[:], &p)
}

// RunSoftmax computes the softmax of rows of d floats with a kernel from
// EmitSoftmax.
func RunSoftmax(fn native.Fn, threads, rows, d int, x, y []float32) {
	if rows == 0 || d == 0 {
		return
	}
	ints := [1]int64{int64(d)}
	var p native.Ptrs
	p[0], p[1] = elemF32Ptr(x), elemF32Ptr(y)
	elemLaunch(fn, rows, runtime.ThreadsFor(threads, rows*d*4), ints[:], &p)
}

// RunReduce reduces x [outer, size, inner] over size into out [outer,
// inner] with a kernel from EmitReduce (row: inner must be 1).
func RunReduce(fn native.Fn, row bool, variant string, threads, outer, size, inner int, x, out []float32) {
	if outer*inner == 0 {
		return
	}
	var p native.Ptrs
	p[0], p[1] = elemF32Ptr(x), elemF32Ptr(out)
	t := runtime.ThreadsFor(threads, outer*max(size, 1)*inner)
	if row {
		ints := [1]int64{int64(size)}
		elemLaunch(fn, outer, t, ints[:], &p)
		return
	}
	strips := (inner + elemStrip(variant) - 1) / elemStrip(variant)
	ints := [3]int64{int64(size), int64(inner), int64(strips)}
	elemLaunch(fn, outer*strips, t, ints[:], &p)
}

// RunCumsum computes the prefix sums of x [outer, size, inner] along size
// into y with a kernel from EmitCumsum (row: inner must be 1), starting
// from carryIn [outer·inner] (nil: zeros) and writing the last sums to
// carryOut (nil: not written).
func RunCumsum(fn native.Fn, row bool, variant string, threads, outer, size, inner int, x, y, carryIn, carryOut []float32) {
	if outer*inner == 0 {
		return
	}
	var p native.Ptrs
	p[elemCumX], p[elemCumY], p[elemCumIn], p[elemCumOut] = elemF32Ptr(x), elemF32Ptr(y), elemF32Ptr(carryIn), elemF32Ptr(carryOut)
	t := runtime.ThreadsFor(threads, outer*max(size, 1)*inner)
	if row {
		ints := [1]int64{int64(size)}
		elemLaunch(fn, outer, t, ints[:], &p)
		return
	}
	strips := (inner + elemStrip(variant) - 1) / elemStrip(variant)
	ints := [3]int64{int64(size), int64(inner), int64(strips)}
	elemLaunch(fn, outer*strips, t, ints[:], &p)
}

// RunTake copies rows of tab [rows, width] by ids into out [len(ids),
// width] with a kernel from EmitTake; an id outside [0, rows) is an error
// (the interpreter's message).
func RunTake(fn native.Fn, threads, rows, width int, tab []float32, ids []int32, out []float32) error {
	if len(ids) == 0 {
		return nil
	}
	ints := [2]int64{int64(width), int64(rows)}
	var p native.Ptrs
	p[elemTakeTab], p[elemTakeIDs], p[elemTakeOut] = elemF32Ptr(tab), elemI32Ptr(ids), elemF32Ptr(out)
	bad := false
	if t := runtime.ThreadsFor(threads, len(ids)*width); t > 1 {
		bad = elemFlagged(fn, len(ids), t, 1, append([]int64(nil), ints[:]...), p, elemTakeFlag)
	} else {
		var flag float32
		q := p // not p itself: what p holds escapes to the goroutines above
		q[elemTakeFlag] = unsafe.Pointer(&flag)
		fn.Call(0, len(ids), ints[:], &q)
		bad = flag != 0
	}
	if bad {
		for i, id := range ids {
			if id < 0 || int(id) >= rows {
				return fmt.Errorf("index %d out of range for a table of %d rows (position %d)", id, rows, i)
			}
		}
	}
	return nil
}

// RunRoPE rotates x [B, L, H, D] into y with a kernel from EmitRoPE, cos and
// sin [L, D/2] holding the angles of the L positions.
func RunRoPE(fn native.Fn, threads, B, L, H, D int, cos, sin []float64, x, y []float32) {
	if B*L*H == 0 {
		return
	}
	ints := [3]int64{int64(L), int64(H), int64(D)}
	var p native.Ptrs
	p[elemRopeX], p[elemRopeY], p[elemRopeCos], p[elemRopeSin] = elemF32Ptr(x), elemF32Ptr(y), elemF64Ptr(cos), elemF64Ptr(sin)
	elemLaunch(fn, B*L, runtime.ThreadsFor(threads, B*L*H*D*2), ints[:], &p)
}

// ropeTable caches the cos/sin of one (theta, D) for positions [0, n): a
// stream's step needs one row, which a table lookup gives for the cost of
// reading it, where computing D/2 sincos per call would cost more than the
// rotation. Rows are the interpreter's (attn.RoPE): math.Pow for the
// frequencies, math.Sincos of position × frequency in float64.
type ropeTable struct {
	mu       sync.Mutex
	invFreq  []float64
	cos, sin []float64 // [n, half]; replaced (never written) when grown
}

// ropeCacheFloats bounds a table (per array): beyond it rows are computed
// per call.
const ropeCacheFloats = 1 << 20

var ropeTables sync.Map // ropeKey → *ropeTable

type ropeKey struct {
	theta float64
	d     int
}

// RoPEAngles returns cos and sin [L, D/2] of positions pos0 ... pos0+L-1
// for the given theta and head size D, from the shared table when it
// covers them. The slices must not be written.
func RoPEAngles(theta float64, D, pos0, L int) (cos, sin []float64) {
	half := D / 2
	v, _ := ropeTables.LoadOrStore(ropeKey{theta, D}, &ropeTable{})
	tb := v.(*ropeTable)
	tb.mu.Lock()
	if tb.invFreq == nil {
		tb.invFreq = make([]float64, half)
		for i := range tb.invFreq {
			tb.invFreq[i] = math.Pow(theta, -float64(2*i)/float64(D))
		}
	}
	inv := tb.invFreq
	need := (pos0 + L) * half
	if need > ropeCacheFloats {
		tb.mu.Unlock()
		cos, sin = make([]float64, L*half), make([]float64, L*half)
		ropeFill(cos, sin, inv, pos0, L)
		return cos, sin
	}
	if need > len(tb.cos) {
		n := min(max(need, 2*len(tb.cos), 64*half), ropeCacheFloats) / half
		have := len(tb.cos) / half
		c, s := make([]float64, n*half), make([]float64, n*half)
		copy(c, tb.cos)
		copy(s, tb.sin)
		ropeFill(c[have*half:], s[have*half:], inv, have, n-have)
		tb.cos, tb.sin = c, s
	}
	cos, sin = tb.cos[pos0*half:need], tb.sin[pos0*half:need]
	tb.mu.Unlock()
	return cos, sin
}

// ropeFill writes the angles of positions pos0 ... pos0+L-1.
func ropeFill(cos, sin, invFreq []float64, pos0, L int) {
	half := len(invFreq)
	for t := 0; t < L; t++ {
		p := float64(pos0 + t)
		for i, f := range invFreq {
			sin[t*half+i], cos[t*half+i] = math.Sincos(p * f)
		}
	}
}
