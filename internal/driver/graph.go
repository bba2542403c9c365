package driver

import (
	"fmt"
	"sort"
	"strings"

	"github.com/seqc-dev/seqc/ir"
)

// graphOps are the ops drawn as nodes; everything else (elementwise math,
// data movement) is folded into the edges between them.
var graphOps = map[string]bool{"linear": true, "matmul": true, "take": true, "rms_norm": true, "layer_norm": true, "l2_norm": true, "softmax": true}

// Graph renders a function as Graphviz DOT: one node per mixer or layer op,
// clustered by block instance, edges labelled with the shapes that flow.
func Graph(m *ir.Module, f *ir.Func) string {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %q {\n  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\"];\n", m.Name)
	node := map[*ir.Op]string{}
	clusters := map[string][]string{}
	for i, v := range f.Inputs {
		fmt.Fprintf(&b, "  in%d [label=%q, shape=ellipse];\n", i, v.Name+"\n"+v.Type.String())
	}
	shown := func(op *ir.Op) bool {
		return graphOps[op.Kind] || op.Info().Has(ir.SeqMixer)
	}
	var walk func(body []*ir.Op)
	walk = func(body []*ir.Op) {
		for _, op := range body {
			if op.Region != nil {
				walk(op.Region.Body)
			}
			if !shown(op) {
				continue
			}
			id := fmt.Sprintf("n%d", len(node))
			node[op] = id
			label := op.Kind
			if mode := op.Attrs.String("mode"); mode != "" {
				label += " @" + mode
			}
			clusters[op.Scope] = append(clusters[op.Scope], fmt.Sprintf("%s [label=%q%s];", id, label, style(op)))
		}
	}
	walk(f.Body)
	scopes := make([]string, 0, len(clusters))
	for s := range clusters {
		scopes = append(scopes, s)
	}
	sort.Strings(scopes)
	for i, s := range scopes {
		if s == "" {
			for _, n := range clusters[s] {
				b.WriteString("  " + n + "\n")
			}
			continue
		}
		fmt.Fprintf(&b, "  subgraph cluster_%d {\n    label=%q;\n", i, s)
		for _, n := range clusters[s] {
			b.WriteString("    " + n + "\n")
		}
		b.WriteString("  }\n")
	}
	// sources finds the shown ops (or inputs) a value comes from.
	inputs := map[*ir.Value]string{}
	for i, v := range f.Inputs {
		inputs[v] = fmt.Sprintf("in%d", i)
	}
	var sources func(v *ir.Value, seen map[*ir.Value]bool) []string
	sources = func(v *ir.Value, seen map[*ir.Value]bool) []string {
		if seen[v] {
			return nil
		}
		seen[v] = true
		if id, ok := inputs[v]; ok {
			return []string{id}
		}
		if v.Def == nil {
			return nil
		}
		if id, ok := node[v.Def]; ok {
			return []string{id}
		}
		var out []string
		for _, a := range v.Def.Args {
			out = append(out, sources(a, seen)...)
		}
		return out
	}
	edges := map[string]bool{}
	var edgeList []string
	addEdges := func(to string, args []*ir.Value) {
		for _, a := range args {
			for _, from := range sources(a, map[*ir.Value]bool{}) {
				e := fmt.Sprintf("  %s -> %s [label=%q];", from, to, a.Type.Shape.String())
				if !edges[e] {
					edges[e] = true
					edgeList = append(edgeList, e)
				}
			}
		}
	}
	var walkEdges func(body []*ir.Op)
	walkEdges = func(body []*ir.Op) {
		for _, op := range body {
			if op.Region != nil {
				walkEdges(op.Region.Body)
			}
			if id, ok := node[op]; ok {
				addEdges(id, op.Args)
			}
		}
	}
	walkEdges(f.Body)
	for i, o := range f.Outputs {
		fmt.Fprintf(&b, "  out%d [label=%q, shape=ellipse];\n", i, f.OutNames[i]+"\n"+o.Type.String())
		addEdges(fmt.Sprintf("out%d", i), []*ir.Value{o})
	}
	for _, e := range edgeList {
		b.WriteString(e + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}

func style(op *ir.Op) string {
	if op.Info().Has(ir.SeqMixer) {
		return ", style=filled, fillcolor=\"#ffe9b3\""
	}
	return ""
}
