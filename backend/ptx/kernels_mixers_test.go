package ptx

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// The mixers' kernels, emulated, against float64 math written here (see
// kernels_test.go for the helpers).

func TestSelectiveKernel(t *testing.T) {
	needEmu(t)
	const n, g = 5, 2
	name, comb := "seqc_ptx_test_sel", "seqc_ptx_test_selcomb"
	r := loadEmu(t, kernelDef{selSpec(name), func(tg Target, m *Module) error { return EmitSelective(tg, m, name, n, g, true, true) }},
		kernelDef{selCombineSpec(comb), func(tg Target, m *Module) error { return EmitSelectiveCombine(tg, m, comb, n) }})
	// nc 1: the plain scan; more: chunked across the sequence (local
	// runs, the combine pass, the final runs), the last chunk short.
	for _, c := range []struct{ bs, L, D, nc, q int }{
		{2, 9, 130, 1, 9}, // D past one block of 128 channels
		{2, 9, 130, 3, 4},
		{1, 70, 6, 5, 16},
		{3, 64, 4, 4, 16},
	} {
		rng := rand.New(rand.NewPCG(5, 5))
		bs, L, D := c.bs, c.L, c.D
		u, dt, z := randF(rng, bs*L*D, 1), randF(rng, bs*L*D, 1), randF(rng, bs*L*D, 2)
		for i := range dt {
			dt[i] = float32(math.Abs(float64(dt[i])))
		}
		a := randF(rng, D*n, 1)
		for i := range a {
			a[i] = -float32(math.Abs(float64(a[i]))) - 0.1
		}
		bm, cm, dk := randF(rng, bs*L*g*n, 1), randF(rng, bs*L*g*n, 1), randF(rng, D, 1)
		h0 := randF(rng, bs*D*n, 1)
		y, ht := make([]float32, bs*L*D), make([]float32, bs*D*n)
		bufs := [selPtrs]Buf{{u, In}, {dt, In}, {a, Weight}, {bm, In}, {cm, In}, {dk, Weight}, {z, In}, {y, Out}, {h0, In}, {ht, Out}, {nil, In}}
		var err error
		if c.nc == 1 {
			err = launchSelective(2, r, name, bufs, nil, bs, D, L, n, 1, L, 1, 1, false)
		} else {
			err = chunkedSelective(2, r, name, comb, bufs, nil, bs, D, L, n, c.nc, c.q, 1, 1)
		}
		if err != nil {
			t.Fatal(err)
		}
		want, wantH := make([]float64, bs*L*D), make([]float64, bs*D*n)
		for b := 0; b < bs; b++ {
			for d := 0; d < D; d++ {
				h := make([]float64, n)
				for i := range h {
					h[i] = float64(h0[(b*D+d)*n+i])
				}
				gg := d / (D / g)
				for t := 0; t < L; t++ {
					row := (b*L+t)*D + d
					s := 0.0
					for i := 0; i < n; i++ {
						bc := ((b*L+t)*g+gg)*n + i
						h[i] = math.Exp(float64(dt[row])*float64(a[d*n+i]))*h[i] + float64(dt[row])*float64(u[row])*float64(bm[bc])
						s += float64(cm[bc]) * h[i]
					}
					s += float64(dk[d]) * float64(u[row])
					want[row] = s * silu64(float64(z[row]))
				}
				copy(wantH[(b*D+d)*n:], h)
			}
		}
		what := fmt.Sprintf("selective %+v", c)
		near(t, what+" y", y, want, 1e-5)
		near(t, what+" h", ht, wantH, 1e-5)
	}
}

// TestSelChunks: the plain scan where the channels fill the GPU or the
// sequence is short; else chunks of at least 64 steps that cover L.
func TestSelChunks(t *testing.T) {
	for _, c := range []struct{ B, D, L, nc int }{
		{32, 1536, 2048, 1}, {1, 1536, 100, 1}, {1, 1536, 2048, 32}, {1, 16, 300, 4}, {4, 256, 256, 4}, {8, 1024, 4096, 16},
	} {
		nc, q := selChunks(c.B, c.D, c.L)
		if nc != c.nc || nc*q < c.L || (nc-1)*q >= c.L || (nc > 1 && q < 64) {
			t.Errorf("selChunks(%d, %d, %d) = %d chunks of %d, want %d chunks covering L", c.B, c.D, c.L, nc, q, c.nc)
		}
	}
}

