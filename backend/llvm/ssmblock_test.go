package llvm

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"

	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend/llvm/native"
)

// The block forms of ssm are checked against float64 math written here:
// the recurrence h_t = a_t h_{t-1} + b_t x_t, y_t = c_t·h_t, evaluated step
// by step (an algorithm none of the kernels uses).

var sbLib struct {
	once sync.Once
	fns  map[string]native.Fn
	err  error
}

// sbTestFns returns the block kernel of each variant this host runs.
func sbTestFns(t testing.TB) map[string]native.Fn {
	t.Helper()
	requireJIT(t)
	sbLib.once.Do(func() {
		m := llvmir.NewModule()
		m.TargetTriple, m.DataLayout = TargetTriple, DataLayout
		for _, v := range []string{V3, V4} {
			if err := EmitSSMBlock(m, "seqc_sbtest"+VariantSuffix(v), v); err != nil {
				sbLib.err = err
				return
			}
		}
		ctx := context.Background()
		obj, err := Compile(ctx, m.String(), V3)
		if err != nil {
			sbLib.err = err
			return
		}
		dir, err := os.MkdirTemp("", "seqc-sb-")
		if err != nil {
			sbLib.err = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "sb.so")
		if err := LinkShared(ctx, obj, path); err != nil {
			sbLib.err = err
			return
		}
		lib, err := native.Open(path)
		if err != nil {
			sbLib.err = err
			return
		}
		sbLib.fns = map[string]native.Fn{}
		for _, v := range selVariants() {
			fn, err := lib.Func("seqc_sbtest" + VariantSuffix(v))
			if err != nil {
				sbLib.err = err
				return
			}
			sbLib.fns[v] = fn
		}
	})
	if sbLib.err != nil {
		t.Fatal(sbLib.err)
	}
	return sbLib.fns
}

// sbSSDCase is a Mamba-2-shaped problem: x [B, L, H·P], a [B, L, H], B rows
// per head [B, L, H, N] (or shared [B, L, N]), C rows shared [B, L, N].
type sbSSDCase struct {
	B, L, H, P, N int
	sharedB       bool
	h0            bool
}

type sbSSDData struct {
	c         sbSSDCase
	x, a, bm  []float32
	cm, h0    []float32
	bmStrides [3]int // sb, sl, per-head offset
}

func newSBSSDData(rng *rand.Rand, c sbSSDCase) *sbSSDData {
	d := &sbSSDData{c: c}
	C := c.H * c.P
	fill := func(n int, f func() float32) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = f()
		}
		return v
	}
	normal := func() float32 { return float32(rng.NormFloat64()) }
	d.x = fill(c.B*c.L*C, normal)
	d.a = fill(c.B*c.L*c.H, func() float32 { return float32(1 / (1 + math.Exp(-rng.NormFloat64()-1))) })
	if c.sharedB {
		d.bm = fill(c.B*c.L*c.N, normal)
		d.bmStrides = [3]int{c.L * c.N, c.N, 0}
	} else {
		d.bm = fill(c.B*c.L*c.H*c.N, normal)
		d.bmStrides = [3]int{c.L * c.H * c.N, c.H * c.N, c.N}
	}
	d.cm = fill(c.B*c.L*c.N, normal)
	if c.h0 {
		d.h0 = fill(c.B*C*c.N, normal)
	}
	return d
}

// problem is the sbSSD of the data, writing y and hT.
func (d *sbSSDData) problem(y, hT []float32) *sbSSD {
	c := d.c
	C := c.H * c.P
	p := &sbSSD{B: c.B, L: c.L, N: c.N, P: c.P, C: C, X: d.x, Y: y, H0: d.h0, HT: hT,
		A:  sbView{Data: d.a, SB: c.L * c.H, SL: c.H},
		Bm: sbView{Data: d.bm, SB: d.bmStrides[0], SL: d.bmStrides[1], SN: 1},
		Cm: sbView{Data: d.cm, SB: c.L * c.N, SL: c.N, SN: 1}}
	for h := 0; h < c.H; h++ {
		p.Groups = append(p.Groups, [4]int64{int64(h), int64(h * d.bmStrides[2]), 0, int64(h * c.P)})
	}
	return p
}

