package ssm

import (
	"fmt"
	"math/rand"
	"testing"
)

// BenchmarkSelectiveScan is the fused Mamba-1 scan at mamba-130m's inner size
// (D = 1536, N = 16) for one sequence of 2048 tokens, with the D skip and the
// z gate. Buffers are allocated and touched once outside the timed loop.
func BenchmarkSelectiveScan(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	s := randSelective(rng, 1, 2048, 1536, 16, 1, true, true, false)
	for _, th := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", th), func(b *testing.B) {
			s.Threads = th
			if err := SelectiveScan(s); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if err := SelectiveScan(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkScanModes compares the modes on an S4D-like time-invariant problem:
// 256 channels, N = 64 complex states, real input.
func BenchmarkScanModes(b *testing.B) {
	rng := rand.New(rand.NewSource(2))
	for _, L := range []int{256, 4096} {
		pc := probCfg{B: 1, L: L, C: 256, N: 64, A: opSpec{cplx: true, lti: true},
			Bm: opSpec{cplx: true, lti: true}, Cm: opSpec{cplx: true, lti: true}}
		p := pc.build(rng)
		p.Threads = 1
		for _, m := range []mode{
			{"Scan", Scan},
			{"Chunked16", func(p *Problem) error { return Chunked(p, 16) }},
			{"FFTConv", FFTConv},
		} {
			b.Run(fmt.Sprintf("L=%d/%s", L, m.name), func(b *testing.B) {
				for b.Loop() {
					if err := m.run(p); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
