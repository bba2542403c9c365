package dsl

import (
	"fmt"
	"strings"

	"github.com/seqc-dev/seqc/ir"
)

// bRearrange implements einops-style rearrange(x, "b l (h p) -> b h l p", h: n)
// as reshape, transpose, reshape.
func bRearrange(c *callCtx) any {
	c.nargs(2, 2)
	x := c.tensor(0)
	pat, ok := c.args[1].(string)
	if !ok {
		c.fail("the pattern must be a string")
	}
	sides := strings.Split(pat, "->")
	if len(sides) != 2 {
		c.fail("pattern %q needs exactly one ->", pat)
	}
	lhs, err1 := parseGroups(sides[0])
	rhs, err2 := parseGroups(sides[1])
	if err1 != nil || err2 != nil {
		c.fail("bad pattern %q: %v", pat, firstErr(err1, err2))
	}
	shape := x.Type.Shape
	if len(lhs) != len(shape) {
		c.fail("pattern %q has %d input axes, tensor %s has %d", pat, len(lhs), shape, len(shape))
	}
	sizes := map[string]ir.Dim{}
	for k := range c.kw {
		n := c.kwInt(k, 0, true)
		sizes[k] = ir.Const(n)
	}
	var elems []string
	var elemDims ir.Shape
	for i, g := range lhs {
		var unknown string
		known := 1
		for _, n := range g {
			if d, ok := sizes[n]; ok {
				known *= d.Add
			} else if unknown != "" {
				c.fail("axis group (%s) has two unknown sizes: give %s or %s as an argument", strings.Join(g, " "), unknown, n)
			} else {
				unknown = n
			}
		}
		if unknown != "" {
			d, err := ir.DivDim(shape[i], known)
			if err != nil {
				c.fail("axis %d (%s) of %s: %v", i, strings.Join(g, " "), shape, err)
			}
			sizes[unknown] = d
		} else if shape[i] != ir.Const(known) {
			c.fail("axis %d of %s is %s, but (%s) gives %d", i, shape, shape[i], strings.Join(g, " "), known)
		}
		for _, n := range g {
			if contains(elems, n) {
				c.fail("axis name %s appears twice on the left of %q", n, pat)
			}
			elems = append(elems, n)
			elemDims = append(elemDims, sizes[n])
		}
	}
	var order []string
	var out ir.Shape
	for _, g := range rhs {
		d := ir.Const(1)
		for _, n := range g {
			if !contains(elems, n) {
				c.fail("axis name %s on the right of %q is not on the left", n, pat)
			}
			if contains(order, n) {
				c.fail("axis name %s appears twice on the right of %q", n, pat)
			}
			order = append(order, n)
			var err error
			if d, err = ir.MulDims(d, sizes[n]); err != nil {
				c.fail("cannot group (%s): %v", strings.Join(g, " "), err)
			}
		}
		out = append(out, d)
	}
	if len(order) != len(elems) {
		c.fail("pattern %q drops axes: every name on the left must appear on the right", pat)
	}
	v := x
	if !elemDims.Equal(shape) {
		v = c.e.op1v("reshape", []*ir.Value{v}, ir.Attrs{"shape": elemDims}, c.pos)
	}
	perm := make([]int, len(order))
	identity := true
	for i, n := range order {
		perm[i] = indexOf(elems, n)
		identity = identity && perm[i] == i
	}
	if !identity {
		v = c.e.op1v("transpose", []*ir.Value{v}, ir.Attrs{"perm": perm}, c.pos)
	}
	if !v.Type.Shape.Equal(out) {
		v = c.e.op1v("reshape", []*ir.Value{v}, ir.Attrs{"shape": out}, c.pos)
	}
	return &tensorVal{v}
}

// parseGroups reads "b l (h p)" as [[b] [l] [h p]].
func parseGroups(s string) ([][]string, error) {
	var out [][]string
	var cur []string
	in := false
	for _, tok := range strings.Fields(strings.NewReplacer("(", " ( ", ")", " ) ").Replace(s)) {
		switch tok {
		case "(":
			if in {
				return nil, fmt.Errorf("nested parentheses")
			}
			in, cur = true, nil
		case ")":
			if !in || len(cur) == 0 {
				return nil, fmt.Errorf("unbalanced or empty parentheses")
			}
			out = append(out, cur)
			in = false
		default:
			if !isIdentText(tok) {
				return nil, fmt.Errorf("bad axis name %q", tok)
			}
			if in {
				cur = append(cur, tok)
			} else {
				out = append(out, []string{tok})
			}
		}
	}
	if in {
		return nil, fmt.Errorf("unclosed parenthesis")
	}
	return out, nil
}

func isIdentText(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}

func contains(xs []string, s string) bool { return indexOf(xs, s) >= 0 }

func indexOf(xs []string, s string) int {
	for i, x := range xs {
		if x == s {
			return i
		}
	}
	return -1
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