// reference runs the recurrence in float64: y [B, L, C], hT [B, C, N].
func (d *sbSSDData) reference() (y, hT []float64) {
	c := d.c
	C := c.H * c.P
	y = make([]float64, c.B*c.L*C)
	hT = make([]float64, c.B*C*c.N)
	for b := 0; b < c.B; b++ {
		for ch := 0; ch < C; ch++ {
			hd := ch / c.P
			h := make([]float64, c.N)
			if d.h0 != nil {
				for n := range h {
					h[n] = float64(d.h0[(b*C+ch)*c.N+n])
				}
			}
			for t := 0; t < c.L; t++ {
				a := float64(d.a[(b*c.L+t)*c.H+hd])
				x := float64(d.x[(b*c.L+t)*C+ch])
				bo := b*d.bmStrides[0] + t*d.bmStrides[1] + hd*d.bmStrides[2]
				co := (b*c.L + t) * c.N
				var s float64
				for n := range h {
					h[n] = a*h[n] + float64(d.bm[bo+n])*x
					s += float64(d.cm[co+n]) * h[n]
				}
				y[(b*c.L+t)*C+ch] = s
			}
			copy(hT[(b*C+ch)*c.N:], h)
		}
	}
	return y, hT
}

// sbClose reports the worst error of got against want relative to want's
// largest magnitude (at least 1), failing above tol.
func sbClose(t *testing.T, what string, got []float32, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	scale := 1.0
	for _, w := range want {
		scale = math.Max(scale, math.Abs(w))
	}
	worst, at := 0.0, -1
	for i, w := range want {
		e := math.Abs(float64(got[i]) - w)
		if math.IsNaN(float64(got[i])) {
			e = math.Inf(1)
		}
		if e > worst {
			worst, at = e, i
		}
	}
	if worst > tol*scale {
		t.Errorf("%s: error %.3g of scale %.3g at %d (got %v, want %v)", what, worst, scale, at, got[at], want[at])
	}
}

func TestSSMBlockSSD(t *testing.T) {
	fns := sbTestFns(t)
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		c sbSSDCase
		q int
	}{
		{sbSSDCase{B: 1, L: 1, H: 1, P: 1, N: 1}, 4},
		{sbSSDCase{B: 2, L: 37, H: 3, P: 7, N: 17, h0: true}, 8},
		{sbSSDCase{B: 1, L: 64, H: 2, P: 16, N: 16}, 16},
		{sbSSDCase{B: 2, L: 100, H: 2, P: 33, N: 5, sharedB: true, h0: true}, 64},
		{sbSSDCase{B: 1, L: 70, H: 1, P: 64, N: 64, h0: true}, 1 << 20}, // quadratic: one block
		{sbSSDCase{B: 1, L: 129, H: 2, P: 64, N: 64}, 16},
		{sbSSDCase{B: 1, L: 50, H: 1, P: 3, N: 2}, 1},
		{sbSSDCase{B: 1, L: 300, H: 2, P: 24, N: 16, h0: true}, 1 << 20}, // quadratic: panels of W
		{sbSSDCase{B: 2, L: 600, H: 1, P: 16, N: 8, sharedB: true}, 256},
	}
	for _, v := range selVariants() {
		for _, tc := range cases {
			d := newSBSSDData(rng, tc.c)
			C := tc.c.H * tc.c.P
			y, hT := make([]float32, tc.c.B*tc.c.L*C), make([]float32, tc.c.B*C*tc.c.N)
			if err := runSSD(fns[v], v, 2, d.problem(y, hT), tc.q); err != nil {
				t.Fatal(err)
			}
			wy, wh := d.reference()
			name := fmt.Sprintf("%s %+v q %d", v, tc.c, tc.q)
			sbClose(t, name+" y", y, wy, 2e-5)
			sbClose(t, name+" hT", hT, wh, 2e-5)
		}
	}
}

