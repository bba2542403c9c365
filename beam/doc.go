// Package seqcbeam runs models built by `seqc build` as an Apache Beam
// transform, so batch inference over millions of sequences runs on the
// local runner in tests and on Dataflow, Flink or Spark in production with
// the same pipeline.
//
// A pipeline reads records (an id and named tensors) with one of the
// sources (ReadNpyRows, ReadNpyFiles, ReadJSONLines, ReadTextBytes),
// applies Infer, which batches the records of each bundle by shape (and,
// for models where padding cannot change the results, up to a padding
// budget), runs the model loaded once per worker process, and emits one
// output record per input record with the same id; records that fail go to
// a dead-letter collection of Failure values with their error, and the
// pipeline goes on. The sinks (WriteJSONLines, WriteNpyShards,
// WriteFailures) write the results.
//
// Models are chosen by a name registered in Go (Register), since Beam
// ships the pipeline's own binary to the workers: register every model
// from an init function (or before beam.Init) so the workers know it too.
//
// See README.md in this directory for the batching rules, the file
// formats and the metrics.
package seqcbeam
