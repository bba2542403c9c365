package ptx

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// assocCase is an assoc_scan module: its inputs' rows (each [B, L, row])
// and the module text.
type assocCase struct {
	name string
	rows [][]int
	text string
}

// rowType is f32[prefix, row...].
func rowType(prefix string, row []int) string {
	s := "f32[" + prefix
	for _, d := range row {
		s += fmt.Sprintf(", %d", d)
	}
	return s + "]"
}

// assocModule wraps a combine body (its arguments %10… for the left
// operand's components, then the right's; body values from %30) into a
// module whose function takes the components and returns the scan. attrs
// are the op's attributes ("" for none).
func assocModule(name string, rows [][]int, attrs, body string) assocCase {
	n := len(rows)
	var params, results, ins, types, bargs []string
	for i, r := range rows {
		params = append(params, fmt.Sprintf("%%%d x%d: %s", i+1, i, rowType("B, L", r)))
		results = append(results, fmt.Sprintf("y%d: %s", i, rowType("B, L", r)))
		ins = append(ins, fmt.Sprintf("%%%d", i+1))
		types = append(types, rowType("B, L", r))
	}
	for j := 0; j < 2*n; j++ {
		bargs = append(bargs, fmt.Sprintf("%%%d: %s", 10+j, rowType("B", rows[j%n])))
	}
	var outs []string
	for i := range rows {
		outs = append(outs, fmt.Sprintf("%%%d", 100+i))
	}
	if attrs != "" {
		attrs = " {" + attrs + "}"
	}
	text := fmt.Sprintf("module %s\n\nfunc forward(%s) -> (%s) {\n  %s = assoc_scan %s%s : %s {\n    ^(%s):\n%s  }\n  return %s\n}\n",
		name, strings.Join(params, ", "), strings.Join(results, ", "), strings.Join(outs, ", "), strings.Join(ins, ", "), attrs,
		strings.Join(types, ", "), strings.Join(bargs, ", "), body, strings.Join(outs, ", "))
	return assocCase{name, rows, text}
}

// aarenCase is Aaren's combine over (m [h, 1], u [h, d], w [h, 1]): the
// running max and the value and weight sums rescaled to it.
func aarenCase(h, d int, attrs string) assocCase {
	m, u := rowType("B", []int{h, 1}), rowType("B", []int{h, d})
	body := fmt.Sprintf(`    %%30 = maximum %%10, %%13 : %[1]s
    %%31 = sub %%10, %%30 : %[1]s
    %%32 = exp %%31 : %[1]s
    %%33 = sub %%13, %%30 : %[1]s
    %%34 = exp %%33 : %[1]s
    %%35 = mul %%11, %%32 : %[2]s
    %%36 = mul %%14, %%34 : %[2]s
    %%37 = add %%35, %%36 : %[2]s
    %%38 = mul %%12, %%32 : %[1]s
    %%39 = mul %%15, %%34 : %[1]s
    %%40 = add %%38, %%39 : %[1]s
    yield %%30, %%37, %%40
`, m, u)
	return assocModule(fmt.Sprintf("Aaren%dx%d", h, d), [][]int{{h, 1}, {h, d}, {h, 1}}, attrs, body)
}

// sumCase is a running sum over [d].
func sumCase(d int) assocCase {
	r := rowType("B", []int{d})
	return assocModule(fmt.Sprintf("Sum%d", d), [][]int{{d}}, "", fmt.Sprintf("    %%30 = add %%10, %%11 : %s\n    yield %%30\n", r))
}

