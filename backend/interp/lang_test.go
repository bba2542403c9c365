package interp_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The semantics of the language's ops on values chosen to hit their edges:
// floor modulo's signs, top_k's ties and NaN, gather's bounds, scatter_add
// of repeated indices, arange in a stream, and the associative scan's two
// forms on a combine that is not associative (which tells them apart).

func runIR(t *testing.T, text string, o interp.Options, inputs ...*runtime.Tensor) ([]*runtime.Tensor, error) {
	t.Helper()
	m, err := ir.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	if err := ir.Verify(m); err != nil {
		t.Fatal(err)
	}
	md, err := interp.New(m, map[string]*runtime.Tensor{}, "none", o)
	if err != nil {
		t.Fatal(err)
	}
	return md.Run(context.Background(), "forward", inputs)
}

func vec(dt runtime.DType, shape []int, vals ...float64) *runtime.Tensor {
	t := runtime.New(dt, shape...)
	for i, v := range vals {
		if dt == runtime.I32 {
			t.I[i] = int32(v)
		} else {
			t.F[i] = float32(v)
		}
	}
	return t
}

func TestModSigns(t *testing.T) {
	out, err := runIR(t, "module M\n\nfunc forward(%1 x: f32[B, L], %2 y: f32[B, L], %3 i: i32[B, L], %4 j: i32[B, L]) -> (a: f32[B, L], b: i32[B, L]) {\n  %5 = mod %1, %2 : f32[B, L]\n  %6 = mod %3, %4 : i32[B, L]\n  return %5, %6\n}\n",
		interp.Options{}, vec(runtime.F32, []int{1, 4}, 7, -7, 7, -7), vec(runtime.F32, []int{1, 4}, 3, 3, -3, -3),
		vec(runtime.I32, []int{1, 4}, 7, -7, 7, -7), vec(runtime.I32, []int{1, 4}, 3, 3, -3, -3))
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1, 2, -2, -1} // Python's 7 % 3, -7 % 3, 7 % -3, -7 % -3
	for i, w := range want {
		if float64(out[0].F[i]) != w || float64(out[1].I[i]) != w {
			t.Errorf("element %d: f32 %v, i32 %v, want %v", i, out[0].F[i], out[1].I[i], w)
		}
	}
	_, err = runIR(t, "module M\n\nfunc forward(%1 i: i32[B, L], %2 j: i32[B, L]) -> (b: i32[B, L]) {\n  %3 = mod %1, %2 : i32[B, L]\n  return %3\n}\n",
		interp.Options{}, vec(runtime.I32, []int{1, 1}, 1), vec(runtime.I32, []int{1, 1}, 0))
	if err == nil || !strings.Contains(err.Error(), "integer modulo by zero") {
		t.Errorf("mod by zero: %v", err)
	}
}

func TestTopKTiesAndNaN(t *testing.T) {
	out, err := runIR(t, "module M\n\nfunc forward(%1 x: f32[B, L, 5]) -> (v: f32[B, L, 3], i: i32[B, L, 3]) {\n  %2, %3 = top_k %1 {axis=-1, k=3} : f32[B, L, 3], i32[B, L, 3]\n  return %2, %3\n}\n",
		interp.Options{}, vec(runtime.F32, []int{1, 1, 5}, 1, 3, math.NaN(), 3, 2))
	if err != nil {
		t.Fatal(err)
	}
	if out[1].I[0] != 2 || out[1].I[1] != 1 || out[1].I[2] != 3 || !math.IsNaN(float64(out[0].F[0])) || out[0].F[1] != 3 {
		t.Errorf("top 3 of [1 3 NaN 3 2]: %v at %v, want NaN 3 3 at [2 1 3]", out[0].F, out[1].I)
	}
}

