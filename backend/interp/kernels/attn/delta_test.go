package attn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// deltaAtol and deltaRtol match the fixtures' tolerance; the float32 kernels
// stay within about 1e-6 of float64 over a few hundred steps (outputs are O(1)).
const deltaAtol, deltaRtol = 1e-5, 1e-5

// newDelta returns a random problem in the regime the models use: unit-norm
// keys, β = sigmoid(randn), gates logsigmoid(randn)/4.
func newDelta(rng *rand.Rand, B, T, H, K, V, N int, gated, withStates bool) *DeltaRule {
	tn := T * N
	d := &DeltaRule{
		B: B, T: T, H: H, K: K, V: V, N: N,
		Q:     randn(rng, B*T*H*K),
		Kk:    randn(rng, B*tn*H*K),
		Vv:    randn(rng, B*tn*H*V),
		Beta:  make([]float32, B*tn*H),
		Scale: float32(1 / math.Sqrt(float64(K))),
		Out:   make([]float32, B*T*H*V),
	}
	for r := 0; r < len(d.Kk); r += K {
		var n float64
		for _, v := range d.Kk[r : r+K] {
			n += float64(v) * float64(v)
		}
		scaled(d.Kk[r:r+K], float32(1/math.Sqrt(n)))
	}
	for i := range d.Beta {
		d.Beta[i] = float32(1 / (1 + math.Exp(-rng.NormFloat64())))
	}
	if gated {
		d.G = make([]float32, B*T*H)
		for i := range d.G {
			d.G[i] = float32(-math.Log1p(math.Exp(-rng.NormFloat64())) / 4)
		}
	}
	if withStates {
		d.H0 = randn(rng, B*H*K*V)
		d.HT = make([]float32, B*H*K*V)
	}
	return d
}

var deltaVariants = []struct {
	name  string
	N     int
	gated bool
}{
	{"deltanet", 1, false},
	{"gated-deltanet", 1, true},
	{"deltaproduct2", 2, true},
	{"deltaproduct3-nogate", 3, false},
}

func TestDeltaRecurrentMatchesNaive(t *testing.T) {
	for _, v := range deltaVariants {
		for _, states := range []bool{false, true} {
			name := fmt.Sprintf("%s/states=%v", v.name, states)
			rng := rand.New(rand.NewPCG(21, uint64(v.N)))
			d := newDelta(rng, 2, 33, 3, 8, 6, v.N, v.gated, states)
			wantOut, wantHT := naiveDelta(d)
			fillNaN(d.Out)
			if err := DeltaRecurrent(d); err != nil {
				t.Fatal(err)
			}
			assertClose(t, name+"/out", d.Out, wantOut, deltaAtol, deltaRtol)
			if states {
				assertClose(t, name+"/state", d.HT, wantHT, deltaAtol, deltaRtol)
			}
		}
	}
}

func TestDeltaChunkedMatchesRecurrent(t *testing.T) {
	for _, v := range deltaVariants[:3] {
		for _, T := range []int{1, 7, 63, 129} {
			rng := rand.New(rand.NewPCG(uint64(T), uint64(v.N)))
			d := newDelta(rng, 2, T, 2, 16, 12, v.N, v.gated, true)
			if err := DeltaRecurrent(d); err != nil {
				t.Fatal(err)
			}
			recOut, recHT := to64(d.Out), to64(d.HT)
			for _, chunk := range []int{1, 4, 16, 64, 1000} {
				name := fmt.Sprintf("%s/T%d/chunk%d", v.name, T, chunk)
				fillNaN(d.Out)
				fillNaN(d.HT)
				if err := DeltaChunked(d, chunk); err != nil {
					t.Fatal(err)
				}
				assertClose(t, name+"/out", d.Out, recOut, deltaAtol, deltaRtol)
				assertClose(t, name+"/state", d.HT, recHT, deltaAtol, deltaRtol)
			}
			// Both against the float64 reference too, on the longest chunk.
			if T == 129 {
				wantOut, wantHT := naiveDelta(d)
				assertClose(t, v.name+"/chunked-vs-naive/out", d.Out, wantOut, deltaAtol, deltaRtol)
				assertClose(t, v.name+"/chunked-vs-naive/state", d.HT, wantHT, deltaAtol, deltaRtol)
			}
		}
	}
}

