//go:generate go run ../../cmd/seqc build mamba_lm.seq -o mambalm --config ../../golden/reference/mamba_charlm/config.json

// Command mamba continues a prompt with a byte-level Mamba language model
// trained on Go source, streaming bytes as they are decoded. It uses the
// package that seqc build generated (./mambalm): Load, NewState, Prefill and
// Step (see examples/internal/bytelm); no Python and no seqc binary at run
// time. Run it from the repository root:
//
//	go run ./examples/mamba -prompt 'func (b *Buffer) ' -n 200
package main

import (
	"github.com/seqc-dev/seqc/examples/internal/bytelm"
	"github.com/seqc-dev/seqc/examples/mamba/mambalm"
)

func main() {
	bytelm.Main("golden/reference/mamba_charlm/weights.safetensors", func(path string) (bytelm.LM, error) {
		return mambalm.Load(path)
	})
}
