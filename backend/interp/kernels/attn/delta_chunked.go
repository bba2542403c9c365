package attn

import (
	"github.com/seqc-dev/seqc/internal/mathf"

	"fmt"

	"github.com/seqc-dev/seqc/runtime"
)

// DeltaChunked computes the same result as DeltaRecurrent with the chunkwise
// WY/UT form (NUMERICS §6, fla's chunk_gated_delta_rule). The N Householder
// steps are unrolled into an expanded sequence of T·N steps, where the gate of
// token t sits on its first step (j = 0) and q_t is read at its last
// (j = N−1); this is how fla's chunk_ref.py reduces DeltaProduct to gated
// DeltaNet. The expanded sequence is cut into chunks of chunk steps (any
// chunk >= 1; it need not divide T·N, the last chunk is short).
//
// Within a chunk, with S_in the state entering it, step i's decay since step
// j is Dec_ij = e^(g_{j+1} + … + g_i) and its decay since the chunk start is
// γ_i = e^(g_0 + … + g_i). Each state in the chunk is
// S_i = γ_i S_in + Σ_{j<=i} Dec_ij k_j u_jᵀ, and the pseudo-values u solve
//
//	(I + stril(diag(β)(K Kᵀ ∘ Dec))) [U | W] = [diag(β) V | diag(β γ) K]
//	U' = U − W S_in
//	o  = diag(γ) Q S_in + (tril(Q Kᵀ) ∘ Dec) U'
//	S_out = γ_last S_in + Kᵀ diag(Dec_last,·) U'
//
// The triangular system is solved by forward substitution. Every decay is the
// exponential of a segment sum of gates, each <= 0, accumulated directly
// rather than as a difference of cumulative sums, so no exponent is ever
// positive and nothing can overflow however long the chunk.
func DeltaChunked(d *DeltaRule, chunk int) error {
	if err := d.validate(); err != nil {
		return err
	}
	if chunk < 1 {
		return fmt.Errorf("attn: DeltaChunked chunk %d, want >= 1", chunk)
	}
	chunk = max(min(chunk, d.T*d.N), 1)
	runtime.ParallelFor(d.B*d.H, runtime.ThreadsFor(d.Threads, d.B*d.H*d.T*d.N*d.K*d.V), func(lo, hi int) {
		w := newChunkScratch(d, chunk)
		for i := lo; i < hi; i++ {
			d.chunkedHead(deltaHead{i / d.H, i % d.H}, chunk, w)
		}
	})
	return nil
}

// chunkScratch is one worker's buffers for a chunk of c steps.
type chunkScratch struct {
	s     []float32 // [K, V] running state
	k     []float32 // [c, K] the chunk's keys, contiguous
	x     []float32 // [c, V+K] right-hand side, then solution [U | W], then U' in the first V columns
	dec   []float32 // [c, c] Dec_ij for j <= i
	gamma []float32 // [c] γ_i
	beta  []float32 // [c]
	q     []float32 // [K] the scaled query being read
	coef  []float32 // [max(c, K)] coefficients of one accRows call
}

func newChunkScratch(d *DeltaRule, c int) *chunkScratch {
	return &chunkScratch{
		s:     make([]float32, d.K*d.V),
		k:     make([]float32, c*d.K),
		x:     make([]float32, c*(d.V+d.K)),
		dec:   make([]float32, c*c),
		gamma: make([]float32, c),
		beta:  make([]float32, c),
		q:     make([]float32, d.K),
		coef:  make([]float32, max(c, d.K)),
	}
}

// stepGate is the log gate of expanded step s: token t's gate on its first
// Householder step, 0 on the others.
func (d *DeltaRule) stepGate(p deltaHead, s int) float32 {
	if s%d.N != 0 {
		return 0
	}
	return d.gate(p, s/d.N)
}

