//go:generate go run ../../cmd/seqc build gam.seq -o gamlm --config ../../golden/reference/gam_charlm/config.json

// Command gam continues a prompt with a byte-level Gated Associative Memory
// language model (rishiraj/gam's GAM_Model, 6 blocks, N_EMBED 128) trained on
// Go source (golden/reference/gam_charlm), streaming bytes as they are
// decoded through the package seqc build generated (./gamlm). GAM's only
// sequence mixing is a causal convolution (kernel 3) per block and learned
// absolute positions, so each byte sees the 13 before it and the stream
// ends at BLOCK_SIZE (256) positions. Run it from the repository root:
//
//	go run ./examples/gam -prompt 'func (b *Buffer) ' -n 200
package main

import (
	"github.com/seqc-dev/seqc/examples/gam/gamlm"
	"github.com/seqc-dev/seqc/examples/internal/bytelm"
)

func main() {
	bytelm.MainLimit("golden/reference/gam_charlm/weights.safetensors", gamlm.DefaultConfig().BLOCKSIZE, func(path string) (bytelm.LM, error) {
		return gamlm.Load(path)
	})
}
