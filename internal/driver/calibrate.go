package driver

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// CalibrationDir is where `seqc calibrate` writes, and the commands read,
// each backend's measured costs: $SEQC_CALIBRATION_DIR, else seqc under the
// user's config folder.
func CalibrationDir() string {
	if d := os.Getenv("SEQC_CALIBRATION_DIR"); d != "" {
		return d
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "seqc")
}

// CalibrationPath is the calibration file of one backend.
func CalibrationPath(backendName string) string {
	if d := CalibrationDir(); d != "" {
		return filepath.Join(d, "calibration-"+backendName+".json")
	}
	return ""
}

// BackendCosts returns the cost model to compile for a backend: its
// calibration file when `seqc calibrate --backend NAME` wrote one here,
// else its built-in constants. A file that cannot be read is reported in
// note and ignored.
func BackendCosts(backendName string) (costs ir.CostModel, note string, err error) {
	b, err := backend.Lookup(backendName)
	if err != nil {
		return ir.CostModel{}, "", err
	}
	def := b.Costs()
	p := CalibrationPath(b.Name())
	if p == "" {
		return def, "", nil
	}
	if _, err := os.Stat(p); err != nil {
		return def, "", nil
	}
	c, err := ir.LoadCosts(p, def)
	if err != nil {
		return def, fmt.Sprintf("ignoring calibration: %v", err), nil
	}
	if m := machineOf(b); c.Machine != "" && c.Machine != m {
		note = fmt.Sprintf("calibration %s was measured on %q, this machine is %q", p, c.Machine, m)
	}
	return c, note, nil
}

// BackendMachine names what the named backend computes on here (see
// machineOf), or this machine's CPU for an unknown backend.
func BackendMachine(backendName string) string {
	b, err := backend.Lookup(backendName)
	if err != nil {
		return MachineName()
	}
	return machineOf(b)
}

// machineOf names what backend b computes on: its own name for it (the
// ptx backend's GPU), else this machine's CPU.
func machineOf(b backend.Backend) string {
	if m, ok := b.(interface{ Machine() string }); ok {
		if name := m.Machine(); name != "" {
			return name
		}
	}
	return MachineName()
}

// MachineName names this machine's CPU (the "model name" of /proc/cpuinfo).
func MachineName() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// calibration problems: each a small model with one mixer, its inputs'
// sizes, the mode and chunk to force, and the units of work one run does.
type calProblem struct {
	name, src string
	sizes     map[string]int
	mode      string
	chunk     int
	work      float64
	set       func(c *ir.CostModel, ns float64)
}

// Calibrate measures a backend's mixer kernels on this machine, one thread,
// through the backend itself (so it works for every backend), and returns
// the cost model select_modes uses: nanoseconds per unit of work of each
// algorithm, from the best of a few runs of a representative problem.
func Calibrate(ctx context.Context, backendName string, progress func(string)) (ir.CostModel, error) {
	return CalibrateProgress(ctx, backendName, progress, nil)
}

