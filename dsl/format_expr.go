package dsl

import (
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// exprText prints an expression canonically; a scan body's lines are
// indented relative to the statement that holds it.
func exprText(x *Expr) string {
	w := &exprWriter{}
	w.expr(x)
	return w.b.String()
}

// addExprText prints a sum (a hyperparameter's bound).
func addExprText(x *AddExpr) string {
	w := &exprWriter{}
	w.add(x)
	return w.b.String()
}

func exprList(xs []*Expr) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = exprText(x)
	}
	return strings.Join(parts, ", ")
}

type exprWriter struct {
	b strings.Builder
	p *printer // the statement printer, whose comments a scan body takes; nil outside statements
}

// exprTextP prints an expression of a statement printed by p.
func exprTextP(x *Expr, p *printer) string {
	w := &exprWriter{p: p}
	w.expr(x)
	return w.b.String()
}

func (w *exprWriter) s(s string) { w.b.WriteString(s) }

func (w *exprWriter) expr(x *Expr) {
	w.and(x.Left)
	for _, t := range x.Rest {
		w.s(" || ")
		w.and(t.Right)
	}
}

func (w *exprWriter) and(x *AndExpr) {
	w.cmp(x.Left)
	for _, t := range x.Rest {
		w.s(" && ")
		w.cmp(t.Right)
	}
}

func (w *exprWriter) cmp(x *CmpExpr) {
	w.rng(x.Left)
	if x.Op != "" {
		w.s(" " + x.Op + " ")
		w.rng(x.Right)
	}
}

func (w *exprWriter) rng(x *RangeExpr) {
	w.add(x.Left)
	if x.Hi != nil {
		w.s("..")
		w.add(x.Hi)
	}
}

func (w *exprWriter) add(x *AddExpr) {
	w.mul(x.Left)
	for _, t := range x.Rest {
		w.s(" " + t.Op + " ")
		w.mul(t.Right)
	}
}

func (w *exprWriter) mul(x *MulExpr) {
	w.unary(x.Left)
	for _, t := range x.Rest {
		w.s(" " + t.Op + " ")
		w.unary(t.Right)
	}
}

func (w *exprWriter) unary(x *Unary) {
	if x.Op == "" {
		w.postfix(x.Operand)
		return
	}
	w.s(x.Op)
	if x.Op == "-" && x.Inner.Op == "-" {
		w.s(" ") // - -x, not --x
	}
	w.unary(x.Inner)
}

func (w *exprWriter) postfix(x *Postfix) {
	w.primary(x.Primary)
	for _, op := range x.Ops {
		switch {
		case op.Field != nil:
			w.s("." + *op.Field)
		case op.Call != nil:
			w.s("(")
			w.args(op.Call)
			w.s(")")
		case op.Index != nil:
			w.s("[")
			for i, it := range op.Index {
				if i > 0 {
					w.s(", ")
				}
				w.indexArg(it)
			}
			w.s("]")
		}
	}
	for _, h := range x.Hints {
		w.s(" " + h.Name + "(")
		w.expr(h.Arg)
		w.s(")")
	}
}

func (w *exprWriter) args(ca *CallArgs) {
	for i, a := range ca.Args {
		if i > 0 {
			w.s(", ")
		}
		if a.Name != nil {
			w.s(*a.Name + ": ")
		}
		w.expr(a.Value)
	}
}

func (w *exprWriter) indexArg(it *IndexArg) {
	switch {
	case it.Ellipsis:
		w.s("..")
	case it.NewAxis:
		w.s("None")
	default:
		lo, hi, slice := it.bounds()
		if lo != nil {
			w.expr(lo)
		}
		if slice {
			w.s(":")
			if hi != nil {
				w.expr(hi)
			}
		}
	}
}

func (w *exprWriter) primary(p *Primary) {
	switch {
	case p.Float != nil:
		w.s(*p.Float)
	case p.Int != nil:
		w.s(*p.Int)
	case p.String != nil:
		w.s(strconv.Quote(*p.String))
	case p.Bool != nil:
		w.s(*p.Bool)
	case p.None:
		w.s("None")
	case p.Paren != nil:
		w.s("(")
		w.expr(p.Paren)
		w.s(")")
	case p.List != nil:
		w.s("[")
		for i, it := range p.List.Items {
			if i > 0 {
				w.s(", ")
			}
			w.expr(it)
		}
		if p.List.For != nil {
			w.s(" for " + *p.List.For + " in ")
			w.expr(p.List.Iter)
		}
		for _, it := range p.List.More {
			w.s(", ")
			w.expr(it)
		}
		w.s("]")
	case p.Scan != nil:
		w.scan(p.Scan)
	case p.Ident != nil:
		w.s(*p.Ident)
	}
}

// scan prints a scan with its body on indented lines. Comments inside a
// scan body are kept by the statement printer's flush only at statement
// level, so the body is printed with a nested printer.
func (w *exprWriter) scan(s *ScanExpr) {
	w.s("scan(")
	w.args(s.Args)
	w.s(") { (" + strings.Join(s.Params, ", ") + ") ->")
	// Lines are relative to the statement's indentation, which the
	// statement printer adds to every line of a multi-line expression.
	inner := &printer{indent: 1}
	if w.p != nil {
		inner.comments, inner.last = w.p.comments, s.Pos.Line
	}
	inner.stmts(s.Body)
	if w.p != nil {
		inner.flush(lexer.Position{Line: s.EndPos.Line})
		w.p.comments = inner.comments
	}
	for _, l := range inner.out {
		w.s("\n" + l)
	}
	w.s("\n}")
}
