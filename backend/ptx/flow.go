package ptx

import (
	"fmt"

	llvmir "github.com/llir/llvm/ir"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// Control flow for kernel bodies: counted loops carrying values as phis
// (llc runs no mem2reg, so a value kept in an alloca would stay in
// memory), and conditionals. Outside a phase they are uniform (the same
// for every thread: bounds from arguments and block indices) and may hold
// phases; inside a phase they are the thread's own.

func (k *K) block(name string) *llvmir.Block {
	k.nblk++
	return k.f.NewBlock(fmt.Sprintf("%s.%d", name, k.nblk))
}

// For emits `for i := lo; i < hi; i += step` (step > 0) carrying init
// through the iterations; body appends to k.B (it may add blocks) and
// returns the next values. For returns the values after the loop.
func (k *K) For(lo, hi llvalue.Value, step int64, init []llvalue.Value, body func(i llvalue.Value, cur []llvalue.Value) []llvalue.Value) []llvalue.Value {
	if step <= 0 {
		k.fail("loop step %d", step)
	}
	uniform := !k.inPhase
	if uniform {
		k.depth++
	}
	pre := k.B
	head, exit := k.block("loop"), k.block("loop.exit")
	pre.NewCondBr(pre.NewICmp(llenum.IPredSLT, lo, hi), head, exit)
	i := head.NewPhi(llvmir.NewIncoming(lo, pre))
	phis := make([]*llvmir.InstPhi, len(init))
	cur := make([]llvalue.Value, len(init))
	for j, v := range init {
		phis[j] = head.NewPhi(llvmir.NewIncoming(v, pre))
		cur[j] = phis[j]
	}
	k.B = head
	next := body(i, cur)
	if len(next) != len(init) {
		k.fail("loop body returned %d values for %d", len(next), len(init))
	}
	end := k.B
	in := end.NewAdd(i, c64(step))
	i.Incs = append(i.Incs, llvmir.NewIncoming(in, end))
	for j := range phis {
		phis[j].Incs = append(phis[j].Incs, llvmir.NewIncoming(next[j], end))
	}
	end.NewCondBr(end.NewICmp(llenum.IPredSLT, in, hi), head, exit)
	out := make([]llvalue.Value, len(init))
	for j := range init {
		out[j] = exit.NewPhi(llvmir.NewIncoming(init[j], pre), llvmir.NewIncoming(next[j], end))
	}
	k.B = exit
	if uniform {
		k.depth--
	}
	return out
}

// If emits `if cond { then }` inside a phase.
func (k *K) If(cond llvalue.Value, then func()) {
	if !k.inPhase {
		k.fail("a thread condition outside a phase")
	}
	pre := k.B
	t, join := k.block("if"), k.block("if.join")
	pre.NewCondBr(cond, t, join)
	k.B = t
	then()
	k.B.NewBr(join)
	k.B = join
}

// IfValue is If with a result: then's value when cond holds, els
// otherwise (els must be computed before the branch).
func (k *K) IfValue(cond llvalue.Value, els llvalue.Value, then func() llvalue.Value) llvalue.Value {
	pre := k.B
	t, join := k.block("ifv"), k.block("ifv.join")
	pre.NewCondBr(cond, t, join)
	k.B = t
	v := then()
	end := k.B
	end.NewBr(join)
	k.B = join
	return join.NewPhi(llvmir.NewIncoming(els, pre), llvmir.NewIncoming(v, end))
}

// Integer helpers on i64 values.

// Add is a + b.
func (k *K) Add(a, b llvalue.Value) llvalue.Value { return k.B.NewAdd(a, b) }

// Mul is a · b.
func (k *K) Mul(a, b llvalue.Value) llvalue.Value { return k.B.NewMul(a, b) }

// Lt is a < b (signed).
func (k *K) Lt(a, b llvalue.Value) llvalue.Value { return k.B.NewICmp(llenum.IPredSLT, a, b) }

// And is a && b on conditions.
func (k *K) And(a, b llvalue.Value) llvalue.Value { return k.B.NewAnd(a, b) }

// ToFloat converts an i64 to float.
func (k *K) ToFloat(a llvalue.Value) llvalue.Value { return k.B.NewSIToFP(a, lltypes.Float) }
