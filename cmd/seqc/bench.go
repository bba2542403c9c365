package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// cmdBench times a model's forward at several lengths in every applicable
// forced mode and in auto (the select_modes policy), and prints how far auto
// is from the fastest forced mode.
func cmdBench(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	var mf modelFlags
	mf.register(fs)
	lengths := fs.String("lengths", "64,256,1024,4096", "comma-separated sequence lengths")
	batch := fs.Int("batch", 1, "batch size")
	threads := fs.Int("threads", 0, "worker goroutines (0: all cores)")
	maxQuad := fs.Int("max-quadratic", 4096, "skip the quadratic mode above this length")
	weights := fs.String("weights", "", "checkpoint (default: weights from the initialisers, seed 1)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the runs to this file")
	path, ok := parseFlags(fs, args, stderr)
	if !ok {
		return exitUsage
	}
	m, err := driver.Compile(mf.config4(path))
	if err != nil {
		return report(stderr, err)
	}
	var w map[string]*runtime.Tensor
	if *weights != "" {
		w, err = runtime.LoadWeights(*weights)
	} else {
		w, err = driver.InitWeights(m, 1)
	}
	if err != nil {
		return report(stderr, err)
	}
	if *cpuprofile != "" {
		pf, err := os.Create(*cpuprofile)
		if err != nil {
			return report(stderr, err)
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return report(stderr, err)
		}
		defer pprof.StopCPUProfile()
	}
	f := m.Func("forward")
	modes := ir.ApplicableModes(m)
	fmt.Fprintf(stdout, "%s: forward, batch %d, ms per run (best of up to 3); auto/best is auto's time over the fastest forced mode\n", m.Name, *batch)
	fmt.Fprintf(stdout, "%8s", "L")
	for _, md := range modes {
		fmt.Fprintf(stdout, " %10s", md)
	}
	fmt.Fprintf(stdout, " %10s %12s\n", "auto/best", "peak act.")
	for _, ls := range strings.Split(*lengths, ",") {
		l, err := strconv.Atoi(strings.TrimSpace(ls))
		if err != nil || l < 1 {
			fmt.Fprintf(stderr, "seqc bench: bad length %q\n", ls)
			return exitUsage
		}
		inputs := benchInputs(f, *batch, l)
		fmt.Fprintf(stdout, "%8d", l)
		best, auto := math.Inf(1), 0.0
		for _, mode := range modes {
			if mode == "quadratic" && l > *maxQuad {
				fmt.Fprintf(stdout, " %10s", "-")
				continue
			}
			md, err := interp.New(m, w, "weights", interp.Options{Mode: mode, Threads: *threads})
			if err != nil {
				return report(stderr, err)
			}
			ms, err := timeRun(md, inputs)
			if err != nil {
				return report(stderr, err)
			}
			fmt.Fprintf(stdout, " %10.2f", ms)
			if mode == "auto" {
				auto = ms
			} else {
				best = math.Min(best, ms)
			}
		}
		md, _ := interp.New(m, w, "weights", interp.Options{Threads: *threads})
		_, st, err := md.RunStats(context.Background(), "forward", inputs)
		if err != nil {
			return report(stderr, err)
		}
		fmt.Fprintf(stdout, " %10.2f %9.1f MiB\n", auto/best, float64(st.PeakBytes)/(1<<20))
	}
	return exitOK
}

// timeRun returns the best time of up to three runs, after a warm-up run
// (which also fills the model's weight-derived caches).
func timeRun(md *interp.Model, inputs []*runtime.Tensor) (float64, error) {
	ctx := context.Background()
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

// benchInputs makes random inputs with batch b and sequence length l.
func benchInputs(f *ir.Func, b, l int) []*runtime.Tensor {
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
