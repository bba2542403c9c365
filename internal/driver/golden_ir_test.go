package driver

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/dsl"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/passes"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGoldenIR keeps the IR of every example after lowering and after each
// pass that changes it in testdata/ir/EXAMPLE/, so a change to the front end
// or a pass shows up in review as a change to the IR it produces.
func TestGoldenIR(t *testing.T) {
	for _, p := range sources(t) {
		if !strings.HasPrefix(p, "../../examples/") {
			continue
		}
		prog, err := dsl.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		m, err := dsl.Lower(prog, dsl.Options{})
		if err != nil {
			continue // a file without a model
		}
		name := strings.TrimSuffix(strings.TrimPrefix(p, "../../examples/"), ".seq")
		dir := filepath.Join("testdata", "ir", strings.ReplaceAll(name, "/", "_"))
		want := map[string]string{"00_lowered.ir": m.Format(ir.PrintOptions{})}
		prev := want["00_lowered.ir"]
		i := 0
		err = passes.Run(m, passes.Options{Verify: true, Dump: func(pass string, m *ir.Module) {
			i++
			if text := m.Format(ir.PrintOptions{}); text != prev {
				want[fmt.Sprintf("%02d_%s.ir", i, pass)] = text
				prev = text
			}
		}})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if *update {
			os.RemoveAll(dir)
			os.MkdirAll(dir, 0o755)
			for f, text := range want {
				os.WriteFile(filepath.Join(dir, f), []byte(text), 0o644)
			}
		}
		have, _ := filepath.Glob(filepath.Join(dir, "*.ir"))
		if len(have) != len(want) {
			t.Errorf("%s: %d golden IR files, the passes produce %d (go test ./internal/driver -update)", name, len(have), len(want))
		}
		for f, text := range want {
			got, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil || string(got) != text {
				t.Errorf("%s: %s differs from the golden IR (go test ./internal/driver -update if intended)", name, f)
			}
		}
	}
}

// TestFusionProofs: after the passes, the Mamba examples hold no tensor
// with both a sequence axis and the [d_inner, d_state] pair outside the
// scan kernel, and Hydra's mixer is one bidirectional quasiseparable op.
func TestFusionProofs(t *testing.T) {
	for _, p := range []string{"../../examples/mamba/mamba_mixer.seq", "../../examples/mamba/mamba_lm.seq"} {
		set := map[string]string{}
		if strings.HasSuffix(p, "lm.seq") {
			set["n_layer"] = "2"
		}
		m, err := Compile(Config{Path: p, Set: set})
		if err != nil {
			t.Fatal(err)
		}
		dState := hyper(m, "d_state")
		scans := 0
		for _, op := range m.Funcs[0].Body {
			if op.Kind == "selective_scan" {
				scans++
			}
			if op.Kind == "ssm" {
				t.Errorf("%s: an unfused ssm remains at %s", p, op.Pos)
			}
			for _, r := range op.Results {
				s := r.Type.Shape
				if len(s) >= 4 && !s[1].IsConst() && s[len(s)-1] == ir.Const(dState) {
					t.Errorf("%s: %s materialises %s (sequence × state) at %s", p, op.Kind, s, op.Pos)
				}
			}
		}
		if scans == 0 {
			t.Errorf("%s: no selective_scan", p)
		}
	}
	m, err := Compile(Config{Path: "../../examples/hydra/hydra.seq"})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, op := range m.Funcs[0].Body {
		kinds[op.Kind]++
	}
	if kinds["quasiseparable"] != 1 || kinds["ssm"] != 0 || kinds["flip"] != 0 {
		t.Errorf("hydra after passes: %d quasiseparable, %d ssm, %d flip; want one bidirectional mixer", kinds["quasiseparable"], kinds["ssm"], kinds["flip"])
	}
}

func hyper(m *ir.Module, name string) int {
	for _, h := range m.Hypers {
		if h.Name == name {
			return h.Value.(int)
		}
	}
	return -1
}
