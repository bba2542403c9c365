package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/ptx"
	"github.com/seqc-dev/seqc/codegen"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/ir"
)

// goTool runs the go command in dir.
func goTool(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// tempModule makes a module that uses this checkout of seqc, with seqc's
// own requirements copied so that building needs no network.
func tempModule(t *testing.T) string {
	t.Helper()
	root, _ := os.Getwd()
	dir := t.TempDir()
	own, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	var reqs []string
	goVersion := "1.26"
	for _, line := range strings.Split(string(own), "\n") {
		line = strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(line, "go "); ok {
			goVersion = v // at least seqc's own, or go wants to update go.mod
		}
		if f := strings.Fields(line); len(f) >= 2 && strings.Contains(f[0], ".") && !strings.HasPrefix(line, "module") {
			reqs = append(reqs, "\t"+f[0]+" "+f[1])
		}
	}
	gomod := fmt.Sprintf("module gentest\n\ngo %s\n\nrequire (\n\tgithub.com/seqc-dev/seqc v0.0.0\n%s\n)\n\nreplace github.com/seqc-dev/seqc => %s\n", goVersion, strings.Join(reqs, "\n"), root)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644)
	sum, _ := os.ReadFile(filepath.Join(root, "go.sum"))
	os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644)
	return dir
}

