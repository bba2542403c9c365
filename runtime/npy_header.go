package runtime

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// npyHeader is the decoded header dictionary of a .npy file.
type npyHeader struct {
	descr   string
	fortran bool
	shape   []int
}

// parseNpyHeader decodes the Python dict literal of a .npy header, e.g.
// {'descr': '<f4', 'fortran_order': False, 'shape': (2, 33, 32), }.
// numpy writes it with repr(), so a small parser for Python literals
// (strings, ints, True/False/None, tuples, lists, dicts) reads every header
// numpy produces; exactly the keys descr, fortran_order and shape are allowed,
// as in numpy's own reader.
func parseNpyHeader(s string) (npyHeader, error) {
	p := &pyParser{s: s}
	v, err := p.value(0)
	if err != nil {
		return npyHeader{}, err
	}
	p.space()
	if p.i != len(p.s) {
		return npyHeader{}, fmt.Errorf("unexpected %q after the header dict", p.rest())
	}
	d, ok := v.(pyDict)
	if !ok {
		return npyHeader{}, errors.New("header is not a dict")
	}
	var h npyHeader
	if len(d) != 3 {
		return npyHeader{}, fmt.Errorf("header has %d keys, want descr, fortran_order and shape", len(d))
	}
	switch descr := d["descr"].(type) {
	case string:
		h.descr = descr
	case nil:
		return npyHeader{}, errors.New("header has no descr")
	default:
		return npyHeader{}, errors.New("descr is not a string (structured dtypes are not supported)")
	}
	fo, ok := d["fortran_order"].(bool)
	if !ok {
		return npyHeader{}, errors.New("fortran_order is missing or not True/False")
	}
	h.fortran = fo
	shape, ok := d["shape"].(pyTuple)
	if !ok {
		return npyHeader{}, errors.New("shape is missing or not a tuple")
	}
	dims := make([]int64, len(shape))
	for i, x := range shape {
		n, ok := x.(int64)
		if !ok {
			return npyHeader{}, fmt.Errorf("shape element %d is not an integer", i)
		}
		dims[i] = n
	}
	h.shape, err = shapeFromInt64(dims)
	if err != nil {
		return npyHeader{}, err
	}
	return h, nil
}

// Python literal values: string, int64, bool, nil (None), pyTuple (tuples and
// lists) and pyDict.
type (
	pyTuple []any
	pyDict  map[string]any
)

// maxPyDepth bounds nesting so a hostile header cannot exhaust the stack.
const maxPyDepth = 8

// pyParser is a recursive-descent parser over a Python literal.
type pyParser struct {
	s string
	i int
}

func (p *pyParser) rest() string {
	r := p.s[p.i:]
	if len(r) > 20 {
		r = r[:20] + "..."
	}
	return r
}

func (p *pyParser) space() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *pyParser) value(depth int) (any, error) {
	if depth > maxPyDepth {
		return nil, errors.New("header nests too deeply")
	}
	p.space()
	if p.i >= len(p.s) {
		return nil, errors.New("header ends early")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.dict(depth)
	case c == '(':
		return p.seq(depth, ')')
	case c == '[':
		return p.seq(depth, ']')
	case c == '\'' || c == '"':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.int()
	case strings.HasPrefix(p.s[p.i:], "True"):
		p.i += 4
		return true, nil
	case strings.HasPrefix(p.s[p.i:], "False"):
		p.i += 5
		return false, nil
	case strings.HasPrefix(p.s[p.i:], "None"):
		p.i += 4
		return nil, nil
	}
	return nil, fmt.Errorf("unexpected %q in header", p.rest())
}

func (p *pyParser) dict(depth int) (any, error) {
	p.i++ // '{'
	d := pyDict{}
	for {
		p.space()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return d, nil
		}
		k, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		key, ok := k.(string)
		if !ok {
			return nil, errors.New("header dict key is not a string")
		}
		if _, dup := d[key]; dup {
			return nil, fmt.Errorf("duplicate header key %q", key)
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, fmt.Errorf("expected ':' after key %q", key)
		}
		p.i++
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		d[key] = v
		if !p.comma('}') {
			return nil, fmt.Errorf("expected ',' or '}' at %q", p.rest())
		}
	}
}

// seq parses a tuple or list. As in Python, "(x)" without a comma is just x.
func (p *pyParser) seq(depth int, end byte) (any, error) {
	p.i++ // '(' or '['
	var t pyTuple
	sawComma := false
	for {
		p.space()
		if p.i < len(p.s) && p.s[p.i] == end {
			p.i++
			if end == ')' && len(t) == 1 && !sawComma {
				return t[0], nil
			}
			return t, nil
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		t = append(t, v)
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			sawComma = true
		}
		if !p.comma(end) {
			return nil, fmt.Errorf("expected ',' or %q at %q", end, p.rest())
		}
	}
}

// comma consumes a ',' or leaves the closing byte end for the caller; it
// reports false when neither follows.
func (p *pyParser) comma(end byte) bool {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ',' {
		p.i++
		return true
	}
	return p.i < len(p.s) && p.s[p.i] == end
}

func (p *pyParser) str() (any, error) {
	q := p.s[p.i]
	p.i++
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		p.i++
		switch {
		case c == q:
			return b.String(), nil
		case c == '\\' && p.i < len(p.s):
			b.WriteByte(p.s[p.i]) // only \\, \' and \" occur in numpy headers
			p.i++
		default:
			b.WriteByte(c)
		}
	}
	return nil, errors.New("unterminated string in header")
}

func (p *pyParser) int() (any, error) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	n, err := strconv.ParseInt(p.s[start:p.i], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("bad integer %q in header", p.s[start:p.i])
	}
	// Python 2 era files write longs as "3L".
	if p.i < len(p.s) && p.s[p.i] == 'L' {
		p.i++
	}
	return n, nil
}