// maxSumExpCase is the (max, Σ exp) pair of a streaming log-sum-exp, the
// sum over [d] against a max per row ([1]), with a scalar constant and a
// weight vector in the body (m' = M, s' = c·s·e^(m−M) + s'·e^(m'−M)·g,
// c = 1 and g the weight: an affine tweak that keeps the combine
// associative only up to g, which the check does not need).
func maxSumExpCase(d int) assocCase {
	m, s := rowType("B", []int{1}), rowType("B", []int{d})
	body := fmt.Sprintf(`    %%30 = maximum %%10, %%12 : %[1]s
    %%31 = sub %%10, %%30 : %[1]s
    %%32 = exp %%31 : %[1]s
    %%33 = sub %%12, %%30 : %[1]s
    %%34 = exp %%33 : %[1]s
    %%41 = const {value=1.0} : f32[]
    %%42 = param {name="g"} : f32[%[3]d]
    %%35 = mul %%11, %%32 : %[2]s
    %%43 = mul %%35, %%41 : %[2]s
    %%36 = mul %%13, %%34 : %[2]s
    %%44 = mul %%36, %%42 : %[2]s
    %%37 = add %%43, %%44 : %[2]s
    yield %%30, %%37
`, m, s, d)
	c := assocModule(fmt.Sprintf("MaxSumExp%d", d), [][]int{{1}, {d}}, "", body)
	c.text = strings.Replace(c.text, "\nfunc", fmt.Sprintf("\nparam \"g\": f32[%d]\n\nfunc", d), 1)
	return c
}

// affineCase composes affine maps (a, b) ∘ (a', b') = (a·a', a'·b + b').
func affineCase(d int) assocCase {
	r := rowType("B", []int{d})
	body := fmt.Sprintf("    %%30 = mul %%10, %%12 : %[1]s\n    %%31 = mul %%12, %%11 : %[1]s\n    %%32 = add %%31, %%13 : %[1]s\n    yield %%30, %%32\n", r)
	return assocModule(fmt.Sprintf("Affine%d", d), [][]int{{d}, {d}}, "", body)
}

// assocInputs are random components [B, L, row] (the first in [−3, 3]:
// Aaren's scores; an affine map's a in (0, 1) would do as well).
func assocInputs(rng *rand.Rand, c assocCase, B, L int) []*runtime.Tensor {
	var xs []*runtime.Tensor
	for i, r := range c.rows {
		shape := append([]int{B, L}, r...)
		n := B * L * prod(r)
		scale := 1.0
		if i == 0 {
			scale = 3
		}
		xs = append(xs, runtime.FromF32(shape, randF(rng, n, scale)))
	}
	return xs
}

func assocWeights(rng *rand.Rand, m *ir.Module) map[string]*runtime.Tensor {
	w := map[string]*runtime.Tensor{}
	for _, p := range m.Params {
		d, _ := p.Type.Shape[0].Value()
		w[p.Name] = runtime.FromF32([]int{d}, randF(rng, d, 1))
	}
	return w
}

// launchNames records the kernels a runner launches.
type launchNames struct {
	runner
	names []string
}

func (l *launchNames) launch(name string, ln *Launch, threads int) error {
	l.names = append(l.names, name)
	return l.runner.launch(name, ln, threads)
}

// nearTensors checks every output against the reference's within tol
// relative to 1+|want|.
func nearTensors(t *testing.T, what string, got, want []*runtime.Tensor, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d outputs, want %d", what, len(got), len(want))
	}
	for i := range want {
		wf := make([]float64, len(want[i].F))
		for j, v := range want[i].F {
			wf[j] = float64(v)
		}
		if len(got[i].F) != len(wf) {
			t.Fatalf("%s output %d: %d elements, want %d", what, i, len(got[i].F), len(wf))
		}
		near(t, fmt.Sprintf("%s output %d", what, i), got[i].F, wf, tol)
	}
}

