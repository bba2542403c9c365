package llvm

import (
	"fmt"
	"math/rand/v2"
	"testing"

	ssmk "github.com/seqc-dev/seqc/backend/interp/kernels/ssm"
)

// The block forms against the interpreter's kernels on the same data, at
// Mamba-2's shape (d_model 256: 8 heads of 64 channels, d_state 64) and
// S4D's (256 channels, 32 complex state pairs):
//
//	go test ./backend/llvm -run '^$' -bench SSMBlock -benchtime 5x

// sbInterpSSD is the interpreter's problem for d: views of the same arrays.
func sbInterpSSD(d *sbSSDData, y []float32) *ssmk.Problem {
	c := d.c
	C := c.H * c.P
	co := func(f func(ch int) int) []int {
		o := make([]int, C)
		for ch := range o {
			o[ch] = f(ch)
		}
		return o
	}
	return &ssmk.Problem{B: c.B, L: c.L, C: C, N: c.N,
		X:  ssmk.View{Data: d.x, SB: c.L * C, SL: C, CO: co(func(ch int) int { return ch })},
		Y:  ssmk.View{Data: y, SB: c.L * C, SL: C, CO: co(func(ch int) int { return ch })},
		A:  ssmk.View{Data: d.a, SB: c.L * c.H, SL: c.H, CO: co(func(ch int) int { return ch / c.P })},
		Bm: ssmk.View{Data: d.bm, SB: d.bmStrides[0], SL: d.bmStrides[1], SN: 1, CO: co(func(ch int) int { return ch / c.P * d.bmStrides[2] })},
		Cm: ssmk.View{Data: d.cm, SB: c.L * c.N, SL: c.N, SN: 1, CO: make([]int, C)}}
}

func BenchmarkSSMBlockSSD(b *testing.B) {
	fns := sbTestFns(b)
	v := HostVariant()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, L := range []int{1024, 4096} {
		d := newSBSSDData(rng, sbSSDCase{B: 1, L: L, H: 8, P: 64, N: 64})
		y := make([]float32, L*8*64)
		for _, q := range []int{16, 64, 256} {
			for _, th := range []int{1, 2} {
				b.Run(fmt.Sprintf("L=%d/chunk=%d/threads=%d/llvm", L, q, th), func(b *testing.B) {
					for i := 0; i < b.N; i++ {
						if err := runSSD(fns[v], v, th, d.problem(y, nil), q); err != nil {
							b.Fatal(err)
						}
					}
				})
				b.Run(fmt.Sprintf("L=%d/chunk=%d/threads=%d/interp", L, q, th), func(b *testing.B) {
					p := sbInterpSSD(d, y)
					p.Threads = th
					for i := 0; i < b.N; i++ {
						if err := ssmk.Chunked(p, q); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
		b.Run(fmt.Sprintf("L=%d/quadratic/llvm", L), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if err := runSSD(fns[v], v, 2, d.problem(y, nil), sbQuadMax); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// sbInterpConv is the interpreter's problem for d (complex a, b, c;
// real x; complex y).
func sbInterpConv(d *sbConvData, y []float32, cache *ssmk.SpectrumCache) *ssmk.Problem {
	c := d.c
	co := func(step int) []int {
		o := make([]int, c.C)
		for ch := range o {
			o[ch] = ch * step
		}
		return o
	}
	w := 1
	if c.kc {
		w = 2
	}
	yw := 1
	if d.yComplex() {
		yw = 2
	}
	op := func(v []float32) ssmk.View {
		return ssmk.View{Data: v, SN: w, CO: co(c.N * w), Complex: c.kc}
	}
	return &ssmk.Problem{B: c.B, L: c.L, C: c.C, N: c.N, Spectra: cache,
		X: ssmk.View{Data: d.x, SB: c.L * c.C, SL: c.C, CO: co(1)},
		Y: ssmk.View{Data: y, SB: c.L * c.C * yw, SL: c.C * yw, CO: co(yw), Complex: d.yComplex()},
		A: op(d.a), Bm: op(d.bm), Cm: op(d.cm)}
}

func BenchmarkSSMBlockConv(b *testing.B) {
	fns := sbTestFns(b)
	v := HostVariant()
	rng := rand.New(rand.NewPCG(3, 4))
	for _, L := range []int{64, 1024, 4096} {
		d := newSBConvData(rng, sbConvCase{B: 1, L: L, C: 256, N: 32, kc: true})
		y := make([]float32, 2*L*256)
		for _, th := range []int{1, 2} {
			b.Run(fmt.Sprintf("L=%d/threads=%d/llvm", L, th), func(b *testing.B) {
				p := d.problem(y)
				fft := !p.direct()
				table := make([]float32, p.kernelsLen(VariantLanes(v)))
				p.kernels(table, VariantLanes(v), th)
				if fft {
					sp := make([]float32, p.spectraLen(VariantLanes(v)))
					spectra(fns[v], v, th, p, table, sp)
					table = sp
				}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					runConv(fns[v], v, th, p, table, fft)
				}
			})
			b.Run(fmt.Sprintf("L=%d/threads=%d/interp", L, th), func(b *testing.B) {
				p := sbInterpConv(d, y, &ssmk.SpectrumCache{})
				p.Threads = th
				if err := ssmk.FFTConv(p); err != nil { // fills the cache
					b.Fatal(err)
				}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if err := ssmk.FFTConv(p); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run(fmt.Sprintf("L=%d/kernels+spectra/llvm", L), func(b *testing.B) {
			p := d.problem(y)
			for i := 0; i < b.N; i++ {
				t := make([]float32, p.kernelsLen(VariantLanes(v)))
				p.kernels(t, VariantLanes(v), 2)
				if !p.direct() {
					spectra(fns[v], v, 2, p, t, make([]float32, p.spectraLen(VariantLanes(v))))
				}
			}
		})
	}
}