// TestSSMBlockSSDInf: an Inf in x at step j reaches no output before j
// (the triangular products skip the entries above the diagonal rather
// than multiply them by 0).
func TestSSMBlockSSDInf(t *testing.T) {
	fns := sbTestFns(t)
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct{ L, q, at int }{{20, 16, 13}, {300, 1 << 20, 200}, {300, 1 << 20, 130}} {
		c := sbSSDCase{B: 1, L: tc.L, H: 1, P: 5, N: 4}
		for _, v := range selVariants() {
			d := newSBSSDData(rng, c)
			d.x[tc.at*c.P+2] = float32(math.Inf(1))
			y := make([]float32, c.L*c.P)
			if err := runSSD(fns[v], v, 1, d.problem(y, nil), tc.q); err != nil {
				t.Fatal(err)
			}
			for i, yv := range y[:tc.at*c.P] {
				if math.IsNaN(float64(yv)) || math.IsInf(float64(yv), 0) {
					t.Fatalf("%s %+v: y[%d] = %v before the Inf", v, tc, i, yv)
				}
			}
			if yv := y[tc.at*c.P+2]; !math.IsInf(float64(yv), 0) && !math.IsNaN(float64(yv)) {
				t.Errorf("%s %+v: the Inf did not reach its own step: %v", v, tc, yv)
			}
		}
	}
}

// TestSSMBlockSSDLongDecay: strong decays over many chunks leave the state
// and the products at 0, not subnormal or NaN, and the outputs match.
func TestSSMBlockSSDLongDecay(t *testing.T) {
	fns := sbTestFns(t)
	rng := rand.New(rand.NewPCG(5, 6))
	c := sbSSDCase{B: 1, L: 600, H: 2, P: 8, N: 8, h0: true}
	for _, v := range selVariants() {
		d := newSBSSDData(rng, c)
		for i := range d.a {
			d.a[i] = 0.3
		}
		y, hT := make([]float32, c.L*c.H*c.P), make([]float32, c.H*c.P*c.N)
		if err := runSSD(fns[v], v, 1, d.problem(y, hT), 64); err != nil {
			t.Fatal(err)
		}
		wy, wh := d.reference()
		sbClose(t, v+" y", y, wy, 2e-5)
		sbClose(t, v+" hT", hT, wh, 2e-5)
	}
}

func TestSSMBlockSSDThreads(t *testing.T) {
	fns := sbTestFns(t)
	rng := rand.New(rand.NewPCG(7, 8))
	c := sbSSDCase{B: 2, L: 90, H: 5, P: 24, N: 16, h0: true}
	d := newSBSSDData(rng, c)
	C := c.H * c.P
	for _, v := range selVariants() {
		var ref []float32
		for _, th := range []int{1, 2, 3, 7} {
			y, hT := make([]float32, c.B*c.L*C), make([]float32, c.B*C*c.N)
			if err := runSSD(fns[v], v, th, d.problem(y, hT), 16); err != nil {
				t.Fatal(err)
			}
			got := append(y, hT...)
			if ref == nil {
				ref = got
				continue
			}
			for i := range ref {
				if math.Float32bits(ref[i]) != math.Float32bits(got[i]) {
					t.Fatalf("%s: %d threads: element %d is %v, %v on one thread", v, th, i, got[i], ref[i])
				}
			}
		}
	}
}

// sbConvCase is a time-invariant problem: per channel (and batch when
// perBatch) a[n], b[n], c[n], complex when kc; x complex when xc.
type sbConvCase struct {
	B, L, C, N   int
	xc, kc, perB bool
	h0, hT       bool
}

type sbConvData struct {
	c         sbConvCase
	x         []float32
	a, bm, cm []float32 // [B or 1, C, N], pairs when kc
	h0        []float32
}

