package llvm

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"

	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	lltypes "github.com/llir/llvm/ir/types"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/backend/backendtest"
	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/backend/llvm/native"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// sbTestBackend is the llvm backend with only the ssm block kernels, until
// the ssm entry of kernelTable dispatches to them: every ssm op runs on
// planSSMBlock's kernel, joined (wrap) to a stand-in scan kernel through
// ssmWithBlocks as the entry will be.
type sbTestBackend struct {
	wrap  bool
	scans *atomic.Int64 // calls of the stand-in scan kernel
}

func (sbTestBackend) Name() string        { return "llvm-ssmblock" }
func (sbTestBackend) Available() error    { return llvmBackend{}.Available() }
func (sbTestBackend) Caps() backend.Caps  { return llvmBackend{}.Caps() }
func (sbTestBackend) Costs() ir.CostModel { return llvmBackend{}.Costs() }
func (b sbTestBackend) String() string {
	return fmt.Sprintf("ssm block kernels (joined to a scan kernel: %v)", b.wrap)
}
func (b sbTestBackend) variant() string   { return HostVariant() }
func (b sbTestBackend) fake() *sbFakeScan { return &sbFakeScan{calls: b.scans} }
func (b sbTestBackend) plan(op *ir.Op, fixed map[*ir.Op]bool) (opKernel, string) {
	blk, why := planSSMBlock(op, fixed)
	if blk == nil {
		return nil, why
	}
	if b.wrap {
		return ssmWithBlocks(b.fake(), blk), ""
	}
	return ssmWithBlocks(nil, blk), ""
}

func (b sbTestBackend) Prepare(ctx context.Context, m *ir.Module, weights map[string]*runtime.Tensor, source string, o backend.Options) (backend.Executable, error) {
	variant := b.variant()
	ks := map[*ir.Op]opKernel{}
	for _, f := range m.Funcs {
		fixed := ir.FixedOps(f)
		for _, op := range f.Body {
			if op.Kind != "ssm" || fixed[op] {
				continue
			}
			k, why := b.plan(op, fixed)
			if k == nil {
				return nil, fmt.Errorf("no ssm block kernel: %s", why)
			}
			ks[op] = k
		}
	}
	kernels := interp.Kernels{ByOp: map[*ir.Op]interp.Kernel{}}
	if len(ks) > 0 {
		lib, err := loadKernels(ctx, uniqueKernels(ks), variant)
		if err != nil {
			return nil, err
		}
		for op, k := range ks {
			fn, err := lib.Func(k.key() + VariantSuffix(variant))
			if err != nil {
				return nil, err
			}
			if err := k.bind(fn, variant); err != nil {
				return nil, err
			}
			kernels.ByOp[op] = k.run
		}
	}
	return interp.NewWithKernels(m, weights, source, o, "llvm-ssmblock", kernels)
}

// sbFakeScan stands in for the scan kernel of ssm: its function writes 1
// to p0[0]; run calls it (through the address ssmModes' directory gave),
// checks the mark, and runs the recurrence on the interpreter.
type sbFakeScan struct {
	fn    native.Fn
	calls *atomic.Int64
}

func (k *sbFakeScan) key() string { return keyf("sbfakescan") }

func (k *sbFakeScan) emit(m *llvmir.Module, variant string) error {
	f := NewKernelFunc(m, k.key()+VariantSuffix(variant), variant)
	b := f.F.NewBlock("entry")
	b.NewStore(llconst.NewFloat(lltypes.Float, 1), f.Ptrs[0])
	b.NewRet(nil)
	return nil
}

func (k *sbFakeScan) bind(fn native.Fn, variant string) error {
	k.fn = fn
	return nil
}

func (k *sbFakeScan) run(c *interp.KernelCall) ([]*runtime.Tensor, error) {
	mark := []float32{0}
	var p native.Ptrs
	p[0] = unsafe.Pointer(&mark[0])
	ints := []int64{0} // the block kernel would read a selector here and do nothing
	k.fn.Call(0, 1, ints, &p)
	if mark[0] != 1 {
		return nil, fmt.Errorf("the scan kernel's function is not the one bound")
	}
	k.calls.Add(1)
	return c.Fallback()
}

