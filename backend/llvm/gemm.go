package llvm

import (
	"fmt"
	"unsafe"
)

// The native GEMM of linear layers: Y[M,N] = act(X[M,K]·Wᵀ + bias), W in
// PyTorch's [N,K] layout, X and Y row-major float32. N, K, bias and act are
// fixed when the kernel is emitted (EmitGEMM); M is known only at run time.
//
// The structure is BLIS/GotoBLAS's:
//
//   - W is packed once, at load (PackGEMMWeight), into panels of NR output
//     columns, each holding all of K: element (k, c) of panel j is
//     W[j·NR+c, k] at j·K·NR + k·NR + c, zero past N. The microkernel reads a
//     panel as consecutive vectors, and the zero padding means W needs no
//     masked loads (only Y, the bias and the stores of a partial last panel).
//     NR is 64, 48, 32 or 16 columns on V4 (16, 24 or 8 on V3), whichever
//     pads N least (gemmVariants).
//   - Each call packs its rows of X, an MC-row block at a time, into MR-row
//     panels in a per-worker scratch buffer ((p·K + k)·MR + r), zero past the
//     block's last row.
//   - A register-blocked microkernel computes an MR × NR tile of Y over a
//     chunk of at most KC values of k: MR·NR/lanes accumulators (phis) updated
//     by one fma per loaded vector of W and broadcast element of X.
//   - Bias and activation are applied in the microkernel's epilogue, on the
//     last k chunk, while the tile is still in registers.
//   - With at most gv rows (step mode) a GEMV path reads X in place and
//     streams W once, several panels at a time so that even one row keeps
//     enough independent accumulator chains in flight.
//
// Every element of Y is the same sequence of float32 fmas over k = 0..K-1,
// starting from 0 (k chunks continue from the stored partial sum, which is
// exact), then + bias, then act: the result does not depend on the thread
// count, on how rows or panels are split, nor on which path (GEMV or blocked)
// computed it. Both variants use fused multiply-adds in the same order, so V3
// and V4 give the same bits too.

// GEMMSpec is what a GEMM kernel is specialised on.
type GEMMSpec struct {
	N, K int    // output features (rows of W) and input features
	Bias bool   // add a bias[N]
	Act  string // "", silu, gelu, gelu_tanh, relu, sigmoid, tanh or softplus
}

// GEMMActs are the activations a GEMM kernel can fuse.
var GEMMActs = []string{"", "silu", "gelu", "gelu_tanh", "relu", "sigmoid", "tanh", "softplus"}

func (s GEMMSpec) validate() error {
	if s.N < 0 || s.K < 0 {
		return fmt.Errorf("llvm: gemm: negative size N=%d K=%d", s.N, s.K)
	}
	if s.N > 1<<24 || s.K > 1<<24 {
		return fmt.Errorf("llvm: gemm: size N=%d K=%d too large", s.N, s.K)
	}
	for _, a := range GEMMActs {
		if a == s.Act {
			return nil
		}
	}
	return fmt.Errorf("llvm: gemm: unknown activation %q", s.Act)
}

// gemmConfig is the blocking of one kernel.
type gemmConfig struct {
	lanes  int // floats per vector
	mr, nv int // microkernel tile: mr rows × nv vectors (NR = nv·lanes columns)
	kc     int // k values per chunk: an mr×kc panel of X and a kc×NR panel of W per microkernel call
	mc     int // rows of X packed at a time (a multiple of mr)
	ncp    int // panels of W per N block: mc×ncp·NR of Y stays in L2 across k chunks
	gv     int // at most this many rows go through the GEMV path
}

func (c gemmConfig) nr() int { return c.nv * c.lanes }

// gemmTile is a microkernel shape: mr rows × nv vectors, keeping mr·nv
// accumulators + nv vectors of W + 1 broadcast within the register file (32
// zmm, 16 ymm). eff is its measured speed relative to the variant's best on
// a wide N (narrow tiles load more broadcasts per fma).
type gemmTile struct {
	mr, nv int
	eff    float64
}

// gemmVariant is the blocking policy of one variant.
type gemmVariant struct {
	lanes int
	// tiles are the microkernel shapes; a kernel takes the one with the
	// least padded N / eff, the first on a tie: a narrow layer such as a
	// Mamba x_proj (N = 80) wastes less with 48 columns than with 64.
	tiles []gemmTile
	kcMax int // longest k chunk: the kc×NR panel of W stays in L2
	mc    int // rows packed at a time (rounded down to a multiple of mr)
	ncp   int
	gv    int
}

