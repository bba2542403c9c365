package ssm

import (
	"fmt"
	"math/rand"
	"testing"
)

func refConv(c *Conv) []float64 {
	lout := c.Lout()
	y := make([]float64, c.B*lout*c.C)
	for b := 0; b < c.B; b++ {
		for t := 0; t < lout; t++ {
			for ch := 0; ch < c.C; ch++ {
				var s float64
				if c.Bias != nil {
					s = float64(c.Bias[ch])
				}
				for k := 0; k < c.W; k++ {
					if src := t - c.PadLeft + k; src >= 0 && src < c.Lin {
						s += float64(c.Wt[ch*c.W+k]) * float64(c.X[(b*c.Lin+src)*c.C+ch])
					}
				}
				y[(b*lout+t)*c.C+ch] = s
			}
		}
	}
	return y
}

func TestConv(t *testing.T) {
	rng := rand.New(rand.NewSource(20))
	for _, lin := range []int{1, 5, 40, 257} {
		for _, w := range []int{1, 4, 7, 40} {
			for _, pad := range [][2]int{{w - 1, 0}, {w / 2, w / 2}, {0, 2}, {3, w + 1}} {
				for _, bias := range []bool{false, true} {
					c := &Conv{B: 2, Lin: lin, C: 3, W: w, PadLeft: pad[0], PadRight: pad[1]}
					if c.Lout() < 0 {
						continue
					}
					name := fmt.Sprintf("Lin=%d W=%d pad=%v bias=%v", lin, w, pad, bias)
					c.X = randSlice(rng, c.B*lin*c.C, rng.NormFloat64)
					c.Wt = randSlice(rng, c.C*w, rng.NormFloat64)
					if bias {
						c.Bias = randSlice(rng, c.C, rng.NormFloat64)
					}
					want := refConv(c)
					for _, f := range []struct {
						name string
						run  func(*Conv) error
					}{{"direct", ConvDirect}, {"fft", ConvFFT}} {
						c.Y = make([]float32, c.B*c.Lout()*c.C)
						for i := range c.Y {
							c.Y[i] = 1e30 // must be overwritten
						}
						c.Threads = 1 + lin%2
						if err := f.run(c); err != nil {
							t.Fatalf("%s %s: %v", name, f.name, err)
						}
						checkClose(t, name+" "+f.name, reals(c.Y), reals(want), 1e-6)
					}
				}
			}
		}
	}
}

func TestConvThreads(t *testing.T) {
	defer forceThreads()()
	rng := rand.New(rand.NewSource(21))
	c := &Conv{B: 3, Lin: 50, C: 7, W: 4, PadLeft: 3}
	c.X = randSlice(rng, c.B*c.Lin*c.C, rng.NormFloat64)
	c.Wt = randSlice(rng, c.C*c.W, rng.NormFloat64)
	c.Bias = randSlice(rng, c.C, rng.NormFloat64)
	for _, run := range []func(*Conv) error{ConvDirect, ConvFFT} {
		var first []float32
		for _, th := range []int{1, 2, 3} {
			c.Y = make([]float32, c.B*c.Lout()*c.C)
			c.Threads = th
			if err := run(c); err != nil {
				t.Fatal(err)
			}
			if th == 1 {
				first = c.Y
			} else if !bitsEqual(first, c.Y) {
				t.Fatalf("threads=%d differs", th)
			}
		}
	}
}

func TestConvErrors(t *testing.T) {
	base := func() *Conv {
		return &Conv{B: 1, Lin: 4, C: 2, W: 3, PadLeft: 2, X: make([]float32, 8), Wt: make([]float32, 6), Y: make([]float32, 8)}
	}
	for _, tc := range []struct {
		name   string
		break_ func(c *Conv)
	}{
		{"short X", func(c *Conv) { c.X = c.X[1:] }},
		{"short Wt", func(c *Conv) { c.Wt = c.Wt[1:] }},
		{"bias length", func(c *Conv) { c.Bias = make([]float32, 3) }},
		{"Y length", func(c *Conv) { c.Y = c.Y[1:] }},
		{"negative pad", func(c *Conv) { c.PadRight = -1 }},
		{"kernel longer than padded input", func(c *Conv) { c.W = 9; c.Wt = make([]float32, 18) }},
	} {
		c := base()
		if err := ConvDirect(c); err != nil {
			t.Fatalf("base: %v", err)
		}
		tc.break_(c)
		if ConvDirect(c) == nil || ConvFFT(c) == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
}
