package ptx

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/seqc-dev/seqc/ir"
)

// TestPool2DKernels: max and average pooling, bit for bit against the
// rules written here: the max of the window's pixels, the first of equal
// ones (−0 and +0 told apart), and where the window holds NaNs the first
// NaN of the last window row holding one (NaNs with distinct payloads
// tell which); the average as the pixels' float32 sum in (ky, kx) order
// over the count of the window clipped to the padded image (padding
// counted or not; a NaN average is any NaN). Sizes cross the 256-thread
// block.
func TestPool2DKernels(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(9, 9))
	geo := func(kh, kw, sh, sw, ph, pw int) ir.Window2D {
		return ir.Window2D{Kernel: [2]int{kh, kw}, Stride: [2]int{sh, sw}, Padding: [2]int{ph, pw}, Dilation: [2]int{1, 1}}
	}
	for _, s := range []struct {
		b, c, h, w int
		geo        ir.Window2D
	}{
		{1, 1, 1, 1, geo(1, 1, 1, 1, 0, 0)},
		{2, 3, 9, 11, geo(2, 2, 2, 2, 0, 0)},
		{1, 2, 7, 9, geo(3, 3, 2, 2, 1, 1)},
		{2, 5, 8, 30, geo(2, 1, 2, 1, 0, 0)}, // a CRNN's height pool: 600 outputs, three blocks
		{1, 3, 6, 5, geo(3, 2, 1, 3, 1, 1)},
		{2, 2, 5, 5, geo(4, 5, 1, 2, 2, 2)},
	} {
		ho := (s.h+2*s.geo.Padding[0]-s.geo.Kernel[0])/s.geo.Stride[0] + 1
		wo := (s.w+2*s.geo.Padding[1]-s.geo.Kernel[1])/s.geo.Stride[1] + 1
		x := randF(rng, s.b*s.c*s.h*s.w, 1)
		// Ties, signed zeros and NaNs of distinct payloads.
		for i := range x {
			switch rng.IntN(10) {
			case 0:
				x[i] = float32(math.Copysign(0, float64(rng.IntN(2)*2-1)))
			case 1:
				x[i] = math.Float32frombits(0x7fc00000 | uint32(i+1))
			case 2:
				x[i] = 0.5
			}
		}
		xs, out := []int{s.b, s.c, s.h, s.w}, []int{s.b, s.c, ho, wo}
		for _, kind := range []string{"max", "avg", "avg_exclude"} {
			name := keyf("test_pool", kind, s.geo.Kernel[0], s.geo.Kernel[1], s.geo.Stride[0], s.geo.Stride[1], s.geo.Padding[0], s.geo.Padding[1])
			isMax, exclude := kind == "max", kind == "avg_exclude"
			r := loadEmu(t, kernelDef{poolSpec(name), func(tg Target, m *Module) error { return EmitPool2D(tg, m, name, s.geo, isMax, exclude) }})
			y := make([]float32, s.b*s.c*ho*wo)
			l, ok := poolLaunch(xs, out, s.geo, Buf{x, In}, y)
			if !ok {
				t.Fatalf("%+v: the kernel refuses it", s)
			}
			for _, threads := range []int{1, 2} {
				if err := r.launch(name, l, threads); err != nil {
					t.Fatal(err)
				}
				for i := range y {
					ox, oy, pl := i%wo, i/wo%ho, i/(wo*ho)
					want := poolRef(x[pl*s.h*s.w:(pl+1)*s.h*s.w], s.h, s.w, oy, ox, s.geo, isMax, exclude)
					// An average's NaN is any NaN: which operand's payload
					// an add keeps is the hardware's (a GPU makes the
					// canonical NaN); the max only moves pixels.
					if !isMax && want != want && y[i] != y[i] {
						continue
					}
					if math.Float32bits(y[i]) != math.Float32bits(want) {
						t.Fatalf("%s pool %+v: element %d is %g (%#x), want %g (%#x)", kind, s, i, y[i], math.Float32bits(y[i]), want, math.Float32bits(want))
					}
				}
			}
		}
	}
}

// poolRef is one output of a pool of the plane src [h, w] (see
// TestPool2DKernels for the rules).
func poolRef(src []float32, h, w, oy, ox int, geo ir.Window2D, isMax, exclude bool) float32 {
	y0, x0 := oy*geo.Stride[0]-geo.Padding[0], ox*geo.Stride[1]-geo.Padding[1]
	ph, pw := geo.Padding[0], geo.Padding[1]
	var px []float32 // the window's pixels in order
	var nanRow []float32
	n := 0
	for iy := y0; iy < y0+geo.Kernel[0]; iy++ {
		var firstNaN []float32
		for ix := x0; ix < x0+geo.Kernel[1]; ix++ {
			img := iy >= 0 && iy < h && ix >= 0 && ix < w
			if img {
				v := src[iy*w+ix]
				px = append(px, v)
				if v != v && firstNaN == nil {
					firstNaN = []float32{v}
				}
			}
			if img || (!exclude && iy >= -ph && iy < h+ph && ix >= -pw && ix < w+pw) {
				n++
			}
		}
		if firstNaN != nil {
			nanRow = firstNaN
		}
	}
	if isMax {
		if nanRow != nil {
			return nanRow[0]
		}
		best := float32(math.Inf(-1))
		for _, v := range px {
			if v > best {
				best = v
			}
		}
		return best
	}
	var sum float32
	for _, v := range px {
		sum += v
	}
	if n == 0 {
		return 0
	}
	return sum / float32(n)
}

// TestPool2DPTX: the pooling kernels' PTX builds with no .extern, no
// local memory, IEEE rounding only, and no barrier (one phase).
func TestPool2DPTX(t *testing.T) {
	geo := ir.Window2D{Kernel: [2]int{3, 3}, Stride: [2]int{2, 2}, Padding: [2]int{1, 1}, Dilation: [2]int{1, 1}}
	for _, isMax := range []bool{true, false} {
		name := fmt.Sprintf("seqc_ptx_pool_test_%v", isMax)
		checkKernelPTX(t, kernelDef{poolSpec(name), func(tg Target, m *Module) error { return EmitPool2D(tg, m, name, geo, isMax, false) }}, false)
	}
}
