package interp

import (
	"fmt"

	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// Value returns the tensor of a value the op reads without taking it as an
// argument, which a kernel for a whole scan region needs: its body reads
// model weights (params and weight-only values, often declared inside the
// body, where they are computed only when the body runs) and values of the
// enclosing function (a capture). A weight-only value not computed yet is
// computed now, once per model like every fixed op; a value computed
// before the op in this run is returned as it is. Any other value (one
// computed per call inside the body) is an error.
func (c *KernelCall) Value(v *ir.Value) (*runtime.Tensor, error) {
	return c.fr.valueOf(v)
}

func (fr *frame) valueOf(v *ir.Value) (*runtime.Tensor, error) {
	if t := fr.val(v); t != nil {
		return t, nil
	}
	op := v.Def
	if op == nil || !(op.Kind == "param" || op.Kind == "const" || fr.md.fixed[op]) {
		return nil, fmt.Errorf("%%%d is neither computed yet nor weight-only", v.ID)
	}
	for _, a := range op.Args {
		if _, err := fr.valueOf(a); err != nil {
			return nil, err
		}
	}
	if err := fr.op(op); err != nil {
		return nil, err
	}
	return fr.val(v), nil
}