// CalibrateProgress is Calibrate that also tells bar which problem is being
// measured (nil: no one).
func CalibrateProgress(ctx context.Context, backendName string, progress func(string), bar *Progress) (ir.CostModel, error) {
	b, err := backend.Lookup(backendName)
	if err != nil {
		return ir.CostModel{}, err
	}
	c := b.Costs()
	c.Backend, c.Machine, c.Source = b.Name(), machineOf(b), "seqc calibrate "+time.Now().UTC().Format("2006-01-02")
	const C, N, L = 128, 16, 1024
	ssmTV := `model P() {
    forward(x: f32[B, L, 128], a: f32[B, L, 128, 16], b: f32[B, L, 128, 16], c: f32[B, L, 128, 16]) -> f32[B, L, 128] {
        return ssm(x, a, b, c)
    }
}`
	ssmSSD := `model P() {
    forward(x: f32[B, L, 2, 64], a: f32[B, L, 2, 1, 1], b: f32[B, L, 2, 1, 64], c: f32[B, L, 2, 1, 64]) -> f32[B, L, 2, 64] {
        return ssm(x, a, b, c)
    }
}`
	ssmLTI := `model P() {
    param a: f32[128, 16] = init.uniform(low: 0.5, high: 0.99)
    param b: f32[128, 16] = init.normal(std: 1.0)
    param c: f32[128, 16] = init.normal(std: 1.0)

    forward(x: f32[B, L, 128]) -> f32[B, L, 128] {
        return ssm(x, a[None, None], b[None, None], c[None, None])
    }
}`
	ssmLTIInputs := `model P() {
    forward(x: f32[B, L, 128], a: f32[B, 1, 128, 16], b: f32[B, 1, 128, 16], c: f32[B, 1, 128, 16]) -> f32[B, L, 128] {
        return ssm(x, a, b, c)
    }
}`
	ssmComplex := `model P() {
    forward(x: f32[B, L, 128], a: f32[B, L, 128, 16], b: f32[B, L, 128, 16], c: f32[B, L, 128, 16]) -> f32[B, L, 128] {
        return real(ssm(x, complex(a, b * 0.01), complex(b, a), complex(c, b)))
    }
}`
	ssmComplexLTI := `model P() {
    param a: f32[128, 16] = init.uniform(low: 0.5, high: 0.99)
    param b: f32[128, 16] = init.normal(std: 1.0)
    param c: f32[128, 16] = init.normal(std: 1.0)

    forward(x: f32[B, L, 128]) -> f32[B, L, 128] {
        return real(ssm(x, complex(a, b * 0.01)[None, None], complex(b, a)[None, None], complex(c, b)[None, None]))
    }
}`
	conv := `model P() {
    param k: f32[128, 4] = init.normal(std: 0.5)

    forward(x: f32[B, L, 128]) -> f32[B, L, 128] {
        return conv(x, k, causal: true)
    }
}`
	attention := `model P() {
    forward(q: f32[B, L, 4, 64], k: f32[B, L, 4, 64], v: f32[B, L, 4, 64]) -> f32[B, L, 4, 64] {
        return attention(q, k, v, causal: true, scale: 0.125)
    }
}`
	delta := `model P() {
    forward(q: f32[B, T, 2, 64], k: f32[B, T, 2, 64], v: f32[B, T, 2, 64], beta: f32[B, T, 2]) -> f32[B, T, 2, 64] {
        return delta_rule(q, l2_norm(k, eps: 0.000001), v, sigmoid(beta), scale: 0.125)
    }
}`
	nf := float64(2*L - 1)
	const La, Ld, H, D, K = 512, 512, 4, 64, 64
	problems := []calProblem{
		{"scan", ssmTV, map[string]int{"L": L}, ir.ModeScan, 0, C * N * L, func(c *ir.CostModel, ns float64) { c.Scan = ns }},
		{"chunked (generic, chunk 16)", ssmTV, map[string]int{"L": L}, ir.ModeChunked, 16, C * L * 16 * N, func(c *ir.CostModel, ns float64) { c.ChunkedGeneric = ns }},
		{"quadratic", ssmTV, map[string]int{"L": 256}, ir.ModeQuadratic, 0, C * N * 256 * 256 / 2, func(c *ir.CostModel, ns float64) { c.Quadratic = ns }},
		{"chunked (SSD, chunk 64)", ssmSSD, map[string]int{"L": L}, ir.ModeChunked, 64, ir.SSDWork(C, 64, 64, L, 64), func(c *ir.CostModel, ns float64) { c.ChunkedSSD = ns }},
		{"scan (time-invariant)", ssmLTI, map[string]int{"L": L}, ir.ModeScan, 0, C * N * L, func(c *ir.CostModel, ns float64) { c.ScanLTI = ns }},
		{"fft conv (kernel cached)", ssmLTI, map[string]int{"L": L}, ir.ModeConv, 0, C * nf * math.Log2(nf), func(c *ir.CostModel, ns float64) { c.FFT = ns }},
		{"fft conv (kernel each call)", ssmLTIInputs, map[string]int{"L": L}, ir.ModeConv, 0, 0, func(c *ir.CostModel, ns float64) {
			c.KernelGen = math.Max(ns-c.FFT*C*nf*math.Log2(nf), 0) / (C * N * L)
		}},
		{"scan (complex)", ssmComplex, map[string]int{"L": L}, ir.ModeScan, 0, C * N * L, func(c *ir.CostModel, ns float64) { c.ComplexFactor = ns / c.Scan }},
		{"fft conv (complex, kernel cached)", ssmComplexLTI, map[string]int{"L": L}, ir.ModeConv, 0, C * nf * math.Log2(nf), func(c *ir.CostModel, ns float64) { c.ComplexConvFactor = ns / c.FFT }},
		{"conv direct", conv, map[string]int{"L": L}, ir.ModeScan, 0, C * L * 4, func(c *ir.CostModel, ns float64) { c.ConvDirect = ns }},
		{"attention materialized", attention, map[string]int{"L": La}, ir.ModeQuadratic, 0, H * La * La * (D + D) / 2, func(c *ir.CostModel, ns float64) { c.AttnScore = ns }},
		{"attention flash", attention, map[string]int{"L": La}, ir.ModeChunked, 0, H * La * La * (D + D) / 2, func(c *ir.CostModel, ns float64) { c.AttnFlash = ns }},
		{"delta rule recurrent", delta, map[string]int{"T": Ld}, ir.ModeScan, 0, 2 * Ld * K * K, func(c *ir.CostModel, ns float64) { c.DeltaRecurrent = ns }},
		{"delta rule chunked (16)", delta, map[string]int{"T": Ld}, ir.ModeChunked, 16, 2 * Ld * (16*(K+K) + K*K), func(c *ir.CostModel, ns float64) { c.DeltaChunked = ns }},
	}
	dir, err := os.MkdirTemp("", "seqc-calibrate-")
	if err != nil {
		return c, err
	}
	defer os.RemoveAll(dir)
	rng := rand.New(rand.NewPCG(1, 2))
	bar.Phase("calibrating "+b.Name(), int64(len(problems)), "problems")
	for i, p := range problems {
		bar.Note(p.name)
		path := filepath.Join(dir, fmt.Sprintf("p%d.seq", i))
		if err := os.WriteFile(path, []byte(p.src), 0o644); err != nil {
			return c, err
		}
		m, err := Compile(Config{Path: path})
		if err != nil {
			return c, fmt.Errorf("calibration problem %s: %w", p.name, err)
		}
		w, err := InitWeights(m, 1)
		if err != nil {
			return c, err
		}
		exec, err := b.Prepare(ctx, m, w, p.name, backend.Options{Threads: 1, Mode: p.mode, Chunk: p.chunk})
		if err != nil {
			return c, fmt.Errorf("calibration problem %s: %w", p.name, err)
		}
		inputs := calInputs(m.Func("forward"), p.sizes, rng)
		ns, err := bestNS(ctx, exec, inputs)
		if err != nil {
			return c, fmt.Errorf("calibration problem %s: %w", p.name, err)
		}
		bar.Add(1)
		if progress != nil {
			progress(fmt.Sprintf("%s: %v", p.name, time.Duration(ns)))
		}
		if p.work > 0 {
			ns /= p.work
		}
		p.set(&c, ns)
	}
	return c, nil
}

