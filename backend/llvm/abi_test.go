package llvm

import (
	"context"
	"testing"
	"unsafe"

	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"

	"github.com/seqc-dev/seqc/backend/llvm/native"
)

// axpyModule is a module with one ABI kernel per variant:
// p1[i] = ints[0]·p0[i] + p1[i] for i in [lo, hi).
func axpyModule() string {
	m := llvmir.NewModule()
	m.TargetTriple, m.DataLayout = TargetTriple, DataLayout
	for _, v := range []string{V3, V4} {
		k := NewKernelFunc(m, "seqc_axpy"+VariantSuffix(v), v)
		entry, loop, exit := k.F.NewBlock("entry"), k.F.NewBlock("loop"), k.F.NewBlock("exit")
		a := entry.NewSIToFP(k.Int(entry, 0), lltypes.Float)
		entry.NewCondBr(entry.NewICmp(llenum.IPredSLT, k.Lo, k.Hi), loop, exit)
		i := loop.NewPhi(llvmir.NewIncoming(k.Lo, entry))
		x := loadAt(loop, lltypes.Float, k.Ptrs[0], i)
		y := loadAt(loop, lltypes.Float, k.Ptrs[1], i)
		storeAt(loop, loop.NewFAdd(loop.NewFMul(a, x), y), k.Ptrs[1], i)
		next := loop.NewAdd(i, llconst.NewInt(lltypes.I64, 1))
		i.Incs = append(i.Incs, llvmir.NewIncoming(next, loop))
		loop.NewCondBr(loop.NewICmp(llenum.IPredSLT, next, k.Hi), loop, exit)
		exit.NewRet(nil)
	}
	return m.String()
}

// requireJIT skips unless kernels can be compiled, linked and loaded here.
func requireJIT(t testing.TB) {
	t.Helper()
	requireNative(t)
	if err := native.Available(); err != nil {
		t.Skipf("skipping: %v", err)
	}
}

func TestLoadTextCallsKernel(t *testing.T) {
	requireJIT(t)
	t.Setenv("SEQC_CACHE", t.TempDir())
	text := axpyModule()
	for round := 0; round < 2; round++ { // the second load comes from the cache
		lib, err := LoadText(context.Background(), text)
		if err != nil {
			t.Fatal(err)
		}
		fn, err := lib.Func("seqc_axpy" + VariantSuffix(V3))
		if err != nil {
			t.Fatal(err)
		}
		x := []float32{1, 2, 3, 4, 5}
		y := []float32{10, 10, 10, 10, 10}
		var p native.Ptrs
		p[0], p[1] = unsafe.Pointer(&x[0]), unsafe.Pointer(&y[0])
		fn.Call(1, 4, []int64{3}, &p)
		want := []float32{10, 16, 19, 22, 10}
		for i := range y {
			if y[i] != want[i] {
				t.Fatalf("round %d: y = %v, want %v", round, y, want)
			}
		}
	}
	lib, _ := LoadText(context.Background(), text)
	if _, err := lib.Func("seqc_nope"); err == nil {
		t.Fatal("a missing symbol loaded")
	}
}