// TestSSMBlockConformance runs every ssm case of the conformance harness
// (backend/backendtest, cases_ssmblock.go's included) on the block
// kernels, in every mode, whole and streamed, at lengths that reach the
// direct and FFT convolutions and several chunks; alone and joined to a
// scan kernel.
func TestSSMBlockConformance(t *testing.T) {
	requireJIT(t)
	rng := rand.New(rand.NewPCG(1, 2))
	var cases []backendtest.Case
	for _, c := range backendtest.Cases(rng) {
		if c.Op == "ssm" {
			cases = append(cases, c)
		}
	}
	if len(cases) < 8 {
		t.Fatalf("only %d ssm cases", len(cases))
	}
	defer func(d int) { sbDirectMax = d }(sbDirectMax)
	for _, wrap := range []bool{false, true} {
		scans := &atomic.Int64{}
		b := sbTestBackend{wrap: wrap, scans: scans}
		for _, direct := range []int{64, 0} {
			sbDirectMax = direct
			for _, c := range cases {
				fails, err := backendtest.Check(context.Background(), b, c, []int{1, 2}, []int{0, 1, 5, 17, 100}, rng)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range fails {
					t.Errorf("%v, direct up to L %d: %v", b, direct, f)
				}
			}
		}
		if wrap && scans.Load() == 0 {
			t.Error("the joined scan kernel never ran")
		}
	}
}

// TestSSMBlockConvConcurrent runs one prepared S4D-shaped op from several
// goroutines at several lengths at once: the per-length kernel tables are
// built, published and read concurrently (run it with -race), and every
// run matches the interpreter.
func TestSSMBlockConvConcurrent(t *testing.T) {
	requireJIT(t)
	rng := rand.New(rand.NewPCG(21, 22))
	var c *backendtest.Case
	for _, cs := range backendtest.Cases(rng) {
		if cs.Op == "ssm" && strings.HasPrefix(cs.Name, "S4D") {
			c = &cs
			break
		}
	}
	if c == nil {
		t.Fatal("no S4D case")
	}
	m, err := ir.Parse(c.IR)
	if err != nil {
		t.Fatal(err)
	}
	weights := map[string]*runtime.Tensor{}
	for name, shape := range c.Params {
		w := runtime.New(runtime.F32, shape...)
		for i := range w.F {
			w.F[i] = float32(rng.NormFloat64())
		}
		weights[name] = w
	}
	ctx := context.Background()
	ref, err := backend.Lookup(backend.Interp)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ref.Prepare(ctx, m, weights, "w", backend.Options{Mode: ir.ModeConv})
	if err != nil {
		t.Fatal(err)
	}
	got, err := sbTestBackend{scans: &atomic.Int64{}}.Prepare(ctx, m, weights, "w", backend.Options{Mode: ir.ModeConv, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	x := m.Func("forward").Inputs[0]
	C, _ := x.Type.Shape[2].Value()
	inputs := map[int]*runtime.Tensor{}
	for _, l := range []int{40, 100, 300} {
		in := runtime.New(runtime.F32, 2, l, C)
		for i := range in.F {
			in.F[i] = float32(rng.NormFloat64())
		}
		inputs[l] = in
	}
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for g := 0; g < 12; g++ {
		l := []int{40, 100, 300}[g%3]
		wg.Add(1)
		go func() {
			defer wg.Done()
			w, err := want.Run(ctx, "forward", []*runtime.Tensor{inputs[l]})
			if err != nil {
				errs <- err
				return
			}
			h, err := got.Run(ctx, "forward", []*runtime.Tensor{inputs[l]})
			if err != nil {
				errs <- err
				return
			}
			scale := 1.0
			for _, v := range w[0].F {
				scale = math.Max(scale, math.Abs(float64(v)))
			}
			for i, v := range w[0].F {
				if d := math.Abs(float64(h[0].F[i] - v)); d > 1e-5*scale {
					errs <- fmt.Errorf("L %d: element %d is %v, want %v", l, i, h[0].F[i], v)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
