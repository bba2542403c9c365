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

// attnTestSpecs are the kernels of the attention test library: head sizes
// below, at and above the vector widths, grouped-query heads, every mask.
func attnTestSpecs() []AttnSpec {
	return []AttnSpec{
		{Hq: 1, Hk: 1, D: 1, Dv: 1, Scale: 0.7},
		{Hq: 2, Hk: 1, D: 17, Dv: 33, Causal: true, Scale: 0.3},
		{Hq: 4, Hk: 2, D: 64, Dv: 64, Causal: true, Scale: 0.125},
		{Hq: 3, Hk: 3, D: 16, Dv: 8, Pad: true, Scale: 0.25},
		{Hq: 6, Hk: 2, D: 32, Dv: 20, Causal: true, Pad: true, Scale: 0.2},
		{Hq: 8, Hk: 8, D: 64, Dv: 64, Causal: true, Scale: 0.125},
		{Hq: 1, Hk: 1, D: 128, Dv: 80, Scale: 0.09},
		{Hq: 2, Hk: 1, D: 256, Dv: 200, Causal: true, Scale: 0.06},
	}
}

func attnTestName(s AttnSpec, variant string) string {
	return keyf("attntest", s.Hq, s.Hk, s.D, s.Dv, s.Causal, s.Pad, math.Float32bits(s.Scale)) + VariantSuffix(variant)
}

var attnLib struct {
	once sync.Once
	lib  *native.Library
}

// attnTestLib compiles every test spec for both variants into one library,
// once per process.
func attnTestLib(t testing.TB) *native.Library {
	t.Helper()
	requireJIT(t)
	attnLib.once.Do(func() {
		m := llvmir.NewModule()
		m.TargetTriple, m.DataLayout = TargetTriple, DataLayout
		for _, v := range []string{V3, V4} {
			for _, s := range attnTestSpecs() {
				if err := EmitAttention(m, attnTestName(s, v), s, v); err != nil {
					t.Fatal(err)
				}
			}
		}
		attnLib.lib = selLoad(t, m.String())
	})
	if attnLib.lib == nil {
		t.Fatal("attention test library failed to build (see the first test that built it)")
	}
	return attnLib.lib
}

func attnTestKernel(t testing.TB, s AttnSpec, variant string) *AttnKernel {
	t.Helper()
	fn, err := attnTestLib(t).Func(attnTestName(s, variant))
	if err != nil {
		t.Fatal(err)
	}
	return &AttnKernel{Fn: fn, Spec: s, Variant: variant}
}

// attnProblem is one set of inputs.
type attnProblem struct {
	s          AttnSpec
	B, Lq, Lk  int
	q, k, v    []float32
	pad        []int32
	quadratic  bool
	outReached []bool // filled by attnReference: rows that see some key
}

func newAttnProblem(rng *rand.Rand, s AttnSpec, B, Lq, Lk int) *attnProblem {
	p := &attnProblem{s: s, B: B, Lq: Lq, Lk: Lk}
	normal := func(n int) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		return x
	}
	p.q, p.k, p.v = normal(B*Lq*s.Hq*s.D), normal(B*Lk*s.Hk*s.D), normal(B*Lk*s.Hk*s.Dv)
	if s.Pad {
		p.pad = make([]int32, B*Lk)
		for i := range p.pad {
			if rng.Intn(3) == 0 {
				p.pad[i] = int32(1 + rng.Intn(5))
			}
		}
		// One batch row fully padded (when there are several): its rows are zeros.
		if B > 1 {
			for j := 0; j < Lk; j++ {
				p.pad[j] = 1
			}
		}
	}
	return p
}

