package ptx

import (
	"context"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/backend/llvm"
)

// The chunked SSD kernel, emulated (both thread orders), against the
// recurrence h = a·h + b·x, y = Σ c·h in float64: the chunked form is the
// same map, so the scan written here is its independent reference.

// ssdCase is one problem: x's shape, the shapes of a, b and c (x's rank
// plus the state axis, each axis equal to x's or 1), the chunk.
type ssdCase struct {
	name   string
	xl     []int
	shapes [3][]int
	q      int
	h0, hT bool
	decay  [2]float64 // a drawn uniformly in [lo, hi)
}

func TestSSDKernel(t *testing.T) {
	needEmu(t)
	name := "seqc_ptx_test_ssd"
	r := loadEmu(t, kernelDef{ssdSpec(name), func(tg Target, m *Module) error { return EmitSSD(tg, m, name) }})
	for i, c := range []ssdCase{
		// Mamba-2: x [B, L, groups, heads, P]; a scalar per head; b per
		// head (dt folded in), c shared by a group's heads. P 40 crosses
		// the 32-channel tile; L 21 leaves a short last chunk.
		{"mamba2", []int{2, 21, 2, 3, 40}, [3][]int{{2, 21, 2, 3, 1, 1}, {2, 21, 2, 3, 1, 16}, {2, 21, 2, 1, 1, 16}}, 8, true, true, [2]float64{0.5, 1}},
		// Linear attention: no decay, channels (H, V), state K = 70.
		{"linattn", []int{2, 130, 2, 5}, [3][]int{{1, 1, 1, 1, 1}, {2, 130, 2, 1, 70}, {2, 130, 2, 1, 70}}, 64, false, true, [2]float64{1, 1}},
		// Groups whose channels are strided in x (a varies along the last
		// channel axis), a time-invariant b, the state at the limit.
		{"strided", []int{1, 19, 3, 4}, [3][]int{{1, 19, 1, 4, 1}, {1, 1, 1, 4, 128}, {1, 19, 1, 1, 128}}, 5, true, false, [2]float64{0.8, 1}},
		// One state, a decay per channel and batch, chunk 1; strong decays.
		{"n1", []int{3, 7, 9}, [3][]int{{3, 7, 9, 1}, {1, 7, 9, 1}, {3, 1, 1, 1}}, 1, true, true, [2]float64{0, 0.01}},
		// One chunk of the whole sequence (64 steps), a shared decay.
		{"onechunk", []int{1, 64, 33}, [3][]int{{1, 64, 1, 1}, {1, 64, 1, 8}, {1, 64, 1, 8}}, 64, true, true, [2]float64{0.9, 1}},
		// An empty sequence: the state passes through.
		{"empty", []int{2, 0, 3}, [3][]int{{2, 0, 3, 1}, {2, 0, 3, 4}, {2, 0, 3, 4}}, 4, true, true, [2]float64{0.5, 1}},
	} {
		t.Run(c.name, func(t *testing.T) { checkSSD(t, r, name, c, rand.New(rand.NewPCG(20, uint64(i)))) })
	}
}

func checkSSD(t *testing.T, r runner, name string, c ssdCase, rng *rand.Rand) {
	xl := c.xl
	B, L, C, N, x, ops, h0, y, ht := c.data(rng)
	ints, offs := ssdOperandInts([3][]int{c.shapes[0], c.shapes[1], c.shapes[2]}, xl, C)
	tab, G, maxP := ssdGroups(offs)
	tiles := CeilDiv(maxP, ssdTileP)
	ints[0], ints[1], ints[2], ints[3], ints[4], ints[5] = int64(L), int64(C), int64(N), int64(c.q), int64(G), int64(tiles)
	if c.h0 {
		ints[6] |= 1
	}
	if c.hT {
		ints[6] |= 2
	}
	bufs := make([]Buf, ssdPtrs)
	bufs[ssdX], bufs[ssdTab], bufs[ssdY] = Buf{F: x, Kind: In}, Buf{F: int32Buf(tab), Kind: In}, Buf{F: y, Kind: Out}
	for o := 0; o < 3; o++ {
		bufs[ssdA+o] = Buf{F: ops[o], Kind: In}
	}
	bufs[ssdH0], bufs[ssdHT] = Buf{F: h0, Kind: In}, Buf{F: ht, Kind: Out}
	if err := r.launch(name, &Launch{Grid: Grid{B * G * tiles, 1}, Ints: ints, Bufs: bufs}, 2); err != nil {
		t.Fatal(err)
	}

	checkSSMRecurrence(t, c, C, N, ops, x, h0, y, ht)
}

