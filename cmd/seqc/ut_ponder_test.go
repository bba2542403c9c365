package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// TestUTPonder checks the Universal Transformer's halting itself, not only
// the logits it leads to: the ponder entry point of examples/ut/ut.seq (the
// mask form) must give each position the number of updates and the
// remainder that the fixture's float64 run of tensor2tensor's while loop
// recorded (config.json: ponder_times, remainders), whole and streamed.
func TestUTPonder(t *testing.T) {
	for _, c := range []struct {
		name string
		step bool
	}{{"ut_encoder", false}, {"ut_lm", false}, {"ut_lm", true}} {
		dir := filepath.Join("golden/reference", c.name)
		raw, err := os.ReadFile(filepath.Join(dir, "config.json"))
		if err != nil {
			t.Fatal(err)
		}
		var cfg struct {
			PonderTimes [][]float64 `json:"ponder_times"`
			Remainders  [][]float64 `json:"remainders"`
		}
		if err := json.Unmarshal(raw, &cfg); err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		args := []string{"run", "examples/ut/ut.seq", "--config", filepath.Join(dir, "config.json"),
			"--weights", filepath.Join(dir, "weights.safetensors"), "--input", "input_ids=" + filepath.Join(dir, "input_ids.npy"),
			"--func", "ponder", "--output-dir", out, "-q"}
		if c.step {
			args = append(args, "--step")
		}
		if code, _, errs := seqc(t, args...); code != 0 {
			t.Fatalf("%s: %s", c.name, errs)
		}
		for name, want := range map[string][][]float64{"ponder_times": cfg.PonderTimes, "remainders": cfg.Remainders} {
			got := readNpy(t, filepath.Join(out, name+".npy"))
			if len(want) == 0 || len(got.F) != len(want)*len(want[0]) {
				t.Fatalf("%s %s: %d values, want %d rows of %d", c.name, name, len(got.F), len(want), len(want[0]))
			}
			for b, row := range want {
				for i, w := range row {
					if g := float64(got.F[b*len(row)+i]); math.Abs(g-w) > 1e-5 {
						t.Errorf("%s %s (step %v) [%d, %d] = %v, the while loop gives %v", c.name, name, c.step, b, i, g, w)
					}
				}
			}
		}
	}
}