// TestBuildReference generates a package for every reference case into a
// temporary module, builds and vets it (also with CGO_ENABLED=0), runs each
// through its generated API — Forward, and Prefill + Step for causal models —
// and compares the outputs with the official ones.
func TestBuildReference(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs generated packages")
	}
	dir := tempModule(t)
	var main bytes.Buffer
	main.WriteString("package main\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"math\"\n\t\"os\"\n\t\"path/filepath\"\n\n\t\"github.com/seqc-dev/seqc/ir\"\n\t\"github.com/seqc-dev/seqc/runtime\"\n")
	var body bytes.Buffer
	cases := readModels(t)
	type genCase struct {
		refCase
		fn      *ir.Func
		backend string
	}
	var gen []genCase
	// Every case as a package for the interpreter, and for llvm where it
	// runs here (its kernels linked in as a .syso).
	var all []genCase
	for _, b := range backend.Available() {
		if b.Name() == backend.Interp || b.Name() == "llvm" {
			for _, c := range cases {
				all = append(all, genCase{refCase: c, backend: b.Name()})
			}
		}
	}
	// A few cases (one per kernel family) as packages for ptx, with their
	// PTX embedded, where its emulation runs here: a second program runs
	// them over the simulated CUDA driver (ptx.SimulateEnv), whose launches
	// run the emulated kernels, and once more without a driver, where they
	// must fall back to the interpreter with a reason.
	ptxCases := map[string]bool{"mamba_mixer": true, "mamba2_mixer": true, "llama_charlm": true}
	if _, err := backend.Lookup(ptx.EmuName); err == nil {
		for _, c := range cases {
			if ptxCases[c.name] {
				all = append(all, genCase{refCase: c, backend: ptx.Name})
			}
		}
	}
	var ptxMain, ptxBody bytes.Buffer
	ptxMain.WriteString("package main\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"math\"\n\t\"os\"\n\t\"path/filepath\"\n\n\t\"github.com/seqc-dev/seqc/ir\"\n\t\"github.com/seqc-dev/seqc/runtime\"\n")
	for _, gc := range all {
		main, body := &main, &body
		if gc.backend == ptx.Name {
			main, body = &ptxMain, &ptxBody
		}
		c := gc.refCase
		pkg := strings.ReplaceAll(c.name, "_", "") + gc.backend
		args := []string{"build", c.model, "-o", filepath.Join(dir, pkg), "--pkg", pkg, "--backend", gc.backend}
		for _, kv := range flagValue(c.args, "set") {
			args = append(args, "--set", kv)
		}
		args = append(args, "--config", flagValue(c.args, "config")[0])
		var stderr bytes.Buffer
		if code := run(args, &bytes.Buffer{}, &stderr); code != 0 {
			t.Fatalf("seqc %s: %s", strings.Join(args, " "), stderr.String())
		}
		m, err := driver.Compile(c.config())
		if err != nil {
			t.Fatal(err)
		}
		f := m.Func("forward")
		gen = append(gen, genCase{c, f, gc.backend})
		fmt.Fprintf(main, "\t%q\n", "gentest/"+pkg)
		if gc.backend == ptx.Name {
			// A function, so that a fallback can return early.
			fmt.Fprintf(body, "\tfunc() {\n\t\tm, err := %s.Load(filepath.Join(os.Getenv(\"SEQC_ROOT\"), %q))\n\t\tcheck(err)\n", pkg, flagValue(c.args, "weights")[0])
			fmt.Fprintf(body, "\t\tif want := os.Getenv(\"SEQC_WANT_BACKEND\"); m.Backend() != want {\n\t\t\tpanic(fmt.Sprintf(\"%s runs on %%s (fallback: %%v), want %%s\", m.Backend(), m.Fallback(), want))\n\t\t}\n", pkg)
			fmt.Fprintf(body, "\t\tif m.Backend() != %q {\n\t\t\tif m.Fallback() == nil {\n\t\t\t\tpanic(\"%s fell back without a reason\")\n\t\t\t}\n\t\t\tfmt.Println(\"fallback:\", m.Fallback())\n\t\t\treturn\n\t\t}\n", ptx.Name, pkg)
		} else {
			fmt.Fprintf(body, "\t{\n\t\tm, err := %s.Load(filepath.Join(os.Getenv(\"SEQC_ROOT\"), %q))\n\t\tcheck(err)\n", pkg, flagValue(c.args, "weights")[0])
			// The package runs on the backend it was built for, not a fallback.
			fmt.Fprintf(body, "\t\tif m.Backend() != %q {\n\t\t\tpanic(\"%s runs on \" + m.Backend())\n\t\t}\n", gc.backend, pkg)
		}
		byName := map[string]string{}
		for _, in := range flagValue(c.args, "input") {
			name, p, _ := strings.Cut(in, "=")
			byName[name] = p
		}
		var ins []string
		for i, v := range f.Inputs {
			fmt.Fprintf(body, "\t\tin%d := read(%q)\n", i, byName[v.Name])
			ins = append(ins, fmt.Sprintf("in%d", i))
		}
		outs := make([]string, len(f.Outputs))
		for i := range outs {
			outs[i] = fmt.Sprintf("o%d", i)
		}
		fmt.Fprintf(body, "\t\t%s, err := m.Forward(ctx, %s)\n\t\tcheck(err)\n", strings.Join(outs, ", "), strings.Join(ins, ", "))
		for i, o := range outs {
			fmt.Fprintf(body, "\t\twrite(%q, %s)\n", filepath.Join(c.name, gc.backend, "forward", f.OutNames[i]), o)
		}
		if gc.backend == ptx.Name {
			// The same model loaded with WithTF32 runs its linear layers on
			// the tensor-core kernel, from the PTX embedded beside the FP32
			// kernels' (the PTX cache stays empty): the first output agrees
			// with the FP32 one to TF32's precision (inputs rounded to 10
			// mantissa bits: a relative error near 1e-3 per product).
			fmt.Fprintf(body, "\t\tmt, err := %s.Load(filepath.Join(os.Getenv(\"SEQC_ROOT\"), %q), %s.WithTF32(true))\n\t\tcheck(err)\n", pkg, flagValue(c.args, "weights")[0], pkg)
			fmt.Fprintf(body, "\t\tt%s, err := mt.Forward(ctx, %s)\n\t\tcheck(err)\n\t\tnearRel(%q, t%s, %s, 1e-2)\n",
				strings.Join(outs, ", t"), strings.Join(ins, ", "), pkg+" WithTF32", outs[0], outs[0])
		}
		if plan, err := ir.StepPlan(f); err == nil {
			// Prefill 3 positions, then Step the rest, slicing each streamed input along its sequence axis;
			// the inputs that do not stream are given once, to NewState.
			var fixed, sargs []string
			first := -1
			for i := range ins {
				if plan.InputAxis[i] < 0 {
					fixed = append(fixed, ins[i])
				} else {
					sargs = append(sargs, fmt.Sprintf("s[%d]", i))
					if first < 0 {
						first = i
					}
				}
			}
			fmt.Fprintf(body, "\t\tmod, _ := %s.Module()\n\t\tplan, err := ir.StepPlan(mod.Func(\"forward\"))\n\t\tcheck(err)\n", pkg)
			fmt.Fprintf(body, "\t\tins := []*runtime.Tensor{%s}\n\t\tst, err := m.NewState(%s)\n\t\tcheck(err)\n", strings.Join(ins, ", "), strings.Join(append([]string{fmt.Sprintf("ins[%d].Shape[0]", first)}, fixed...), ", "))
			fmt.Fprintf(body, "\t\ttotal := seqLen(plan, ins)\n\t\tvar parts [][]*runtime.Tensor\n")
			fmt.Fprintf(body, "\t\tfor t := 0; t < total; {\n\t\t\tn := 1\n\t\t\tif t == 0 {\n\t\t\t\tn = min(3, total)\n\t\t\t}\n\t\t\ts := slice(plan, ins, total, t, t+n)\n")
			fmt.Fprintf(body, "\t\t\tvar %s *runtime.Tensor\n\t\t\tif n == 1 {\n\t\t\t\t%s, err = m.Step(ctx, st, %s)\n\t\t\t} else {\n\t\t\t\t%s, err = m.Prefill(ctx, st, %s)\n\t\t\t}\n\t\t\tcheck(err)\n",
				strings.Join(outs, ", "), strings.Join(outs, ", "), strings.Join(sargs, ", "), strings.Join(outs, ", "), strings.Join(sargs, ", "))
			fmt.Fprintf(body, "\t\t\tparts = append(parts, []*runtime.Tensor{%s})\n\t\t\tt += n\n\t\t}\n", strings.Join(outs, ", "))
			for i := range outs {
				fmt.Fprintf(body, "\t\twrite(%q, join(plan.OutAxis[%d], parts, %d))\n", filepath.Join(c.name, gc.backend, "step", f.OutNames[i]), i, i)
			}
		}
		if gc.backend == ptx.Name {
			body.WriteString("\t}()\n")
		} else {
			body.WriteString("\t}\n")
		}
	}
	main.WriteString(")\n\n")
	main.WriteString(mainHelpers)
	main.WriteString("func main() {\n\tctx := context.Background()\n\tout = os.Args[1]\n")
	main.Write(body.Bytes())
	main.WriteString("}\n")
	os.WriteFile(filepath.Join(dir, "main.go"), main.Bytes(), 0o644)
	if ptxBody.Len() > 0 {
		ptxMain.WriteString(")\n\n")
		ptxMain.WriteString(mainHelpers)
		ptxMain.WriteString("func main() {\n\tctx := context.Background()\n\tout = os.Args[1]\n")
		ptxMain.Write(ptxBody.Bytes())
		ptxMain.WriteString("}\n")
		os.MkdirAll(filepath.Join(dir, "ptxrun"), 0o755)
		os.WriteFile(filepath.Join(dir, "ptxrun", "main.go"), ptxMain.Bytes(), 0o644)
	}
	goTool(t, dir, nil, "vet", "./...")
	goTool(t, dir, []string{"CGO_ENABLED=0"}, "build", "./...")
	outDir := t.TempDir()
	root, _ := os.Getwd()
	cmd := exec.Command("go", "run", ".", outDir)
	cmd.Dir = dir
	// An empty kernel cache that must stay empty: the llvm packages run the
	// kernels linked into them, and compile nothing at run time.
	cache := t.TempDir()
	cmd.Env = append(os.Environ(), "SEQC_ROOT="+root, "SEQC_CACHE="+cache)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generated program: %v\n%s", err, out)
	}
	if built, _ := os.ReadDir(cache); len(built) > 0 {
		t.Errorf("the generated llvm packages compiled kernels at run time (%d files in the cache) instead of running their linked ones", len(built))
	}
	if ptxBody.Len() > 0 {
		runPTXPackages(t, dir, outDir, root)
	}
	for _, c := range gen {
		for _, form := range []string{"forward", "step"} {
			if form == "step" {
				if _, err := ir.StepPlan(c.fn); err != nil {
					continue
				}
			}
			t.Run(c.name+"/"+c.backend+"/"+form, func(t *testing.T) {
				ref := filepath.Join("golden/reference", c.name)
				var cfg refConfig
				raw, _ := os.ReadFile(filepath.Join(ref, "config.json"))
				if err := jsonUnmarshal(raw, &cfg); err != nil {
					t.Fatal(err)
				}
				var mask = maskFor(t, cfg, ref)
				for name := range cfg.Outputs {
					got := readNpy(t, filepath.Join(outDir, c.name, c.backend, form, name+".npy"))
					want := readNpy(t, filepath.Join(ref, name+".npy"))
					compare(t, name, got, want, cfg.Tolerance.Atol, cfg.Tolerance.Rtol, mask)
				}
			})
		}
	}
}

