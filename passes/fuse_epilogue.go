package passes

import "github.com/seqc-dev/seqc/ir"

// epilogueActs are the activations a linear or conv kernel can apply to its
// output while it is still in cache.
var epilogueActs = map[string]bool{"silu": true, "gelu": true, "gelu_tanh": true, "relu": true, "sigmoid": true, "tanh": true, "softplus": true}

// FuseEpilogue folds an activation into the linear or conv that produces
// its argument (x W^T + b then silu, Mamba's silu(conv(x)), a GELU MLP), when
// the activation is the product's only use: one pass over the output
// instead of two, and one buffer instead of two.
func FuseEpilogue(m *ir.Module) error {
	for _, f := range m.Funcs {
		uses := useCounts(f)
		forEachBody(f, func(body *[]*ir.Op) {
			for _, op := range *body {
				if !epilogueActs[op.Kind] {
					continue
				}
				src := op.Args[0]
				p := src.Def
				if p == nil || (p.Kind != "linear" && p.Kind != "conv") || p.Attrs.String("act") != "" || !soleUse(uses, src) {
					continue
				}
				p.Attrs["act"] = op.Kind
				replaceUses(f, op.Results[0], src)
			}
		})
	}
	return DCE(m)
}
