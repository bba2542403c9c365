package ptx

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// gruModule is a GRU cell (PyTorch's gate order r, z, n) as a scan with
// hidden size 5 and input gates precomputed (x is [B, L, 15]), its hidden
// state the carry and the per-step output.
const gruModule = `module Cell

param "w": f32[15, 5]
param "b": f32[15]

func forward(%1 x: f32[B, L, 15], %2 h0: f32[B, 5]) -> (h: f32[B, 5], y: f32[B, L, 5]) {
  %30, %31 = scan %2, %1 {carries=1} : f32[B, 5], f32[B, L, 5] {
    ^(%7: f32[B, 5], %8: f32[B, 15]):
    %9, %10, %11 = split %8 {axis=-1, sizes=[5, 5, 5]} : f32[B, 5], f32[B, 5], f32[B, 5]
    %12 = param {name="w"} : f32[15, 5]
    %13 = param {name="b"} : f32[15]
    %14 = linear %7, %12, %13 : f32[B, 15]
    %15, %16, %17 = split %14 {axis=-1, sizes=[5, 5, 5]} : f32[B, 5], f32[B, 5], f32[B, 5]
    %18 = add %9, %15 : f32[B, 5]
    %19 = sigmoid %18 : f32[B, 5]
    %20 = add %10, %16 : f32[B, 5]
    %21 = sigmoid %20 : f32[B, 5]
    %22 = mul %19, %17 : f32[B, 5]
    %23 = add %11, %22 : f32[B, 5]
    %24 = tanh %23 : f32[B, 5]
    %25 = const {value=1.0} : f32[]
    %26 = sub %25, %21 : f32[B, 5]
    %27 = mul %26, %24 : f32[B, 5]
    %28 = mul %21, %7 : f32[B, 5]
    %29 = add %27, %28 : f32[B, 5]
    yield %29, %29
  }
  return %30, %31
}
`

// TestScanRegionKernel: a GRU cell's scan runs as one emulated kernel
// (nothing of it on the interpreter), the same bits in both thread
// orders, and matches the GRU in float64.
func TestScanRegionKernel(t *testing.T) {
	needEmu(t)
	m, err := ir.Parse(gruModule)
	if err != nil {
		t.Fatal(err)
	}
	ks, why := planModule(m)
	var planned bool
	for op := range ks {
		planned = planned || op.Kind == "scan"
	}
	if !planned {
		t.Fatalf("the GRU scan was not planned: %v", why)
	}
	rng := rand.New(rand.NewPCG(14, 14))
	const B, L, H = 3, 7, 5
	w, bias, x, h0 := randF(rng, 3*H*H, 0.5), randF(rng, 3*H, 0.5), randF(rng, B*L*3*H, 1), randF(rng, B*H, 1)
	// Every launch in both thread orders, bit for bit (no race in a phase).
	weights := map[string]*runtime.Tensor{"w": runtime.FromF32([]int{3 * H, H}, w), "b": runtime.FromF32([]int{3 * H}, bias)}
	exec, err := prepareWith(context.Background(), m, weights, "test", backend.Options{}, EmuName,
		func(ctx context.Context, ks map[*ir.Op]*opKernel) (runner, error) {
			return loadEmu(t, uniqueDefs(ks)...), nil
		})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Run(context.Background(), "forward", []*runtime.Tensor{runtime.FromF32([]int{B, L, 3 * H}, x), runtime.FromF32([]int{B, H}, h0)})
	if err != nil {
		t.Fatal(err)
	}
	sig := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	wantH, wantY := make([]float64, B*H), make([]float64, B*L*H)
	for b := 0; b < B; b++ {
		h := make([]float64, H)
		for j := range h {
			h[j] = float64(h0[b*H+j])
		}
		for tt := 0; tt < L; tt++ {
			xg := x[(b*L+tt)*3*H:][:3*H]
			hg := make([]float64, 3*H)
			for i := range hg {
				hg[i] = float64(bias[i])
				for k := 0; k < H; k++ {
					hg[i] += float64(w[i*H+k]) * h[k]
				}
			}
			next := make([]float64, H)
			for j := 0; j < H; j++ {
				r := sig(float64(xg[j]) + hg[j])
				z := sig(float64(xg[H+j]) + hg[H+j])
				n := math.Tanh(float64(xg[2*H+j]) + r*hg[2*H+j])
				next[j] = (1-z)*n + z*h[j]
				wantY[(b*L+tt)*H+j] = next[j]
			}
			h = next
		}
		copy(wantH[b*H:], h)
	}
	near(t, "gru h", out[0].F, wantH, 1e-5)
	near(t, "gru y", out[1].F, wantY, 1e-5)
}

