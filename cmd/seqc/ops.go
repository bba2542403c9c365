package main

import (
	"fmt"
	"io"

	"github.com/seqc-dev/seqc/internal/driver"
)

// cmdOps prints the op table: every op of the IR with its arity,
// attributes, flags and meaning (docs/ir.md is generated from it).
func cmdOps(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "seqc ops takes no arguments")
		return exitUsage
	}
	io.WriteString(stdout, driver.OpTableMarkdown())
	return exitOK
}
