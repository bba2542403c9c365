package ptx

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend/llvm"
)

// The small ops' kernels (kernels_data.go), emulated in both thread
// orders, against exact expectations written here: bits for the moves,
// Go's own conversions, and float64 sums in the axis order rounded once.

// dataDefs is every data kernel under test, named for the tests.
func dataDefs() []kernelDef {
	return []kernelDef{
		{copySpec("t_copy"), func(t Target, m *Module) error { return EmitCopy(t, m, "t_copy") }},
		{interleaveSpec("t_inter"), func(t Target, m *Module) error { return EmitInterleave(t, m, "t_inter") }},
		{whereSpec("t_where_f"), func(t Target, m *Module) error { return EmitWhere(t, m, "t_where_f", false) }},
		{whereSpec("t_where_i"), func(t Target, m *Module) error { return EmitWhere(t, m, "t_where_i", true) }},
		{castSpec("t_f2i"), func(t Target, m *Module) error { return EmitCast(t, m, "t_f2i", true) }},
		{castSpec("t_i2f"), func(t Target, m *Module) error { return EmitCast(t, m, "t_i2f", false) }},
		{arangeSpec("t_ar_i"), func(t Target, m *Module) error { return EmitArange(t, m, "t_ar_i", false) }},
		{arangeSpec("t_ar_f"), func(t Target, m *Module) error { return EmitArange(t, m, "t_ar_f", true) }},
		{reduceSpec("t_sum"), func(t Target, m *Module) error { return EmitReduce(t, m, "t_sum", false) }},
		{reduceSpec("t_mean"), func(t Target, m *Module) error { return EmitReduce(t, m, "t_mean", true) }},
		{cumsumSpec("t_cumsum"), func(t Target, m *Module) error { return EmitCumsum(t, m, "t_cumsum") }},
	}
}

func launchData(t *testing.T, r runner, name string, n int, ints []int64, bufs ...Buf) {
	t.Helper()
	l := &Launch{Grid: Grid{CeilDiv(n, elemBlock), 1}, Ints: ints, Bufs: bufs, Work: n}
	if err := r.launch(name, l, 2); err != nil {
		t.Fatal(err)
	}
}

// sameBits fails unless got and want hold the same 32-bit words.
func sameBits(t *testing.T, what string, got, want []float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d elements, want %d", what, len(got), len(want))
	}
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("%s: element %d is %#08x, want %#08x", what, i, math.Float32bits(got[i]), math.Float32bits(want[i]))
		}
	}
}

// TestDataMoveI32: the strided copy moves int32 words bit for bit, those
// whose bits spell a signalling or quiet NaN included (a float move that
// quieted them would corrupt ids), here as seq2seq's flip of i32 tokens.
func TestDataMoveI32(t *testing.T) {
	needEmu(t)
	r := loadEmu(t, dataDefs()...)
	rows, cols := 3, 37
	ids := make([]int32, rows*cols)
	special := []uint32{0x7F800001, 0xFF800001, 0x7FC00000, 0xFFFFFFFF, 0x80000000, 0x7F800000}
	for i := range ids {
		ids[i] = int32(i*7919 - 100)
		if i < len(special) {
			ids[i] = int32(special[i])
		}
	}
	in := contiguous([]int{rows, cols})
	st := []int{in[0], -in[1]}
	ints, ok := CopyInts([]int{rows, cols}, st, in, cols-1, 0)
	if !ok {
		t.Fatal("CopyInts refused two axes")
	}
	out := make([]int32, len(ids))
	launchData(t, r, "t_copy", len(ids), ints, Buf{int32Buf(ids), In}, Buf{int32Buf(out), Out})
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			if got, want := out[i*cols+j], ids[i*cols+cols-1-j]; got != want {
				t.Fatalf("flip [%d, %d] is %#x, want %#x", i, j, uint32(got), uint32(want))
			}
		}
	}
}

