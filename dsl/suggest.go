package dsl

import (
	"sort"
	"strings"
)

// Nearest-name suggestions for unknown names: a misspelt builtin
// (sigmod → sigmoid), keyword argument (casual → causal), member, module
// member, initialiser or hyperparameter.

// suggest returns " (did you mean X?)" for the candidate nearest to name,
// or "" when none is near enough to be a likely typo.
func suggest(name string, cands []string) string {
	if best := nearest(name, cands); best != "" {
		return " (did you mean " + best + "?)"
	}
	return ""
}

// nearest is the candidate within a small edit distance of name (one edit
// for short names, a third of the length for longer ones; swapping two
// adjacent letters counts as one edit), the closest first and, among
// equals, the first in sorted order; "" when there is none.
func nearest(name string, cands []string) string {
	if name == "" {
		return ""
	}
	sorted := append([]string(nil), cands...)
	sort.Strings(sorted)
	limit := max(1, len([]rune(name))/3)
	if len([]rune(name)) <= 2 {
		limit = 0 // x for y is noise; only a difference of case counts
	}
	// Distances are counted in units of half an edit: a change of case
	// costs half (True for true), so that of two candidates one edit away
	// the one with the name's capitalisation wins (sigmod: sigmoid, not a
	// block named Sigmod).
	best, bestD := "", 2*limit+1
	for _, c := range sorted {
		if c == name || c == "" {
			continue
		}
		d := 2 * editDistance(strings.ToLower(name), strings.ToLower(c))
		if d <= 2*limit {
			d += caseChanges(name, c)
		}
		if strings.EqualFold(c, name) {
			d = 1
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// caseChanges is 1 when a and b start with letters of different case.
func caseChanges(a, b string) int {
	if a == "" || b == "" || strings.EqualFold(a[:1], b[:1]) && a[:1] != b[:1] {
		return 1
	}
	return 0
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and transpositions of adjacent runes.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	if abs := len(x) - len(y); abs > 3 || -abs > 3 {
		return 4 // far apart: no suggestion is that far
	}
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// namesInScope lists every name a lookup in sc could find: variables,
// members, methods, the file's blocks and imports, builtins, the literals
// true, false and None, and init.
func (e *elab) namesInScope(sc *scope) []string {
	var out []string
	for k := range sc.vars {
		out = append(out, k)
	}
	if sc.inst != nil {
		for k := range sc.inst.members {
			out = append(out, k)
		}
		for k := range sc.inst.methods {
			out = append(out, k)
		}
	}
	if sc.fs != nil {
		for k := range sc.fs.decls {
			out = append(out, k)
		}
		for k := range sc.fs.imports {
			out = append(out, k)
		}
	}
	for k := range builtins {
		out = append(out, k)
	}
	return append(out, "true", "false", "None", "init")
}

// builtinKwargs lists the keyword arguments of builtins, for suggestions
// (the builtins read them by name; see builtins.go and mixers.go).
var builtinKwargs = map[string][]string{
	"sum": {"axis", "keepdim"}, "mean": {"axis", "keepdim"}, "max": {"axis", "keepdim"},
	"softmax": {"axis"}, "cumsum": {"axis"}, "flip": {"axis"}, "shift": {"axis"},
	"rms_norm": {"weight", "eps"}, "layer_norm": {"weight", "bias", "eps"}, "l2_norm": {"eps"},
	"linear": {"bias"}, "split": {"axis"}, "concat": {"axis"}, "stack": {"axis"},
	"ssm":       {"init", "final_state"},
	"conv":      {"bias", "causal", "padding", "pad_left", "pad_right", "dilation"},
	"attention": {"causal", "scale", "key_padding_mask"}, "rope": {"theta", "interleaved"},
	"delta_rule":       {"gate", "n", "scale", "init", "final_state"},
	"linear_attention": {"scale", "init", "final_state"}, "gla": {"scale", "init", "final_state"},
	"quasiseparable": {"fwd", "bwd", "diag"}, "scan": {"over", "associative"},
	"arange": {"dtype"}, "tensor": {"dtype"}, "gather": {"axis"}, "scatter_add": {"axis"}, "top_k": {"axis"},
}

// checkKwargs reports a keyword argument that a builtin with a known list
// of them does not take, before the builtin runs (so that casual: true is
// reported as a misspelt causal, not as what a conv without it does).
func (c *callCtx) checkKwargs() {
	known, listed := builtinKwargs[c.name]
	if !listed {
		return
	}
	for _, k := range sortedAnyKeys(c.kw) {
		found := false
		for _, n := range known {
			found = found || n == k
		}
		if !found {
			c.e.fail(c.kwPos[k], "%s has no argument %s%s", c.name, k, suggest(k, known))
		}
	}
}
