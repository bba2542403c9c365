package ir

import (
	"math"
	"sort"
)

// Arena places the buffers of a memory plan at offsets in one block of
// memory, so that a backend allocates a run's activations once (a device
// allocation per kernel would cost more than small kernels): two buffers
// share bytes only if their lifetimes (MemPlan.Span) do not overlap.
type Arena struct {
	Offset map[*Value]int64 // by the value owning the buffer (MemPlan.Root)
	Size   int64            // bytes of the arena: at least the plan's peak of the buffers placed
}

// Layout places the plan's buffers and inputs (MemPlan.Inputs) for which
// want reports true (nil: all) in an arena, each offset a multiple of align (a power of two; a GPU
// reads an aligned buffer in whole memory transactions). Buffers are
// placed largest first, each at the lowest offset free for its whole
// lifetime ("greedy by size", as TensorFlow Lite's arena planner): the
// large buffers, which decide the size, get first pick, and the small
// ones fill the gaps. The arena is within a few percent of the peak on
// the plans of the reference models (TestArenaNearPeak).
func (p *MemPlan) Layout(want func(root *Value) bool, align int64) *Arena {
	a := &Arena{Offset: map[*Value]int64{}}
	bytes := map[*Value]int64{}
	var roots []*Value
	for _, m := range []map[*Value]int64{p.Bytes, p.Inputs} {
		for r, n := range m {
			if want == nil || want(r) {
				if n == math.MaxInt64 {
					a.Size = math.MaxInt64 // a plan of absurd sizes: no arena fits
					return a
				}
				bytes[r] = n
				roots = append(roots, r)
			}
		}
	}
	sort.Slice(roots, func(i, j int) bool {
		if bytes[roots[i]] != bytes[roots[j]] {
			return bytes[roots[i]] > bytes[roots[j]]
		}
		return roots[i].ID < roots[j].ID
	})
	type placed struct{ off, end int64 }
	var done []*Value
	for _, r := range roots {
		span := p.Span[r]
		var busy []placed // placed buffers alive at the same time as r, by offset
		for _, q := range done {
			if s := p.Span[q]; s[0] <= span[1] && span[0] <= s[1] {
				busy = append(busy, placed{a.Offset[q], a.Offset[q] + bytes[q]})
			}
		}
		sort.Slice(busy, func(i, j int) bool { return busy[i].off < busy[j].off })
		off := int64(0)
		for _, b := range busy {
			if off+bytes[r] <= b.off {
				break // the gap before b fits
			}
			off = max(off, alignUp(b.end, align))
		}
		a.Offset[r] = off
		a.Size = max(a.Size, addSat(off, bytes[r]))
		done = append(done, r)
	}
	return a
}

// alignUp rounds n up to a multiple of align (a power of two).
func alignUp(n, align int64) int64 {
	if align <= 1 {
		return n
	}
	return (n + align - 1) &^ (align - 1)
}