// TestInterleaveKernel: complex(re, im) with both parts broadcast.
func TestInterleaveKernel(t *testing.T) {
	needEmu(t)
	r := loadEmu(t, dataDefs()...)
	rng := rand.New(rand.NewPCG(5, 6))
	shape := []int{3, 4, 67}
	reS, imS := []int{3, 1, 67}, []int{4, 1}
	re, im := randF(rng, 3*67, 1), randF(rng, 4, 1)
	ints, ok := StridedInts(shape, [][]int{bcastStrides(reS, shape), bcastStrides(imS, shape)})
	if !ok {
		t.Fatal("StridedInts refused three axes")
	}
	y := make([]float32, 2*3*4*67)
	launchData(t, r, "t_inter", 3*4*67, ints, Buf{re, In}, Buf{im, In}, Buf{y, Out})
	want := make([]float32, len(y))
	coords(shape, func(c []int) {
		o := flat(c, shape)
		want[2*o] = re[c[0]*67+c[2]]
		want[2*o+1] = im[c[1]]
	})
	sameBits(t, "complex", y, want)
}

// TestWhereKernel: an f32 mask (NaN chooses x, −0 chooses y, as Go's
// v != 0) and an i32 one, over broadcast operands, on f32 and i32 values.
func TestWhereKernel(t *testing.T) {
	needEmu(t)
	r := loadEmu(t, dataDefs()...)
	rng := rand.New(rand.NewPCG(7, 8))
	shape := []int{5, 300}
	cond := []float32{0, float32(math.Copysign(0, -1)), float32(math.NaN()), 1, -2}
	x, y := randF(rng, 300, 1), randF(rng, 5*300, 1)
	sets := [][]int{bcastStrides([]int{5, 1}, shape), bcastStrides([]int{300}, shape), bcastStrides(shape, shape)}
	ints, ok := StridedInts(shape, sets)
	if !ok {
		t.Fatal("StridedInts refused")
	}
	out := make([]float32, 5*300)
	launchData(t, r, "t_where_f", len(out), ints, Buf{cond, In}, Buf{x, In}, Buf{y, In}, Buf{out, Out})
	want := make([]float32, len(out))
	for i := 0; i < 5; i++ {
		for j := 0; j < 300; j++ {
			if cond[i] != 0 {
				want[i*300+j] = x[j]
			} else {
				want[i*300+j] = y[i*300+j]
			}
		}
	}
	sameBits(t, "where f32 mask", out, want)

	ci := []int32{0, 3, -1, 0, 1}
	xi, yi := make([]int32, 300), make([]int32, 5*300)
	for i := range xi {
		xi[i] = int32(0x7F800001 + i)
	}
	for i := range yi {
		yi[i] = int32(-i)
	}
	oi := make([]int32, 5*300)
	launchData(t, r, "t_where_i", len(oi), ints, Buf{int32Buf(ci), In}, Buf{int32Buf(xi), In}, Buf{int32Buf(yi), In}, Buf{int32Buf(oi), Out})
	for i := 0; i < 5; i++ {
		for j := 0; j < 300; j++ {
			w := yi[i*300+j]
			if ci[i] != 0 {
				w = xi[j]
			}
			if oi[i*300+j] != w {
				t.Fatalf("where i32 [%d, %d] is %d, want %d", i, j, oi[i*300+j], w)
			}
		}
	}
}

