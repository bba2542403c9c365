// Package dsl is the .seq front end: the participle grammar (every node
// carries its position), the formatter, and the elaborator that checks a
// model and lowers it to the matrix-mixer IR.
package dsl

import "github.com/alecthomas/participle/v2/lexer"

// File is one .seq source file.
type File struct {
	Pos     lexer.Position
	Imports []*Import `parser:"@@*"`
	Decls   []*Decl   `parser:"@@*"`
	EndPos  lexer.Position

	Path     string        `parser:""` // set by the loader
	Comments []lexer.Token `parser:""` // all comments, for the formatter
	Tokens   []lexer.Token `parser:""`
}

// Import brings another file's blocks into scope: import "std/nn" binds nn.
type Import struct {
	Pos   lexer.Position
	Path  string  `parser:"'import' @String"`
	Alias *string `parser:"('as' @Ident)?"`
}

// Decl is a block or a model (a block that is a compilation root).
type Decl struct {
	Pos     lexer.Position
	Kind    string       `parser:"@('block' | 'model')"`
	Name    string       `parser:"@Ident"`
	Hypers  []*HyperDecl `parser:"'(' (@@ (',' @@)* ','?)? ')'"`
	Members []*Member    `parser:"'{' @@* '}'"`
	EndPos  lexer.Position
}

// HyperDecl is a typed hyperparameter with an optional range and an
// optional default expression: d_model: int > 0 = 768.
type HyperDecl struct {
	Pos     lexer.Position
	Name    string        `parser:"@Ident ':'"`
	Type    string        `parser:"@Ident"`
	Bounds  []*HyperBound `parser:"@@*"`
	Default *Expr         `parser:"('=' @@)?"`
}

// HyperBound is one bound of a hyperparameter's range: > 0, >= 1, < 1.0,
// != 0. The value may use the hyperparameters declared before it.
type HyperBound struct {
	Pos   lexer.Position
	Op    string   `parser:"@('>=' | '<=' | '>' | '<' | '!=')"`
	Value *AddExpr `parser:"@@"`
}

// Member is one item in a block body.
type Member struct {
	Pos    lexer.Position
	Const  *ConstDecl `parser:"  @@"`
	Param  *ParamDecl `parser:"| @@"`
	If     *MemberIf  `parser:"| @@"`
	Func   *FuncDecl  `parser:"| @@"`
	Field  *FieldDecl `parser:"| @@"`
	EndPos lexer.Position
}

// ConstDecl is a compile-time value computed from hyperparameters.
type ConstDecl struct {
	Pos   lexer.Position
	Name  string `parser:"'const' @Ident '='"`
	Value *Expr  `parser:"@@"`
}

// ParamDecl declares a learned tensor: param A_log: f32[d, n] = init.x() as "name".
type ParamDecl struct {
	Pos    lexer.Position
	Name   string      `parser:"'param' @Ident ':'"`
	Type   *TensorType `parser:"@@"`
	Init   *Expr       `parser:"('=' @@)?"`
	Rename *Expr       `parser:"('as' @@)?"`
}

// MemberIf includes members only when a hyperparameter condition holds.
type MemberIf struct {
	Pos  lexer.Position
	Cond *Expr     `parser:"'if' @@"`
	Then []*Member `parser:"'{' @@* '}'"`
	Else []*Member `parser:"('else' '{' @@* '}')?"`
}

// FieldDecl binds a sub-block or a list of sub-blocks: in_proj = nn.Linear(...).
type FieldDecl struct {
	Pos    lexer.Position
	Name   string `parser:"@Ident '='"`
	Value  *Expr  `parser:"@@"`
	Rename *Expr  `parser:"('as' @@)?"`
}

// FuncDecl is forward or another named function of a block. In a model,
// forward and the functions marked entry are its entry points (what seqc
// run --func and a generated package's methods are); the others are
// helpers, called from the model's functions only.
type FuncDecl struct {
	Pos     lexer.Position
	Entry   bool      `parser:"(@'entry' (?= Ident))?"`
	Name    string    `parser:"@Ident '('"`
	Args    []*Arg    `parser:"(@@ (',' @@)* ','?)? ')'"`
	Results []*Result `parser:"('->' ( '(' @@ (',' @@)* ')' | @@ ))?"`
	Body    []*Stmt   `parser:"'{' @@* '}'"`
	EndPos  lexer.Position
}