// chunkedHead runs one (batch, head) pair through all chunks.
func (d *DeltaRule) chunkedHead(p deltaHead, chunk int, w *chunkScratch) {
	d.loadState(w.s, p)
	for c0 := 0; c0 < d.T*d.N; c0 += chunk {
		d.chunk(p, c0, min(c0+chunk, d.T*d.N), w)
	}
	d.storeState(w.s, p)
}

// chunk advances w.s over expanded steps [c0, c1) and writes the outputs of
// the tokens whose last step falls inside.
func (d *DeltaRule) chunk(p deltaHead, c0, c1 int, w *chunkScratch) {
	n, K, V := c1-c0, d.K, d.V
	xw := V + K // row width of x
	d.chunkDecay(p, c0, n, w)

	// Gather keys and the right-hand side [β v | β γ k].
	for i := range n {
		k, v := d.kRow(p, c0+i), d.vRow(p, c0+i)
		b := d.beta(p, c0+i)
		w.beta[i] = b
		copy(w.k[i*K:][:K], k)
		x := w.x[i*xw:][:xw]
		for c := range V {
			x[c] = b * v[c]
		}
		bg := b * w.gamma[i]
		for c := range K {
			x[V+c] = bg * k[c]
		}
	}

	// Forward substitution with the unit lower-triangular
	// I + stril(diag(β)(K Kᵀ ∘ Dec)): row i only needs the solved rows j < i.
	for i := 1; i < n; i++ {
		ki, c := w.k[i*K:][:K], w.coef[:i]
		for j := range c {
			c[j] = -w.beta[i] * w.dec[i*n+j] * dot(ki, w.k[j*K:])
		}
		accRows(w.x[i*xw:][:xw], c, w.x, xw)
	}

	// U' = U − W S_in, in place over U.
	for i := range n {
		x := w.x[i*xw:][:xw]
		c := w.coef[:K]
		for r, v := range x[V:] {
			c[r] = -v
		}
		accRows(x[:V], c, w.s, V)
	}

	// Outputs at each token's last step, reading S_in before it is advanced.
	for i := range n {
		step := c0 + i
		if step%d.N != d.N-1 {
			continue
		}
		qt := d.qRow(p, step/d.N)
		for r := range K {
			w.q[r] = qt[r] * d.Scale
		}
		o := d.outRow(p, step/d.N)
		clear(o)
		// γ_i qᵀ S_in
		c := w.coef[:K]
		for r := range c {
			c[r] = w.gamma[i] * w.q[r]
		}
		accRows(o, c, w.s, V)
		// Σ_{j<=i} Dec_ij (q·k_j) U'_j
		c = w.coef[:i+1]
		for j := range c {
			c[j] = w.dec[i*n+j] * dot(w.q, w.k[j*K:])
		}
		accRows(o, c, w.x, xw)
	}

	// S_out = γ_last S_in + Σ_j Dec_last,j k_j U'_jᵀ
	last := n - 1
	scal(w.gamma[last], w.s)
	c := w.coef[:n]
	for r := range K {
		for j := range c {
			c[j] = w.dec[last*n+j] * w.k[j*K+r]
		}
		accRows(w.s[r*V:][:V], c, w.x, xw)
	}
}

// chunkDecay fills w.dec (Dec_ij = e^(g_{j+1}+…+g_i), j <= i) and w.gamma
// (γ_i = e^(g_0+…+g_i)) for the n steps starting at c0. Each exponent is a
// running sum of gates walked back from i, a sum of values <= 0, so it is
// exactly <= 0 in floating point too; differences of prefix sums would not be.
func (d *DeltaRule) chunkDecay(p deltaHead, c0, n int, w *chunkScratch) {
	if d.G == nil {
		for i := range n {
			w.gamma[i] = 1
			for j := 0; j <= i; j++ {
				w.dec[i*n+j] = 1
			}
		}
		return
	}
	for i := range n {
		var seg float32
		for j := i; j >= 0; j-- {
			w.dec[i*n+j] = mathf.Exp(seg)
			seg += d.stepGate(p, c0+j)
		}
		w.gamma[i] = mathf.Exp(seg)
	}
}