// data draws a case's operands (x, a with its decays, b, c, the initial
// state if any) and the outputs y and the final state (if any), filled
// with NaN: every element must be written. C is the channels, N the
// largest state size of the operands.
func (c ssdCase) data(rng *rand.Rand) (B, L, C, N int, x []float32, ops [3][]float32, h0, y, ht []float32) {
	B, L, C = c.xl[0], c.xl[1], 1
	for _, d := range c.xl[2:] {
		C *= d
	}
	N = 1
	for _, s := range c.shapes {
		N = max(N, s[len(s)-1])
	}
	count := func(s []int) int {
		n := 1
		for _, d := range s {
			n *= d
		}
		return n
	}
	x = randF(rng, count(c.xl), 1)
	for o, s := range c.shapes {
		ops[o] = randF(rng, count(s), 1)
	}
	for i := range ops[0] {
		ops[0][i] = float32(c.decay[0] + rng.Float64()*(c.decay[1]-c.decay[0]))
	}
	if c.h0 {
		h0 = randF(rng, B*C*N, 1)
	}
	y = make([]float32, len(x))
	if c.hT {
		ht = make([]float32, B*C*N)
	}
	for _, f := range [][]float32{y, ht} {
		for i := range f {
			f[i] = float32(math.NaN())
		}
	}
	return
}

// ssdNear checks |got - want| ≤ 1e-5·(1 + scale), scale the sum of the
// terms' magnitudes (a float32 sum of many terms errs relative to it).
func ssdNear(t *testing.T, what string, got []float32, want, scale []float64) {
	t.Helper()
	for i := range want {
		if d := math.Abs(float64(got[i]) - want[i]); !(d <= 1e-5*(1+scale[i])) {
			t.Fatalf("%s: element %d is %g, want %g (scale %g)", what, i, got[i], want[i], scale[i])
		}
	}
}

// TestSSDPTX: the SSD kernel's PTX builds with no .extern (an unknown
// intrinsic), no local memory, IEEE rounding only, and barriers (it has
// phases).
func TestSSDPTX(t *testing.T) {
	ptx := checkKernelPTX(t, kernelDef{ssdSpec("seqc_ptx_ssd"), func(tg Target, m *Module) error { return EmitSSD(tg, m, "seqc_ptx_ssd") }}, true)
	checkSharedFits(t, "the SSD kernel", ptx)
}

// checkSharedFits: a kernel's static shared memory fits the 48 KiB a block
// may declare.
func checkSharedFits(t *testing.T, what, ptx string) {
	t.Helper()
	total := 0
	for _, m := range sharedRe.FindAllStringSubmatch(ptx, -1) {
		n, _ := strconv.Atoi(m[1])
		total += n
	}
	if total == 0 || total > 48<<10 {
		t.Errorf("%s declares %d bytes of shared memory (1..%d)", what, total, 48<<10)
	}
}

// sharedRe matches a PTX shared array's size in bytes.
var sharedRe = regexp.MustCompile(`\.shared \.align \d+ \.b8 \S+\[(\d+)\]`)

