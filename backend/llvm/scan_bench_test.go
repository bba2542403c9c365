package llvm

import (
	"context"
	"fmt"
	"math/rand"
	"testing"

	"github.com/seqc-dev/seqc/backend"
	"github.com/seqc-dev/seqc/runtime"
)

// BenchmarkScanSSM times the generic recurrent ssm (mode scan) with
// time-varying operands: x [1, 2048, 256] and a, b, c [1, 2048, 256, 16]
// (100 MB of operands, read once), the kernel alone (kernel/) and the op
// through the llvm backend and the interpreter (the peer, float64
// time-major scan), on 1 and 2 threads. GB/s counts every operand read
// and y written once.
func BenchmarkScanSSM(b *testing.B) {
	requireJIT(b)
	const B, L, C, N = 1, 2048, 256, 16
	rng := rand.New(rand.NewSource(1))
	x := benchTensor(rng, B, L, C)
	ops := []*runtime.Tensor{runtime.New(runtime.F32, B, L, C, N), benchTensor(rng, B, L, C, N), benchTensor(rng, B, L, C, N)}
	for i := range ops[0].F {
		ops[0].F[i] = float32(0.5 + 0.5*rng.Float64()) // decays in (0.5, 1)
	}
	text := fmt.Sprintf("module Bench\n\nfunc forward(%%1 x: f32[B, L, %d], %%2 a: f32[B, L, %d, %d], %%3 b: f32[B, L, %d, %d], %%4 c: f32[B, L, %d, %d]) -> (y: f32[B, L, %d]) {\n"+
		"  %%5 = ssm %%1, %%2, %%3, %%4 : f32[B, L, %d]\n  return %%5\n}\n", C, C, N, C, N, C, N, C, C)
	bytes := float64(4 * (3*B*L*C*N + 2*B*L*C))
	s := ScanSpec{N: N, Vec: [6]bool{true, true, true}}
	v := HostVariant()
	fn := scanFn(b, s, v)
	inputs := append([]*runtime.Tensor{x}, ops...)
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("kernel/threads=%d", threads), func(b *testing.B) {
			a := &ScanArgs{B: B, L: L, C: C, X: x.F, Y: make([]float32, B*L*C)}
			for _, o := range ops {
				view, _ := NewScanView(o.F, o.Shape, []int{B, L, C, N}, true)
				a.Ops = append(a.Ops, view)
			}
			benchBest(b, bytes, func() {
				if err := RunScan(fn, s, v, threads, a); err != nil {
					b.Fatal(err)
				}
			})
		})
		for _, be := range []string{Name, backend.Interp} {
			b.Run(fmt.Sprintf("%s/threads=%d", be, threads), func(b *testing.B) {
				ex := benchExec(b, be, text, nil, threads)
				benchBest(b, bytes, func() {
					if _, err := ex.Run(context.Background(), "forward", inputs); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	}
}

// BenchmarkScanStateOne times a scan with a state of one (a minGRU: x, a,
// b [1, 2048, 1536], c a constant), which runs with channels across the
// lanes, against the interpreter.
func BenchmarkScanStateOne(b *testing.B) {
	requireJIT(b)
	const B, L, C = 1, 2048, 1536
	rng := rand.New(rand.NewSource(1))
	x, bm := benchTensor(rng, B, L, C), benchTensor(rng, B, L, C, 1)
	a := runtime.New(runtime.F32, B, L, C, 1)
	for i := range a.F {
		a.F[i] = float32(rng.Float64())
	}
	cm := runtime.New(runtime.F32, 1, 1, 1, 1)
	cm.F[0] = 1
	text := fmt.Sprintf("module Bench\n\nfunc forward(%%1 x: f32[B, L, %d], %%2 a: f32[B, L, %d, 1], %%3 b: f32[B, L, %d, 1], %%4 c: f32[1, 1, 1, 1]) -> (y: f32[B, L, %d]) {\n"+
		"  %%5 = ssm %%1, %%2, %%3, %%4 : f32[B, L, %d]\n  return %%5\n}\n", C, C, C, C, C)
	bytes := float64(4 * 4 * B * L * C)
	inputs := []*runtime.Tensor{x, a, bm, cm}
	for _, threads := range []int{1, 2} {
		for _, be := range []string{Name, backend.Interp} {
			b.Run(fmt.Sprintf("%s/threads=%d", be, threads), func(b *testing.B) {
				ex := benchExec(b, be, text, nil, threads)
				benchBest(b, bytes, func() {
					if _, err := ex.Run(context.Background(), "forward", inputs); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	}
}
