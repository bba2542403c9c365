//go:generate go run ../../cmd/seqc build crnn.seq -o reader --config ../../golden/reference/crnn_digits/config.json

// Command crnn reads a line of digits from an image: it renders the digits
// you give into a 32-pixel-high grayscale image with a small built-in
// bitmap font (font.txt), runs a CRNN (Shi, Bai & Yao 2015; the authors'
// PyTorch class, trained by scripts/fixtures/crnn.py on lines drawn with
// the same font) through the package seqc build generated (./reader), and
// decodes its per-column class scores with CTC: best path, or prefix beam
// search with -beam. Run it from the repository root:
//
//	go run ./examples/crnn 31415926
//	go run ./examples/crnn -show -noise 0.2 8080
//	go run ./examples/crnn -beam 8 2026
//	go run ./examples/crnn -check 200
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/seqc-dev/seqc/decode"
	"github.com/seqc-dev/seqc/examples/crnn/reader"
	"github.com/seqc-dev/seqc/runtime"
)

// blank is CTC's blank class; digit d is class d+1.
const blank = 0

func main() {
	log.SetFlags(0)
	weights := flag.String("weights", "golden/reference/crnn_digits/weights.safetensors", "the trained CRNN")
	width := flag.Int("width", 128, "the image's width in pixels (a multiple of 4)")
	beam := flag.Int("beam", 0, "CTC prefix beam search of this width (0: best path)")
	noise := flag.Float64("noise", 0, "Gaussian noise added to the image (standard deviation; ink is 1)")
	show := flag.Bool("show", false, "print the image")
	check := flag.Int("check", 0, "read this many random digit lines and report how many come out right")
	seed := flag.Uint64("seed", 1, "the noise's and -check's random seed")
	threads := flag.Int("threads", 0, "worker threads (0: all cores)")
	flag.Parse()

	f, err := loadFont()
	if err != nil {
		log.Fatal(err)
	}
	m, err := reader.Load(*weights, reader.WithThreads(*threads))
	if err != nil {
		log.Fatalf("%v (run from the repository root, or give -weights)", err)
	}
	rng := rand.New(rand.NewPCG(*seed, 7))
	if *check > 0 {
		if err := checkLines(m, f, *check, *width, *noise, rng); err != nil {
			log.Fatal(err)
		}
		return
	}
	text := strings.Join(flag.Args(), "")
	if text == "" {
		text = "2026"
	}
	s := plain
	s.noise = *noise
	img, err := render(f, text, *width, s, rng)
	if err != nil {
		log.Fatal(err)
	}
	if *show {
		fmt.Print(ascii(img))
	}
	scores, err := m.Forward(context.Background(), img)
	if err != nil {
		log.Fatal(err)
	}
	t, classes := scores.Shape[1], scores.Shape[2]
	if *beam > 0 {
		hyps, err := decode.CTCBeam(scores.F, classes, blank, *beam)
		if err != nil {
			log.Fatal(err)
		}
		for i, h := range hyps[:min(3, len(hyps))] {
			fmt.Printf("%d. %-12s p %.4f\n", i+1, digits(h.Labels), math.Exp(h.LogProb))
		}
		return
	}
	labels, err := decode.CTCGreedy(scores.F, classes, blank)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("read %q from a %d×%d image (%d columns)\n", digits(labels), imgH, *width, t)
	if digits(labels) != text {
		os.Exit(1)
	}
}

// digits spells CTC labels: class d+1 is the digit d.
func digits(labels []int32) string {
	var b strings.Builder
	for _, l := range labels {
		b.WriteByte(byte('0' + l - 1))
	}
	return b.String()
}

// checkLines reads n random lines of 1 to 8 digits, placed as the training
// lines are, in one batch, and counts the lines read right.
func checkLines(m *reader.Model, f font, n, width int, noise float64, rng *rand.Rand) error {
	batch := runtime.New(runtime.F32, n, 1, imgH, width)
	texts := make([]string, n)
	for i := range n {
		k := 1 + rng.IntN(8)
		var b strings.Builder
		for range k {
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
		texts[i] = b.String()
		gap := 1 + rng.IntN(4)
		span := k*glyphW*scale + (k-1)*gap
		s := style{x0: rng.IntN(max(1, width-span)), y0: 3 + rng.IntN(imgH-glyphH*scale-5), gap: gap, ink: 0.6 + 0.4*rng.Float64(), noise: noise}
		img, err := render(f, texts[i], width, s, rng)
		if err != nil {
			return err
		}
		copy(batch.F[i*imgH*width:], img.F)
	}
	scores, err := m.Forward(context.Background(), batch)
	if err != nil {
		return err
	}
	t, classes := scores.Shape[1], scores.Shape[2]
	right, shown := 0, 0
	for i := range n {
		labels, err := decode.CTCGreedy(scores.F[i*t*classes:(i+1)*t*classes], classes, blank)
		if err != nil {
			return err
		}
		if digits(labels) == texts[i] {
			right++
		} else if shown < 5 {
			fmt.Printf("%q read as %q\n", texts[i], digits(labels))
			shown++
		}
	}
	fmt.Printf("%d of %d lines read right (%.1f%%)\n", right, n, 100*float64(right)/float64(n))
	return nil
}
