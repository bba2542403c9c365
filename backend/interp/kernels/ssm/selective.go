package ssm

import (
	"github.com/seqc-dev/seqc/internal/mathf"

	"fmt"
	"math"

	"github.com/seqc-dev/seqc/runtime"
)

// Selective is the fused Mamba-1 selective scan (NUMERICS §1.2), which never
// materialises a [B, L, D, N] array:
//
//	dA = exp(delta_t[d] * A[d,n])
//	h  = dA*h + delta_t[d]*Bm_t[g(d),n]*u_t[d]
//	y_t[d] = sum_n Cm_t[g(d),n] h[d,n] + Dskip[d]*u_t[d]
//	if Z != nil: y_t[d] *= silu(z_t[d])
//
// All arrays are contiguous float32 and the arithmetic is float32, as in the
// reference CUDA kernel.
type Selective struct {
	B, L, D, N, G int       // G groups: channel d uses group d / (D/G); Mamba-1 has G = 1
	U, Delta      []float32 // [B, L, D]; Delta already includes softplus
	A             []float32 // [D, N] (already -exp(A_log))
	Bm, Cm        []float32 // [B, L, G, N]
	Dskip         []float32 // [D] or nil
	Z             []float32 // [B, L, D] or nil
	Y             []float32 // [B, L, D] output
	H0, HT        []float32 // [B, D, N], optional
	Threads       int       // <= 0: GOMAXPROCS
}

// selTile is the number of channels a worker advances together through time:
// u, delta, z and y are read and written as runs of selTile contiguous floats
// per step instead of one float per cache line.
const selTile = 32

func (s *Selective) validate() error {
	if s == nil {
		return fmt.Errorf("ssm: nil Selective")
	}
	if s.B < 1 || s.L < 0 || s.D < 1 || s.N < 1 || s.G < 1 || s.D%s.G != 0 {
		return fmt.Errorf("ssm: Selective: bad sizes B=%d L=%d D=%d N=%d G=%d (need G to divide D)", s.B, s.L, s.D, s.N, s.G)
	}
	bld, bgn := s.B*s.L*s.D, s.B*s.L*s.G*s.N
	for _, a := range []struct {
		name     string
		v        []float32
		want     int
		optional bool
	}{
		{"U", s.U, bld, false}, {"Delta", s.Delta, bld, false}, {"A", s.A, s.D * s.N, false},
		{"Bm", s.Bm, bgn, false}, {"Cm", s.Cm, bgn, false}, {"Dskip", s.Dskip, s.D, true},
		{"Z", s.Z, bld, true}, {"Y", s.Y, bld, false},
		{"H0", s.H0, s.B * s.D * s.N, true}, {"HT", s.HT, s.B * s.D * s.N, true},
	} {
		if a.optional && a.v == nil {
			continue
		}
		if len(a.v) != a.want {
			return fmt.Errorf("ssm: Selective: len(%s) = %d, want %d", a.name, len(a.v), a.want)
		}
	}
	return nil
}

// SelectiveScan runs the fused selective scan, in parallel over (batch,
// tile of channels).
func SelectiveScan(s *Selective) error {
	if err := s.validate(); err != nil {
		return err
	}
	// Per-channel constants, computed once instead of once per time step:
	// A in base 2 (exp(dt·A) = 2^(dt·A·log2 e)), its range, and the offset
	// of the channel's group in a row of Bm and Cm.
	a2 := make([]float32, len(s.A))
	amin, amax := make([]float32, s.D), make([]float32, s.D)
	goff := make([]int, s.D)
	for d := 0; d < s.D; d++ {
		goff[d] = d / (s.D / s.G) * s.N
		row := a2[d*s.N : (d+1)*s.N]
		for n := range row {
			row[n] = s.A[d*s.N+n] * mathf.Log2E
		}
		amin[d], amax[d] = row[0], row[0]
		for _, v := range row {
			amin[d] = min(amin[d], v)
			amax[d] = max(amax[d], v)
		}
	}
	tiles := (s.D + selTile - 1) / selTile
	runtime.ParallelFor(s.B*tiles, runtime.ThreadsFor(s.Threads, s.B*s.L*s.D*s.N), func(lo, hi int) {
		h := make([]float32, selTile*s.N)
		for u := lo; u < hi; u++ {
			b, d0 := u/tiles, (u%tiles)*selTile
			s.tile(b, d0, min(d0+selTile, s.D), h, selConst{a2, amin, amax, goff})
		}
	})
	return nil
}

