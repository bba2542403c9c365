package attn

import (
	"errors"
	"fmt"
	"math"
)

// DeltaRule describes the gated delta rule with N Householder steps per token,
// run independently per batch row and head on a state S of shape [K, V]:
//
//	for each token t:
//	    S = e^(g_t)·S                                  (only if G != nil)
//	    for j in 0..N-1, with s = t·N + j:
//	        S = S + β_s k_s (v_s − Sᵀ k_s)ᵀ            (= (I − β k kᵀ) S + β k vᵀ)
//	    o_t = Sᵀ (q_t·Scale)                           (read after the update)
//
// N = 1 without G is DeltaNet, N = 1 with G gated DeltaNet, N >= 2 with G the
// gated DeltaProduct of fla (num_householder = N). The read is inclusive, as
// everywhere in fla. Unlike fla's naive DeltaProduct reference, Scale is
// always applied; fla's default is K^-0.5.
//
// G holds log-space gates (the decay is e^g), which must be <= 0: every model
// that uses the gate makes them so (logsigmoid, −exp(A_log)·softplus), and it
// is what lets DeltaChunked form every decay factor without exponentiating a
// positive number.
type DeltaRule struct {
	// B is the batch size, T the number of tokens, H the heads, K and V the
	// key and value head sizes, N the Householder steps per token (>= 1).
	B, T, H, K, V, N int

	Q    []float32 // [B, T, H, K]
	Kk   []float32 // [B, T*N, H, K], step j of token t at index t*N+j
	Vv   []float32 // [B, T*N, H, V]
	Beta []float32 // [B, T*N, H]
	G    []float32 // optional log-space gate [B, T, H], all <= 0; nil = no gate

	// Scale multiplies q before the read.
	Scale float32

	Out []float32 // [B, T, H, V], overwritten
	H0  []float32 // optional initial state [B, H, K, V]; nil = zeros
	HT  []float32 // optional final state output [B, H, K, V]; nil = not wanted

	// Threads is the number of goroutines; <= 0 means GOMAXPROCS. It never
	// changes the result.
	Threads int
}

// validate reports whether the sizes, slice lengths, scale and gates are
// usable. T may be zero (then HT receives H0, or zeros).
func (d *DeltaRule) validate() error {
	if d == nil {
		return errors.New("attn: nil DeltaRule")
	}
	if d.B < 1 || d.T < 0 || d.H < 1 || d.K < 1 || d.V < 1 || d.N < 1 {
		return fmt.Errorf("attn: bad delta rule sizes B=%d T=%d H=%d K=%d V=%d N=%d",
			d.B, d.T, d.H, d.K, d.V, d.N)
	}
	tn := d.T * d.N
	for _, c := range []struct {
		name     string
		x        []float32
		optional bool
		dims     []int
	}{
		{"Q", d.Q, false, []int{d.B, d.T, d.H, d.K}},
		{"Kk", d.Kk, false, []int{d.B, tn, d.H, d.K}},
		{"Vv", d.Vv, false, []int{d.B, tn, d.H, d.V}},
		{"Beta", d.Beta, false, []int{d.B, tn, d.H}},
		{"Out", d.Out, false, []int{d.B, d.T, d.H, d.V}},
		{"G", d.G, true, []int{d.B, d.T, d.H}},
		{"H0", d.H0, true, []int{d.B, d.H, d.K, d.V}},
		{"HT", d.HT, true, []int{d.B, d.H, d.K, d.V}},
	} {
		if c.optional && c.x == nil {
			continue
		}
		if err := checkLen(c.name, c.x, c.dims...); err != nil {
			return err
		}
	}
	if s := float64(d.Scale); math.IsNaN(s) || math.IsInf(s, 0) {
		return fmt.Errorf("attn: non-finite Scale %v", d.Scale)
	}
	for i, g := range d.G {
		// !(g <= 0) also rejects NaN.
		if !(g <= 0) {
			return fmt.Errorf("attn: gate G[%d] = %v, want a log-space decay <= 0", i, g)
		}
	}
	return nil
}

// deltaHead locates one (batch, head) pair's rows in the packed tensors.
type deltaHead struct {
	b, h int
}

// state returns the pair's [K, V] block of a [B, H, K, V] tensor.
func (d *DeltaRule) state(x []float32, p deltaHead) []float32 {
	n := d.K * d.V
	return x[(p.b*d.H+p.h)*n:][:n]
}

// loadState fills s with the pair's initial state (zeros without H0).
func (d *DeltaRule) loadState(s []float32, p deltaHead) {
	if d.H0 == nil {
		clear(s)
		return
	}
	copy(s, d.state(d.H0, p))
}

// storeState writes s as the pair's final state, if HT was asked for.
func (d *DeltaRule) storeState(s []float32, p deltaHead) {
	if d.HT != nil {
		copy(d.state(d.HT, p), s)
	}
}

// Row accessors: step s (0 <= s < T*N) or token t of pair p.

func (d *DeltaRule) qRow(p deltaHead, t int) []float32 {
	return d.Q[((p.b*d.T+t)*d.H+p.h)*d.K:][:d.K]
}

func (d *DeltaRule) outRow(p deltaHead, t int) []float32 {
	return d.Out[((p.b*d.T+t)*d.H+p.h)*d.V:][:d.V]
}

func (d *DeltaRule) kRow(p deltaHead, s int) []float32 {
	return d.Kk[((p.b*d.T*d.N+s)*d.H+p.h)*d.K:][:d.K]
}

func (d *DeltaRule) vRow(p deltaHead, s int) []float32 {
	return d.Vv[((p.b*d.T*d.N+s)*d.H+p.h)*d.V:][:d.V]
}

func (d *DeltaRule) beta(p deltaHead, s int) float32 {
	return d.Beta[(p.b*d.T*d.N+s)*d.H+p.h]
}

// gate returns token t's log gate, 0 without G.
func (d *DeltaRule) gate(p deltaHead, t int) float32 {
	if d.G == nil {
		return 0
	}
	return d.G[(p.b*d.T+t)*d.H+p.h]
}
