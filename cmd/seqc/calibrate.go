package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/passes"
	"github.com/seqc-dev/seqc/runtime"
)

// calibrationPath is where seqc calibrate writes and every command reads
// the cost model: $SEQC_CALIBRATION, else the user's config folder.
func calibrationPath() string {
	if p := os.Getenv("SEQC_CALIBRATION"); p != "" {
		return p
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "seqc", "calibration.json")
}

// loadCalibration installs the machine's measured costs when present.
func loadCalibration(stderr io.Writer) {
	p := calibrationPath()
	if p == "" {
		return
	}
	if _, err := os.Stat(p); err != nil {
		return
	}
	c, err := passes.LoadCosts(p)
	if err != nil {
		fmt.Fprintf(stderr, "seqc: ignoring calibration: %v\n", err)
		return
	}
	passes.Costs = c
}

func cmdCalibrate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("calibrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", calibrationPath(), "where to write the cost model")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return exitUsage
	}
	c := driver.Calibrate(func(s string) { fmt.Fprintln(stdout, "  "+s) })
	data, _ := json.MarshalIndent(c, "", "  ")
	data = append(data, '\n')
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return report(stderr, err)
	}
	if err := runtime.WriteFileAtomic(*out, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return report(stderr, err)
	}
	fmt.Fprintf(stdout, "%s\nwrote %s\n", data, *out)
	return exitOK
}