func newSBConvData(rng *rand.Rand, c sbConvCase) *sbConvData {
	d := &sbConvData{c: c}
	w := func(cplx bool) int {
		if cplx {
			return 2
		}
		return 1
	}
	nb := 1
	if c.perB {
		nb = c.B
	}
	d.x = make([]float32, c.B*c.L*c.C*w(c.xc))
	for i := range d.x {
		d.x[i] = float32(rng.NormFloat64())
	}
	m := nb * c.C * c.N
	d.a, d.bm, d.cm = make([]float32, m*w(c.kc)), make([]float32, m*w(c.kc)), make([]float32, m*w(c.kc))
	for i := 0; i < m; i++ {
		r := math.Exp(-0.02 * (1 + 3*rng.Float64())) // long memory: |a| in (0.92, 0.98)
		th := rng.Float64() * math.Pi
		if c.kc {
			d.a[2*i], d.a[2*i+1] = float32(r*math.Cos(th)), float32(r*math.Sin(th))
			for _, v := range [][]float32{d.bm, d.cm} {
				v[2*i], v[2*i+1] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
			}
		} else {
			d.a[i] = float32(r)
			d.bm[i], d.cm[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
		}
	}
	if c.h0 {
		d.h0 = make([]float32, c.B*c.C*c.N*w(c.xc || c.kc))
		for i := range d.h0 {
			d.h0[i] = float32(rng.NormFloat64())
		}
	}
	return d
}

func (d *sbConvData) yComplex() bool { return d.c.xc || d.c.kc }

func (d *sbConvData) view(v []float32) sbView {
	c := d.c
	w := 1
	if c.kc {
		w = 2
	}
	s := sbView{Data: v, SN: w, Complex: c.kc, CO: make([]int, c.C)}
	for ch := range s.CO {
		s.CO[ch] = ch * c.N * w
	}
	if c.perB {
		s.SB = c.C * c.N * w
	}
	return s
}

func (d *sbConvData) problem(y []float32) *sbConv {
	c := d.c
	return &sbConv{B: c.B, L: c.L, C: c.C, N: c.N, X: d.x, Y: y, XC: c.xc, YC: d.yComplex(), KC: c.kc, PerBatch: c.perB,
		A: d.view(d.a), Bm: d.view(d.bm), Cm: d.view(d.cm)}
}

// reference runs the recurrence in complex128: y [B, L, C] and hT [B, C, N]
// as interleaved pairs.
func (d *sbConvData) reference() (y, hT []float64) {
	c := d.c
	y = make([]float64, 2*c.B*c.L*c.C)
	hT = make([]float64, 2*c.B*c.C*c.N)
	get := func(v []float32, cplx bool, i int) complex128 {
		if cplx {
			return complex(float64(v[2*i]), float64(v[2*i+1]))
		}
		return complex(float64(v[i]), 0)
	}
	for b := 0; b < c.B; b++ {
		pb := 0
		if c.perB {
			pb = b
		}
		for ch := 0; ch < c.C; ch++ {
			h := make([]complex128, c.N)
			for n := range h {
				if d.h0 != nil {
					h[n] = get(d.h0, c.xc || c.kc, (b*c.C+ch)*c.N+n)
				}
			}
			for t := 0; t < c.L; t++ {
				x := get(d.x, c.xc, (b*c.L+t)*c.C+ch)
				var s complex128
				for n := range h {
					k := (pb*c.C+ch)*c.N + n
					h[n] = get(d.a, c.kc, k)*h[n] + get(d.bm, c.kc, k)*x
					s += get(d.cm, c.kc, k) * h[n]
				}
				i := (b*c.L+t)*c.C + ch
				y[2*i], y[2*i+1] = real(s), imag(s)
			}
			for n, v := range h {
				i := (b*c.C+ch)*c.N + n
				hT[2*i], hT[2*i+1] = real(v), imag(v)
			}
		}
	}
	return y, hT
}

// sbReal keeps the real parts of interleaved pairs unless cplx.
func sbReal(v []float64, cplx bool) []float64 {
	if cplx {
		return v
	}
	out := make([]float64, len(v)/2)
	for i := range out {
		out[i] = v[2*i]
	}
	return out
}

func (d *sbConvData) run(fn native.Fn, variant string, threads int, fft bool) (y, hT []float32) {
	c := d.c
	w := 1
	if d.yComplex() {
		w = 2
	}
	y = make([]float32, c.B*c.L*c.C*w)
	p := d.problem(y)
	lanes := VariantLanes(variant)
	table := make([]float32, p.kernelsLen(lanes))
	p.kernels(table, lanes, threads)
	if fft {
		sp := make([]float32, p.spectraLen(lanes))
		spectra(fn, variant, threads, p, table, sp)
		table = sp
	}
	runConv(fn, variant, threads, p, table, fft)
	if c.h0 || c.hT {
		ws := 1
		if c.xc || c.kc {
			ws = 2
		}
		if c.hT {
			hT = make([]float32, c.B*c.C*c.N*ws)
		}
		convState(p, threads, d.h0, hT, c.xc || c.kc)
	}
	return y, hT
}

func TestSSMBlockConv(t *testing.T) {
	fns := sbTestFns(t)
	rng := rand.New(rand.NewPCG(9, 10))
	cases := []sbConvCase{
		{B: 1, L: 1, C: 1, N: 1},
		{B: 2, L: 5, C: 7, N: 3, kc: true, h0: true, hT: true},
		{B: 1, L: 64, C: 16, N: 4},
		{B: 2, L: 65, C: 33, N: 2, kc: true},
		{B: 1, L: 300, C: 17, N: 5, xc: true, kc: true, hT: true},
		{B: 2, L: 200, C: 9, N: 3, perB: true},
		{B: 1, L: 1000, C: 20, N: 8, xc: true},
		{B: 3, L: 129, C: 3, N: 1, kc: true, perB: true, h0: true},
	}
	for _, v := range selVariants() {
		for _, c := range cases {
			d := newSBConvData(rng, c)
			wy, wh := d.reference()
			for _, fft := range []bool{false, true} {
				y, hT := d.run(fns[v], v, 2, fft)
				name := fmt.Sprintf("%s %+v fft %v", v, c, fft)
				sbClose(t, name+" y", y, sbReal(wy, d.yComplex()), 2e-5)
				if c.hT {
					sbClose(t, name+" hT", hT, sbReal(wh, c.xc || c.kc), 2e-5)
				}
			}
		}
	}
}

// TestSSMBlockFFTLong: the float32 FFT stays within the conformance
// tolerance at the longest lengths (L = 16384, an FFT of 32768 points).
func TestSSMBlockFFTLong(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	fns := sbTestFns(t)
	rng := rand.New(rand.NewPCG(11, 12))
	for _, v := range selVariants() {
		for _, c := range []sbConvCase{{B: 1, L: 16384, C: 3, N: 4}, {B: 1, L: 16384, C: 2, N: 4, kc: true}} {
			d := newSBConvData(rng, c)
			wy, _ := d.reference()
			y, _ := d.run(fns[v], v, 2, true)
			sbClose(t, fmt.Sprintf("%s %+v", v, c), y, sbReal(wy, d.yComplex()), 2e-5)
		}
	}
}

func TestSSMBlockConvThreads(t *testing.T) {
	fns := sbTestFns(t)
	rng := rand.New(rand.NewPCG(13, 14))
	d := newSBConvData(rng, sbConvCase{B: 2, L: 257, C: 70, N: 4, kc: true})
	for _, v := range selVariants() {
		for _, fft := range []bool{false, true} {
			ref, _ := d.run(fns[v], v, 1, fft)
			for _, th := range []int{2, 3, 5} {
				y, _ := d.run(fns[v], v, th, fft)
				for i := range ref {
					if math.Float32bits(ref[i]) != math.Float32bits(y[i]) {
						t.Fatalf("%s fft %v: %d threads: element %d is %v, %v on one thread", v, fft, th, i, y[i], ref[i])
					}
				}
			}
		}
	}
}
