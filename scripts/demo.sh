#!/usr/bin/env bash
# make demo: compile, initialise and run real models with nothing but Go.
set -euo pipefail
cd "$(dirname "$0")/.."
SEQC=./bin/seqc
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "Check a Mamba LM (mamba-130m sizes) and a LLaMA-7B-sized decoder"
$SEQC check examples/mamba/mamba_lm.seq
$SEQC check examples/llama/llama.seq

say "The mixer-level IR of a 1-layer Mamba LM (first lines)"
$SEQC ir examples/mamba/mamba_lm.seq --set d_model=64 --set n_layer=1 --set vocab_size=256 | head -40

say "The IR of a 1-layer LLaMA decoder after the passes (first lines of forward)"
$SEQC ir examples/llama/llama.seq --all --set num_hidden_layers=1 --set hidden_size=64 --set intermediate_size=128 --set num_attention_heads=4 --set vocab_size=256 | sed -n '/^func forward/,$p' | head -16

say "What the compiler decided for a Mamba LM at L = 2048 (seqc ir --explain)"
$SEQC ir examples/mamba/mamba_lm.seq --explain --set n_layer=1

say "Initialise a small Mamba LM from its initialisers (seqc init)"
$SEQC init examples/mamba/mamba_lm.seq --set d_model=64 --set n_layer=2 --set vocab_size=64 --set pad_vocab_size_multiple=1 -o "$OUT/w.safetensors" --seed 1

say "Run it forward on token ids, then step by step (the derived streaming form)"
IDS=golden/reference/mamba_lm/input_ids.npy
$SEQC run examples/mamba/mamba_lm.seq --set d_model=64 --set n_layer=2 --set vocab_size=64 --set pad_vocab_size_multiple=1 \
  --weights "$OUT/w.safetensors" --input "$IDS" --output-dir "$OUT/fwd"
$SEQC run examples/mamba/mamba_lm.seq --set d_model=64 --set n_layer=2 --set vocab_size=64 --set pad_vocab_size_multiple=1 \
  --weights "$OUT/w.safetensors" --input "$IDS" --output-dir "$OUT/step" --step
cmp -s "$OUT/fwd/logits.npy" "$OUT/step/logits.npy" && echo "forward and step logits: identical bytes" \
  || echo "forward and step logits differ in the last bits (float32 rounding): see the reference tests for tolerances"

say "Run the trained byte-level Mamba (Go source) on four held-out windows"
D=golden/reference/mamba_charlm
$SEQC run examples/mamba/mamba_lm.seq --config $D/config.json --weights $D/weights.safetensors --input $D/input_ids.npy --output-dir "$OUT/charlm"

say "Generated Go packages at work: the trained byte-level Mamba continues a Go prompt (go run ./examples/mamba)"
go run ./examples/mamba -n 200
say "... and the LLaMA-architecture model, decoding with a KV cache (go run ./examples/llama)"
go run ./examples/llama -n 200
say "An AR-Net forecast through its generated package (go run ./examples/arnet)"
go run ./examples/arnet
