package driver

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/seqc-dev/seqc/backend/interp/kernels/attn"
	ssmk "github.com/seqc-dev/seqc/backend/interp/kernels/ssm"
	"github.com/seqc-dev/seqc/passes"
)

// Calibrate measures the mixer kernels on this machine and returns the cost
// model select_modes uses: nanoseconds per unit of work of each algorithm,
// on one thread, from the best of a few runs of a representative problem.
func Calibrate(progress func(string)) passes.CostModel {
	c := passes.DefaultCosts
	c.Source = "seqc calibrate"
	rng := rand.New(rand.NewPCG(1, 2))
	best := func(name string, fn func()) float64 {
		fn() // warm up: first touch of fresh memory is slow here
		d := time.Duration(math.MaxInt64)
		for i := 0; i < 3; i++ {
			start := time.Now()
			fn()
			d = min(d, time.Since(start))
		}
		if progress != nil {
			progress(name + ": " + d.String())
		}
		return float64(d.Nanoseconds())
	}
	// Selective scan problem: C channels, N states, time-varying decay.
	const C, N, L = 128, 16, 1024
	p := ssmProblem(rng, C, N, L, false, false, false)
	c.Scan = best("scan", func() { ssmk.Scan(p) }) / (C * N * L)
	c.ChunkedGeneric = best("chunked (generic, chunk 16)", func() { ssmk.Chunked(p, 16) }) / (C * L * 16 * N)
	pq := ssmProblem(rng, C, N, 256, false, false, false)
	c.Quadratic = best("quadratic", func() { ssmk.Quadratic(pq) }) / (C * N * 256 * 256 / 2)
	pc := ssmProblem(rng, C, N, L, true, false, false)
	c.ComplexFactor = best("scan (complex)", func() { ssmk.Scan(pc) }) / (C * N * L) / c.Scan
	ps := ssmProblem(rng, C, 64, L, false, true, false)
	for i := range ps.A.CO { // Mamba-2: the 64 channels of a head share decay, B and C
		ps.A.CO[i], ps.Bm.CO[i], ps.Cm.CO[i] = ps.A.CO[i-i%64], ps.Bm.CO[i-i%64], ps.Cm.CO[i-i%64]
	}
	c.ChunkedSSD = best("chunked (SSD, chunk 64)", func() { ssmk.Chunked(ps, 64) }) / passes.SSDWork(C, 64, 64, L, 64)
	// LTI: the FFT with the kernel cached, and the kernel generation.
	pl := ssmProblem(rng, C, N, L, false, false, true)
	c.ScanLTI = best("scan (time-invariant)", func() { ssmk.Scan(pl) }) / (C * N * L)
	nf := float64(2*L - 1)
	gen := best("fft conv (kernel each call)", func() { ssmk.FFTConv(pl) })
	pl.Spectra = &ssmk.SpectrumCache{}
	c.FFT = best("fft conv (kernel cached)", func() { ssmk.FFTConv(pl) }) / (C * nf * math.Log2(nf))
	c.KernelGen = math.Max(gen-c.FFT*C*nf*math.Log2(nf), 0) / (C * N * L)
	// Depthwise conv, width 4.
	x := randSlice(rng, L*C)
	cv := &ssmk.Conv{B: 1, Lin: L, C: C, W: 4, PadLeft: 3, X: x, Wt: randSlice(rng, C*4), Y: make([]float32, L*C), Threads: 1}
	c.ConvDirect = best("conv direct", func() { ssmk.ConvDirect(cv) }) / (C * L * 4)
	// Attention: 4 heads of 64 over 512 positions, causal.
	const H, D, La = 4, 64, 512
	a := &attn.Attention{B: 1, Lq: La, Lk: La, Hq: H, Hk: H, D: D, Dv: D, Q: randSlice(rng, La*H*D), K: randSlice(rng, La*H*D),
		V: randSlice(rng, La*H*D), Out: make([]float32, La*H*D), Scale: 0.125, Causal: true, Threads: 1}
	work := float64(H) * La * La * (D + D) / 2
	c.AttnScore = best("attention materialized", func() { attn.Materialized(a) }) / work
	c.AttnFlash = best("attention flash", func() { attn.Flash(a, 64) }) / work
	// Delta rule: 2 heads, K = V = 64.
	const Ld, K = 512, 64
	d := &attn.DeltaRule{B: 1, T: Ld, H: 2, K: K, V: K, N: 1, Q: randSlice(rng, Ld*2*K), Kk: scaled(randSlice(rng, Ld*2*K), 0.1),
		Vv: randSlice(rng, Ld*2*K), Beta: scaled(randSlice(rng, Ld*2), 0), Scale: 0.125, Out: make([]float32, Ld*2*K), Threads: 1}
	for i := range d.Beta {
		d.Beta[i] = 0.5
	}
	c.DeltaRecurrent = best("delta rule recurrent", func() { attn.DeltaRecurrent(d) }) / (2 * Ld * K * K)
	c.DeltaChunked = best("delta rule chunked (16)", func() { attn.DeltaChunked(d, 16) }) / (2 * Ld * (16*(K+K) + K*K))
	return c
}

func randSlice(rng *rand.Rand, n int) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(rng.NormFloat64())
	}
	return out
}

func scaled(v []float32, s float32) []float32 {
	for i := range v {
		v[i] *= s
	}
	return v
}

// ssmProblem builds a contiguous single-batch problem: complex operands,
// a decay shared over the state axis (SSD), or time-invariant operands.
func ssmProblem(rng *rand.Rand, ch, n, l int, cplx, ssd, lti bool) *ssmk.Problem {
	w := 1
	if cplx {
		w = 2
	}
	rows := l
	if lti {
		rows = 1
	}
	an := n
	if ssd {
		an = 1
	}
	view := func(k int, stateStride int, data []float32) ssmk.View {
		co := make([]int, ch)
		for i := range co {
			co[i] = i * k * w
		}
		v := ssmk.View{Data: data, SN: stateStride * w, CO: co, Complex: cplx}
		if !lti {
			v.SL = ch * k * w
		}
		return v
	}
	decay := make([]float32, rows*ch*an*w)
	for i := range decay {
		decay[i] = float32(0.5 + 0.49*rng.Float64())
		if cplx && i%2 == 1 {
			decay[i] = float32(0.1 * rng.Float64())
		}
	}
	x := randSlice(rng, l*ch)
	xv := ssmk.View{Data: x, SL: ch, CO: make([]int, ch)}
	for i := range xv.CO {
		xv.CO[i] = i
	}
	yco := make([]int, ch)
	for i := range yco {
		yco[i] = i * w
	}
	p := &ssmk.Problem{B: 1, L: l, C: ch, N: n, X: xv,
		A:  view(an, 1, decay),
		Bm: view(n, 1, randSlice(rng, rows*ch*n*w)),
		Cm: view(n, 1, randSlice(rng, rows*ch*n*w)),
		Y:  ssmk.View{Data: make([]float32, l*ch*w), SL: ch * w, CO: yco, Complex: cplx}, Threads: 1}
	if ssd {
		p.A.SN = 0
	}
	return p
}
