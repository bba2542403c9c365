package seqcbeam

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/seqc-dev/seqc/runtime"
)

// batchStats is what one model run reports to the metrics.
type batchStats struct {
	records int           // records in the batch
	elems   int           // input elements the records hold
	padded  int           // input elements the batch holds (elems + padding)
	took    time.Duration // time in Model.Run
	failed  bool          // the run returned an error
}

// sink receives what the batcher produces: results, failures and the
// statistics of every model run. The DoFn turns them into emitted elements
// and Beam metrics; tests collect them directly.
type sink interface {
	emit(Record)
	fail(Failure)
	batch(batchStats)
	retry()
}

// limits are the batching rules of a Config, with the defaults applied.
type limits struct {
	maxBatch    int
	maxPadding  float64
	maxElements int
	buffer      int
}

// batcher buffers the checked records of a bundle in buckets and runs them
// in batches. It holds no Beam types, so its rules are tested directly.
type batcher struct {
	sig   *signature
	model Model
	lim   limits

	groups   map[string][]*item
	order    []string // bucket keys in first-seen order: runs are deterministic for a bundle
	buffered int

	// in holds one reusable buffer per function input: the first touch of
	// fresh memory is slow, so batches reuse the largest buffer seen.
	inF [][]float32
	inI [][]int32
}

func newBatcher(sig *signature, m Model, lim limits) *batcher {
	return &batcher{sig: sig, model: m, lim: lim, groups: map[string][]*item{},
		inF: make([][]float32, len(sig.fn.Inputs)), inI: make([][]int32, len(sig.fn.Inputs))}
}

// add checks a record and buffers it. A bucket of records of one shape
// runs as soon as it holds a full batch; when the buffer is full every
// bucket runs. An error is returned only when the context ends: a record
// or a batch that fails goes to the sink.
func (b *batcher) add(ctx context.Context, r Record, out sink) error {
	it, err := b.sig.bind(r)
	if err != nil {
		out.fail(Failure{ID: r.ID, Stage: StageCheck, Error: err.Error()})
		return nil
	}
	if _, ok := b.groups[it.key]; !ok {
		b.order = append(b.order, it.key)
	}
	g := append(b.groups[it.key], it)
	b.groups[it.key] = g
	b.buffered++
	full := len(g) >= b.lim.maxBatch || (b.lim.maxElements > 0 && len(g)*it.elems >= b.lim.maxElements)
	if b.sig.seq == "" && full {
		b.groups[it.key] = nil
		b.buffered -= len(g)
		for _, batch := range b.plan(g) {
			if err := b.run(ctx, batch, out); err != nil {
				return err
			}
		}
	}
	if b.buffered >= b.lim.buffer {
		return b.flush(ctx, out)
	}
	return nil
}

// flush runs every buffered record (at the end of a bundle, or when the
// buffer is full).
func (b *batcher) flush(ctx context.Context, out sink) error {
	order, groups := b.order, b.groups
	b.order, b.groups, b.buffered = nil, map[string][]*item{}, 0
	for _, k := range order {
		for _, batch := range b.plan(groups[k]) {
			if err := b.run(ctx, batch, out); err != nil {
				return err
			}
		}
	}
	return nil
}

// plan cuts one bucket into batches. Without padding every record of a
// bucket has the same shape and batches are runs of up to maxBatch
// records. With padding the records are sorted by length and a batch grows
// from the shortest while it stays within maxBatch records, maxPadding
// (the share of the batch's sequence positions that are padding) and
// maxElements (input elements, padding included).
func (b *batcher) plan(g []*item) [][]*item {
	if b.sig.seq != "" {
		sort.SliceStable(g, func(i, j int) bool {
			if g[i].seqLen != g[j].seqLen {
				return g[i].seqLen < g[j].seqLen
			}
			return g[i].rec.ID < g[j].rec.ID
		})
	}
	var out [][]*item
	start, sum := 0, 0
	for i, it := range g {
		n := i - start + 1
		fits := n <= b.lim.maxBatch
		if fits && b.sig.seq != "" {
			// Sorted ascending, so it is the longest record of the batch.
			total := n * it.seqLen
			fits = total == 0 || 1-float64(sum+it.seqLen)/float64(total) <= b.lim.maxPadding
		}
		if fits && b.lim.maxElements > 0 {
			// Records of a bucket differ only along the padded axis, so the
			// longest (the last, sorted) holds a padded record's elements.
			fits = n*it.elems <= b.lim.maxElements
		}
		if !fits && n > 1 {
			out = append(out, g[start:i])
			start, sum = i, 0
		}
		sum += it.seqLen
	}
	if start < len(g) {
		out = append(out, g[start:])
	}
	return out
}

// run runs one batch and hands each record's outputs to the sink. A batch
// that fails is retried record by record, so one bad record does not fail
// its neighbours; a record that fails alone is a Failure.
func (b *batcher) run(ctx context.Context, batch []*item, out sink) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	inputs, st, err := b.stack(batch)
	if err == nil {
		t0 := time.Now()
		var res []*runtime.Tensor
		res, err = b.model.Run(ctx, b.sig.fn.Name, inputs...)
		st.took = time.Since(t0)
		if err == nil {
			err = b.split(batch, res, out)
		}
	}
	st.failed = err != nil
	out.batch(st)
	if err == nil {
		return nil
	}
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	if len(batch) == 1 {
		out.fail(Failure{ID: batch[0].rec.ID, Stage: StageRun, Error: err.Error()})
		return nil
	}
	out.retry()
	for _, it := range batch {
		if err := b.run(ctx, []*item{it}, out); err != nil {
			return err
		}
	}
	return nil
}

