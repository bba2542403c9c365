package attn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// Softmax attention in float32 lands within about 4e-7 of float64 here.
const attnAtol, attnRtol = 1e-5, 1e-5

// newAttention returns a random problem with no key padding.
func newAttention(rng *rand.Rand, B, Lq, Lk, Hq, Hk, D, Dv int, causal bool) *Attention {
	return &Attention{
		B: B, Lq: Lq, Lk: Lk, Hq: Hq, Hk: Hk, D: D, Dv: Dv,
		Q:      randn(rng, B*Lq*Hq*D),
		K:      randn(rng, B*Lk*Hk*D),
		V:      randn(rng, B*Lk*Hk*Dv),
		Out:    make([]float32, B*Lq*Hq*Dv),
		Scale:  float32(1 / math.Sqrt(float64(D))),
		Causal: causal,
	}
}

// randomPad marks about a fifth of the keys padded, at random; with causal
// masking this leaves some query rows with no live key at all.
func randomPad(rng *rand.Rand, B, Lk int) []int32 {
	pad := make([]int32, B*Lk)
	for i := range pad {
		if rng.IntN(5) == 0 {
			pad[i] = 1
		}
	}
	return pad
}

// runBoth runs Materialized and every Flash tile on a and checks each against
// want, returning the Materialized output.
func runBoth(t *testing.T, name string, a *Attention, want []float64, tiles []int) []float32 {
	t.Helper()
	if err := Materialized(a); err != nil {
		t.Fatalf("%s: Materialized: %v", name, err)
	}
	mat := append([]float32(nil), a.Out...)
	assertClose(t, name+"/materialized", mat, want, attnAtol, attnRtol)
	for _, tile := range tiles {
		fillNaN(a.Out)
		if err := Flash(a, tile); err != nil {
			t.Fatalf("%s: Flash(%d): %v", name, tile, err)
		}
		assertClose(t, fmt.Sprintf("%s/flash%d", name, tile), a.Out, want, attnAtol, attnRtol)
		assertClose(t, fmt.Sprintf("%s/flash%d-vs-materialized", name, tile), a.Out, to64(mat), attnAtol, attnRtol)
	}
	return mat
}

// fillNaN poisons x so a kernel that skips writing an element is caught.
func fillNaN(x []float32) {
	for i := range x {
		x[i] = float32(math.NaN())
	}
}

func TestAttentionMatchesNaive(t *testing.T) {
	tiles := []int{1, 7, 64, 1000}
	for _, L := range []int{1, 17, 1031} {
		D, Dv, B := 8, 5, 2
		if L > 100 {
			D, Dv, B = 3, 2, 1 // keep the float64 reference cheap
		}
		for _, causal := range []bool{false, true} {
			for _, padded := range []bool{false, true} {
				name := fmt.Sprintf("L%d/causal=%v/pad=%v", L, causal, padded)
				rng := rand.New(rand.NewPCG(uint64(L), 7))
				a := newAttention(rng, B, L, L, 4, 2, D, Dv, causal)
				if padded {
					a.KeyPad = randomPad(rng, B, L)
				}
				runBoth(t, name, a, naiveAttention(a), tiles)
			}
		}
	}
}

// A query whose keys are all masked gets a zero row, from both kernels.
func TestAttentionAllMaskedRowIsZero(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	a := newAttention(rng, 2, 5, 5, 2, 1, 4, 3, true)
	a.KeyPad = make([]int32, 2*5)
	for j := 0; j < 5; j++ {
		a.KeyPad[5+j] = 1 // batch row 1: every key padded
	}
	a.KeyPad[0] = 1 // batch row 0: causal query 0 sees only key 0, padded
	want := naiveAttention(a)
	runBoth(t, "allmasked", a, want, []int{1, 2, 8})
	for i, w := range want[5*2*3:] {
		if w != 0 || a.Out[5*2*3+i] != 0 {
			t.Fatalf("batch row 1 element %d: got %v want 0", i, a.Out[5*2*3+i])
		}
	}
	// Lq > Lk with bottom-right alignment: the first Lq−Lk queries see no key.
	b := newAttention(rng, 1, 6, 2, 1, 1, 4, 3, true)
	runBoth(t, "lq>lk", b, naiveAttention(b), []int{1, 3})
	for i := 0; i < 4*3; i++ {
		if b.Out[i] != 0 {
			t.Fatalf("Lq>Lk: element %d of an unseeing row is %v", i, b.Out[i])
		}
	}
}

// Chunked prefill: Lq new queries against a cache of Lk−Lq keys plus
// themselves, bottom-right causal, equal the last Lq rows of full causal
// attention over all Lk positions.
func TestAttentionBottomRightCausal(t *testing.T) {
	const B, Lk, Lq, Hq, Hk, D, Dv = 2, 41, 9, 4, 2, 8, 6
	rng := rand.New(rand.NewPCG(3, 4))
	full := newAttention(rng, B, Lk, Lk, Hq, Hk, D, Dv, true)
	wantFull := naiveAttention(full)
	runBoth(t, "full", full, wantFull, []int{5})

	part := *full
	part.Lq = Lq
	part.Q = nil
	for b := 0; b < B; b++ {
		part.Q = append(part.Q, full.Q[(b*Lk+Lk-Lq)*Hq*D:(b+1)*Lk*Hq*D]...)
	}
	part.Out = make([]float32, B*Lq*Hq*Dv)
	var want []float64
	for b := 0; b < B; b++ {
		want = append(want, wantFull[(b*Lk+Lk-Lq)*Hq*Dv:(b+1)*Lk*Hq*Dv]...)
	}
	runBoth(t, "prefill", &part, want, []int{1, 4, 64})
	// And against the reference on its own terms.
	assertClose(t, "prefill/naive", part.Out, naiveAttention(&part), attnAtol, attnRtol)
}

