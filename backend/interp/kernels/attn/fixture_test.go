package attn

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Checks against the official fla reference outputs (see the fixtures'
// README): they pin down the conventions, not just self-consistency.

// fixtureDir returns the folder of a reference case in the repository's
// golden/reference; a missing one fails the test.
func fixtureDir(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "..", "golden", "reference", name)
	if _, err := os.Stat(filepath.Join(dir, "config.json")); err != nil {
		t.Fatalf("reference fixture %s is missing from golden/reference: %v", name, err)
	}
	return dir
}

// fixtureConfig is the part of config.json the tests use.
type fixtureConfig struct {
	Dims  map[string]int `json:"dims"`
	Hyper struct {
		Scale float64 `json:"scale"`
	} `json:"hyper"`
	Tolerance struct {
		Atol float64 `json:"atol"`
		Rtol float64 `json:"rtol"`
	} `json:"tolerance"`
}

func readConfig(t *testing.T, dir string) fixtureConfig {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	var c fixtureConfig
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatalf("%s/config.json: %v", dir, err)
	}
	return c
}

var (
	npyDescr = regexp.MustCompile(`'descr':\s*'([^']*)'`)
	npyOrder = regexp.MustCompile(`'fortran_order':\s*(True|False)`)
	npyShape = regexp.MustCompile(`'shape':\s*\(([^)]*)\)`)
)

// readNpy reads a little-endian float32, C-order .npy file (format versions
// 1 to 3) and returns its data and shape.
func readNpy(path string) ([]float32, []int, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	if len(raw) < 10 || string(raw[:6]) != "\x93NUMPY" {
		return nil, nil, fmt.Errorf("%s: not an npy file", path)
	}
	var hlen, start int
	switch raw[6] {
	case 1:
		hlen, start = int(binary.LittleEndian.Uint16(raw[8:10])), 10
	case 2, 3:
		if len(raw) < 12 {
			return nil, nil, fmt.Errorf("%s: truncated header", path)
		}
		hlen, start = int(binary.LittleEndian.Uint32(raw[8:12])), 12
	default:
		return nil, nil, fmt.Errorf("%s: npy version %d", path, raw[6])
	}
	if start+hlen > len(raw) {
		return nil, nil, fmt.Errorf("%s: truncated header", path)
	}
	header := string(raw[start : start+hlen])
	body := raw[start+hlen:]
	d, o, s := npyDescr.FindStringSubmatch(header), npyOrder.FindStringSubmatch(header), npyShape.FindStringSubmatch(header)
	if d == nil || o == nil || s == nil {
		return nil, nil, fmt.Errorf("%s: header %q", path, header)
	}
	if d[1] != "<f4" || o[1] != "False" {
		return nil, nil, fmt.Errorf("%s: want '<f4' C-order, got %s fortran_order=%s", path, d[1], o[1])
	}
	var shape []int
	n := 1
	for _, f := range strings.Split(s[1], ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		v, err := strconv.Atoi(f)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: shape %q", path, s[1])
		}
		shape = append(shape, v)
		n *= v
	}
	if len(body) != 4*n {
		return nil, nil, fmt.Errorf("%s: %d data bytes for shape %v", path, len(body), shape)
	}
	data := make([]float32, n)
	for i := range data {
		data[i] = math.Float32frombits(binary.LittleEndian.Uint32(body[4*i:]))
	}
	return data, shape, nil
}

// loadNpy reads dir/name.npy and checks its shape.
func loadNpy(t *testing.T, dir, name string, shape ...int) []float32 {
	t.Helper()
	data, got, err := readNpy(filepath.Join(dir, name+".npy"))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(shape) {
		t.Fatalf("%s.npy: shape %v, want %v", name, got, shape)
	}
	return data
}

// swapMiddle transposes x [A, B, C, E] to [A, C, B, E] (E may be 1), turning
// fla's [B, H, T, K] into [B, T, H, K] and back.
func swapMiddle(x []float32, A, B, C, E int) []float32 {
	y := make([]float32, len(x))
	for a := 0; a < A; a++ {
		for b := 0; b < B; b++ {
			for c := 0; c < C; c++ {
				copy(y[((a*C+c)*B+b)*E:][:E], x[((a*B+b)*C+c)*E:][:E])
			}
		}
	}
	return y
}