// TestAssocScanKernel: the assoc_scan kernel on the emulation (every
// launch in both thread orders, bit for bit) against the interpreter's
// sequential form for Aaren's combine, a sum, a (max, Σexp) pair with a
// constant and a weight, and affine maps, over several batches, lengths
// and rows (widths past the block's 64 threads); in chunked mode against
// the interpreter's chunked form. Nothing of the scan runs on the
// interpreter.
func TestAssocScanKernel(t *testing.T) {
	needEmu(t)
	cases := []assocCase{
		aarenCase(4, 16, ""), aarenCase(3, 5, ""), aarenCase(1, 70, ""), aarenCase(2, 3, `mode="chunked", chunk=4`),
		sumCase(1), sumCase(130), maxSumExpCase(7), maxSumExpCase(65), affineCase(9), affineCase(3),
	}
	rng := rand.New(rand.NewPCG(31, 31))
	for _, c := range cases {
		m, err := ir.Parse(c.text)
		if err != nil {
			t.Fatalf("%s: %v\n%s", c.name, err, c.text)
		}
		ks, why := planModule(m)
		for op, w := range why {
			if op.Kind == "assoc_scan" {
				t.Fatalf("%s: the assoc_scan was not planned: %s", c.name, w)
			}
		}
		var ln *launchNames
		weights := assocWeights(rng, m)
		exec, err := prepareWith(context.Background(), m, weights, "test", backend.Options{}, EmuName,
			func(ctx context.Context, ks map[*ir.Op]*opKernel) (runner, error) {
				ln = &launchNames{runner: loadEmu(t, uniqueDefs(ks)...)}
				return ln, nil
			})
		if err != nil {
			t.Fatal(err)
		}
		ref, err := interp.New(m, weights, "test", interp.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, bl := range [][2]int{{1, 1}, {3, 7}, {2, 40}} {
			B, L := bl[0], bl[1]
			xs := assocInputs(rng, c, B, L)
			want, err := ref.Run(context.Background(), "forward", xs)
			if err != nil {
				t.Fatal(err)
			}
			ln.names = nil
			got, err := exec.Run(context.Background(), "forward", xs)
			if err != nil {
				t.Fatal(err)
			}
			if len(ln.names) != 1 || !strings.HasPrefix(ln.names[0], "seqc_ptx_ascan") {
				t.Fatalf("%s B=%d L=%d: launched %v, want the assoc_scan kernel", c.name, B, L, ln.names)
			}
			nearTensors(t, fmt.Sprintf("%s B=%d L=%d", c.name, B, L), got, want, 2e-5)
		}
		_ = ks
	}
}

// TestAssocScanAarenMath: Aaren's prefix from the kernel gives attention
// of the position's query over the values so far, u/w = Σ softmax(s)·v,
// computed here in float64 from the definition (not through the combine).
func TestAssocScanAarenMath(t *testing.T) {
	needEmu(t)
	const B, L, H, D = 2, 23, 3, 5
	c := aarenCase(H, D, "")
	m, err := ir.Parse(c.text)
	if err != nil {
		t.Fatal(err)
	}
	exec, err := prepareWith(context.Background(), m, nil, "test", backend.Options{}, EmuName,
		func(ctx context.Context, ks map[*ir.Op]*opKernel) (runner, error) {
			return loadEmu(t, uniqueDefs(ks)...), nil
		})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(32, 32))
	xs := assocInputs(rng, c, B, L)
	for i := range xs[2].F {
		xs[2].F[i] = 1
	}
	out, err := exec.Run(context.Background(), "forward", xs)
	if err != nil {
		t.Fatal(err)
	}
	s, v := xs[0].F, xs[1].F
	for b := 0; b < B; b++ {
		for h := 0; h < H; h++ {
			for tt := 0; tt < L; tt++ {
				mx := math.Inf(-1)
				for i := 0; i <= tt; i++ {
					mx = math.Max(mx, float64(s[(b*L+i)*H+h]))
				}
				var den float64
				num := make([]float64, D)
				for i := 0; i <= tt; i++ {
					e := math.Exp(float64(s[(b*L+i)*H+h]) - mx)
					den += e
					for d := 0; d < D; d++ {
						num[d] += e * float64(v[((b*L+i)*H+h)*D+d])
					}
				}
				at := (b*L+tt)*H + h
				if got := float64(out[0].F[at]); got != mx {
					t.Fatalf("max at b=%d h=%d t=%d is %v, want %v", b, h, tt, got, mx)
				}
				w := float64(out[2].F[at])
				if math.Abs(w-den) > 1e-5*den {
					t.Fatalf("weight sum at b=%d h=%d t=%d is %v, want %v", b, h, tt, w, den)
				}
				for d := 0; d < D; d++ {
					o := float64(out[1].F[at*D+d]) / w
					if want := num[d] / den; math.Abs(o-want) > 1e-5*(1+math.Abs(want)) {
						t.Fatalf("attention at b=%d h=%d t=%d d=%d is %v, want %v", b, h, tt, d, o, want)
					}
				}
			}
		}
	}
}

