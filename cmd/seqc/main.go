// Command seqc compiles sequence models written in .seq files.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/internal/supervisor"
	"github.com/seqc-dev/seqc/passes"
	"github.com/seqc-dev/seqc/runtime"
)

// Exit statuses.
const (
	exitOK       = 0
	exitBadInput = 1
	exitUsage    = 2
	exitInternal = 3
)

type command struct {
	name, args, doc string
	run             func(args []string, stdout, stderr io.Writer) int
}

var commands []command

func init() {
	commands = []command{
		{"check", "FILE.seq [--set k=v] [--config C.json]", "parse and type-check", cmdCheck},
		{"ir", "FILE.seq [--after PASS | --all | --explain] [--pos]", "print the IR, or explain what will run", cmdIR},
		{"fmt", "FILE.seq [-w]", "format canonically", cmdFmt},
		{"graph", "FILE.seq [--format dot|svg|png] [-o FILE]", "the mixer graph as Graphviz DOT, or rendered by Graphviz's dot", cmdGraph},
		{"init", "FILE.seq -o W.safetensors [--seed N]", "weights from the initialisers", cmdInit},
		{"run", "FILE.seq --weights W --input [NAME=]X.npy ... [--step] [--mode M]", "run a function, write NAME.npy", cmdRun},
		{"generate", "FILE.seq --weights W --prompt TEXT [-n N] [--temperature T] [--beam K]", "continue a prompt with a causal LM", cmdGenerate},
		{"build", "FILE.seq -o DIR [--pkg NAME]", "write a Go package", cmdBuild},
		{"bench", "FILE.seq [--lengths 64,256] [--batch B] [--plot FILE.svg]", "time every algorithm and auto (and draw them)", cmdBench},
		{"calibrate", "[--backend NAME] [-o FILE]", "measure a backend's kernels for the cost model", cmdCalibrate},
		{"ops", "", "the IR's op table (Markdown)", cmdOps},
		{"npy", "new -o X.npy --shape 1,16,8 [--fill F] | show X.npy", "make an input array, or show what one holds (no numpy needed)", cmdNpy},
	}
}

func main() {
	if supervisor.Supervise(exitInternal) { // the process the user started: runs the command in a child, maps its crash to exit 3
		return
	}
	supervisor.CleanupOnSignal()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() { // a bug anywhere is reported as one, with exit status 3
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "seqc: internal error: %v\n%s", r, debug.Stack())
			code = exitInternal
		}
	}()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "seqc: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: seqc COMMAND [arguments]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  seqc %s %s\n      %s\n", c.name, c.args, c.doc)
	}
	fmt.Fprintln(w, "\nCommands that compile also take --set k=v, --config C.json, --model NAME, -O0, --disable PASS,...")
}

// setFlag collects repeated --set k=v flags.
type setFlag map[string]string

func (s setFlag) String() string {
	keys := make([]string, 0, len(s))
	for k, v := range s {
		keys = append(keys, k+"="+v)
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

func (s setFlag) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || k == "" {
		return fmt.Errorf("want k=v, got %q", v)
	}
	s[k] = val
	return nil
}

// bytesFlag is a memory size flag (--max-memory 16GiB; 0: no limit).
type bytesFlag struct{ n int64 }

func (b *bytesFlag) String() string {
	if b == nil || b.n <= 0 {
		return "0"
	}
	return strings.ReplaceAll(runtime.HumanBytes(b.n), " ", "")
}

func (b *bytesFlag) Set(v string) error {
	n, err := runtime.ParseBytes(v)
	if err != nil {
		return err
	}
	b.n = n
	return nil
}

// nonNegative checks int flags that must not be negative (counts, sizes,
// thread numbers) and reports the first that is, as a usage error.
func nonNegative(fs *flag.FlagSet, stderr io.Writer, names ...string) bool {
	for _, name := range names {
		f := fs.Lookup(name)
		if f == nil {
			continue
		}
		if n, err := strconv.ParseInt(f.Value.String(), 10, 64); err == nil && n < 0 {
			fmt.Fprintf(stderr, "seqc %s: -%s %d: want a number >= 0\n", fs.Name(), name, n)
			return false
		}
	}
	return true
}

// parseFlags parses flags that may come before or after the one positional
// FILE argument, and returns it.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (string, bool) {
	fs.SetOutput(stderr)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return "", false
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "seqc %s: want one FILE.seq argument, got %d\n", fs.Name(), len(pos))
		return "", false
	}
	return pos[0], true
}

// backendNames lists the backends of this build for flag help.
func backendNames() string { return strings.Join(backend.Names(), ", ") }

// report prints an error and returns the exit status for it: 3 for a bug
// in seqc (an internal compiler error, an op that panicked, on any
// goroutine), 1 for anything wrong with the input.
func report(stderr io.Writer, err error) int {
	var ice *passes.ICE
	var ie *backend.InternalError
	var wp *runtime.WorkerPanic
	if errors.As(err, &ice) || errors.As(err, &ie) || errors.As(err, &wp) || strings.HasPrefix(err.Error(), "internal compiler error") {
		fmt.Fprintln(stderr, err)
		return exitInternal
	}
	fmt.Fprintln(stderr, err)
	return exitBadInput
}
