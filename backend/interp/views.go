package interp

import (
	ssmk "github.com/seqc-dev/seqc/backend/interp/kernels/ssm"
	"github.com/seqc-dev/seqc/runtime"
)

// seqView describes t, broadcast to logical [B, L, channels..., (N)], as a
// kernel view: batch and time strides, a table of channel offsets, and the
// state stride when hasN.
func seqView(t *runtime.Tensor, logical []int, hasN bool) ssmk.View {
	w := elemWidth(t)
	st := broadcastStrides(t.Shape, logical)
	for i := range st {
		st[i] *= w
	}
	chanEnd := len(logical)
	v := ssmk.View{Data: t.F, SB: st[0], SL: st[1], Complex: t.DType == runtime.C64}
	if hasN {
		chanEnd--
		v.SN = st[chanEnd]
	}
	v.CO = channelOffsets(logical[2:chanEnd], st[2:chanEnd])
	return v
}

// channelOffsets lists, in row-major order of the channel axes, the offset
// of each channel.
func channelOffsets(dims, strides []int) []int {
	n := numel(dims)
	out := make([]int, n)
	idx := make([]int, len(dims))
	for c := 0; c < n; c++ {
		o := 0
		for a, i := range idx {
			o += i * strides[a]
		}
		out[c] = o
		for a := len(dims) - 1; a >= 0; a-- {
			idx[a]++
			if idx[a] < dims[a] {
				break
			}
			idx[a] = 0
		}
	}
	return out
}
