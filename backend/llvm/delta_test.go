package llvm

import (
	"math"
	"math/rand"
	"sync"
	"testing"

	llvmir "github.com/llir/llvm/ir"

	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/runtime"
)

// deltaTestSpecs are the kernels of the delta-rule test library: sizes
// below, at and past the vector widths, DeltaNet, gated DeltaNet and
// DeltaProduct.
func deltaTestSpecs() []DeltaSpec {
	return []DeltaSpec{
		{H: 1, K: 1, V: 1, N: 1, Scale: 0.9},
		{H: 2, K: 17, V: 33, N: 1, Gated: true, Scale: 0.25},
		{H: 3, K: 64, V: 64, N: 1, Gated: true, Scale: 0.125},
		{H: 2, K: 16, V: 40, N: 2, Gated: true, Scale: 0.25},
		{H: 1, K: 8, V: 8, N: 3, Scale: 0.5},
		{H: 2, K: 33, V: 16, N: 2, Scale: 0.2},
		{H: 4, K: 64, V: 64, N: 1, Gated: true, Scale: 0.125},
	}
}

func deltaTestName(s DeltaSpec, variant string) string {
	return keyf("deltatest", s.H, s.K, s.V, s.N, s.Gated, math.Float32bits(s.Scale), s.Dynamic) + VariantSuffix(variant)
}

// deltaDynamic is the Dynamic spec with s's N, gate and scale.
func deltaDynamic(s DeltaSpec) DeltaSpec {
	return DeltaSpec{N: s.N, Gated: s.Gated, Scale: s.Scale, Dynamic: true}
}

var deltaLib struct {
	once sync.Once
	lib  *native.Library
}

