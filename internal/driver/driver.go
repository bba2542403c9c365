// Package driver is the one place that knows the compiler's stages and
// their order: parse, check and lower, run the passes. The CLI and code
// generation call it; nothing else strings the stages together.
package driver

import (
	"fmt"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/dsl"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/passes"
	"github.com/seqc-dev/seqc/runtime"
)

// Config says what to compile.
type Config struct {
	Path       string            // the .seq file
	Model      string            // model name when the file has several
	Block      bool              // Model may name a block (checking a library block on its own)
	Set        map[string]string // --set k=v hyperparameter overrides
	ConfigFile string            // --config C.json: a flat JSON object of hyperparameters
	Passes     passes.Options    // pipeline options
	// Backend is the backend the module is compiled for: select_modes
	// chooses algorithms by its costs ("" = the interpreter).
	Backend string
	// Calibrated reads the backend's calibration file (seqc calibrate),
	// when there is one; otherwise its built-in costs are used, so that
	// tests never depend on the machine's calibration. Note receives a
	// remark about the file (unreadable, another machine's).
	Calibrated bool
	Note       func(string)
	// Budget, when not nil, is the memory the command may allocate
	// (--max-memory): weights, inputs, activations and streaming state are
	// counted against it before they are allocated, and a command that would
	// need more fails with a *runtime.MemoryError.
	Budget *runtime.Budget
}

// Load parses and checks the file and lowers its model to mixer-level IR.
func Load(c Config) (*ir.Module, error) {
	prog, err := dsl.Load(c.Path)
	if err != nil {
		return nil, err
	}
	return lower(prog, c)
}

// lower lowers a parsed program's model (or, with Block, a block) as c says.
func lower(prog *dsl.Program, c Config) (*ir.Module, error) {
	var err error
	opts := dsl.Options{Model: c.Model, Set: c.Set, Block: c.Block}
	if c.ConfigFile != "" {
		if opts.Config, err = ReadConfig(c.ConfigFile); err != nil {
			return nil, err
		}
	}
	return dsl.Lower(prog, opts)
}

// Compile is Load followed by the pass pipeline.
func Compile(c Config) (*ir.Module, error) {
	m, err := Load(c)
	if err != nil {
		return nil, err
	}
	if c.Passes.Costs == nil {
		costs, err := c.Costs()
		if err != nil {
			return nil, err
		}
		c.Passes.Costs = &costs
	}
	if err := passes.Run(m, c.Passes); err != nil {
		return nil, err
	}
	return m, nil
}

// ReadConfig reads a flat JSON object of hyperparameters. An official
// config.json may nest its values under "hyper" (the reference fixtures
// do); nested objects other than that are ignored. A key given twice is an
// error (json.Unmarshal would keep the last silently).
func ReadConfig(path string) (map[string]any, error) {
	data, err := runtime.ReadConfigFile(path)
	if err != nil {
		return nil, fmt.Errorf("--config: %w", err)
	}
	obj, err := runtime.ParseJSONObject(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if h, ok := obj["hyper"].(map[string]any); ok {
		return h, nil
	}
	return obj, nil
}

// Costs is the cost model c compiles with: the backend's built-in costs, or
// with Calibrated its calibration file's.
func (c Config) Costs() (ir.CostModel, error) {
	if c.Passes.Costs != nil {
		return *c.Passes.Costs, nil
	}
	name := c.Backend
	if name == "" {
		name = backend.Interp
	}
	if !c.Calibrated {
		b, err := backend.Lookup(name)
		if err != nil {
			return ir.CostModel{}, err
		}
		return b.Costs(), nil
	}
	costs, note, err := BackendCosts(name)
	if note != "" && c.Note != nil {
		c.Note(note)
	}
	return costs, err
}
