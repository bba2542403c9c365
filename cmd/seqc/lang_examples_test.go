package main

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/runtime"
)

// TestLangExamples runs every model of examples/lang the way its README
// does: seqc check, seqc init, seqc run whole and --step (the step form
// must give the whole-sequence numbers), and each one's other forms: the
// parallel and recurrent RetNet agree, Aaren's associative scan gives the
// same numbers sequentially and as a chunked parallel prefix, and the
// forms that need the whole sequence are refused with a position.
func TestLangExamples(t *testing.T) {
	dir := t.TempDir()
	ids := runtime.New(runtime.I32, 2, 11)
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range ids.I {
		ids.I[i] = int32(rng.IntN(256))
	}
	in := filepath.Join(dir, "ids.npy")
	if err := runtime.WriteNpy(in, ids); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		file, input string
		variants    [][]string // other runs whose logits must equal forward's
		src         string     // the model file, when it is not examples/lang/FILE.seq
	}{
		{"retnet", "ids", [][]string{{"--func", "parallel"}, {"--mode", "chunked"}}, ""},
		{"jamba", "input_ids", [][]string{{"--mode", "quadratic"}}, "examples/jamba/jamba.seq"},
		{"aaren", "input_ids", [][]string{{"--mode", "chunked", "--chunk", "3"}, {"--mode", "scan"}}, "examples/aaren/aaren.seq"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			src := "examples/lang/" + c.file + ".seq"
			if c.src != "" {
				src = c.src
			}
			if code, _, errs := seqc(t, "check", src); code != 0 {
				t.Fatalf("check: %s", errs)
			}
			w := filepath.Join(dir, c.file+".safetensors")
			if code, _, errs := seqc(t, "init", src, "-o", w, "--seed", "3"); code != 0 {
				t.Fatalf("init: %s", errs)
			}
			run := func(name string, extra ...string) *runtime.Tensor {
				t.Helper()
				out := filepath.Join(dir, c.file+"-"+name)
				args := append([]string{"run", src, "--weights", w, "--input", c.input + "=" + in, "--output-dir", out, "-q"}, extra...)
				if code, _, errs := seqc(t, args...); code != 0 {
					t.Fatalf("run %s: %s", strings.Join(extra, " "), errs)
				}
				y, err := runtime.ReadNpy(filepath.Join(out, "logits.npy"))
				if err != nil {
					t.Fatal(err)
				}
				return y
			}
			whole := run("whole")
			if got, want := whole.Shape, []int{2, 11, 256}; !runtime.ShapeEqual(got, want) {
				t.Fatalf("logits %v, want %v", got, want)
			}
			check := func(what string, y *runtime.Tensor) {
				t.Helper()
				if !runtime.ShapeEqual(y.Shape, whole.Shape) {
					t.Fatalf("%s: logits %v, want %v", what, y.Shape, whole.Shape)
				}
				for i, v := range whole.F {
					if math.IsNaN(float64(v)) || math.Abs(float64(y.F[i]-v)) > 1e-4*(1+math.Abs(float64(v))) {
						t.Fatalf("%s: logit %d is %v, the whole-sequence forward gives %v", what, i, y.F[i], v)
					}
				}
			}
			check("--step", run("step", "--step"))
			for i, v := range c.variants {
				check(strings.Join(v, " "), run(string(rune('a'+i)), v...))
			}
		})
	}
	// The parallel form of RetNet needs the whole sequence: its step form
	// is refused at the op that holds L on two axes.
	code, _, errs := seqc(t, "run", "examples/lang/retnet.seq", "--weights", filepath.Join(dir, "retnet.safetensors"), "--input", "ids="+in,
		"--output-dir", filepath.Join(dir, "refused"), "--func", "parallel", "--step")
	if code != exitBadInput || !strings.Contains(errs, "parallel cannot be streamed") || !strings.Contains(errs, "retnet.seq:") {
		t.Errorf("--func parallel --step: exit %d, %q; want a refusal with a position", code, errs)
	}
	// A helper is not an entry point.
	code, _, errs = seqc(t, "run", "examples/lang/retnet.seq", "--weights", filepath.Join(dir, "retnet.safetensors"), "--input", "ids="+in,
		"--output-dir", filepath.Join(dir, "helper"), "--func", "lm")
	if code != exitBadInput || !strings.Contains(errs, "lm is a helper function of model RetNet, not an entry point") {
		t.Errorf("--func lm: exit %d, %q; want the helper named", code, errs)
	}
}