// attnReference is softmax(q·kᵀ·scale + mask)·v in float64, written from
// the definition: the causal limit of query i is Lk-Lq+i (inclusive), a
// row with no visible key is zero. mag is Σ w·|v| / Σ w, the scale of each
// output's rounding error.
func attnReference(p *attnProblem) (out, mag []float64) {
	s := p.s
	g := s.Hq / s.Hk
	out = make([]float64, p.B*p.Lq*s.Hq*s.Dv)
	mag = make([]float64, len(out))
	sc := make([]float64, p.Lk)
	for b := 0; b < p.B; b++ {
		for i := 0; i < p.Lq; i++ {
			for h := 0; h < s.Hq; h++ {
				kh := h / g
				q := p.q[((b*p.Lq+i)*s.Hq+h)*s.D:][:s.D]
				m := math.Inf(-1)
				for j := 0; j < p.Lk; j++ {
					sc[j] = math.Inf(-1)
					if s.Causal && j > p.Lk-p.Lq+i || s.Pad && p.pad[b*p.Lk+j] != 0 {
						continue
					}
					kr := p.k[((b*p.Lk+j)*s.Hk+kh)*s.D:][:s.D]
					var d float64
					for x := range q {
						d += float64(q[x]) * float64(kr[x])
					}
					sc[j] = d * float64(s.Scale)
					m = math.Max(m, sc[j])
				}
				o := out[((b*p.Lq+i)*s.Hq+h)*s.Dv:][:s.Dv]
				mg := mag[((b*p.Lq+i)*s.Hq+h)*s.Dv:][:s.Dv]
				if math.IsInf(m, -1) {
					continue
				}
				var l float64
				for j := 0; j < p.Lk; j++ {
					if math.IsInf(sc[j], -1) {
						continue
					}
					w := math.Exp(sc[j] - m)
					l += w
					vr := p.v[((b*p.Lk+j)*s.Hk+kh)*s.Dv:][:s.Dv]
					for c := range o {
						o[c] += w * float64(vr[c])
						mg[c] += w * math.Abs(float64(vr[c]))
					}
				}
				for c := range o {
					o[c] /= l
					mg[c] /= l
				}
			}
		}
	}
	return out, mag
}

func (p *attnProblem) run(t testing.TB, k *AttnKernel, threads int) []float32 {
	t.Helper()
	out := make([]float32, p.B*p.Lq*p.s.Hq*p.s.Dv)
	for i := range out {
		out[i] = float32(math.NaN()) // every element must be written
	}
	a := &AttnArgs{B: p.B, Lq: p.Lq, Lk: p.Lk, Q: p.q, K: p.k, V: p.v, Out: out, Pad: p.pad, Quadratic: p.quadratic}
	if err := k.Run(nil, threads, a); err != nil {
		t.Fatal(err)
	}
	return out
}

// attnShapes are (B, Lq, Lk) triples: prefill (Lq = Lk), chunks against a
// cache (Lq < Lk), steps (Lq = 1), more queries than keys, empty keys, and
// lengths around the tile sizes.
var attnShapes = [][3]int{
	{1, 1, 1}, {1, 5, 5}, {2, 17, 17}, {1, 64, 64}, {1, 65, 65}, {2, 100, 100}, {1, 3, 40}, {1, 1, 97},
	{2, 1, 200}, {1, 20, 7}, {1, 4, 0}, {1, 130, 300},
}

func TestAttentionMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, v := range selVariants() {
		for _, s := range attnTestSpecs() {
			k := attnTestKernel(t, s, v)
			for _, sh := range attnShapes {
				for _, quad := range []bool{false, true} {
					p := newAttnProblem(rng, s, sh[0], sh[1], sh[2])
					p.quadratic = quad
					got := p.run(t, k, 2)
					want, mag := attnReference(p)
					for i := range want {
						tol := 2e-6 * (mag[i] + 1) * math.Sqrt(float64(s.D))
						if d := math.Abs(float64(got[i]) - want[i]); !(d <= tol) {
							t.Fatalf("%s %+v B=%d Lq=%d Lk=%d quadratic=%v: out[%d] = %v, want %v (|diff| %.3g > %.3g)",
								v, s, p.B, p.Lq, p.Lk, quad, i, got[i], want[i], d, tol)
						}
					}
				}
			}
		}
	}
}

