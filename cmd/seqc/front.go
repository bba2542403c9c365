package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/dsl"
	"github.com/seqc-dev/seqc/internal/driver"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/passes"
	"github.com/seqc-dev/seqc/runtime"
)

// modelFlags are the flags every command that compiles a model takes.
type modelFlags struct {
	set     setFlag
	config  string
	model   string
	noOpt   bool
	disable string
	backend string
	tf32    bool          // --tf32: linear on the tensor cores in TF32 (ptx backends only)
	memory  *bytesFlag    // --max-memory, for the commands that allocate; nil elsewhere
	fs      *flag.FlagSet // its output is where notes about the calibration go
}

// registerMemory adds --max-memory, for the commands that load weights,
// read inputs or allocate a model.
func (m *modelFlags) registerMemory(fs *flag.FlagSet) {
	m.memory = &bytesFlag{n: runtime.DefaultMaxMemory()}
	fs.Var(m.memory, "max-memory", "refuse (exit 1) work that would need more memory than this, e.g. 16GiB (0: no limit; the default is 75% of the machine's memory)")
}

func (m *modelFlags) register(fs *flag.FlagSet) {
	m.set, m.fs = setFlag{}, fs
	fs.Var(m.set, "set", "override a hyperparameter: --set k=v (repeatable)")
	fs.StringVar(&m.config, "config", "", "JSON file of hyperparameters (an official config.json)")
	fs.StringVar(&m.model, "model", "", "model to compile when the file declares several")
	fs.BoolVar(&m.noOpt, "O0", false, "turn every optional pass off")
	fs.StringVar(&m.disable, "disable", "", "comma-separated optional passes to turn off")
}

// registerBackend adds --backend, for the commands that compile for one,
// and --tf32, the ptx backends' opt-in to TF32 tensor cores.
func (m *modelFlags) registerBackend(fs *flag.FlagSet) {
	fs.StringVar(&m.backend, "backend", "go", "backend to compile for and run on: "+backendNames())
	fs.BoolVar(&m.tf32, "tf32", false, "ptx, ptx-emu: run linear on the tensor cores in TF32 (inputs rounded to 10 mantissa bits, FP32 sums); the default, and every other backend, computes in FP32")
}

// tf32Note says when --tf32 has no effect: only the ptx backends have a
// TF32 path; the others compute in FP32 whatever the flag.
func (m *modelFlags) tf32Note() string {
	if !m.tf32 || m.backend == "ptx" || m.backend == "ptx-emu" {
		return ""
	}
	return "--tf32 applies only to the ptx backends: " + m.backend + " computes linear in FP32"
}

func (m *modelFlags) config4(path string) driver.Config {
	c := driver.Config{Path: path, Model: m.model, Set: m.set, ConfigFile: m.config, Backend: m.backend, Calibrated: true}
	if m.memory != nil && m.memory.n > 0 {
		c.Budget = runtime.NewBudget(m.memory.n)
	}
	if m.fs != nil {
		c.Note = func(s string) { fmt.Fprintln(m.fs.Output(), "seqc: "+s) }
		if n := m.tf32Note(); n != "" {
			c.Note(n)
		}
	}
	c.Passes.Disable = map[string]bool{}
	if m.noOpt {
		for _, p := range passes.Pipeline {
			if !p.Required {
				c.Passes.Disable[p.Name] = true
			}
		}
	}
	for _, name := range strings.Split(m.disable, ",") {
		if name = strings.TrimSpace(name); name != "" {
			c.Passes.Disable[name] = true
		}
	}
	return c
}

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	var mf modelFlags
	mf.register(fs)
	path, ok := parseFlags(fs, args, stderr)
	if !ok {
		return exitUsage
	}
	r, err := driver.Check(mf.config4(path))
	if err != nil {
		return report(stderr, err)
	}
	if r.Module == nil {
		for _, b := range r.Blocks {
			switch {
			case b.Note != "":
				fmt.Fprintf(stdout, "%s: block %s: %s\n", path, b.Name, b.Note)
			case b.Err == nil:
				fmt.Fprintf(stdout, "%s: block %s ok\n", path, b.Name)
			}
		}
		if err := r.Errors(); err != nil {
			return report(stderr, err)
		}
		return exitOK
	}
	m := r.Module
	fmt.Fprintf(stdout, "%s: %s %s ok: %d parameters (%s)\n", path, r.Kind, m.Name, r.Params, plural(len(m.Params), "tensor"))
	for _, f := range m.Funcs {
		fmt.Fprintf(stdout, "  %s(", f.Name)
		for i, v := range f.Inputs {
			if i > 0 {
				fmt.Fprint(stdout, ", ")
			}
			fmt.Fprintf(stdout, "%s: %s", v.Name, v.Type)
		}
		fmt.Fprint(stdout, ") -> (")
		for i, v := range f.Outputs {
			if i > 0 {
				fmt.Fprint(stdout, ", ")
			}
			fmt.Fprintf(stdout, "%s: %s", f.OutNames[i], v.Type)
		}
		fmt.Fprintln(stdout, ")")
	}
	return exitOK
}

func cmdIR(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ir", flag.ContinueOnError)
	var mf modelFlags
	mf.register(fs)
	after := fs.String("after", "", "print the IR after this pass (default: before any pass)")
	all := fs.Bool("all", false, "run every pass")
	pos := fs.Bool("pos", false, "show each op's .seq position")
	explain := fs.Bool("explain", false, "explain each mixer's algorithm, where each op runs, state and the memory plan (after all passes)")
	mf.registerBackend(fs)
	batch := fs.Int("batch", 1, "with --explain: batch size")
	length := fs.Int("length", 2048, "with --explain: sequence length")
	path, ok := parseFlags(fs, args, stderr)
	if !ok || !nonNegative(fs, stderr, "batch", "length") {
		return exitUsage
	}
	cfg := mf.config4(path)
	var m *ir.Module
	var err error
	if *explain {
		var timings []passes.Timing
		cfg.Passes.Timings = &timings
		if m, err = driver.Compile(cfg); err != nil {
			return report(stderr, err)
		}
		costs, err := cfg.Costs()
		if err != nil {
			return report(stderr, err)
		}
		b, err := backend.Lookup(mf.backend)
		if err != nil {
			return report(stderr, err)
		}
		fmt.Fprint(stdout, driver.Explain(m, driver.ExplainOptions{Batch: *batch, Length: *length, Timings: timings, Costs: costs, Backend: b}))
		return exitOK
	}
	if *after == "" && !*all {
		m, err = driver.Load(cfg)
	} else {
		cfg.Passes.StopAfter = *after
		m, err = driver.Compile(cfg)
	}
	if err != nil {
		return report(stderr, err)
	}
	fmt.Fprint(stdout, m.Format(ir.PrintOptions{Positions: *pos}))
	return exitOK
}

func cmdFmt(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fmt", flag.ContinueOnError)
	write := fs.Bool("w", false, "write the result to the file instead of stdout")
	path, ok := parseFlags(fs, args, stderr)
	if !ok {
		return exitUsage
	}
	src, err := dsl.ReadSource(path)
	if err != nil {
		return report(stderr, err)
	}
	f, err := dsl.ParseSource(path, src)
	if err != nil {
		return report(stderr, err)
	}
	out := dsl.Format(f)
	if !*write {
		stdout.Write(out)
		return exitOK
	}
	if bytes.Equal(out, src) {
		return exitOK
	}
	if err := runtime.WriteFileAtomic(path, func(w io.Writer) error { _, err := w.Write(out); return err }); err != nil {
		return report(stderr, err)
	}
	return exitOK
}

// plural writes n with the noun, adding an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
