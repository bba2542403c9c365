package attn

import (
	"github.com/seqc-dev/seqc/runtime"

	"github.com/seqc-dev/seqc/internal/mathf"
)

// DeltaRecurrent runs the delta rule token by token, exactly as written on
// DeltaRule: O(T·N·K·V) work, one [K, V] state per head. It is the reference
// that DeltaChunked is checked against, and the right form for decoding.
func DeltaRecurrent(d *DeltaRule) error {
	if err := d.validate(); err != nil {
		return err
	}
	runtime.ParallelFor(d.B*d.H, runtime.ThreadsFor(d.Threads, d.B*d.H*d.T*d.N*d.K*d.V), func(lo, hi int) {
		s := make([]float32, d.K*d.V)
		u := make([]float32, d.V)
		qs := make([]float32, d.K)
		for i := lo; i < hi; i++ {
			d.recurrentHead(deltaHead{i / d.H, i % d.H}, s, u, qs)
		}
	})
	return nil
}

// recurrentHead runs one (batch, head) pair with state s [K, V] and scratch
// u [V], qs [K].
//
// The state is the working set, so each sub-step touches it only twice: one
// pass reads Sᵀk, and one pass applies the gate and the rank-one update
// together (and, at a token's last sub-step, also accumulates the output
// from the freshly written rows). With γ = e^g on the first sub-step and 1
// otherwise, that is
//
//	u = β(v − γ·Sᵀk),  S = γ·S + k uᵀ,  o = Sᵀ(q·Scale)
//
// which is the DeltaRule recurrence with S = γ·S folded in.
func (d *DeltaRule) recurrentHead(p deltaHead, s, u, qs []float32) {
	K, V := d.K, d.V
	d.loadState(s, p)
	for t := 0; t < d.T; t++ {
		gamma := float32(1)
		if d.G != nil {
			gamma = mathf.Exp(d.gate(p, t))
		}
		q, o := d.qRow(p, t), d.outRow(p, t)
		for r, x := range q {
			qs[r] = x * d.Scale
		}
		for j := 0; j < d.N; j++ {
			step := t*d.N + j
			k, v, beta := d.kRow(p, step), d.vRow(p, step), d.beta(p, step)
			clear(u)
			accRows(u, k, s, V) // u = Sᵀk
			for c := range u {
				u[c] = beta * (v[c] - gamma*u[c])
			}
			if j < d.N-1 {
				for r := range K {
					decayRank1(s[r*V:][:V], gamma, k[r], u)
				}
			} else {
				clear(o)
				for r := range K {
					decayRank1Read(s[r*V:][:V], gamma, k[r], u, qs[r], o)
				}
			}
			gamma = 1 // the gate applies once per token, before its first step
		}
	}
	d.storeState(s, p)
}

// decayRank1 sets row = γ·row + kr·u.
func decayRank1(row []float32, gamma, kr float32, u []float32) {
	u = u[:len(row)]
	for c, x := range row {
		row[c] = gamma*x + kr*u[c]
	}
}

// decayRank1Read sets row = γ·row + kr·u and adds qr·row (the new row) to o.
func decayRank1Read(row []float32, gamma, kr float32, u []float32, qr float32, o []float32) {
	u, o = u[:len(row)], o[:len(row)]
	for c, x := range row {
		y := gamma*x + kr*u[c]
		row[c] = y
		o[c] += qr * y
	}
}
