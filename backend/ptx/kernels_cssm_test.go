package ptx

import (
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
)

// The complex ssm scan, emulated (both thread orders), against the
// recurrence in complex128 written here.

type cssmCase struct {
	name   string
	xl     []int
	shapes [3][]int
	kinds  cssmKinds // bit i: operand i of x, a, b, c complex
	h0, hT bool
}

func TestCSSMKernel(t *testing.T) {
	needEmu(t)
	for i, c := range []cssmCase{
		// S4D: real x, complex a, b, c per (channel, state).
		{"s4d", []int{2, 9, 130}, [3][]int{{1, 1, 130, 5}, {1, 1, 130, 5}, {1, 1, 130, 5}}, 0b1110, false, true},
		// S5: complex x, a complex decay per channel, real scalar b and c.
		{"s5", []int{3, 7, 19}, [3][]int{{1, 1, 19, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}}, 0b0011, true, true},
		// Only c complex: a real state, a complex output; time-varying
		// operands over two channel axes.
		{"creal", []int{2, 6, 3, 4}, [3][]int{{2, 6, 3, 4, 3}, {2, 6, 1, 4, 3}, {1, 6, 3, 1, 3}}, 0b1000, true, true},
		// Complex b only, the largest state.
		{"bonly", []int{1, 5, 3}, [3][]int{{1, 5, 3, 32}, {1, 5, 3, 32}, {1, 1, 1, 32}}, 0b0100, true, false},
	} {
		// The scan (chunk 0), then the chunked kernel in chunks of 1, 3
		// and of the whole sequence, where its registers hold the state.
		for _, chunk := range []int{0, 1, 3, 64} {
			if chunk > 0 && max(c.shapes[0][len(c.shapes[0])-1], c.shapes[1][len(c.shapes[1])-1], c.shapes[2][len(c.shapes[2])-1]) > cssmChunkMaxN {
				continue
			}
			t.Run(fmt.Sprintf("%s/chunk%d", c.name, chunk), func(t *testing.T) { checkCSSM(t, c, chunk, rand.New(rand.NewPCG(30, uint64(i)))) })
		}
	}
}

