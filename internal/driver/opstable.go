package driver

import (
	"fmt"
	"strings"

	"github.com/seqc-dev/seqc/ir"
)

// OpTableMarkdown renders the op table as a Markdown table.
func OpTableMarkdown() string {
	var b strings.Builder
	b.WriteString("| op | level | args | attributes | flags | meaning |\n|---|---|---|---|---|---|\n")
	for _, o := range ir.Ops() {
		level := "mixer"
		if o.Level == ir.KernelLevel {
			level = "kernel"
		}
		arity := fmt.Sprint(o.MinArgs)
		switch {
		case o.MaxArgs < 0:
			arity += "+"
		case o.MaxArgs != o.MinArgs:
			arity += fmt.Sprintf("–%d", o.MaxArgs)
		}
		var attrs []string
		for _, a := range o.Attrs {
			s := a.Name + ": " + a.Kind.String()
			if a.Required {
				s += " (required)"
			}
			attrs = append(attrs, s)
		}
		var flags []string
		for _, f := range []struct {
			f    ir.Flags
			name string
		}{{ir.Elementwise, "elementwise"}, {ir.SeqMixer, "sequence mixer"}, {ir.Source, "source"}, {ir.Commutative, "commutative"}, {ir.HasBody, "body"}} {
			if o.Has(f.f) {
				flags = append(flags, f.name)
			}
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", o.Name, level, arity, strings.Join(attrs, ", "), strings.Join(flags, ", "), o.Doc)
	}
	return b.String()
}
