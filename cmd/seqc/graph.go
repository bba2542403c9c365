package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/runtime"
)

func cmdGraph(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("graph", flag.ContinueOnError)
	var mf modelFlags
	mf.register(fs)
	fn := fs.String("func", "forward", "function to draw")
	format := fs.String("format", "", "dot (Graphviz text), svg or png (rendered by Graphviz's dot); default: from -o's extension, else dot")
	out := fs.String("o", "", "write to this file (default: standard output)")
	path, ok := parseFlags(fs, args, stderr)
	if !ok {
		return exitUsage
	}
	if *format == "" {
		*format = "dot"
		if ext := strings.TrimPrefix(filepath.Ext(*out), "."); slices.Contains(driver.GraphFormats, ext) {
			*format = ext
		}
	}
	if !slices.Contains(driver.GraphFormats, *format) {
		fmt.Fprintf(stderr, "seqc graph: unknown --format %q: want %s\n", *format, strings.Join(driver.GraphFormats, ", "))
		return exitUsage
	}
	if *format == "png" && *out == "" && driver.IsTerminal(stdout) {
		fmt.Fprintln(stderr, "seqc graph: --format png writes an image: give -o FILE.png or redirect the output")
		return exitUsage
	}
	m, err := driver.Compile(mf.config4(path))
	if err != nil {
		return report(stderr, err)
	}
	f := m.Func(*fn)
	if f == nil {
		fmt.Fprintf(stderr, "seqc graph: model %s has no function %s\n", m.Name, *fn)
		return exitBadInput
	}
	data, err := driver.RenderGraph(context.Background(), driver.Graph(m, f), *format)
	if err != nil {
		var missing *driver.DotMissingError
		if errors.As(err, &missing) {
			fmt.Fprintln(stderr, "seqc graph: "+err.Error())
			return exitBadInput
		}
		return report(stderr, err)
	}
	if *out == "" {
		stdout.Write(data)
		return exitOK
	}
	if err := runtime.WriteFileAtomic(*out, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return report(stderr, err)
	}
	fmt.Fprintf(stdout, "wrote %s\n", *out)
	return exitOK
}
