package driver

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// BenchConfig says what `seqc bench` times.
type BenchConfig struct {
	Backend      string                     // "" = the interpreter
	Weights      map[string]*runtime.Tensor // the model's weights
	Threads      int
	TF32         bool // backend.Options.TF32: linear in TF32 on the ptx backends
	Batch        int
	Lengths      []int
	MaxQuadratic int // skip the quadratic mode above this length
	// Progress, when set, is told of each timed run (a *Progress from
	// StartProgress: on a terminal only).
	Progress *Progress
}

// BenchRow is one length's times.
type BenchRow struct {
	L         int
	MS        map[string]float64 // best time per forced mode ("auto" included); absent: skipped
	AutoBest  float64            // auto's time over the fastest forced mode's
	PeakBytes int64              // activation memory of the auto run
	Auto      string             // the algorithms auto runs at this length ("scan", "scan+chunked"; AutoModes)
}

// Bench times m's forward at each length in every applicable forced mode
// and in auto (the select_modes policy). Each executable is prepared once
// per mode and reused across lengths.
func Bench(ctx context.Context, m *ir.Module, c BenchConfig) (modes []string, rows []BenchRow, err error) {
	f := m.Func("forward")
	modes = ir.ApplicableModes(m)
	execs := map[string]backend.Executable{}
	for _, mode := range modes {
		if execs[mode], err = backend.Prepare(ctx, c.Backend, m, c.Weights, "weights", backend.Options{Mode: mode, Threads: c.Threads, TF32: c.TF32}); err != nil {
			return nil, nil, err
		}
	}
	runs := 0
	for _, l := range c.Lengths {
		for _, mode := range modes {
			if mode != ir.ModeQuadratic || l <= c.MaxQuadratic {
				runs++
			}
		}
	}
	c.Progress.Phase("timing", int64(runs), "runs")
	for _, l := range c.Lengths {
		inputs := BenchInputs(f, c.Batch, l)
		row := BenchRow{L: l, MS: map[string]float64{}, Auto: AutoModes(m, "forward", l)}
		best := math.Inf(1)
		for _, mode := range modes {
			if mode == ir.ModeQuadratic && l > c.MaxQuadratic {
				continue
			}
			c.Progress.Note(fmt.Sprintf("L = %d, %s", l, mode))
			ms, err := timeRun(ctx, execs[mode], inputs)
			if err != nil {
				return nil, nil, err
			}
			c.Progress.Add(1)
			row.MS[mode] = ms
			if mode != "auto" {
				best = math.Min(best, ms)
			}
		}
		row.AutoBest = row.MS["auto"] / best
		_, st, err := execs["auto"].RunStats(ctx, "forward", inputs)
		if err != nil {
			return nil, nil, err
		}
		row.PeakBytes = st.PeakBytes
		rows = append(rows, row)
	}
	return modes, rows, nil
}

// timeRun returns the best time in milliseconds of up to three runs, after
// a warm-up run (which also fills the model's weight-derived caches).
func timeRun(ctx context.Context, md backend.Executable, inputs []*runtime.Tensor) (float64, error) {
	start := time.Now()
	if _, err := md.Run(ctx, "forward", inputs); err != nil {
		return 0, err
	}
	best := time.Since(start)
	for i := 0; i < 3 && time.Since(start) < 3*time.Second; i++ {
		t := time.Now()
		if _, err := md.Run(ctx, "forward", inputs); err != nil {
			return 0, err
		}
		best = min(best, time.Since(t))
	}
	return float64(best.Microseconds()) / 1000, nil
}

// BenchInputs makes random inputs with batch b and sequence length l.
func BenchInputs(f *ir.Func, b, l int) []*runtime.Tensor {
	rng := rand.New(rand.NewPCG(1, 2))
	env := map[string]int{}
	for _, v := range f.Inputs {
		for ax, d := range v.Type.Shape {
			if d.IsConst() || d.Mul != 1 || d.Div != 1 || d.Add != 0 {
				continue
			}
			if _, ok := env[d.Sym]; !ok {
				env[d.Sym] = map[bool]int{true: b, false: l}[ax == 0]
			}
		}
	}
	out := make([]*runtime.Tensor, len(f.Inputs))
	for i, v := range f.Inputs {
		shape, _ := v.Type.Shape.Eval(env)
		t := runtime.New(runtime.DType(v.Type.DType), shape...)
		for j := range t.F {
			t.F[j] = float32(rng.NormFloat64())
		}
		out[i] = t
	}
	return out
}
