// Command gpubench prints the PTX backend's benchmark table on an NVIDIA
// GPU (scripts/gpu_check.sh runs it): the selective scan, the FP32 GEMM
// and (on its own row, against the TF32 tensor peak) the TF32 mma GEMM as
// shares of the hardware's limits, and the char-LM step rate of the Mamba
// and LLaMA reference models at batch 1 and 64 on --backend (--tf32: with
// linear in TF32); -smoke checks the driver path first, -calibrate
// measures ptx's cost model.
//
// Run from the repository root: go run ./backend/ptx/gpubench.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/seqc-dev/seqc/backend"
	_ "github.com/seqc-dev/seqc/backend/all"
	"github.com/seqc-dev/seqc/backend/ptx"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/runtime"
)

func main() {
	name := flag.String("backend", ptx.Name, "backend for the char-LM step rate")
	steps := flag.Int("steps", 64, "tokens per step-rate measurement")
	kernels := flag.Bool("kernels", true, "time the scan and GEMM kernels, FP32 and TF32 (needs ptx)")
	tf32 := flag.Bool("tf32", false, "run the char-LM steps with linear in TF32 on the tensor cores")
	prepare := flag.Bool("prepare", false, "only build the kernels' PTX into $SEQC_CACHE (no GPU needed)")
	smoke := flag.Bool("smoke", false, "only check the driver path on one kernel and measure launch and copy costs")
	calibrate := flag.String("calibrate", "", "only measure ptx's cost model (seqc calibrate --backend ptx) and write it to this file")
	flag.Parse()
	ctx := context.Background()
	if *calibrate != "" {
		c, err := driver.Calibrate(ctx, ptx.Name, func(s string) { fmt.Println("  " + s) })
		if err == nil {
			_, err = driver.WriteCalibration(*calibrate, c)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "gpubench: calibrate:", err)
			os.Exit(1)
		}
		fmt.Printf("ptx's cost model on %s written to %s\n", c.Machine, *calibrate)
		return
	}
	if *smoke {
		if err := ptx.Smoke(ctx, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "gpubench: smoke check:", err)
			os.Exit(1)
		}
		return
	}
	if *prepare {
		if _, _, err := ptx.BenchPTX(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "gpubench:", err)
			os.Exit(1)
		}
		return
	}
	if *kernels {
		if err := ptx.BenchKernels(ctx, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "gpubench:", err)
			os.Exit(1)
		}
	}
	label := *name
	if *tf32 {
		label += ", TF32"
	}
	fmt.Printf("\n| char-LM step (%s) | batch | tokens/s |\n|---|---|---|\n", label)
	for _, c := range []struct{ name, model string }{
		{"mamba_charlm", "examples/mamba/mamba_lm.seq"},
		{"llama_charlm", "examples/llama/llama.seq"},
	} {
		for _, batch := range []int{1, 64} {
			rate, err := stepRate(ctx, *name, c.name, c.model, batch, *steps, backend.Options{TF32: *tf32})
			if err != nil {
				fmt.Fprintf(os.Stderr, "gpubench: %s batch %d: %v\n", c.name, batch, err)
				os.Exit(1)
			}
			fmt.Printf("| %s | %d | %.0f |\n", c.name, batch, rate)
		}
	}
}

// stepRate streams steps tokens through the reference model one position
// at a time and returns tokens per second (batch × steps / time).
func stepRate(ctx context.Context, be, name, model string, batch, steps int, o backend.Options) (float64, error) {
	dir := "golden/reference/" + name
	m, err := driver.Compile(driver.Config{Path: model, ConfigFile: dir + "/config.json", Backend: be})
	if err != nil {
		return 0, err
	}
	ex, err := driver.LoadModel(ctx, m, dir+"/weights.safetensors", be, o)
	if err != nil {
		return 0, err
	}
	st, err := ex.NewState("forward", backend.Stream{Batch: batch})
	if err != nil {
		return 0, err
	}
	ids := runtime.New(runtime.I32, batch, 1)
	for i := range ids.I {
		ids.I[i] = int32(i % 64)
	}
	if _, err := ex.Step(ctx, st, []*runtime.Tensor{ids}); err != nil { // warm-up: kernels built, weights uploaded
		return 0, err
	}
	t0 := time.Now()
	for s := 0; s < steps; s++ {
		if _, err := ex.Step(ctx, st, []*runtime.Tensor{ids}); err != nil {
			return 0, err
		}
	}
	return float64(batch*steps) / time.Since(t0).Seconds(), nil
}
