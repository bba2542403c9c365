package codegen

const pkgSource = `{{.Header}}
// Package {{.Package}} runs the {{.Model}} model, compiled by seqc{{if .Source}} from {{.Source}}{{end}}.
//
// Regenerate with:
//
//	{{.Command}}
package {{.Package}}

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"sync"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

//go:embed model.ir
var moduleText string

var (
	moduleOnce sync.Once
	module     *ir.Module
	moduleErr  error
)

// Module returns the compiled model's IR (decoded once from the embedded text).
func Module() (*ir.Module, error) {
	moduleOnce.Do(func() { module, moduleErr = ir.Parse(moduleText) })
	return module, moduleErr
}

// Backend names the backend this package runs on.
func Backend() string { return "go" }

// Config holds the model's hyperparameters, with the official config keys
// as JSON names. The tensor shapes are fixed when the package is built, so a
// Model accepts only the configuration it was built for.
type Config struct {
{{- range .Hypers}}
	{{.GoName}} {{.GoType}} ` + "`json:\"{{.Key}}\"`" + `
{{- end}}
}

// DefaultConfig returns the hyperparameters this package was built with.
func DefaultConfig() Config {
	return Config{
{{- range .Hypers}}
		{{.GoName}}: {{.Literal}},
{{- end}}
	}
}

// LoadConfig reads a config.json. Keys that name no hyperparameter are
// ignored; missing keys keep the built value. A value that differs from the
// build is an error, because the shapes were fixed by it.
func LoadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, err
	}
	cfg := DefaultConfig()
	if err := runtime.DecodeConfig(data, &cfg); err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, cfg.check()
}

func (c Config) check() error {
	want := DefaultConfig()
{{- range .Hypers}}
	if c.{{.GoName}} != want.{{.GoName}} {
		return fmt.Errorf("{{$.Package}} was built for {{.Key}} = %v, the config says %v: rebuild with seqc build --set {{.Key}}=...", want.{{.GoName}}, c.{{.GoName}})
	}
{{- end}}
	return nil
}

type options struct {
	interp  interp.Options
	backend string
}

// Option configures a Model.
type Option func(*options)

// WithThreads sets the number of worker goroutines per kernel (default: all cores).
func WithThreads(n int) Option { return func(o *options) { o.interp.Threads = n } }

// WithMode forces an algorithm for every sequence mixer where it applies:
// "auto", "scan", "chunked", "quadratic" or "conv".
func WithMode(mode string) Option { return func(o *options) { o.interp.Mode = mode } }

// WithChunk sets the chunk size of chunked forms.
func WithChunk(n int) Option { return func(o *options) { o.interp.Chunk = n } }

// WithBackend chooses the backend at run time; "go" (the pure-Go interpreter) is available everywhere.
func WithBackend(name string) Option { return func(o *options) { o.backend = name } }

// Model is the compiled model with its weights. It is safe for concurrent use.
type Model struct {
	md *interp.Model
}

// Load reads a checkpoint (.safetensors, a sharded model.safetensors.index.json,
// or a folder) and checks every tensor's name and shape.
func Load(weightsPath string, opts ...Option) (*Model, error) {
	w, err := runtime.LoadWeights(weightsPath)
	if err != nil {
		return nil, err
	}
	return newModel(DefaultConfig(), w, weightsPath, opts)
}

// New builds a Model from weights already in memory, by checkpoint name.
func New(cfg Config, weights map[string]*runtime.Tensor, opts ...Option) (*Model, error) {
	return newModel(cfg, weights, "weights", opts)
}

func newModel(cfg Config, weights map[string]*runtime.Tensor, source string, opts []Option) (*Model, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	var o options
	for _, f := range opts {
		f(&o)
	}
	if o.backend != "" && o.backend != "go" {
		return nil, fmt.Errorf("backend %q is not available in this build (available: go)", o.backend)
	}
	m, err := Module()
	if err != nil {
		return nil, fmt.Errorf("{{.Package}}: embedded module: %w", err)
	}
	md, err := interp.New(m, weights, source, o.interp)
	if err != nil {
		return nil, err
	}
	return &Model{md: md}, nil
}

// Interp returns the underlying interpreter model (for decoding helpers).
func (m *Model) Interp() *interp.Model { return m.md }
{{range .Funcs}}{{$f := .}}
// {{.GoName}} runs {{.Name}} on whole sequences (any batch size and length).
//
// Inputs:{{range .Inputs}} {{.Name}} {{.Type}};{{end}}
// outputs:{{range .Outputs}} {{.Name}} {{.Type}};{{end}}
func (m *Model) {{.GoName}}(ctx context.Context{{range .Inputs}}, {{.GoName}} *runtime.Tensor{{end}}) ({{range .Outputs}}{{.GoName}} *runtime.Tensor, {{end}}err error) {
	outs, err := m.md.Run(ctx, "{{.Name}}", []*runtime.Tensor{ {{- range $i, $a := .Inputs}}{{if $i}}, {{end}}{{$a.GoName}}{{end -}} })
	if err != nil {
		return {{range .Outputs}}nil, {{end}}err
	}
	return {{range $i, $o := .Outputs}}outs[{{$i}}], {{end}}nil
}
{{end}}
{{- with .Forward}}{{if .Causal}}
// State is the recurrent state of a stream of sequences (SSM states, conv
// windows, KV caches, RNN carries, as the model needs). A State belongs to
// one caller: do not share it between concurrent calls.
type State struct {
	st    *interp.State
	batch int
}

// NewState starts a stream of batch sequences.
func (m *Model) NewState(batch int) (*State, error) {
	if batch < 1 {
		return nil, fmt.Errorf("batch must be >= 1, got %d", batch)
	}
	st, err := m.md.NewState("forward")
	if err != nil {
		return nil, err
	}
	return &State{st: st, batch: batch}, nil
}

// Pos is the number of positions the state has consumed.
func (s *State) Pos() int { return s.st.Pos }

// Snapshot returns an independent copy of the state.
func (s *State) Snapshot() *State { return &State{st: s.st.Snapshot(), batch: s.batch} }

// Restore makes s equal to a snapshot of the same model.
func (s *State) Restore(snap *State) error {
	if snap.batch != s.batch {
		return fmt.Errorf("snapshot of batch %d restored into a state of batch %d", snap.batch, s.batch)
	}
	return s.st.Restore(snap.st)
}

func (s *State) checkBatch(ts ...*runtime.Tensor) error {
	for _, t := range ts {
		if t != nil && len(t.Shape) > 0 && t.Shape[0] != s.batch {
			return fmt.Errorf("input has batch %d, the state was made for %d", t.Shape[0], s.batch)
		}
	}
	return nil
}

// Step feeds one position of every input and returns the outputs for it.
func (m *Model) Step(ctx context.Context, st *State{{range .Inputs}}, {{.GoName}} *runtime.Tensor{{end}}) ({{range .Outputs}}{{.GoName}} *runtime.Tensor, {{end}}err error) {
	if err := st.checkBatch({{range $i, $a := .Inputs}}{{if $i}}, {{end}}{{$a.GoName}}{{end}}); err != nil {
		return {{range .Outputs}}nil, {{end}}err
	}
	outs, err := m.md.Step(ctx, st.st, []*runtime.Tensor{ {{- range $i, $a := .Inputs}}{{if $i}}, {{end}}{{$a.GoName}}{{end -}} })
	if err != nil {
		return {{range .Outputs}}nil, {{end}}err
	}
	return {{range $i, $o := .Outputs}}outs[{{$i}}], {{end}}nil
}

// Prefill feeds a chunk of positions, continuing from st, and returns the
// outputs for them: Prefill(a) then Prefill(b) equals Forward(a ++ b).
func (m *Model) Prefill(ctx context.Context, st *State{{range .Inputs}}, {{.GoName}} *runtime.Tensor{{end}}) ({{range .Outputs}}{{.GoName}} *runtime.Tensor, {{end}}err error) {
	if err := st.checkBatch({{range $i, $a := .Inputs}}{{if $i}}, {{end}}{{$a.GoName}}{{end}}); err != nil {
		return {{range .Outputs}}nil, {{end}}err
	}
	outs, err := m.md.Prefill(ctx, st.st, []*runtime.Tensor{ {{- range $i, $a := .Inputs}}{{if $i}}, {{end}}{{$a.GoName}}{{end -}} })
	if err != nil {
		return {{range .Outputs}}nil, {{end}}err
	}
	return {{range $i, $o := .Outputs}}outs[{{$i}}], {{end}}nil
}
{{end}}{{end}}`
