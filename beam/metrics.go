package seqcbeam

import (
	"fmt"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/metrics"
)

// Metrics sums Infer's Beam metrics over every Infer transform of a
// pipeline (committed values where the runner reports them, else attempted
// ones).
type Metrics struct {
	Records  int64 // records Infer received
	Results  int64 // records it emitted
	Failures int64 // records it sent to the dead-letter output
	Batches  int64 // model runs, retries included
	Retries  int64 // batches that failed and were retried record by record
	// InputElements are the records' input elements; PaddedElements the
	// padding the batches added to them.
	InputElements, PaddedElements int64
	// BatchSize, PaddingPermille (padding per thousand input elements of
	// a batch) and ModelTimeMicros (time in Model.Run) are per batch.
	BatchSize, PaddingPermille, ModelTimeMicros metrics.DistributionValue
}

// PaddingFraction is the share of the batches' input elements that were
// padding.
func (m Metrics) PaddingFraction() float64 {
	if m.InputElements+m.PaddedElements == 0 {
		return 0
	}
	return float64(m.PaddedElements) / float64(m.InputElements+m.PaddedElements)
}

// ModelTime is the total time spent in Model.Run.
func (m Metrics) ModelTime() time.Duration {
	return time.Duration(m.ModelTimeMicros.Sum) * time.Microsecond
}

// String summarises the metrics on one line.
func (m Metrics) String() string {
	mean := 0.0
	if m.BatchSize.Count > 0 {
		mean = float64(m.BatchSize.Sum) / float64(m.BatchSize.Count)
	}
	return fmt.Sprintf("%d records: %d results, %d failures; %d batches (mean %.1f records, %d retried), padding %.1f%%, model time %v",
		m.Records, m.Results, m.Failures, m.Batches, mean, m.Retries, 100*m.PaddingFraction(), m.ModelTime().Round(time.Microsecond))
}

// ReadMetrics collects Infer's metrics from a finished pipeline's result
// (beam.Run, or ptest.RunWithMetrics in tests).
func ReadMetrics(pr beam.PipelineResult) Metrics {
	var m Metrics
	if pr == nil {
		return m
	}
	res := pr.Metrics().AllMetrics()
	for _, c := range res.Counters() {
		if c.Namespace() != MetricsNamespace {
			continue
		}
		v := c.Result()
		switch c.Name() {
		case "records":
			m.Records += v
		case "results":
			m.Results += v
		case "failures":
			m.Failures += v
		case "batches":
			m.Batches += v
		case "retried_batches":
			m.Retries += v
		case "input_elements":
			m.InputElements += v
		case "padded_elements":
			m.PaddedElements += v
		}
	}
	for _, d := range res.Distributions() {
		if d.Key.Namespace != MetricsNamespace {
			continue
		}
		v := d.Result()
		switch d.Key.Name {
		case "batch_size":
			m.BatchSize = mergeDist(m.BatchSize, v)
		case "padding_permille":
			m.PaddingPermille = mergeDist(m.PaddingPermille, v)
		case "model_time_us":
			m.ModelTimeMicros = mergeDist(m.ModelTimeMicros, v)
		}
	}
	return m
}

func mergeDist(a, b metrics.DistributionValue) metrics.DistributionValue {
	if a.Count == 0 {
		return b
	}
	if b.Count == 0 {
		return a
	}
	out := metrics.DistributionValue{Count: a.Count + b.Count, Sum: a.Sum + b.Sum, Min: a.Min, Max: a.Max}
	out.Min = min(out.Min, b.Min)
	out.Max = max(out.Max, b.Max)
	return out
}