func checkCSSM(t *testing.T, c cssmCase, chunk int, rng *rand.Rand) {
	xl := c.xl
	B, L := xl[0], xl[1]
	C := 1
	for _, d := range xl[2:] {
		C *= d
	}
	n := 1
	for _, s := range c.shapes {
		n = max(n, s[len(s)-1])
	}
	name := keyf("test_cssm", n, int(c.kinds))
	def := kernelDef{ssmSpec(name), func(tg Target, m *Module) error { return EmitCSSM(tg, m, name, n, c.kinds) }}
	if chunk > 0 {
		name = keyf("test_cssm_chunked", n, int(c.kinds))
		def = kernelDef{ssdGenSpec(name), func(tg Target, m *Module) error { return EmitCSSMChunked(tg, m, name, n, c.kinds) }}
	}
	r := loadEmu(t, def)
	count := func(s []int) int {
		k := 1
		for _, d := range s {
			k *= d
		}
		return k
	}
	width := func(i int) int {
		if c.kinds.cplx(i) {
			return 2
		}
		return 1
	}
	x := randF(rng, count(xl)*width(0), 1)
	var ops [3][]float32
	for o, s := range c.shapes {
		ops[o] = randF(rng, count(s)*width(1+o), 1)
	}
	// Decays inside the unit disc: |a| ≤ 0.95.
	for i := range ops[0] {
		ops[0][i] *= 0.67
	}
	sw, yw := 1, 1
	if c.kinds.state() {
		sw = 2
	}
	if c.kinds.out() {
		yw = 2
	}
	var h0, ht []float32
	if c.h0 {
		h0 = randF(rng, B*C*n*sw, 1)
	}
	if c.hT {
		ht = make([]float32, B*C*n*sw)
	}
	y := make([]float32, B*L*C*yw)
	for _, f := range [][]float32{y, ht} {
		for i := range f {
			f[i] = float32(math.NaN()) // every element must be written
		}
	}
	ints := make([]int64, def.spec.Ints)
	ints[0], ints[1] = int64(L), int64(C)
	if chunk > 0 {
		ints[13], ints[14] = int64(n), int64(chunk)
	}
	bufs := make([]Buf, ssmPtrs)
	for o := 0; o < 3; o++ {
		off := make([]int32, C)
		sb, st, sn := ssmOperand(c.shapes[o], xl, off)
		w := int64(width(1 + o))
		for i := range off {
			off[i] *= int32(w)
		}
		ints[4+3*o], ints[5+3*o], ints[6+3*o] = sb*w, st*w, sn*w
		bufs[ssmA+o], bufs[ssmOffA+o] = Buf{F: ops[o], Kind: In}, Buf{F: int32Buf(off), Kind: In}
	}
	if c.h0 {
		ints[2] = 1
	}
	if c.hT {
		ints[3] = 1
	}
	bufs[ssmX], bufs[ssmY], bufs[ssmH0], bufs[ssmHT] = Buf{F: x, Kind: In}, Buf{F: y, Kind: Out}, Buf{F: h0, Kind: In}, Buf{F: ht, Kind: Out}
	if err := r.launch(name, &Launch{Grid: Grid{CeilDiv(C, selBlock), B}, Ints: ints, Bufs: bufs}, 2); err != nil {
		t.Fatal(err)
	}

	// elem reads element i of a real or complex buffer.
	elem := func(f []float32, i int, cplx bool) complex128 {
		if cplx {
			return complex(float64(f[2*i]), float64(f[2*i+1]))
		}
		return complex(float64(f[i]), 0)
	}
	at := func(o, b, tt, ch, k int) complex128 {
		return elem(ops[o], operandOffset(c.shapes[o], xl, b, tt, ch, k), c.kinds.cplx(1+o))
	}
	got := func(f []float32, i int, cplx bool) complex128 { return elem(f, i, cplx) }
	check := func(what string, g, want complex128, scale float64) {
		t.Helper()
		if d := cmplx.Abs(g - want); !(d <= 1e-5*(1+scale)) {
			t.Fatalf("%s is %v, want %v (scale %g)", what, g, want, scale)
		}
	}
	for b := 0; b < B; b++ {
		for ch := 0; ch < C; ch++ {
			h, m := make([]complex128, n), make([]float64, n)
			for k := range h {
				if c.h0 {
					h[k] = elem(h0, (b*C+ch)*n+k, c.kinds.state())
					m[k] = cmplx.Abs(h[k])
				}
			}
			for tt := 0; tt < L; tt++ {
				xv := elem(x, (b*L+tt)*C+ch, c.kinds.cplx(0))
				var acc complex128
				mag := 0.0
				for k := range h {
					a, bv, cv := at(0, b, tt, ch, k), at(1, b, tt, ch, k), at(2, b, tt, ch, k)
					h[k] = a*h[k] + bv*xv
					m[k] = cmplx.Abs(a)*m[k] + cmplx.Abs(bv*xv)
					acc += cv * h[k]
					mag += cmplx.Abs(cv) * m[k]
				}
				row := (b*L+tt)*C + ch
				check("y", got(y, row, c.kinds.out()), acc, mag)
			}
			if c.hT {
				for k := range h {
					check("final state", got(ht, (b*C+ch)*n+k, c.kinds.state()), h[k], m[k])
				}
			}
		}
	}
}

// TestCSSMPTX: the PTX of the complex scan and the complex chunked kernel
// (S4D's and S5's kinds, the largest states) has no .extern, no local
// memory (the states are registers) and no barrier (one phase).
func TestCSSMPTX(t *testing.T) {
	for _, kinds := range []cssmKinds{0b1110, 0b0011} {
		name := keyf("cssm", cssmMaxN, int(kinds))
		_ = checkKernelPTX(t, kernelDef{ssmSpec(name), func(tg Target, m *Module) error { return EmitCSSM(tg, m, name, cssmMaxN, kinds) }}, false)
		chunked := keyf("cssm_chunked", cssmChunkMaxN, int(kinds))
		_ = checkKernelPTX(t, kernelDef{ssdGenSpec(chunked), func(tg Target, m *Module) error {
			return EmitCSSMChunked(tg, m, chunked, cssmChunkMaxN, kinds)
		}}, false)
	}
}
