package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// listFlag collects a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func cmdRun(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var mf modelFlags
	mf.register(fs)
	var inputs listFlag
	fs.Var(&inputs, "input", "an input: [NAME=]X.npy (repeatable; by name or in order)")
	weights := fs.String("weights", "", "checkpoint (.safetensors, model.safetensors.index.json, or a folder)")
	outDir := fs.String("output-dir", "", "write each output as DIR/NAME.npy (default: the current folder)")
	outFile := fs.String("output", "", "write the only output to this .npy file")
	step := fs.Bool("step", false, "run the derived step form, one position at a time")
	prefill := fs.Int("prefill", 0, "with --step: feed this many positions at once first")
	stream := fs.String("stream", "", "with --step: the input (or size) to stream when several could; the other inputs are given once")
	mode := fs.String("mode", "auto", "algorithm for every mixer: auto, scan, chunked, quadratic, conv")
	chunk := fs.Int("chunk", 0, "chunk size of chunked forms (0: the model's @chunk or 64)")
	threads := fs.Int("threads", 0, "worker goroutines (0: all cores)")
	mf.registerBackend(fs)
	fn := fs.String("func", "forward", "the model function to run")
	horizon := fs.Int("horizon", 0, "recursive multi-step forecast of N values with the model's next function")
	coeffs := fs.Bool("coefficients", false, "print the model's coefficients function (AR-Net: AR coefficients, lag 1 first)")
	quiet := fs.Bool("q", false, "do not print a summary")
	verbose := fs.Bool("verbose", false, "say where each op ran (the backend's kernels or the interpreter)")
	profile := fs.Bool("profile", false, "print the time spent in each kind of op and the peak activation memory")
	checkFinite := fs.Bool("check-finite", false, "stop at the first op that produces a NaN or an infinity, and say where it is in the .seq file")
	mf.registerMemory(fs)
	path, ok := parseFlags(fs, args, stderr)
	if !ok || !nonNegative(fs, stderr, "prefill", "chunk", "threads", "horizon") {
		return exitUsage
	}
	if *coeffs {
		*fn = "coefficients"
	}
	rc := driver.RunConfig{Config: mf.config4(path), Weights: *weights, Inputs: inputs, Func: *fn, Step: *step, Prefill: *prefill, Stream: *stream, Horizon: *horizon, CheckFinite: *checkFinite}
	rc.Exec.Mode, rc.Exec.Chunk, rc.Exec.Threads, rc.Exec.Profile = *mode, *chunk, *threads, *profile
	rc.Exec.TF32 = mf.tf32
	var stats backend.Stats
	var modes ir.ModeReport
	var placement []backend.Placement
	rc.Stats, rc.Modes = &stats, &modes
	if *verbose {
		rc.Placement = &placement
	}
	start := time.Now()
	rc.Progress = driver.StartProgress(stderr, "compiling", 0, "")
	outs, err := driver.Run(context.Background(), rc)
	rc.Progress.Done()
	if err != nil {
		return report(stderr, err)
	}
	took := time.Since(start)
	if *outFile != "" && len(outs) != 1 {
		fmt.Fprintf(stderr, "seqc run: --output names one file, but %s has %d outputs: use --output-dir\n", *fn, len(outs))
		return exitUsage
	}
	if *outDir != "" {
		if err := os.MkdirAll(*outDir, 0o755); err != nil {
			return report(stderr, err)
		}
	}
	// Every output is written, or none: a run never leaves the first of
	// several outputs new and the others stale.
	writes := make([]runtime.FileWrite, len(outs))
	paths := make([]string, len(outs))
	for i, o := range outs {
		paths[i] = filepath.Join(*outDir, o.Name+".npy")
		if *outFile != "" {
			paths[i] = *outFile
		}
		data := runtime.EncodeNpy(o.Tensor)
		if data == nil {
			return report(stderr, fmt.Errorf("write %s: output %s%s cannot be written as .npy", paths[i], o.Tensor.DType, o.Tensor.ShapeString()))
		}
		writes[i] = runtime.FileWrite{Path: paths[i], Write: func(w io.Writer) error { _, err := w.Write(data); return err }}
	}
	if err := runtime.WriteFilesAtomic(writes); err != nil {
		return report(stderr, err)
	}
	for i, o := range outs {
		p := paths[i]
		if !*quiet {
			fmt.Fprintf(stdout, "%s: %s%s -> %s\n", o.Name, o.Tensor.DType, o.Tensor.ShapeString(), p)
			if n := len(o.Tensor.F); n > 0 && n <= 16 && o.Tensor.DType == runtime.F32 {
				fmt.Fprintf(stdout, "  %v\n", o.Tensor.F)
			}
		}
	}
	if !*quiet {
		how := "whole sequences"
		if *horizon > 0 {
			how = fmt.Sprintf("forecast of %d steps", *horizon)
		}
		if *step {
			how = "step by step"
		}
		name := *fn
		if *horizon > 0 {
			name = "next"
		}
		fmt.Fprintf(stdout, "ran %s (%s, mode %s) in %v\n", name, how, cmp.Or(modes.String(), "auto"), took.Round(time.Millisecond))
	}
	if *verbose {
		fmt.Fprintf(stdout, "backend %s: %s\n", mf.backend, backend.Summary(placement))
		switch {
		case mf.tf32 && mf.tf32Note() == "":
			fmt.Fprintln(stdout, "linear: TF32 on the tensor cores (--tf32): inputs rounded to 10 mantissa bits, FP32 sums")
		case mf.tf32:
			fmt.Fprintln(stdout, mf.tf32Note())
		}
	}
	if *profile {
		printProfile(stdout, stats)
	}
	return exitOK
}