// Arg is a function argument: a tensor (x: f32[B, L, d]) or a
// compile-time value (causal: bool = true, mode: string = "parallel"),
// which a call gives by position or by name and which a default may
// supply.
type Arg struct {
	Pos     lexer.Position
	Name    string      `parser:"@Ident ':'"`
	Type    *TensorType `parser:"( @@"`
	Kind    string      `parser:"| @Ident )"`
	Default *Expr       `parser:"('=' @@)?"`
}

// Result is a (possibly named) result type.
type Result struct {
	Pos  lexer.Position
	Name string      `parser:"(@Ident ':')?"`
	Type *TensorType `parser:"@@"`
}

// TensorType is f32[B, L, d_model]; '..' stands for any leading axes.
type TensorType struct {
	Pos   lexer.Position
	DType string     `parser:"@Ident '['"`
	Dims  []*TypeDim `parser:"(@@ (',' @@)*)? ']'"`
}

// TypeDim is one dimension of a tensor type.
type TypeDim struct {
	Pos      lexer.Position
	Ellipsis bool  `parser:"  @'..'"`
	Expr     *Expr `parser:"| @@"`
}

// Stmt is a statement of a function body.
type Stmt struct {
	Pos    lexer.Position
	Return *ReturnStmt `parser:"  @@"`
	For    *ForStmt    `parser:"| @@"`
	If     *IfStmt     `parser:"| @@"`
	Assign *AssignStmt `parser:"| @@"`
	EndPos lexer.Position
}

// ReturnStmt returns one or more values.
type ReturnStmt struct {
	Pos    lexer.Position
	Values []*Expr `parser:"'return' @@ (',' @@)*"`
}

// ForStmt is unrolled at compile time: for layer in layers { ... }.
type ForStmt struct {
	Pos  lexer.Position
	Var  string  `parser:"'for' @Ident 'in'"`
	Iter *Expr   `parser:"@@"`
	Body []*Stmt `parser:"'{' @@* '}'"`
}

// IfStmt branches on a compile-time condition.
type IfStmt struct {
	Pos    lexer.Position
	Cond   *Expr   `parser:"'if' @@"`
	Then   []*Stmt `parser:"'{' @@* '}'"`
	ElseIf *IfStmt `parser:"('else' ( @@"`
	Else   []*Stmt `parser:"| '{' @@* '}' ))?"`
}

// AssignStmt binds names: u, z = split(...).
type AssignStmt struct {
	Pos     lexer.Position
	Targets []string `parser:"@Ident (',' @Ident)* '='"`
	Value   *Expr    `parser:"@@"`
}

// Expr is an expression; the levels below encode precedence, lowest first.
type Expr struct {
	Pos  lexer.Position
	Left *AndExpr  `parser:"@@"`
	Rest []*OrTail `parser:"@@*"`
}

// OrTail is || rhs.
type OrTail struct {
	Op    string   `parser:"@'||'"`
	Right *AndExpr `parser:"@@"`
}

// AndExpr is a && chain.
type AndExpr struct {
	Pos  lexer.Position
	Left *CmpExpr   `parser:"@@"`
	Rest []*AndTail `parser:"@@*"`
}

// AndTail is && rhs.
type AndTail struct {
	Op    string   `parser:"@'&&'"`
	Right *CmpExpr `parser:"@@"`
}

// CmpExpr is an optional comparison.
type CmpExpr struct {
	Pos   lexer.Position
	Left  *RangeExpr `parser:"@@"`
	Op    string     `parser:"( @('==' | '!=' | '<=' | '>=' | '<' | '>')"`
	Right *RangeExpr `parser:"  @@ )?"`
}

// RangeExpr is lo..hi (a half-open integer range) or a plain sum.
type RangeExpr struct {
	Pos  lexer.Position
	Left *AddExpr `parser:"@@"`
	Hi   *AddExpr `parser:"('..' @@)?"`
}

// AddExpr is a chain of + and -.
type AddExpr struct {
	Pos  lexer.Position
	Left *MulExpr   `parser:"@@"`
	Rest []*AddTail `parser:"@@*"`
}

// AddTail is one + or - operand.
type AddTail struct {
	Pos   lexer.Position
	Op    string   `parser:"@('+' | '-')"`
	Right *MulExpr `parser:"@@"`
}

