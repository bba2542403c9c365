#!/usr/bin/env python3
"""Regenerates the command/output sections of examples/*/README.md by running
each command with bin/seqc (make build first). Timings are elided.

    python3 scripts/example_readmes.py [ROOT [FAMILY ...]]   # every family, or the ones named"""
import re, subprocess, sys
ROOT = sys.argv[1] if len(sys.argv) > 1 else "."
ONLY = set(sys.argv[2:])
def run(cmd):
    out = subprocess.run(cmd.replace("seqc ", "bin/seqc ", 1), shell=True, capture_output=True, text=True, cwd=ROOT)
    return re.sub(r"in \d+(\.\d+)?(µ|m)?s\b", "in …", out.stdout + out.stderr).rstrip()
def case_cmd(case):
    for line in open(ROOT + "/golden/reference/models.txt"):
        if line.startswith(case + " "):
            return "seqc run " + " ".join(line.split()[1:]) + " --output-dir out/" + case
FAMS = {
 "mamba": ("Mamba, Mamba LM and Mamba-2", "The Mamba-1 selective SSM mixer (`mamba_mixer.seq`), the language model around it (`mamba_lm.seq`, state-spaces/mamba `MambaLMHeadModel` names: `backbone.embedding.weight`, `backbone.layers.N.mixer.*`, tied `lm_head.weight`) and the Mamba-2 SSD mixer (`mamba2_mixer.seq`). The blocks live in `stdlib/ssm.seq`.", ["mamba_mixer", "mamba_lm", "mamba2_mixer", "mamba_charlm"], ["--step"]),
 "hydra": ("Hydra", "Hydra's quasiseparable bidirectional mixer (goombalab/hydra): two SSD scans, one of them over the flipped sequence, each shifted by one, plus a data-dependent diagonal. Non-causal, so there is no step form.", ["hydra_mixer"], ["--mode quadratic"]),
 "s4d": ("S4D", "The minimal S4D layer of state-spaces/s4: a complex diagonal SSM with ZOH, run as a long convolution (`--mode conv`), a scan, or chunked; exact GELU and a GLU output map.", ["s4d_layer"], ["--mode conv", "--step"]),
 "s5": ("S5", "The S5 SSM layer and block (lindermanlab/S5, flax parameter names `seq.Lambda_re`, `norm.scale`, `out2.kernel`): P complex states shared by H features.", ["s5_layer", "s5_block"], ["--step"]),
 "llama": ("LLaMA", "A LLaMA-architecture decoder under HF transformers' `LlamaForCausalLM` names and config keys: RMSNorm, RoPE (half-split; `--set rope_interleaved=true` for Meta's interleaved pairs), grouped-query attention, SwiGLU. The step form keeps a KV cache.", ["llama_lm", "llama_charlm"], ["--step --prefill 8"]),
 "transformer": ("PyTorch Transformer encoder", "`torch.nn.TransformerEncoder` with `batch_first`: stacked `in_proj_weight`, norm-first or post-norm, exact GELU or ReLU. `--set padding_mask=true` adds a second input, `src_key_padding_mask` (nonzero = padded key).", ["transformer_encoder", "transformer_encoder_padmask"], ["--mode quadratic"]),
 "linear_attention": ("Linear attention, GLA, DeltaNet, DeltaProduct", "Op-level models of fla's naive references: causal linear attention and GLA (lowered to the `ssm` mixer with a K-dimensional state per head), the delta rule in fla's `[B, H, T, K]` layout, and gated DeltaProduct with two Householder steps per token. Each returns the output and the final state.", ["linear_attention_op", "gla_op", "delta_rule_op", "deltaproduct_op"], ["--step"]),
 "rnn": ("LSTM and GRU", "Multi-layer `torch.nn.LSTM` and `torch.nn.GRU` (PyTorch names `weight_ih_l0`, ..., gate orders i,f,g,o and r,z,n), written with the language's `scan` construct in `stdlib/rnn.seq`: a new recurrent cell needs no Go.", ["lstm", "gru"], ["--step"]),
 "rwkv": ("RWKV-4", "RWKV-4 (BlinkDL/RWKV-LM; the Pile, Raven and World checkpoints) under the official `.pth` names (`emb.weight`, `blocks.N.att.time_decay`, ..., `head.weight`): token shift, the time-mix WKV through the `ssm` mixer (the running maximum of the official numerically stable form is a `scan`), the channel mix. `--set wkv=scan` writes the WKV as the official RNN cell instead. The step form carries RWKV's recurrent state.", ["rwkv4_lm", "rwkv4_lm_largek", "rwkv4_charlm"], ["--step"]),
 "gam": ("Gated Associative Memory (GAM)", "GAM (Acharya 2025, rishiraj/gam `GAM_Model`) under its state_dict names: per block a causal depthwise convolution (local path) and a softmax read of a learned memory bank (global path), fused by sigmoid gates, then a GELU feed-forward; learned positions and a tied head.", ["gam_lm", "gam_charlm"], ["--step"]),
 "seq2seq": ("Sequence to sequence (LSTM encoder-decoder)", "Sequence to sequence learning with LSTMs (Sutskever, Vinyals and Le, 2014): a multi-layer LSTM reads the source reversed, and a multi-layer LSTM decoder, every layer started from the encoder's final (h, c), predicts the target (torch.nn.LSTM names: `encoder.weight_ih_l0`, ..., `decoder.bias_hh_l1`; `src_embedding`, `tgt_embedding`, `generator`). `forward(src_ids, tgt_ids)` is teacher-forced and streams along the target with the source given once (`--step --stream tgt_ids`: the encoder runs once per stream). `seq2seq_numbers` is a model trained to translate English number words into digits, `seq2seq_lstm` has random weights and three layers. No official code of the paper runs here: the fixtures come from an independent float64 PyTorch re-implementation, `scripts/fixtures/seq2seq.py`.", ["seq2seq_lstm", "seq2seq_numbers"], ["--step"]),
 "pointer": ("Pointer network", "Pointer networks (Vinyals, Fortunato and Jaitly, 2015): an LSTM encoder over the inputs, an LSTM decoder started from its final state, and additive attention over the encoder states whose scores are the output logits, so the output vocabulary is the input (`logits: f32[B, T, N+1]`; position 0 is a learned start/end element). The decoder's input is the element the previous pointer named. `forward(inputs, pointers)` streams along the pointers with the inputs given once (`--step --stream pointers`). `pointer_sort` is a model trained to sort lists of numbers, `pointer_net` has random weights, 2-D inputs and two layers. No official code of the paper runs here: the fixtures come from an independent float64 PyTorch re-implementation, `scripts/fixtures/pointer.py`.", ["pointer_net", "pointer_sort"], ["--step"]),
 "jamba": ("Jamba (hybrid Mamba/attention with mixture of experts)", "A Jamba-style hybrid (Lieber et al. 2024) under HF transformers' `JambaForCausalLM` names and config keys: Mamba layers (with Jamba's RMSNorms on dt, B and C), an attention layer every `attn_layer_period` layers at `attn_layer_offset`, and a mixture-of-experts feed-forward every `expert_layer_period` layers at `expert_layer_offset` (softmax over the router's logits, then the top `num_experts_per_tok`, not renormalised, as `JambaSparseMoeBlock`). The step form keeps the attention layers' KV caches and the Mamba layers' conv windows and SSM states. The fixtures come from HF's own `JambaForCausalLM` (`scripts/fixtures/jamba_fixtures.py`).", ["jamba_lm"], ["--step --prefill 3"]),
 "aaren": ("Aaren (attention as an RNN)", "Aaren (Feng et al. 2024, \"Attention as an RNN\"): attention of one learned query per head over the tokens so far, written as the prefix of an associative operator on (running maximum, numerator, denominator). `--mode scan` runs it one position after another (the paper's RNN cell), `--mode chunked` as a parallel prefix over blocks of positions, and `--step` streams it with a constant state per head. No official code is public: the fixtures come from an independent float64 re-implementation of the paper, `scripts/fixtures/aaren.py`. `aaren_charlm` is a byte-level model trained on Go source.", ["aaren_lm", "aaren_charlm"], ["--mode chunked", "--step"]),
 "ut": ("Universal Transformer with adaptive computation time", "The Universal Transformer (Dehghani et al. 2018) with ACT (Graves 2016) as tensor2tensor's `adaptive_universal_transformer` defines it: one tied layer applied up to `act_max_steps` times with per-position halting probabilities, remainders and update weights, in the mask form (every position runs every step; halted ones get weight 0). `ut_encoder` is the encoder (bidirectional), `ut_lm` and `ut_charlm` the decoder-only form (causal), which streams with one KV cache per step. tensor2tensor cannot run here: the fixtures come from an independent float64 re-implementation of its while loop, `scripts/fixtures/ut.py`. `ut_charlm` is a byte-level model trained on Go source.", ["ut_encoder", "ut_lm", "ut_charlm"], []),
 "crnn": ("CRNN with CTC", "CRNN (Shi, Bai & Yao 2015) as meijieru/crnn.pytorch's `models/crnn.py` writes it, under its state_dict names (`cnn.conv0`, ..., `cnn.batchnorm2`, `rnn.0.rnn.weight_ih_l0_reverse`, `rnn.1.embedding`): seven `conv2d`s with eval-mode BatchNorm and four `max_pool2d`s turn a text line image `[B, nc, 32, W]` into `W/4+1` columns, two bidirectional LSTMs (`scan`s, one over the flipped columns) score the classes of each column, and CTC decoding (`decode.CTCGreedy`, `decode.CTCBeam`) reads the line. `nm_base` scales the authors' channels (64: theirs). `crnn_digits` is a model trained to read rendered digit lines, `crnn_random` has random weights, LeakyReLU and random BatchNorm statistics. Not causal, so there is no step form. On the llvm backend `conv2d` runs as im2col feeding the packed GEMM and the pools as native vector loops.", ["crnn_digits", "crnn_random"], ["--backend llvm --verbose", "--step"]),
 "arnet": ("AR-Net", "AR-Net (ourownstory/AR-Net): one linear map over the last `ar_order` values, i.e. a causal convolution over the series. `forward` gives the one-step predictions, `--horizon N` a recursive multi-step forecast, `--coefficients` the AR coefficients lag 1 first.", ["arnet"], []),
}
for fam, (title, desc, cases, extras) in FAMS.items():
    if ONLY and fam not in ONLY:
        continue
    path = f"{ROOT}/examples/{fam}/README.md"
    try:
        old = open(path).read()
        keep = old.split("<!-- end of generated commands -->", 1)[1] if "<!-- end of generated commands -->" in old else ""
    except FileNotFoundError:
        keep = ""
    doc = [f"# {title}", "", desc, "", "Run from the repository root; `make build` puts the CLI in `bin/seqc` (below, `seqc`).", ""]
    for c in cases:
        cmd = case_cmd(c)
        doc += [f"## `{c}`", "", "```", "$ " + cmd, run(cmd), "```", ""]
        for ex in extras:
            doc += ["```", "$ " + cmd + " " + ex, run(cmd + " " + ex), "```", ""]
    if fam == "arnet":
        base = "seqc run examples/arnet/arnet.seq --config golden/reference/arnet/config.json --weights golden/reference/arnet/weights.safetensors"
        for ex in ["--coefficients --output-dir out/arnet", "--input golden/reference/arnet/input.npy --horizon 5 --output-dir out/arnet"]:
            doc += ["```", "$ " + base + " " + ex, run(base + " " + ex), "```", ""]
    doc += ["The outputs match the official implementations' (`golden/reference/<case>`) within each case's tolerance; `go test ./cmd/seqc -run TestReference` checks every mode and the step form.", "", "<!-- end of generated commands -->"]
    open(path, "w").write("\n".join(doc) + keep.rstrip("\n") + "\n")
