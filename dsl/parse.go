package dsl

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/seqc-dev/seqc/runtime"
)

var seqLexer = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "Comment", Pattern: `//[^\n]*`},
	{Name: "Whitespace", Pattern: `[ \t\r\n]+`},
	{Name: "Hint", Pattern: `@(mode|chunk)\b`},
	{Name: "String", Pattern: `"(\\.|[^"\\\n])*"`},
	{Name: "Float", Pattern: `\d+\.\d+([eE][-+]?\d+)?|\d+[eE][-+]?\d+`},
	{Name: "Int", Pattern: `\d+`},
	// Reserved words never lex as names. block and model stay contextual:
	// checkpoints use them as field names (HF LLaMA's model.*).
	{Name: "Keyword", Pattern: `\b(import|as|const|param|if|else|for|in|return|true|false|None)\b`},
	{Name: "Ident", Pattern: `[A-Za-z_][A-Za-z0-9_]*`},
	{Name: "Punct", Pattern: `->|\.\.|==|!=|<=|>=|&&|\|\||[-+*/%@(){}\[\],:=<>.!]`},
})

var seqParser = participle.MustBuild[File](
	participle.Lexer(seqLexer),
	participle.Elide("Comment", "Whitespace"),
	participle.Unquote("String"),
	participle.UseLookahead(4),
)

// Grammar returns participle's EBNF of the language (kept as a golden file).
func Grammar() string { return seqParser.String() }

// ParseSource parses one file's text. path is used in positions and errors.
func ParseSource(path string, src []byte) (f *File, err error) {
	defer func() {
		if r := recover(); r != nil { // a grammar bug must not crash the compiler
			f, err = nil, &Error{Pos: lexer.Position{Filename: path, Line: 1, Column: 1}, Msg: fmt.Sprintf("internal compiler error: parser: %v", r)}
		}
	}()
	src = bytes.TrimPrefix(src, utf8BOM) // editors on Windows start files with one; columns count from after it
	lexed, err := checkNesting(path, src)
	if err != nil {
		return nil, err
	}
	f, err = seqParser.ParseBytes(path, src)
	if err != nil {
		pe := parseErr(path, err)
		if e, ok := pe.(*Error); ok {
			return nil, explainSyntax(path, src, lexed, e)
		}
		return nil, pe
	}
	f.Path = path
	f.Comments = comments(path, src)
	return f, nil
}

// utf8BOM is the byte order mark some editors put at the start of a file.
var utf8BOM = []byte("\xef\xbb\xbf")

// MaxSourceSize bounds the size of a .seq file: a model is a few hundred
// lines, and reading a device or a huge file by mistake must not exhaust
// memory.
const MaxSourceSize = 16 << 20

// ReadSource reads a .seq file: a regular file (checked before it is
// opened: a named pipe or a device such as /dev/zero is an error, not a
// hang) of at most MaxSourceSize bytes.
func ReadSource(path string) ([]byte, error) {
	return runtime.ReadFileLimit(path, MaxSourceSize, "a .seq file")
}

// ParseFile reads and parses a .seq file.
func ParseFile(path string) (*File, error) {
	src, err := ReadSource(path)
	if err != nil {
		return nil, err
	}
	return ParseSource(path, src)
}

// parseErr turns participle's error into the project's "path:line:col: msg".
func parseErr(path string, err error) error {
	if pe, ok := err.(participle.Error); ok {
		p := pe.Position()
		if p.Filename == "" {
			p.Filename = path
		}
		msg := pe.Message()
		if strings.HasPrefix(msg, `lexer: invalid input text "\"`) {
			msg = "unterminated string"
		}
		return &Error{Pos: p, Msg: "syntax error: " + strings.ToLower(msg[:1]) + msg[1:]}
	}
	return &Error{Pos: lexer.Position{Filename: path, Line: 1, Column: 1}, Msg: "syntax error: " + err.Error()}
}

// comments lexes src once more to keep its comments for the formatter.
func comments(path string, src []byte) []lexer.Token {
	lx, err := seqLexer.LexString(path, string(src))
	if err != nil {
		return nil
	}
	sym := seqLexer.Symbols()["Comment"]
	var out []lexer.Token
	for {
		t, err := lx.Next()
		if err != nil || t.EOF() {
			return out
		}
		if t.Type == sym {
			out = append(out, t)
		}
	}
}

// Error is a positioned front-end error.
type Error struct {
	Pos lexer.Position
	Msg string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Pos.Filename, e.Pos.Line, e.Pos.Column, e.Msg)
}

// MaxNesting bounds how deeply brackets and prefix operators may nest in a
// .seq file. The parser (and every pass over the tree) recurses once per
// level; like Go's own parser, seqc refuses deeper files with a position
// rather than running out of stack.
const MaxNesting = 1000

// checkNesting finds the first place where brackets, or a run of prefix
// operators, nest deeper than MaxNesting. It returns the file's tokens
// (nil when it does not lex: the parser reports where), for explainSyntax.
func checkNesting(path string, src []byte) ([]lexer.Token, error) {
	toks, err := seqParser.Lex(path, bytes.NewReader(src))
	if err != nil {
		return nil, nil // the parser reports lexical errors with their position
	}
	depth, run := 0, 0
	for _, t := range toks {
		switch t.Value {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		}
		if t.Value == "-" || t.Value == "!" {
			run++
		} else if t.Type != whitespaceType && t.Type != commentType {
			run = 0
		}
		if depth > MaxNesting || run > MaxNesting {
			p := t.Pos
			p.Filename = path
			return nil, &Error{Pos: p, Msg: fmt.Sprintf("expressions nest more than %d levels deep here", MaxNesting)}
		}
	}
	return toks, nil
}

var (
	whitespaceType = seqLexer.Symbols()["Whitespace"]
	commentType    = seqLexer.Symbols()["Comment"]
)