// TestAttentionThreads: the output is bitwise the same for every thread
// count.
func TestAttentionThreads(t *testing.T) {
	defer func(m int) { runtime.MinWorkPerThread = m }(runtime.MinWorkPerThread)
	runtime.MinWorkPerThread = 1
	rng := rand.New(rand.NewSource(2))
	for _, v := range selVariants() {
		for _, s := range attnTestSpecs() {
			k := attnTestKernel(t, s, v)
			for _, quad := range []bool{false, true} {
				p := newAttnProblem(rng, s, 2, 37, 150)
				p.quadratic = quad
				ref := p.run(t, k, 1)
				for _, th := range []int{2, 3, 7} {
					got := p.run(t, k, th)
					for i := range ref {
						if math.Float32bits(got[i]) != math.Float32bits(ref[i]) {
							t.Fatalf("%s %+v quadratic=%v: threads=%d out[%d] = %v, threads=1 gave %v", v, s, quad, th, i, got[i], ref[i])
						}
					}
				}
			}
		}
	}
}

// TestAttentionSpecials: value rows of padded keys (and of keys in a row's
// future) are never read into the output, so NaN there stays out; a NaN
// query makes its rows NaN; a row that sees no key is zero.
func TestAttentionSpecials(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	nan := float32(math.NaN())
	for _, v := range selVariants() {
		for _, s := range attnTestSpecs() {
			k := attnTestKernel(t, s, v)
			for _, quad := range []bool{false, true} {
				p := newAttnProblem(rng, s, 2, 70, 70)
				p.quadratic = quad
				// Poison the value rows of padded keys and of the last key
				// (in the future of every row but the last).
				for b := 0; b < p.B; b++ {
					for j := 0; j < p.Lk; j++ {
						if (s.Pad && p.pad[b*p.Lk+j] != 0) || (s.Causal && j == p.Lk-1) {
							for x := 0; x < s.Hk*s.Dv; x++ {
								p.v[(b*p.Lk+j)*s.Hk*s.Dv+x] = nan
							}
						}
					}
				}
				// A NaN query element in batch 0, position 3, head 0.
				p.q[3*s.Hq*s.D] = nan
				got := p.run(t, k, 2)
				for b := 0; b < p.B; b++ {
					for i := 0; i < p.Lq; i++ {
						for h := 0; h < s.Hq; h++ {
							row := got[((b*p.Lq+i)*s.Hq+h)*s.Dv:][:s.Dv]
							sees := false // some key is visible to row i
							for j := 0; j < p.Lk && (!s.Causal || j <= p.Lk-p.Lq+i); j++ {
								sees = sees || !s.Pad || p.pad[b*p.Lk+j] == 0
							}
							allPad := !sees
							wantNaN := sees && ((b == 0 && i == 3 && h == 0) || (s.Causal && i == p.Lq-1 && !(s.Pad && p.pad[b*p.Lk+p.Lk-1] != 0)))
							for c, x := range row {
								switch {
								case wantNaN && !math.IsNaN(float64(x)):
									t.Fatalf("%s %+v quadratic=%v: b=%d i=%d h=%d out[%d] = %v, want NaN", v, s, quad, b, i, h, c, x)
								case !wantNaN && math.IsNaN(float64(x)):
									t.Fatalf("%s %+v quadratic=%v: b=%d i=%d h=%d out[%d] is NaN", v, s, quad, b, i, h, c)
								case allPad && x != 0:
									t.Fatalf("%s %+v quadratic=%v: fully padded row b=%d i=%d h=%d out[%d] = %v, want 0", v, s, quad, b, i, h, c, x)
								}
							}
						}
					}
				}
			}
		}
	}
}

func TestEmitAttentionRejects(t *testing.T) {
	for _, s := range []AttnSpec{{Hq: 3, Hk: 2, D: 4, Dv: 4}, {Hq: 1, Hk: 1, D: 0, Dv: 4}, {Hq: 1, Hk: 1, D: 4, Dv: 4, Scale: float32(math.Inf(1))}} {
		if err := EmitAttention(llvmir.NewModule(), "k", s, V4); err == nil {
			t.Errorf("%+v: no error", s)
		}
	}
	if err := EmitAttention(llvmir.NewModule(), "k", AttnSpec{Hq: 1, Hk: 1, D: 4, Dv: 4}, "x86-64"); err == nil {
		t.Error("unknown variant: no error")
	}
	if err := EmitAttention(llvmir.NewModule(), "1k", AttnSpec{Hq: 1, Hk: 1, D: 4, Dv: 4}, V4); err == nil {
		t.Error("bad name: no error")
	}
}
