package ir

import (
	"fmt"
	"strings"
)

// PrintOptions controls the text form.
type PrintOptions struct {
	// Positions appends each op's .seq position (@file:line:col).
	Positions bool
}

// String prints the module with positions.
func (m *Module) String() string { return m.Format(PrintOptions{Positions: true}) }

// Format prints the module in the IR text syntax that Parse reads back.
func (m *Module) Format(o PrintOptions) string {
	var b strings.Builder
	fmt.Fprintf(&b, "module %s\n", quoteName(m.Name))
	if len(m.Hypers) > 0 {
		b.WriteString("\n")
	}
	for _, h := range m.Hypers {
		fmt.Fprintf(&b, "hyper %s: %s = %s\n", h.Name, h.Kind, formatHyper(h.Value))
	}
	if len(m.Params) > 0 {
		b.WriteString("\n")
	}
	for _, p := range m.Params {
		fmt.Fprintf(&b, "param %q: %s", p.Name, p.Type)
		if p.Init != "" {
			fmt.Fprintf(&b, " init %q", p.Init)
		}
		if p.TiedTo != "" {
			fmt.Fprintf(&b, " tied %q", p.TiedTo)
		}
		if o.Positions && p.Pos.IsValid() {
			fmt.Fprintf(&b, " @%s", p.Pos)
		}
		b.WriteString("\n")
	}
	for _, f := range m.Funcs {
		b.WriteString("\n")
		printFunc(&b, f, o)
	}
	return b.String()
}

func quoteName(s string) string {
	if isIdent(s) {
		return s
	}
	return fmt.Sprintf("%q", s)
}

func formatHyper(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return formatAttr(v)
}

func printFunc(b *strings.Builder, f *Func, o PrintOptions) {
	fmt.Fprintf(b, "func %s(", f.Name)
	for i, v := range f.Inputs {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(b, "%%%d %s: %s", v.ID, v.Name, v.Type)
	}
	b.WriteString(") -> (")
	for i, v := range f.Outputs {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(b, "%s: %s", f.OutNames[i], v.Type)
	}
	b.WriteString(") {\n")
	printBody(b, f.Body, 1, o)
	b.WriteString("  return ")
	printRefs(b, f.Outputs)
	b.WriteString("\n}\n")
}

func printRefs(b *strings.Builder, vs []*Value) {
	for i, v := range vs {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(b, "%%%d", v.ID)
	}
}

func printBody(b *strings.Builder, body []*Op, depth int, o PrintOptions) {
	ind := strings.Repeat("  ", depth)
	for _, op := range body {
		b.WriteString(ind)
		printRefs(b, op.Results)
		fmt.Fprintf(b, " = %s", op.Kind)
		if len(op.Args) > 0 {
			b.WriteString(" ")
			printRefs(b, op.Args)
		}
		if len(op.Attrs) > 0 {
			b.WriteString(" {")
			for i, k := range op.Attrs.sortedKeys() {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(b, "%s=%s", k, formatAttr(op.Attrs[k]))
			}
			b.WriteString("}")
		}
		b.WriteString(" :")
		for i, r := range op.Results {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(b, " %s", r.Type)
		}
		if o.Positions && op.Pos.IsValid() {
			fmt.Fprintf(b, " @%s", op.Pos)
		}
		if r := op.Region; r != nil {
			b.WriteString(" {\n")
			b.WriteString(ind + "  ^(")
			for i, v := range r.Args {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(b, "%%%d: %s", v.ID, v.Type)
			}
			b.WriteString("):\n")
			printBody(b, r.Body, depth+1, o)
			b.WriteString(ind + "  yield ")
			printRefs(b, r.Yields)
			b.WriteString("\n" + ind + "}")
		}
		b.WriteString("\n")
	}
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