func TestConvKernel(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(6, 6))
	name := "seqc_ptx_test_conv"
	r := loadEmu(t, kernelDef{convSpec(name), func(tg Target, m *Module) error { return EmitConv(tg, m, name, true, "silu") }},
		kernelDef{convWinSpec(), func(tg Target, m *Module) error { return EmitConvWindow(tg, m) }})
	// win > 0: a stream's chunk after a window of win past inputs (no left
	// padding then), and the next window.
	for _, s := range []struct{ b, lin, c, w, dil, padL, padR, win int }{
		{2, 9, 5, 4, 1, 3, 0, 0}, {1, 300, 3, 3, 2, 4, 0, 0}, {2, 6, 1, 2, 1, 1, 1, 0},
		{2, 5, 3, 4, 1, 0, 0, 3}, {3, 1, 4, 3, 2, 0, 0, 4}, {1, 2, 2, 4, 1, 0, 0, 3},
	} {
		lout := s.win + s.lin + s.padL + s.padR - s.dil*(s.w-1)
		x, w, b := randF(rng, s.b*s.lin*s.c, 1), randF(rng, s.c*s.w, 1), randF(rng, s.c, 1)
		win := randF(rng, s.b*s.win*s.c, 1)
		joined := func(bb, p, c int) float32 { // position p of the window then the chunk
			if p < s.win {
				return win[(bb*s.win+p)*s.c+c]
			}
			return x[(bb*s.lin+p-s.win)*s.c+c]
		}
		y := make([]float32, s.b*lout*s.c)
		l := &Launch{Grid: Grid{CeilDiv(len(y), elemBlock), 1},
			Ints: []int64{int64(len(y)), int64(s.c), int64(lout), int64(s.lin), int64(s.w), int64(s.dil), int64(s.padL), int64(s.win)},
			Bufs: []Buf{{x, In}, {w, Weight}, {b, Weight}, {y, Out}, {win, In}}}
		if err := r.launch(name, l, 2); err != nil {
			t.Fatal(err)
		}
		want := make([]float64, len(y))
		for bb := 0; bb < s.b; bb++ {
			for tt := 0; tt < lout; tt++ {
				for c := 0; c < s.c; c++ {
					acc := float64(b[c])
					for k := 0; k < s.w; k++ {
						if p := tt - s.padL + k*s.dil; p >= 0 && p < s.win+s.lin {
							acc += float64(w[c*s.w+k]) * float64(joined(bb, p, c))
						}
					}
					want[(bb*lout+tt)*s.c+c] = silu64(acc)
				}
			}
		}
		near(t, "conv", y, want, 1e-5)
		if s.win == 0 {
			continue
		}
		next := make([]float32, len(win))
		l = &Launch{Grid: Grid{CeilDiv(len(next), elemBlock), 1}, Ints: []int64{int64(len(next)), int64(s.c), int64(s.win), int64(s.lin)},
			Bufs: []Buf{{win, In}, {x, In}, {next, Out}}}
		if err := r.launch("convwin", l, 2); err != nil {
			t.Fatal(err)
		}
		for bb := 0; bb < s.b; bb++ {
			for j := 0; j < s.win; j++ {
				for c := 0; c < s.c; c++ {
					if got, want := next[(bb*s.win+j)*s.c+c], joined(bb, s.lin+j, c); got != want {
						t.Fatalf("conv window %+v: next[%d, %d, %d] = %v, want %v", s, bb, j, c, got, want)
					}
				}
			}
		}
	}
}

