package llvm

import (
	"sort"
	"strings"

	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

const (
	// TargetCPU is the "target-cpu" attribute of every emitted function:
	// AVX2 and FMA (x86-64-v3). One variant for now.
	TargetCPU = "x86-64-v3"
	// TargetTriple and DataLayout are those of x86-64 Linux in LLVM 14.
	TargetTriple = "x86_64-unknown-linux-gnu"
	DataLayout   = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
)

// Emit returns the LLVM IR text of a module holding one function per kernel,
//
//	void seqc_<Name>(float *dst, const float *a, const float *b, int64_t n)
//
// (b is ignored by unary ops), which processes n elements: <8 x float> at a
// time with unaligned loads and stores, then a scalar tail. dst may equal a or
// b. The output is deterministic: the same kernels give the same text. The
// module declares only LLVM intrinsics that lower to instructions (fmuladd,
// sqrt, fabs); it needs no libm.
func Emit(ks []Kernel) (string, error) {
	if err := validate(ks); err != nil {
		return "", err
	}
	m := llvmir.NewModule()
	m.SourceFilename = "seqc"
	m.TargetTriple = TargetTriple
	m.DataLayout = DataLayout
	in := &intrinsics{m: m, funcs: map[string]*llvmir.Func{}}
	for _, k := range ks {
		emitKernel(m, in, k)
	}
	// Intrinsic declarations first, sorted by name, then the kernels in order.
	var decls, defs []*llvmir.Func
	for _, f := range m.Funcs {
		if len(f.Blocks) == 0 {
			decls = append(decls, f)
		} else {
			defs = append(defs, f)
		}
	}
	sort.Slice(decls, func(i, j int) bool { return decls[i].Name() < decls[j].Name() })
	m.Funcs = append(decls, defs...)
	return m.String(), nil
}

// emitKernel adds the function of kernel k to m.
func emitKernel(m *llvmir.Module, in *intrinsics, k Kernel) {
	fptr := lltypes.NewPointer(lltypes.Float)
	dst := llvmir.NewParam("dst", fptr)
	a := llvmir.NewParam("a", fptr)
	b := llvmir.NewParam("b", fptr)
	n := llvmir.NewParam("n", lltypes.I64)
	for _, p := range []*llvmir.Param{dst, a, b} {
		p.Attrs = append(p.Attrs, llenum.ParamAttrNoCapture)
	}
	f := m.NewFunc(k.Symbol(), lltypes.Void, dst, a, b, n)
	f.FuncAttrs = append(f.FuncAttrs, llenum.FuncAttrNoUnwind, llvmir.AttrPair{Key: "target-cpu", Value: TargetCPU})
	body := opBody[k.Op]
	binary := Arity(k.Op) == 2

	entry := f.NewBlock("entry")
	vecLoop := f.NewBlock("vec.loop")
	tailCheck := f.NewBlock("tail.check")
	tailLoop := f.NewBlock("tail.loop")
	exit := f.NewBlock("exit")
	i64 := func(v int64) llvalue.Value { return llconst.NewInt(lltypes.I64, v) }

	// entry: clamp n at 0, round it down to a multiple of Lanes.
	pos := entry.NewICmp(llenum.IPredSGT, n, i64(0))
	cnt := entry.NewSelect(pos, n, i64(0))
	cnt.SetName("count")
	nvec := entry.NewAnd(cnt, i64(-Lanes))
	nvec.SetName("nvec")
	entry.NewCondBr(entry.NewICmp(llenum.IPredSGT, nvec, i64(0)), vecLoop, tailCheck)

	// vec.loop: Lanes elements per iteration.
	vt := lltypes.NewVector(Lanes, lltypes.Float)
	i := vecLoop.NewPhi(llvmir.NewIncoming(i64(0), entry))
	i.SetName("i")
	vg := newBld(vecLoop, in, Lanes)
	va := loadAt(vecLoop, vt, a, i)
	var vb llvalue.Value
	if binary {
		vb = loadAt(vecLoop, vt, b, i)
	}
	storeAt(vecLoop, body(vg, va, vb), dst, i)
	iNext := vecLoop.NewAdd(i, i64(Lanes))
	iNext.SetName("i.next")
	i.Incs = append(i.Incs, llvmir.NewIncoming(iNext, vecLoop))
	vecLoop.NewCondBr(vecLoop.NewICmp(llenum.IPredSLT, iNext, nvec), vecLoop, tailCheck)

	// tail.check and tail.loop: the remaining count-nvec < Lanes elements.
	tailCheck.NewCondBr(tailCheck.NewICmp(llenum.IPredSLT, nvec, cnt), tailLoop, exit)
	j := tailLoop.NewPhi(llvmir.NewIncoming(nvec, tailCheck))
	j.SetName("j")
	sg := newBld(tailLoop, in, 1)
	sa := loadAt(tailLoop, lltypes.Float, a, j)
	var sb llvalue.Value
	if binary {
		sb = loadAt(tailLoop, lltypes.Float, b, j)
	}
	storeAt(tailLoop, body(sg, sa, sb), dst, j)
	jNext := tailLoop.NewAdd(j, i64(1))
	jNext.SetName("j.next")
	j.Incs = append(j.Incs, llvmir.NewIncoming(jNext, tailLoop))
	tailLoop.NewCondBr(tailLoop.NewICmp(llenum.IPredSLT, jNext, cnt), tailLoop, exit)

	exit.NewRet(nil)
}

// loadAt loads a value of type t (float or a float vector) from &p[idx],
// assuming only float alignment.
func loadAt(blk *llvmir.Block, t lltypes.Type, p, idx llvalue.Value) llvalue.Value {
	ptr := llvalue.Value(blk.NewGetElementPtr(lltypes.Float, p, idx))
	if t != lltypes.Float {
		ptr = blk.NewBitCast(ptr, lltypes.NewPointer(t))
	}
	ld := blk.NewLoad(t, ptr)
	ld.Align = 4
	return ld
}

// storeAt stores v (float or a float vector) to &p[idx] with float alignment.
func storeAt(blk *llvmir.Block, v, p, idx llvalue.Value) {
	ptr := llvalue.Value(blk.NewGetElementPtr(lltypes.Float, p, idx))
	if v.Type() != lltypes.Float {
		ptr = blk.NewBitCast(ptr, lltypes.NewPointer(v.Type()))
	}
	st := blk.NewStore(v, ptr)
	st.Align = 4
}

// declaredFuncs lists the functions a module's text declares (not defines).
func declaredFuncs(llText string) []string {
	var names []string
	for _, line := range strings.Split(llText, "\n") {
		if !strings.HasPrefix(line, "declare ") {
			continue
		}
		at := strings.IndexByte(line, '@')
		if at < 0 {
			continue
		}
		rest := line[at+1:]
		if end := strings.IndexByte(rest, '('); end >= 0 {
			rest = rest[:end]
		}
		names = append(names, strings.Trim(rest, `"`))
	}
	return names
}
