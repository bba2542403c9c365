package llvm

import (
	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/llvm/native"
)

// CPU variants. Every kernel is emitted once per variant, each function
// carrying its own "target-cpu", so one object serves both kinds of host;
// the runner picks a variant with HostVariant.
const (
	// V4 is x86-64-v4: AVX-512 (F, BW, CD, DQ, VL), <16 x float> vectors.
	V4 = "x86-64-v4"
	// V3 is x86-64-v3: AVX2 and FMA, <8 x float> vectors.
	V3 = "x86-64-v3"
)

// VariantLanes is the float32 vector width a variant's kernels use.
func VariantLanes(variant string) int {
	if variant == V4 {
		return 16
	}
	return 8
}

// VariantSuffix is appended to a kernel's symbol for each variant.
func VariantSuffix(variant string) string {
	if variant == V4 {
		return "_v4"
	}
	return "_v3"
}

// KernelFunc is a function with the kernel ABI (see package native):
//
//	void name(i64 lo, i64 hi, i64* ints, float* p0, ..., float* p11)
//
// Buffers are typed float*; a kernel reading integers bitcasts its pointer.
type KernelFunc struct {
	F      *llvmir.Func
	Lo, Hi *llvmir.Param
	Ints   *llvmir.Param
	Ptrs   [native.MaxPtrs]*llvmir.Param
}

// NewKernelFunc adds a definition with the kernel ABI to m, compiled for
// variant (a "target-cpu"). Buffers are marked noalias: the runner never
// passes overlapping buffers to a kernel unless the kernel documents that
// it allows it (and then the kernel must not be emitted with noalias, see
// aliased).
func NewKernelFunc(m *llvmir.Module, name, variant string, aliased ...int) *KernelFunc {
	k := &KernelFunc{
		Lo:   llvmir.NewParam("lo", lltypes.I64),
		Hi:   llvmir.NewParam("hi", lltypes.I64),
		Ints: llvmir.NewParam("ints", lltypes.NewPointer(lltypes.I64)),
	}
	params := []*llvmir.Param{k.Lo, k.Hi, k.Ints}
	k.Ints.Attrs = append(k.Ints.Attrs, llenum.ParamAttrNoCapture, llenum.ParamAttrReadOnly)
	isAliased := map[int]bool{}
	for _, i := range aliased {
		isAliased[i] = true
	}
	for i := range k.Ptrs {
		p := llvmir.NewParam("p"+itoa(i), lltypes.NewPointer(lltypes.Float))
		p.Attrs = append(p.Attrs, llenum.ParamAttrNoCapture)
		if !isAliased[i] {
			p.Attrs = append(p.Attrs, llenum.ParamAttrNoAlias)
		}
		k.Ptrs[i] = p
		params = append(params, p)
	}
	k.F = m.NewFunc(name, lltypes.Void, params...)
	k.F.FuncAttrs = append(k.F.FuncAttrs, llenum.FuncAttrNoUnwind, llvmir.AttrPair{Key: "target-cpu", Value: variant})
	return k
}

// Int loads ints[i] in block b.
func (k *KernelFunc) Int(b *llvmir.Block, i int) llvalue.Value {
	p := b.NewGetElementPtr(lltypes.I64, k.Ints, llconst.NewInt(lltypes.I64, int64(i)))
	ld := b.NewLoad(lltypes.I64, p)
	ld.Align = 8
	return ld
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
