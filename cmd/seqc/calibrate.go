package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/seqc-dev/seqc/internal/driver"
)

func cmdCalibrate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("calibrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("backend", "go", "the backend to measure: "+backendNames())
	out := fs.String("o", "", "where to write the cost model (default: the backend's calibration file, "+driver.CalibrationPath("NAME")+")")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return exitUsage
	}
	if *out == "" {
		*out = driver.CalibrationPath(*name)
	}
	fmt.Fprintf(stdout, "measuring backend %s on %s (one thread):\n", *name, driver.BackendMachine(*name))
	bar := driver.StartProgress(stderr, "calibrating", 0, "")
	c, err := driver.CalibrateProgress(context.Background(), *name, func(s string) { bar.Println(stdout, "  "+s) }, bar)
	bar.Done()
	if err != nil {
		return report(stderr, err)
	}
	data, err := driver.WriteCalibration(*out, c)
	if err != nil {
		return report(stderr, err)
	}
	fmt.Fprintf(stdout, "%s\nwrote %s\n", data, *out)
	return exitOK
}
