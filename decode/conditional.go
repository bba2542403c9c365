package decode

import (
	"fmt"
	"sort"
	"strings"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// ModelOption configures FromModel for a function that takes more than
// the token ids: a sequence-to-sequence model's forward(src_ids, tgt_ids)
// decodes along tgt_ids with the source fixed, a pointer network's
// forward(inputs, pointers) along the pointers with the inputs fixed.
type ModelOption func(*modelConfig)

type modelConfig struct {
	stream string
	fixed  map[string]*runtime.Tensor
	dup    string // a fixed input given twice
}

// WithStream names the input that carries the tokens (i32[B, L]): the one
// decoding feeds, token by token. Without it, the tokens are the only input
// that WithFixed does not give.
func WithStream(input string) ModelOption { return func(c *modelConfig) { c.stream = input } }

// WithFixed gives an input that does not stream (an encoder's source ids,
// a pointer network's inputs), once for every sequence the LM decodes: its
// batch axis is 1, like every decoding state's. Every input but the
// streamed one must be given. The tensor is copied.
func WithFixed(name string, t *runtime.Tensor) ModelOption {
	return func(c *modelConfig) {
		if c.fixed == nil {
			c.fixed = map[string]*runtime.Tensor{}
		}
		if _, dup := c.fixed[name]; dup && c.dup == "" {
			c.dup = name
		}
		if t != nil {
			t = t.Clone()
		}
		c.fixed[name] = t
	}
}

// tokenInput returns the index of the input that carries the tokens, and
// the name to stream it by ("" for a function with one input: the step
// analysis chooses, as it always has).
func (c *modelConfig) tokenInput(fn string, f *ir.Func) (int, string, error) {
	if c.dup != "" {
		return -1, "", fmt.Errorf("decode: fixed input %s given twice", c.dup)
	}
	names := make([]string, len(f.Inputs))
	for i, v := range f.Inputs {
		names[i] = v.Name + " " + v.Type.String()
	}
	known := map[string]bool{}
	for _, v := range f.Inputs {
		known[v.Name] = true
	}
	var unknown []string
	for name := range c.fixed {
		if !known[name] {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return -1, "", fmt.Errorf("decode: %s has no input %s (inputs: %s)", fn, strings.Join(unknown, ", "), strings.Join(names, ", "))
	}
	tok := -1
	if c.stream != "" {
		for i, v := range f.Inputs {
			if v.Name == c.stream {
				tok = i
			}
		}
		if tok < 0 {
			return -1, "", fmt.Errorf("decode: %s has no input %s to stream (inputs: %s)", fn, c.stream, strings.Join(names, ", "))
		}
		if _, ok := c.fixed[c.stream]; ok {
			return -1, "", fmt.Errorf("decode: %s is the streamed input: it cannot be fixed too", c.stream)
		}
	} else {
		var free []int
		for i, v := range f.Inputs {
			if _, ok := c.fixed[v.Name]; !ok {
				free = append(free, i)
			}
		}
		if len(free) != 1 {
			if len(f.Inputs) == 1 {
				return -1, "", fmt.Errorf("decode: %s takes one input (%s): it is the token ids and cannot be fixed", fn, names[0])
			}
			return -1, "", fmt.Errorf("decode: %s takes %d inputs (%s): name the token ids with WithStream and give the others with WithFixed", fn, len(f.Inputs), strings.Join(names, ", "))
		}
		tok = free[0]
	}
	var missing []string
	for i, v := range f.Inputs {
		if _, ok := c.fixed[v.Name]; i != tok && !ok {
			missing = append(missing, v.Name+" "+v.Type.String())
		}
	}
	if len(missing) > 0 {
		return -1, "", fmt.Errorf("decode: %s streams %s: give %s with WithFixed (once for every sequence)", fn, f.Inputs[tok].Name, strings.Join(missing, ", "))
	}
	if len(f.Inputs) == 1 {
		return tok, "", nil
	}
	return tok, f.Inputs[tok].Name, nil
}

// bind checks the fixed inputs against the signature (with a batch-1,
// length-1 chunk of tokens, as decoding feeds) and returns the symbols they
// bind: a vocabulary axis that is a size of a fixed input (a pointer
// network's N + 1) is evaluated with them.
func (c *modelConfig) bind(fn string, f *ir.Func, tok int, plan *ir.Plan) (map[string]int, error) {
	probe := make([]*runtime.Tensor, len(f.Inputs))
	for i, v := range f.Inputs {
		if i == tok {
			probe[i] = runtime.New(runtime.I32, 1, 1)
			continue
		}
		t := c.fixed[v.Name]
		if t == nil {
			return nil, fmt.Errorf("decode: fixed input %s is nil", v.Name)
		}
		probe[i] = t
	}
	for i, v := range f.Inputs {
		if i == tok || plan.Batch == "" || len(v.Type.Shape) == 0 || v.Type.Shape[0].Sym != plan.Batch {
			continue
		}
		if t := probe[i]; len(t.Shape) > 0 && t.Shape[0] != 1 {
			return nil, fmt.Errorf("decode: fixed input %s has shape %s: decoding runs one sequence per state, so its batch axis %s must be 1", v.Name, t.ShapeString(), plan.Batch)
		}
	}
	env, err := backend.BindInputs(f, probe)
	if err != nil {
		return nil, fmt.Errorf("decode: %s with the fixed inputs: %w", fn, err)
	}
	return env, nil
}
