package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"

	"github.com/seqc-dev/seqc/internal/driver"
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
	mf.registerBackend(fs)
	maxQuad := fs.Int("max-quadratic", 4096, "skip the quadratic mode above this length")
	weights := fs.String("weights", "", "checkpoint (default: weights from the initialisers, seed 1)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the runs to this file")
	plotFile := fs.String("plot", "", "also draw the times against length, with auto's crossovers, into this .svg, .png or .pdf file")
	mf.registerMemory(fs)
	path, ok := parseFlags(fs, args, stderr)
	if !ok || !nonNegative(fs, stderr, "threads", "max-quadratic") {
		return exitUsage
	}
	plotFormat := strings.TrimPrefix(filepath.Ext(*plotFile), ".")
	if *plotFile != "" && !slices.Contains(driver.PlotFormats, plotFormat) {
		fmt.Fprintf(stderr, "seqc bench: --plot %s: want a file ending in .%s\n", *plotFile, strings.Join(driver.PlotFormats, ", ."))
		return exitUsage
	}
	if *batch < 1 {
		fmt.Fprintf(stderr, "seqc bench: -batch %d: want a number >= 1\n", *batch)
		return exitUsage
	}
	var ls []int
	for _, part := range strings.Split(*lengths, ",") {
		l, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || l < 1 {
			fmt.Fprintf(stderr, "seqc bench: bad length %q\n", part)
			return exitUsage
		}
		ls = append(ls, l)
	}
	cfg := mf.config4(path)
	bar := driver.StartProgress(stderr, "compiling", 0, "")
	defer bar.Done()
	fail := func(err error) int { bar.Done(); return report(stderr, err) } // the progress line erased first
	m, err := driver.Compile(cfg)
	if err != nil {
		return fail(err)
	}
	var w map[string]*runtime.Tensor
	if *weights != "" {
		bar.Phase("loading "+*weights, 0, "")
		w, err = driver.LoadWeights(m, *weights, cfg.Budget)
	} else {
		w, err = driver.InitWeightsProgress(m, 1, cfg.Budget, bar)
	}
	if err != nil {
		return fail(err)
	}
	if *cpuprofile != "" {
		pf, err := os.Create(*cpuprofile)
		if err != nil {
			return fail(err)
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return fail(err)
		}
		defer pprof.StopCPUProfile()
	}
	for _, l := range ls {
		if err := driver.CheckLengthMemory(m, "forward", *batch, l, cfg.Budget); err != nil {
			return fail(err)
		}
	}
	modes, rows, err := driver.Bench(context.Background(), m, driver.BenchConfig{Backend: mf.backend, Weights: w, Threads: *threads, TF32: mf.tf32,
		Batch: *batch, Lengths: ls, MaxQuadratic: *maxQuad, Progress: bar})
	bar.Done()
	if err != nil {
		return report(stderr, err)
	}
	fmt.Fprintf(stdout, "%s: forward on %s, batch %d, ms per run (best of up to 3); auto/best is auto's time over the fastest forced mode\n", m.Name, mf.backend, *batch)
	fmt.Fprintf(stdout, "%8s", "L")
	for _, md := range modes {
		fmt.Fprintf(stdout, " %10s", md)
	}
	fmt.Fprintf(stdout, " %10s %12s  %s\n", "auto/best", "peak act.", "auto runs")
	for _, r := range rows {
		fmt.Fprintf(stdout, "%8d", r.L)
		for _, mode := range modes {
			if ms, ok := r.MS[mode]; ok {
				fmt.Fprintf(stdout, " %10.2f", ms)
			} else {
				fmt.Fprintf(stdout, " %10s", "-")
			}
		}
		fmt.Fprintf(stdout, " %10.2f %9.1f MiB  %s\n", r.AutoBest, float64(r.PeakBytes)/(1<<20), r.Auto)
	}
	if *plotFile != "" {
		title := fmt.Sprintf("%s: forward on %s, batch %d", m.Name, mf.backend, *batch)
		data, err := driver.PlotBench(title, modes, rows, driver.Crossovers(m, "forward"), plotFormat)
		if err != nil {
			return report(stderr, err)
		}
		if err := runtime.WriteFileAtomic(*plotFile, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			return report(stderr, err)
		}
		fmt.Fprintf(stdout, "wrote %s\n", *plotFile)
	}
	return exitOK
}