// maxModule is RWKV-4's running maximum: the carry decays by a weight-only
// vector (read from its buffer, not shared memory) and the per-step output
// is the carry before the step.
const maxModule = `module RunMax

param "w": f32[6]

func forward(%1 x: f32[B, L, 6], %2 h0: f32[B, 6]) -> (h: f32[B, 6], y: f32[B, L, 6]) {
  %3 = param {name="w"} : f32[6]
  %4 = exp %3 : f32[6]
  %5 = neg %4 : f32[6]
  %10, %11 = scan %2, %1 {carries=1} : f32[B, 6], f32[B, L, 6] {
    ^(%6: f32[B, 6], %7: f32[B, 6]):
    %8 = add %6, %5 : f32[B, 6]
    %9 = maximum %8, %7 : f32[B, 6]
    yield %9, %6
  }
  return %10, %11
}
`

// TestScanRegionWeightVector: a body operand that is a weight-only vector
// computed outside the scan.
func TestScanRegionWeightVector(t *testing.T) {
	needEmu(t)
	m, err := ir.Parse(maxModule)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(16, 16))
	const B, L, D = 2, 9, 6
	w, x, h0 := randF(rng, D, 1), randF(rng, B*L*D, 1), randF(rng, B*D, 1)
	exec, err := prepareWith(context.Background(), m, map[string]*runtime.Tensor{"w": runtime.FromF32([]int{D}, w)}, "test", backend.Options{}, EmuName,
		func(ctx context.Context, ks map[*ir.Op]*opKernel) (runner, error) {
			for op := range ks {
				if op.Kind == "scan" {
					return loadEmu(t, uniqueDefs(ks)...), nil
				}
			}
			t.Fatal("the scan was not planned")
			return nil, nil
		})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Run(context.Background(), "forward", []*runtime.Tensor{runtime.FromF32([]int{B, L, D}, x), runtime.FromF32([]int{B, D}, h0)})
	if err != nil {
		t.Fatal(err)
	}
	wantH, wantY := make([]float64, B*D), make([]float64, B*L*D)
	for b := 0; b < B; b++ {
		for d := 0; d < D; d++ {
			h := float64(h0[b*D+d])
			for tt := 0; tt < L; tt++ {
				wantY[(b*L+tt)*D+d] = h
				h = math.Max(h-math.Exp(float64(w[d])), float64(x[(b*L+tt)*D+d]))
			}
			wantH[b*D+d] = h
		}
	}
	near(t, "running max h", out[0].F, wantH, 1e-5)
	near(t, "running max y", out[1].F, wantY, 1e-5)
}

