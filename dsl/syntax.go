package dsl

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// Syntax errors in words. When a file does not parse, explainSyntax looks
// at its tokens for the mistakes people make coming from Python, NumPy or
// C (x ** 2, y += x, x[::-1], a if c else b, and/or/not, ';', unbalanced
// brackets) and names what was found and what to write instead; failing
// that, it rewrites the parser's message, which quotes the grammar rule
// ("expected \"{\" Stmt* \"}\""), into words.

// tok is one token of a file, without whitespace and comments.
type tok struct {
	kind string // "Ident", "Keyword", "Int", "Float", "String", "Hint", "Punct"
	val  string
	pos  lexer.Position
}

var symbolNames = func() map[lexer.TokenType]string {
	out := map[lexer.TokenType]string{}
	for name, t := range seqLexer.Symbols() {
		out[t] = name
	}
	return out
}()

// tokens lexes src; it stops at the first character the lexer cannot read
// and returns that position (bad is false when the whole file lexed).
func tokens(path string, src []byte) (toks []tok, badAt lexer.Position, bad bool) {
	lx, err := seqLexer.LexString(path, string(src))
	if err != nil {
		return nil, lexer.Position{}, false
	}
	for {
		t, err := lx.Next()
		if err != nil {
			if pe, ok := err.(interface{ Position() lexer.Position }); ok {
				return toks, pe.Position(), true
			}
			return toks, lexer.Position{}, false
		}
		if t.EOF() {
			return toks, lexer.Position{}, false
		}
		kind := symbolNames[t.Type]
		if kind == "Whitespace" || kind == "Comment" {
			continue
		}
		toks = append(toks, tok{kind: kind, val: t.Value, pos: t.Pos})
	}
}

// badChars explains characters that are not tokens of the language.
var badChars = map[byte]string{
	'&':  "no & operator: use && to combine compile-time bools, or multiply masks (a * b)",
	'|':  "no | operator: use || to combine compile-time bools, or maximum(a, b) for masks",
	';':  "statements end at the end of the line: no ';' is needed",
	'\'': "strings are written in double quotes (\"...\")",
	'?':  "no ?: operator: use select(cond, a, b) for compile-time values, where(mask, a, b) for tensors",
	'~':  "no ~ operator: a mask's complement is 1.0 - m (or !m)",
	'^':  "no ^ operator: use pow(x, y) for powers",
	'#':  "comments start with //",
}

