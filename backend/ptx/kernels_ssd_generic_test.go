package ptx

import (
	"math/rand/v2"
	"testing"
)

// The generic chunked kernel (a decay varying over the state), emulated
// in both thread orders, against the recurrence in float64.

func TestSSDGenericKernel(t *testing.T) {
	needEmu(t)
	for i, c := range []struct {
		ssdCase
		masked bool
	}{
		// GLA: x [B, L, H, V], a decay per key channel, b and c per head.
		{ssdCase{"gla", []int{2, 17, 2, 130}, [3][]int{{2, 17, 2, 1, 6}, {2, 17, 2, 1, 6}, {2, 17, 2, 1, 6}}, 5, true, true, [2]float64{0.5, 1}}, false},
		// The masked kernel (a state size known at launch), chunk 64.
		{ssdCase{"masked", []int{1, 70, 3}, [3][]int{{1, 70, 3, 7}, {1, 1, 3, 7}, {1, 70, 1, 7}}, 64, true, true, [2]float64{0.9, 1}}, true},
		// Time-invariant, chunk 1, strong decays, no initial state.
		{ssdCase{"lti", []int{3, 9, 5}, [3][]int{{1, 1, 5, 4}, {1, 1, 5, 4}, {1, 1, 5, 4}}, 1, false, true, [2]float64{0, 0.05}}, false},
		// An empty sequence: the state passes through.
		{ssdCase{"empty", []int{2, 0, 3}, [3][]int{{2, 0, 3, 4}, {2, 0, 3, 4}, {2, 0, 3, 4}}, 4, true, true, [2]float64{0.5, 1}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := 1
			for _, s := range c.shapes {
				n = max(n, s[len(s)-1])
			}
			kn := n
			if c.masked {
				kn = ssdGenMaxN
			}
			name := keyf("test_ssd_generic", kn, c.masked)
			r := loadEmu(t, kernelDef{ssdGenSpec(name), func(tg Target, m *Module) error { return EmitSSDGeneric(tg, m, name, kn, c.masked) }})
			checkScanABI(t, r, name, c.ssdCase, rand.New(rand.NewPCG(40, uint64(i))))
		})
	}
}

// checkScanABI runs a kernel of the scan's ABI plus [13] N and [14] the
// chunk (ssdGenSpec) on case c against the float64 recurrence.
func checkScanABI(t *testing.T, r runner, name string, c ssdCase, rng *rand.Rand) {
	xl := c.xl
	B, L, C, N, x, ops, h0, y, ht := c.data(rng)
	ints := make([]int64, 15)
	ints[0], ints[1], ints[13], ints[14] = int64(L), int64(C), int64(N), int64(c.q)
	if c.h0 {
		ints[2] = 1
	}
	if c.hT {
		ints[3] = 1
	}
	bufs := make([]Buf, ssmPtrs)
	for o := 0; o < 3; o++ {
		off := make([]int32, C)
		ints[4+3*o], ints[5+3*o], ints[6+3*o] = ssmOperand(c.shapes[o], xl, off)
		bufs[ssmA+o], bufs[ssmOffA+o] = Buf{F: ops[o], Kind: In}, Buf{F: int32Buf(off), Kind: In}
	}
	bufs[ssmX], bufs[ssmY], bufs[ssmH0], bufs[ssmHT] = Buf{F: x, Kind: In}, Buf{F: y, Kind: Out}, Buf{F: h0, Kind: In}, Buf{F: ht, Kind: Out}
	if err := r.launch(name, &Launch{Grid: Grid{CeilDiv(C, selBlock), B}, Ints: ints, Bufs: bufs}, 2); err != nil {
		t.Fatal(err)
	}
	checkSSMRecurrence(t, c, C, N, ops, x, h0, y, ht)
}

// TestSSDGenericPTX: the generic chunked kernel's PTX, at its largest
// state (registers, no local memory).
func TestSSDGenericPTX(t *testing.T) {
	for _, masked := range []bool{false, true} {
		name := keyf("ssd_generic", ssdGenMaxN, masked)
		_ = checkKernelPTX(t, kernelDef{ssdGenSpec(name), func(tg Target, m *Module) error { return EmitSSDGeneric(tg, m, name, ssdGenMaxN, masked) }}, false)
	}
}