// TestScanRegionBroadcastIndex: the broadcast index maps of a body's binary
// ops against NumPy's rule computed from coordinates, for random row
// shapes and operands that broadcast to them.
func TestScanRegionBroadcastIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 17))
	for trial := 0; trial < 2000; trial++ {
		out := make([]int, rng.IntN(4))
		for i := range out {
			out[i] = 1 + rng.IntN(4)
		}
		// The operand: a suffix of out's axes, each kept or made 1, with
		// extra leading 1s now and then.
		in := append([]int{}, out[rng.IntN(len(out)+1):]...)
		for i := range in {
			if rng.IntN(2) == 0 {
				in[i] = 1
			}
		}
		if rng.IntN(4) == 0 {
			in = append([]int{1}, in...)
		}
		m, ok := bcastIndex(out, in)
		if !ok {
			t.Fatalf("%v does not broadcast to %v", in, out)
		}
		for j := 0; j < prod(out); j++ {
			// NumPy: the coordinates of j in out, right-aligned onto in.
			want, rest, stride := 0, j, 1
			for ax := len(out) - 1; ax >= 0; ax-- {
				c := rest % out[ax]
				rest /= out[ax]
				if k := ax - (len(out) - len(in)); k >= 0 && in[k] != 1 {
					want += c * stride
				}
				if k := ax - (len(out) - len(in)); k >= 0 {
					stride *= in[k]
				}
			}
			got := j
			switch {
			case m.zero:
				got = 0
			case m.terms != nil:
				got = 0
				for _, tm := range m.terms {
					v := j / tm.div
					if tm.mod != 0 {
						v %= tm.mod
					}
					got += v * tm.mul
				}
			}
			if got != want {
				t.Fatalf("%v against %v: element %d maps to %d, want %d (%+v)", in, out, j, got, want, m)
			}
		}
	}
	for _, c := range [][2][]int{{{4, 16}, {4, 2}}, {{3}, {2, 3}}, {{2, 3}, {3, 1}}} {
		if _, ok := bcastIndex(c[0], c[1]); ok {
			t.Errorf("%v broadcasts to %v", c[1], c[0])
		}
	}
}

// rowsModule is a scan whose carry and input have rows of two axes, the
// input's broadcast along the last: h' = tanh(h·x + h), y = h'.
const rowsModule = `module Rows

func forward(%1 x: f32[B, L, 2, 1], %2 h0: f32[B, 2, 3]) -> (h: f32[B, 2, 3], y: f32[B, L, 2, 3]) {
  %10, %11 = scan %2, %1 {carries=1} : f32[B, 2, 3], f32[B, L, 2, 3] {
    ^(%3: f32[B, 2, 3], %4: f32[B, 2, 1]):
    %5 = mul %3, %4 : f32[B, 2, 3]
    %6 = add %5, %3 : f32[B, 2, 3]
    %7 = tanh %6 : f32[B, 2, 3]
    yield %7, %7
  }
  return %10, %11
}
`

// TestScanRegionRows: a scan over values with rows of several axes runs
// as the kernel and matches the recurrence in float64.
func TestScanRegionRows(t *testing.T) {
	needEmu(t)
	m, err := ir.Parse(rowsModule)
	if err != nil {
		t.Fatal(err)
	}
	if _, why := planModule(m); len(why) > 0 {
		for op, w := range why {
			if op.Kind == "scan" {
				t.Fatalf("the scan was not planned: %s", w)
			}
		}
	}
	rng := rand.New(rand.NewPCG(18, 18))
	const B, L = 3, 6
	x, h0 := randF(rng, B*L*2, 1), randF(rng, B*6, 1)
	exec, err := prepareWith(context.Background(), m, nil, "test", backend.Options{}, EmuName,
		func(ctx context.Context, ks map[*ir.Op]*opKernel) (runner, error) {
			return loadEmu(t, uniqueDefs(ks)...), nil
		})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Run(context.Background(), "forward", []*runtime.Tensor{runtime.FromF32([]int{B, L, 2, 1}, x), runtime.FromF32([]int{B, 2, 3}, h0)})
	if err != nil {
		t.Fatal(err)
	}
	wantH, wantY := make([]float64, B*6), make([]float64, B*L*6)
	for b := 0; b < B; b++ {
		h := make([]float64, 6)
		for j := range h {
			h[j] = float64(h0[b*6+j])
		}
		for tt := 0; tt < L; tt++ {
			for j := range h {
				xv := float64(x[(b*L+tt)*2+j/3])
				h[j] = math.Tanh(h[j]*xv + h[j])
				wantY[(b*L+tt)*6+j] = h[j]
			}
		}
		copy(wantH[b*6:], h)
	}
	near(t, "rows h", out[0].F, wantH, 1e-5)
	near(t, "rows y", out[1].F, wantY, 1e-5)
}