// explainSyntax returns the error to report for a file that does not parse:
// a recognised mistake, else the parser's own error (perr) in words. lexed
// are the file's tokens, or nil when it does not lex.
func explainSyntax(path string, src []byte, lexed []lexer.Token, perr *Error) *Error {
	var toks []tok
	var badAt lexer.Position
	bad := false
	if lexed != nil {
		for _, t := range lexed {
			kind := symbolNames[t.Type]
			if kind != "Whitespace" && kind != "Comment" && !t.EOF() {
				t.Pos.Filename = path
				toks = append(toks, tok{kind: kind, val: t.Value, pos: t.Pos})
			}
		}
	} else {
		toks, badAt, bad = tokens(path, src)
	}
	if bad {
		off := badAt.Offset
		if off >= 0 && off < len(src) {
			if msg, ok := badChars[src[off]]; ok {
				return &Error{Pos: badAt, Msg: "syntax error: " + msg}
			}
			if src[off] == '"' {
				return &Error{Pos: badAt, Msg: "syntax error: unterminated string"}
			}
			r := []rune(string(src[off:min(len(src), off+4)]))
			return &Error{Pos: badAt, Msg: fmt.Sprintf("syntax error: unexpected character %q", string(r[0]))}
		}
		return perr
	}
	var found []*Error
	add := func(p lexer.Position, format string, args ...any) {
		found = append(found, &Error{Pos: p, Msg: "syntax error: " + fmt.Sprintf(format, args...)})
	}
	for i, t := range toks {
		prev, next := at(toks, i-1), at(toks, i+1)
		switch {
		case t.val == "*" && next.val == "*":
			add(t.pos, "no ** operator: use pow(%s, %s)", operandBefore(toks, i), operandAfter(toks, i+2))
		case isArith(t.val) && next.val == "=" && adjacent(t, next):
			target := "y"
			if prev.kind == "Ident" {
				target = prev.val
			}
			add(t.pos, "no %s= operator: write %s = %s %s %s", t.val, target, target, t.val, restOfLine(toks, i+2))
		case t.val == "[" && next.val == "]" && endsOperand(prev) && sameLine(prev, t):
			add(t.pos, "an index needs at least one item: x[0], x[:, 1:], x[.., None]")
		case t.val == "," && (next.val == "," || prev.val == "(" || prev.val == "["):
			add(t.pos, "an empty item between commas")
		case t.val == ">" && next.val == ">" && adjacent(t, next), t.val == "<" && next.val == "<" && adjacent(t, next):
			add(t.pos, "no %s%s operator: shift(x, n, axis: 1) moves a tensor along the sequence", t.val, t.val)
		case t.val == "." && next.kind != "Ident":
			add(t.pos, "a . is followed by a field name (x.shape, layer.weight)")
		case t.kind == "Ident" && (prev.pos.Line != t.pos.Line || prev.val == "{") && assignsToNonName(toks, i):
			add(t.pos, "only names can be assigned: tensors are values, not memory (build a new one with where, concat or scatter_add, and bind it to a name)")
		case t.val == ":" && next.val == ":":
			add(t.pos, "slices have no step (::): to reverse an axis use flip(x, axis: %d); other strides are not supported", axisOfItem(toks, i))
		case t.val == ":" && next.val == "=" && adjacent(t, next):
			add(t.pos, "no := operator: bind a name with =")
		case t.val == "==" && next.val == "=" && adjacent(t, next):
			add(t.pos, "no === operator: use ==")
		case t.val == "+" && next.val == "+" && adjacent(t, next):
			add(t.pos, "no ++ operator: write x = x + 1")
		case t.val == "if" && endsOperand(prev) && prev.pos.Line == t.pos.Line:
			add(t.pos, "no conditional expression (a if c else b): use select(c, a, b) for compile-time values, where(mask, a, b) for tensors")
		case (t.val == "and" || t.val == "or") && t.kind == "Ident" && endsOperand(prev) && startsOperand(next) && sameLine(prev, t, next):
			op := map[string]string{"and": "&&", "or": "||"}[t.val]
			add(t.pos, "no %s operator: use %s (or, on masks, %s)", t.val, op, map[string]string{"and": "a * b", "or": "maximum(a, b)"}[t.val])
		case t.val == "not" && t.kind == "Ident" && !endsOperand(prev) && (next.kind == "Ident" || next.kind == "Int" || next.kind == "Float" || next.val == "!") && sameLine(t, next):
			add(t.pos, "no not operator: use ! (on a mask m, 1.0 - m)")
		case t.val == "elif" && t.kind == "Ident" && next.kind != "Punct":
			add(t.pos, "no elif: write else if")
		case (t.val == "let" || t.val == "var") && t.kind == "Ident" && next.kind == "Ident":
			add(t.pos, "no %s: bind a name with %s = ...", t.val, next.val)
		case (t.val == "def" || t.val == "fn" || t.val == "func" || t.val == "function") && t.kind == "Ident" && next.kind == "Ident":
			add(t.pos, "no %s: a function is declared inside a block or model as %s(x: f32[B, L, d]) -> f32[B, L, d] { ... }", t.val, next.val)
		case t.val == "lambda" && t.kind == "Ident" && next.kind == "Ident":
			add(t.pos, "no lambda: declare a function of the block, or write the expression inline")
		case t.kind == "Keyword" && next.val == "=" && (prev.pos.Line != t.pos.Line || prev.val == "{" || prev.val == "}" || i == 0):
			add(t.pos, "%s is a keyword: it cannot name a value", t.val)
		case (t.val == "param" || t.val == "const") && next.kind == "Keyword":
			add(next.pos, "%s is a keyword: it cannot name a %s", next.val, map[string]string{"param": "parameter", "const": "constant"}[t.val])
		case isBinary(t.val) && !startsOperand(next) && next.pos.Line != t.pos.Line:
			add(t.pos, "%s at the end of the line has no right operand (an expression continues on the next line only inside brackets)", t.val)
		case isBinary(t.val) && strings.Contains(")]},", next.val) && next.kind == "Punct":
			add(t.pos, "%s has no right operand", t.val)
		}
		if len(found) > 0 { // tokens come in order: the first mistake is the earliest
			break
		}
	}
	if e, closer := unbalanced(toks); e != nil {
		// An extra closing bracket is often a missing opening one earlier,
		// where the parser stopped.
		if !closer || !before(perr.Pos, e.Pos) {
			found = append(found, e)
		}
	}
	if len(found) > 0 {
		best := found[0]
		for _, e := range found[1:] {
			if before(e.Pos, best.Pos) {
				best = e
			}
		}
		return best
	}
	var prevTok *tok
	for k := range toks {
		if !before(toks[k].pos, perr.Pos) {
			break
		}
		prevTok = &toks[k]
	}
	return inWords(perr, prevTok)
}