const mainHelpers = `var out string

// nearRel panics unless got is within rel × max|want| of want everywhere.
func nearRel(what string, got, want *runtime.Tensor, rel float64) {
	scale, worst := 0.0, 0.0
	for i := range want.F {
		scale = max(scale, math.Abs(float64(want.F[i])))
		worst = max(worst, math.Abs(float64(got.F[i]-want.F[i])))
	}
	if !(worst <= rel*scale) {
		panic(fmt.Sprintf("%s: max difference %g, more than %g of the scale %g", what, worst, rel, scale))
	}
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}

func read(p string) *runtime.Tensor {
	t, err := runtime.ReadNpy(filepath.Join(os.Getenv("SEQC_ROOT"), p))
	check(err)
	return t
}

func write(p string, t *runtime.Tensor) {
	p = filepath.Join(out, p+".npy")
	check(os.MkdirAll(filepath.Dir(p), 0o755))
	check(runtime.WriteNpy(p, t))
}

func seqLen(plan *ir.Plan, ins []*runtime.Tensor) int {
	for i, ax := range plan.InputAxis {
		if ax >= 0 {
			return ins[i].Shape[ax] / perPos(plan, ins, i)
		}
	}
	return 0
}

// perPos is how many entries of input i one position holds (2 for DeltaProduct's keys).
func perPos(plan *ir.Plan, ins []*runtime.Tensor, i int) int {
	min := -1
	for j, ax := range plan.InputAxis {
		if ax >= 0 && (min < 0 || ins[j].Shape[ax] < min) {
			min = ins[j].Shape[ax]
		}
	}
	return ins[i].Shape[plan.InputAxis[i]] / min
}

func slice(plan *ir.Plan, ins []*runtime.Tensor, total, lo, hi int) []*runtime.Tensor {
	s := make([]*runtime.Tensor, len(ins))
	for i, x := range ins {
		ax := plan.InputAxis[i]
		if ax < 0 {
			s[i] = x
			continue
		}
		k := perPos(plan, ins, i)
		var err error
		s[i], err = runtime.SliceAxis(x, ax, lo*k, hi*k)
		check(err)
	}
	return s
}

func join(ax int, parts [][]*runtime.Tensor, i int) *runtime.Tensor {
	if ax < 0 {
		return parts[len(parts)-1][i]
	}
	ts := make([]*runtime.Tensor, len(parts))
	for p := range parts {
		ts[p] = parts[p][i]
	}
	t, err := runtime.Concat(ts, ax)
	check(err)
	return t
}

`

