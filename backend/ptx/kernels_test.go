package ptx

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/seqc-dev/seqc/backend/llvm"
	"github.com/seqc-dev/seqc/backend/llvm/native"
)

// The kernels, emulated, against float64 math written here (never against
// the interpreter or the kernels themselves). Sizes are chosen to cross
// every tile and block edge: odd sizes, sizes below, at and past the block
// (256), the GEMM tile (64) and its K slice (16).

// needEmu skips where the emulation cannot run.
func needEmu(t *testing.T) {
	t.Helper()
	if err := (ptxBackend{emu: true}).Available(); err != nil {
		t.Skip(err)
	}
}

// loadEmu builds the kernels for the emulation, in both thread orders,
// and returns a runner that runs each launch in both and fails the test
// when they differ in any bit (a race within a phase).
func loadEmu(t *testing.T, defs ...kernelDef) runner {
	t.Helper()
	return &dualRunner{t: t, fwd: loadEmuOrder(t, Emu, defs), rev: loadEmuOrder(t, EmuReversed, defs)}
}

func loadEmuOrder(t *testing.T, tg Target, defs []kernelDef) *emuRunner {
	t.Helper()
	text, err := emitDefs(tg, defs)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := LoadEmu(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	r := &emuRunner{fns: map[string]native.Fn{}, specs: map[string]Spec{}}
	for _, d := range defs {
		fn, err := lib.Func(d.spec.Name)
		if err != nil {
			t.Fatal(err)
		}
		r.fns[d.spec.Name], r.specs[d.spec.Name] = fn, d.spec
	}
	return r
}

// dualRunner runs every launch with the threads of each phase in
// increasing and in decreasing order.
type dualRunner struct {
	t        *testing.T
	fwd, rev *emuRunner
}

func (d *dualRunner) launch(name string, l *Launch, threads int) error {
	d.t.Helper()
	lr := *l
	lr.Bufs = append([]Buf(nil), l.Bufs...)
	for i, b := range lr.Bufs {
		if b.Kind == Out || b.Kind == InOut {
			lr.Bufs[i].F = append([]float32(nil), b.F...)
		}
	}
	if err := d.rev.launch(name, &lr, threads); err != nil {
		return err
	}
	if err := d.fwd.launch(name, l, threads); err != nil {
		return err
	}
	for i, b := range l.Bufs {
		if b.Kind != Out && b.Kind != InOut {
			continue
		}
		for j := range b.F {
			if math.Float32bits(b.F[j]) != math.Float32bits(lr.Bufs[i].F[j]) {
				d.t.Fatalf("%s: buffer %d element %d is %g with the threads in order, %g in reverse: a race within a phase", name, i, j, b.F[j], lr.Bufs[i].F[j])
			}
		}
	}
	return nil
}

func randF(rng *rand.Rand, n int, scale float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32((rng.Float64()*2 - 1) * scale)
	}
	return x
}

// near checks |got-want| <= tol·(1+|want|) elementwise.
func near(t *testing.T, what string, got []float32, want []float64, tol float64) {
	t.Helper()
	for i := range want {
		if d := math.Abs(float64(got[i]) - want[i]); !(d <= tol*(1+math.Abs(want[i]))) {
			t.Fatalf("%s: element %d is %g, want %g (tolerance %g)", what, i, got[i], want[i], tol)
		}
	}
}

func silu64(x float64) float64 { return x / (1 + math.Exp(-x)) }

func TestGEMMKernel(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(1, 1))
	name := "seqc_ptx_test_gemm"
	r := loadEmu(t, kernelDef{gemmSpec(name), func(tg Target, m *Module) error { return EmitGEMM(tg, m, name, true, "silu") }})
	for _, s := range [][3]int{{1, 1, 1}, {3, 5, 7}, {64, 64, 16}, {65, 63, 17}, {130, 70, 33}, {7, 200, 100}} {
		m, n, k := s[0], s[1], s[2]
		x, w, b := randF(rng, m*k, 1), randF(rng, n*k, 1), randF(rng, n, 1)
		y := make([]float32, m*n)
		g, err := Grid2D(CeilDiv(n, gemmTile), CeilDiv(m, gemmTile))
		if err != nil {
			t.Fatal(err)
		}
		l := &Launch{Grid: g, Ints: []int64{int64(m), int64(n), int64(k)}, Bufs: []Buf{{x, In}, {w, Weight}, {b, Weight}, {y, Out}}}
		for _, threads := range []int{1, 2} {
			if err := r.launch(name, l, threads); err != nil {
				t.Fatal(err)
			}
			want := make([]float64, m*n)
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					acc := float64(b[j])
					for kk := 0; kk < k; kk++ {
						acc += float64(x[i*k+kk]) * float64(w[j*k+kk])
					}
					want[i*n+j] = silu64(acc)
				}
			}
			near(t, "gemm", y, want, 1e-5)
		}
	}
}