func at(toks []tok, i int) tok {
	if i < 0 || i >= len(toks) {
		return tok{kind: "EOF", val: "<EOF>"}
	}
	return toks[i]
}

func before(a, b lexer.Position) bool {
	return a.Line < b.Line || (a.Line == b.Line && a.Column < b.Column)
}

func adjacent(a, b tok) bool {
	return a.pos.Line == b.pos.Line && b.pos.Column == a.pos.Column+len(a.val)
}

func sameLine(ts ...tok) bool {
	for _, t := range ts[1:] {
		if t.pos.Line != ts[0].pos.Line {
			return false
		}
	}
	return true
}

func isArith(s string) bool {
	switch s {
	case "+", "-", "*", "/", "%", "@":
		return true
	}
	return false
}

func isBinary(s string) bool {
	switch s {
	case "+", "-", "*", "/", "%", "@", "&&", "||", "==", "!=", "<", "<=", ">", ">=":
		return true
	}
	return false
}

// endsOperand reports whether an expression may end with t.
func endsOperand(t tok) bool {
	switch t.kind {
	case "Ident", "Int", "Float", "String":
		return true
	}
	return t.val == ")" || t.val == "]" || t.val == "true" || t.val == "false" || t.val == "None"
}

// startsOperand reports whether an expression may start with t.
func startsOperand(t tok) bool {
	switch t.kind {
	case "Ident", "Int", "Float", "String":
		return true
	}
	switch t.val {
	case "(", "[", "-", "!", "true", "false", "None", "scan":
		return true
	}
	return false
}

// operandBefore is the source text of the postfix expression that ends
// just before toks[i] (a name, a number, calls, indexing, fields), or "x".
func operandBefore(toks []tok, i int) string {
	j := i - 1
	for j >= 0 {
		t := toks[j]
		switch {
		case t.val == ")" || t.val == "]":
			j = matchOpen(toks, j)
			if j < 0 {
				return "x"
			}
			if p := at(toks, j-1); p.kind == "Ident" || p.val == ")" || p.val == "]" {
				j--
				continue
			}
			return joinToks(toks[j:i])
		case t.kind == "Ident" || t.kind == "Int" || t.kind == "Float":
			if at(toks, j-1).val == "." {
				j -= 2
				continue
			}
			return joinToks(toks[j:i])
		default:
			return "x"
		}
	}
	return "x"
}

// operandAfter is the source text of the operand that starts at toks[i]:
// an optional sign, a primary and its calls, indexing and fields, or "y".
func operandAfter(toks []tok, i int) string {
	j := i
	if at(toks, j).val == "-" {
		j++
	}
	t := at(toks, j)
	switch {
	case t.val == "(" || t.val == "[":
		j = matchClose(toks, j)
	case t.kind == "Ident" || t.kind == "Int" || t.kind == "Float":
	default:
		return "y"
	}
	if j < 0 {
		return "y"
	}
	for {
		n := at(toks, j+1)
		switch {
		case n.val == "(" || n.val == "[":
			if j = matchClose(toks, j+1); j < 0 {
				return "y"
			}
		case n.val == "." && at(toks, j+2).kind == "Ident":
			j += 2
		default:
			return joinToks(toks[i : j+1])
		}
	}
}

