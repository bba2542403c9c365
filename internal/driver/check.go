package driver

import (
	"fmt"
	"strings"

	"github.com/seqc-dev/seqc/dsl"
	"github.com/seqc-dev/seqc/ir"
)

// CheckReport is what `seqc check` found.
type CheckReport struct {
	// Module is the checked model, or the block named by Config.Model; nil
	// for a library file (blocks only, no model).
	Module *ir.Module
	Kind   string // "model" or "block"
	Params int64  // parameters (untied), in elements
	// Blocks are a library file's blocks, each checked alone when it can be.
	Blocks []BlockCheck
}

// BlockCheck is one library block's result.
type BlockCheck struct {
	Name string
	Note string // why it was not checked alone, or "" when it was
	Err  error  // what is wrong with it
}

// Check parses the file once and checks it: its model; or, with
// c.Model naming a block, that block with c.Set's values; or, for a file of
// blocks only (a library such as stdlib/nn.seq), each block whose
// hyperparameters all have defaults.
func Check(c Config) (*CheckReport, error) {
	prog, err := dsl.Load(c.Path)
	if err != nil {
		return nil, err
	}
	root := prog.Root
	switch {
	case c.Model == "" && !root.HasModel():
		return &CheckReport{Blocks: checkLibrary(prog, c.Path)}, nil
	case c.Model != "" && root.Block(c.Model) != nil:
		c.Block = true
	}
	m, err := lower(prog, c)
	if err != nil {
		return nil, err
	}
	r := &CheckReport{Module: m, Kind: "model"}
	if c.Block {
		r.Kind = "block"
	}
	if r.Params, _, err = ParamCount(m); err != nil {
		return nil, err
	}
	return r, nil
}

// checkLibrary checks each block whose hyperparameters all have defaults as
// if it were a model; the others can only be checked through a model (or
// --model BLOCK --set ...) that sets them.
func checkLibrary(prog *dsl.Program, path string) []BlockCheck {
	var out []BlockCheck
	for _, d := range prog.Root.Decls {
		missing := ""
		for _, h := range d.Hypers {
			if h.Default == nil {
				missing = h.Name
				break
			}
		}
		bc := BlockCheck{Name: d.Name}
		switch {
		case missing != "":
			bc.Note = fmt.Sprintf("not checked alone (hyperparameter %s has no default: seqc check %s --model %s --set %s=...)", missing, path, d.Name, missing)
		case !d.HasFuncs():
			bc.Note = "parameters only, checked where a block uses them"
		default:
			_, bc.Err = dsl.Lower(prog, dsl.Options{Model: d.Name, Block: true})
		}
		out = append(out, bc)
	}
	return out
}

// Errors joins the library blocks' errors, or returns nil.
func (r *CheckReport) Errors() error {
	var errs []string
	for _, b := range r.Blocks {
		if b.Err != nil {
			errs = append(errs, b.Err.Error())
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(errs, "\n"))
}