// streamingModel has an input that does not stream (h0, with the batch on
// axis 1 as torch.nn.GRU's h_0) and a second causal function.
const streamingModel = `model TwoLayer(d: int = 4) {
    param w0: f32[d, d] = init.normal(std: 0.5)
    param w1: f32[d, d] = init.normal(std: 0.5)

    forward(x: f32[B, L, d], h0: f32[2, B, d]) -> (y: f32[B, L, d], h_n: f32[B, d]) {
        h1, y1 = scan(h0[0], over: x) { (hp, xt) ->
            hn = tanh(linear(hp, w0) + xt)
            return hn, hn
        }
        h2, y2 = scan(h0[1], over: y1) { (hp, xt) ->
            hn = tanh(linear(hp, w1) + xt)
            return hn, hn
        }
        return y2, h2
    }

    entry encode(x: f32[B, L, d]) -> f32[B, L, d] {
        return cumsum(linear(x, w0), axis: 1)
    }
}
`

const streamingMain = `package main

import (
	"context"
	"fmt"
	"math"
	"os"

	"gentest/twolayer"
	"github.com/seqc-dev/seqc/runtime"
)

func check(err error) {
	if err != nil {
		panic(err)
	}
}

func diff(a, b *runtime.Tensor) float64 {
	if len(a.F) != len(b.F) {
		return math.Inf(1)
	}
	d := 0.0
	for i := range a.F {
		d = math.Max(d, math.Abs(float64(a.F[i]-b.F[i])))
	}
	return d
}

func main() {
	ctx := context.Background()
	m, err := twolayer.Load(os.Args[1])
	check(err)
	x, h0 := runtime.New(runtime.F32, 2, 5, 4), runtime.New(runtime.F32, 2, 2, 4)
	for i := range x.F {
		x.F[i] = float32(math.Sin(float64(i)))
	}
	for i := range h0.F {
		h0.F[i] = float32(math.Cos(float64(i)))
	}
	y, hn, err := m.Forward(ctx, x, h0)
	check(err)
	st, err := m.NewState(2, h0)
	check(err)
	a, _, err := m.Prefill(ctx, st, must(runtime.SliceAxis(x, 1, 0, 2)))
	check(err)
	var parts []*runtime.Tensor
	parts = append(parts, a)
	var hs *runtime.Tensor
	for t := 2; t < 5; t++ {
		var yt *runtime.Tensor
		yt, hs, err = m.Step(ctx, st, must(runtime.SliceAxis(x, 1, t, t+1)))
		check(err)
		parts = append(parts, yt)
	}
	ys, err := runtime.Concat(parts, 1)
	check(err)
	// A chunk with another batch than the stream's is an error, not a wrong number.
	if _, _, err := m.Step(ctx, st, runtime.New(runtime.F32, 3, 1, 4)); err == nil {
		panic("a chunk of batch 3 was accepted by a stream of batch 2")
	}
	e, err := m.Encode(ctx, x)
	check(err)
	est, err := m.NewEncodeState(2)
	check(err)
	e1, err := m.EncodePrefill(ctx, est, must(runtime.SliceAxis(x, 1, 0, 3)))
	check(err)
	e2, err := m.EncodePrefill(ctx, est, must(runtime.SliceAxis(x, 1, 3, 5)))
	check(err)
	es, err := runtime.Concat([]*runtime.Tensor{e1, e2}, 1)
	check(err)
	fmt.Printf("forward %.3g h_n %.3g encode %.3g\n", diff(y, ys), diff(hn, hs), diff(e, es))
}

func must(t *runtime.Tensor, err error) *runtime.Tensor {
	check(err)
	return t
}
`

