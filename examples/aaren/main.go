//go:generate go run ../../cmd/seqc build aaren.seq -o aarenlm --config ../../golden/reference/aaren_charlm/config.json

// Command aaren continues a prompt with a byte-level Aaren language model
// ("Attention as an RNN", Feng et al. 2024; 2 layers, d_model 64) trained on
// Go source (golden/reference/aaren_charlm), through the package seqc build
// generated (./aarenlm). The prompt goes in with Prefill, which runs each
// layer's attention as a prefix scan over the whole prompt; every further
// byte is one Step of the paper's RNN form, whose state is a constant
// (max, numerator, denominator) per head and layer, however long the text.
// Run it from the repository root:
//
//	go run ./examples/aaren -prompt 'func (b *Buffer) ' -n 100
package main

import (
	"github.com/seqc-dev/seqc/examples/aaren/aarenlm"
	"github.com/seqc-dev/seqc/examples/internal/bytelm"
)

func main() {
	bytelm.Main("golden/reference/aaren_charlm/weights.safetensors", func(path string) (bytelm.LM, error) {
		return aarenlm.Load(path)
	})
}
