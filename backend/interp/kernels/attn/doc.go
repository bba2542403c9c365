// Package attn holds the pure-Go attention kernels of the interpreter backend:
// softmax attention (a materialized reference and a Flash-style online-softmax
// form), rotary position embeddings, and the gated delta rule (DeltaNet, gated
// DeltaNet, DeltaProduct) in recurrent and chunked (WY/UT) form.
//
// The equations and conventions follow docs/NUMERICS.md sections 6 and 7. All
// tensors are contiguous row-major []float32 with the layouts given on each
// type. Work is split across goroutines only over independent (batch, head)
// pairs, so every result is bit-identical for any thread count.
package attn
