// Package ssm holds the numeric kernels of the interpreter backend for
// diagonal state-space mixers (Mamba, Mamba-2/SSD, S4D, S5, Hydra); the exact
// math is stated in docs/NUMERICS.md sections 1 to 5.
//
// One problem can be evaluated in several modes that compute the same numbers
// by different routes, so that the compiler's cost model can pick one and the
// tests can check each against the others:
//
//   - Scan: the sequential recurrence, O(L·N) per channel.
//   - Chunked: the SSD form, a quadratic form inside each chunk plus state
//     passing between chunks.
//   - Quadratic: the materialised L×L mixer matrix.
//   - FFTConv: the convolution kernel of a time-invariant system, applied by FFT.
//
// SelectiveScan is the fused Mamba-1 kernel, ConvDirect and ConvFFT the
// depthwise time convolution, and QSScan and QSQuadratic the Hydra
// quasiseparable mixer. All kernels parallelise over batch × channel only, so
// their results do not depend on the thread count.
//
// Values that decay below 2^-900 (2^-100 in the float32 selective scan) are
// flushed to zero every few steps, which keeps the arithmetic out of the slow
// subnormal range; the thresholds lie far below the float32 outputs of any
// sequence that is not itself vanishing (see denormal.go).
package ssm
