package decode

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// CTC decoding against brute force: every alignment of a few columns
// enumerated, collapsed (repeats merged, blanks dropped) and its
// probability added to its labelling's.

// bruteCTC returns every labelling's probability (keyed by labelKey) and
// the labels of each key, from the softmax of each column.
func bruteCTC(scores []float32, classes, blank int) (map[string]float64, map[string][]int32) {
	t := len(scores) / classes
	probs := make([][]float64, t)
	for i := range t {
		col := scores[i*classes : (i+1)*classes]
		mx := math.Inf(-1)
		for _, v := range col {
			mx = math.Max(mx, float64(v))
		}
		z := 0.0
		for _, v := range col {
			z += math.Exp(float64(v) - mx)
		}
		probs[i] = make([]float64, classes)
		for c, v := range col {
			probs[i][c] = math.Exp(float64(v)-mx) / z
		}
	}
	sum, labels := map[string]float64{}, map[string][]int32{}
	path := make([]int, t)
	var walk func(i int, p float64)
	walk = func(i int, p float64) {
		if i == t {
			var l []int32
			prev := -1
			for _, c := range path {
				if c != blank && c != prev {
					l = append(l, int32(c))
				}
				prev = c
			}
			k := labelKey(l)
			sum[k] += p
			labels[k] = l
			return
		}
		for c := range classes {
			path[i] = c
			walk(i+1, p*probs[i][c])
		}
	}
	walk(0, 1)
	return sum, labels
}

func randScores(rng *rand.Rand, t, classes int, sharp float64) []float32 {
	s := make([]float32, t*classes)
	for i := range s {
		s[i] = float32(sharp * rng.NormFloat64())
	}
	return s
}

func TestCTCBeamExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 40 {
		tt, classes := 1+rng.IntN(6), 2+rng.IntN(3)
		blank := rng.IntN(classes)
		scores := randScores(rng, tt, classes, 1+2*rng.Float64())
		want, labels := bruteCTC(scores, classes, blank)
		hyps, err := CTCBeam(scores, classes, blank, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		if len(hyps) != len(want) {
			t.Fatalf("trial %d: %d labellings, brute force finds %d", trial, len(hyps), len(want))
		}
		best, bestP := "", -1.0
		for k, p := range want {
			if p > bestP || (p == bestP && len(labels[k]) < len(labels[best])) {
				best, bestP = k, p
			}
		}
		total := 0.0
		for _, h := range hyps {
			p := want[labelKey(h.Labels)]
			total += math.Exp(h.LogProb)
			if math.Abs(math.Exp(h.LogProb)-p) > 1e-12+1e-9*p {
				t.Fatalf("trial %d: P(%v) = %v, brute force %v", trial, h.Labels, math.Exp(h.LogProb), p)
			}
		}
		if math.Abs(total-1) > 1e-9 {
			t.Errorf("trial %d: the labellings' probabilities add to %v", trial, total)
		}
		if math.Abs(want[labelKey(hyps[0].Labels)]-bestP) > 1e-12 {
			t.Errorf("trial %d: beam's best %v (p %v), brute force's %v (p %v)", trial, hyps[0].Labels, want[labelKey(hyps[0].Labels)], labels[best], bestP)
		}
	}
}

// TestCTCBeamBeatsGreedy: two columns where the best path is blank-blank
// (p 0.36) but the labelling "1" has p 0.64 over three alignments.
func TestCTCBeamBeatsGreedy(t *testing.T) {
	l := func(p ...float64) []float32 {
		out := make([]float32, len(p))
		for i, v := range p {
			out[i] = float32(math.Log(v))
		}
		return out
	}
	scores := append(l(0.6, 0.4), l(0.6, 0.4)...)
	g, err := CTCGreedy(scores, 2, 0)
	if err != nil || len(g) != 0 {
		t.Fatalf("greedy %v, %v: want the empty labelling", g, err)
	}
	hyps, err := CTCBeam(scores, 2, 0, 4)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(hyps[0].Labels, []int32{1}) || math.Abs(math.Exp(hyps[0].LogProb)-0.64) > 1e-6 {
		t.Fatalf("beam's best %v with p %v, want [1] with 0.64", hyps[0].Labels, math.Exp(hyps[0].LogProb))
	}
}

func TestCTCGreedy(t *testing.T) {
	// Columns' argmax: 1 1 0 1 2 2 0 0 3 -> 1 1 2 3 (a blank separates the 1s).
	argmax := []int{1, 1, 0, 1, 2, 2, 0, 0, 3}
	scores := make([]float32, len(argmax)*4)
	for i, k := range argmax {
		scores[i*4+k] = 5
	}
	got, err := CTCGreedy(scores, 4, 0)
	if err != nil || !slices.Equal(got, []int32{1, 1, 2, 3}) {
		t.Fatalf("got %v, %v; want [1 1 2 3]", got, err)
	}
	// With a width of 1 the beam keeps one prefix per column; on sharp
	// scores that is the best path.
	hyps, err := CTCBeam(scores, 4, 0, 1)
	if err != nil || !slices.Equal(hyps[0].Labels, got) {
		t.Fatalf("beam of width 1: %v, %v", hyps, err)
	}
}

func TestCTCErrors(t *testing.T) {
	if _, err := CTCGreedy(make([]float32, 7), 3, 0); err == nil {
		t.Error("7 scores of 3 classes: no error")
	}
	if _, err := CTCGreedy(make([]float32, 6), 3, 3); err == nil {
		t.Error("blank 3 of 3 classes: no error")
	}
	if _, err := CTCBeam(make([]float32, 6), 3, 0, 0); err == nil {
		t.Error("width 0: no error")
	}
	nan := []float32{0, float32(math.NaN()), 0}
	if _, err := CTCGreedy(nan, 3, 0); err == nil {
		t.Error("NaN: greedy gives no error")
	}
	if _, err := CTCBeam(nan, 3, 0, 2); err == nil {
		t.Error("NaN: beam gives no error")
	}
	if h, err := CTCBeam(nil, 3, 0, 2); err != nil || len(h) != 1 || len(h[0].Labels) != 0 || h[0].LogProb != 0 {
		t.Errorf("no columns: %v, %v; want the empty labelling with probability 1", h, err)
	}
}