// Strong decay across a long chunk: cumulative gate sums reach −1900, so a
// form that wrote Dec_ij as e^{G_i}·e^{−G_j} would overflow to Inf·0 = NaN.
func TestDeltaChunkedStrongDecay(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	d := newDelta(rng, 1, 63, 2, 8, 8, 2, true, true)
	for i := range d.G {
		d.G[i] = -30 - float32(rng.Float64())
	}
	d.G[5] = 0 // and a gate of exactly 0 (no decay) is allowed
	wantOut, wantHT := naiveDelta(d)
	for _, chunk := range []int{64, 126} {
		if err := DeltaChunked(d, chunk); err != nil {
			t.Fatal(err)
		}
		assertClose(t, fmt.Sprintf("chunk%d/out", chunk), d.Out, wantOut, deltaAtol, deltaRtol)
		assertClose(t, fmt.Sprintf("chunk%d/state", chunk), d.HT, wantHT, deltaAtol, deltaRtol)
	}
}

// T = 0 passes the initial state through.
func TestDeltaEmpty(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	d := newDelta(rng, 1, 0, 2, 4, 3, 2, true, true)
	for _, run := range []func(*DeltaRule) error{DeltaRecurrent, func(d *DeltaRule) error { return DeltaChunked(d, 8) }} {
		fillNaN(d.HT)
		if err := run(d); err != nil {
			t.Fatal(err)
		}
		assertIdentical(t, "HT", d.HT, d.H0)
	}
}

func TestDeltaThreadsIdentical(t *testing.T) {
	defer forceThreads()()
	rng := rand.New(rand.NewPCG(35, 36))
	d := newDelta(rng, 3, 37, 3, 8, 8, 2, true, true)
	for _, run := range []struct {
		name string
		f    func(*DeltaRule) error
	}{
		{"recurrent", DeltaRecurrent},
		{"chunked", func(d *DeltaRule) error { return DeltaChunked(d, 16) }},
	} {
		d.Threads = 1
		if err := run.f(d); err != nil {
			t.Fatal(err)
		}
		out, ht := append([]float32(nil), d.Out...), append([]float32(nil), d.HT...)
		for _, th := range []int{2, 4} {
			d.Threads = th
			fillNaN(d.Out)
			fillNaN(d.HT)
			if err := run.f(d); err != nil {
				t.Fatal(err)
			}
			assertIdentical(t, fmt.Sprintf("%s threads=%d out", run.name, th), d.Out, out)
			assertIdentical(t, fmt.Sprintf("%s threads=%d state", run.name, th), d.HT, ht)
		}
	}
}

func TestDeltaValidate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	good := func() *DeltaRule { return newDelta(rng, 1, 4, 2, 4, 3, 2, true, true) }
	cases := map[string]func(d *DeltaRule){
		"N":     func(d *DeltaRule) { d.N = 0 },
		"q":     func(d *DeltaRule) { d.Q = d.Q[1:] },
		"k":     func(d *DeltaRule) { d.Kk = d.Kk[:len(d.Kk)/2] },
		"v":     func(d *DeltaRule) { d.Vv = nil },
		"beta":  func(d *DeltaRule) { d.Beta = d.Beta[1:] },
		"g":     func(d *DeltaRule) { d.G = d.G[1:] },
		"g>0":   func(d *DeltaRule) { d.G[3] = 0.5 },
		"g NaN": func(d *DeltaRule) { d.G[0] = float32(math.NaN()) },
		"h0":    func(d *DeltaRule) { d.H0 = d.H0[1:] },
		"ht":    func(d *DeltaRule) { d.HT = append(d.HT, 0) },
		"out":   func(d *DeltaRule) { d.Out = d.Out[1:] },
		"scale": func(d *DeltaRule) { d.Scale = float32(math.Inf(1)) },
	}
	for name, breakIt := range cases {
		d := good()
		breakIt(d)
		if DeltaRecurrent(d) == nil || DeltaChunked(d, 4) == nil {
			t.Errorf("%s: bad problem accepted", name)
		}
	}
	if DeltaChunked(good(), 0) == nil {
		t.Error("chunk 0 accepted")
	}
	if DeltaRecurrent(nil) == nil {
		t.Error("nil accepted")
	}
}
