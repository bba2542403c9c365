package dsl

import (
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// Format prints a parsed file in canonical form: four-space indentation,
// one space around binary operators, comments and single blank lines kept.
// Formatting a formatted file changes nothing.
func Format(f *File) []byte {
	p := &printer{comments: f.Comments}
	for _, imp := range f.Imports {
		p.node(imp.Pos, imp.Pos.Line, func() string {
			s := "import " + strconv.Quote(imp.Path)
			if imp.Alias != nil {
				s += " as " + *imp.Alias
			}
			return s
		})
	}
	for i, d := range f.Decls {
		if i > 0 || len(f.Imports) > 0 {
			p.blank = true
		}
		p.decl(d)
	}
	p.flush(lexer.Position{Line: 1 << 30})
	return []byte(strings.Join(p.out, "\n") + "\n")
}

type printer struct {
	out      []string
	indent   int
	comments []lexer.Token
	last     int  // source line of the end of the last printed node
	blank    bool // a blank line is wanted before the next line
	open     bool // the last line opened a block
}

func (p *printer) line(s string) {
	if p.blank && len(p.out) > 0 && !p.open {
		p.out = append(p.out, "")
	}
	p.blank = false
	p.open = strings.HasSuffix(s, "{")
	p.out = append(p.out, strings.Repeat("    ", p.indent)+s)
}

// flush prints the comments before pos: on the previous line when they
// shared it, else on their own lines.
func (p *printer) flush(pos lexer.Position) {
	for len(p.comments) > 0 && p.comments[0].Pos.Line < pos.Line {
		c := p.comments[0]
		p.comments = p.comments[1:]
		text := strings.TrimRight(c.Value, " \t")
		if c.Pos.Line <= p.last && len(p.out) > 0 {
			p.out[len(p.out)-1] += "  " + text
			continue
		}
		if p.last > 0 && c.Pos.Line > p.last+1 {
			p.blank = true
		}
		p.line(text)
		p.open = false
		p.last = c.Pos.Line
	}
}

// node prints one line-level construct that starts at pos and ends on
// source line end.
func (p *printer) node(pos lexer.Position, end int, text func() string) {
	p.flush(pos)
	if p.last > 0 && pos.Line > p.last+1 {
		p.blank = true
	}
	body := text() // first: scan bodies take the comments inside them
	// A construct is printed on fewer lines than it may have had; comments
	// from its inner lines go above it, so none is joined onto another.
	for len(p.comments) > 0 && p.comments[0].Pos.Line < end {
		p.line(strings.TrimRight(p.comments[0].Value, " \t"))
		p.open = false
		p.comments = p.comments[1:]
	}
	for _, l := range strings.Split(body, "\n") {
		p.line(l)
	}
	p.last = max(end, pos.Line)
}

// closeBlock prints "}" after the comments inside the block.
func (p *printer) closeBlock(end lexer.Position, suffix string) {
	p.flush(end)
	p.indent--
	p.blank = false
	p.line("}" + suffix)
	p.last = end.Line
}

func (p *printer) decl(d *Decl) {
	// Comments inside the hyperparameter list stay with the hyperparameter
	// whose line they are on (or precede the next one on their own line).
	last := d.Pos.Line
	if len(d.Hypers) > 0 {
		last = d.Hypers[len(d.Hypers)-1].Pos.Line
	}
	var inside []lexer.Token
	p.flush(d.Pos)
	for len(d.Hypers) > 0 && len(p.comments) > 0 && p.comments[0].Pos.Line <= last {
		inside = append(inside, p.comments[0])
		p.comments = p.comments[1:]
	}
	p.node(d.Pos, last, func() string {
		hs := make([]string, len(d.Hypers))
		for i, h := range d.Hypers {
			hs[i] = h.Name + ": " + h.Type
			for _, b := range h.Bounds {
				hs[i] += " " + b.Op + " " + addExprText(b.Value)
			}
			if h.Default != nil {
				hs[i] += " = " + exprText(h.Default)
			}
		}
		head := d.Kind + " " + d.Name + "("
		one := head + strings.Join(hs, ", ") + ") {"
		if len(one) <= 100 && len(inside) == 0 {
			return one
		}
		var b strings.Builder
		b.WriteString(head)
		ci := 0
		for i, h := range d.Hypers {
			for ci < len(inside) && inside[ci].Pos.Line < h.Pos.Line {
				b.WriteString("\n    " + strings.TrimRight(inside[ci].Value, " \t"))
				ci++
			}
			b.WriteString("\n    " + hs[i] + ",")
			for ci < len(inside) && inside[ci].Pos.Line == h.Pos.Line {
				b.WriteString("  " + strings.TrimRight(inside[ci].Value, " \t"))
				ci++
			}
		}
		for ; ci < len(inside); ci++ {
			b.WriteString("\n    " + strings.TrimRight(inside[ci].Value, " \t"))
		}
		b.WriteString("\n) {")
		return b.String()
	})
	p.indent++
	p.members(d.Members)
	p.closeBlock(d.EndPos, "")
}

func (p *printer) members(ms []*Member) {
	for _, m := range ms {
		p.member(m)
	}
}

func (p *printer) member(m *Member) {
	switch {
	case m.Const != nil:
		p.node(m.Pos, m.EndPos.Line, func() string { return "const " + m.Const.Name + " = " + exprText(m.Const.Value) })
	case m.Field != nil:
		p.node(m.Pos, m.EndPos.Line, func() string {
			s := m.Field.Name + " = " + exprText(m.Field.Value)
			if m.Field.Rename != nil {
				s += " as " + exprText(m.Field.Rename)
			}
			return s
		})
	case m.Param != nil:
		pd := m.Param
		p.node(m.Pos, m.EndPos.Line, func() string {
			s := "param " + pd.Name + ": " + typeText(pd.Type)
			if pd.Init != nil {
				s += " = " + exprText(pd.Init)
			}
			if pd.Rename != nil {
				s += " as " + exprText(pd.Rename)
			}
			return s
		})
	case m.If != nil:
		p.node(m.Pos, m.Pos.Line, func() string { return "if " + exprText(m.If.Cond) + " {" })
		p.indent++
		p.members(m.If.Then)
		if m.If.Else != nil {
			var at lexer.Position
			if len(m.If.Else) > 0 {
				at = m.If.Else[0].Pos
			} else {
				at = m.EndPos
			}
			p.closeElse(at)
			p.members(m.If.Else)
		}
		p.closeBlock(m.EndPos, "")
	case m.Func != nil:
		fd := m.Func
		p.node(m.Pos, m.Pos.Line, func() string { return funcHead(fd) + " {" })
		p.indent++
		p.stmts(fd.Body)
		p.closeBlock(fd.EndPos, "")
	}
}

// closeElse prints "} else {" between two branches.
func (p *printer) closeElse(next lexer.Position) {
	p.flushBefore(next)
	p.indent--
	p.blank = false
	p.line("} else {")
	p.indent++
}

// flushBefore prints comments strictly before the line of next, minus one
// line (the "} else {" line itself).
func (p *printer) flushBefore(next lexer.Position) {
	p.flush(lexer.Position{Line: next.Line - 1})
}

func funcHead(fd *FuncDecl) string {
	args := make([]string, len(fd.Args))
	for i, a := range fd.Args {
		if a.Type != nil {
			args[i] = a.Name + ": " + typeText(a.Type)
		} else {
			args[i] = a.Name + ": " + a.Kind
		}
		if a.Default != nil {
			args[i] += " = " + exprText(a.Default)
		}
	}
	s := fd.Name + "(" + strings.Join(args, ", ") + ")"
	if fd.Entry {
		s = "entry " + s
	}
	switch {
	case len(fd.Results) == 1 && fd.Results[0].Name == "":
		s += " -> " + typeText(fd.Results[0].Type)
	case len(fd.Results) > 0:
		rs := make([]string, len(fd.Results))
		for i, r := range fd.Results {
			rs[i] = typeText(r.Type)
			if r.Name != "" {
				rs[i] = r.Name + ": " + rs[i]
			}
		}
		s += " -> (" + strings.Join(rs, ", ") + ")"
	}
	return s
}

func (p *printer) stmts(ss []*Stmt) {
	for _, s := range ss {
		p.stmt(s)
	}
}

func (p *printer) stmt(s *Stmt) {
	switch {
	case s.Return != nil:
		p.node(s.Pos, s.EndPos.Line, func() string { return "return " + exprList(s.Return.Values) })
	case s.Assign != nil:
		p.node(s.Pos, s.EndPos.Line, func() string {
			return strings.Join(s.Assign.Targets, ", ") + " = " + exprTextP(s.Assign.Value, p)
		})
	case s.For != nil:
		p.node(s.Pos, s.Pos.Line, func() string { return "for " + s.For.Var + " in " + exprText(s.For.Iter) + " {" })
		p.indent++
		p.stmts(s.For.Body)
		p.closeBlock(s.EndPos, "")
	case s.If != nil:
		p.ifStmt(s.If, s.Pos, "if ")
		p.closeBlock(s.EndPos, "")
	}
}

func (p *printer) ifStmt(st *IfStmt, pos lexer.Position, kw string) {
	if kw == "if " {
		p.node(pos, pos.Line, func() string { return "if " + exprText(st.Cond) + " {" })
	}
	p.indent++
	p.stmts(st.Then)
	switch {
	case st.ElseIf != nil:
		p.flushBefore(st.ElseIf.Pos)
		p.indent--
		p.blank = false
		p.line("} else if " + exprText(st.ElseIf.Cond) + " {")
		p.last = st.ElseIf.Pos.Line
		p.ifStmt(st.ElseIf, st.ElseIf.Pos, "else if ")
	case st.Else != nil:
		if len(st.Else) > 0 {
			p.closeElse(st.Else[0].Pos)
		} else {
			p.indent--
			p.line("} else {")
			p.indent++
		}
		p.stmts(st.Else)
	}
}
