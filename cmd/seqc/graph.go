package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/seqc-dev/seqc/internal/driver"
)

func cmdGraph(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("graph", flag.ContinueOnError)
	var mf modelFlags
	mf.register(fs)
	fn := fs.String("func", "forward", "function to draw")
	path, ok := parseFlags(fs, args, stderr)
	if !ok {
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
	io.WriteString(stdout, driver.Graph(m, f))
	return exitOK
}