// TestCastKernel: f32 → i32 truncates as Go's int32(int64(v)) (what the
// interpreter's int32(v) does on amd64, 2^31 included) and gives −2^31
// for NaN and values past ±2^31 (the launcher's sign to ask the
// interpreter); i32 → f32 rounds as float32(v).
func TestCastKernel(t *testing.T) {
	needEmu(t)
	r := loadEmu(t, dataDefs()...)
	good := []float32{0, float32(math.Copysign(0, -1)), 2.9, -2.9, 0.5, -0.5, 1e-40, 16777217, 2147483520, -2147483520,
		two31, -two31, 123456.78, -7}
	for len(good) < 300 {
		good = append(good, float32(len(good))*-37.25)
	}
	out := make([]int32, len(good))
	launchData(t, r, "t_f2i", len(good), []int64{int64(len(good))}, Buf{good, In}, Buf{int32Buf(out), Out})
	for i, v := range good {
		if want := int32(int64(v)); out[i] != want {
			t.Fatalf("cast %g to i32 is %d, want %d", v, out[i], want)
		}
	}
	for _, bad := range []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 2147483904, -2147483904, 3e9} {
		x := append([]float32{1, 2}, bad)
		out := make([]int32, 3)
		launchData(t, r, "t_f2i", 3, []int64{3}, Buf{x, In}, Buf{int32Buf(out), Out})
		if out[0] != 1 || out[1] != 2 || out[2] != math.MinInt32 {
			t.Fatalf("casting [1, 2, %g] to i32 gives %v, want [1 2 %d]", bad, out, math.MinInt32)
		}
	}

	ints := []int32{0, 1, -1, 16777217, 16777219, -16777217, math.MaxInt32, math.MinInt32, 2147483583, 123456789}
	f := make([]float32, len(ints))
	launchData(t, r, "t_i2f", len(ints), []int64{int64(len(ints))}, Buf{int32Buf(ints), In}, Buf{f, Out})
	for i, v := range ints {
		if want := float32(v); math.Float32bits(f[i]) != math.Float32bits(want) {
			t.Fatalf("cast %d to f32 is %v, want %v", v, f[i], want)
		}
	}
}

// TestArangeKernel: start + i as i32 and rounded to f32 (a stream's
// absolute positions past 2^24 round to even).
func TestArangeKernel(t *testing.T) {
	needEmu(t)
	r := loadEmu(t, dataDefs()...)
	for _, start := range []int{0, 5, 16777210} {
		n := 300
		yi := make([]int32, n)
		yf := make([]float32, n)
		launchData(t, r, "t_ar_i", n, []int64{int64(n), int64(start)}, Buf{int32Buf(yi), Out})
		launchData(t, r, "t_ar_f", n, []int64{int64(n), int64(start)}, Buf{yf, Out})
		for i := 0; i < n; i++ {
			if yi[i] != int32(start+i) {
				t.Fatalf("arange i32 from %d: element %d is %d", start, i, yi[i])
			}
			if want := float32(start + i); yf[i] != want {
				t.Fatalf("arange f32 from %d: element %d is %v, want %v", start, i, yf[i], want)
			}
		}
	}
}

// sumAxis is the sum (or mean) of x [outer, size, inner] along size:
// float64 in increasing order, rounded once.
func sumAxis(x []float32, outer, size, inner int, mean bool) []float32 {
	out := make([]float32, outer*inner)
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			acc := 0.0
			for s := 0; s < size; s++ {
				acc += float64(x[(o*size+s)*inner+i])
			}
			if mean {
				acc /= float64(size)
			}
			out[o*inner+i] = float32(acc)
		}
	}
	return out
}

