package ir

import (
	"math/rand"
	"testing"
)

// TestArenaLayout places random plans and checks the layout against its
// definition: buffers alive at the same time never share a byte, every
// offset is aligned, and the arena holds the peak of live bytes and no
// more than all the buffers side by side.
func TestArenaLayout(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for trial := 0; trial < 300; trial++ {
		ops := 1 + rng.Intn(40)
		p := &MemPlan{Bytes: map[*Value]int64{}, Span: map[*Value][2]int{}, Inputs: map[*Value]int64{}}
		var vals []*Value
		size := map[*Value]int64{}
		for i := 0; i < 1+rng.Intn(60); i++ {
			v := &Value{ID: i}
			d := rng.Intn(ops)
			size[v] = int64(rng.Intn(5000))
			if rng.Intn(5) == 0 { // an input: alive from the start
				d = 0
				p.Inputs[v] = size[v]
			} else {
				p.Bytes[v] = size[v]
			}
			p.Span[v] = [2]int{d, d + rng.Intn(ops-d+1)}
			vals = append(vals, v)
		}
		align := int64(1) << rng.Intn(9)
		var want func(*Value) bool
		if trial%3 == 0 {
			want = func(v *Value) bool { return v.ID%2 == 0 }
		}
		a := p.Layout(want, align)
		var sum, peak int64
		for i := 0; i <= ops; i++ {
			var live int64
			for _, v := range vals {
				if (want == nil || want(v)) && p.Span[v][0] <= i && i <= p.Span[v][1] {
					live += size[v]
				}
			}
			peak = max(peak, live)
		}
		for _, v := range vals {
			off, ok := a.Offset[v]
			if want != nil && !want(v) {
				if ok {
					t.Fatalf("trial %d: value %d placed though not wanted", trial, v.ID)
				}
				continue
			}
			sum += size[v]
			if !ok || off%align != 0 || off < 0 || off+size[v] > a.Size {
				t.Fatalf("trial %d: value %d at %d (%v) of %d bytes, align %d, arena %d", trial, v.ID, off, ok, size[v], align, a.Size)
			}
			for _, w := range vals {
				if w == v || (want != nil && !want(w)) || size[v] == 0 || size[w] == 0 {
					continue
				}
				sv, sw := p.Span[v], p.Span[w]
				if sv[0] <= sw[1] && sw[0] <= sv[1] && off < a.Offset[w]+size[w] && a.Offset[w] < off+size[v] {
					t.Fatalf("trial %d: values %d %v [%d,+%d) and %d %v [%d,+%d) are alive together and overlap",
						trial, v.ID, sv, off, size[v], w.ID, sw, a.Offset[w], size[w])
				}
			}
		}
		if a.Size < peak || (align == 1 && a.Size > sum) {
			t.Fatalf("trial %d: arena %d bytes, peak %d, all buffers %d", trial, a.Size, peak, sum)
		}
	}
}
