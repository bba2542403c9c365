package llvm

import (
	"fmt"
	"math"

	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// PoolSpec is the geometry a pooling kernel is specialised to: the window,
// stride and padding along (H, W) are constants of the emitted code; the
// image and output sizes are run-time arguments.
type PoolSpec struct {
	Max     bool // max_pool2d (else avg_pool2d)
	Kernel  [2]int
	Stride  [2]int
	Padding [2]int
	Exclude bool // avg_pool2d's exclude_pad: divide by the window's in-image pixels
}

func (s PoolSpec) validate() error {
	for i := range 2 {
		if s.Kernel[i] < 1 || s.Stride[i] < 1 || s.Padding[i] < 0 || 2*s.Padding[i] > s.Kernel[i] {
			return fmt.Errorf("llvm: pool2d: bad window kernel %v stride %v padding %v", s.Kernel, s.Stride, s.Padding)
		}
	}
	if s.Kernel[0]*s.Kernel[1] > 64 {
		return fmt.Errorf("llvm: pool2d: a window of %d×%d is unrolled: at most 64 taps", s.Kernel[0], s.Kernel[1])
	}
	return nil
}

// Pool kernel ABI: lo, hi = the (image, channel) planes to compute; ints =
// [H, W, Ho, Wo]; p0 = x [planes, H, W], p1 = y [planes, Ho, Wo].
const (
	poolPX = 0
	poolPY = 1
)

// EmitPool adds the pooling kernel name for variant to m. One vector holds
// lanes consecutive output columns of a row; each window tap is a masked
// gather of the input pixels those columns read (any stride), lanes outside
// the image or past the row's end masked off. The arithmetic is the
// interpreter's (pool2dImpl), in its order, so the results are bitwise
// equal to it:
//   - max: a tap wins when it is greater than the running maximum or NaN
//     (NaN propagates; of equal values the first stays, so -0/+0 order as
//     the interpreter's);
//   - avg: the in-image taps are summed in (ky, kx) order from +0 (a masked
//     tap adds +0, which changes no sum that starts at +0), then divided by
//     the count of taps inside the padded image (exclude: inside the image),
//     0 when there are none.
func EmitPool(m *llvmir.Module, name string, s PoolSpec, variant string) error {
	if err := convCheckName(m, name, variant, "pool2d"); err != nil {
		return err
	}
	if err := s.validate(); err != nil {
		return err
	}
	f := newKfn(m, name, variant)
	k := f.k
	L := int64(f.lanes)
	i32v := lltypes.NewVector(uint64(f.lanes), lltypes.I32)
	g := newBld(nil, f.in, f.lanes)
	entry := f.block("entry")
	H, W, Ho, Wo := k.Int(entry, 0), k.Int(entry, 1), k.Int(entry, 2), k.Int(entry, 3)
	kh, kw := s.Kernel[0], s.Kernel[1]
	sh, sw := int64(s.Stride[0]), int64(s.Stride[1])
	ph, pw := int64(s.Padding[0]), int64(s.Padding[1])
	lane := f.iota(lltypes.I64, 1)
	splat64 := func(b *llvmir.Block, v int64) llvalue.Value { return f.splat(b, i64c(v)) }
	// inRange is lo <= v < hi (signed), on scalars or vectors.
	inRange := func(b *llvmir.Block, v, lo, hi llvalue.Value) llvalue.Value {
		return b.NewAnd(b.NewICmp(llenum.IPredSGE, v, lo), b.NewICmp(llenum.IPredSLT, v, hi))
	}
	// general computes the vector of outputs ox.. of row yrow from any
	// windows: masked gathers.
	general := func(b *llvmir.Block, ox, xb, y0, yrow llvalue.Value) *llvmir.Block {
		g.b = b
		oxv := b.NewAdd(f.splat(b, ox), lane)
		live := b.NewICmp(llenum.IPredSLT, oxv, f.splat(b, Wo))
		x0 := b.NewSub(b.NewMul(oxv, splat64(b, sw)), splat64(b, pw))
		var acc llvalue.Value
		var cnt llvalue.Value = llconst.NewZeroInitializer(i32v)
		if s.Max {
			acc = g.f(float32(math.Inf(-1)))
		} else {
			acc = g.f(0)
		}
		Wv, negPw, wPw := f.splat(b, W), splat64(b, -pw), f.splat(b, b.NewAdd(W, i64c(pw)))
		for ky := 0; ky < kh; ky++ {
			iy := b.NewAdd(y0, i64c(int64(ky)))
			rowIn := f.splat(b, inRange(b, iy, i64c(0), H))
			rowPad := f.splat(b, inRange(b, iy, i64c(-ph), b.NewAdd(H, i64c(ph))))
			rowOff := f.splat(b, b.NewAdd(xb, b.NewMul(iy, W)))
			for kx := 0; kx < kw; kx++ {
				ix := b.NewAdd(x0, splat64(b, int64(kx)))
				valid := b.NewAnd(b.NewAnd(live, rowIn), inRange(b, ix, splat64(b, 0), Wv))
				v := f.gather(b, k.Ptrs[poolPX], b.NewAdd(rowOff, ix), valid)
				if s.Max {
					wins := b.NewOr(g.cmp(llenum.FPredOGT, v, acc), g.cmp(llenum.FPredUNO, v, v))
					acc = g.sel(b.NewAnd(valid, wins), v, acc)
					continue
				}
				acc = g.add(acc, v)
				counted := valid
				if !s.Exclude {
					counted = b.NewAnd(b.NewAnd(live, rowPad), inRange(b, ix, negPw, wPw))
				}
				cnt = b.NewAdd(cnt, b.NewZExt(counted, i32v))
			}
		}
		if !s.Max {
			has := b.NewICmp(llenum.IPredSGT, cnt, llconst.NewZeroInitializer(i32v))
			acc = g.sel(has, g.div(acc, b.NewSIToFP(cnt, g.ft)), g.f(0))
		}
		f.store(b, acc, k.Ptrs[poolPY], b.NewAdd(yrow, ox), live)
		return b
	}
	// even picks lanes 0, 2, 4, ... of the 2·lanes floats in v0, v1.
	evenMask := make([]llconst.Constant, L)
	for j := range evenMask {
		evenMask[j] = llconst.NewInt(lltypes.I32, int64(2*j))
	}
	even := llconst.NewVector(lltypes.NewVector(uint64(L), lltypes.I32), evenMask...)
	// interior computes lanes whole windows inside the image, the first
	// starting at column xlo: the same arithmetic in the same order, every
	// tap counted.
	interior := func(b *llvmir.Block, ox, xb, y0, yrow, xlo llvalue.Value) *llvmir.Block {
		g.b = b
		var acc llvalue.Value
		if s.Max {
			acc = g.f(float32(math.Inf(-1)))
		} else {
			acc = g.f(0)
		}
		for ky := 0; ky < kh; ky++ {
			row := b.NewAdd(xb, b.NewMul(b.NewAdd(y0, i64c(int64(ky))), W))
			for kx := 0; kx < kw; kx++ {
				at := b.NewAdd(row, b.NewAdd(xlo, i64c(int64(kx))))
				v := f.load(b, k.Ptrs[poolPX], at, nil)
				if sw == 2 {
					v = b.NewShuffleVector(v, f.load(b, k.Ptrs[poolPX], b.NewAdd(at, i64c(L)), nil), even)
				}
				if s.Max {
					wins := b.NewOr(g.cmp(llenum.FPredOGT, v, acc), g.cmp(llenum.FPredUNO, v, v))
					acc = g.sel(wins, v, acc)
					continue
				}
				acc = g.add(acc, v)
			}
		}
		if !s.Max {
			acc = g.div(acc, g.f(float32(kh*kw)))
		}
		f.store(b, acc, k.Ptrs[poolPY], b.NewAdd(yrow, ox), nil)
		return b
	}
	end, _ := f.loop(entry, "plane", k.Lo, k.Hi, 1, nil, func(b *llvmir.Block, pl llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
		xb := b.NewMul(pl, b.NewMul(H, W))
		yb := b.NewMul(pl, b.NewMul(Ho, Wo))
		b, _ = f.loop(b, "oy", i64c(0), Ho, 1, nil, func(b *llvmir.Block, oy llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
			y0 := b.NewSub(b.NewMul(oy, i64c(sh)), i64c(ph))
			yrow := b.NewAdd(yb, b.NewMul(oy, Wo))
			b, _ = f.loop(b, "ox", i64c(0), Wo, L, nil, func(b *llvmir.Block, ox llvalue.Value, _ []llvalue.Value) (*llvmir.Block, []llvalue.Value) {
				if sw > 2 {
					return general(b, ox, xb, y0, yrow), nil
				}
				// A vector of whole windows inside the image (all but the
				// edges) reads each tap's pixels as one or two vector
				// loads instead of a gather.
				xlo := b.NewSub(b.NewMul(ox, i64c(sw)), i64c(pw))
				// The last pixel read: with stride 2 the second load of
				// the last tap ends one past its window.
				xhi := b.NewAdd(xlo, i64c(L*sw-1+int64(kw)-1))
				inside := b.NewAnd(b.NewICmp(llenum.IPredSLE, b.NewAdd(ox, i64c(L)), Wo),
					b.NewAnd(b.NewAnd(b.NewICmp(llenum.IPredSGE, xlo, i64c(0)), b.NewICmp(llenum.IPredSLT, xhi, W)),
						b.NewAnd(b.NewICmp(llenum.IPredSGE, y0, i64c(0)), b.NewICmp(llenum.IPredSLT, b.NewAdd(y0, i64c(int64(kh-1))), H))))
				fast, slow, join := f.block("pool.fast"), f.block("pool.edge"), f.block("pool.join")
				b.NewCondBr(inside, fast, slow)
				general(slow, ox, xb, y0, yrow).NewBr(join)
				interior(fast, ox, xb, y0, yrow, xlo).NewBr(join)
				return join, nil
			})
			return b, nil
		})
		return b, nil
	})
	end.NewRet(nil)
	return nil
}
