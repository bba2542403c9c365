package ptx

import "github.com/seqc-dev/seqc/backend"

// SimulatedGPU is the ptx backend over a simulated CUDA driver
// (fakedriver_test.go), for the external tests.
var SimulatedGPU backend.Backend = fakeGPU{}
