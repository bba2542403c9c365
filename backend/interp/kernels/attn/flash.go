package attn

import (
	"github.com/seqc-dev/seqc/internal/mathf"

	"fmt"

	"github.com/seqc-dev/seqc/runtime"
)

// flashQueryBlock is how many query rows walk the key tiles together, so a
// tile of K and V is reused from cache across them. Each row's arithmetic is
// the same for any block size; only speed depends on it.
const flashQueryBlock = 32

// Flash computes a with the online softmax of FlashAttention: keys are visited
// in tiles of tile keys (any tile >= 1; it need not divide Lk, the last tile is
// short), and each query row keeps a running maximum m, normalizer l and
// unnormalized output acc, merged per tile as
//
//	m' = max(m, max s_tile)
//	l  = l·e^(m-m') + Σ e^(s_tile-m')
//	acc = acc·e^(m-m') + Σ e^(s_tile-m') v
//
// and divided by l at the end. It never holds more than one tile of scores.
// Tiles wholly past a row's causal limit are skipped; a row that sees no key
// at all is left zero, as in Materialized.
func Flash(a *Attention, tile int) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if tile < 1 {
		return fmt.Errorf("attn: Flash tile %d, want >= 1", tile)
	}
	// A tile longer than the keys is the same computation as one tile of Lk.
	tile = max(min(tile, a.Lk), 1)
	runtime.ParallelFor(a.B*a.Hq, runtime.ThreadsFor(a.Threads, a.B*a.Hq*a.Lq*a.Lk*(a.D+a.Dv)), func(lo, hi int) {
		s := make([]float32, tile)
		var m, l [flashQueryBlock]float32
		for p := lo; p < hi; p++ {
			hv := a.view(p)
			for i0 := 0; i0 < a.Lq; i0 += flashQueryBlock {
				a.flashBlock(hv, i0, min(i0+flashQueryBlock, a.Lq), tile, s, m[:], l[:])
			}
		}
	})
	return nil
}

// flashBlock computes query rows [i0, i1) of one (batch, head) pair, using
// s (one tile of scores) and m, l (per-row running max and sum) as scratch.
func (a *Attention) flashBlock(hv headView, i0, i1, tile int, s, m, l []float32) {
	for r := range i1 - i0 {
		m[r], l[r] = negInf, 0
		clear(a.Out[hv.out+(i0+r)*hv.outs:][:a.Dv])
	}
	// keyLimit grows with i, so the block's last row bounds every tile.
	jEnd := a.keyLimit(i1 - 1)
	for j0 := 0; j0 < jEnd; j0 += tile {
		for r := range i1 - i0 {
			i := i0 + r
			j1 := min(j0+tile, a.keyLimit(i))
			if j1 <= j0 {
				continue // this tile lies wholly in row i's future
			}
			st := s[:j1-j0]
			a.scoreRun(hv, a.Q[hv.q+i*hv.qs:][:a.D], j0, j1, st)
			mt := negInf
			for _, v := range st {
				mt = max(mt, v)
			}
			if mt == negInf {
				continue // every key of the tile padded: nothing to merge
			}
			out := a.Out[hv.out+i*hv.outs:][:a.Dv]
			mNew := max(m[r], mt)
			if mNew != m[r] {
				// e^(-inf) = 0 on the first live tile, where l and out are 0 anyway.
				alpha := mathf.Exp(m[r] - mNew)
				l[r] *= alpha
				scal(alpha, out)
				m[r] = mNew
			}
			// Padded keys get weight e^(-inf) = 0 and are skipped.
			for j, v := range st {
				st[j] = mathf.Exp(v - mNew)
				l[r] += st[j]
			}
			a.accumulateRun(hv, st, j0, j1, out)
		}
	}
	for r := range i1 - i0 {
		if l[r] > 0 {
			scal(1/l[r], a.Out[hv.out+(i0+r)*hv.outs:][:a.Dv])
		}
	}
}