// runDeltaForms checks the recurrent form and several chunk sizes against the
// fixture's output (after toFixture reorders it) and final state.
func runDeltaForms(t *testing.T, d *DeltaRule, cfg fixtureConfig, want, wantHT []float32, toFixture func([]float32) []float32) {
	t.Helper()
	forms := []struct {
		name string
		run  func(*DeltaRule) error
	}{{"recurrent", DeltaRecurrent}}
	for _, c := range []int{1, 5, 16, 64} {
		forms = append(forms, struct {
			name string
			run  func(*DeltaRule) error
		}{fmt.Sprintf("chunk%d", c), func(d *DeltaRule) error { return DeltaChunked(d, c) }})
	}
	for _, f := range forms {
		fillNaN(d.Out)
		fillNaN(d.HT)
		if err := f.run(d); err != nil {
			t.Fatal(err)
		}
		assertClose(t, f.name+"/output", toFixture(d.Out), to64(want), cfg.Tolerance.Atol, cfg.Tolerance.Rtol)
		assertClose(t, f.name+"/final_state", d.HT, to64(wantHT), cfg.Tolerance.Atol, cfg.Tolerance.Rtol)
	}
}

// fla delta_rule_recurrence: q, k, v [B, H, T, K], beta [B, H, T], scale
// fixed at K^-0.5, no gate, one step per token.
func TestFixtureDeltaRule(t *testing.T) {
	dir := fixtureDir(t, "delta_rule_op")
	cfg := readConfig(t, dir)
	B, H, T, K, V := cfg.Dims["B"], cfg.Dims["H"], cfg.Dims["T"], cfg.Dims["K"], cfg.Dims["V"]
	d := &DeltaRule{
		B: B, T: T, H: H, K: K, V: V, N: 1,
		Q:     swapMiddle(loadNpy(t, dir, "q", B, H, T, K), B, H, T, K),
		Kk:    swapMiddle(loadNpy(t, dir, "k", B, H, T, K), B, H, T, K),
		Vv:    swapMiddle(loadNpy(t, dir, "v", B, H, T, V), B, H, T, V),
		Beta:  swapMiddle(loadNpy(t, dir, "beta", B, H, T), B, H, T, 1),
		Scale: float32(cfg.Hyper.Scale),
		Out:   make([]float32, B*T*H*V),
		HT:    make([]float32, B*H*K*V),
	}
	if want := 1 / math.Sqrt(float64(K)); math.Abs(cfg.Hyper.Scale-want) > 1e-12 {
		t.Fatalf("fixture scale %v, expected K^-0.5 = %v", cfg.Hyper.Scale, want)
	}
	want := loadNpy(t, dir, "output", B, H, T, V)
	wantHT := loadNpy(t, dir, "final_state", B, H, K, V)
	runDeltaForms(t, d, cfg, want, wantHT, func(out []float32) []float32 {
		return swapMiddle(out, B, T, H, V) // ours [B, T, H, V] -> [B, H, T, V]
	})
}

// fla naive_recurrent_gated_delta_product: [B, T, H, K] layout, n steps per
// token stored at t*n+j, gate once per token before the steps, scale 1.0.
func TestFixtureDeltaProduct(t *testing.T) {
	dir := fixtureDir(t, "deltaproduct_op")
	cfg := readConfig(t, dir)
	B, H, T, K, V, N := cfg.Dims["B"], cfg.Dims["H"], cfg.Dims["T"], cfg.Dims["K"], cfg.Dims["V"], cfg.Dims["n"]
	d := &DeltaRule{
		B: B, T: T, H: H, K: K, V: V, N: N,
		Q:     loadNpy(t, dir, "q", B, T, H, K),
		Kk:    loadNpy(t, dir, "k", B, T*N, H, K),
		Vv:    loadNpy(t, dir, "v", B, T*N, H, V),
		Beta:  loadNpy(t, dir, "beta", B, T*N, H),
		G:     loadNpy(t, dir, "g", B, T, H),
		Scale: float32(cfg.Hyper.Scale),
		Out:   make([]float32, B*T*H*V),
		HT:    make([]float32, B*H*K*V),
	}
	want := loadNpy(t, dir, "output", B, T, H, V)
	wantHT := loadNpy(t, dir, "final_state", B, H, K, V)
	runDeltaForms(t, d, cfg, want, wantHT, func(out []float32) []float32 { return out })
}