func TestGatherScatterAdd(t *testing.T) {
	text := "module M\n\nfunc forward(%1 x: f32[B, 4], %2 i: i32[B, 3]) -> (g: f32[B, 3], s: f32[B, 4]) {\n  %3 = gather %1, %2 {axis=1} : f32[B, 3]\n  %4 = scatter_add %1, %2, %3 {axis=1} : f32[B, 4]\n  return %3, %4\n}\n"
	out, err := runIR(t, text, interp.Options{}, vec(runtime.F32, []int{1, 4}, 10, 20, 30, 40), vec(runtime.I32, []int{1, 3}, 3, 0, 3))
	if err != nil {
		t.Fatal(err)
	}
	g, s := out[0].F, out[1].F
	if g[0] != 40 || g[1] != 10 || g[2] != 40 || s[0] != 20 || s[1] != 20 || s[2] != 30 || s[3] != 120 {
		t.Errorf("gather %v, scatter_add %v", g, s)
	}
	_, err = runIR(t, text, interp.Options{}, vec(runtime.F32, []int{1, 4}), vec(runtime.I32, []int{1, 3}, 0, 4, 0))
	if err == nil || !strings.Contains(err.Error(), "index 4 out of range for axis 1 of size 4") {
		t.Errorf("an index past the end: %v", err)
	}
}

// TestAssocScanForms: on an associative combine (a sum) the sequential
// and chunked forms agree, whole and streamed; on one that is not (a - b)
// they differ, which shows the chunked form really regroups.
func TestAssocScanForms(t *testing.T) {
	prog := func(op string) string {
		return "module M\n\nfunc forward(%1 x: f32[B, L, 2]) -> (y: f32[B, L, 2]) {\n  %2 = assoc_scan %1 : f32[B, L, 2] {\n    ^(%3: f32[B, 2], %4: f32[B, 2]):\n    %5 = " + op + " %3, %4 : f32[B, 2]\n    yield %5\n  }\n  return %2\n}\n"
	}
	x := runtime.New(runtime.F32, 2, 13, 2)
	for i := range x.F {
		x.F[i] = float32(i%7) - 3
	}
	run := func(op, mode string) []float32 {
		out, err := runIR(t, prog(op), interp.Options{Mode: mode, Chunk: 4}, x)
		if err != nil {
			t.Fatal(err)
		}
		return out[0].F
	}
	seq, chunked := run("add", "scan"), run("add", "chunked")
	for i := range seq {
		if seq[i] != chunked[i] {
			t.Fatalf("sum prefix element %d: sequential %v, chunked %v", i, seq[i], chunked[i])
		}
	}
	differs := false
	a, c := run("sub", "scan"), run("sub", "chunked")
	for i := range a {
		differs = differs || a[i] != c[i]
	}
	if !differs {
		t.Error("a - b gives the same numbers in both forms: the chunked form does not regroup")
	}
	// Streamed in chunks, the prefix continues from the state.
	m, _ := ir.Parse(prog("add"))
	md, err := interp.New(m, map[string]*runtime.Tensor{}, "none", interp.Options{Mode: "chunked", Chunk: 2})
	if err != nil {
		t.Fatal(err)
	}
	st, err := md.NewState("forward", interp.Stream{})
	if err != nil {
		t.Fatal(err)
	}
	var got []*runtime.Tensor
	for _, span := range [][2]int{{0, 5}, {5, 5}, {5, 6}, {6, 13}} {
		part, _ := runtime.SliceAxis(x, 1, span[0], span[1])
		out, err := md.Prefill(context.Background(), st, []*runtime.Tensor{part})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, out[0])
	}
	all, _ := runtime.Concat(got, 1)
	for i := range seq {
		if all.F[i] != seq[i] {
			t.Fatalf("streamed element %d: %v, want %v", i, all.F[i], seq[i])
		}
	}
}

// TestArangeStreams: arange of the sequence counts absolute positions in a
// stream.
func TestArangeStreams(t *testing.T) {
	m, _ := ir.Parse("module M\n\nfunc forward(%1 x: f32[B, L]) -> (y: i32[L]) {\n  %2 = arange {n=#L} : i32[L]\n  return %2\n}\n")
	md, err := interp.New(m, map[string]*runtime.Tensor{}, "none", interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := md.NewState("forward", interp.Stream{})
	if err != nil {
		t.Fatal(err)
	}
	var seen []int32
	for _, n := range []int{3, 0, 2} {
		out, err := md.Prefill(context.Background(), st, []*runtime.Tensor{runtime.New(runtime.F32, 1, n)})
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, out[0].I...)
	}
	for i, v := range seen {
		if int(v) != i {
			t.Fatalf("positions %v, want 0 1 2 3 4", seen)
		}
	}
}