// MulExpr is a chain of *, /, % and @ (matrix product).
type MulExpr struct {
	Pos  lexer.Position
	Left *Unary     `parser:"@@"`
	Rest []*MulTail `parser:"@@*"`
}

// MulTail is one *, /, % or @ operand.
type MulTail struct {
	Pos   lexer.Position
	Op    string `parser:"@('*' | '/' | '%' | '@')"`
	Right *Unary `parser:"@@"`
}

// Unary is a prefix - or ! applied to a unary expression (so - -x and
// !!b parse), or a postfix expression.
type Unary struct {
	Pos     lexer.Position
	Op      string   `parser:"(  @('-' | '!')"`
	Inner   *Unary   `parser:"   @@"`
	Operand *Postfix `parser:"| @@ )"`
}

// Postfix is a primary followed by calls, indexing, field access and hints.
type Postfix struct {
	Pos     lexer.Position
	Primary *Primary  `parser:"@@"`
	Ops     []*PostOp `parser:"@@*"`
	Hints   []*Hint   `parser:"@@*"`
}

// PostOp is a call, an index or a field access.
type PostOp struct {
	Pos   lexer.Position
	Call  *CallArgs   `parser:"  '(' @@ ')'"`
	Index []*IndexArg `parser:"| '[' @@ (',' @@)* ']'"`
	Field *string     `parser:"| '.' @Ident"`
}

// CallArgs is a (possibly empty) argument list.
type CallArgs struct {
	Args []*CallArg `parser:"(@@ (',' @@)* ','?)?"`
}

// CallArg is a positional or keyword (name: value) argument.
type CallArg struct {
	Pos   lexer.Position
	Name  *string `parser:"(@Ident ':')?"`
	Value *Expr   `parser:"@@"`
}

// IndexArg is one index item: .., None, a slice lo:hi, or an expression.
type IndexArg struct {
	Pos      lexer.Position
	Ellipsis bool       `parser:"  @'..'"`
	NewAxis  bool       `parser:"| @'None'"`
	Open     *OpenSlice `parser:"| @@"`
	Lo       *Expr      `parser:"| ( @@"`
	Colon    bool       `parser:"  ( @':'"`
	Hi       *Expr      `parser:"    @@? )? )"`
}

// OpenSlice is a slice without a lower bound: ':' or ':hi'.
type OpenSlice struct {
	Hi *Expr `parser:"':' @@?"`
}

// bounds returns the slice bounds of an index item and whether it is a slice.
func (it *IndexArg) bounds() (lo, hi *Expr, slice bool) {
	if it.Open != nil {
		return nil, it.Open.Hi, true
	}
	return it.Lo, it.Hi, it.Colon
}

// Hint pins a compiler decision: @mode(conv), @chunk(64).
type Hint struct {
	Pos  lexer.Position
	Name string `parser:"@Hint '('"`
	Arg  *Expr  `parser:"@@ ')'"`
}

// Primary is a literal, a name, a parenthesised expression, a list, or a scan.
type Primary struct {
	Pos    lexer.Position
	Float  *string   `parser:"  @Float"`
	Int    *string   `parser:"| @Int"`
	String *string   `parser:"| @String"`
	Bool   *string   `parser:"| @('true' | 'false')"`
	None   bool      `parser:"| @'None'"`
	Scan   *ScanExpr `parser:"| @@"`
	List   *ListExpr `parser:"| '[' @@ ']'"`
	Paren  *Expr     `parser:"| '(' @@ ')'"`
	Ident  *string   `parser:"| @Ident"`
}

// ListExpr is [a, b, c] or a comprehension [expr for i in range].
type ListExpr struct {
	Pos   lexer.Position
	Items []*Expr `parser:"(@@"`
	For   *string `parser:"  ('for' @Ident"`
	Iter  *Expr   `parser:"   'in' @@)?"`
	More  []*Expr `parser:"  (',' @@)* ','? )?"`
}

// ScanExpr is a nonlinear recurrence: scan(h0, c0, over: x) { (h, c, x_t) -> ...; return h2, c2, y }.
type ScanExpr struct {
	Pos    lexer.Position
	Args   *CallArgs `parser:"'scan' '(' @@ ')'"`
	Params []string  `parser:"'{' '(' @Ident (',' @Ident)* ')' '->'"`
	Body   []*Stmt   `parser:"@@* '}'"`
	EndPos lexer.Position
}
