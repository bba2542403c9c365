package main

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/seqc-dev/seqc/decode"
	"github.com/seqc-dev/seqc/examples/crnn/reader"
	"github.com/seqc-dev/seqc/runtime"
)

const fixture = "../../golden/reference/crnn_digits/"

// TestRenderMatchesTraining: the Go renderer draws the fixture's lines bit
// for bit as scripts/fixtures/crnn.py drew them (the model was trained on
// that renderer's lines, so main.go must draw the same pixels).
func TestRenderMatchesTraining(t *testing.T) {
	cfg := loadFixture(t)
	want, err := runtime.ReadNpy(fixture + "image.npy")
	if err != nil {
		t.Fatal(err)
	}
	f, err := loadFont()
	if err != nil {
		t.Fatal(err)
	}
	w := want.Shape[3]
	for i, text := range cfg.Texts {
		img, err := render(f, text, w, plain, nil)
		if err != nil {
			t.Fatal(err)
		}
		for j, v := range img.F {
			if math.Float32bits(v) != math.Float32bits(want.F[i*imgH*w+j]) {
				t.Fatalf("%q: pixel %d is %v, the fixture's %v", text, j, v, want.F[i*imgH*w+j])
			}
		}
	}
}

// TestReadsLines: the generated package reads every fixture line as the
// authors' model (PyTorch, float64) did, by best path and by beam search.
func TestReadsLines(t *testing.T) {
	cfg := loadFixture(t)
	m, err := reader.Load(fixture + "weights.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	f, err := loadFont()
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range cfg.Texts {
		img, err := render(f, text, cfg.Inputs.Image.Shape[3], plain, nil)
		if err != nil {
			t.Fatal(err)
		}
		scores, err := m.Forward(context.Background(), img)
		if err != nil {
			t.Fatal(err)
		}
		classes := scores.Shape[2]
		g, err := decode.CTCGreedy(scores.F, classes, blank)
		if err != nil {
			t.Fatal(err)
		}
		if digits(g) != cfg.Greedy[i] {
			t.Errorf("%q: best path %q, the reference's %q", text, digits(g), cfg.Greedy[i])
		}
		hyps, err := decode.CTCBeam(scores.F, classes, blank, 8)
		if err != nil {
			t.Fatal(err)
		}
		if digits(hyps[0].Labels) != cfg.Greedy[i] {
			t.Errorf("%q: beam search's best %q, best path %q", text, digits(hyps[0].Labels), cfg.Greedy[i])
		}
	}
}

type fixtureConfig struct {
	Texts  []string `json:"texts"`
	Greedy []string `json:"greedy"`
	Inputs struct {
		Image struct {
			Shape []int `json:"shape"`
		} `json:"image"`
	} `json:"inputs"`
}

func loadFixture(t *testing.T) fixtureConfig {
	t.Helper()
	raw, err := os.ReadFile(fixture + "config.json")
	if err != nil {
		t.Fatal(err)
	}
	var cfg fixtureConfig
	if err := json.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Texts) == 0 || len(cfg.Texts) != len(cfg.Greedy) {
		t.Fatalf("%sconfig.json: %d texts, %d greedy readings", fixture, len(cfg.Texts), len(cfg.Greedy))
	}
	return cfg
}