func TestAttentionKernel(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(9, 9))
	for _, c := range []struct {
		causal, pad     bool
		b, lq, lk       int
		hq, hk, d, dv   int
		padFrom, masked int // keys ≥ padFrom padded in batch row 1; masked: every key of row 0 padded
		room            int // positions past lk in each batch row of k and v (a KV cache's room to grow): NaN, never read
	}{
		{true, false, 2, 5, 5, 4, 2, 8, 8, 0, 0, 0},
		{true, false, 1, 3, 300, 2, 1, 16, 200, 0, 0, 0}, // a cache: 3 queries after 297 keys, 3 tiles, 2 columns per thread
		{false, true, 2, 7, 130, 3, 3, 5, 9, 100, 1, 0},
		{true, false, 3, 2, 70, 4, 2, 8, 8, 0, 0, 58},     // a device KV cache with room for 128 keys per batch row
		{true, false, 2, 70, 75, 4, 2, 16, 24, 0, 0, 5},   // three query tiles, the last partial; keys past a tile
		{false, true, 1, 33, 40, 2, 1, 100, 70, 30, 1, 0}, // heads of 100: the 128 kernel
		{true, true, 2, 40, 40, 2, 2, 64, 64, 17, 0, 0},
	} {
		kcap := c.lk + c.room
		per := CeilDiv(c.dv, attnBlock)
		name := keyf("test_attn", per, c.causal)
		r := loadEmu(t, kernelDef{attnSpec(name), func(tg Target, m *Module) error { return EmitAttention(tg, m, name, per, c.causal) }})
		q := randF(rng, c.b*c.lq*c.hq*c.d, 1)
		k := randF(rng, c.b*kcap*c.hk*c.d, 1)
		v := randF(rng, c.b*kcap*c.hk*c.dv, 1)
		for b := 0; b < c.b; b++ {
			for j := c.lk; j < kcap; j++ {
				for e := 0; e < c.hk*c.d; e++ {
					k[(b*kcap+j)*c.hk*c.d+e] = float32(math.NaN())
				}
				for e := 0; e < c.hk*c.dv; e++ {
					v[(b*kcap+j)*c.hk*c.dv+e] = float32(math.NaN())
				}
			}
		}
		pad := make([]int32, c.b*c.lk)
		if c.pad {
			for j := range pad {
				b, jj := j/c.lk, j%c.lk
				if (b == 1 && jj >= c.padFrom) || (b == 0 && c.masked == 1) {
					pad[j] = 1
					v[((b*kcap+jj)*c.hk)*c.dv] = float32(math.NaN()) // never read
				}
			}
		}
		out := make([]float32, c.b*c.lq*c.hq*c.dv)
		scale := float32(1 / math.Sqrt(float64(c.d)))
		hasPad := int64(0)
		if c.pad {
			hasPad = 1
		}
		l := &Launch{Grid: Grid{c.lq, c.b * c.hq}, Ints: []int64{int64(c.lq), int64(c.lk), int64(c.hq), int64(c.hk), int64(c.d), int64(c.dv), hasPad, int64(math.Float32bits(scale)), int64(kcap), 1, int64(c.lk)},
			Bufs: []Buf{{q, In}, {k, In}, {v, In}, {int32Buf(pad), In}, {out, Out}, {nil, In}}}
		if err := r.launch(name, l, 2); err != nil {
			t.Fatal(err)
		}
		// The query-tiled kernel on the same case, where the heads fit.
		var tiled []float32
		if dmax := attnTiledDmax(max(c.d, c.dv)); dmax > 0 {
			tname := keyf("test_attnq", dmax, c.causal)
			rt := loadEmu(t, kernelDef{attnTiledSpec(tname), func(tg Target, m *Module) error { return EmitAttentionTiled(tg, m, tname, dmax, c.causal) }})
			tiled = make([]float32, len(out))
			lt := *l
			lt.Grid, lt.Bufs = Grid{CeilDiv(c.lq, attnTq), c.b * c.hq}, []Buf{{q, In}, {k, In}, {v, In}, {int32Buf(pad), In}, {tiled, Out}, {nil, In}}
			if err := rt.launch(tname, &lt, 2); err != nil {
				t.Fatal(err)
			}
		}
		// The per-query kernel with each query's keys split over 3 blocks
		// (flash-decoding), merged by attncomb.
		const splits = 3
		split := make([]float32, len(out))
		{
			comb := keyf("test_attncomb", per)
			rc := loadEmu(t, kernelDef{attnCombSpec(comb), func(tg Target, m *Module) error { return EmitAttentionCombine(tg, m, comb, per) }})
			part := make([]float32, c.b*c.hq*c.lq*splits*(c.dv+2))
			ls := *l
			ls.Ints = append([]int64{}, l.Ints...)
			ls.Ints[9], ls.Ints[10] = splits, int64(CeilDiv(c.lk, splits))
			ls.Grid, ls.Bufs = Grid{c.lq * splits, c.b * c.hq}, []Buf{{q, In}, {k, In}, {v, In}, {int32Buf(pad), In}, {nil, In}, {part, Out}}
			if err := r.launch(name, &ls, 2); err != nil {
				t.Fatal(err)
			}
			cl := &Launch{Grid: Grid{c.lq, c.b * c.hq}, Ints: []int64{int64(c.lq), int64(c.dv), splits, int64(c.hq)}, Bufs: []Buf{{part, In}, {split, Out}}}
			if err := rc.launch(comb, cl, 2); err != nil {
				t.Fatal(err)
			}
		}
		want := make([]float64, len(out))
		for b := 0; b < c.b; b++ {
			for i := 0; i < c.lq; i++ {
				for h := 0; h < c.hq; h++ {
					kh := h / (c.hq / c.hk)
					lim := c.lk
					if c.causal {
						lim = min(max(c.lk-c.lq+i+1, 0), c.lk)
					}
					var s []float64
					var idx []int
					m := math.Inf(-1)
					for j := 0; j < lim; j++ {
						if c.pad && pad[b*c.lk+j] != 0 {
							continue
						}
						dot := 0.0
						for e := 0; e < c.d; e++ {
							dot += float64(q[((b*c.lq+i)*c.hq+h)*c.d+e]) * float64(k[((b*kcap+j)*c.hk+kh)*c.d+e])
						}
						dot *= float64(scale)
						s, idx = append(s, dot), append(idx, j)
						m = math.Max(m, dot)
					}
					den := 0.0
					for _, x := range s {
						den += math.Exp(x - m)
					}
					for d := 0; d < c.dv; d++ {
						acc := 0.0
						for n, j := range idx {
							acc += math.Exp(s[n]-m) * float64(v[((b*kcap+j)*c.hk+kh)*c.dv+d])
						}
						if len(idx) > 0 {
							acc /= den
						}
						want[((b*c.lq+i)*c.hq+h)*c.dv+d] = acc
					}
				}
			}
		}
		near(t, "attention", out, want, 1e-5)
		if tiled != nil {
			near(t, "attention over query tiles", tiled, want, 1e-5)
		}
		near(t, "attention with split keys", split, want, 1e-5)
	}
}