func cmdInit(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	var mf modelFlags
	mf.register(fs)
	out := fs.String("o", "", "output .safetensors file")
	seed := fs.Uint64("seed", 0, "random seed")
	mf.registerMemory(fs)
	path, ok := parseFlags(fs, args, stderr)
	if !ok {
		return exitUsage
	}
	if *out == "" {
		fmt.Fprintln(stderr, "seqc init: -o FILE.safetensors is required")
		return exitUsage
	}
	cfg := mf.config4(path)
	m, err := driver.Load(cfg)
	if err != nil {
		return report(stderr, err)
	}
	bar := driver.StartProgress(stderr, "initialising", 0, "")
	w, err := driver.InitWeightsProgress(m, *seed, cfg.Budget, bar)
	if err == nil {
		bar.Phase("writing "+*out, 0, "")
		meta := map[string]string{"format": "pt", "seqc_model": m.Name, "seqc_seed": fmt.Sprint(*seed)}
		err = runtime.WriteSafetensors(*out, w, meta)
	}
	bar.Done()
	if err != nil {
		return report(stderr, err)
	}
	fmt.Fprintf(stdout, "wrote %d tensors of %s to %s\n", len(w), m.Name, *out)
	return exitOK
}

// printProfile prints where a run's time went, by op kind, largest first.
func printProfile(w io.Writer, st backend.Stats) {
	type row struct {
		kind string
		d    time.Duration
	}
	var rows []row
	var total time.Duration
	for k, d := range st.OpTime {
		rows = append(rows, row{k, d})
		total += d
	}
	sort.Slice(rows, func(i, j int) bool {
		return rows[i].d > rows[j].d || (rows[i].d == rows[j].d && rows[i].kind < rows[j].kind)
	})
	fmt.Fprintf(w, "profile (%v in ops, peak activations %.1f MiB):\n", total.Round(time.Microsecond), float64(st.PeakBytes)/(1<<20))
	for _, r := range rows {
		fmt.Fprintf(w, "  %-16s %12v %5.1f%%\n", r.kind, r.d.Round(time.Microsecond), 100*float64(r.d)/float64(max(total, 1)))
	}
}