// TestAssocScanStream: over the simulated driver, streams cut at random
// chunk boundaries (Prefill chunks and Steps) give the interpreter's
// whole-sequence results; the prefix stays on the device, so a step copies
// only its inputs in and its outputs back (2 per component), the same
// bytes at every position.
func TestAssocScanStream(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(33, 33))
	for _, c := range []assocCase{aarenCase(4, 16, ""), maxSumExpCase(5), sumCase(3)} {
		m, err := ir.Parse(c.text)
		if err != nil {
			t.Fatal(err)
		}
		weights := assocWeights(rng, m)
		ref, err := interp.New(m, weights, "test", interp.Options{})
		if err != nil {
			t.Fatal(err)
		}
		exec, sim, gr := prepareSimulated(t, m, weights, backend.Options{})
		for trial := 0; trial < 3; trial++ {
			const B, L = 2, 37
			xs := assocInputs(rng, c, B, L)
			if trial == 0 { // a whole-sequence run first uploads the weights
				if _, err := exec.Run(context.Background(), "forward", xs); err != nil {
					t.Fatal(err)
				}
			}
			want, err := ref.Run(context.Background(), "forward", xs)
			if err != nil {
				t.Fatal(err)
			}
			st, err := exec.NewState("forward", backend.Stream{Batch: B})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			stepBytes := -1
			chunk := func(pos, n int) []*runtime.Tensor {
				in := make([]*runtime.Tensor, len(xs))
				for i, x := range xs {
					in[i] = seqSlice(x, pos, pos+n)
				}
				var out []*runtime.Tensor
				if n == 1 {
					out, err = exec.Step(ctx, st, in)
				} else {
					out, err = exec.Prefill(ctx, st, in)
				}
				if err != nil {
					t.Fatal(err)
				}
				for i := range out {
					out[i] = out[i].Clone()
				}
				return out
			}
			var snap backend.State
			var snapAt int
			var after [][]*runtime.Tensor // the chunks after the snapshot
			var cuts []int
			for pos := 0; pos < L; {
				n := 1 + rng.IntN(6)
				if rng.IntN(2) == 0 {
					n = 1
				}
				n = min(n, L-pos)
				before, bytes := sim.copies, sim.bytes
				out := chunk(pos, n)
				if n == 1 {
					if got := sim.copies - before; got != 2*len(xs) {
						t.Fatalf("%s: a step at %d copied %d times between host and device, want %d (inputs and outputs)", c.name, pos, got, 2*len(xs))
					}
					if stepBytes < 0 {
						stepBytes = sim.bytes - bytes
					} else if sim.bytes-bytes != stepBytes {
						t.Fatalf("%s: a step at %d moved %d bytes, the first %d", c.name, pos, sim.bytes-bytes, stepBytes)
					}
				}
				var wantChunk []*runtime.Tensor
				for _, w := range want {
					wantChunk = append(wantChunk, seqSlice(w, pos, pos+n))
				}
				nearTensors(t, fmt.Sprintf("%s chunk at %d", c.name, pos), out, wantChunk, 2e-5)
				if snap != nil {
					after, cuts = append(after, out), append(cuts, n)
				}
				pos += n
				if snap == nil && pos >= L/3 {
					// A snapshot copies the prefix on the device.
					copies := sim.copies
					snap, snapAt = st.Snapshot(), pos
					if sim.copies != copies {
						t.Fatalf("%s: a snapshot copied between host and device", c.name)
					}
				}
			}
			// The stream restored from the snapshot gives the same bits.
			if err := st.Restore(snap); err != nil {
				t.Fatal(err)
			}
			for i, pos := 0, snapAt; i < len(cuts); pos, i = pos+cuts[i], i+1 {
				out := chunk(pos, cuts[i])
				for k := range out {
					for j, v := range out[k].F {
						if math.Float32bits(v) != math.Float32bits(after[i][k].F[j]) {
							t.Fatalf("%s: after Restore, the chunk at %d output %d element %d is %v, first time %v", c.name, pos, k, j, v, after[i][k].F[j])
						}
					}
				}
			}
			gr.mu.Lock()
			held := len(gr.states.byT)
			gr.mu.Unlock()
			if held < len(xs) {
				t.Fatalf("%s: %d state tensors on the device, want the prefix's %d", c.name, held, len(xs))
			}
		}
	}
}