func deltaTestLib(t testing.TB) *native.Library {
	t.Helper()
	requireJIT(t)
	deltaLib.once.Do(func() {
		m := llvmir.NewModule()
		m.TargetTriple, m.DataLayout = TargetTriple, DataLayout
		for _, v := range []string{V3, V4} {
			seen := map[string]bool{}
			for _, s := range deltaTestSpecs() {
				for _, s := range []DeltaSpec{s, deltaDynamic(s)} {
					if name := deltaTestName(s, v); !seen[name] {
						seen[name] = true
						if err := EmitDelta(m, name, s, v); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
		}
		deltaLib.lib = selLoad(t, m.String())
	})
	if deltaLib.lib == nil {
		t.Fatal("delta-rule test library failed to build (see the first test that built it)")
	}
	return deltaLib.lib
}

func deltaTestKernel(t testing.TB, s DeltaSpec, variant string) *DeltaKernel {
	t.Helper()
	fn, err := deltaTestLib(t).Func(deltaTestName(s, variant))
	if err != nil {
		t.Fatal(err)
	}
	return &DeltaKernel{Fn: fn, Spec: s, Variant: variant}
}

// deltaProblem is one set of inputs: keys of unit norm and β in (0, 1), as
// the models make them (the recurrence is then a contraction), gates
// log σ(x) <= 0.
type deltaProblem struct {
	s       DeltaSpec
	B, T    int
	q, k, v []float32
	beta, g []float32
	h0      []float32
	chunk   int
	withH0  bool
}

func newDeltaProblem(rng *rand.Rand, s DeltaSpec, B, T int, withH0 bool) *deltaProblem {
	tn := T * s.N
	normal := func(n int) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		return x
	}
	p := &deltaProblem{s: s, B: B, T: T, withH0: withH0}
	p.q, p.k, p.v = normal(B*T*s.H*s.K), normal(B*tn*s.H*s.K), normal(B*tn*s.H*s.V)
	for r := 0; r < B*tn*s.H; r++ {
		row := p.k[r*s.K:][:s.K]
		var n float64
		for _, x := range row {
			n += float64(x) * float64(x)
		}
		for i := range row {
			row[i] = float32(float64(row[i]) / math.Sqrt(n+1e-6))
		}
	}
	p.beta = make([]float32, B*tn*s.H)
	for i := range p.beta {
		p.beta[i] = float32(1 / (1 + math.Exp(-rng.NormFloat64())))
	}
	if s.Gated {
		p.g = make([]float32, B*T*s.H)
		for i := range p.g {
			p.g[i] = float32(-math.Log1p(math.Exp(-rng.NormFloat64() - 2)))
		}
	}
	if withH0 {
		p.h0 = normal(B * s.H * s.K * s.V)
	}
	return p
}

// deltaReference runs the recurrence as defined, in float64.
func deltaReference(p *deltaProblem) (out, hT []float64) {
	s := p.s
	tn := p.T * s.N
	out = make([]float64, p.B*p.T*s.H*s.V)
	hT = make([]float64, p.B*s.H*s.K*s.V)
	S := make([]float64, s.K*s.V)
	u := make([]float64, s.V)
	for b := 0; b < p.B; b++ {
		for h := 0; h < s.H; h++ {
			for i := range S {
				S[i] = 0
				if p.h0 != nil {
					S[i] = float64(p.h0[(b*s.H+h)*s.K*s.V+i])
				}
			}
			for t := 0; t < p.T; t++ {
				if s.Gated {
					d := math.Exp(float64(p.g[(b*p.T+t)*s.H+h]))
					for i := range S {
						S[i] *= d
					}
				}
				for j := 0; j < s.N; j++ {
					st := t*s.N + j
					k := p.k[((b*tn+st)*s.H+h)*s.K:][:s.K]
					v := p.v[((b*tn+st)*s.H+h)*s.V:][:s.V]
					beta := float64(p.beta[(b*tn+st)*s.H+h])
					for c := range u {
						var sk float64
						for r := range k {
							sk += S[r*s.V+c] * float64(k[r])
						}
						u[c] = beta * (float64(v[c]) - sk)
					}
					for r := range k {
						for c := range u {
							S[r*s.V+c] += float64(k[r]) * u[c]
						}
					}
				}
				q := p.q[((b*p.T+t)*s.H+h)*s.K:][:s.K]
				o := out[((b*p.T+t)*s.H+h)*s.V:][:s.V]
				for c := range o {
					for r := range q {
						o[c] += S[r*s.V+c] * float64(q[r]) * float64(s.Scale)
					}
				}
			}
			copy(hT[(b*s.H+h)*s.K*s.V:], S)
		}
	}
	return out, hT
}

func (p *deltaProblem) run(t testing.TB, k *DeltaKernel, threads int) (out, hT []float32) {
	t.Helper()
	s := p.s
	out = make([]float32, p.B*p.T*s.H*s.V)
	hT = make([]float32, p.B*s.H*s.K*s.V)
	for i := range out {
		out[i] = float32(math.NaN())
	}
	for i := range hT {
		hT[i] = float32(math.NaN())
	}
	a := &DeltaArgs{B: p.B, T: p.T, Q: p.q, K: p.k, V: p.v, Beta: p.beta, G: p.g, H0: p.h0, HT: hT, Out: out, Chunk: p.chunk,
		Heads: s.H, KDim: s.K, VDim: s.V}
	if err := k.Run(nil, threads, a); err != nil {
		t.Fatal(err)
	}
	return out, hT
}

func deltaCheck(t *testing.T, what string, got []float32, want []float64) {
	t.Helper()
	scale := 1.0
	for _, w := range want {
		scale = math.Max(scale, math.Abs(w))
	}
	for i := range want {
		if d := math.Abs(float64(got[i]) - want[i]); !(d <= 2e-5*scale) {
			t.Fatalf("%s: [%d] = %v, want %v (|diff| %.3g, scale %.3g)", what, i, got[i], want[i], d, scale)
		}
	}
}

var deltaShapes = [][2]int{{1, 1}, {2, 5}, {1, 17}, {2, 64}, {1, 100}, {1, 0}}

func TestDeltaMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, v := range selVariants() {
		for _, s := range deltaTestSpecs() {
			k := deltaTestKernel(t, s, v)
			for _, sh := range deltaShapes {
				for _, chunk := range []int{0, 1, 3, 16, 64} {
					p := newDeltaProblem(rng, s, sh[0], sh[1], chunk%2 == 0)
					p.chunk = chunk
					wo, wh := deltaReference(p)
					kernels := []*DeltaKernel{k}
					if chunk == 0 { // the run-time-sized kernel has the recurrence only
						kernels = append(kernels, deltaTestKernel(t, deltaDynamic(s), v))
					}
					for _, k := range kernels {
						out, hT := p.run(t, k, 2)
						what := func(x string) string {
							return x + " " + v + " " + deltaTestName(k.Spec, v) + " B/T/chunk " + itoa(p.B) + "/" + itoa(p.T) + "/" + itoa(chunk)
						}
						deltaCheck(t, what("out"), out, wo)
						deltaCheck(t, what("state"), hT, wh)
					}
				}
			}
		}
	}
}

// TestDeltaThreads: bitwise the same results for every thread count.
func TestDeltaThreads(t *testing.T) {
	defer func(m int) { runtime.MinWorkPerThread = m }(runtime.MinWorkPerThread)
	runtime.MinWorkPerThread = 1
	rng := rand.New(rand.NewSource(2))
	for _, v := range selVariants() {
		for _, s := range deltaTestSpecs() {
			k := deltaTestKernel(t, s, v)
			for _, chunk := range []int{0, 8} {
				p := newDeltaProblem(rng, s, 2, 23, true)
				p.chunk = chunk
				o1, h1 := p.run(t, k, 1)
				for _, th := range []int{2, 3, 5} {
					o, h := p.run(t, k, th)
					for i := range o1 {
						if math.Float32bits(o[i]) != math.Float32bits(o1[i]) {
							t.Fatalf("%s %+v chunk %d: threads=%d out[%d] = %v, threads=1 %v", v, s, chunk, th, i, o[i], o1[i])
						}
					}
					for i := range h1 {
						if math.Float32bits(h[i]) != math.Float32bits(h1[i]) {
							t.Fatalf("%s %+v chunk %d: threads=%d state[%d] = %v, threads=1 %v", v, s, chunk, th, i, h[i], h1[i])
						}
					}
				}
			}
		}
	}
}

func TestEmitDeltaRejects(t *testing.T) {
	for _, s := range []DeltaSpec{{H: 0, K: 4, V: 4, N: 1}, {H: 1, K: 4, V: 4, N: 0}, {H: 1, K: 4, V: 4, N: 1, Scale: float32(math.NaN())}} {
		if err := EmitDelta(llvmir.NewModule(), "k", s, V4); err == nil {
			t.Errorf("%+v: no error", s)
		}
	}
	if err := EmitDelta(llvmir.NewModule(), "k", DeltaSpec{H: 1, K: 4, V: 4, N: 1}, "x86-64"); err == nil {
		t.Error("unknown variant: no error")
	}
}