// bestNS is the best time of a few runs, after a warm-up run (first touch
// of fresh memory is slow on some machines, and weight-only values are
// computed once).
func bestNS(ctx context.Context, exec backend.Executable, inputs []*runtime.Tensor) (float64, error) {
	if _, err := exec.Run(ctx, "forward", inputs); err != nil {
		return 0, err
	}
	best := time.Duration(math.MaxInt64)
	for i := 0; i < 3; i++ {
		start := time.Now()
		if _, err := exec.Run(ctx, "forward", inputs); err != nil {
			return 0, err
		}
		best = min(best, time.Since(start))
	}
	return float64(best.Nanoseconds()), nil
}

// calInputs makes batch-1 inputs: decays in (0.5, 0.99), the rest normal.
func calInputs(f *ir.Func, sizes map[string]int, rng *rand.Rand) []*runtime.Tensor {
	env := map[string]int{"B": 1}
	for k, v := range sizes {
		env[k] = v
	}
	out := make([]*runtime.Tensor, len(f.Inputs))
	for i, v := range f.Inputs {
		shape, _ := v.Type.Shape.Eval(env)
		t := runtime.New(runtime.DType(v.Type.DType), shape...)
		for j := range t.F {
			if v.Name == "a" {
				t.F[j] = float32(0.5 + 0.49*rng.Float64())
			} else {
				t.F[j] = float32(rng.NormFloat64())
			}
		}
		out[i] = t
	}
	return out
}

// WriteCalibration writes a cost model as JSON.
func WriteCalibration(path string, c ir.CostModel) ([]byte, error) {
	data, _ := json.MarshalIndent(c, "", "  ")
	data = append(data, '\n')
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	return data, runtime.WriteFileAtomic(path, func(w io.Writer) error { _, err := w.Write(data); return err })
}
