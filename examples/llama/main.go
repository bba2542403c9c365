//go:generate go run ../../cmd/seqc build llama.seq -o llamalm --config ../../golden/reference/llama_charlm/config.json

// Command llama continues a prompt with a byte-level LLaMA-architecture model
// trained on Go source, streaming bytes as they are decoded. It uses the
// package that seqc build generated (./llamalm): Load, NewState, Prefill and
// Step with a KV cache (see examples/internal/bytelm); no Python and no seqc
// binary at run time. Run it from the repository root:
//
//	go run ./examples/llama -prompt 'func (b *Buffer) ' -n 200
package main

import (
	"github.com/seqc-dev/seqc/examples/internal/bytelm"
	"github.com/seqc-dev/seqc/examples/llama/llamalm"
)

func main() {
	bytelm.Main("golden/reference/llama_charlm/weights.safetensors", func(path string) (bytelm.LM, error) {
		return llamalm.Load(path)
	})
}
