package main

import (
	_ "embed"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/seqc-dev/seqc/runtime"
)

// The text line renderer: the digits of font.txt (5×7 glyphs) scaled twice
// into a 32-pixel-high grayscale image, paper 0 and ink 1, exactly as
// scripts/fixtures/crnn.py renders the model's training lines and the
// crnn_digits fixture's images.

//go:embed font.txt
var fontText string

const (
	imgH   = 32 // the CRNN's imgH
	scale  = 2  // each font pixel is scale×scale image pixels
	glyphW = 5
	glyphH = 7
)

// font maps a character to its glyph rows ('#' ink).
type font map[rune][]string

func loadFont() (font, error) {
	var lines []string
	for _, l := range strings.Split(fontText, "\n") {
		if !strings.HasPrefix(l, "//") {
			lines = append(lines, l)
		}
	}
	f := font{}
	for i := 0; i+glyphH < len(lines); i += glyphH + 1 {
		ch := []rune(lines[i])
		if len(ch) != 1 {
			return nil, fmt.Errorf("font.txt: %q is not one character", lines[i])
		}
		f[ch[0]] = lines[i+1 : i+1+glyphH]
	}
	return f, nil
}

// style is where and how a line is drawn: the first glyph's top-left
// corner, the gap between glyphs, the ink's value and the noise's standard
// deviation (0: a clean image, as main.go draws by default).
type style struct {
	x0, y0, gap int
	ink, noise  float64
}

var plain = style{x0: 4, y0: 9, gap: 2, ink: 1}

// render draws text into an image [1, 1, imgH, width]; it fails on a
// character the font lacks or a line wider than the image.
func render(f font, text string, width int, s style, rng *rand.Rand) (*runtime.Tensor, error) {
	img := runtime.New(runtime.F32, 1, 1, imgH, width)
	x := s.x0
	for _, ch := range text {
		g, ok := f[ch]
		if !ok {
			return nil, fmt.Errorf("the font has no %q (it draws the digits 0-9)", ch)
		}
		if x+glyphW*scale > width {
			return nil, fmt.Errorf("%q does not fit in an image %d pixels wide (at most %d characters): raise -width", text, width, (width-s.x0+s.gap)/(glyphW*scale+s.gap))
		}
		for r, row := range g {
			for c, px := range row {
				if px != '#' {
					continue
				}
				for dy := range scale {
					for dx := range scale {
						img.F[(s.y0+r*scale+dy)*width+x+c*scale+dx] = float32(s.ink)
					}
				}
			}
		}
		x += glyphW*scale + s.gap
	}
	if s.noise > 0 {
		for i := range img.F {
			img.F[i] += float32(s.noise * rng.NormFloat64())
		}
	}
	return img, nil
}

// ascii shows an image in the terminal, one character per pixel.
func ascii(img *runtime.Tensor) string {
	h, w := img.Shape[2], img.Shape[3]
	var b strings.Builder
	for y := range h {
		for x := range w {
			v := img.F[y*w+x]
			switch {
			case v > 0.66:
				b.WriteByte('#')
			case v > 0.33:
				b.WriteByte('+')
			default:
				b.WriteByte('.')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}