func TestSSMKernel(t *testing.T) {
	needEmu(t)
	rng := rand.New(rand.NewPCG(10, 10))
	const n = 3
	name := "seqc_ptx_test_ssm"
	// The masked kernel (a state size known at launch) keeps 8 registers
	// and must give the same numbers with n = 3 of them live.
	masked := "seqc_ptx_test_ssm_masked"
	r := loadEmu(t, kernelDef{ssmSpec(name), func(tg Target, m *Module) error { return EmitSSM(tg, m, name, n, false) }},
		kernelDef{ssmMaskedSpec(masked), func(tg Target, m *Module) error { return EmitSSM(tg, m, masked, 8, true) }})
	// x [B, L, H, P]; a [B, L, H, 1, 1] (a scalar per head), b [B, L, 1, 1, N]
	// (shared by the channels), c [1, 1, H, P, N] (time-invariant).
	B, L, H, P := 2, 7, 3, 130
	xl := []int{B, L, H, P}
	shapes := [][]int{{B, L, H, 1, 1}, {B, L, 1, 1, n}, {1, 1, H, P, n}}
	x := randF(rng, B*L*H*P, 1)
	ops := make([][]float32, 3)
	for o, s := range shapes {
		cnt := 1
		for _, d := range s {
			cnt *= d
		}
		ops[o] = randF(rng, cnt, 1)
	}
	C := H * P
	h0 := randF(rng, B*C*n, 1)
	y, ht := make([]float32, len(x)), make([]float32, B*C*n)
	ints := make([]int64, 13)
	ints[0], ints[1], ints[2], ints[3] = int64(L), int64(C), 1, 1
	bufs := make([]Buf, ssmPtrs)
	for o := 0; o < 3; o++ {
		off := make([]int32, C)
		ints[4+3*o], ints[5+3*o], ints[6+3*o] = ssmOperand(shapes[o], xl, off)
		bufs[ssmA+o], bufs[ssmOffA+o] = Buf{ops[o], In}, Buf{int32Buf(off), In}
	}
	bufs[ssmX], bufs[ssmY], bufs[ssmH0], bufs[ssmHT] = Buf{x, In}, Buf{y, Out}, Buf{h0, In}, Buf{ht, Out}
	if err := r.launch(name, &Launch{Grid: Grid{CeilDiv(C, selBlock), B}, Ints: ints, Bufs: bufs}, 2); err != nil {
		t.Fatal(err)
	}
	ym, htm := make([]float32, len(x)), make([]float32, B*C*n)
	mbufs := append([]Buf{}, bufs...)
	mbufs[ssmY], mbufs[ssmHT] = Buf{ym, Out}, Buf{htm, Out}
	if err := r.launch(masked, &Launch{Grid: Grid{CeilDiv(C, selBlock), B}, Ints: append(append([]int64{}, ints...), n), Bufs: mbufs}, 2); err != nil {
		t.Fatal(err)
	}
	// at reads operand o at (b, t, h, p, i) with NumPy broadcasting.
	at := func(o, b, tt, h, p, i int) float64 {
		s := shapes[o]
		idx := []int{b, tt, h, p, i}
		off := 0
		for ax := range s {
			v := idx[ax]
			if s[ax] == 1 {
				v = 0
			}
			off = off*s[ax] + v
		}
		return float64(ops[o][off])
	}
	want, wantH := make([]float64, len(y)), make([]float64, len(ht))
	for b := 0; b < B; b++ {
		for h := 0; h < H; h++ {
			for p := 0; p < P; p++ {
				c := h*P + p
				st := make([]float64, n)
				for i := range st {
					st[i] = float64(h0[(b*C+c)*n+i])
				}
				for tt := 0; tt < L; tt++ {
					xv := float64(x[(b*L+tt)*C+c])
					acc := 0.0
					for i := range st {
						st[i] = at(0, b, tt, h, p, i)*st[i] + at(1, b, tt, h, p, i)*xv
						acc += at(2, b, tt, h, p, i) * st[i]
					}
					want[(b*L+tt)*C+c] = acc
				}
				copy(wantH[(b*C+c)*n:], st)
			}
		}
	}
	near(t, "ssm y", y, want, 1e-5)
	near(t, "ssm h", ht, wantH, 1e-5)
	near(t, "masked ssm y", ym, want, 1e-5)
	near(t, "masked ssm h", htm, wantH, 1e-5)
}

// TestAttentionTiledPTX: both sizes of the query-tiled kernel build with no
// .extern and no local memory (the outputs stay in registers), barriers
// between phases, and shared memory within a block's 48 KiB.
func TestAttentionTiledPTX(t *testing.T) {
	for _, dmax := range []int{64, 128} {
		name := keyf("attnq", dmax, true)
		ptx := checkKernelPTX(t, kernelDef{attnTiledSpec(name), func(tg Target, m *Module) error { return EmitAttentionTiled(tg, m, name, dmax, true) }}, true)
		checkSharedFits(t, name, ptx)
	}
}