func TestNormKernels(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(2, 2))
	var defs []kernelDef
	kinds := []string{normRMS, normLayer, normL2}
	for _, kind := range kinds {
		kind, name := kind, "seqc_ptx_test_"+kind
		defs = append(defs, kernelDef{normSpec(name), func(tg Target, m *Module) error { return EmitNorm(tg, m, name, kind, true, true) }})
	}
	r := loadEmu(t, defs...)
	const eps = 1e-5
	for _, kind := range kinds {
		for _, d := range []int{1, 7, 256, 257, 1000} {
			rows := 3
			x, w, b := randF(rng, rows*d, 3), randF(rng, d, 1), randF(rng, d, 1)
			y := make([]float32, rows*d)
			l := &Launch{Grid: Grid{rows, 1}, Ints: []int64{int64(d), int64(math.Float32bits(eps))},
				Bufs: []Buf{{x, In}, {y, Out}, {w, Weight}, {b, Weight}}}
			if err := r.launch("seqc_ptx_test_"+kind, l, 2); err != nil {
				t.Fatal(err)
			}
			want := make([]float64, rows*d)
			for i := 0; i < rows; i++ {
				row := x[i*d : (i+1)*d]
				mean, ss := 0.0, 0.0
				if kind == normLayer {
					for _, v := range row {
						mean += float64(v)
					}
					mean /= float64(d)
				}
				for _, v := range row {
					ss += (float64(v) - mean) * (float64(v) - mean)
				}
				if kind != normL2 {
					ss /= float64(d)
				}
				sc := 1 / math.Sqrt(ss+eps)
				for j, v := range row {
					want[i*d+j] = (float64(v)-mean)*sc*float64(w[j]) + float64(b[j])
				}
			}
			near(t, kind, y, want, 1e-5)
		}
	}
}

func TestSoftmaxKernel(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(3, 3))
	name := "seqc_ptx_test_softmax"
	r := loadEmu(t, kernelDef{softmaxSpec(name), func(tg Target, m *Module) error { return EmitSoftmax(tg, m, name) }})
	for _, d := range []int{1, 5, 256, 513} {
		rows := 4
		x := randF(rng, rows*d, 20)
		y := make([]float32, rows*d)
		if err := r.launch(name, &Launch{Grid: Grid{rows, 1}, Ints: []int64{int64(d)}, Bufs: []Buf{{x, In}, {y, Out}}}, 2); err != nil {
			t.Fatal(err)
		}
		want := make([]float64, rows*d)
		for i := 0; i < rows; i++ {
			m := math.Inf(-1)
			for _, v := range x[i*d : (i+1)*d] {
				m = math.Max(m, float64(v))
			}
			s := 0.0
			for _, v := range x[i*d : (i+1)*d] {
				s += math.Exp(float64(v) - m)
			}
			for j, v := range x[i*d : (i+1)*d] {
				want[i*d+j] = math.Exp(float64(v)-m) / s
			}
		}
		near(t, "softmax", y, want, 1e-5)
	}
}

