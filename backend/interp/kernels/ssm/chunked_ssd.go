package ssm

import "github.com/seqc-dev/seqc/runtime"

// chunkedSSD is Chunked for a decay that is a scalar per (b, t, c), the
// structure of Mamba-2/SSD (NUMERICS §2.4). Channels that read the same A, Bm
// and Cm (equal channel offsets: the P channels of one head) form a group and
// share the chunk matrices
//
//	Lm[i,j] = prod_{k=j+1..i} a_k                  (running products, j <= i)
//	W[i,j]  = Lm[i,j] * (C_i · B_j)                (C·Bᵀ over N, masked)
//
// so that per chunk the group computes
//
//	Y_diag = W X                                   ([q×q] times [q×P])
//	Y_off  = diag(prefix a) C S                    ([q×N] times [N×P])
//	S'     = (prod a) S + (Lm[q-1,:] ∘ B)ᵀ X        ([N×q] times [q×P])
//
// with S the [P×N] state of the group entering the chunk. The work units are
// (batch, group) pairs.
func chunkedSSD[T scalar](p *Problem, q int) {
	groups := channelGroups(p)
	runtime.ParallelFor(p.B*len(groups), p.Threads, func(lo, hi int) {
		g := newSSDGroup[T](p, q)
		for u := lo; u < hi; u++ {
			g.run(p, u/len(groups), groups[u%len(groups)])
		}
	})
}

// channelGroups partitions the channels by their (A, Bm, Cm) channel offsets,
// in order of first appearance.
func channelGroups(p *Problem) [][]int {
	index := map[[3]int]int{}
	var groups [][]int
	for c := 0; c < p.C; c++ {
		key := [3]int{p.A.CO[c], p.Bm.CO[c], p.Cm.CO[c]}
		g, ok := index[key]
		if !ok {
			g = len(groups)
			index[key] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], c)
	}
	return groups
}

// ssdGroup is the per-worker scratch of chunkedSSD.
type ssdGroup[T scalar] struct {
	a, bm, cm  []T // a: [rows], bm, cm: [rows × N]; row stride 0 when constant in time
	sa, sb, sc int
	col        []T // [L] one channel's series, for gather/scatter
	x, y       []T // [L × P]
	s          []T // [P × N] group state
	lm, wm     []T // [q × q]
	pre        []T // [q] prod_{k=s..s+i} a_k
}

func newSSDGroup[T scalar](p *Problem, q int) *ssdGroup[T] {
	q = min(q, max(p.L, 1))
	g := &ssdGroup[T]{col: make([]T, p.L), lm: make([]T, q*q), wm: make([]T, q*q), pre: make([]T, q)}
	rows := func(v *View, width int) ([]T, int) {
		switch {
		case p.L == 0:
			return nil, 0
		case v.SL == 0:
			return make([]T, width), 0
		}
		return make([]T, p.L*width), width
	}
	g.a, g.sa = rows(&p.A, 1)
	g.bm, g.sb = rows(&p.Bm, p.N)
	g.cm, g.sc = rows(&p.Cm, p.N)
	return g
}

// run computes the outputs (and final states) of the channels ch of batch b.
func (g *ssdGroup[T]) run(p *Problem, b int, ch []int) {
	L, N, P := p.L, p.N, len(ch)
	if cap(g.x) < L*P {
		g.x = make([]T, L*P)
		g.y = make([]T, L*P)
	}
	if cap(g.s) < P*N {
		g.s = make([]T, P*N)
	}
	x, y, S := g.x[:L*P], g.y[:L*P], g.s[:P*N]
	c0 := ch[0]
	if L > 0 {
		gather(g.a, &p.A, b, c0, len(g.a), 1)
		gather(g.bm, &p.Bm, b, c0, len(g.bm)/N, N)
		gather(g.cm, &p.Cm, b, c0, len(g.cm)/N, N)
	}
	for j, c := range ch {
		gather(g.col, &p.X, b, c, L, 1)
		for t, v := range g.col {
			x[t*P+j] = v
		}
		if p.H0 != nil {
			loadState(S[j*N:(j+1)*N], p.H0, (b*p.C+c)*N, p.StateComplex())
		} else {
			clear(S[j*N : (j+1)*N])
		}
	}
	for s := 0; s < L; s += len(g.pre) {
		g.chunk(x, y, S, s, min(s+len(g.pre), L), N, P)
	}
	for j, c := range ch {
		for t := range g.col {
			g.col[t] = y[t*P+j]
		}
		scatter(&p.Y, g.col, b, c, L)
		if p.HT != nil {
			storeState(p.HT, S[j*N:(j+1)*N], (b*p.C+c)*N, p.StateComplex())
		}
	}
}

// chunk processes time steps [s, e) of one group: x, y are [L × P], S the
// [P × N] state, updated in place to the state after step e-1.
func (g *ssdGroup[T]) chunk(x, y, S []T, s, e, N, P int) {
	q := e - s
	lm, wm, pre := g.lm[:q*q], g.wm[:q*q], g.pre[:q]
	// Decay mask, one running product per column, and the prefix products of
	// the chunk, which are the mask's column "-1" (the incoming state).
	for j := 0; j < q; j++ {
		m := T(1)
		lm[j*q+j] = m
		for i := j + 1; i < q; i++ {
			m *= g.a[(s+i)*g.sa]
			if (i-j)%flushEvery == 0 {
				m = flushOne(m)
			}
			lm[i*q+j] = m
		}
	}
	m := T(1)
	for i := 0; i < q; i++ {
		m *= g.a[(s+i)*g.sa]
		if i%flushEvery == flushEvery-1 {
			m = flushOne(m)
		}
		pre[i] = m
	}
	// W = Lm ∘ (C Bᵀ), lower triangle only.
	for i := 0; i < q; i++ {
		ci := g.cm[(s+i)*g.sc:][:N]
		for j := 0; j <= i; j++ {
			bj := g.bm[(s+j)*g.sb:][:N]
			var d T
			for n, cv := range ci {
				d += cv * bj[n]
			}
			wm[i*q+j] = lm[i*q+j] * d
		}
	}
	// Y rows: the incoming-state term, then W X.
	for i := 0; i < q; i++ {
		yr := y[(s+i)*P:][:P]
		ci := g.cm[(s+i)*g.sc:][:N]
		for j := range yr {
			sj := S[j*N:][:N]
			var d T
			for n, cv := range ci {
				d += cv * sj[n]
			}
			yr[j] = pre[i] * d
		}
		for j := 0; j <= i; j++ {
			wij := wm[i*q+j]
			xr := x[(s+j)*P:][:P]
			for k, xv := range xr {
				yr[k] += wij * xv
			}
		}
	}
	// Outgoing state: S'[p] = pre[q-1] S[p] + sum_j Lm[q-1,j] x_j[p] B_j.
	last := lm[(q-1)*q:][:q]
	for k := 0; k < P; k++ {
		sk := S[k*N:][:N]
		for n := range sk {
			sk[n] *= pre[q-1]
		}
		for j, dj := range last {
			coef := dj * x[(s+j)*P+k]
			bj := g.bm[(s+j)*g.sb:][:N]
			for n, bv := range bj {
				sk[n] += coef * bv
			}
		}
		flushTiny(sk)
	}
}