// checkKernelPTX compiles d for the GPU, checks its PTX and returns it.
func checkKernelPTX(t *testing.T, d kernelDef, barriers bool) string {
	t.Helper()
	if _, err := llvm.LookupLLC(); err != nil {
		t.Skip(err)
	}
	text, err := emitDefs(GPU, []kernelDef{d})
	if err != nil {
		t.Fatal(err)
	}
	ptx, err := CompilePTX(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ptx, ".visible .entry "+d.spec.Name+"(") {
		t.Errorf("no entry %s in the PTX", d.spec.Name)
	}
	for _, bad := range []string{".extern", ".local"} {
		if strings.Contains(ptx, bad) {
			t.Errorf("the PTX of %s holds %s", d.spec.Name, bad)
		}
	}
	if m := inexactRe.FindString(ptx); m != "" {
		t.Errorf("the PTX of %s holds %q, which the emulation does not compute", d.spec.Name, strings.TrimSpace(m))
	}
	if got := strings.Contains(ptx, "bar.sync"); got != barriers {
		t.Errorf("barrier in the PTX of %s: %v, want %v", d.spec.Name, got, barriers)
	}
	return ptx
}

// checkSSMRecurrence checks an ssm kernel's outputs y (and final state ht
// when c.hT) against the recurrence in float64 — h = a·h + b·x, y = Σ c·h
// over each operand's broadcast — within float32 rounding of the sums of
// the terms' magnitudes (the same recurrence over |terms|).
func checkSSMRecurrence(t *testing.T, c ssdCase, C, N int, ops [3][]float32, x, h0, y, ht []float32) {
	t.Helper()
	xl := c.xl
	B, L := xl[0], xl[1]
	// at reads operand o at (b, t, channel coordinates..., n), broadcast.
	at := func(o, b, tt, ch, n int) float64 {
		return float64(ops[o][operandOffset(c.shapes[o], xl, b, tt, ch, n)])
	}
	// The reference and, for the error bound, the same recurrence over
	// magnitudes: float32 rounding is relative to Σ|terms|.
	want, wantH := make([]float64, len(y)), make([]float64, B*C*N)
	scale, scaleH := make([]float64, len(y)), make([]float64, B*C*N)
	for b := 0; b < B; b++ {
		for ch := 0; ch < C; ch++ {
			h, m := make([]float64, N), make([]float64, N)
			for n := range h {
				if c.h0 {
					h[n] = float64(h0[(b*C+ch)*N+n])
					m[n] = math.Abs(h[n])
				}
			}
			for tt := 0; tt < L; tt++ {
				xv := float64(x[(b*L+tt)*C+ch])
				acc, mag := 0.0, 0.0
				for n := range h {
					a, bv, cv := at(0, b, tt, ch, n), at(1, b, tt, ch, n), at(2, b, tt, ch, n)
					h[n] = a*h[n] + bv*xv
					m[n] = math.Abs(a)*m[n] + math.Abs(bv*xv)
					acc += cv * h[n]
					mag += math.Abs(cv) * m[n]
				}
				want[(b*L+tt)*C+ch], scale[(b*L+tt)*C+ch] = acc, mag
			}
			copy(wantH[(b*C+ch)*N:], h)
			copy(scaleH[(b*C+ch)*N:], m)
		}
	}
	ssdNear(t, "y", y, want, scale)
	if c.hT {
		ssdNear(t, "final state", ht, wantH, scaleH)
	}
}

// operandOffset is the element of an ssm operand of shape s (broadcast on
// its size-1 axes) at batch b, step t, channel ch of x's shape xl (the
// axes past the first two, row-major) and state n.
func operandOffset(s, xl []int, b, t, ch, n int) int {
	idx := make([]int, len(xl)-2)
	for a := len(idx) - 1; a >= 0; a-- {
		idx[a] = ch % xl[2+a]
		ch /= xl[2+a]
	}
	idx = append(append([]int{b, t}, idx...), n)
	off := 0
	for ax := range s {
		v := idx[ax]
		if s[ax] == 1 {
			v = 0
		}
		off = off*s[ax] + v
	}
	return off
}