// TestReduceKernel: sum and mean along the first, a middle and the last
// axis, sizes across the block edge, an empty axis (0 and NaN).
func TestReduceKernel(t *testing.T) {
	needEmu(t)
	r := loadEmu(t, dataDefs()...)
	rng := rand.New(rand.NewPCG(9, 10))
	for _, sh := range [][3]int{{1, 513, 1}, {3, 7, 5}, {300, 3, 1}, {2, 1, 257}, {4, 0, 3}, {1, 1000, 2}} {
		outer, size, inner := sh[0], sh[1], sh[2]
		x := randF(rng, outer*size*inner, 100)
		for _, mean := range []bool{false, true} {
			name := map[bool]string{false: "t_sum", true: "t_mean"}[mean]
			y := make([]float32, outer*inner)
			launchData(t, r, name, len(y), []int64{int64(len(y)), int64(size), int64(inner)}, Buf{x, In}, Buf{y, Out})
			want := sumAxis(x, outer, size, inner, mean)
			for i := range want {
				if math.IsNaN(float64(want[i])) && math.IsNaN(float64(y[i])) {
					continue
				}
				if math.Float32bits(y[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%s of %v: element %d is %v, want %v", name, sh, i, y[i], want[i])
				}
			}
		}
	}
}

// TestCumsumKernel: the prefix sums of a whole sequence, and of the same
// sequence in chunks carrying the running sum (a float32 between chunks,
// as the interpreter keeps it) — each against float64 sums written here.
func TestCumsumKernel(t *testing.T) {
	needEmu(t)
	r := loadEmu(t, dataDefs()...)
	rng := rand.New(rand.NewPCG(11, 12))
	outer, size, inner := 3, 41, 97 // 291 sums: two blocks
	x := randF(rng, outer*size*inner, 10)
	n := outer * inner
	at := func(o, s, i int) int { return (o*size+s)*inner + i }
	// whole
	y := make([]float32, len(x))
	launchData(t, r, "t_cumsum", n, []int64{int64(n), int64(size), int64(inner), 0, 0}, Buf{x, In}, Buf{nil, In}, Buf{y, Out}, Buf{nil, In})
	want := make([]float32, len(x))
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			acc := 0.0
			for s := 0; s < size; s++ {
				acc += float64(x[at(o, s, i)])
				want[at(o, s, i)] = float32(acc)
			}
		}
	}
	sameBits(t, "cumsum", y, want)

	// chunks of 1, 0, 17 and 23 positions, the carry rounded between them
	carry := make([]float32, n)
	for ci, chunk := range []int{1, 0, 17, 23} {
		start := []int{0, 1, 1, 18}[ci]
		xc := make([]float32, outer*chunk*inner)
		for o := 0; o < outer; o++ {
			copy(xc[o*chunk*inner:(o+1)*chunk*inner], x[at(o, start, 0):at(o, start+chunk, 0)])
		}
		yc := make([]float32, len(xc))
		next := make([]float32, n)
		has := int64(min(ci, 1))
		launchData(t, r, "t_cumsum", n, []int64{int64(n), int64(chunk), int64(inner), has, 1}, Buf{xc, In}, Buf{carry, In}, Buf{yc, Out}, Buf{next, Out})
		wantC := make([]float32, len(xc))
		wantN := make([]float32, n)
		for o := 0; o < outer; o++ {
			for i := 0; i < inner; i++ {
				acc := float64(carry[o*inner+i])
				for s := 0; s < chunk; s++ {
					acc += float64(xc[(o*chunk+s)*inner+i])
					wantC[(o*chunk+s)*inner+i] = float32(acc)
				}
				wantN[o*inner+i] = float32(acc)
			}
		}
		sameBits(t, "cumsum chunk", yc, wantC)
		sameBits(t, "cumsum carry", next, wantN)
		carry = next
	}
}

// TestDataKernelsPTX: every data kernel builds to PTX (no .extern), the
// float64 sums with round-to-nearest adds and conversions, and no
// approximate or flushing instruction anywhere.
func TestDataKernelsPTX(t *testing.T) {
	if _, err := llvm.LookupLLC(); err != nil {
		t.Skip(err)
	}
	for _, d := range dataDefs() {
		ptx := checkKernelPTX(t, d, false)
		switch d.spec.Name {
		case "t_sum", "t_cumsum":
			needPTX(t, d, ptx, "add.rn.f64", "cvt.rn.f32.f64", "cvt.f64.f32")
		case "t_mean":
			needPTX(t, d, ptx, "div.rn.f64")
		case "t_f2i":
			needPTX(t, d, ptx, "cvt.rzi.s64.f32")
		}
	}
}

// needPTX fails the test unless kernel d's PTX has every instruction of
// ins (the exact forms its math is written with).
func needPTX(t *testing.T, d kernelDef, ptx string, ins ...string) {
	t.Helper()
	for _, in := range ins {
		if !strings.Contains(ptx, in) {
			t.Fatalf("%s: no %s in\n%s", d.spec.Name, in, ptx)
		}
	}
}