// selConst holds the per-channel constants of SelectiveScan.
type selConst struct {
	a2, amin, amax []float32 // A·log2(e) [D, N] and its range per channel
	goff           []int     // offset of channel d's group in a row of Bm, Cm
}

// tile advances channels [d0, d1) of batch b through all time steps.
func (s *Selective) tile(b, d0, d1 int, h []float32, k selConst) {
	N, D, nt := s.N, s.D, d1-d0
	h = h[:nt*N]
	if s.H0 != nil {
		copy(h, s.H0[(b*D+d0)*N:])
	} else {
		clear(h)
	}
	for t := 0; t < s.L; t++ {
		row := (b*s.L + t) * D
		dl := s.Delta[row+d0 : row+d1]
		ul := s.U[row+d0 : row+d1][:len(dl)]
		yl := s.Y[row+d0 : row+d1][:len(dl)]
		bc := (b*s.L + t) * s.G * N
		for dd, dt := range dl {
			d := d0 + dd
			hr := h[dd*N : (dd+1)*N]
			ar := k.a2[d*N : (d+1)*N]
			g := bc + k.goff[d]
			br := s.Bm[g : g+N]
			cr := s.Cm[g : g+N]
			dtx := dt * ul[dd]
			// dt·A·log2 e lies between these bounds for every n; when they are
			// inside exp2f's range the step needs no per-element check.
			lo, hi := dt*k.amin[d], dt*k.amax[d]
			if lo > hi {
				lo, hi = hi, lo
			}
			if lo >= mathf.Exp2Lo && hi <= mathf.Exp2Hi {
				yl[dd] = selStep(hr, ar, br, cr, dt, dtx)
			} else {
				yl[dd] = selStepSlow(hr, s.A[d*N:(d+1)*N], br, cr, dt, dtx)
			}
		}
		if t%flushEvery32 == flushEvery32-1 {
			flushTiny32(h)
		}
		if s.Dskip != nil {
			dk := s.Dskip[d0:d1][:len(ul)]
			for dd, uv := range ul {
				yl[dd] += dk[dd] * uv
			}
		}
		if s.Z != nil {
			zl := s.Z[row+d0 : row+d1][:len(yl)]
			for dd, z := range zl {
				yl[dd] *= z / (1 + mathf.Exp(-z))
			}
		}
	}
	if s.HT != nil {
		copy(s.HT[(b*D+d0)*N:], h)
	}
}

// selStep advances one channel by one step and returns sum_n c[n] h[n]:
//
//	h[n] = 2^(dt·a2[n]) h[n] + dtx·b[n]
//
// with every argument of exp2f known to be in range. Four independent partial
// sums keep the dot product from serialising on the add latency.
func selStep(h, a2, b, c []float32, dt, dtx float32) float32 {
	a2, b, c = a2[:len(h)], b[:len(h)], c[:len(h)]
	var s0, s1, s2, s3 float32
	n := 0
	for ; n+4 <= len(h); n += 4 {
		h4, a4, b4, c4 := h[n:n+4:n+4], a2[n:n+4:n+4], b[n:n+4:n+4], c[n:n+4:n+4]
		v0 := mathf.Exp2(dt*a4[0])*h4[0] + dtx*b4[0]
		v1 := mathf.Exp2(dt*a4[1])*h4[1] + dtx*b4[1]
		v2 := mathf.Exp2(dt*a4[2])*h4[2] + dtx*b4[2]
		v3 := mathf.Exp2(dt*a4[3])*h4[3] + dtx*b4[3]
		h4[0], h4[1], h4[2], h4[3] = v0, v1, v2, v3
		s0 += c4[0] * v0
		s1 += c4[1] * v1
		s2 += c4[2] * v2
		s3 += c4[3] * v3
	}
	for ; n < len(h); n++ {
		v := mathf.Exp2(dt*a2[n])*h[n] + dtx*b[n]
		h[n] = v
		s0 += c[n] * v
	}
	return (s0 + s1) + (s2 + s3)
}

// selStepSlow is selStep for a step whose decay exponents may leave the
// normal float32 range (huge |dt·A|, or NaN): it uses math.Exp, which
// underflows to 0, overflows to +Inf and propagates NaN. a is A itself.
func selStepSlow(h, a, b, c []float32, dt, dtx float32) float32 {
	a, b, c = a[:len(h)], b[:len(h)], c[:len(h)]
	var s float32
	for n, hv := range h {
		hv = float32(math.Exp(float64(dt*a[n])))*hv + dtx*b[n]
		h[n] = hv
		s += c[n] * hv
	}
	return s
}
