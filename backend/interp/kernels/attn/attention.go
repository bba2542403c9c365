package attn

import (
	"errors"
	"fmt"
	"math"
)

// Attention describes one softmax attention call,
//
//	Out = softmax(Q Kᵀ·Scale + mask) V
//
// computed independently per batch row and query head. It is grouped-query:
// query head h reads kv head h / (Hq/Hk), the repeat_kv convention of HF
// LLaMA, so Hq must be a multiple of Hk (Hk == Hq is plain multi-head
// attention, Hk == 1 multi-query attention).
//
// A query row whose keys are all masked (every key padded, or a causal limit
// below key 0 when Lq > Lk) has no distribution to normalize; its output row
// is defined to be all zeros rather than NaN.
type Attention struct {
	// B is the batch size, Lq and Lk the query and key lengths, Hq and Hk the
	// query and kv head counts, D the query/key head size and Dv the value
	// head size.
	B, Lq, Lk, Hq, Hk, D, Dv int

	Q   []float32 // [B, Lq, Hq, D]
	K   []float32 // [B, Lk, Hk, D]
	V   []float32 // [B, Lk, Hk, Dv]
	Out []float32 // [B, Lq, Hq, Dv], overwritten

	// Scale multiplies the scores before the softmax, usually 1/sqrt(D).
	Scale float32

	// Causal masks keys in the future of each query, aligned bottom-right
	// (FlashAttention ≥ 2.1, the KV-cache convention): query i sees keys
	// j <= Lk - Lq + i, so a chunk of Lq new queries appended to a cache of
	// Lk - Lq keys sees the whole cache plus its own causal prefix. Note that
	// torch SDPA's is_causal aligns top-left instead; the two agree only when
	// Lq == Lk.
	Causal bool

	// KeyPad optionally marks padded keys, [B, Lk]: a nonzero entry gets a
	// score of -inf for every query of that batch row. nil means no padding.
	KeyPad []int32

	// Threads is the number of goroutines; <= 0 means GOMAXPROCS. It never
	// changes the result.
	Threads int
}

// Validate reports whether the shapes, slice lengths and scale are usable.
// Lq or Lk may be zero; every other size must be positive.
func (a *Attention) Validate() error {
	if a == nil {
		return errors.New("attn: nil Attention")
	}
	if a.B < 1 || a.Hq < 1 || a.Hk < 1 || a.D < 1 || a.Dv < 1 || a.Lq < 0 || a.Lk < 0 {
		return fmt.Errorf("attn: bad attention sizes B=%d Lq=%d Lk=%d Hq=%d Hk=%d D=%d Dv=%d",
			a.B, a.Lq, a.Lk, a.Hq, a.Hk, a.D, a.Dv)
	}
	if a.Hq%a.Hk != 0 {
		return fmt.Errorf("attn: query heads %d not a multiple of kv heads %d", a.Hq, a.Hk)
	}
	if err := checkLen("Q", a.Q, a.B, a.Lq, a.Hq, a.D); err != nil {
		return err
	}
	if err := checkLen("K", a.K, a.B, a.Lk, a.Hk, a.D); err != nil {
		return err
	}
	if err := checkLen("V", a.V, a.B, a.Lk, a.Hk, a.Dv); err != nil {
		return err
	}
	if err := checkLen("Out", a.Out, a.B, a.Lq, a.Hq, a.Dv); err != nil {
		return err
	}
	if a.KeyPad != nil && len(a.KeyPad) != a.B*a.Lk {
		return fmt.Errorf("attn: KeyPad has %d elements, want B*Lk = %d", len(a.KeyPad), a.B*a.Lk)
	}
	if s := float64(a.Scale); math.IsNaN(s) || math.IsInf(s, 0) {
		return fmt.Errorf("attn: non-finite Scale %v", a.Scale)
	}
	return nil
}

// checkLen reports an error unless len(x) is the product of dims.
func checkLen(name string, x []float32, dims ...int) error {
	n := 1
	for _, d := range dims {
		n *= d
	}
	if len(x) != n {
		return fmt.Errorf("attn: %s has %d elements, want %v = %d", name, len(x), dims, n)
	}
	return nil
}

// keyLimit returns one past the last key query i may see: Lk without a causal
// mask, otherwise Lk - Lq + i + 1 clamped to [0, Lk].
func (a *Attention) keyLimit(i int) int {
	if !a.Causal {
		return a.Lk
	}
	return min(max(a.Lk-a.Lq+i+1, 0), a.Lk)
}

// headView holds the strides and offsets that locate one (batch, query head)
// pair's rows inside the packed tensors.
type headView struct {
	q, k, v, out     int // offset of row 0
	qs, ks, vs, outs int // stride between consecutive positions
	pad              []int32
}

// view returns the layout of pair p = b*Hq + h.
func (a *Attention) view(p int) headView {
	b, h := p/a.Hq, p%a.Hq
	kh := h / (a.Hq / a.Hk)
	hv := headView{
		q:    (b*a.Lq*a.Hq + h) * a.D,
		k:    (b*a.Lk*a.Hk + kh) * a.D,
		v:    (b*a.Lk*a.Hk + kh) * a.Dv,
		out:  (b*a.Lq*a.Hq + h) * a.Dv,
		qs:   a.Hq * a.D,
		ks:   a.Hk * a.D,
		vs:   a.Hk * a.Dv,
		outs: a.Hq * a.Dv,
	}
	if a.KeyPad != nil {
		hv.pad = a.KeyPad[b*a.Lk : (b+1)*a.Lk]
	}
	return hv
}

// negInf is the score of a masked key.
var negInf = float32(math.Inf(-1))