// Adding padded keys never changes the real rows, even when their keys and
// values are NaN (so they must never be read into a sum): padding
// interleaved among the keys for bidirectional attention, and left padding of
// queries and keys together for causal attention.
func TestAttentionPaddingKeysInvisible(t *testing.T) {
	const Hq, Hk, D, Dv = 4, 2, 8, 4
	rng := rand.New(rand.NewPCG(5, 6))

	// Bidirectional: insert 7 padded keys at random places.
	base := newAttention(rng, 1, 13, 20, Hq, Hk, D, Dv, false)
	want := naiveAttention(base)
	const extra = 7
	padded := *base
	padded.Lk = base.Lk + extra
	padded.K, padded.V, padded.KeyPad = nil, nil, nil
	padded.Out = make([]float32, len(base.Out))
	isPad := make([]bool, padded.Lk)
	for _, j := range rng.Perm(padded.Lk)[:extra] {
		isPad[j] = true
	}
	src := 0
	for j := range padded.Lk {
		if isPad[j] {
			padded.K = append(padded.K, nans(Hk*D)...)
			padded.V = append(padded.V, nans(Hk*Dv)...)
			padded.KeyPad = append(padded.KeyPad, 1)
			continue
		}
		padded.K = append(padded.K, base.K[src*Hk*D:(src+1)*Hk*D]...)
		padded.V = append(padded.V, base.V[src*Hk*Dv:(src+1)*Hk*Dv]...)
		padded.KeyPad = append(padded.KeyPad, 0)
		src++
	}
	runBoth(t, "interleaved-pad", &padded, want, []int{1, 3, 16})

	// Causal with P left-padding positions: the real rows are the last L.
	const L, P = 11, 5
	c := newAttention(rng, 1, L, L, Hq, Hk, D, Dv, true)
	wantC := naiveAttention(c)
	lp := *c
	lp.Lq, lp.Lk = L+P, L+P
	lp.Q = append(randn(rng, P*Hq*D), c.Q...)
	lp.K = append(nans(P*Hk*D), c.K...)
	lp.V = append(nans(P*Hk*Dv), c.V...)
	lp.KeyPad = make([]int32, L+P)
	for j := range P {
		lp.KeyPad[j] = 1
	}
	lp.Out = make([]float32, (L+P)*Hq*Dv)
	for _, run := range []func(*Attention) error{Materialized, func(a *Attention) error { return Flash(a, 4) }} {
		fillNaN(lp.Out)
		if err := run(&lp); err != nil {
			t.Fatal(err)
		}
		assertClose(t, "left-pad", lp.Out[P*Hq*Dv:], wantC, attnAtol, attnRtol)
	}
}

// nans returns n NaNs.
func nans(n int) []float32 {
	x := make([]float32, n)
	fillNaN(x)
	return x
}

// scaled multiplies x by s in place and returns it.
func scaled(x []float32, s float32) []float32 {
	for i := range x {
		x[i] *= s
	}
	return x
}

func TestAttentionThreadsIdentical(t *testing.T) {
	defer forceThreads()()
	rng := rand.New(rand.NewPCG(8, 9))
	a := newAttention(rng, 2, 33, 33, 4, 2, 8, 8, true)
	a.KeyPad = randomPad(rng, 2, 33)
	for _, run := range []struct {
		name string
		f    func(*Attention) error
	}{
		{"materialized", Materialized},
		{"flash", func(a *Attention) error { return Flash(a, 8) }},
	} {
		a.Threads = 1
		if err := run.f(a); err != nil {
			t.Fatal(err)
		}
		one := append([]float32(nil), a.Out...)
		for _, th := range []int{2, 3, 16} {
			a.Threads = th
			fillNaN(a.Out)
			if err := run.f(a); err != nil {
				t.Fatal(err)
			}
			assertIdentical(t, fmt.Sprintf("%s threads=%d", run.name, th), a.Out, one)
		}
	}
}

func TestAttentionValidate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	good := func() *Attention { return newAttention(rng, 1, 3, 4, 4, 2, 2, 2, false) }
	if err := good().Validate(); err != nil {
		t.Fatalf("valid problem rejected: %v", err)
	}
	cases := map[string]func(a *Attention){
		"heads":  func(a *Attention) { a.Hk = 3 },
		"qlen":   func(a *Attention) { a.Q = a.Q[1:] },
		"klen":   func(a *Attention) { a.K = nil },
		"vlen":   func(a *Attention) { a.V = append(a.V, 0) },
		"outlen": func(a *Attention) { a.Out = a.Out[:2] },
		"pad":    func(a *Attention) { a.KeyPad = []int32{0} },
		"scale":  func(a *Attention) { a.Scale = float32(math.NaN()) },
		"dim":    func(a *Attention) { a.D = 0 },
	}
	for name, breakIt := range cases {
		a := good()
		breakIt(a)
		if a.Validate() == nil || Materialized(a) == nil || Flash(a, 4) == nil {
			t.Errorf("%s: bad problem accepted", name)
		}
	}
	if Flash(good(), 0) == nil {
		t.Error("Flash accepted tile 0")
	}
	var nilA *Attention
	if nilA.Validate() == nil {
		t.Error("nil Attention accepted")
	}
}
