//go:generate go run ../../cmd/seqc build rwkv4.seq -o rwkvlm --config ../../golden/reference/rwkv4_charlm/config.json

// Command rwkv continues a prompt with a byte-level RWKV-4 language model
// trained on Go source (golden/reference/rwkv4_charlm: the official
// RWKV-v4 training module, 4 layers, n_embd 128), streaming bytes as they
// are decoded. It uses the package that seqc build generated (./rwkvlm):
// Load, NewState, Prefill and Step, where the step state is RWKV's own
// recurrent state (per layer: the two token-shift vectors, the WKV sums and
// their running maximum). Run it from the repository root:
//
//	go run ./examples/rwkv -prompt 'func (b *Buffer) ' -n 200
package main

import (
	"github.com/seqc-dev/seqc/examples/internal/bytelm"
	"github.com/seqc-dev/seqc/examples/rwkv/rwkvlm"
)

func main() {
	bytelm.Main("golden/reference/rwkv4_charlm/weights.safetensors", func(path string) (bytelm.LM, error) {
		return rwkvlm.Load(path)
	})
}
