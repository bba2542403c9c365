package ptx

import (
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// The small ops that keep a model on the device: the complex parts
// (complex), where, cast between f32 and i32, arange, and the sums along
// an axis (sum, mean, cumsum). index, real, imag and the moves of i32
// tensors are strided copies (kernels_move.go's copy kernel; ops_data.go
// plans them). Each kernel computes exactly what the interpreter does: the
// sums accumulate in float64 in the interpreter's order (one thread walks
// one output's axis), the conversions are LLVM's, which round as Go's do.

// stridedInts is how many int arguments a strided kernel over n operands
// takes: the total, the dims, then each operand's strides.
func stridedInts(n int) int { return 1 + moveAxes*(1+n) }

// StoreI32 writes the i64 value v, truncated to int32, into m[idx] (an
// int32 buffer passed where the kernel ABI has float buffers).
func (k *K) StoreI32(m *Mem, idx, v llvalue.Value) {
	p := k.addr(m, idx)
	pt := p.Type().(*lltypes.PointerType)
	ip := lltypes.NewPointer(lltypes.I32)
	ip.AddrSpace = pt.AddrSpace
	st := k.B.NewStore(k.B.NewTrunc(v, lltypes.I32), k.B.NewBitCast(p, ip))
	st.Align = 4
}

// stridedOffsets is element i's offset in each of n operands: i's
// coordinates over the dims at ints[1:1+moveAxes] (row-major), dotted with
// operand j's strides at ints[1+moveAxes·(j+1):].
func (k *K) stridedOffsets(i llvalue.Value, n int) []llvalue.Value {
	offs := make([]llvalue.Value, n)
	for j := range offs {
		offs[j] = c64(0)
	}
	rem := i
	for d := moveAxes - 1; d >= 0; d-- {
		dim := k.Int(1 + d)
		c := k.B.NewSRem(rem, dim)
		rem = k.B.NewSDiv(rem, dim)
		for j := range offs {
			offs[j] = k.Add(offs[j], k.Mul(c, k.Int(1+moveAxes*(j+1)+d)))
		}
	}
	return offs
}

// interleaveSpec: strided ints over 2 operands; buffers re, im, y (c64).
func interleaveSpec(name string) Spec {
	return Spec{Name: name, BX: elemBlock, BY: 1, Ints: stridedInts(2), Ptrs: 3}
}

// EmitInterleave adds complex(re, im): y[2i] = re[·], y[2i+1] = im[·], the
// operands read through their (broadcast) strides.
func EmitInterleave(t Target, m *Module, name string) error {
	return Emit(t, m.M, m.Math, interleaveSpec(name), func(k *K) error {
		re, im, y := k.Global(0), k.Global(1), k.Global(2)
		k.Phase(func() {
			i := k.elemIndex()
			k.If(k.Lt(i, k.Int(0)), func() {
				offs := k.stridedOffsets(i, 2)
				o := k.Mul(i, c64(2))
				k.Store(y, o, k.Load(re, offs[0]))
				k.Store(y, k.Add(o, c64(1)), k.Load(im, offs[1]))
			})
		})
		return nil
	})
}

// whereSpec: strided ints over 3 operands; buffers cond, x, y, out.
func whereSpec(name string) Spec {
	return Spec{Name: name, BX: elemBlock, BY: 1, Ints: stridedInts(3), Ptrs: 4}
}

// EmitWhere adds out = cond ≠ 0 ? x : y. The values are moved as 32-bit
// words (f32 or i32 alike); the condition is an i32 tensor (intCond) or
// f32, where NaN counts as true as Go's != says.
func EmitWhere(t Target, m *Module, name string, intCond bool) error {
	return Emit(t, m.M, m.Math, whereSpec(name), func(k *K) error {
		cb, xb, yb, out := k.Global(0), k.Global(1), k.Global(2), k.Global(3)
		k.Phase(func() {
			i := k.elemIndex()
			k.If(k.Lt(i, k.Int(0)), func() {
				offs := k.stridedOffsets(i, 3)
				var pick llvalue.Value
				if intCond {
					pick = k.B.NewICmp(llenum.IPredNE, k.LoadI32(cb, offs[0]), c64(0))
				} else {
					pick = k.B.NewFCmp(llenum.FPredUNE, k.Load(cb, offs[0]), f32(0))
				}
				// Both loads are in bounds: only one value is chosen, and a
				// select of loaded words moves their bits unchanged.
				k.Store(out, i, k.B.NewSelect(pick, k.Load(xb, offs[1]), k.Load(yb, offs[2])))
			})
		})
		return nil
	})
}

// castSpec: ints [n]; buffers x, y.
func castSpec(name string) Spec { return Spec{Name: name, BX: elemBlock, BY: 1, Ints: 1, Ptrs: 2} }

// two31 is 2^31 as a float: the bounds of the interpreter's check
// (math.MaxInt32 and math.MinInt32 round to ±2^31 as float32).
const two31 = 2147483648.0

// EmitCast adds the conversion between f32 and i32 (toInt: f32 → i32).
// f32 → i32 truncates toward zero like Go's int32(v). The interpreter
// refuses NaN and values beyond ±2^31; the kernel writes −2^31 for those,
// which the launcher, reading the result on the host anyway (i32 results
// come back), takes as "maybe refused" and runs the op on the interpreter,
// which reports the error — or, for the inputs ±2^31 that convert to
// −2^31 (2^31 passes the interpreter's check and converts, on the amd64
// it runs on, through int64, as here), gives the same result. So no flag
// has to be copied. i32 → f32 rounds to nearest even, as Go's float32(v).
func EmitCast(t Target, m *Module, name string, toInt bool) error {
	return Emit(t, m.M, m.Math, castSpec(name), func(k *K) error {
		x, y := k.Global(0), k.Global(1)
		k.Phase(func() {
			i := k.elemIndex()
			k.If(k.Lt(i, k.Int(0)), func() {
				if !toInt {
					k.Store(y, i, k.B.NewSIToFP(k.LoadI32(x, i), lltypes.Float))
					return
				}
				v := k.Load(x, i)
				bad := k.B.NewOr(k.B.NewFCmp(llenum.FPredUNO, v, v),
					k.B.NewOr(k.B.NewFCmp(llenum.FPredOGT, v, f32(two31)), k.B.NewFCmp(llenum.FPredOLT, v, f32(-two31))))
				// A refused value converts as −2^31, the launcher's sign to
				// look again (fptosi of it would be poison).
				safe := k.B.NewSelect(bad, f32(-two31), v)
				k.StoreI32(y, i, k.B.NewFPToSI(safe, lltypes.I64))
			})
		})
		return nil
	})
}

// arangeSpec: ints [n, start]; buffer y.
func arangeSpec(name string) Spec { return Spec{Name: name, BX: elemBlock, BY: 1, Ints: 2, Ptrs: 1} }

// EmitArange adds y[i] = start + i, as i32 (wrapping like Go's int32) or
// rounded to f32 (asF32).
func EmitArange(t Target, m *Module, name string, asF32 bool) error {
	return Emit(t, m.M, m.Math, arangeSpec(name), func(k *K) error {
		y := k.Global(0)
		k.Phase(func() {
			i := k.elemIndex()
			k.If(k.Lt(i, k.Int(0)), func() {
				v := k.Add(k.Int(1), i)
				if asF32 {
					k.Store(y, i, k.B.NewSIToFP(v, lltypes.Float))
					return
				}
				k.StoreI32(y, i, v)
			})
		})
		return nil
	})
}

// f64 is the double constant v.
func f64(v float64) llvalue.Value { return llconst.NewFloat(lltypes.Double, v) }

// reduceSpec: ints [outer·inner, size, inner]; buffers x [outer, size,
// inner], y [outer, inner].
func reduceSpec(name string) Spec { return Spec{Name: name, BX: elemBlock, BY: 1, Ints: 3, Ptrs: 2} }

// EmitReduce adds sum (or mean) along an axis: one thread per output
// element walks the axis in increasing order, accumulating in float64 as
// the interpreter does, so the result is its bits.
func EmitReduce(t Target, m *Module, name string, mean bool) error {
	return Emit(t, m.M, m.Math, reduceSpec(name), func(k *K) error {
		x, y := k.Global(0), k.Global(1)
		k.Phase(func() {
			j := k.elemIndex()
			k.If(k.Lt(j, k.Int(0)), func() {
				size, inner := k.Int(1), k.Int(2)
				base := k.axisBase(j, size, inner)
				acc := k.For(c64(0), size, 1, []llvalue.Value{f64(0)}, func(tt llvalue.Value, cur []llvalue.Value) []llvalue.Value {
					v := k.Load(x, k.Add(base, k.Mul(tt, inner)))
					return []llvalue.Value{k.B.NewFAdd(cur[0], k.B.NewFPExt(v, lltypes.Double))}
				})[0]
				if mean {
					acc = k.B.NewFDiv(acc, k.B.NewSIToFP(size, lltypes.Double))
				}
				k.Store(y, j, k.B.NewFPTrunc(acc, lltypes.Float))
			})
		})
		return nil
	})
}

// axisBase is where output element j = o·inner + i starts in x [outer,
// size, inner]: o·size·inner + i.
func (k *K) axisBase(j, size, inner llvalue.Value) llvalue.Value {
	o := k.B.NewSDiv(j, inner)
	return k.Add(k.Mul(o, k.Mul(size, inner)), k.B.NewSRem(j, inner))
}

// cumsumSpec: ints [outer·inner, size, inner, has carry, writes carry];
// buffers x [outer, size, inner], carry [outer·inner] (the running sums
// before the chunk in a stream), y like x, next carry [outer·inner].
func cumsumSpec(name string) Spec { return Spec{Name: name, BX: elemBlock, BY: 1, Ints: 5, Ptrs: 4} }

// EmitCumsum adds the inclusive prefix sum along an axis: one thread per
// (outer, inner) walks the axis from the carry (a stream's running sum, a
// float32 as the interpreter keeps it) or 0, in float64, writing each
// prefix rounded to float32, and the last into the next carry.
func EmitCumsum(t Target, m *Module, name string) error {
	return Emit(t, m.M, m.Math, cumsumSpec(name), func(k *K) error {
		x, carry, y, next := k.Global(0), k.Global(1), k.Global(2), k.Global(3)
		k.Phase(func() {
			j := k.elemIndex()
			k.If(k.Lt(j, k.Int(0)), func() {
				size, inner := k.Int(1), k.Int(2)
				base := k.axisBase(j, size, inner)
				has := k.B.NewICmp(llenum.IPredNE, k.Int(3), c64(0))
				init := k.IfValue(has, f64(0), func() llvalue.Value { return k.B.NewFPExt(k.Load(carry, j), lltypes.Double) })
				acc := k.For(c64(0), size, 1, []llvalue.Value{init}, func(tt llvalue.Value, cur []llvalue.Value) []llvalue.Value {
					at := k.Add(base, k.Mul(tt, inner))
					a := k.B.NewFAdd(cur[0], k.B.NewFPExt(k.Load(x, at), lltypes.Double))
					k.Store(y, at, k.B.NewFPTrunc(a, lltypes.Float))
					return []llvalue.Value{a}
				})[0]
				k.If(k.B.NewICmp(llenum.IPredNE, k.Int(4), c64(0)), func() {
					k.Store(next, j, k.B.NewFPTrunc(acc, lltypes.Float))
				})
			})
		})
		return nil
	})
}
