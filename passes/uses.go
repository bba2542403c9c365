package passes

import "github.com/seqc-dev/seqc/ir"

// forEachBody calls fn on every op list of f: its body and every region.
func forEachBody(f *ir.Func, fn func(body *[]*ir.Op)) {
	var walk func(body *[]*ir.Op)
	walk = func(body *[]*ir.Op) {
		for _, op := range *body {
			if op.Region != nil {
				walk(&op.Region.Body)
			}
		}
		fn(body)
	}
	walk(&f.Body)
}

// replaceUses makes every use of old in f (arguments, region yields and
// function outputs) use repl instead.
func replaceUses(f *ir.Func, old, repl *ir.Value) {
	swap := func(vs []*ir.Value) {
		for i, v := range vs {
			if v == old {
				vs[i] = repl
			}
		}
	}
	forEachBody(f, func(body *[]*ir.Op) {
		for _, op := range *body {
			swap(op.Args)
			if op.Region != nil {
				swap(op.Region.Yields)
			}
		}
	})
	swap(f.Outputs)
}

// useCounts counts the uses of every value of f.
func useCounts(f *ir.Func) map[*ir.Value]int {
	n := map[*ir.Value]int{}
	forEachBody(f, func(body *[]*ir.Op) {
		for _, op := range *body {
			for _, a := range op.Args {
				n[a]++
			}
			if op.Region != nil {
				for _, y := range op.Region.Yields {
					n[y]++
				}
			}
		}
	})
	for _, o := range f.Outputs {
		n[o]++
	}
	return n
}
