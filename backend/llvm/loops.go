package llvm

import (
	llvmir "github.com/llir/llvm/ir"
	llconst "github.com/llir/llvm/ir/constant"
	llenum "github.com/llir/llvm/ir/enum"
	lltypes "github.com/llir/llvm/ir/types"
	llvalue "github.com/llir/llvm/ir/value"
)

// The control-flow shapes the kernel emitters share.

// i64c is the i64 constant v.
func i64c(v int64) llvalue.Value { return llconst.NewInt(lltypes.I64, v) }

// countedLoop emits `for i := lo; i < hi; i += step` after pre (which it
// terminates), as a guarded do-while loop carrying the values init through
// the iterations as phis. body emits one iteration starting in b with the
// index i and the current values, and returns the block it ended in and
// the next values. countedLoop returns the block after the loop and the
// values there (init when the loop ran zero times). newBlock makes the
// loop's blocks.
func countedLoop(newBlock func(string) *llvmir.Block, pre *llvmir.Block, name string, lo, hi llvalue.Value, step int64, init []llvalue.Value,
	body func(b *llvmir.Block, i llvalue.Value, cur []llvalue.Value) (*llvmir.Block, []llvalue.Value)) (*llvmir.Block, []llvalue.Value) {
	head := newBlock(name)
	exit := newBlock(name + ".exit")
	pre.NewCondBr(pre.NewICmp(llenum.IPredSLT, lo, hi), head, exit)
	i := head.NewPhi(llvmir.NewIncoming(lo, pre))
	phis := make([]*llvmir.InstPhi, len(init))
	cur := make([]llvalue.Value, len(init))
	for k, v := range init {
		phis[k] = head.NewPhi(llvmir.NewIncoming(v, pre))
		cur[k] = phis[k]
	}
	end, next := body(head, i, cur)
	in := end.NewAdd(i, i64c(step))
	i.Incs = append(i.Incs, llvmir.NewIncoming(in, end))
	for k := range phis {
		phis[k].Incs = append(phis[k].Incs, llvmir.NewIncoming(next[k], end))
	}
	end.NewCondBr(end.NewICmp(llenum.IPredSLT, in, hi), head, exit)
	out := make([]llvalue.Value, len(init))
	for k := range init {
		out[k] = exit.NewPhi(llvmir.NewIncoming(init[k], pre), llvmir.NewIncoming(next[k], end))
	}
	return exit, out
}

// ifThen emits `if cond { then }` after pre; then returns the block it
// ended in. ifThen returns the join block.
func ifThen(newBlock func(string) *llvmir.Block, pre *llvmir.Block, name string, cond llvalue.Value, then func(b *llvmir.Block) *llvmir.Block) *llvmir.Block {
	t := newBlock(name)
	join := newBlock(name + ".join")
	pre.NewCondBr(cond, t, join)
	then(t).NewBr(join)
	return join
}