// gemmVariants holds the blockings, tuned on a 2-core AMD Zen 4 (L1d 32 KiB,
// L2 1 MiB per core, 32 MiB L3; 512-bit fmas run as two 256-bit halves, so
// V3 reaches V4's speed there). 2048×768×3072 on one core ran at 106–111
// GFLOP/s with any V4 tile but 14×1 (−1%), with V3's 6×2 and 4×3 (12×1:
// −15%), for kcMax from 512 up and mc from 192 up; kc 256 and mc 96 lost
// 5–10% (W is then streamed from L3 more often).
var gemmVariants = map[string]gemmVariant{
	V4: {lanes: 16, tiles: []gemmTile{{6, 4, 1}, {8, 3, 1}, {12, 2, 1}, {14, 1, 0.95}}, kcMax: 768, mc: 240, ncp: 4, gv: 4},
	V3: {lanes: 8, tiles: []gemmTile{{6, 2, 1}, {4, 3, 0.98}, {12, 1, 0.85}}, kcMax: 768, mc: 288, ncp: 4, gv: 4},
}

// gemmMaxScratch bounds the packed block of X (mc·K floats): very long K
// gets fewer rows per block.
const gemmMaxScratch = 1 << 22

// gemmConfigFor returns the blocking of kernels for s on variant.
func gemmConfigFor(s GEMMSpec, variant string) (gemmConfig, error) {
	v, ok := gemmVariants[variant]
	if !ok {
		return gemmConfig{}, fmt.Errorf("llvm: gemm: unknown variant %q (want %s or %s)", variant, V4, V3)
	}
	c := gemmConfig{lanes: v.lanes, ncp: v.ncp, gv: v.gv}
	best := -1.0
	for _, t := range v.tiles {
		nr := t.nv * v.lanes
		if cost := float64((s.N+nr-1)/nr*nr) / t.eff; best < 0 || cost < best {
			best, c.mr, c.nv = cost, t.mr, t.nv
		}
	}
	// Equal chunks: K = 1000 runs as 2×500, not 768 + 232.
	nch := max(1, (s.K+v.kcMax-1)/v.kcMax)
	c.kc = max(1, (s.K+nch-1)/nch)
	c.mc = v.mc
	if s.K > 0 {
		c.mc = min(c.mc, gemmMaxScratch/s.K)
	}
	c.mc = max(c.mr, c.mc/c.mr*c.mr)
	return c, nil
}

func mustGEMMConfig(s GEMMSpec, variant string) gemmConfig {
	c, err := gemmConfigFor(s, variant)
	if err != nil {
		panic(err)
	}
	return c
}

// gemmAlign is the alignment, in bytes, of the buffers this package
// allocates: a vector load from a 64-byte aligned panel never splits a cache
// line.
const gemmAlign = 64

// gemmAlloc returns n zeroed floats starting on a gemmAlign boundary.
func gemmAlloc(n int) []float32 {
	const extra = gemmAlign / 4
	buf := make([]float32, n+extra)
	addr := uintptr(unsafe.Pointer(&buf[0]))
	off := int((gemmAlign - addr%gemmAlign) % gemmAlign / 4)
	return buf[off : off+n : off+n]
}

// GEMMPanelWidth is NR, the columns of one panel of W packed for s (the
// microkernel's width, chosen by N). Like the other GEMM* size functions it
// panics on an unknown variant.
func GEMMPanelWidth(s GEMMSpec, variant string) int { return mustGEMMConfig(s, variant).nr() }

// GEMMPanels is the number of panels of W packed for s: the unit a caller
// of the kernel splits N by.
func GEMMPanels(s GEMMSpec, variant string) int {
	nr := GEMMPanelWidth(s, variant)
	return (s.N + nr - 1) / nr
}

// GEMMPackedLen is the length of PackGEMMWeight's result: panels·K·NR.
func GEMMPackedLen(s GEMMSpec, variant string) int {
	return GEMMPanels(s, variant) * s.K * GEMMPanelWidth(s, variant)
}

// GEMMScratchLen is the number of floats of scratch one kernel call needs
// when it computes more rows than the GEMV path takes (the packed block of
// X, mc·K floats, at most 16 MiB). The GEMV path needs none.
func GEMMScratchLen(s GEMMSpec, variant string) int {
	return mustGEMMConfig(s, variant).mc * s.K
}

// PackGEMMWeight packs W ([N,K], row-major, PyTorch's layout) into the
// panel layout variant's kernels read: element (k, c) of panel j is
// W[j·NR+c, k] at j·K·NR + k·NR + c, zero for columns past N. The result is
// 64-byte aligned; keep it (and drop w) for the life of the layer.
func PackGEMMWeight(w []float32, s GEMMSpec, variant string) []float32 {
	if err := s.validate(); err != nil {
		panic(err)
	}
	if len(w) != s.N*s.K {
		panic(fmt.Sprintf("llvm: PackGEMMWeight: len(w) = %d, want N·K = %d", len(w), s.N*s.K))
	}
	nr := GEMMPanelWidth(s, variant)
	out := gemmAlloc(GEMMPackedLen(s, variant))
	if s.K == 0 {
		return out
	}
	for n := 0; n < s.N; n++ {
		j, c := n/nr, n%nr
		dst := out[j*s.K*nr+c:]
		row := w[n*s.K : (n+1)*s.K]
		for k, v := range row {
			dst[k*nr] = v
		}
	}
	return out
}