// matchScan bounds how far matchOpen and matchClose look for a bracket's
// partner, so that a file of many unclosed brackets costs linear time (a
// message then quotes less of the operand).
const matchScan = 4096

func matchOpen(toks []tok, j int) int {
	depth := 0
	for stop := j - matchScan; j >= 0 && j > stop; j-- {
		switch toks[j].val {
		case ")", "]", "}":
			depth++
		case "(", "[", "{":
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

func matchClose(toks []tok, j int) int {
	depth := 0
	for stop := j + matchScan; j < len(toks) && j < stop; j++ {
		switch toks[j].val {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// joinToks renders tokens as the formatter would, closely enough for a
// message: no space around brackets, dots and after unary minus.
func joinToks(ts []tok) string {
	var b strings.Builder
	for k, t := range ts {
		if k > 0 {
			p := ts[k-1]
			tight := strings.Contains("([.", p.val) || strings.Contains(")].,:", t.val) || t.val == "(" || t.val == "[" ||
				(p.val == "-" && k == 1)
			if p.val == "," || (p.val == ":" && !strings.Contains(",]", t.val)) {
				tight = false
			}
			if !tight {
				b.WriteByte(' ')
			}
		}
		v := t.val
		if t.kind == "String" {
			v = fmt.Sprintf("%q", v)
		}
		b.WriteString(v)
	}
	return b.String()
}

// axisOfItem is the position of the index item holding toks[i] among the
// items of its brackets (0 when it cannot tell: a '..' before it).
func axisOfItem(toks []tok, i int) int {
	depth, items := 0, 0
	for j := i - 1; j >= 0 && j > i-matchScan; j-- {
		switch toks[j].val {
		case ")", "]", "}":
			depth++
		case "(", "{":
			depth--
		case "[":
			if depth == 0 {
				return items
			}
			depth--
		case ",":
			if depth == 0 {
				items++
			}
		case "..":
			if depth == 0 {
				return 0
			}
		}
	}
	return 0
}

// unbalanced finds the first bracket that is never closed, or a closing
// bracket with no matching opening one (closer).
func unbalanced(toks []tok) (e *Error, closer bool) {
	var stack []tok
	pair := map[string]string{")": "(", "]": "[", "}": "{"}
	for _, t := range toks {
		switch t.val {
		case "(", "[", "{":
			stack = append(stack, t)
		case ")", "]", "}":
			if len(stack) == 0 {
				return &Error{Pos: t.pos, Msg: fmt.Sprintf("syntax error: %s with no %s open before it", t.val, pair[t.val])}, true
			}
			open := stack[len(stack)-1]
			if open.val != pair[t.val] {
				if t.val == "}" { // a ( or [ left open inside a block
					return &Error{Pos: open.pos, Msg: fmt.Sprintf("syntax error: %s is never closed (the } at line %d ends the block around it)", open.val, t.pos.Line)}, false
				}
				return &Error{Pos: t.pos, Msg: fmt.Sprintf("syntax error: %s with no %s open before it (the %s at line %d is still open)", t.val, pair[t.val], open.val, open.pos.Line)}, true
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		open := stack[len(stack)-1]
		return &Error{Pos: open.pos, Msg: fmt.Sprintf("syntax error: %s is never closed", open.val)}, false
	}
	return nil, false
}

// restOfLine is the source text of the tokens from toks[i] to the end of
// its line, parenthesised when it is more than one operand.
func restOfLine(toks []tok, i int) string {
	j := i
	for j < len(toks) && toks[j].pos.Line == at(toks, i).pos.Line {
		j++
	}
	if j == i {
		return "y"
	}
	text := joinToks(toks[i:j])
	if text != operandAfter(toks, i) {
		return "(" + text + ")"
	}
	return text
}

// assignsToNonName reports whether the statement starting at toks[i] (a
// name) assigns to an index or a field of it: x[0] = ..., y.a = ....
func assignsToNonName(toks []tok, i int) bool {
	j, post := i, false
	for {
		n := at(toks, j+1)
		switch {
		case n.val == "[":
			if j = matchClose(toks, j+1); j < 0 {
				return false
			}
			post = true
		case n.val == "." && at(toks, j+2).kind == "Ident":
			j += 2
			post = true
		default:
			return post && n.val == "="
		}
	}
}

var unexpectedRx = regexp.MustCompile(`^unexpected token "((?:[^"\\]|\\.)*)"(?: \(expected (.*)\))?$`)

// inWords rewrites the parser's "unexpected token "x" (expected "{" Stmt*
// "}")" as "unexpected x, expected {".
func inWords(e *Error, prevTok *tok) *Error {
	msg := strings.TrimPrefix(e.Msg, "syntax error: ")
	m := unexpectedRx.FindStringSubmatch(msg)
	if m == nil {
		return e
	}
	found := describeToken(strings.ReplaceAll(m[1], `\"`, `"`))
	out := "syntax error: unexpected " + found
	cur := tok{val: strings.ReplaceAll(m[1], `\"`, `"`)}
	switch {
	case identRx.MatchString(cur.val) && !keywordRx.MatchString(cur.val):
		cur.kind = "Ident"
	case numberRx.MatchString(cur.val):
		cur.kind = "Int"
	}
	switch {
	case prevTok != nil && prevTok.pos.Line == e.Pos.Line && endsOperand(*prevTok) && startsOperand(cur) && cur.val != "(" && cur.val != "[" &&
		(m[2] == "" || strings.Contains(")]}", describeExpected(m[2]))):
		return &Error{Pos: e.Pos, Msg: fmt.Sprintf("syntax error: unexpected %s after %s: a missing comma or operator?", found, describeToken(prevTok.val))}
	case prevTok != nil && prevTok.pos.Line == e.Pos.Line && m[2] == `"}"`:
		// Mid-line, "expected }" only says that no statement could be
		// read; what came before is the better clue.
		out += " after " + describeToken(prevTok.val)
	case m[2] != "":
		out += ", expected " + describeExpected(m[2])
	default:
		out += " here"
	}
	return &Error{Pos: e.Pos, Msg: out}
}

func describeToken(v string) string {
	switch {
	case v == "<EOF>":
		return "end of file"
	case keywordRx.MatchString(v):
		return "keyword " + v
	case identRx.MatchString(v):
		return "name " + v
	case numberRx.MatchString(v):
		return "number " + v
	}
	return v
}

var (
	keywordRx = regexp.MustCompile(`^(import|as|const|param|if|else|for|in|return|true|false|None)$`)
	identRx   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	numberRx  = regexp.MustCompile(`^\d`)
	atomRx    = regexp.MustCompile(`^("(?:[^"\\]|\\.)*"|<\w+>|\w+)`)
)

// grammarWords names the grammar's rules as a reader would.
var grammarWords = map[string]string{
	"<ident>": "a name", "<string>": "a string", "<int>": "an integer", "<float>": "a number",
	"Expr": "an expression", "AddExpr": "an expression", "MulExpr": "an expression", "Unary": "an expression",
	"Postfix": "an expression", "Primary": "an expression", "Stmt": "a statement", "Member": "a member",
	"Decl": "a block or model", "Import": "an import", "TensorType": "a tensor type", "TypeDim": "a dimension",
	"Arg": "an argument", "CallArg": "an argument", "IndexArg": "an index", "HyperDecl": "a hyperparameter",
	"Result": "a result type", "ListExpr": "a list",
}

// describeExpected renders the first thing a grammar fragment wants.
func describeExpected(g string) string {
	g = strings.TrimLeft(g, "( ")
	a := atomRx.FindString(g)
	if a == "" {
		return g
	}
	if strings.HasPrefix(a, `"`) {
		return strings.ReplaceAll(strings.Trim(a, `"`), `\"`, `"`)
	}
	if w, ok := grammarWords[a]; ok {
		return w
	}
	return a
}