// TestBuildStreamsEveryFunction: a generated package streams every causal
// function, takes the inputs that do not stream once at NewState (a
// [layers, B, H] initial state, batch on axis 1), and gives forward's
// numbers.
func TestBuildStreamsEveryFunction(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a generated package")
	}
	dir := tempModule(t)
	src := filepath.Join(dir, "twolayer.seq")
	os.WriteFile(src, []byte(streamingModel), 0o644)
	weights := filepath.Join(dir, "w.safetensors")
	for _, args := range [][]string{{"init", src, "-o", weights, "--seed", "3"}, {"build", src, "-o", filepath.Join(dir, "twolayer")}} {
		if code, _, errs := seqc(t, args...); code != 0 {
			t.Fatalf("seqc %v: %s", args, errs)
		}
	}
	os.WriteFile(filepath.Join(dir, "main.go"), []byte(streamingMain), 0o644)
	out := goTool(t, dir, nil, "run", ".", weights)
	var fwd, hn, enc float64
	if _, err := fmt.Sscanf(out, "forward %g h_n %g encode %g", &fwd, &hn, &enc); err != nil {
		t.Fatalf("unexpected output %q: %v", out, err)
	}
	if fwd > 1e-5 || hn > 1e-5 || enc > 1e-5 {
		t.Errorf("streamed through the generated package, the outputs differ from Forward: %s", out)
	}
}

