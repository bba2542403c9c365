package passes

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
)

// CostModel holds the measured cost, in nanoseconds, of one unit of work of
// each mixer algorithm. `seqc calibrate` measures them on the machine; the
// defaults were measured on the reference machine (2 cores, pure Go).
type CostModel struct {
	Scan           float64 `json:"scan"`            // per channel·state·position (real, time-varying operands)
	ScanLTI        float64 `json:"scan_lti"`        // per channel·state·position (real, time-invariant operands)
	ComplexFactor  float64 `json:"complex_factor"`  // complex arithmetic costs this many times more
	ChunkedSSD     float64 `json:"chunked_ssd"`     // per unit of SSDWork (decay shared over the state)
	ChunkedGeneric float64 `json:"chunked_generic"` // per channel·position·chunk·state
	Quadratic      float64 `json:"quadratic"`       // per channel·state·position²/2
	FFT            float64 `json:"fft"`             // per channel·n·log2(n), n >= 2L-1
	KernelGen      float64 `json:"kernel_gen"`      // per channel·state·position (LTI kernel, when not cached)
	ConvDirect     float64 `json:"conv_direct"`     // per channel·position·width
	AttnScore      float64 `json:"attn_score"`      // per head·query·key·dim, materialised
	AttnFlash      float64 `json:"attn_flash"`      // per head·query·key·dim, online softmax
	DeltaRecurrent float64 `json:"delta_recurrent"` // per head·position·K·V
	DeltaChunked   float64 `json:"delta_chunked"`   // per head·position·(chunk·(K+V) + K·V)
	Source         string  `json:"source"`          // where the numbers come from
}

// DefaultCosts were measured with `seqc calibrate` on the reference machine.
var DefaultCosts = CostModel{
	Scan: 4.9, ScanLTI: 1.2, ComplexFactor: 2.0, ChunkedSSD: 0.44, ChunkedGeneric: 1.26, Quadratic: 1.3,
	FFT: 3.8, KernelGen: 3.1, ConvDirect: 0.91, AttnScore: 0.41, AttnFlash: 0.41,
	DeltaRecurrent: 1.35, DeltaChunked: 0.78, Source: "built-in defaults",
}

// LoadCosts reads a calibration file written by `seqc calibrate`; fields it
// lacks keep their defaults.
func LoadCosts(path string) (CostModel, error) {
	c := DefaultCosts
	data, err := os.ReadFile(path)
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	if c.Source == DefaultCosts.Source {
		c.Source = path
	}
	return c, nil
}

// SSDWork is the work of the chunked SSD algorithm on c channels in groups
// of p that share decay, input and output maps (Mamba-2's head), with state
// size n, length l and chunk q: per group and chunk, C·Bᵀ and the masked
// product with X (q²·(n+p)), plus passing the p×n state (2·l·n per channel).
func SSDWork(c, p, n, l, q int) float64 {
	groups := float64(c) / float64(max(p, 1))
	return groups*float64(l)*float64(q)*float64(n+p) + 2*float64(c)*float64(l)*float64(n)
}

// Alternative is one algorithm a mixer could run and its estimated cost.
type Alternative struct {
	Mode  string  // scan, chunked, quadratic, conv, direct, fft, materialized, flash, recurrent
	Chunk int     // chunk size for chunked forms
	NS    float64 // estimated nanoseconds per sequence
}

func (a Alternative) label() string {
	if a.Chunk > 0 {
		return fmt.Sprintf("%s:%d", a.Mode, a.Chunk)
	}
	return a.Mode
}

func log2(x float64) float64 { return math.Log2(math.Max(x, 2)) }

// fftSize is the transform length the FFT conv uses for length l.
func fftSize(l int) float64 { return float64(2*l - 1) }
