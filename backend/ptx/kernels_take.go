package ptx

import (
	"slices"
	"sync"
	"unsafe"

	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"

	"github.com/seqc-dev/seqc/backend/interp"
	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// The embedding lookup `take`: y[r, j] = table[ids[r], j], one thread per
// output element. The launcher checks the ids first (an id out of range
// runs the op on the interpreter, which reports it), so the kernel never
// reads outside the table.

func init() {
	kernelTable["take"] = kernelEntry{plan: planTake}
}

// LoadI32 reads m[idx] as an int32 (a buffer of int32 passed where the
// kernel ABI has float buffers), sign-extended to i64.
func (k *K) LoadI32(m *Mem, idx llvalue.Value) llvalue.Value {
	p := k.addr(m, idx)
	pt := p.Type().(*lltypes.PointerType)
	ip := lltypes.NewPointer(lltypes.I32)
	ip.AddrSpace = pt.AddrSpace
	ld := k.B.NewLoad(lltypes.I32, k.B.NewBitCast(p, ip))
	ld.Align = 4
	return k.B.NewSExt(ld, lltypes.I64)
}

// takeSpec: ints [total, width]; buffers table, ids (int32), y.
func takeSpec(name string) Spec { return Spec{Name: name, BX: elemBlock, BY: 1, Ints: 2, Ptrs: 3} }

// EmitTake adds the embedding lookup.
func EmitTake(t Target, m *Module, name string) error {
	return Emit(t, m.M, m.Math, takeSpec(name), func(k *K) error {
		tab, ids, y := k.Global(0), k.Global(1), k.Global(2)
		k.Phase(func() {
			i := k.elemIndex()
			k.If(k.Lt(i, k.Int(0)), func() {
				w := k.Int(1)
				id := k.LoadI32(ids, k.B.NewSDiv(i, w))
				k.Store(y, i, k.Load(tab, k.Add(k.Mul(id, w), k.B.NewSRem(i, w))))
			})
		})
		return nil
	})
}

// int32Buf views int32 data as the float buffer the kernel ABI passes
// (the kernel reads it back with LoadI32; the bits are only copied).
func int32Buf(ids []int32) []float32 {
	if len(ids) == 0 {
		return nil
	}
	return unsafe.Slice((*float32)(unsafe.Pointer(&ids[0])), len(ids))
}

// idsInRange reports whether every id indexes an axis of n: the
// launchers check on the host, so a kernel never reads outside its table.
func idsInRange(ids []int32, n int) bool {
	for _, id := range ids {
		if id < 0 || int(id) >= n {
			return false
		}
	}
	return true
}

func planTake(op *ir.Op, fixed map[*ir.Op]bool) (*opKernel, string) {
	if op.Args[0].Type.DType != ir.F32 || op.Args[1].Type.DType != ir.I32 {
		return nil, "take of a complex table runs on the interpreter"
	}
	name := keyf("take")
	tk := weightKind(op, 0, fixed)
	return &opKernel{
		defs: []kernelDef{{takeSpec(name), func(t Target, m *Module) error { return EmitTake(t, m, name) }}},
		run: func(c *interp.KernelCall, r runner) ([]*runtime.Tensor, error) {
			tab, ids := c.Args[0], c.Args[1]
			rows, width := tab.Shape[0], tab.Shape[1]
			if !idsInRange(ids.I, rows) {
				return fallback(c, r) // the interpreter reports the bad id
			}
			out := c.Output(runtime.F32, append(append([]int{}, ids.Shape...), width)...)
			total := len(out.F)
			if total == 0 {
				return one(out), nil
			}
			g, err := Grid1D(CeilDiv(total, elemBlock))
			if err != nil {
				return fallback(c, r)
			}
			l := &Launch{Grid: g, Ints: []int64{int64(total), int64(width)},
				Bufs: []Buf{{tab.F, tk}, {int32Buf(ids.I), In}, {out.F, Out}}, Work: total}
			return one(out), r.launch(name, l, c.Threads())
		},
	}, ""
}

// tables interns the int32 tables launchers build from shapes alone (the
// ssm kernels' channel offsets and group lists), by content.
var tables sync.Map

// tableBuf is a launch buffer for a table built from shapes alone: one
// host slice per distinct content, so the GPU uploads each once, like a
// weight, instead of copying it at every launch (every step of a stream).
func tableBuf(t []int32) Buf {
	if len(t) == 0 {
		return Buf{nil, In}
	}
	key := unsafe.String((*byte)(unsafe.Pointer(&t[0])), 4*len(t))
	if v, ok := tables.Load(key); ok {
		return Buf{v.([]float32), Weight}
	}
	own := slices.Clone(t)
	v, _ := tables.LoadOrStore(unsafe.String((*byte)(unsafe.Pointer(&own[0])), 4*len(own)), int32Buf(own))
	return Buf{v.([]float32), Weight}
}
