package seqcbeam

import (
	"context"
	"fmt"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/graph/window"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// Padding says whether records of different lengths may share a batch.
type Padding string

const (
	// PadAuto pads along the sequence axis when seqc's step analysis proves
	// the function causal (every output position depends only on inputs at
	// or before it) and every emitted output has the sequence axis; any
	// other function runs in buckets of one exact shape.
	PadAuto Padding = ""
	// PadNever runs every batch at one exact shape, whatever the model.
	PadNever Padding = "never"
	// PadRight pads at the end of the sequence axis (Config.SeqSymbol)
	// even where the step analysis cannot prove it safe: the pipeline
	// asserts that a padded tail changes no kept output (AR-Net's valid
	// convolution, whose output j reads inputs j..j+p-1, is such a model).
	PadRight Padding = "right"
)

// Config says which model Infer runs and how it batches.
type Config struct {
	// Model is a name given to Register.
	Model string
	// Weights is the checkpoint: a local path (file, sharded index or
	// folder, anything the generated package's Load reads) or a URL of one
	// file through a Beam filesystem the program links (gs://, s3://,
	// memfs://), copied to a local temporary file on each worker.
	Weights string
	// Func is the model function to run (default "forward").
	Func string
	// Outputs names the outputs to emit (default: all).
	Outputs []string
	// KeepInputs adds each record's input tensors to its output record.
	KeepInputs bool

	// MaxBatch is the most records in one model run (default 32).
	MaxBatch int
	// MaxPadding is the largest share of a batch's sequence positions
	// that may be padding, when the model is padded (default 0.25).
	MaxPadding float64
	// MaxElements bounds a batch's input elements, padding included
	// (default 0: no bound; a record larger than it runs alone).
	MaxElements int
	// BufferSize is the most records buffered before every bucket runs
	// (default 8*MaxBatch); the rest run at the end of the bundle.
	BufferSize int
	// Padding chooses how records of different lengths batch (PadAuto).
	Padding Padding
	// SeqSymbol names the padded symbol for PadRight (default: the symbol
	// at axis 1 of the first input, the [B, L, ...] convention).
	SeqSymbol string
}

func (c Config) withDefaults() Config {
	if c.Func == "" {
		c.Func = "forward"
	}
	if c.MaxBatch == 0 {
		c.MaxBatch = 32
	}
	if c.MaxPadding == 0 {
		c.MaxPadding = 0.25
	}
	if c.BufferSize == 0 {
		c.BufferSize = 8 * c.MaxBatch
	}
	return c
}

func (c Config) check() error {
	switch {
	case c.Model == "":
		return fmt.Errorf("Config.Model is empty: name a model given to seqcbeam.Register")
	case c.Weights == "":
		return fmt.Errorf("Config.Weights is empty: name the checkpoint (a path or a URL)")
	case c.MaxBatch < 1:
		return fmt.Errorf("Config.MaxBatch is %d, want >= 1", c.MaxBatch)
	case c.MaxPadding < 0 || c.MaxPadding >= 1:
		return fmt.Errorf("Config.MaxPadding is %v, want a share in [0, 1)", c.MaxPadding)
	case c.MaxElements < 0:
		return fmt.Errorf("Config.MaxElements is %d, want >= 0", c.MaxElements)
	case c.BufferSize < 1:
		return fmt.Errorf("Config.BufferSize is %d, want >= 1", c.BufferSize)
	}
	switch c.Padding {
	case PadAuto, PadNever, PadRight:
	default:
		return fmt.Errorf("Config.Padding is %q, want %q, %q or %q", c.Padding, PadAuto, PadNever, PadRight)
	}
	_, err := lookup(c.Model)
	return err
}

func (c Config) limits() limits {
	return limits{maxBatch: c.MaxBatch, maxPadding: c.MaxPadding, maxElements: c.MaxElements, buffer: c.BufferSize}
}

// Infer runs a registered model over a PCollection<Record> and returns the
// results, a PCollection<Record> with the same ids whose tensors are the
// function's outputs (without the batch axis, trimmed to each record's
// length), and the failures, a PCollection<Failure> of the records that
// did not fit the model or that the model refused when run alone. It
// panics on a bad Config, as Beam's own transforms do; TryInfer returns
// the error instead.
//
// Infer batches within a bundle, so it emits in the global window: apply
// it to bounded, globally windowed collections (batch pipelines).
func Infer(s beam.Scope, records beam.PCollection, cfg Config) (results, failures beam.PCollection) {
	results, failures, err := TryInfer(s, records, cfg)
	if err != nil {
		panic(err)
	}
	return results, failures
}

// TryInfer is Infer returning an error for a bad Config or input.
func TryInfer(s beam.Scope, records beam.PCollection, cfg Config) (results, failures beam.PCollection, err error) {
	cfg = cfg.withDefaults()
	if err := cfg.check(); err != nil {
		return beam.PCollection{}, beam.PCollection{}, fmt.Errorf("seqcbeam.Infer: %w", err)
	}
	if t := records.Type().Type(); t != reflect.TypeOf(Record{}) {
		return beam.PCollection{}, beam.PCollection{}, fmt.Errorf("seqcbeam.Infer: the input is a PCollection<%v>, want PCollection<seqcbeam.Record>", t)
	}
	if ws := records.WindowingStrategy(); ws != nil && ws.Fn != nil && ws.Fn.Kind != window.GlobalWindows {
		return beam.PCollection{}, beam.PCollection{}, fmt.Errorf("seqcbeam.Infer: the input is windowed (%v): Infer batches across a bundle and emits in the global window; window after it", ws.Fn)
	}
	s = s.Scope("seqcbeam.Infer(" + cfg.Model + "." + cfg.Func + ")")
	outs, err := beam.TryParDo(s, &inferFn{Cfg: cfg}, records)
	if err != nil {
		return beam.PCollection{}, beam.PCollection{}, fmt.Errorf("seqcbeam.Infer: %w", err)
	}
	return outs[0], outs[1], nil
}

// Metrics Infer reports, in namespace "seqcbeam" (see ReadMetrics).
var (
	mRecords  = beam.NewCounter(MetricsNamespace, "records")
	mResults  = beam.NewCounter(MetricsNamespace, "results")
	mFailures = beam.NewCounter(MetricsNamespace, "failures")
	mBatches  = beam.NewCounter(MetricsNamespace, "batches")
	mRetries  = beam.NewCounter(MetricsNamespace, "retried_batches")
	mElems    = beam.NewCounter(MetricsNamespace, "input_elements")
	mPadded   = beam.NewCounter(MetricsNamespace, "padded_elements")
	mSize     = beam.NewDistribution(MetricsNamespace, "batch_size")
	mPadPM    = beam.NewDistribution(MetricsNamespace, "padding_permille")
	mTime     = beam.NewDistribution(MetricsNamespace, "model_time_us")
)

// MetricsNamespace is the namespace of Infer's metrics.
const MetricsNamespace = "seqcbeam"

// inferFn is Infer's DoFn. Its only serialised field is the Config; the
// model is loaded in Setup, once per worker process (shared by the
// instances of every concurrent bundle).
type inferFn struct {
	Cfg Config

	model  Model
	shared *shared
	b      *batcher
	out    fnSink
}

func (f *inferFn) Setup(ctx context.Context) error {
	m, sh, err := acquire(ctx, f.Cfg.Model, f.Cfg.Weights)
	if err != nil {
		return fmt.Errorf("seqcbeam.Infer: %w", err)
	}
	fn, err := m.Func(f.Cfg.Func)
	if err == nil {
		var sig *signature
		if sig, err = newSignature(fn, f.Cfg); err == nil {
			f.model, f.shared, f.b = m, sh, newBatcher(sig, m, f.Cfg.limits())
			log.Infof(ctx, "seqcbeam.Infer: model %s, function %s: %s", f.Cfg.Model, f.Cfg.Func, sig.why)
			return nil
		}
	}
	release(sh)
	return fmt.Errorf("seqcbeam.Infer: model %s: %w", f.Cfg.Model, err)
}

func (f *inferFn) ProcessElement(ctx context.Context, r Record, emit func(Record), fail func(Failure)) error {
	f.out = fnSink{ctx: ctx, emitFn: emit, failFn: fail}
	mRecords.Inc(ctx, 1)
	return f.b.add(ctx, r, &f.out)
}

func (f *inferFn) FinishBundle(ctx context.Context, emit func(Record), fail func(Failure)) error {
	f.out = fnSink{ctx: ctx, emitFn: emit, failFn: fail}
	return f.b.flush(ctx, &f.out)
}

func (f *inferFn) Teardown() {
	if f.shared != nil {
		release(f.shared)
		f.model, f.shared, f.b = nil, nil, nil
	}
}

// fnSink turns the batcher's results into emitted elements and metrics.
type fnSink struct {
	ctx    context.Context
	emitFn func(Record)
	failFn func(Failure)
}

func (s *fnSink) emit(r Record) {
	mResults.Inc(s.ctx, 1)
	s.emitFn(r)
}

func (s *fnSink) fail(f Failure) {
	mFailures.Inc(s.ctx, 1)
	s.failFn(f)
}

func (s *fnSink) retry() { mRetries.Inc(s.ctx, 1) }

func (s *fnSink) batch(st batchStats) {
	mBatches.Inc(s.ctx, 1)
	mSize.Update(s.ctx, int64(st.records))
	mElems.Inc(s.ctx, int64(st.elems))
	mPadded.Inc(s.ctx, int64(st.padded-st.elems))
	if st.padded > 0 {
		mPadPM.Update(s.ctx, int64(1000*(st.padded-st.elems)/st.padded))
	}
	mTime.Update(s.ctx, st.took.Microseconds())
}

func init() {
	register.DoFn4x1[context.Context, Record, func(Record), func(Failure), error](&inferFn{})
	register.Emitter1[Record]()
	register.Emitter1[Failure]()
}
