package attn

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkAttention: one causal prefill of B=1, L=1024, H=8, D=64.
func BenchmarkAttention(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	a := newAttention(rng, 1, 1024, 1024, 8, 8, 64, 64, true)
	b.Run("materialized", func(b *testing.B) {
		for b.Loop() {
			if err := Materialized(a); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, tile := range []int{64, 256} {
		b.Run(fmt.Sprintf("flash%d", tile), func(b *testing.B) {
			for b.Loop() {
				if err := Flash(a, tile); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDelta: gated DeltaNet over T=1024, H=4, K=V=64.
func BenchmarkDelta(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	d := newDelta(rng, 1, 1024, 4, 64, 64, 1, true, true)
	b.Run("recurrent", func(b *testing.B) {
		for b.Loop() {
			if err := DeltaRecurrent(d); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, chunk := range []int{16, 64} {
		b.Run(fmt.Sprintf("chunked%d", chunk), func(b *testing.B) {
			for b.Loop() {
				if err := DeltaChunked(d, chunk); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
