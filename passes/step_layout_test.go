package passes

import (
	"testing"

	"github.com/seqc-dev/seqc/ir"
)

// TestStepLayoutRoundTrips: every op the step form marks stateful accepts
// the state attributes, so a module after step_layout prints, parses and
// verifies (generated packages load it from its text). The positional
// slice (a learned position table read at the stream's position) and
// arange were once refused on load: "slice has no attribute state".
func TestStepLayoutRoundTrips(t *testing.T) {
	m, err := ir.Parse(`module M

func forward(%1 x: f32[B, L, 4], %2 pos: f32[64, 4]) -> (y: f32[B, L, 4], p: i32[L]) {
  %3 = slice %2 {axis=0, start=#0, stop=#L} : f32[L, 4]
  %4 = add %1, %3 : f32[B, L, 4]
  %5 = cumsum %4 {axis=1} : f32[B, L, 4]
  %6 = arange {dtype="i32", n=#L} : i32[L]
  return %5, %6
}
`)
	if err != nil {
		t.Fatal(err)
	}
	if err := StepLayout(m); err != nil {
		t.Fatal(err)
	}
	stateful := 0
	for _, op := range m.Funcs[0].Body {
		if _, ok := op.Attrs["state"]; ok {
			stateful++
		}
	}
	if stateful != 3 {
		t.Fatalf("%d ops got a state layout, want 3 (slice, cumsum, arange):\n%s", stateful, m.String())
	}
	back, err := ir.Parse(m.String())
	if err != nil {
		t.Fatalf("the module after step_layout does not parse: %v", err)
	}
	if err := ir.Verify(back); err != nil {
		t.Fatalf("the module after step_layout does not verify: %v", err)
	}
}
