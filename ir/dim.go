package ir

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Dim is one dimension of a tensor shape: a constant, or an affine function
// Mul*Sym/Div + Add of one symbol bound at call time (B, L, T, ...). One symbol
// per dimension is enough for every model we run (L, L-p, 2*T, T/2) and keeps
// equality a plain struct comparison, so shapes stay symbolic all the way to
// code generation and one build serves every batch size and length.
type Dim struct {
	Sym string // "" for a constant dimension
	Mul int    // coefficient numerator (1 for a plain symbol)
	Div int    // coefficient denominator (1 for a plain symbol)
	Add int    // constant term; the whole value when Sym is ""
}

// Const returns the constant dimension n.
func Const(n int) Dim { return Dim{Add: n} }

// Sym returns the plain symbolic dimension s.
func Sym(s string) Dim { return Dim{Sym: s, Mul: 1, Div: 1} }

// IsConst reports whether d has no symbol.
func (d Dim) IsConst() bool { return d.Sym == "" }

// Value returns the constant value of d and whether it is constant.
func (d Dim) Value() (int, bool) { return d.Add, d.Sym == "" }

func gcd(a, b int) int {
	if a < 0 {
		a = -a
	}
	if b < 0 {
		b = -b
	}
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func norm(d Dim) Dim {
	if d.Sym == "" || d.Mul == 0 {
		return Dim{Add: d.Add}
	}
	if d.Div < 0 {
		d.Mul, d.Div = -d.Mul, -d.Div
	}
	g := gcd(d.Mul, d.Div)
	d.Mul /= g
	d.Div /= g
	return d
}

// AddDims returns a+b, or an error when the sum needs two different symbols.
func AddDims(a, b Dim) (Dim, error) {
	switch {
	case a.Sym == "":
		b.Add += a.Add
		return norm(b), nil
	case b.Sym == "":
		a.Add += b.Add
		return norm(a), nil
	case a.Sym == b.Sym:
		return norm(Dim{Sym: a.Sym, Mul: a.Mul*b.Div + b.Mul*a.Div, Div: a.Div * b.Div, Add: a.Add + b.Add}), nil
	}
	return Dim{}, fmt.Errorf("cannot add dimensions %s and %s: at most one symbol per dimension", a, b)
}

// SubDims returns a-b.
func SubDims(a, b Dim) (Dim, error) { return AddDims(a, ScaleDim(b, -1, 1)) }

// ScaleDim returns d*num/den. For a constant the division must be exact.
func ScaleDim(d Dim, num, den int) Dim {
	if d.Sym == "" {
		return Dim{Add: d.Add * num / den}
	}
	return norm(Dim{Sym: d.Sym, Mul: d.Mul * num, Div: d.Div * den, Add: d.Add * num / den})
}

// MulDims returns a*b when at least one is constant.
func MulDims(a, b Dim) (Dim, error) {
	if a.Sym == "" {
		return ScaleDim(b, a.Add, 1), nil
	}
	if b.Sym == "" {
		return ScaleDim(a, b.Add, 1), nil
	}
	return Dim{}, fmt.Errorf("cannot multiply symbolic dimensions %s and %s", a, b)
}

// DivDim returns d/k, which must be exact for constants and for the constant term.
func DivDim(d Dim, k int) (Dim, error) {
	if k == 0 {
		return Dim{}, fmt.Errorf("division of dimension %s by zero", d)
	}
	if d.Add%k != 0 {
		return Dim{}, fmt.Errorf("dimension %s is not divisible by %d", d, k)
	}
	if d.Sym == "" {
		return Dim{Add: d.Add / k}, nil
	}
	return norm(Dim{Sym: d.Sym, Mul: d.Mul, Div: d.Div * k, Add: d.Add / k}), nil
}

// Eval returns the value of d with its symbol bound by env.
func (d Dim) Eval(env map[string]int) (int, error) {
	if d.Sym == "" {
		return d.Add, nil
	}
	v, ok := env[d.Sym]
	if !ok {
		return 0, fmt.Errorf("symbol %s is not bound", d.Sym)
	}
	if (v*d.Mul)%d.Div != 0 {
		return 0, fmt.Errorf("dimension %s is not an integer for %s=%d", d, d.Sym, v)
	}
	return v*d.Mul/d.Div + d.Add, nil
}

// Solve returns the value of d's symbol for which d equals n.
func (d Dim) Solve(n int) (int, bool) {
	if d.Sym == "" {
		return 0, false
	}
	x := (n - d.Add) * d.Div
	if x%d.Mul != 0 {
		return 0, false
	}
	return x / d.Mul, true
}

// String prints d in the syntax the IR parser reads back: 32, L, L-16, 2*T+1, T/2.
func (d Dim) String() string {
	if d.Sym == "" {
		return strconv.Itoa(d.Add)
	}
	var b strings.Builder
	if d.Mul != 1 {
		fmt.Fprintf(&b, "%d*", d.Mul)
	}
	b.WriteString(d.Sym)
	if d.Div != 1 {
		fmt.Fprintf(&b, "/%d", d.Div)
	}
	switch {
	case d.Add > 0:
		fmt.Fprintf(&b, "+%d", d.Add)
	case d.Add < 0:
		fmt.Fprintf(&b, "%d", d.Add)
	}
	return b.String()
}

// Shape is a list of dimensions.
type Shape []Dim

// ConstShape builds a shape of constant dimensions.
func ConstShape(ns ...int) Shape {
	s := make(Shape, len(ns))
	for i, n := range ns {
		s[i] = Const(n)
	}
	return s
}

// String prints the shape as [B, L, 64].
func (s Shape) String() string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = d.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Equal reports whether two shapes are identical.
func (s Shape) Equal(t Shape) bool {
	if len(s) != len(t) {
		return false
	}
	for i := range s {
		if s[i] != t[i] {
			return false
		}
	}
	return true
}

// Eval returns the concrete shape with symbols bound by env.
func (s Shape) Eval(env map[string]int) ([]int, error) {
	out := make([]int, len(s))
	for i, d := range s {
		v, err := d.Eval(env)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// Symbols returns the sorted set of symbols used by the shape.
func (s Shape) Symbols() []string {
	set := map[string]bool{}
	for _, d := range s {
		if d.Sym != "" {
			set[d.Sym] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Numel is a symbolic element count: a constant factor times a product of
// symbolic dimensions (kept as sorted strings so that equal products compare
// equal). Reshape uses it to check that element counts agree.
type Numel struct {
	Const int
	Syms  []string
}

// NumelOf returns the symbolic element count of a shape.
func NumelOf(s Shape) Numel {
	n := Numel{Const: 1}
	for _, d := range s {
		if d.Sym == "" {
			n.Const *= d.Add
		} else {
			n.Syms = append(n.Syms, d.String())
		}
	}
	sort.Strings(n.Syms)
	return n
}

// Equal compares two symbolic element counts.
func (n Numel) Equal(m Numel) bool {
	if n.Const != m.Const || len(n.Syms) != len(m.Syms) {
		return false
	}
	for i := range n.Syms {
		if n.Syms[i] != m.Syms[i] {
			return false
		}
	}
	return true
}