// stack builds the batch's input tensors: each record's tensor copied to
// row b, at the origin of the (padded) per-record shape, the rest zero.
func (b *batcher) stack(batch []*item) ([]*runtime.Tensor, batchStats, error) {
	env := map[string]int{}
	for k, v := range batch[0].env {
		env[k] = v
	}
	for _, it := range batch {
		if b.sig.seq != "" && it.seqLen > env[b.sig.seq] {
			env[b.sig.seq] = it.seqLen
		}
	}
	env[b.sig.batch] = len(batch)
	st := batchStats{records: len(batch)}
	inputs := make([]*runtime.Tensor, len(b.sig.fn.Inputs))
	for i, v := range b.sig.fn.Inputs {
		shape, err := v.Type.Shape.Eval(env)
		if err != nil {
			return nil, st, fmt.Errorf("input %s at the batch's shape: %w", v.Name, err)
		}
		n := 1
		for _, d := range shape {
			n *= d
		}
		row := n / len(batch)
		padded := false
		for _, it := range batch {
			st.elems += len(it.in[i].F) + len(it.in[i].I)
			padded = padded || len(it.in[i].F)+len(it.in[i].I) != row
		}
		st.padded += n
		t := &runtime.Tensor{DType: batch[0].in[i].DType, Shape: shape}
		if t.DType == runtime.I32 {
			if cap(b.inI[i]) < n {
				b.inI[i] = make([]int32, n)
			}
			t.I = b.inI[i][:n]
			if padded {
				clear(t.I)
			}
			for r, it := range batch {
				copyBox(t.I[r*row:(r+1)*row], shape[1:], it.in[i].I, it.in[i].Shape, it.in[i].Shape)
			}
		} else {
			if cap(b.inF[i]) < n {
				b.inF[i] = make([]float32, n)
			}
			t.F = b.inF[i][:n]
			if padded {
				clear(t.F)
			}
			for r, it := range batch {
				copyBox(t.F[r*row:(r+1)*row], shape[1:], it.in[i].F, it.in[i].Shape, it.in[i].Shape)
			}
		}
		inputs[i] = t
	}
	return inputs, st, nil
}

// split cuts the batch's outputs into one record per item, each output
// trimmed to the item's own shape (the padded tail dropped) and copied, so
// emitted records never share memory with the model's buffers.
func (b *batcher) split(batch []*item, res []*runtime.Tensor, out sink) error {
	if len(res) != len(b.sig.fn.Outputs) {
		return fmt.Errorf("%s returned %d outputs, its signature has %d", b.sig.fn.Name, len(res), len(b.sig.fn.Outputs))
	}
	for k, i := range b.sig.outIdx {
		t := res[i]
		if t == nil || len(t.Shape) == 0 || t.Shape[0] != len(batch) || len(t.Shape) != len(batch[0].out[k])+1 {
			return fmt.Errorf("%s: output %s has shape %v for a batch of %d", b.sig.fn.Name, b.sig.outNames[k], shapeOf(t), len(batch))
		}
		for _, it := range batch {
			for ax, d := range it.out[k] {
				if d > t.Shape[ax+1] {
					return fmt.Errorf("%s: output %s has shape %v, record %s needs %v", b.sig.fn.Name, b.sig.outNames[k], t.Shape, it.rec.ID, it.out[k])
				}
			}
		}
	}
	for r, it := range batch {
		rec := Record{ID: it.rec.ID, Tensors: make(map[string]*runtime.Tensor, len(b.sig.outIdx))}
		for k, i := range b.sig.outIdx {
			t := res[i]
			shape := it.out[k]
			o := runtime.New(t.DType, shape...)
			row := 1
			for _, d := range t.Shape[1:] {
				row *= d
			}
			if t.DType == runtime.I32 {
				copyBox(o.I, shape, t.I[r*row:(r+1)*row], t.Shape[1:], shape)
			} else {
				w := 1
				if t.DType == runtime.C64 {
					w = 2 // interleaved (re, im): the last axis holds twice the values
				}
				copyBoxW(o.F, shape, t.F[r*row*w:(r+1)*row*w], t.Shape[1:], shape, w)
			}
			rec.Tensors[b.sig.outNames[k]] = o
		}
		if b.sig.keep {
			for k, t := range it.rec.Tensors {
				rec.Tensors[k] = t
			}
		}
		out.emit(rec)
	}
	return nil
}

func shapeOf(t *runtime.Tensor) []int {
	if t == nil {
		return nil
	}
	return t.Shape
}

// copyBox copies the box of shape box at the origin of src (shape
// srcShape, row-major) to the origin of dst (shape dstShape).
func copyBox[T any](dst []T, dstShape []int, src []T, srcShape []int, box []int) {
	copyBoxW(dst, dstShape, src, srcShape, box, 1)
}

// copyBoxW is copyBox for elements of w values each (complex numbers).
func copyBoxW[T any](dst []T, dstShape []int, src []T, srcShape []int, box []int, w int) {
	if len(box) == 0 {
		copy(dst[:w], src[:w])
		return
	}
	if len(box) == 1 {
		copy(dst[:box[0]*w], src[:box[0]*w])
		return
	}
	ds, ss := w, w
	for _, d := range dstShape[1:] {
		ds *= d
	}
	for _, d := range srcShape[1:] {
		ss *= d
	}
	for i := 0; i < box[0]; i++ {
		copyBoxW(dst[i*ds:], dstShape[1:], src[i*ss:], srcShape[1:], box[1:], w)
	}
}
