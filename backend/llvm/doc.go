// Package llvm is the first slice of seqc's LLVM CPU backend: it emits LLVM IR
// text for elementwise float32 kernels, compiles that text to an x86-64 object
// with the pinned LLVM 14 llc, and reports whether the host can run the
// AVX2/FMA (x86-64-v3) code it produces.
//
// The package follows the backend roles of the design notes (docs/backends.md): Emit is pure and
// deterministic (golden-testable on any machine), Compile is the toolchain step,
// and HostSupportsAVX2 is the piece of run-time dispatch a runner needs. Loading
// and calling the kernels is left to generated Go packages, which embed the
// object as a .syso file and declare the kernels through cgo (see CgoPreamble).
//
// llir's packages are imported under aliases (llvmir, lltypes, ...) so that they
// do not clash with seqc's own ir package.
package llvm