func TestElementwiseKernels(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(4, 4))
	un, bin := "seqc_ptx_test_tanh", "seqc_ptx_test_sub"
	r := loadEmu(t,
		kernelDef{unarySpec(un), func(tg Target, m *Module) error { return EmitUnary(tg, m, un, "tanh") }},
		kernelDef{binarySpec(bin), func(tg Target, m *Module) error { return EmitBinary(tg, m, bin, "sub") }})
	n := 1000
	x := randF(rng, n, 4)
	y := make([]float32, n)
	if err := r.launch(un, &Launch{Grid: Grid{CeilDiv(n, elemBlock), 1}, Ints: []int64{int64(n)}, Bufs: []Buf{{x, In}, {y, Out}}}, 2); err != nil {
		t.Fatal(err)
	}
	want := make([]float64, n)
	for i, v := range x {
		want[i] = math.Tanh(float64(v))
	}
	near(t, "tanh", y, want, 1e-6)
	// a [3, 1, 5] - b [4, 1]: out [3, 4, 5].
	a, b := randF(rng, 15, 1), randF(rng, 4, 1)
	out := make([]float32, 60)
	p, ok := llvm.PlanBroadcast([]int{3, 4, 5}, []int{3, 1, 5}, []int{4, 1})
	if !ok {
		t.Fatal("no broadcast plan")
	}
	ints := BinaryInts(p, 60)
	if err := r.launch(bin, &Launch{Grid: Grid{1, 1}, Ints: ints[:], Bufs: []Buf{{a, In}, {b, In}, {out, Out}}}, 1); err != nil {
		t.Fatal(err)
	}
	want = make([]float64, 60)
	for i := 0; i < 3; i++ {
		for j := 0; j < 4; j++ {
			for k := 0; k < 5; k++ {
				want[(i*4+j)*5+k] = float64(float32(float64(a[i*5+k]) - float64(b[j]))) // one float32 rounding
			}
		}
	}
	near(t, "broadcast sub", out, want, 0)
}

func TestRoPEKernel(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(7, 7))
	for _, inter := range []bool{false, true} {
		name := "seqc_ptx_test_rope"
		if inter {
			name += "_i"
		}
		inter := inter
		r := loadEmu(t, kernelDef{ropeSpec(name), func(tg Target, m *Module) error { return EmitRoPE(tg, m, name, inter) }})
		B, L, H, D, pos0, theta := 2, 5, 3, 8, 7, 10000.0
		x := randF(rng, B*L*H*D, 1)
		y := make([]float32, len(x))
		half := D / 2
		// The table holds positions 0 … pos0+L+2; the kernel reads rows
		// pos0 … pos0+L−1.
		P := pos0 + L + 3
		cs, sn := make([]float32, P*half), make([]float32, P*half)
		for p := 0; p < P; p++ {
			for i := 0; i < half; i++ {
				ang := float64(p) * math.Pow(theta, -float64(2*i)/float64(D))
				cs[p*half+i], sn[p*half+i] = float32(math.Cos(ang)), float32(math.Sin(ang))
			}
		}
		want := make([]float64, len(x))
		for tt := 0; tt < L; tt++ {
			for i := 0; i < half; i++ {
				ang := float64(pos0+tt) * math.Pow(theta, -float64(2*i)/float64(D))
				for b := 0; b < B; b++ {
					for h := 0; h < H; h++ {
						base := ((b*L+tt)*H + h) * D
						ia, ib := base+i, base+i+half
						if inter {
							ia, ib = base+2*i, base+2*i+1
						}
						a, bb := float64(x[ia]), float64(x[ib])
						want[ia] = a*math.Cos(ang) - bb*math.Sin(ang)
						want[ib] = a*math.Sin(ang) + bb*math.Cos(ang)
					}
				}
			}
		}
		pairs := len(x) / 2
		l := &Launch{Grid: Grid{CeilDiv(pairs, elemBlock), 1}, Ints: []int64{int64(pairs), int64(L), int64(H), int64(half), int64(pos0)},
			Bufs: []Buf{{x, In}, {cs, Weight}, {sn, Weight}, {y, Out}}}
		if err := r.launch(name, l, 2); err != nil {
			t.Fatal(err)
		}
		near(t, "rope", y, want, 1e-6)
	}
}

