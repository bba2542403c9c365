// Package ptx is the GPU backend: kernels written once against the GPU
// execution model (gen.go) and emitted either for NVIDIA GPUs — PTX for
// sm_80 built by llc, loaded through the CUDA driver with purego (backend
// "ptx") — or for the CPU, where block and thread indices become loops
// (backend "ptx-emu", what CI tests). The interpreter drives every model
// and runs the ops without a kernel (the mixed plan). docs/ptx.md is the
// design, and says what has and has not run on a GPU.
package ptx
