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

	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
	"github.com/seqc-dev/seqc/runtime/compiled"
)

//go:embed model.ir
var moduleText string

var module = &compiled.Module{Text: moduleText, Backend: "{{.Backend}}"}

// Module returns the compiled model's IR (decoded once from the embedded text).
func Module() (*ir.Module, error) { return module.Get() }

// Backend names the backend this package runs on by default (WithBackend
// chooses another).
func Backend() string { return "{{.Backend}}" }

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
	data, err := runtime.ReadConfigFile(path)
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
		return fmt.Errorf("{{$.Package}} was built for {{.Key}} = %v, the config says %v (rebuild with seqc build --set {{.Key}}=VALUE)", want.{{.GoName}}, c.{{.GoName}})
	}
{{- end}}
	return nil
}

// Option configures a Model.
type Option = compiled.Option

// WithThreads sets the number of worker goroutines per kernel (default: all cores).
func WithThreads(n int) Option { return compiled.WithThreads(n) }

// WithMode forces an algorithm for every sequence mixer where it applies.
func WithMode(mode string) Option { return compiled.WithMode(mode) }

// WithBackend chooses the backend at run time: "go" (the pure-Go
// interpreter) everywhere, or another backend linked into the program.
func WithBackend(name string) Option { return compiled.WithBackend(name) }

// WithTF32 lets the ptx backend run the linear layers on the GPU's tensor
// cores in TF32 (inputs rounded to 10 mantissa bits, FP32 sums); the
// other backends stay FP32 exact, as ptx does by default.
func WithTF32(on bool) Option { return compiled.WithTF32(on) }

// WithMaxMemory sets the memory the Model may use, in bytes (default: a
// share of the machine's memory; < 0: no limit): weights and runs that
// would need more fail with an error before they allocate.
func WithMaxMemory(n int64) Option { return compiled.WithMaxMemory(n) }

// Model is the compiled model with its weights. It is safe for concurrent use.
type Model struct {
	*compiled.Model
}

// Load reads a checkpoint (.safetensors, a sharded model.safetensors.index.json,
// or a folder) and checks every tensor's name and shape.
func Load(weightsPath string, opts ...Option) (*Model, error) {
	m, err := compiled.Load(module, weightsPath, opts)
	if err != nil {
		return nil, err
	}
	return &Model{m}, nil
}

// New builds a Model from weights already in memory, by checkpoint name.
func New(cfg Config, weights map[string]*runtime.Tensor, opts ...Option) (*Model, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	m, err := compiled.New(module, weights, "weights", opts)
	if err != nil {
		return nil, err
	}
	return &Model{m}, nil
}
{{range .Funcs}}
// {{.GoName}} runs {{.Name}} on whole sequences (any batch size and length).
//
// Inputs:{{range .Inputs}} {{.Name}} {{.Type}};{{end}}
// outputs:{{range .Outputs}} {{.Name}} {{.Type}};{{end}}
func (m *Model) {{.GoName}}(ctx context.Context{{range .Inputs}}, {{.GoName}} *runtime.Tensor{{end}}) ({{range .Outputs}}{{.GoName}} *runtime.Tensor, {{end}}err error) {
	outs, err := m.Model.Run(ctx, "{{.Name}}"{{range .Inputs}}, {{.GoName}}{{end}})
	if err != nil {
		return {{range .Outputs}}nil, {{end}}err
	}
	return {{range $i, $o := .Outputs}}outs[{{$i}}], {{end}}nil
}
{{end}}
{{- if .AnyCausal}}
// State is the recurrent state of a stream of sequences; see compiled.State.
type State = compiled.State
{{end}}
{{- range .Funcs}}{{if .Causal}}
// {{.NewState}} starts a stream of batch sequences through {{.Name}}.{{if .Fixed}}
// The inputs that do not stream are given here, once:{{range .Fixed}} {{.Name}} {{.Type}};{{end}}{{end}}
func (m *Model) {{.NewState}}(batch int{{range .Fixed}}, {{.GoName}} *runtime.Tensor{{end}}) (*State, error) {
	return m.Model.NewState("{{.Name}}", "{{.Stream}}", batch, {{if .Fixed}}map[string]*runtime.Tensor{ {{- range .Fixed}}"{{.Name}}": {{.GoName}}, {{end -}} }{{else}}nil{{end}})
}

// {{.Step}} feeds one position of{{range .Streamed}} {{.Name}}{{end}} and returns {{.Name}}'s outputs for it.
func (m *Model) {{.Step}}(ctx context.Context, st *State{{range .Streamed}}, {{.GoName}} *runtime.Tensor{{end}}) ({{range .Outputs}}{{.GoName}} *runtime.Tensor, {{end}}err error) {
	outs, err := m.Model.Step(ctx, "{{.Name}}", st{{range .Streamed}}, {{.GoName}}{{end}})
	if err != nil {
		return {{range .Outputs}}nil, {{end}}err
	}
	return {{range $i, $o := .Outputs}}outs[{{$i}}], {{end}}nil
}

// {{.Prefill}} feeds a chunk of positions of{{range .Streamed}} {{.Name}}{{end}}, continuing from st, and
// returns the outputs for them: {{.Prefill}}(a) then {{.Prefill}}(b) equals {{.GoName}}(a ++ b).
func (m *Model) {{.Prefill}}(ctx context.Context, st *State{{range .Streamed}}, {{.GoName}} *runtime.Tensor{{end}}) ({{range .Outputs}}{{.GoName}} *runtime.Tensor, {{end}}err error) {
	outs, err := m.Model.Prefill(ctx, "{{.Name}}", st{{range .Streamed}}, {{.GoName}}{{end}})
	if err != nil {
		return {{range .Outputs}}nil, {{end}}err
	}
	return {{range $i, $o := .Outputs}}outs[{{$i}}], {{end}}nil
}
{{end}}{{end}}`
