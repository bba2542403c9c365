package decode

import (
	"fmt"
	"math"
)

// logSoftmax returns log softmax(logits / temperature) in float64. It fails
// when the logits have the wrong length, hold NaN or +Inf, or are all -Inf
// (no token is possible). -Inf logits are masked tokens and stay -Inf.
func logSoftmax(logits []float32, vocab int, temperature float64) ([]float64, error) {
	if len(logits) != vocab {
		return nil, fmt.Errorf("decode: model returned %d logits, want vocab %d", len(logits), vocab)
	}
	out := make([]float64, vocab)
	mx := math.Inf(-1)
	for i, l := range logits {
		x := float64(l)
		if math.IsNaN(x) || math.IsInf(x, 1) {
			return nil, fmt.Errorf("decode: logit %d is %v", i, x)
		}
		x /= temperature
		out[i] = x
		mx = math.Max(mx, x)
	}
	if math.IsInf(mx, -1) {
		return nil, fmt.Errorf("decode: every logit is -Inf")
	}
	sum := 0.0
	for _, x := range out {
		sum += math.Exp(x - mx)
	}
	lse := mx + math.Log(sum)
	for i := range out {
		out[i] -= lse
	}
	return out, nil
}

// argmax returns the index of the largest value; the lowest index wins ties.
func argmax(xs []float64) int {
	best := 0
	for i, x := range xs {
		if x > xs[best] {
			best = i
		}
	}
	return best
}
