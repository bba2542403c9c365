package ir

import (
	"fmt"
	"sort"
	"strings"
)

// The algorithms a sequence mixer can run as: one vocabulary for `.seq`
// hints (@mode), `seqc run --mode`, `seqc ir --explain`, the cost model and
// every backend.
const (
	// ModeScan is the recurrent form, one position after another: an SSM's
	// scan, an RNN cell, the delta rule's recurrence, a convolution's
	// sliding window.
	ModeScan = "scan"
	// ModeChunked works on blocks of positions: SSD chunks, flash-attention
	// tiles, the delta rule's WY form.
	ModeChunked = "chunked"
	// ModeQuadratic materialises the L×L mixing matrix.
	ModeQuadratic = "quadratic"
	// ModeConv runs a time-invariant mixer as an FFT convolution.
	ModeConv = "conv"
)

// Modes lists the values of a forced mode: "auto" leaves each mixer to its
// hint or the cost model.
var Modes = []string{"auto", ModeScan, ModeChunked, ModeQuadratic, ModeConv}

// modeAliases are the names earlier versions used for one op's algorithm;
// hints written with them keep working.
var modeAliases = map[string]string{
	"direct": ModeScan, "recurrent": ModeScan, "sequential": ModeScan,
	"fft": ModeConv, "materialized": ModeQuadratic, "flash": ModeChunked,
}

// CanonicalMode maps a mode name or an alias to its name in Modes.
func CanonicalMode(name string) (string, bool) {
	if a, ok := modeAliases[name]; ok {
		return a, true
	}
	for _, m := range Modes {
		if m == name {
			return m, true
		}
	}
	return "", false
}

// ModeSet says which algorithms an op can run as, the first being its
// default when nothing chooses.
type ModeSet func(op *Op) []string

// kindModes are the algorithms of each mixer kind; a particular op may
// lack some (an ssm whose a, b or c vary in time has no conv form).
var kindModes = map[string][]string{
	"ssm":            {ModeScan, ModeChunked, ModeQuadratic, ModeConv},
	"conv":           {ModeScan, ModeConv},
	"quasiseparable": {ModeScan, ModeQuadratic},
	"attention":      {ModeChunked, ModeQuadratic},
	"delta_rule":     {ModeScan, ModeChunked},
	"scan":           {ModeScan},
	"assoc_scan":     {ModeScan, ModeChunked},
	"selective_scan": {ModeScan},
}

// attachModes puts this file's knowledge into the op table (called by
// ops.go's init, after the table is built).
func attachModes() {
	for name, ms := range kindModes {
		ms := ms
		opTable[name].Modes = func(*Op) []string { return ms }
	}
	opTable["ssm"].Modes = func(op *Op) []string {
		if TimeInvariant(op) {
			return kindModes["ssm"]
		}
		return kindModes["ssm"][:3]
	}
}

// KindModes lists the algorithms an op kind has over all its instances.
func KindModes(kind string) []string { return kindModes[kind] }

// OpModes lists op's algorithms (nil for ops that are not mixers).
func OpModes(op *Op) []string {
	if s := op.Info().Modes; s != nil {
		return s(op)
	}
	return nil
}

// TimeInvariant reports whether an ssm's a, b and c have no sequence axis.
func TimeInvariant(op *Op) bool {
	for _, a := range op.Args[1:4] {
		if a.Type.Shape[1] != Const(1) {
			return false
		}
	}
	return true
}

// ModeReport says which mixers of a function a forced mode reaches.
type ModeReport struct {
	Mode       string
	Took, Kept []*Op // mixers that run as Mode, and those that cannot
}

// ForceMode reports which mixers of f run as mode when it is forced, and
// fails when it reaches none: a forced algorithm that changes nothing is a
// mistake to say, not to ignore.
func ForceMode(f *Func, mode string) (*ModeReport, error) {
	m, ok := CanonicalMode(mode)
	if !ok {
		return nil, fmt.Errorf("unknown mode %q (modes: %s)", mode, strings.Join(Modes, ", "))
	}
	r := &ModeReport{Mode: m}
	if m == "auto" {
		return r, nil
	}
	var kinds []string
	var walk func(ops []*Op)
	walk = func(ops []*Op) {
		for _, op := range ops {
			if ms := OpModes(op); ms != nil {
				if contains(ms, m) {
					r.Took = append(r.Took, op)
				} else {
					r.Kept = append(r.Kept, op)
					kinds = append(kinds, fmt.Sprintf("%s at %s (%s)", op.Kind, op.Pos, strings.Join(ms, ", ")))
				}
			}
			if op.Region != nil {
				walk(op.Region.Body)
			}
		}
	}
	walk(f.Body)
	if len(r.Took) == 0 {
		if len(kinds) == 0 {
			return nil, fmt.Errorf("--mode %s: %s has no sequence mixer", m, f.Name)
		}
		sort.Strings(kinds)
		return nil, fmt.Errorf("--mode %s applies to no mixer of %s: %s", m, f.Name, strings.Join(kinds, "; "))
	}
	return r, nil
}

// String summarises the report: "conv: 2 mixers (ssm ×2); kept their own: conv ×1".
func (r *ModeReport) String() string {
	if r.Mode == "auto" {
		return "auto"
	}
	s := fmt.Sprintf("%s for %s", r.Mode, countKinds(r.Took))
	if len(r.Kept) > 0 {
		s += fmt.Sprintf("; not for %s (no %s form)", countKinds(r.Kept), r.Mode)
	}
	return s
}

func countKinds(ops []*Op) string {
	n := map[string]int{}
	for _, op := range ops {
		n[op.Kind]++
	}
	var parts []string
	for k, c := range n {
		parts = append(parts, fmt.Sprintf("%d %s", c, k))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ApplicableModes lists the forced modes that change how at least one
// mixer of m runs, always starting with "auto". A test that runs every
// listed mode checks every algorithm a backend has for the model.
func ApplicableModes(m *Module) []string {
	has := map[string]bool{}
	for _, f := range m.Funcs {
		var walk func(ops []*Op)
		walk = func(ops []*Op) {
			for _, op := range ops {
				if ms := OpModes(op); len(ms) > 1 {
					for _, md := range ms {
						has[md] = true
					}
				}
				if op.Region != nil {
					walk(op.Region.Body)
				}
			}
		}
		walk(f.Body)
	}
	out := []string{"auto"}
	for _, md := range Modes[1:] {
		if has[md] {
			out = append(out, md)
		}
	}
	return out
}

// ModeAt is the algorithm op runs as at sequence length l when forced is
// the run's forced mode ("" or "auto": none): the forced mode if the op has
// it, else its @mode hint, else its select_modes policy, else its default.
// Every backend picks algorithms by this rule. Ops without algorithms give "".
func ModeAt(op *Op, forced string, l int) string {
	ms := OpModes(op)
	if len(ms) == 0 {
		return ""
	}
	if m, _ := CanonicalMode(forced); m != "" && m != "auto" && contains(ms, m) {
		return m
	}
	if m, _ := CanonicalMode(op.Attrs.String("mode")); m != "" && m != "auto" {
		return m
	}
	if m, _ := Policy(op.Attrs.String("policy"), l); m != "" {
		if c, ok := CanonicalMode(m); ok {
			return c
		}
	}
	return ms[0]
}
