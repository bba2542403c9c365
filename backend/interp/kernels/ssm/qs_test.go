package ssm

import (
	"fmt"
	"math/rand"
	"testing"
)

func randQS(rng *rand.Rand, B, L, C, N int) *QS {
	normal := func() (float64, float64) { return rng.NormFloat64(), 0 }
	decay := func() (float64, float64) { return 0.3 + 0.7*rng.Float64(), 0 }
	q := &QS{B: B, L: L, C: C, N: N}
	q.X = mkView(rng, B, L, C, 1, opSpec{}, normal)
	q.Diag = mkView(rng, B, L, C, 1, opSpec{}, normal)
	q.Y = mkView(rng, B, L, C, 1, opSpec{}, normal)
	// Hydra: one scalar decay per head (2 channels), B and C shared by all channels.
	q.Af = mkView(rng, B, L, C, N, opSpec{group: 2, nBcast: true}, decay)
	q.Ab = mkView(rng, B, L, C, N, opSpec{}, decay)
	q.Bf = mkView(rng, B, L, C, N, opSpec{group: C}, normal)
	q.Cf = mkView(rng, B, L, C, N, opSpec{group: C}, normal)
	q.Bb = mkView(rng, B, L, C, N, opSpec{}, normal)
	q.Cb = mkView(rng, B, L, C, N, opSpec{lti: true}, normal)
	return q
}

// refQS evaluates the QS sum term by term, each decay product from scratch.
func refQS(q *QS) []complex128 {
	y := make([]complex128, q.B*q.L*q.C)
	for b := 0; b < q.B; b++ {
		for c := 0; c < q.C; c++ {
			for i := 0; i < q.L; i++ {
				s := rd(&q.Diag, b, i, c, 0) * rd(&q.X, b, i, c, 0)
				for j := 0; j < q.L; j++ {
					for n := 0; n < q.N; n++ {
						var m complex128
						switch {
						case j < i:
							m = rd(&q.Cf, b, i-1, c, n) * rd(&q.Bf, b, j, c, n)
							for k := j + 1; k <= i-1; k++ {
								m *= rd(&q.Af, b, k, c, n)
							}
						case j > i:
							m = rd(&q.Cb, b, i+1, c, n) * rd(&q.Bb, b, j, c, n)
							for k := i + 1; k <= j-1; k++ {
								m *= rd(&q.Ab, b, k, c, n)
							}
						}
						s += m * rd(&q.X, b, j, c, 0)
					}
				}
				y[(b*q.L+i)*q.C+c] = s
			}
		}
	}
	return y
}

func readQSY(q *QS) []complex128 {
	p := &Problem{B: q.B, L: q.L, C: q.C, Y: q.Y}
	return readY(p)
}

// flip returns the time-reversed view of v (negative SL).
func flip(v View, l int) View {
	v.Off += (l - 1) * v.SL
	v.SL = -v.SL
	return v
}

func TestQS(t *testing.T) {
	rng := rand.New(rand.NewSource(30))
	for _, L := range []int{1, 2, 7, 50} {
		for _, B := range []int{1, 3} {
			q := randQS(rng, B, L, 4, 3)
			name := fmt.Sprintf("L=%d B=%d", L, B)
			want := refQS(q)
			for _, m := range []struct {
				name string
				run  func(*QS) error
			}{{"QSScan", QSScan}, {"QSQuadratic", QSQuadratic}} {
				q.Threads = 1 + L%2
				if err := m.run(q); err != nil {
					t.Fatal(err)
				}
				checkClose(t, name+" "+m.name, readQSY(q), want, 1e-5)
			}

			// shift(ssm_f(x)) + flip(shift(ssm_b(flip(x)))) + d*x from two Scans.
			mk := func() View {
				return mkView(rng, B, L, q.C, 1, opSpec{}, func() (float64, float64) { return 0, 0 })
			}
			yf, yb := mk(), mk()
			fw := &Problem{B: B, L: L, C: q.C, N: q.N, X: q.X, A: q.Af, Bm: q.Bf, Cm: q.Cf, Y: yf}
			bw := &Problem{B: B, L: L, C: q.C, N: q.N, X: flip(q.X, L), A: flip(q.Ab, L), Bm: flip(q.Bb, L),
				Cm: flip(q.Cb, L), Y: flip(yb, L)}
			if err := Scan(fw); err != nil {
				t.Fatal(err)
			}
			if err := Scan(bw); err != nil {
				t.Fatal(err)
			}
			comp := make([]complex128, B*L*q.C)
			for b := 0; b < B; b++ {
				for i := 0; i < L; i++ {
					for c := 0; c < q.C; c++ {
						s := rd(&q.Diag, b, i, c, 0) * rd(&q.X, b, i, c, 0)
						if i > 0 {
							s += rd(&yf, b, i-1, c, 0)
						}
						if i < L-1 {
							s += rd(&yb, b, i+1, c, 0) // yb holds the backward scan at original positions
						}
						comp[(b*L+i)*q.C+c] = s
					}
				}
			}
			checkClose(t, name+" shift/flip composition", comp, want, 1e-5)
		}
	}
}

func TestQSThreads(t *testing.T) {
	defer forceThreads()()
	rng := rand.New(rand.NewSource(31))
	q := randQS(rng, 3, 30, 5, 4)
	for _, run := range []func(*QS) error{QSScan, QSQuadratic} {
		var first []float32
		for _, th := range []int{1, 2, 3} {
			q.Threads = th
			if err := run(q); err != nil {
				t.Fatal(err)
			}
			if th == 1 {
				first = append([]float32(nil), q.Y.Data...)
			} else if !bitsEqual(first, q.Y.Data) {
				t.Fatalf("threads=%d differs", th)
			}
		}
	}
}

func TestQSErrors(t *testing.T) {
	rng := rand.New(rand.NewSource(32))
	for _, tc := range []struct {
		name   string
		break_ func(q *QS)
	}{
		{"complex", func(q *QS) { q.Cb.Complex = true }},
		{"out of bounds", func(q *QS) { q.Bb.Off = len(q.Bb.Data) }},
		{"short CO", func(q *QS) { q.Diag.CO = nil }},
		{"zero C", func(q *QS) { q.C = 0 }},
	} {
		q := randQS(rng, 1, 5, 2, 2)
		tc.break_(q)
		if QSScan(q) == nil || QSQuadratic(q) == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
}