// TestBuildTypeChecks: seqc build type-checks what it wrote (in a module)
// and reports a package that does not compile as its own bug.
func TestBuildTypeChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("loads packages with go list")
	}
	dir := tempModule(t)
	src := filepath.Join(dir, "twolayer.seq")
	os.WriteFile(src, []byte(streamingModel), 0o644)
	code, _, errs := seqc(t, "build", src, "-o", filepath.Join(dir, "twolayer"))
	if code != 0 || strings.Contains(errs, "not type-checked") {
		t.Fatalf("seqc build in a module: exit %d: %s", code, errs)
	}
	os.WriteFile(filepath.Join(dir, "twolayer", "broken.go"), []byte("package twolayer\n\nvar x int = \"s\"\n"), 0o644)
	checked, err := codegen.TypeCheck(filepath.Join(dir, "twolayer"))
	if !checked || err == nil || !strings.Contains(err.Error(), "does not compile") {
		t.Errorf("a package that does not compile: checked %v, %v", checked, err)
	}
	code, _, errs = seqc(t, "build", src, "-o", filepath.Join(t.TempDir(), "pkg"))
	if code != 0 || !strings.Contains(errs, "not type-checked") {
		t.Errorf("seqc build outside a module: exit %d, want a note: %s", code, errs)
	}
}

// runPTXPackages runs the program of the packages built for ptx. On a
// machine with a GPU it runs them there. Elsewhere it runs them over the
// simulated CUDA driver, where each must run on ptx from its embedded PTX
// (a PTX cache that stays empty: nothing is compiled to PTX at run time;
// the emulated kernels the simulated launches run are built, as for
// ptx-emu), and once more without a driver, where each must fall back to
// the interpreter and say why.
func runPTXPackages(t *testing.T, dir, outDir, root string) {
	t.Helper()
	if ptx.OnGPU() {
		cmd := exec.Command("go", "run", "./ptxrun", outDir)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "SEQC_ROOT="+root, "SEQC_CACHE="+t.TempDir(), "SEQC_WANT_BACKEND="+ptx.Name)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("generated ptx program on the GPU: %v\n%s", err, out)
		}
		return
	}
	cache := t.TempDir()
	cmd := exec.Command("go", "run", "./ptxrun", outDir)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SEQC_ROOT="+root, "SEQC_CACHE="+cache, ptx.SimulateEnv+"=1", "SEQC_WANT_BACKEND="+ptx.Name)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generated ptx program over the simulated driver: %v\n%s", err, out)
	}
	if built, _ := os.ReadDir(filepath.Join(cache, "ptx")); len(built) > 0 {
		t.Errorf("the generated ptx packages compiled PTX at run time (%d files in the cache) instead of loading their embedded PTX", len(built))
	}
	cmd = exec.Command("go", "run", "./ptxrun", t.TempDir())
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SEQC_ROOT="+root, "SEQC_CACHE="+t.TempDir(), ptx.SimulateEnv+"=0", "SEQC_WANT_BACKEND="+backend.Interp)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("generated ptx program without a driver: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "fallback: backend ptx is not available here") || !strings.Contains(string(out), "libcuda.so.1") {
		t.Errorf("the generated ptx packages fell back without naming the missing driver:\n%s", out)
	}
}