// TestRaceDetected: a kernel where a thread reads, in the same phase,
// what its neighbour writes (a missing barrier) gives different results
// in the two thread orders, which dualRunner reports.
func TestRaceDetected(t *testing.T) {
	needEmu(t)
	name := "seqc_ptx_test_race"
	def := kernelDef{Spec{Name: name, BX: 32, BY: 1, Ptrs: 2}, func(tg Target, m *Module) error {
		return Emit(tg, m.M, m.Math, Spec{Name: name, BX: 32, BY: 1, Ptrs: 2}, func(k *K) error {
			x, y := k.Global(0), k.Global(1)
			sh := k.Shared(33)
			k.Phase(func() { k.Store(sh, k.Add(k.Tid(), c64(1)), f32(0)) })
			k.Phase(func() {
				k.Store(sh, k.Tid(), k.Load(x, k.Tid()))
				k.Store(y, k.Tid(), k.Load(sh, k.Add(k.Tid(), c64(1)))) // written by thread tid+1 in this phase
			})
			return nil
		})
	}}
	fwd, rev := loadEmuOrder(t, Emu, []kernelDef{def}), loadEmuOrder(t, EmuReversed, []kernelDef{def})
	x := make([]float32, 32)
	for i := range x {
		x[i] = float32(i + 1)
	}
	y1, y2 := make([]float32, 32), make([]float32, 32)
	for _, c := range []struct {
		r *emuRunner
		y []float32
	}{{fwd, y1}, {rev, y2}} {
		if err := c.r.launch(name, &Launch{Grid: Grid{1, 1}, Bufs: []Buf{{x, In}, {c.y, Out}}}, 1); err != nil {
			t.Fatal(err)
		}
	}
	if y1[0] == y2[0] {
		t.Fatalf("the race went unnoticed: %v in order, %v reversed", y1[:3], y2[:3])
	}
}

func TestTakeKernel(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(8, 8))
	name := "seqc_ptx_test_take"
	r := loadEmu(t, kernelDef{takeSpec(name), func(tg Target, m *Module) error { return EmitTake(tg, m, name) }})
	rows, width := 11, 300
	tab := randF(rng, rows*width, 1)
	ids := []int32{0, 10, 3, 3, 7}
	y := make([]float32, len(ids)*width)
	l := &Launch{Grid: Grid{CeilDiv(len(y), elemBlock), 1}, Ints: []int64{int64(len(y)), int64(width)}, Bufs: []Buf{{tab, Weight}, {int32Buf(ids), In}, {y, Out}}}
	if err := r.launch(name, l, 2); err != nil {
		t.Fatal(err)
	}
	want := make([]float64, len(y))
	for i, id := range ids {
		for j := 0; j < width; j++ {
			want[i*width+j] = float64(tab[int(id)*width+j])
		}
	}
	near(t, "take", y, want, 0)
}

// TestCompareKernel: the comparisons give Go's answers on the specials —
// NaN compares unequal to everything (ne is true, the others false), -0
// equals +0, infinities order — as the interpreter's masks do.
func TestCompareKernel(t *testing.T) {
	needEmu(t)
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	vals := []float32{nan, -inf, -1, float32(math.Copysign(0, -1)), 0, 1e-45, 1, inf}
	var a, b []float32
	for _, x := range vals {
		for _, y := range vals {
			a, b = append(a, x), append(b, y)
		}
	}
	n := len(a)
	ints := [binInts]int64{int64(n), int64(n), 1, 1, 1, 0, 0, 0, 1, 0, 0, 0} // one axis, both strides 1
	for op, f := range map[string]func(x, y float32) bool{
		"eq": func(x, y float32) bool { return x == y }, "ne": func(x, y float32) bool { return x != y },
		"lt": func(x, y float32) bool { return x < y }, "le": func(x, y float32) bool { return x <= y },
		"gt": func(x, y float32) bool { return x > y }, "ge": func(x, y float32) bool { return x >= y },
	} {
		name := "seqc_ptx_test_cmp_" + op
		r := loadEmu(t, kernelDef{binarySpec(name), func(tg Target, m *Module) error { return EmitBinary(tg, m, name, op) }})
		out := make([]float32, n)
		l := &Launch{Grid: Grid{CeilDiv(n, elemBlock), 1}, Ints: ints[:], Bufs: []Buf{{a, In}, {b, In}, {out, Out}}}
		if err := r.launch(name, l, 1); err != nil {
			t.Fatal(err)
		}
		for i := range out {
			want := float32(0)
			if f(a[i], b[i]) {
				want = 1
			}
			if math.Float32bits(out[i]) != math.Float32bits(want) {
				t.Errorf("%s(%v, %v) = %v, want %v", op, a[i], b[i], out[i], want)
			}
		}
	}
}