// TestAssocScanFallback: the forms the kernel does not cover plan on the
// interpreter with the reason.
func TestAssocScanFallback(t *testing.T) {
	r := rowType("B", []int{3})
	for _, c := range []struct {
		c    assocCase
		want string
	}{
		// A softmax in the combine: no scan-cell translation.
		{assocModule("Soft", [][]int{{3}}, "", fmt.Sprintf("    %%30 = softmax %%10 {axis=-1} : %[1]s\n    %%31 = add %%30, %%11 : %[1]s\n    yield %%31\n", r)), "softmax"},
		// Four components: 16 buffers.
		{assocModule("Four", [][]int{{3}, {3}, {3}, {3}}, "", fmt.Sprintf("    %%30 = add %%10, %%14 : %[1]s\n    %%31 = add %%11, %%15 : %[1]s\n    %%32 = add %%12, %%16 : %[1]s\n    %%33 = add %%13, %%17 : %[1]s\n    yield %%30, %%31, %%32, %%33\n", r)), "at most 12"},
		// Rows past the shared memory the block keeps.
		{sumCase(5000), "shared memory"},
	} {
		m, err := ir.Parse(c.c.text)
		if err != nil {
			t.Fatalf("%s: %v\n%s", c.c.name, err, c.c.text)
		}
		_, why := planModule(m)
		found := false
		for op, w := range why {
			if op.Kind == "assoc_scan" {
				found = true
				if !strings.Contains(w, c.want) {
					t.Errorf("%s: falls back because %q, want a reason with %q", c.c.name, w, c.want)
				}
			}
		}
		if !found {
			t.Errorf("%s: the assoc_scan was planned on a kernel", c.c.name)
		}
	}
}

// TestAssocScanPTX: the kernels' PTX builds with llc (sm_80), declares no
// external symbol, has barriers and neither approximates, flushes nor
// spills to local memory.
func TestAssocScanPTX(t *testing.T) {
	if _, err := llvm.LookupLLC(); err != nil {
		t.Skip(err)
	}
	for _, c := range []assocCase{aarenCase(4, 16, ""), maxSumExpCase(7), affineCase(3)} {
		m, err := ir.Parse(c.text)
		if err != nil {
			t.Fatal(err)
		}
		ks, _ := planModule(m)
		var defs []kernelDef
		for op, k := range ks {
			if op.Kind == "assoc_scan" {
				defs = append(defs, k.defs...)
			}
		}
		if len(defs) != 1 {
			t.Fatalf("%s: %d kernels, want the assoc_scan's one", c.name, len(defs))
		}
		if err := CheckPTX(checkKernelPTX(t, defs[0], true)); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
	}
}
